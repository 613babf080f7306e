package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/report"
)

// finishedScreening is 王小明's maths screening, answered "不会" to every
// question so the report has root causes and chains; it is made once and
// shared by the report scenarios.
type finishedScreening struct {
	once sync.Once
	id   int64
	err  error
}

func (a *app) reportScreening(t *testing.T) int64 {
	t.Helper()
	a.finished.once.Do(func() {
		ctx := context.Background()
		sup, err := a.db.UserByUsername(ctx, "duxue")
		if err != nil {
			a.finished.err = err
			return
		}
		ming := a.student(t, "王小明")
		svc := learn.NewService(a.db, a.bank, nil)
		v, err := svc.StartScreening(ctx, sup, ming.ID, "math")
		for err == nil && v.Question != nil {
			v, err = svc.Answer(ctx, sup, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true})
		}
		a.finished.id, a.finished.err = v.ID, err
	})
	if a.finished.err != nil {
		t.Fatalf("王小明's screening: %v", a.finished.err)
	}
	return a.finished.id
}

// chainSentence is a root-cause sentence as the report shows it.
var chainSentence = regexp.MustCompile(`因为'[^']+'还没掌握，('[^']+')+(等 \d+ 个知识点)?也受影响。`)

func (a *app) testReport(t *testing.T) {
	id := a.reportScreening(t)
	tb := a.tab(t)
	tb.phone()
	tb.login("wang_jz", demo.Password)
	tb.open(fmt.Sprintf("/screenings/%d/report", id))
	tb.wantText("王小明 · 数学知识点筛查与解读", "筛查日期", "总结", "问题的根源", "知识地图", "各章节掌握情况", "根源")
	text := tb.text()
	if !chainSentence.MatchString(text) {
		t.Errorf("no chain sentence 因为'…'还没掌握，'…'也受影响 on the report:\n%s", text)
	}
	// The map: boxes coloured by state, arrows, root causes marked.
	if n := eval[int](tb, `document.querySelectorAll(".kpmap svg g.not_mastered rect").length`); n < 1 {
		t.Errorf("the knowledge map has %d not-mastered boxes", n)
	}
	if n := eval[int](tb, `document.querySelectorAll(".kpmap svg path[marker-end]").length`); n < 1 {
		t.Errorf("the knowledge map has %d prerequisite arrows", n)
	}
	// Zoom (the script's buttons) on a phone: 放大 makes the map wider.
	before := eval[float64](tb, `document.querySelector(".kpmap svg").getBoundingClientRect().width`)
	tb.do("zoom in", chromedp.Click(chromedp.CSS(`.zoombar button[aria-label="放大"]`)))
	if after := eval[float64](tb, `document.querySelector(".kpmap svg").getBoundingClientRect().width`); after <= before {
		t.Errorf("放大 left the map %.0f px wide (was %.0f)", after, before)
	}
	tb.noHorizontalScroll()
	// Evidence on demand: a point's questions and the child's answers.
	tb.do("open a point's evidence", chromedp.Click(chromedp.CSS(`details.point summary`)))
	tb.wantText("孩子的回答")
	tb.screenshot("report-phone")

	tb.open(fmt.Sprintf("/screenings/%d/report/print", id))
	tb.wantText("打印", "问题的根源", "依据")
	if !chainSentence.MatchString(tb.text()) {
		t.Errorf("the print page has no chain sentence")
	}
	if !eval[bool](tb, `[...document.styleSheets].some(s => [...s.cssRules].some(r => r.cssText.startsWith("@page")))`) {
		t.Errorf("the print page has no @page (A4) rule")
	}
	tb.open(fmt.Sprintf("/screenings/%d/report/kid", id))
	tb.wantText("你完成了", "接下来可以学")
	if strings.Contains(tb.text(), "未掌握") {
		t.Errorf("the child's version says 未掌握:\n%s", tb.text())
	}

	// Another family's guardian cannot open it.
	other := a.tab(t)
	other.login("li_jz", demo.Password)
	other.open(fmt.Sprintf("/screenings/%d/report", id))
	if h := other.heading(); !strings.Contains(h, "404") || strings.Contains(other.text(), "王小明") {
		t.Errorf("李华's father at 王小明's report: heading %q", h)
	}
}

