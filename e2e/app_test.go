package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/demo"
)

// TestBrowser runs every scenario on each database engine, as
// TestBrowser/<Scenario>/<engine>, in one browser: starting Chromium costs
// more than all the scenarios together.
func TestBrowser(t *testing.T) {
	apps := newApps(t)
	run := func(name string, scenario func(*app, *testing.T)) {
		t.Run(name, func(t *testing.T) {
			for _, a := range apps {
				t.Run(a.engine, func(t *testing.T) { scenario(a, t) })
			}
		})
	}
	run("Login", (*app).testLogin)
	run("ScopeByEditingURL", (*app).testScope)
	run("ContentBrowser", (*app).testContent)
	run("GuardianConsent", (*app).testConsent)
	run("Logout", (*app).testLogout)
	run("MobileLayout", (*app).testMobile)
	run("Onboarding", (*app).testOnboarding)
	run("TabletSignIn", (*app).testTabletSignIn)
	run("Report", (*app).testReport)
	run("ReportPDF", (*app).testReportPDF)
	run("SharedLink", (*app).testSharedLink)
	run("RoomBoard", (*app).testRoomBoard)
	run("Ledger", (*app).testLedger)
	run("Booking", (*app).testBooking)
	run("Quota", (*app).testQuota)
	run("ActivityRegistration", (*app).testActivityRegistration)
	run("DataRights", (*app).testDataRights)
	run("AdminNotLockedOut", (*app).testAdminNotLockedOut)
	run("AnswerChecking", (*app).testAnswerChecking)
	run("PracticeFollowsScreening", (*app).testPracticeFollowsScreening)
}

// startPage is where a demo account lands after logging in, and the
// heading that page shows.
type startPage struct{ user, path, heading string }

// startPages lists the start page of one demo account per role.
func (a *app) startPages(t *testing.T) []startPage {
	minhe := a.community(t, "民和社区")
	return []startPage{
		{"admin", "/admin", "总览"},
		{"jiedao", fmt.Sprintf("/streets/%d", minhe.StreetID), "街道概况"},
		{"minhe", fmt.Sprintf("/communities/%d", minhe.ID), "民和社区"},
		{"duxue", fmt.Sprintf("/rooms/%d", a.room(t, minhe.ID).ID), "AI智习室"}, // the room serves 民和 and 民懋
		{"wang_jz", "/guardian", "我的孩子"},
		{"xiaoming", "/me", "你好，王小明！"},
	}
}

func (a *app) testLogin(t *testing.T) {
	tb := a.tab(t)
	tb.open("/login")
	if lang := eval[string](tb, `document.documentElement.lang`); lang != "zh-CN" {
		t.Errorf("login page lang %q, want zh-CN", lang)
	}
	tb.wantText("用户名", "密码")
	if got := tb.buttons("登录"); got != 1 {
		t.Errorf("login page has %d buttons labelled 登录, want 1", got)
	}
	tb.screenshot("login")

	tb.login("minhe", "not-the-password")
	if p := tb.path(); p != "/login" {
		t.Errorf("a wrong password went to %s, want the login form again", p)
	}
	tb.wantText("用户名或密码不正确")

	for _, sp := range a.startPages(t) {
		t.Run(sp.user, func(t *testing.T) {
			tb := a.tab(t)
			tb.login(sp.user, demo.Password)
			if p := tb.path(); p != sp.path {
				t.Fatalf("%s landed on %s, want %s; the page shows:\n%s", sp.user, p, sp.path, tb.text())
			}
			if h := tb.heading(); h != sp.heading {
				t.Errorf("%s's start page heading %q, want %q", sp.user, h, sp.heading)
			}
			tb.wantText("退出")
		})
	}
}

