package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
	"github.com/zhixi-org/zhixi/web"
)

func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	resp := rec.Result()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestStaticServesFilesNotDirectories(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	for path, want := range map[string]int{
		"/static/app.css": 200, "/static/": 404, "/static/vendor/": 404, "/static/vendor": 404,
		"/static/vendor/katex/": 404, "/static/nothing.css": 404,
	} {
		resp, body := w.do(c, "GET", path, nil)
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
		if want == 404 && strings.Contains(body, "<pre>") {
			t.Errorf("GET %s lists the directory:\n%.300s", path, body)
		}
	}
}

func TestMetricsOnlyOnTheirOwnHandler(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db := storetest.OpenEngine(t, engine)
			s, err := web.New(web.Config{Store: db, Hasher: password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 1)})
			if err != nil {
				t.Fatal(err)
			}
			if resp, _ := get(t, s, "/metrics"); resp.StatusCode != 404 {
				t.Errorf("/metrics on the app router: %d, want 404", resp.StatusCode)
			}
			get(t, s, "/login")
			resp, body := get(t, s.MetricsHandler(), "/metrics")
			if resp.StatusCode != 200 {
				t.Fatalf("metrics handler: %d", resp.StatusCode)
			}
			pools := map[string][]string{store.SQLite: {"read", "write"}, store.Postgres: {"main"}}[engine]
			for _, p := range pools {
				for _, m := range []string{"go_sql_open_connections", "go_sql_in_use_connections", "go_sql_idle_connections", "go_sql_max_open_connections", "go_sql_wait_count_total"} {
					if want := m + `{db_name="` + p + `"}`; !strings.Contains(body, want) {
						t.Errorf("metrics lack %s", want)
					}
				}
			}
			for _, m := range []string{"zhixi_http_in_flight", "zhixi_http_shed_total", "zhixi_http_requests_total"} {
				if !strings.Contains(body, m) {
					t.Errorf("metrics lack %s", m)
				}
			}
		})
	}
}

// gatedStore holds every session lookup until gate is closed, so a test
// can keep a request in flight.
type gatedStore struct {
	*store.DB
	entered chan struct{}
	gate    chan struct{}
}

func (g *gatedStore) Session(ctx context.Context, tokenHash string, now time.Time) (*zhixi.Session, error) {
	g.entered <- struct{}{}
	<-g.gate
	return g.DB.Session(ctx, tokenHash, now)
}

// SessionUser is the read a request's session lookup makes (the store
// reads the session and its user together).
func (g *gatedStore) SessionUser(ctx context.Context, tokenHash string, now time.Time) (*zhixi.Session, *zhixi.User, error) {
	g.entered <- struct{}{}
	<-g.gate
	return g.DB.SessionUser(ctx, tokenHash, now)
}

// TestOverloadSheds503 fills the only in-flight slot and expects the next
// request to be answered 503 with Retry-After within the queue wait, not
// to queue behind it; probes still answer.
func TestOverloadSheds503(t *testing.T) {
	gs := &gatedStore{DB: storetest.Open(t), entered: make(chan struct{}, 1), gate: make(chan struct{})}
	s, err := web.New(web.Config{Store: gs, Hasher: password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 1),
		MaxInFlight: 1, QueueWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	first := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
		req.AddCookie(&http.Cookie{Name: "zhixi_session", Value: "held"})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	<-gs.entered
	for _, path := range []string{"/api/v1/me", "/login"} {
		start := time.Now()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s: shed after %s, want within the queue wait", path, took)
		}
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s under overload: %d Retry-After=%q %.200s", path, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if path == "/api/v1/me" && !strings.Contains(string(body), `"key":"err.overloaded"`) {
			t.Errorf("API shed body: %s", body)
		}
		if path == "/login" && !strings.Contains(string(body), "系统正忙") {
			t.Errorf("page shed body lacks the Chinese message: %.300s", body)
		}
	}
	if resp, err := http.Get(srv.URL + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz under overload: %v %v", resp, err)
	}
	close(gs.gate)
	if code := <-first; code != http.StatusUnauthorized {
		t.Errorf("held request: %d, want 401 (unknown session)", code)
	}
	if resp, err := http.Get(srv.URL + "/login"); err != nil || resp.StatusCode != 200 {
		t.Errorf("after the overload: %v %v", resp, err)
	}
	_, body := get(t, s.MetricsHandler(), "/metrics")
	if !strings.Contains(body, "zhixi_http_shed_total 2") {
		t.Errorf("shed counter:\n%s", grepLines(body, "zhixi_http_shed"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for l := range strings.Lines(s) {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}