// client is a Go HTTP client logged in as username, for downloads.
func (a *app) client(t *testing.T, username string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: time.Minute}
	resp, err := c.PostForm(a.plainURL+"/login", url.Values{"username": {username}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return c
}

func (a *app) testReportPDF(t *testing.T) {
	if report.FindChromium() == "" {
		t.Skip("no Chromium on PATH: the server makes no PDF (the print page stays); install it with `apt-get install chromium fonts-noto-cjk`")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils): the PDF's text cannot be read")
	}
	id := a.reportScreening(t)
	c := a.client(t, "wang_jz")
	resp, err := c.Get(fmt.Sprintf("%s/screenings/%d/report.pdf", a.plainURL, id))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	pdf, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("report.pdf: %d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	cause := a.rootCauseName(t, id)
	for _, want := range []string{"王小明", "问题的根源", cause} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	t.Logf("PDF of %d bytes names 王小明 and the root cause %s", len(pdf), cause)
}

// rootCauseName is the first root cause of screening id, read through
// the API as a guardian.
func (a *app) rootCauseName(t *testing.T, id int64) string {
	t.Helper()
	ctx := context.Background()
	g, err := a.db.UserByUsername(ctx, "wang_jz")
	if err != nil {
		t.Fatal(err)
	}
	svc := &report.Service{Store: a.db, Learning: learn.NewService(a.db, a.bank, nil), Content: a.bank}
	o, err := svc.Open(ctx, g, id, "")
	if err != nil || len(o.Causes) == 0 {
		t.Fatalf("report %d has no root cause (err %v)", id, err)
	}
	return o.Causes[0].Point.Name
}

var shareLink = regexp.MustCompile(`https?://[^\s"]+/shared/reports/[A-Za-z0-9_-]+`)

func (a *app) testSharedLink(t *testing.T) {
	id := a.reportScreening(t)
	tb := a.tab(t)
	tb.login("wang_jz", demo.Password)
	tb.open(fmt.Sprintf("/screenings/%d/report", id))
	tb.submit("分享给家人")
	link := shareLink.FindString(eval[string](tb, `document.querySelector(".share input").value`))
	if link == "" {
		t.Fatalf("no share link after 分享给家人:\n%s", tb.text())
	}
	tb.wantText("7 天内有效")

	// Grandma opens it on her phone, with no account.
	grandma := a.tab(t)
	grandma.phone()
	grandma.do("open the link", chromedp.Navigate(link))
	grandma.wantText("王小明 · 数学知识点筛查与解读", "家人分享的链接，有效至", "问题的根源")
	grandma.screenshot("shared-report")

	// An altered link is a 404, as is an expired one.
	altered := link[:len(link)-2] + flip(link[len(link)-2:])
	grandma.do("open an altered link", chromedp.Navigate(altered))
	if h := grandma.heading(); !strings.Contains(h, "404") || strings.Contains(grandma.text(), "王小明") {
		t.Errorf("altered link: heading %q", h)
	}
	key, err := a.db.ReportKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	expired := a.url + "/shared/reports/" + report.SignShare(key, id, time.Now().Add(-time.Minute))
	grandma.do("open an expired link", chromedp.Navigate(expired))
	if h := grandma.heading(); !strings.Contains(h, "404") || strings.Contains(grandma.text(), "王小明") {
		t.Errorf("expired link: heading %q", h)
	}
	// A link signed for another child's screening cannot be made without
	// the key: one signed with another key is refused the same way.
	forged := a.url + "/shared/reports/" + report.SignShare([]byte("guess"), id, time.Now().Add(time.Hour))
	grandma.do("open a forged link", chromedp.Navigate(forged))
	if h := grandma.heading(); !strings.Contains(h, "404") {
		t.Errorf("forged link: heading %q", h)
	}
	var entries []zhixi.AuditEntry
	ming := a.student(t, "王小明")
	entries, _, err = a.db.AuditEntries(context.Background(), zhixi.AuditFilter{StudentID: ming.ID, Action: zhixi.AuditExport})
	if err != nil || len(entries) == 0 {
		t.Errorf("sharing left no audit entry (err %v)", err)
	}
}

// flip changes the characters of a base64url tail.
func flip(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
	}
	return string(b)
}