func (a *app) testScope(t *testing.T) {
	minmao := a.community(t, "民懋社区")
	lihua := a.student(t, "李华")
	tb := a.tab(t)
	tb.login("minhe", demo.Password)
	for _, tt := range []struct{ path, secret string }{
		{fmt.Sprintf("/communities/%d", minmao.ID), "民懋社区"},
		{fmt.Sprintf("/students/%d", lihua.ID), "李华"},
	} {
		tb.open(tt.path)
		if h := tb.heading(); !strings.Contains(h, "404") {
			t.Errorf("minhe at %s: heading %q, want the 404 page", tt.path, h)
		}
		text := tb.text()
		if !strings.Contains(text, "找不到这条记录") {
			t.Errorf("minhe at %s: no 找不到这条记录; the page shows:\n%s", tt.path, text)
		}
		if strings.Contains(text, tt.secret) {
			t.Errorf("minhe at %s sees %q:\n%s", tt.path, tt.secret, text)
		}
	}
	tb.screenshot("not-found")
}

// mathsItem picks a shipped maths fill-in item whose stem has a formula,
// so its preview needs KaTeX.
func (a *app) mathsItem(t *testing.T) curriculum.Item {
	t.Helper()
	for _, it := range a.bank.Subject("math").Items {
		if it.Type == curriculum.FillNumber && strings.Contains(it.Stem, `\frac`) && it.Template == "" {
			return it
		}
	}
	t.Fatal("the shipped maths has no fill_number item with \\frac in its stem")
	return curriculum.Item{}
}

func (a *app) testContent(t *testing.T) {
	tb := a.tab(t)
	tb.login("admin", demo.Password)

	tb.open("/admin/content")
	var names []string
	for _, id := range a.bank.SubjectIDs() {
		names = append(names, a.bank.Subject(id).Name)
	}
	if len(names) < 2 {
		t.Fatalf("shipped content has subjects %v, want several", names)
	}
	tb.wantText(append(names, "数学")...)

	tb.open("/admin/content/math?grade=3")
	tb.wantText("先修关系图")
	if n := eval[int](tb, `document.querySelectorAll(".graph svg rect").length`); n < 3 {
		t.Errorf("the grade 3 prerequisite graph has %d boxes, want several", n)
	}
	if w := eval[float64](tb, `document.querySelector(".graph svg").getBoundingClientRect().width`); w < 100 {
		t.Errorf("the graph is %.0f px wide: not visible", w)
	}
	tb.screenshot("content-math-g3")

	it := a.mathsItem(t)
	tb.open("/admin/content/items/" + it.ID)
	tb.waitKaTeX()
	tb.typeInto("answer", it.Answer)
	if st := tb.submit("提交"); st != 200 {
		t.Errorf("submitting the answer: status %d", st)
	}
	tb.wantText("回答正确")
	tb.waitKaTeX()
	tb.screenshot("item-preview")
}

// waitKaTeX waits until the vendored KaTeX has typeset the page's maths,
// and checks that nothing was fetched from anywhere but the app.
func (tb *tab) waitKaTeX() {
	tb.t.Helper()
	tb.do("KaTeX typesetting the maths (an element of class katex)", chromedp.WaitVisible(chromedp.CSS(".katex")))
	foreign := eval[[]string](tb, `performance.getEntriesByType("resource").map(e => e.name).filter(u => !u.startsWith(location.origin + "/"))`)
	if len(foreign) > 0 {
		tb.t.Errorf("the page fetched from outside the app: %v", foreign)
	}
	katex := eval[int](tb, `performance.getEntriesByType("resource").filter(e => e.name.includes("/static/vendor/katex/")).length`)
	if katex < 2 {
		tb.t.Errorf("KaTeX assets loaded from /static/vendor/katex: %d, want the script and the style sheet", katex)
	}
}

var consentedOn = regexp.MustCompile(`已于 \S.* 同意`)

