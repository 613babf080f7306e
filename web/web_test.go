package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
	"github.com/zhixi-org/zhixi/web"
)

// world is a running server over the demo data on either engine.
type world struct {
	t   *testing.T
	db  *store.DB
	srv *httptest.Server
	app *web.Server
}

func newWorld(t *testing.T, bank ...*curriculum.Bank) *world {
	t.Helper()
	return newWorldWith(t, func(cfg *web.Config) {
		if len(bank) > 0 {
			cfg.Content = bank[0]
		}
	})
}

// newWorldWith is newWorld with the server's configuration changed by
// edit (a clock, content).
func newWorldWith(t *testing.T, edit func(*web.Config)) *world {
	t.Helper()
	return newWorldOn(t, storetest.Open(t), edit)
}

// newWorldOn is newWorldWith on a given store (storetest.Each runs a
// test on each engine).
func newWorldOn(t *testing.T, db *store.DB, edit func(*web.Config)) *world {
	t.Helper()
	h := password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 4)
	if err := demo.Seed(context.Background(), db, h); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(testLog{t}, nil))
	cfg := web.Config{Store: db, Hasher: h, Logger: log,
		Fitter: &learn.Fitter{Store: db, Holder: "test", Hour: 2, Options: kt.Options{Seed: 1, Restarts: 2}, Log: log, Now: time.Now}}
	edit(&cfg)
	s, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &world{t: t, db: db, srv: srv, app: s}
}

