package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
)

var invitationCode = regexp.MustCompile(`id="invitation-code">([A-Z0-9]{4}-[A-Z0-9]{4})<`)

// register posts the family form as staff and returns the invitation code
// the page shows.
func (w *world) register(c *http.Client, communityID int64, form url.Values) string {
	w.t.Helper()
	resp, body := w.postForm(c, fmt.Sprintf("/communities/%d/families", communityID), form)
	m := invitationCode.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusCreated || m == nil || !strings.Contains(body, "<svg") {
		w.t.Fatalf("register family: %d, no invitation code or QR code:\n%.1500s", resp.StatusCode, body)
	}
	return m[1]
}

func TestFamilyRegistrationAndInvitation(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	staff := w.login("minhe")
	minhe := w.community("民和社区")
	path := fmt.Sprintf("/communities/%d/families", minhe.ID)
	family := url.Values{"guardian_name": {"陈奶奶"}, "relation": {"奶奶"}, "phone": {"138 0013 8000"},
		"name": {"陈小宇", "陈小月"}, "grade": {"3", "1"}, "birth_month": {"2017-11", "2019-12"}}

	// Refused forms say why and keep every value typed.
	refused := []struct {
		change  url.Values
		status  int
		message string
	}{
		{url.Values{"birth_month": {"2031-02", "2019-12"}}, 400, "出生年月 2031-02 晚于本月"},
		{url.Values{"grade": {"9", "1"}}, 400, "年级与出生年月不相符：2017-11 出生的孩子现在一般读 3 年级，填写的是 9 年级"},
		{url.Values{"birth_month": {"2017/11", "2019-12"}}, 400, "出生年月格式应为"},
		{url.Values{"phone": {"call me"}}, 400, "联系电话只能包含数字"},
		{url.Values{"relation": {""}}, 400, "请填写“与孩子的关系”"},
		{url.Values{"name": {"王小明", "陈小月"}, "birth_month": {"2016-10", "2019-12"}, "grade": {"4", "1"}}, 409,
			"民和社区已经登记过出生于 2016-10 的“王小明”"},
	}
	before, _ := w.db.Students(ctx, zhixi.StudentFilter{})
	for _, tt := range refused {
		form := url.Values{}
		for k, v := range family {
			form[k] = v
		}
		for k, v := range tt.change {
			form[k] = v
		}
		resp, body := w.postForm(staff, path, form)
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.message) {
			t.Errorf("%v: %d, want %d with %q:\n%.3000s", tt.change, resp.StatusCode, tt.status, tt.message, body)
			continue
		}
		for _, kept := range []string{form.Get("guardian_name"), form["birth_month"][0], form["name"][1]} {
			if !strings.Contains(body, `value="`+kept+`"`) {
				t.Errorf("%v: the refused form lost %q", tt.change, kept)
			}
		}
		if tt.status == 409 && !strings.Contains(body, `name="confirm"`) {
			t.Errorf("a possible duplicate offers no confirmation box")
		}
	}
	after, _ := w.db.Students(ctx, zhixi.StudentFilter{})
	if len(after) != len(before) {
		t.Fatalf("refused forms wrote %d students", len(after)-len(before))
	}
	// A confirmed duplicate is registered.
	dup := url.Values{"name": {"王小明"}, "grade": {"4"}, "birth_month": {"2016-10"}, "confirm": {"1"}}
	if resp, body := w.postForm(staff, path, dup); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed duplicate: %d %.500s", resp.StatusCode, body)
	}

	code := w.register(staff, minhe.ID, family)
	// The guardian opens the link on a phone: the children and the notice.
	phone := w.client()
	_, body := w.do(phone, "GET", "/join?code="+url.QueryEscape(strings.ToLower(code)), nil)
	for _, want := range []string{"陈小宇、陈小月", "如何撤回、导出和删除", "同意并开通"} {
		if !strings.Contains(body, want) {
			t.Fatalf("join page lacks %q:\n%.2000s", want, body)
		}
	}
	accept := url.Values{"code": {code}, "username": {"chen_nainai"}, "password": {"nainai-2026"}, "password_again": {"nainai-2026"}}
	resp, body := w.postForm(phone, "/join", accept)
	if resp.StatusCode != 400 || !strings.Contains(body, "请阅读告知书，并勾选") || !strings.Contains(body, `value="chen_nainai"`) {
		t.Fatalf("accept without consent: %d %.1500s", resp.StatusCode, body)
	}
	accept.Set("consent", "1")
	accept.Set("password_again", "nainai-2027")
	if resp, body = w.postForm(phone, "/join", accept); resp.StatusCode != 400 || !strings.Contains(body, "两次输入的密码不一致") {
		t.Fatalf("mismatched passwords: %d %.500s", resp.StatusCode, body)
	}
	accept.Set("password_again", "nainai-2026")
	if resp, body = w.postForm(phone, "/join", accept); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/guardian" {
		t.Fatalf("accept: %d %.500s", resp.StatusCode, body)
	}
	_, body = w.do(phone, "GET", "/guardian", nil)
	if !strings.Contains(body, "陈小宇") || !strings.Contains(body, "陈小月") || strings.Contains(body, "待签署") {
		t.Fatalf("guardian page after accepting:\n%.1500s", body)
	}
	// The code works once.
	resp, body = w.postForm(w.client(), "/join", accept)
	if resp.StatusCode != 404 || !strings.Contains(body, "邀请码无效、已使用或已过期") {
		t.Fatalf("second use: %d %.500s", resp.StatusCode, body)
	}
	xiaoyu := w.student("陈小宇")
	if xiaoyu.NeedsConsent() || xiaoyu.ConsentVersion != 1 {
		t.Fatalf("consent after accepting: %+v", xiaoyu)
	}
	g, err := w.db.UserByUsername(ctx, "chen_nainai")
	if err != nil || g.Role != zhixi.RoleGuardian || g.DisplayName != "陈奶奶" {
		t.Fatalf("guardian account: %+v %v", g, err)
	}

	// A second guardian for one child, through a new code.
	resp, body = w.postForm(staff, fmt.Sprintf("/students/%d/invitations", xiaoyu.ID),
		url.Values{"guardian_name": {"陈爸爸"}, "relation": {"父亲"}})
	m := invitationCode.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("second invitation: %d %.800s", resp.StatusCode, body)
	}
	dad := w.client()
	resp, _ = w.postForm(dad, "/join", url.Values{"code": {m[1]}, "username": {"chen_baba"}, "password": {"baba-password"},
		"password_again": {"baba-password"}, "consent": {"1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second guardian accepting: %d", resp.StatusCode)
	}
	gids, _ := w.db.GuardianIDs(ctx, xiaoyu.ID)
	if len(gids) != 2 {
		t.Fatalf("陈小宇 has %d guardians, want 2", len(gids))
	}
	// The grandmother, signed in, links a newly registered child to her
	// account with a third code.
	resp, _ = w.postForm(staff, path, url.Values{"name": {"陈小星"}, "grade": {"1"}, "birth_month": {"2020-03"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("register a child alone: %d", resp.StatusCode)
	}
	star := w.student("陈小星")
	_, body = w.postForm(staff, fmt.Sprintf("/students/%d/invitations", star.ID), url.Values{"guardian_name": {"陈奶奶"}, "relation": {"奶奶"}})
	m = invitationCode.FindStringSubmatch(body)
	_, body = w.do(phone, "GET", "/join?code="+m[1], nil)
	if !strings.Contains(body, "孩子将关联到这个账号") {
		t.Fatalf("signed-in guardian's join page:\n%.1500s", body)
	}
	if resp, _ = w.postForm(phone, "/join", url.Values{"code": {m[1]}, "consent": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("link a second child: %d", resp.StatusCode)
	}
	kids, _ := w.db.Students(ctx, zhixi.StudentFilter{GuardianID: g.ID})
	if len(kids) != 3 {
		t.Fatalf("the grandmother has %d children linked, want 3", len(kids))
	}
	// Every step left its audit row.
	entries, _, _ := w.db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: xiaoyu.ID, Limit: 100})
	objects := map[string]int{}
	for _, e := range entries {
		objects[e.Object+"/"+e.Action]++
	}
	if objects["student/create"] != 1 || objects["invitation/create"] != 2 || objects["invitation/update"] != 2 || objects["consent/create"] != 2 {
		t.Errorf("audit of 陈小宇 = %v", objects)
	}
}

func TestConsentLifecycle(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	ming := w.student("王小明") // consented in the demo, guardian wang_jz
	mum := w.login("wang_jz")
	staff := w.login("minhe")
	api := func(c *http.Client, method, path, body string) (int, string) {
		resp, b := w.do(c, method, path, strings.NewReader(body), "Content-Type", "application/json")
		return resp.StatusCode, b
	}
	start := fmt.Sprintf("/api/v1/students/%d/screenings", ming.ID)

	// Withdrawal stops screening at once, for everyone.
	if st, b := api(mum, "POST", fmt.Sprintf("/api/v1/students/%d/consent/withdraw", ming.ID), ""); st != http.StatusNoContent {
		t.Fatalf("withdraw: %d %s", st, b)
	}
	if st, b := api(staff, "POST", start, `{"subject":"math"}`); st != http.StatusForbidden || !strings.Contains(b, "监护人已撤回同意") {
		t.Fatalf("screening after withdrawal: %d %s", st, b)
	}
	if st, b := api(mum, "POST", fmt.Sprintf("/api/v1/students/%d/consent/withdraw", ming.ID), ""); st != http.StatusConflict || !strings.Contains(b, "err.no_consent") {
		t.Fatalf("second withdrawal: %d %s", st, b)
	}
	_, body := w.do(staff, "GET", fmt.Sprintf("/students/%d", ming.ID), nil)
	if !strings.Contains(body, "监护人已撤回同意") || !strings.Contains(body, "已于") {
		t.Fatalf("student page after withdrawal:\n%.2000s", body)
	}

	// Consent on paper, recorded by staff, with a refused form first.
	paper := fmt.Sprintf("/students/%d/consent/paper", ming.ID)
	resp, body := w.postForm(staff, paper, url.Values{"guardian_name": {"王女士"}, "paper_ref": {"MH-2026-001"}, "paper_date": {"2099-01-01"}})
	if resp.StatusCode != 400 || !strings.Contains(body, "“签署日期”不能晚于今天") || !strings.Contains(body, `value="MH-2026-001"`) {
		t.Fatalf("paper consent dated in the future: %d %.2000s", resp.StatusCode, body)
	}
	today := time.Now().Format("2006-01-02")
	if resp, body = w.postForm(staff, paper, url.Values{"guardian_name": {"王女士"}, "paper_ref": {"MH-2026-001"}, "paper_date": {today}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("paper consent: %d %.500s", resp.StatusCode, body)
	}
	if resp, body = w.do(staff, "GET", fmt.Sprintf("/students/%d/consent/form", ming.ID), nil); resp.StatusCode != 200 || !strings.Contains(body, "监护人签字") || !strings.Contains(body, "print.css") {
		t.Fatalf("printable paper form: %d", resp.StatusCode)
	}
	st, b := api(staff, "GET", fmt.Sprintf("/api/v1/students/%d/consents", ming.ID), "")
	var list struct {
		Consents []struct {
			Method   string
			PaperRef string `json:"paper_ref"`
		}
	}
	if json.Unmarshal([]byte(b), &list); st != 200 || len(list.Consents) != 2 || list.Consents[0].Method != "paper" || list.Consents[0].PaperRef != "MH-2026-001" {
		t.Fatalf("consents: %d %s", st, b)
	}
	if st, b := api(staff, "POST", start, `{"subject":"math"}`); st == http.StatusForbidden {
		t.Fatalf("screening after paper consent: %d %s", st, b)
	}

	// A new notice version asks again before the next screening.
	admin := w.login("admin")
	notice := `{"purpose":"筛查与练习","kept":"姓名、年级、作答","place":"社区服务器","retention":"3 年","access":"监护人、社区、督学","rights":"随时撤回、导出、删除"}`
	if st, b := api(admin, "PUT", "/api/v1/notice", notice); st != http.StatusCreated || !strings.Contains(b, `"version":2`) {
		t.Fatalf("publish notice: %d %s", st, b)
	}
	if st, b := api(staff, "POST", fmt.Sprintf("/api/v1/students/%d/practice/math/next", ming.ID), ""); st != http.StatusForbidden || !strings.Contains(b, "告知书已更新") {
		t.Fatalf("practice after a new notice: %d %s", st, b)
	}
	// Consenting to the old version is refused; to the new one works.
	if st, b := api(mum, "POST", fmt.Sprintf("/api/v1/students/%d/consent", ming.ID), `{"notice_version":1}`); st != 400 || !strings.Contains(b, "err.notice_changed") {
		t.Fatalf("consent to the old notice: %d %s", st, b)
	}
	if st, b := api(mum, "POST", fmt.Sprintf("/api/v1/students/%d/consent", ming.ID), `{"notice_version":2}`); st != http.StatusCreated {
		t.Fatalf("consent to the new notice: %d %s", st, b)
	}
	got, _ := w.db.Student(ctx, ming.ID)
	if got.NeedsConsent() || got.ConsentVersion != 2 {
		t.Fatalf("after consenting again: %+v", got)
	}
	// Operators only edit the notice; a bad one is refused.
	if st, _ := api(staff, "PUT", "/api/v1/notice", notice); st != http.StatusForbidden {
		t.Errorf("staff publishing a notice: %d", st)
	}
	if st, b := api(admin, "PUT", "/api/v1/notice", `{"purpose":"x"}`); st != 400 || !strings.Contains(b, "保存哪些信息") {
		t.Errorf("incomplete notice: %d %s", st, b)
	}
}

// Staff see the community's invitations and whether each was used; the
// phone a guardian left is there as a contact.
func TestInvitationList(t *testing.T) {
	w := newWorld(t)
	staff := w.login("minhe")
	minhe := w.community("民和社区")
	w.register(staff, minhe.ID, url.Values{"guardian_name": {"赵爷爷"}, "relation": {"爷爷"}, "phone": {"139 0000 1111"},
		"name": {"赵小乐"}, "grade": {"2"}, "birth_month": {"2018-05"}})
	_, body := w.do(staff, "GET", fmt.Sprintf("/communities/%d", minhe.ID), nil)
	if !strings.Contains(body, "赵爷爷（爷爷）") || !strings.Contains(body, "139 0000 1111") || !strings.Contains(body, "前有效") {
		t.Fatalf("community page lacks the invitation:\n%.3000s", body)
	}
	if _, body = w.do(w.login("duxue"), "GET", fmt.Sprintf("/communities/%d", minhe.ID), nil); strings.Contains(body, "139 0000 1111") {
		t.Error("a supervisor sees a guardian's phone number")
	}
}
