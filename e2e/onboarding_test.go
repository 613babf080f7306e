package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// The journeys of issue 9 from an empty database: an admin builds the
// organisation, staff register a family, the guardian accepts on a phone,
// the supervisor signs the child into a tablet with a code, and the child
// screens.

// room finds the room that serves a community.
func (a *app) room(t *testing.T, communityID int64) zhixi.Room {
	t.Helper()
	rooms, err := a.db.Rooms(context.Background(), communityID)
	if err != nil || len(rooms) == 0 {
		t.Fatalf("rooms of community %d: %v %v", communityID, rooms, err)
	}
	return rooms[0]
}

// Passwords of the accounts the journey creates.
const (
	adminPassword = "admin-password-2026"
	staffPassword = "staff-password-2026"
	supPassword   = "duxue-password-2026"
	mamaPassword  = "mama-password-2026"
)

// fresh is an app over an empty database holding only the admin that
// `zhixi admin create` makes, on the same engine, browser and bank as a.
func (a *app) fresh(t *testing.T) *app {
	t.Helper()
	f := &app{engine: a.engine, db: storetest.OpenEngine(t, a.engine), bank: a.bank, browser: a.browser, shots: a.shots}
	hash, err := testHasher.Hash(context.Background(), adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	// What `zhixi admin create --username boss` stores.
	if err := f.db.CreateUser(context.Background(), &zhixi.User{Username: "boss", DisplayName: "公司管理员", Role: zhixi.RoleAdmin, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	f.serve(t)
	return f
}

func (a *app) testOnboarding(t *testing.T) { a.onboard(t) }

// onboard runs the onboarding journey on a fresh app and returns it. Each
// scenario has its own: a subtest's servers end with it.
func (a *app) onboard(t *testing.T) *app {
	t.Helper()
	f := a.fresh(t)
	f.buildOrg(t)
	code := f.registerFamily(t)
	f.acceptInvitation(t, code)
	return f
}

// choose picks the option of select name whose text is label.
func (tb *tab) choose(name, label string) {
	tb.t.Helper()
	ok := eval[bool](tb, fmt.Sprintf(`(() => {
		const s = document.querySelector('select[name=%q]');
		const o = s && [...s.options].find(o => o.text.trim() === %q);
		if (!o) return false;
		s.value = o.value;
		return true;
	})()`, name, label))
	if !ok {
		tb.t.Fatalf("%s: no option %q in select %s", tb.path(), label, name)
	}
}

// set replaces the value of the form field css selects, as a person
// correcting it would.
func (tb *tab) set(css, value string) {
	tb.t.Helper()
	if !eval[bool](tb, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.value = %q; return true; })()`, css, value)) {
		tb.t.Fatalf("%s: no field %s", tb.path(), css)
	}
}

// tick checks the checkbox whose label shows text.
func (tb *tab) tick(text string) {
	tb.t.Helper()
	tb.do("tick "+text, chromedp.Click(chromedp.Search(fmt.Sprintf(`//label[contains(normalize-space(), %q)]/input[@type="checkbox"]`, text))))
}

// follow clicks a link by its text and waits for the page it opens.
func (tb *tab) follow(text string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.Search(fmt.Sprintf(`//a[normalize-space()=%q]`, text)))); err != nil {
		tb.t.Fatalf("%s: follow %s: %v", tb.path(), text, err)
	}
}

// buildOrg: the admin creates the street, two communities, one room
// serving both, a staff member and a supervisor, with the forms.
func (f *app) buildOrg(t *testing.T) {
	tb := f.tab(t)
	tb.login("boss", adminPassword)
	tb.follow("机构与人员")
	tb.wantText("还没有街道")

	tb.follow("新建街道")
	tb.typeInto("name", "开源街道")
	tb.submit("保存")
	for _, name := range []string{"民和社区", "民懋社区"} {
		tb.follow("新建社区")
		tb.choose("street_id", "开源街道")
		tb.typeInto("name", name)
		tb.submit("保存")
	}
	tb.wantText("开源街道", "民和社区", "民懋社区")

	tb.follow("新建智习室")
	tb.typeInto("name", "AI智习室")
	tb.typeInto("location", "党群服务中心二楼")
	tb.typeInto("seats", "十二")
	tb.choose("community_id", "民和社区")
	tb.tick("民懋社区")
	if st := tb.submit("保存"); st != 400 {
		t.Errorf("seats 十二: status %d, want 400", st)
	}
	tb.wantText("“座位数”应为数字，收到“十二”")
	if v := eval[string](tb, `document.querySelector('input[name=location]').value`); v != "党群服务中心二楼" {
		t.Errorf("the refused room form lost the location: %q", v)
	}
	tb.set(`input[name=seats]`, "12")
	tb.submit("保存")
	tb.wantText("AI智习室", "党群服务中心二楼", "民和社区、民懋社区")

	tb.follow("新建工作人员账号")
	tb.typeInto("username", "liu")
	tb.choose("role", "社区工作人员")
	tb.typeInto("password", staffPassword)
	tb.typeInto("display_name", "刘老师")
	tb.choose("community_id", "民和社区")
	tb.submit("保存")

	tb.follow("新建工作人员账号")
	tb.typeInto("username", "zhang")
	tb.choose("role", "督学")
	tb.typeInto("password", supPassword)
	tb.typeInto("display_name", "张督学")
	tb.tick("AI智习室")
	tb.submit("保存")
	tb.wantText("刘老师", "张督学")
	if sup := eval[string](tb, `[...document.querySelectorAll("tr[id^=room-]")].map(r => r.innerText).join("\n")`); !strings.Contains(sup, "张督学") {
		t.Errorf("the room's row does not name its supervisor 张督学: %q", sup)
	}
	tb.screenshot(f.engine + "-org")
}

