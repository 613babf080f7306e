package report

import (
	"context"
	"fmt"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/zhixi-org/zhixi"
)

// ChromiumNames are the browser binaries FindChromium looks for on PATH,
// Debian's first.
var ChromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindChromium returns the path of an installed Chromium, "" if none.
func FindChromium() string {
	for _, name := range ChromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pdfTimeout bounds one PDF: the browser's start and the printing (17 s
// was seen on a busy 2-core machine), under the server's 60 s write limit.
const pdfTimeout = 45 * time.Second

// PDF prints html (a self-contained page: styles inline, no fetches) to
// an A4 PDF with a headless Chromium at exe. Without a Chromium it is
// EUNAVAILABLE, and the print page remains.
func PDF(ctx context.Context, exe, html string) ([]byte, error) {
	if exe == "" {
		return nil, zhixi.Errorf(zhixi.EUNAVAILABLE, "err.pdf_unavailable")
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // servers often run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	err := chromedp.Do(bctx, chromedp.Navigate("about:blank"),
		func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				return chromedp.Void{}, err
			}
			_, err = chromedp.Call(ctx, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: html})
			return chromedp.Void{}, err
		},
		chromedp.WaitReady(chromedp.CSS("body")))
	var pdf []byte
	if err == nil {
		pdf, err = chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFMargin(.4), chromedp.PDFPrintBackground()))
	}
	if err != nil {
		return nil, zhixi.WrapError(zhixi.EUNAVAILABLE, "err.pdf_failed", fmt.Errorf("print report with %s: %w", exe, err))
	}
	return pdf, nil
}
