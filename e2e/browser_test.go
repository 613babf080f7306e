package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
	"github.com/zhixi-org/zhixi/web"
)

// Time limits that keep a broken page or a stuck browser from hanging CI:
// one step (a navigation, a click and the page it loads, a query) and the
// browser's start.
const (
	stepTimeout  = 15 * time.Second
	startTimeout = 30 * time.Second
)

// chromiumNames are the browser binaries looked up on PATH, Debian's first.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skipf("browser tests skipped: no Chromium on PATH (looked for %s); install it with `apt-get install chromium fonts-noto-cjk`",
		strings.Join(chromiumNames, ", "))
	return ""
}

// app is the web app under test, served in-process on loopback ports over
// the demo world and the shipped curriculum, with one headless Chromium
// shared by every scenario.
type app struct {
	// url serves HTTPS with Secure cookies, as production does behind TLS;
	// plainURL serves plain HTTP, as `zhixi serve` does on loopback.
	url, plainURL string
	engine        string // store.SQLite or store.Postgres
	// dsn is the database, for a second server on it.
	dsn      string
	db       *store.DB
	bank     *curriculum.Bank
	browser  context.Context
	shots    string
	finished finishedScreening
}

// newApps serves the demo world once per engine the tests can reach
// (SQLite always, PostgreSQL when $ZHIXI_TEST_POSTGRES is set), so every
// journey is proven on both; the apps share one Chromium and one bank.
func newApps(t *testing.T) []*app {
	t.Helper()
	exe := findChromium(t)
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		t.Fatalf("load the shipped curriculum: %v", err)
	}
	shots := os.Getenv("ZHIXI_E2E_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatalf("screenshot folder: %v", err)
	}
	browser := startBrowser(t, exe)
	var apps []*app
	for _, engine := range storetest.Engines() {
		dsn := storetest.DSN(t, engine)
		a := &app{engine: engine, dsn: dsn, db: storetest.OpenDSN(t, dsn), bank: bank, browser: browser, shots: shots}
		if err := demo.Seed(context.Background(), a.db, testHasher); err != nil {
			t.Fatalf("seed the demo world on %s: %v", engine, err)
		}
		a.serve(t)
		apps = append(apps, a)
	}
	return apps
}

// testHasher hashes cheaply: the tests exercise the pages, not argon2id.
var testHasher = password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 4)

// serve stores the shipped curriculum in a.db and serves the app over
// HTTPS (a.url) and plain HTTP (a.plainURL).
func (a *app) serve(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, a.db, a.bank, time.Now()); err != nil {
		t.Fatalf("store the shipped curriculum: %v", err)
	}
	// The demo's screenings and 解读 sessions, as `zhixi serve --demo`
	// seeds them (nothing outside the demo world).
	if err := demo.SeedLearning(ctx, a.db, a.bank); err != nil {
		t.Fatalf("seed the demo's screenings: %v", err)
	}
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	start := func(tls bool) string {
		srv, err := web.New(web.Config{Store: a.db, Hasher: testHasher, Logger: log, Content: a.bank, SecureCookies: tls,
			Report: web.ReportConfig{Chromium: "auto"}})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewUnstartedServer(srv) // 127.0.0.1, a free port
		if tls {
			hs.StartTLS()
		} else {
			hs.Start()
		}
		t.Cleanup(hs.Close)
		return hs.URL
	}
	a.url, a.plainURL = start(true), start(false)
}

// startBrowser launches Chromium and returns a context holding it; the
// browser stops when the test ends.
func startBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,        // CI runs as root, where the sandbox cannot start
		chromedp.IgnoreCertErrors, // the test server's certificate is self-signed
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("accept-lang", "zh-CN,zh"), // a Chinese user's browser
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := firstRun(bctx, cancelAlloc, startTimeout); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return bctx
}

// firstRun starts the browser or tab of ctx. The first run binds its life
// to the context it is given, so that context cannot carry a deadline:
// firstRun waits up to limit instead, and on a hang calls stop.
func firstRun(ctx context.Context, stop context.CancelFunc, limit time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		stop()
		return fmt.Errorf("no answer within %s", limit)
	}
}

// testLog sends the server's warnings to the test log, shown on failure.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// tab is one browser tab in a browser context of its own, so each scenario
// has its own cookies, like a separate private window.
type tab struct {
	t    *testing.T
	app  *app
	ctx  context.Context
	base string // the server's address: app.url unless a test chooses
}

func (a *app) tab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(a.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := firstRun(ctx, cancel, stepTimeout); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	tb := &tab{t: t, app: a, ctx: ctx, base: a.url}
	tb.watchConsole()
	return tb
}