var codeText = regexp.MustCompile(`^[A-Z0-9]{4}-[A-Z0-9]{4}$`)

// registerFamily: staff register a guardian and a child, and the product
// shows the invitation.
func (f *app) registerFamily(t *testing.T) string {
	tb := f.tab(t)
	tb.login("liu", staffPassword)
	tb.wantText("民和社区", "AI智习室", "登记家庭")
	tb.typeInto("guardian_name", "王女士")
	tb.typeInto("relation", "母亲")
	tb.do("child's name", chromedp.SendKeys(chromedp.CSS(`fieldset:nth-of-type(2) input[name=name]`), "王小明"))
	tb.set(`fieldset:nth-of-type(2) select[name=grade]`, "4")
	tb.do("child's birth month", chromedp.SendKeys(chromedp.CSS(`fieldset:nth-of-type(2) input[name=birth_month]`), "2031-10"))
	if st := tb.submit("登记并生成邀请码"); st != 400 {
		t.Errorf("a birth month in the future: status %d, want 400", st)
	}
	tb.wantText("出生年月 2031-10 晚于本月")
	if v := eval[string](tb, `document.querySelector('input[name=guardian_name]').value`); v != "王女士" {
		t.Errorf("the refused family form lost the guardian's name: %q", v)
	}
	tb.set(`fieldset:nth-of-type(2) input[name=birth_month]`, "2016-10")
	if st := tb.submit("登记并生成邀请码"); st != 201 {
		t.Fatalf("register the family: status %d; the page shows:\n%s", st, tb.text())
	}
	tb.wantText("监护人邀请", "王女士", "王小明", "7 天")
	code := strings.TrimSpace(eval[string](tb, `document.getElementById("invitation-code").innerText`))
	if !codeText.MatchString(code) {
		t.Fatalf("invitation code %q", code)
	}
	if w := eval[float64](tb, `document.querySelector(".qr svg").getBoundingClientRect().width`); w < 100 {
		t.Errorf("the QR code is %.0f px wide: not shown", w)
	}
	tb.screenshot(f.engine + "-invitation")
	return code
}

// acceptInvitation: the guardian opens the invitation on a phone, chooses
// a username and password, reads the notice and consents.
func (f *app) acceptInvitation(t *testing.T, code string) {
	tb := f.tab(t)
	tb.phone()
	tb.open("/join")
	tb.typeInto("code", strings.ToLower(code)) // as a grandparent might type it
	tb.submit("下一步")
	tb.wantText("王女士，您好", "王小明", "为什么收集", "如何撤回、导出和删除")
	tb.typeInto("username", "wang_mama")
	tb.typeInto("password", mamaPassword)
	tb.typeInto("password_again", mamaPassword)
	tb.submit("同意并开通")
	tb.wantText("请阅读告知书，并勾选")
	if v := eval[string](tb, `document.querySelector('input[name=username]').value`); v != "wang_mama" {
		t.Errorf("the refused form lost the username: %q", v)
	}
	tb.typeInto("password", mamaPassword)
	tb.typeInto("password_again", mamaPassword)
	tb.tick("我已阅读告知书")
	tb.submit("同意并开通")
	if p := tb.path(); p != "/guardian" {
		t.Fatalf("after accepting: %s; the page shows:\n%s", p, tb.text())
	}
	tb.wantText("我的孩子", "王小明", "已同意")
	if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 400 {
		t.Errorf("the guardian's page is %d px wide on a 390 px phone", w)
	}
	tb.screenshot(f.engine + "-guardian-phone")
}