// testLog sends the server's log to the test's, shown when a test fails.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// client is a browser-like client that keeps cookies and does not follow
// redirects, so tests can assert where a page sends the user.
func (w *world) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (w *world) do(c *http.Client, method, path string, body io.Reader, hdr ...string) (*http.Response, string) {
	w.t.Helper()
	req, err := http.NewRequest(method, w.srv.URL+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (w *world) postForm(c *http.Client, path string, form url.Values) (*http.Response, string) {
	return w.do(c, "POST", path, strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
}

func (w *world) login(username string) *http.Client {
	w.t.Helper()
	c := w.client()
	resp, body := w.postForm(c, "/login", url.Values{"username": {username}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		w.t.Fatalf("login %s: status %d: %s", username, resp.StatusCode, body)
	}
	return c
}

func (w *world) community(name string) zhixi.Community {
	w.t.Helper()
	cs, err := w.db.Communities(context.Background(), 0)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	w.t.Fatalf("no community %s", name)
	return zhixi.Community{}
}

func (w *world) student(name string) zhixi.Student {
	w.t.Helper()
	ss, err := w.db.Students(context.Background(), zhixi.StudentFilter{})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, s := range ss {
		if s.Name == name {
			return s
		}
	}
	w.t.Fatalf("no student %s", name)
	return zhixi.Student{}
}

func TestLoginLandsOnRoleStartPage(t *testing.T) {
	w := newWorld(t)
	minhe := w.community("民和社区")
	user, err := w.db.UserByUsername(context.Background(), "jiedao")
	if err != nil {
		t.Fatal(err)
	}
	rooms, err := w.db.Rooms(context.Background(), minhe.ID)
	if err != nil || len(rooms) != 1 {
		t.Fatalf("rooms of 民和: %v %v", rooms, err)
	}
	tests := []struct{ user, want string }{
		{"admin", "/admin"},
		{"jiedao", fmt.Sprintf("/streets/%d", user.StreetID)},
		{"minhe", fmt.Sprintf("/communities/%d", minhe.ID)},
		{"duxue", fmt.Sprintf("/rooms/%d", rooms[0].ID)},
		{"wang_jz", "/guardian"},
		{"xiaoming", "/me"},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			c := w.client()
			resp, _ := w.postForm(c, "/login", url.Values{"username": {tt.user}, "password": {demo.Password}})
			if got := resp.Header.Get("Location"); got != tt.want {
				t.Fatalf("redirect to %q, want %q", got, tt.want)
			}
			ck := resp.Cookies()
			if len(ck) != 2 || ck[0].Name != "zhixi_session" || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode {
				t.Fatalf("session cookie flags: %+v", ck)
			}
			// The device cookie goes only to the login form, never to a
			// script or another site.
			if ck[1].Name != "zhixi_device" || !ck[1].HttpOnly || ck[1].SameSite != http.SameSiteStrictMode || ck[1].Path != "/login" {
				t.Fatalf("device cookie flags: %+v", ck[1])
			}
			resp, body := w.do(c, "GET", tt.want, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("start page %s: %d %s", tt.want, resp.StatusCode, body)
			}
			if !strings.Contains(body, `lang="zh-CN"`) || !strings.Contains(body, "退出") {
				t.Fatalf("start page is not the Chinese layout: %.300s", body)
			}
		})
	}
}

func TestScopedAccessByChangingIDs(t *testing.T) {
	w := newWorld(t)
	minmao := w.community("民懋社区")
	minhe := w.community("民和社区")
	lihua := w.student("李华")     // 民懋, guardian li_jz
	xiaoming := w.student("王小明") // 民和, guardian wang_jz
	streetOf := minhe.StreetID

	tests := []struct {
		user, path string
		want       int
	}{
		{"minhe", fmt.Sprintf("/communities/%d", minmao.ID), 404},
		{"minhe", fmt.Sprintf("/students/%d", lihua.ID), 404},
		{"minhe", fmt.Sprintf("/api/v1/students/%d", lihua.ID), 404},
		{"minhe", fmt.Sprintf("/api/v1/communities/%d/students", minmao.ID), 404},
		{"minhe", fmt.Sprintf("/students/%d", xiaoming.ID), 200},
		{"minmao", fmt.Sprintf("/students/%d", xiaoming.ID), 404},
		// The room serves both communities, so its supervisor sees both.
		{"duxue", fmt.Sprintf("/communities/%d", minmao.ID), 200},
		{"duxue", fmt.Sprintf("/students/%d", lihua.ID), 200},
		{"wang_jz", fmt.Sprintf("/students/%d", lihua.ID), 404},
		{"wang_jz", fmt.Sprintf("/students/%d", xiaoming.ID), 200},
		{"wang_jz", fmt.Sprintf("/communities/%d", minhe.ID), 404},
		{"li_jz", fmt.Sprintf("/api/v1/students/%d", xiaoming.ID), 404},
		{"xiaoming", fmt.Sprintf("/students/%d", lihua.ID), 404},
		{"xiaoming", fmt.Sprintf("/students/%d", xiaoming.ID), 200},
		{"jiedao", fmt.Sprintf("/students/%d", xiaoming.ID), 404},
		{"jiedao", fmt.Sprintf("/api/v1/communities/%d/students", minhe.ID), 403},
		{"jiedao", fmt.Sprintf("/streets/%d", streetOf), 200},
		{"jiedao", fmt.Sprintf("/streets/%d", streetOf+100), 404},
		{"minhe", "/admin/audit", 403},
		{"minhe", "/api/v1/audit", 403},
		{"admin", fmt.Sprintf("/students/%d", lihua.ID), 200},
		{"admin", "/students/999999", 404},
		{"admin", "/students/abc", 400},
	}
	clients := map[string]*http.Client{}
	for _, tt := range tests {
		c := clients[tt.user]
		if c == nil {
			c = w.login(tt.user)
			clients[tt.user] = c
		}
		resp, body := w.do(c, "GET", tt.path, nil)
		if resp.StatusCode != tt.want {
			t.Errorf("%s GET %s: %d, want %d", tt.user, tt.path, resp.StatusCode, tt.want)
		}
		if resp.StatusCode == 404 && tt.user != "xiaoming" && (strings.Contains(body, lihua.Name) || strings.Contains(body, xiaoming.Name)) {
			t.Errorf("%s GET %s: a refusal leaks a name: %.200s", tt.user, tt.path, body)
		}
	}
	// The street viewer sees aggregates, never a name.
	_, body := w.do(clients["jiedao"], "GET", fmt.Sprintf("/streets/%d", streetOf), nil)
	if !strings.Contains(body, "民和社区") || strings.Contains(body, xiaoming.Name) {
		t.Errorf("street page should list communities and no student: %.400s", body)
	}
}

func TestLoginErrorsAndLockout(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	resp, body := w.postForm(c, "/login", url.Values{"username": {"minhe"}, "password": {"wrong"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "用户名或密码不正确") {
		t.Fatalf("wrong password: %d %.300s", resp.StatusCode, body)
	}
	resp, body = w.postForm(c, "/login", url.Values{"username": {"minhe"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "请填写“密码”") {
		t.Fatalf("missing password: %d %.300s", resp.StatusCode, body)
	}
	for i := 0; i < 4; i++ {
		resp, _ = w.postForm(c, "/login", url.Values{"username": {"minhe"}, "password": {"wrong"}})
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("5th failure: status %d, want 429", resp.StatusCode)
	}
	// Locked even with the right password now.
	resp, body = w.postForm(c, "/login", url.Values{"username": {"minhe"}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "后再试") {
		t.Fatalf("locked account with right password: %d %.300s", resp.StatusCode, body)
	}
	// Another account from the same address is not locked by it.
	w.login("minmao")
}

func TestSessionExpiryAndLogout(t *testing.T) {
	w := newWorld(t)
	c := w.login("admin")
	resp, _ := w.do(c, "POST", "/logout", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	resp, _ = w.do(c, "GET", "/admin", nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=%2Fadmin") {
		t.Fatalf("after logout: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A forged or stale cookie is treated as an expired session.
	u, _ := url.Parse(w.srv.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "zhixi_session", Value: "stale"}})
	resp, body := w.do(c, "GET", "/api/v1/me", nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"code":"unauthorized"`) {
		t.Fatalf("stale cookie: %d %s", resp.StatusCode, body)
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	w := newWorld(t)
	c := w.login("minhe")
	minhe := w.community("民和社区")
	before, _ := w.db.Students(context.Background(), zhixi.StudentFilter{CommunityID: minhe.ID})
	form := url.Values{"name": {"张三"}, "grade": {"3"}, "birth_month": {"2017-01"}}
	resp, _ := w.do(c, "POST", fmt.Sprintf("/communities/%d/students", minhe.ID), strings.NewReader(form.Encode()),
		"Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", resp.StatusCode)
	}
	after, _ := w.db.Students(context.Background(), zhixi.StudentFilter{CommunityID: minhe.ID})
	if len(after) != len(before) {
		t.Fatalf("cross-site POST wrote a student")
	}
}

func TestStudentCreateValidatesAndAudits(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.login("minhe")
	minhe := w.community("民和社区")
	path := fmt.Sprintf("/api/v1/communities/%d/students", minhe.ID)
	bad := []struct{ body, code, msg string }{
		{`{"name":"张三","grade":13,"birth_month":"2015-01"}`, "invalid", "年级"},
		{`{"name":"","grade":3,"birth_month":"2015-01"}`, "invalid", "姓名"},
		{`{"name":"张三","grade":3,"birth_month":"2015/01"}`, "invalid", "出生年月"},
		{`{"name":"张三","grade":3,"birth_month":"2015-01","ssn":"1"}`, "invalid", "JSON"},
		{`{"name":"张三",`, "invalid", "JSON"},
		{``, "invalid", "请求体为空"},
	}
	before, _ := w.db.Students(ctx, zhixi.StudentFilter{})
	for _, b := range bad {
		resp, body := w.do(c, "POST", path, strings.NewReader(b.body), "Content-Type", "application/json")
		var e struct {
			Error struct{ Code, Message string }
		}
		_ = json.Unmarshal([]byte(body), &e)
		if resp.StatusCode != 400 || e.Error.Code != b.code || !strings.Contains(e.Error.Message, b.msg) {
			t.Errorf("POST %s: %d %s", b.body, resp.StatusCode, body)
		}
	}
	after, _ := w.db.Students(ctx, zhixi.StudentFilter{})
	if len(after) != len(before) {
		t.Fatalf("bad input wrote %d students", len(after)-len(before))
	}
	resp, body := w.do(c, "POST", path, strings.NewReader(`{"name":"张三","grade":3,"birth_month":"2017-01"}`), "Content-Type", "application/json")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var created struct{ Student struct{ ID int64 } }
	_ = json.Unmarshal([]byte(body), &created)
	// Staff of another community may not create students here.
	resp, _ = w.do(w.login("minmao"), "POST", path, strings.NewReader(`{"name":"李四","grade":3,"birth_month":"2017-01"}`), "Content-Type", "application/json")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("other community's staff create: %d", resp.StatusCode)
	}
	// The creation and a read are in the audit log for the admin.
	w.do(c, "GET", fmt.Sprintf("/students/%d", created.Student.ID), nil)
	resp, body = w.do(w.login("admin"), "GET", fmt.Sprintf("/api/v1/audit?student=%d", created.Student.ID), nil)
	var log struct {
		Entries []struct{ Action, Object, IP string }
		Total   int
	}
	if err := json.Unmarshal([]byte(body), &log); err != nil || resp.StatusCode != 200 {
		t.Fatalf("audit: %d %s", resp.StatusCode, body)
	}
	if log.Total != 2 || log.Entries[0].Action != "read" || log.Entries[1].Action != "create" || log.Entries[0].IP == "" {
		t.Fatalf("audit entries: %+v", log)
	}
	resp, _ = w.do(w.login("admin"), "GET", "/admin/audit?action=read&from=2020-01-01", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("audit page: %d", resp.StatusCode)
	}
	resp, _ = w.do(w.login("admin"), "GET", "/admin/audit?from=yesterday", nil)
	if resp.StatusCode != 400 {
		t.Fatalf("audit page with a bad date: %d, want 400", resp.StatusCode)
	}
}

func TestGuardianConsent(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	hong := w.student("王小红") // no consent yet, guardian wang_jz
	if !hong.NeedsConsent() {
		t.Fatal("fixture: 王小红 should need consent")
	}
	path := fmt.Sprintf("/students/%d/consent", hong.ID)
	if resp, _ := w.do(w.login("li_jz"), "POST", path, nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("another guardian's consent: %d, want 404", resp.StatusCode)
	}
	if resp, _ := w.do(w.login("minhe"), "POST", path, nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("staff consent: %d, want 403", resp.StatusCode)
	}
	st, _ := w.db.Student(ctx, hong.ID)
	if !st.NeedsConsent() {
		t.Fatal("a refused consent was recorded")
	}
	g := w.login("wang_jz")
	_, body := w.do(g, "GET", fmt.Sprintf("/students/%d", hong.ID), nil)
	if !strings.Contains(body, "我同意") {
		t.Fatalf("guardian page has no consent form: %.300s", body)
	}
	if resp, _ := w.do(g, "POST", path, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("guardian consent: %d", resp.StatusCode)
	}
	st, _ = w.db.Student(ctx, hong.ID)
	if st.NeedsConsent() {
		t.Fatal("consent not recorded")
	}
}

func TestAPIErrorsAndOps(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	tests := []struct {
		method, path, body string
		status             int
		code               string
	}{
		{"GET", "/api/v1/me", "", 401, "unauthorized"},
		{"POST", "/api/v1/login", `{"username":"admin","password":"x"}`, 401, "unauthorized"},
		{"POST", "/api/v1/login", `not json`, 400, "invalid"},
		{"GET", "/api/v1/nothing", "", 404, "not_found"},
	}
	for _, tt := range tests {
		resp, body := w.do(c, tt.method, tt.path, strings.NewReader(tt.body), "Content-Type", "application/json")
		if resp.StatusCode != tt.status || !strings.Contains(body, `"code":"`+tt.code+`"`) || !strings.Contains(resp.Header.Get("Content-Type"), "json") {
			t.Errorf("%s %s: %d %s", tt.method, tt.path, resp.StatusCode, body)
		}
	}
	resp, body := w.do(c, "POST", "/api/v1/login", strings.NewReader(`{"username":"admin","password":"`+demo.Password+`"}`), "Content-Type", "application/json")
	if resp.StatusCode != 200 || !strings.Contains(body, `"start_page":"/admin"`) || strings.Contains(body, "argon2") {
		t.Fatalf("API login: %d %s", resp.StatusCode, body)
	}
	for path, want := range map[string]string{"/healthz": `"ok"`, "/readyz": `"database":"ok"`} {
		resp, body := w.do(c, "GET", path, nil)
		if resp.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d %.200s", path, resp.StatusCode, body)
		}
	}
	resp, body = w.do(c, "GET", "/login", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "登录") {
		t.Fatalf("login page: %d", resp.StatusCode)
	}
}

// downStore is a store whose database has gone away.
type downStore struct{ *store.DB }

func (downStore) Ping(context.Context) error {
	return fmt.Errorf("dial tcp 127.0.0.1:5432: connection refused")
}

func TestReadyzReportsDatabaseDown(t *testing.T) {
	db := storetest.Open(t)
	h := password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 1)
	s, err := web.New(web.Config{Store: downStore{db}, Hasher: h})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "unreachable") {
		t.Fatalf("readyz with the database down: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("healthz must stay up while the database is down: %d", rec.Code)
	}
}

// TestTwoServersShareOneDatabase runs two app servers, each with its own
// connection pool, on one database (PostgreSQL in CI): a login made on one
// works on the other, and failed logins on both count toward one lockout.
func TestTwoServersShareOneDatabase(t *testing.T) {
	engines := storetest.Engines()
	dsn := storetest.DSN(t, engines[len(engines)-1])
	h := password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 4)
	var urls []string
	for i := 0; i < 2; i++ {
		db := storetest.OpenDSN(t, dsn)
		if i == 0 {
			if err := demo.Seed(context.Background(), db, h); err != nil {
				t.Fatal(err)
			}
		}
		s, err := web.New(web.Config{Store: db, Hasher: h})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL)
	}
	a := &world{t: t, srv: &httptest.Server{URL: urls[0]}}
	b := &world{t: t, srv: &httptest.Server{URL: urls[1]}}

	c := a.login("admin")
	// The same session cookie, presented to the other server.
	ua, _ := url.Parse(urls[0])
	ub, _ := url.Parse(urls[1])
	c.Jar.SetCookies(ub, c.Jar.Cookies(ua))
	if resp, body := b.do(c, "GET", "/api/v1/me", nil); resp.StatusCode != 200 || !strings.Contains(body, `"username":"admin"`) {
		t.Fatalf("session from server A on server B: %d %s", resp.StatusCode, body)
	}
	// Alternate failures between servers: the fifth locks the account on both.
	var last *http.Response
	for i := 0; i < 5; i++ {
		w := []*world{a, b}[i%2]
		last, _ = w.postForm(w.client(), "/login", url.Values{"username": {"minhe"}, "password": {"nope"}})
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("five failures across two servers: last status %d, want 429", last.StatusCode)
	}
	if resp, _ := b.postForm(b.client(), "/login", url.Values{"username": {"minhe"}, "password": {demo.Password}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("locked account logged in on the other server: %d", resp.StatusCode)
	}
}

// TestEveryStoreErrorKeyIsTranslated keeps the catalogue in step with the
// keys the store documents, so no user ever sees a raw key.
func TestEveryStoreErrorKeyIsTranslated(t *testing.T) {
	src, err := os.ReadFile("../store/errors.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := regexp.MustCompile(`(?m)^//\s+(err\.[a-z_]+)`).FindAllStringSubmatch(string(src), -1)
	if len(keys) < 10 {
		t.Fatalf("found only %d documented keys in store/errors.go: has its comment changed?", len(keys))
	}
	for _, k := range keys {
		if !web.Translated(k[1]) {
			t.Errorf("store error key %s has no Chinese message in web/i18n.go", k[1])
		}
	}
}