// watchConsole fails the test, when it ends, on what the browser reports
// as broken: an uncaught exception, an error logged by a script or by the
// browser (a script or style sheet the page's policy blocks is one), a
// failed load of one of the app's static files. A page's own HTTP status
// (an expected 404) is not reported.
func (tb *tab) watchConsole() {
	var mu sync.Mutex
	var broken []string
	msgs := chromedp.Console(tb.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError && (m.Source != "network" || strings.Contains(m.URL, "/static/")) {
				mu.Lock()
				broken = append(broken, fmt.Sprintf("%s (%s)", m, m.URL))
				mu.Unlock()
			}
		}
	}()
	tb.t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, b := range broken {
			tb.t.Errorf("browser console: %s", b)
		}
	})
}

// in is the same tab used from the subtest t.
func (tb *tab) in(t *testing.T) *tab {
	c := *tb
	c.t = t
	return &c
}

// back presses the browser's back button and waits until the previous
// page shows, whether the server sends it or the browser restores it from
// its cache (then no load event comes, so this polls the address).
func (tb *tab) back() {
	tb.t.Helper()
	before := eval[string](tb, `location.href`)
	tb.do("go back", chromedp.Evaluate[chromedp.Void](`history.back()`))
	for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
		// Errors are expected while the page changes under the query.
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			fmt.Sprintf(`location.href !== %q && document.readyState === "complete"`, before)))
		cancel()
		if err == nil && shown {
			return
		}
	}
	tb.t.Fatalf("the back button from %s showed no other page within %s", before, stepTimeout)
}

// do runs the steps within stepTimeout and fails the test on an error.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// open loads a path of the app and waits until the page has loaded.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do("open "+path, chromedp.Navigate(tb.base+path))
}

// submit clicks a button by its visible label and waits for the page the
// form loads; it returns that page's HTTP status.
func (tb *tab) submit(label string) int64 {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(button(label)))
	if err != nil {
		tb.t.Fatalf("click %s: %v", label, err)
	}
	return resp.Status
}

// button selects a button by the text a person reads on it.
func button(label string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//button[normalize-space()=%q]`, label))
}

// buttons counts the buttons that show label.
func (tb *tab) buttons(label string) int {
	return eval[int](tb, fmt.Sprintf(`[...document.querySelectorAll("button")].filter(b => b.innerText.trim() === %q).length`, label))
}

// typeInto types text into the input named name, key by key.
func (tb *tab) typeInto(name, text string) {
	tb.t.Helper()
	tb.do("type into "+name, chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`input[name=%q]`, name)), text))
}

// login fills in the login form as a person would.
func (tb *tab) login(username, pw string) {
	tb.t.Helper()
	tb.open("/login")
	tb.typeInto("username", username)
	tb.typeInto("password", pw)
	tb.submit("登录")
}

// path is the path of the page the tab shows.
func (tb *tab) path() string { return eval[string](tb, `location.pathname`) }

// text is what the page shows (its rendered text, not its markup).
func (tb *tab) text() string { return eval[string](tb, `document.body.innerText`) }

// heading is the page's first h1 as shown.
func (tb *tab) heading() string {
	return strings.TrimSpace(eval[string](tb, `(document.querySelector("h1") || {innerText: ""}).innerText`))
}

// wantText fails unless the page shows every one of want.
func (tb *tab) wantText(want ...string) {
	tb.t.Helper()
	text := tb.text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			tb.t.Errorf("%s does not show %q; it shows:\n%s", tb.path(), w, text)
		}
	}
}

// maxFullScreenshot is the tallest page (CSS pixels) captured whole.
const maxFullScreenshot = 6000

// screenshot saves the page as a PNG in the app's screenshot folder.
func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	// A full-page capture of a very long page (a grade's whole item bank)
	// takes longer than a step may and makes an image nobody reads; such a
	// page is captured as the window shows it.
	height, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollHeight`))
	var png []byte
	switch {
	case err != nil:
	case height > maxFullScreenshot:
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	default:
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	}
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(tb.app.shots, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Logf("screenshot %s", file)
}

// community finds a demo community by name.
func (a *app) community(t *testing.T, name string) zhixi.Community {
	t.Helper()
	cs, err := a.db.Communities(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("demo world has no community %s", name)
	return zhixi.Community{}
}

// student finds a demo student by name.
func (a *app) student(t *testing.T, name string) zhixi.Student {
	t.Helper()
	ss, err := a.db.Students(context.Background(), zhixi.StudentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("demo world has no student %s", name)
	return zhixi.Student{}
}

// phone and tablet size a tab as a guardian's phone or a room tablet.
func (tb *tab) phone() {
	tb.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
}

func (tb *tab) tablet() {
	tb.do("tablet viewport", chromedp.EmulateViewport(800, 1280, chromedp.EmulatePortrait, chromedp.EmulateTouch))
}
