package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store/storetest"
	"github.com/zhixi-org/zhixi/web"
)

// FuzzRequestBodies sends arbitrary bodies to every JSON and form route
// that decodes one, as a logged-in admin: bad input must get a 4xx with a
// clear message (JSON error on the API), never a panic or a 5xx.
func FuzzRequestBodies(f *testing.F) {
	ctx := context.Background()
	db := storetest.Open(f)
	h := password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 2)
	if err := demo.Seed(ctx, db, h); err != nil {
		f.Fatal(err)
	}
	bank, err := curriculum.Load(fstest.MapFS{"math/g3.yaml": {Data: []byte(contentFixture)}})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := learn.SyncContent(ctx, db, bank, time.Now()); err != nil {
		f.Fatal(err)
	}
	s, err := web.New(web.Config{Store: db, Hasher: h, Content: bank})
	if err != nil {
		f.Fatal(err)
	}
	serve := func(method, path, ct, body, cookie string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		if cookie != "" {
			r.Header.Set("Cookie", cookie)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		return rec
	}
	login := serve("POST", "/api/v1/login", "application/json", `{"username":"admin","password":"`+demo.Password+`"}`, "")
	if login.Code != 200 {
		f.Fatalf("login: %d %s", login.Code, login.Body)
	}
	cookie := strings.Split(login.Header().Get("Set-Cookie"), ";")[0]
	const ctJSON, ctForm = "application/json", "application/x-www-form-urlencoded"
	routes := []struct{ path, ct string }{
		{"/api/v1/login", ctJSON},
		{"/api/v1/communities/1/students", ctJSON},
		{"/api/v1/students/1/screenings", ctJSON},
		{"/api/v1/screenings/1/answers", ctJSON},
		{"/api/v1/students/1/practice/math/answers", ctJSON},
		{"/login", ctForm},
		{"/communities/1/students", ctForm},
		{"/students/1/screenings", ctForm},
		{"/screenings/1/answer", ctForm},
		{"/students/1/practice/math/answer", ctForm},
		{"/admin/content/items/math.g3.frac.1", ctForm},
	}
	for i, rt := range routes {
		if rt.ct == ctJSON {
			f.Add(uint8(i), `{"name":"王<script>\u0000","grade":3,"birth_month":"2017-01","subject":"math","item":"math.g3.frac.1","answer":"A"}`)
			f.Add(uint8(i), `{"grade":"3"}`)
		} else {
			f.Add(uint8(i), "name=%E7%8E%8B&grade=3&birth_month=2017-01&subject=math&item=math.g3.frac.1&answer=A&version=1")
			f.Add(uint8(i), "%zz&grade=99999999999999999999&answer=\x00\x1b[31m")
		}
	}
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		rt := routes[int(route)%len(routes)]
		rec := serve("POST", rt.path, rt.ct, body, cookie)
		if rec.Code >= 500 {
			t.Fatalf("POST %s %q: %d %.300s", rt.path, body, rec.Code, rec.Body)
		}
		if rt.ct == ctJSON && rec.Code >= 400 {
			var e struct {
				Error struct{ Code, Key, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("POST %s %q: %d without a JSON error: %.300s", rt.path, body, rec.Code, rec.Body)
			}
		}
		if rec.Code == http.StatusOK && rt.path == "/api/v1/login" {
			t.Fatalf("fuzzed login succeeded: %q", body)
		}
	})
}
