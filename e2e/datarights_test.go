package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/web"
)

// clickLink follows a link by the text a person reads on it.
func (tb *tab) clickLink(text string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.Search(fmt.Sprintf(`//a[normalize-space()=%q]`, text)))); err != nil {
		tb.t.Fatalf("follow the link %s: %v", text, err)
	}
}

// testDataRights: a guardian reads and downloads everything kept about a
// child, then asks for it to be erased; staff confirm; afterwards the
// child's name is in no column of the database, while the community's
// screening count still includes the child's screening.
func (a *app) testDataRights(t *testing.T) {
	ctx := context.Background()
	const name = "欧阳知秋"
	minhe := a.community(t, "民和社区")
	mom, err := a.db.UserByUsername(ctx, "wang_jz")
	if err != nil {
		t.Fatal(err)
	}
	// The child, registered with consent, after a finished screening whose
	// one typed answer is the child's own name.
	kid := &zhixi.Student{CommunityID: minhe.ID, Name: name, Grade: 5, BirthMonth: time.Date(2015, 4, 1, 0, 0, 0, 0, time.UTC)}
	item := a.bank.Subject("math").Items[0]
	version, err := a.db.ItemVersion(ctx, item.ID)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.db.CreateStudent(ctx, kid))
	must(a.db.LinkGuardian(ctx, kid.ID, mom.ID, "母亲"))
	must(a.db.RecordConsent(ctx, kid.ID, mom.ID, time.Now()))
	sc := &zhixi.ScreeningSession{StudentID: kid.ID, Subject: "math", Status: "finished", FinishedAt: time.Now()}
	must(a.db.CreateScreening(ctx, sc, nil))
	must(a.db.SaveScreening(ctx, sc, &zhixi.Attempt{StudentID: kid.ID, ItemID: item.ID, ItemVersion: version, Response: "我是" + name,
		Source: "screening", SessionID: sc.ID, KnowledgePoints: item.KnowledgePoints}, nil))
	screenings := func() int {
		t.Helper()
		counts, err := a.db.ScreeningCounts(ctx, minhe.ID)
		must(err)
		n := 0
		for _, c := range counts {
			n += c.Screenings
		}
		return n
	}
	before := screenings()

	// The guardian, on a phone.
	g := a.tab(t)
	g.phone()
	g.login("wang_jz", demo.Password)
	g.wantText(name)
	g.clickLink(name)
	g.clickLink("查看、导出或申请删除孩子的数据")
	if p, want := g.path(), fmt.Sprintf("/students/%d/data", kid.ID); p != want {
		t.Fatalf("the data link led to %s, want %s", p, want)
	}
	g.wantText(name+"的数据", "民和社区", "2015-04", "我是"+name, "下载 JSON 文件", "谁查看或修改过")
	g.noHorizontalScroll()
	dctx, cancel := context.WithTimeout(g.ctx, stepTimeout)
	download, err := chromedp.Run(dctx, chromedp.Evaluate[map[string]any](
		`fetch(document.querySelector("a[download]").href).then(r => r.json())`, chromedp.EvalAwaitPromise))
	cancel()
	must(err)
	if st, _ := download["student"].(map[string]any); st["name"] != name {
		t.Errorf("the JSON download has student %v, want %s", download["student"], name)
	}
	if ans, _ := download["answers"].([]any); len(ans) != 1 {
		t.Errorf("the JSON download has %d answers, want 1", len(ans))
	}
	g.screenshot("data-export")
	g.submit("申请删除")
	g.wantText("删除申请已提交", "等待社区工作人员确认")

	// Community staff, on a room tablet.
	s := a.tab(t)
	s.tablet()
	s.login("minhe", demo.Password)
	s.clickLink("删除申请")
	s.wantText(name)
	s.typeInto("name", name)
	s.screenshot("deletion-confirm")
	s.submit("确认删除")
	s.wantText("已删除这名学生的个人信息")
	if strings.Contains(s.text(), name) {
		t.Errorf("after confirming, the staff page still shows the name:\n%s", s.text())
	}

	cols, err := a.db.ColumnsContaining(ctx, name)
	must(err)
	if len(cols) != 0 {
		t.Errorf("after erasure the child's name is still in %v", cols)
	}
	if after := screenings(); after != before || after < 1 {
		t.Errorf("民和社区 counts %d screenings after the erasure, %d before: the erased child's screening must still count", after, before)
	}
	// The guardian's list no longer names the child.
	g.open("/guardian")
	if strings.Contains(g.text(), name) {
		t.Errorf("the guardian's page still shows the erased child")
	}
}

// testAdminNotLockedOut: five wrong passwords for the administrator from
// another address hold back new devices, not the administrator's own
// device, which signed in before. The administrator then lifts the
// back-off from the account page.
func (a *app) testAdminNotLockedOut(t *testing.T) {
	// A server behind a reverse proxy, so that the guesses can come from
	// another address than the browser's.
	srv, err := web.New(web.Config{Store: a.db, Hasher: password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 4),
		TrustProxy: true})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)

	own := a.tab(t)
	own.base = hs.URL
	own.tablet()
	own.login("admin", demo.Password)
	if h := own.heading(); h != "总览" {
		t.Fatalf("the administrator's first sign-in shows %q", h)
	}
	own.submit("退出")

	for i := range 5 {
		form := url.Values{"username": {"admin"}, "password": {fmt.Sprint("guess-", i)}}
		req, _ := http.NewRequest("POST", hs.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113.66")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if want := i < 4; want != (resp.StatusCode == http.StatusUnauthorized) {
			t.Fatalf("guess %d from another address: status %d", i+1, resp.StatusCode)
		}
	}

	// A new device waits, even with the right password.
	other := a.tab(t)
	other.base = hs.URL
	other.tablet()
	other.login("admin", demo.Password)
	other.wantText("尝试次数过多", "后再试")

	// The administrator's own device signs in.
	own.login("admin", demo.Password)
	if p, h := own.path(), own.heading(); p != "/admin" || h != "总览" {
		t.Fatalf("the known device landed on %s (%q); it shows:\n%s", p, h, own.text())
	}
	// ...and lifts the back-off, audited.
	own.clickLink("账号")
	own.clickLink("管理")
	if !strings.Contains(own.text(), "admin") {
		t.Fatalf("the account page is not the administrator's:\n%s", own.text())
	}
	own.wantText("新设备登录需等到")
	own.screenshot("account-locked")
	own.submit("解除登录限制")
	own.wantText("已解除这个账号的登录限制", "目前没有登录限制")
	other.login("admin", demo.Password)
	if p := other.path(); p != "/admin" {
		t.Errorf("a new device after the unlock landed on %s:\n%s", p, other.text())
	}
	for action, want := range map[string]int{zhixi.AuditLoginFailed: 5, zhixi.AuditLoginLocked: 1, zhixi.AuditUnlock: 1} {
		entries, _, err := a.db.AuditEntries(context.Background(), zhixi.AuditFilter{Action: action, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.IP == "203.0.113.66" || action == zhixi.AuditUnlock {
				n++
			}
		}
		if n != want {
			t.Errorf("%d %s audit rows, want %d", n, action, want)
		}
	}
}