func (a *app) testConsent(t *testing.T) {
	xiaohong := a.student(t, "王小红")
	tb := a.tab(t)
	tb.login("wang_jz", demo.Password)
	tb.wantText("王小红", "待签署同意书")
	tb.do("open 王小红", chromedp.Click(chromedp.Search(`//a[normalize-space()="王小红"]`)), chromedp.WaitVisible(button("我同意")))
	if p, want := tb.path(), fmt.Sprintf("/students/%d", xiaohong.ID); p != want {
		t.Fatalf("the link 王小红 led to %s, want %s", p, want)
	}
	tb.wantText("尚未签署")
	tb.submit("我同意")
	if p, want := tb.path(), fmt.Sprintf("/students/%d", xiaohong.ID); p != want {
		t.Errorf("我同意 led to %s, want back to %s", p, want)
	}
	if text := tb.text(); !consentedOn.MatchString(text) {
		t.Errorf("after 我同意 the page does not say 已于 … 同意:\n%s", text)
	}
	if n := tb.buttons("我同意"); n != 0 {
		t.Errorf("the consent button is still offered after consenting")
	}
	tb.screenshot("consent")
}

// testLogout covers both ways the app is served: behind TLS with Secure
// cookies, and plain HTTP on loopback. In both, Chrome keeps the no-store
// page left by 退出 in its back/forward cache unless the app prevents it.
func (a *app) testLogout(t *testing.T) {
	t.Run("HTTPS", func(t *testing.T) { a.logout(t, a.url) })
	t.Run("PlainHTTP", func(t *testing.T) { a.logout(t, a.plainURL) })
}

// logout logs out with 退出 on the server at base and checks that no
// protected page shows again: not by the back button, not by opening or
// reloading it.
func (a *app) logout(t *testing.T, base string) {
	tb := a.tab(t)
	tb.base = base
	tb.login("xiaoming", demo.Password)
	if p := tb.path(); p != "/me" {
		t.Fatalf("xiaoming landed on %s", p)
	}
	// A mark in the page's memory tells a page restored from the browser's
	// back/forward cache apart from one the server sent again.
	tb.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.e2eBeforeLogout = true`))
	tb.submit("退出")
	if p := tb.path(); p != "/login" {
		t.Fatalf("退出 went to %s, want /login", p)
	}
	tb.back()
	if eval[bool](tb, `window.e2eBeforeLogout === true`) {
		t.Errorf("after 退出 the back button shows %s again from the browser's back/forward cache", tb.path())
	} else if p := tb.path(); p != "/login" {
		t.Errorf("the back button after logout shows %s, want the login form; it shows:\n%s", p, tb.text())
	}
	tb.open("/me")
	if p := tb.path(); p != "/login" {
		t.Errorf("opening /me after logout shows %s, want the login form", p)
	}
	tb.do("reload", chromedp.Reload())
	if p := tb.path(); p != "/login" {
		t.Errorf("reloading after logout shows %s, want the login form", p)
	}
	tb.wantText("请先登录", "用户名")
}

func (a *app) testMobile(t *testing.T) {
	for _, sp := range a.startPages(t) {
		t.Run(sp.user, func(t *testing.T) {
			tb := a.tab(t)
			tb.phone()
			tb.open("/login")
			tb.noHorizontalScroll()
			if sp.user == "admin" {
				tb.screenshot("mobile-login")
			}
			tb.login(sp.user, demo.Password)
			if p := tb.path(); p != sp.path {
				t.Fatalf("landed on %s, want %s", p, sp.path)
			}
			tb.noHorizontalScroll()
			if sp.user == "minhe" {
				tb.screenshot("mobile-community")
			}
		})
	}
}

// noHorizontalScroll fails when the page is wider than the screen, which
// on a phone means sideways scrolling.
func (tb *tab) noHorizontalScroll() {
	tb.t.Helper()
	sizes := eval[[2]int](tb, `[document.documentElement.scrollWidth, window.innerWidth]`)
	if sizes[0] > sizes[1] {
		tb.t.Errorf("%s scrolls sideways on a phone: content %d px wide, screen %d px", tb.path(), sizes[0], sizes[1])
	}
}
