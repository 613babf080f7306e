package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/web"
)

// from logs in from a client address, as the reverse proxy reports it.
func (w *world) loginFrom(c *http.Client, ip, username, pw string) (*http.Response, string) {
	w.t.Helper()
	form := url.Values{"username": {username}, "password": {pw}}
	return w.do(c, "POST", "/login", strings.NewReader(form.Encode()),
		"Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", ip)
}

func (w *world) auditCount(action string) int {
	w.t.Helper()
	_, n, err := w.db.AuditEntries(context.Background(), zhixi.AuditFilter{Action: action})
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

func adminUser(t *testing.T, w *world) *zhixi.User {
	t.Helper()
	u, err := w.db.UserByUsername(context.Background(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestAdminNotLockedOut: five wrong passwords for the administrator from
// another address hold back new devices, but not the administrator's own
// device, which signed in before.
func TestAdminNotLockedOut(t *testing.T) {
	w := newWorldWith(t, func(cfg *web.Config) { cfg.TrustProxy = true })
	own := w.client()
	if resp, body := w.loginFrom(own, "198.51.100.7", "admin", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first sign-in: %d %.300s", resp.StatusCode, body)
	}
	if resp, _ := w.do(own, "POST", "/logout", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if n := w.auditCount(zhixi.AuditLogout); n != 1 {
		t.Errorf("%d logout audit rows, want 1", n)
	}

	attacker := w.client()
	var last *http.Response
	for i, name := range []string{"admin", "Admin", "ADMIN", "admin", "aDmin"} {
		last, _ = w.loginFrom(attacker, "203.0.113.9", name, fmt.Sprintf("guess-%d", i))
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("5th wrong password (case variants count as one account): %d, want 429", last.StatusCode)
	}
	// A new device waits even with the right password...
	if resp, body := w.loginFrom(w.client(), "203.0.113.10", "admin", demo.Password); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("new device during the back-off: %d %.300s", resp.StatusCode, body)
	}
	// ...the administrator's own device does not.
	resp, body := w.loginFrom(own, "198.51.100.7", "admin", demo.Password)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin" {
		t.Fatalf("known device during the back-off: %d %s %.300s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	if n := w.auditCount(zhixi.AuditLoginFailed); n != 5 {
		t.Errorf("%d failed-login audit rows, want 5", n)
	}
	if n := w.auditCount(zhixi.AuditLoginLocked); n != 1 {
		t.Errorf("%d back-off audit rows, want 1", n)
	}
	entries, _, err := w.db.AuditEntries(context.Background(), zhixi.AuditFilter{Action: zhixi.AuditLoginFailed})
	if err != nil {
		t.Fatal(err)
	}
	if first := entries[len(entries)-1]; first.IP != "203.0.113.9" || first.ObjectID != adminUser(t, w).ID {
		t.Errorf("failed login audited as %+v, want the attacker's address and the account", first)
	}
	// The administrator lifts the back-off; a new device signs in again.
	resp, body = w.do(own, "POST", fmt.Sprintf("/api/v1/users/%d/unlock", adminUser(t, w).ID), strings.NewReader("{}"), "Content-Type", "application/json")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"cleared":true`) {
		t.Fatalf("unlock: %d %s", resp.StatusCode, body)
	}
	if resp, body := w.loginFrom(w.client(), "203.0.113.10", "admin", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("new device after unlock: %d %.300s", resp.StatusCode, body)
	}
	if n := w.auditCount(zhixi.AuditUnlock); n != 1 {
		t.Errorf("%d unlock audit rows, want 1", n)
	}
}

// Wrong guesses at unknown usernames are limited per address; the room's
// own accounts behind that address still sign in.
func TestUnknownUsernamesLimitedPerAddress(t *testing.T) {
	w := newWorldWith(t, func(cfg *web.Config) { cfg.TrustProxy = true })
	var last *http.Response
	for i := range 30 {
		last, _ = w.loginFrom(w.client(), "203.0.113.20", fmt.Sprintf("nobody%d", i), "whatever-1")
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("30th unknown username from one address: %d, want 429", last.StatusCode)
	}
	if resp, _ := w.loginFrom(w.client(), "203.0.113.20", "nobody-else", "whatever-1"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("unknown username from a held-back address: %d, want 429", resp.StatusCode)
	}
	if resp, body := w.loginFrom(w.client(), "203.0.113.20", "minhe", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a real account behind the same address: %d %.300s", resp.StatusCode, body)
	}
	entries, _, _ := w.db.AuditEntries(context.Background(), zhixi.AuditFilter{Action: zhixi.AuditLoginFailed, Limit: 500})
	for _, e := range entries {
		if strings.Contains(e.Detail, "nobody") {
			t.Fatalf("a typed username reached the audit log: %+v", e)
		}
	}
}

// Simultaneous wrong passwords all count: with five at once, the account
// is held back afterwards.
func TestSimultaneousFailuresCount(t *testing.T) {
	w := newWorld(t)
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			form := url.Values{"username": {"minmao"}, "password": {fmt.Sprint("wrong", i)}}
			req, _ := http.NewRequest("POST", w.srv.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	if resp, _ := w.postForm(w.client(), "/login", url.Values{"username": {"minmao"}, "password": {demo.Password}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 5 simultaneous failures a new device got %d, want 429", resp.StatusCode)
	}
	if n := w.auditCount(zhixi.AuditLoginFailed); n != 5 {
		t.Errorf("%d failed-login audit rows, want 5", n)
	}
}

// A URL cannot put words on a page: only catalogue keys show, and only
// those whose message needs no details.
func TestNoFreeTextFromURL(t *testing.T) {
	w := newWorld(t)
	phish := "系统升级，请拨打 400-000-0000 并提供验证码"
	for _, tt := range []struct{ query, want, not string }{
		{"why=" + url.QueryEscape(phish), "", phish},
		{"why=err.login_required", "请先登录。", ""},
		{"why=msg.password_reset", "密码已重置", ""},
		{"why=err.screening_done", "", "%"},
		{"why=err.nonexistent_key", "", "err.nonexistent_key"},
	} {
		_, body := w.do(w.client(), "GET", "/login?"+tt.query, nil)
		if tt.want != "" && !strings.Contains(body, tt.want) {
			t.Errorf("/login?%s does not show %q", tt.query, tt.want)
		}
		if tt.not != "" && strings.Contains(body, tt.not) {
			t.Errorf("/login?%s shows %q", tt.query, tt.not)
		}
		if tt.want == "" && strings.Contains(body, `class="notice"`) {
			t.Errorf("/login?%s shows a notice", tt.query)
		}
	}
	// A page that needs a login sends its reason as a key.
	resp, _ := w.do(w.client(), "GET", "/admin", nil)
	if loc := resp.Header.Get("Location"); !strings.HasSuffix(loc, "&why=err.login_required") {
		t.Errorf("redirect to the login form: %q, want the reason as a key", loc)
	}
}

var chineseMessage = regexp.MustCompile(`\p{Han}`)

// Every text field refuses control characters and overlong text with a
// Chinese message, on forms and in JSON, before the database sees it;
// markup is stored as typed and shown escaped.
func TestTextFieldLimits(t *testing.T) {
	w := newWorld(t)
	staff := w.login("minhe")
	minhe := w.community("民和社区")
	bad := map[string]string{
		"NUL":        "王\x00小",
		"control":    "王\x1b[31m小",
		"line break": "王\n小",
		"bad UTF-8":  "王\xff小",
	}
	type call struct {
		name     string
		form     bool
		path     string
		field    string
		body     func(v string) url.Values
		json     func(v string) any
		client   *http.Client
		maxChars int
	}
	calls := []call{
		{name: "student name (form)", form: true, path: fmt.Sprintf("/communities/%d/students", minhe.ID), field: "name", client: staff, maxChars: 50,
			body: func(v string) url.Values {
				return url.Values{"name": {v}, "grade": {"3"}, "birth_month": {"2017-05"}}
			}},
		{name: "student name (API)", path: fmt.Sprintf("/api/v1/communities/%d/students", minhe.ID), client: staff, maxChars: 50,
			json: func(v string) any { return map[string]any{"name": v, "grade": 3, "birth_month": "2017-05"} }},
		{name: "username (form)", form: true, path: "/login", client: w.client(), maxChars: 50,
			body: func(v string) url.Values { return url.Values{"username": {v}, "password": {"x"}} }},
		{name: "username (API)", path: "/api/v1/login", client: w.client(), maxChars: 50,
			json: func(v string) any { return map[string]any{"username": v, "password": "x"} }},
		{name: "new password (form)", form: true, path: "/account/password", client: staff, maxChars: 128,
			body: func(v string) url.Values { return url.Values{"current": {demo.Password}, "new": {v}, "confirm": {v}} }},
		{name: "reset code (API)", path: "/api/v1/password-reset", client: w.client(), maxChars: 32,
			json: func(v string) any { return map[string]any{"code": v, "new": "a-long-new-pass"} }},
		{name: "answer (form)", form: true, path: "/screenings/1/answer", client: staff, maxChars: 500,
			body: func(v string) url.Values { return url.Values{"item": {"x"}, "answer": {v}} }},
	}
	for _, c := range calls {
		send := func(v string) (*http.Response, string) {
			if c.form {
				return w.postForm(c.client, c.path, c.body(v))
			}
			b, _ := json.Marshal(c.json(v))
			return w.do(c.client, "POST", c.path, strings.NewReader(string(b)), "Content-Type", "application/json")
		}
		for what, v := range bad {
			if what == "bad UTF-8" && !c.form {
				continue // JSON cannot carry it: encoding/json sends U+FFFD
			}
			resp, body := send(v)
			if resp.StatusCode != http.StatusBadRequest || !chineseMessage.MatchString(body) || !strings.Contains(body, "字符") {
				t.Errorf("%s with %s: %d %.300s", c.name, what, resp.StatusCode, body)
			}
		}
		resp, body := send(strings.Repeat("长", c.maxChars+1))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, fmt.Sprintf("最多 %d 个字", c.maxChars)) {
			t.Errorf("%s with %d characters: %d %.300s", c.name, c.maxChars+1, resp.StatusCode, body)
		}
	}
	// Markup within the limit is kept as typed and shown as text.
	script := `<script>alert("x")</script>`
	resp, _ := w.postForm(staff, fmt.Sprintf("/communities/%d/students", minhe.ID),
		url.Values{"name": {script}, "grade": {"3"}, "birth_month": {"2017-05"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a name with markup: %d", resp.StatusCode)
	}
	_, body := w.do(staff, "GET", resp.Header.Get("Location"), nil)
	if strings.Contains(body, script) || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("the name with markup is not escaped on the page: %.500s", body)
	}
}

// Everyone changes their own password under the policy; staff issue a
// one-time code for an account in their scope.
func TestPasswordChangeAndReset(t *testing.T) {
	w := newWorld(t)
	gran := w.login("wang_jz")
	other := w.login("wang_jz") // a second device, signed out by the change
	change := func(current, next, confirm string) (*http.Response, string) {
		return w.postForm(gran, "/account/password", url.Values{"current": {current}, "new": {next}, "confirm": {confirm}})
	}
	for _, tt := range []struct{ current, next, confirm, want string }{
		{demo.Password, "short", "short", "至少 8 个字符"},
		{demo.Password, "12345678", "12345678", "太常见"},
		{demo.Password, "a-new-password", "another-one", "不一致"},
		{"wrong-current", "a-new-password", "a-new-password", "当前密码不正确"},
	} {
		resp, body := change(tt.current, tt.next, tt.confirm)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) {
			t.Errorf("change to %q: %d, want %q: %.300s", tt.next, resp.StatusCode, tt.want, body)
		}
	}
	resp, _ := change(demo.Password, "a-new-password", "a-new-password")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	_, body := w.do(gran, "GET", resp.Header.Get("Location"), nil)
	if !strings.Contains(body, "密码已修改") {
		t.Errorf("no confirmation after the change: %.300s", body)
	}
	if resp, _ := w.do(other, "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the other device's session survived the change: %d", resp.StatusCode)
	}
	if resp, _ := w.do(gran, "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the changing device was signed out: %d", resp.StatusCode)
	}

	// Staff of the other community cannot issue a code for this guardian.
	gid, _ := w.db.UserByUsername(context.Background(), "wang_jz")
	path := fmt.Sprintf("/accounts/%d/reset-code", gid.ID)
	if resp, _ := w.postForm(w.login("minmao"), path, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("staff out of scope issuing a code: %d, want 404", resp.StatusCode)
	}
	resp, body = w.postForm(w.login("minhe"), path, nil)
	code := regexp.MustCompile(`<strong>([A-Z0-9]{10})</strong>`).FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || code == nil {
		t.Fatalf("issue a code: %d %.500s", resp.StatusCode, body)
	}
	reset := func() *http.Response {
		resp, _ := w.postForm(w.client(), "/reset", url.Values{"code": {strings.ToLower(code[1])}, "new": {"reset-by-code-1"}, "confirm": {"reset-by-code-1"}})
		return resp
	}
	if resp := reset(); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?why=msg.password_reset" {
		t.Fatalf("reset with the code: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := reset(); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the code worked twice: %d", resp.StatusCode)
	}
	if resp, _ := w.postForm(w.client(), "/login", url.Values{"username": {"wang_jz"}, "password": {"reset-by-code-1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the reset password: %d", resp.StatusCode)
	}
	for action, want := range map[string]int{zhixi.AuditPassword: 2, zhixi.AuditResetCode: 1} {
		if n := w.auditCount(action); n != want {
			t.Errorf("%d %s audit rows, want %d", n, action, want)
		}
	}
}

// A session ends 7 days after sign-in however busy it is.
func TestSessionAbsoluteLifetime(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	w := newWorldWith(t, func(cfg *web.Config) { cfg.Now = clock })
	c := w.login("minhe")
	for h := 10; h < 7*24; h += 10 {
		mu.Lock()
		now = now.Add(10 * time.Hour)
		mu.Unlock()
		if resp, _ := w.do(c, "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("an active session ended after %d hours: %d", h, resp.StatusCode)
		}
	}
	mu.Lock()
	now = now.Add(10 * time.Hour)
	mu.Unlock()
	if resp, _ := w.do(c, "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a session past 7 days: %d, want 401", resp.StatusCode)
	}
}