// testTabletSignIn: after the onboarding, the supervisor shows a code; the
// child types it on a tablet-sized window and screens, answering a few
// questions.
func (a *app) testTabletSignIn(t *testing.T) {
	f := a.onboard(t)
	sup := f.tab(t)
	sup.login("zhang", supPassword)
	roomPage := sup.path()
	if !strings.HasPrefix(roomPage, "/rooms/") {
		t.Fatalf("the supervisor landed on %s, want the room", roomPage)
	}
	sup.wantText("AI智习室", "服务社区：民和社区、民懋社区", "王小明")
	roomID, err := strconv.ParseInt(strings.TrimPrefix(roomPage, "/rooms/"), 10, 64)
	if err != nil {
		t.Fatalf("room page %s: %v", roomPage, err)
	}
	openAllDay(t, f.db, roomID) // the screening below runs on a room tablet
	sup.submit("生成登录码")
	code := strings.TrimSpace(eval[string](sup, `document.getElementById("the-code").innerText`))
	if len(code) != 6 {
		t.Fatalf("tablet code %q", code)
	}
	sup.screenshot(f.engine + "-tablet-code")

	tablet := f.tab(t)
	tablet.tablet()
	tablet.open("/tablet")
	tablet.wantText("平板登录", "6 位登录码")
	tablet.typeInto("code", code)
	tablet.submit("进入")
	if h := tablet.heading(); h != "你好，王小明！" {
		t.Fatalf("the tablet shows %q, want 王小明's page:\n%s", h, tablet.text())
	}
	ctx, cancel := context.WithTimeout(tablet.ctx, 3*stepTimeout) // the first screening of a grade compiles its scope
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.Search(`//tr[td[1][normalize-space()="数学"]]//button[normalize-space()="开始筛查"]`)))
	cancel()
	if err != nil || resp.Status >= 400 {
		t.Fatalf("start the maths screening: %v; the page shows:\n%s", err, tablet.text())
	}
	tablet.wantText("AI 知识点筛查", "第 1 题")
	for i := 1; i <= 3; i++ {
		// Answer as a child would: the first choice, or a number.
		eval[bool](tablet, `(() => {
			const c = document.querySelector('input[name=answer][type=radio], input[name=answer][type=checkbox]');
			if (c) { c.click(); return true; }
			document.querySelector('input[name=answer]').value = "1";
			return true;
		})()`)
		if st := tablet.submit("提交"); st >= 400 {
			t.Fatalf("answer %d: status %d:\n%s", i, st, tablet.text())
		}
		if strings.Contains(tablet.text(), "筛查报告") {
			break // the engine was sure early
		}
		tablet.wantText(fmt.Sprintf("第 %d 题", i+1))
	}
	tablet.screenshot(f.engine + "-tablet-screening")

	// Check-out ends the tablet session (the room's check-out calls
	// this); the next student, from 民懋社区 which the room also serves,
	// never sees the previous one's data.
	ctx = context.Background()
	ming := f.student(t, "王小明")
	if n, err := f.db.EndTabletSessions(ctx, ming.ID); err != nil || n != 1 {
		t.Fatalf("check-out: ended %d tablet sessions, %v", n, err)
	}
	tablet.open("/me")
	if p := tablet.path(); p != "/login" || strings.Contains(tablet.text(), "王小明") {
		t.Fatalf("after check-out the tablet shows %s:\n%s", p, tablet.text())
	}
	minmao := f.community(t, "民懋社区")
	lihua := &zhixi.Student{CommunityID: minmao.ID, Name: "李华", Grade: 6, BirthMonth: time.Date(2014, 5, 1, 0, 0, 0, 0, time.UTC),
		CreatedAt: time.Now(), ConsentAt: time.Now()}
	if err := f.db.CreateStudent(ctx, lihua); err != nil {
		t.Fatal(err)
	}
	sup.open(roomPage)
	sup.do("code for 李华", chromedp.Click(chromedp.CSS(`button[aria-label="为李华生成登录码"]`)), chromedp.WaitVisible(chromedp.CSS("#the-code")))
	code2 := strings.TrimSpace(eval[string](sup, `document.getElementById("the-code").innerText`))
	tablet.open("/tablet")
	tablet.typeInto("code", code2)
	tablet.submit("进入")
	if h := tablet.heading(); h != "你好，李华！" {
		t.Fatalf("the next student's tablet shows %q", h)
	}
	for _, path := range []string{"/me", fmt.Sprintf("/students/%d", ming.ID)} {
		tablet.open(path)
		if strings.Contains(tablet.text(), "王小明") {
			t.Errorf("李华's tablet shows 王小明 at %s", path)
		}
	}

	// The first code worked once.
	other := f.tab(t)
	other.open("/tablet")
	other.typeInto("code", code)
	other.submit("进入")
	other.wantText("登录码不对，或已使用、已过期")
}
