package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store/storetest"
	"github.com/zhixi-org/zhixi/web"
)

// TestAnswerChecksAccessAtWrite: a practice answer may reuse the session
// and the student its server read for an earlier answer, so access is
// checked at the write. With two servers on one database, a logout and a
// withdrawn consent on one stop the next answer on the other, which
// stores nothing; a change to another family's record does not stop it,
// and the answer is stored once.
func TestAnswerChecksAccessAtWrite(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			bank := contentBank(t)
			h := password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 4)
			dsn := storetest.DSN(t, engine)
			var ws [2]*world
			for i := range ws {
				db := storetest.OpenDSN(t, dsn)
				if i == 0 {
					if err := demo.Seed(ctx, db, h); err != nil {
						t.Fatal(err)
					}
					if _, err := learn.SyncContent(ctx, db, bank, time.Now()); err != nil {
						t.Fatal(err)
					}
				}
				s, err := web.New(web.Config{Store: db, Hasher: h, Content: bank})
				if err != nil {
					t.Fatal(err)
				}
				srv := httptest.NewServer(s)
				t.Cleanup(srv.Close)
				ws[i] = &world{t: t, db: db, srv: srv, app: s}
			}
			a, b := ws[0], ws[1]
			li := a.student("李华")
			// share presents c's cookies for server a to server b too.
			share := func(c *http.Client) {
				ua, _ := url.Parse(a.srv.URL)
				ub, _ := url.Parse(b.srv.URL)
				c.Jar.SetCookies(ub, c.Jar.Cookies(ua))
			}
			next := fmt.Sprintf("/api/v1/students/%d/practice/math/next", li.ID)
			answers := fmt.Sprintf("/api/v1/students/%d/practice/math/answers", li.ID)
			stored := func() int {
				atts, err := a.db.Attempts(ctx, li.ID)
				if err != nil {
					t.Fatal(err)
				}
				return len(atts)
			}
			// question is the question on a now, after taking a rest's
			// first offer as the student would.
			question := func(c *http.Client) string {
				t.Helper()
				code, r := a.practice(c, next, "")
				if code == 200 && r.Practice.Question == nil && len(r.Practice.Offers) > 0 {
					page := fmt.Sprintf("/students/%d/practice/math/start", li.ID)
					a.postForm(c, page, url.Values{"offer": {r.Practice.Offers[0].Kind}})
					code, r = a.practice(c, next, "")
				}
				if code != 200 || r.Practice.Question == nil {
					t.Fatalf("no question to answer: %d %+v", code, r)
				}
				return r.Practice.Question.ItemID
			}
			// answer says "不会" to the question on a and returns the reply.
			answer := func(c *http.Client) (int, practiceReply) {
				t.Helper()
				return a.practice(c, answers, fmt.Sprintf(`{"item":%q,"skip":true,"answer_id":"a%d"}`, question(c), time.Now().UnixNano()))
			}

			kid := a.login("lihua")
			a.skipScreening(kid, li.ID)
			if code, r := answer(kid); code != 200 {
				t.Fatalf("first answer: %d %+v", code, r.Error)
			}

			// Logged out on server b: server a's next answer is refused,
			// even from a tablet that kept the cookie.
			share(kid)
			ua, _ := url.Parse(a.srv.URL)
			kept := kid.Jar.Cookies(ua)
			if resp, body := b.do(kid, "POST", "/api/v1/logout", nil); resp.StatusCode/100 != 2 {
				t.Fatalf("logout on b: %d %s", resp.StatusCode, body)
			}
			kid.Jar.SetCookies(ua, kept)
			n := stored()
			code, r := a.practice(kid, answers, `{"item":"math.g3.frac.1","skip":true}`)
			if code != http.StatusUnauthorized {
				t.Fatalf("answer after a logout on the other server: %d %+v, want 401", code, r.Error)
			}
			if stored() != n {
				t.Fatal("an answer after a logout was stored")
			}

			// Another family's guardian link changes on b: the answer on a
			// is read afresh and stored once.
			kid = a.login("lihua")
			if code, r := answer(kid); code != 200 {
				t.Fatalf("answer after logging in again: %d %+v", code, r.Error)
			}
			ming := a.student("王小明")
			guardian, err := a.db.UserByUsername(ctx, "li_jz")
			if err != nil {
				t.Fatal(err)
			}
			if err := b.db.LinkGuardian(ctx, ming.ID, guardian.ID, "舅舅"); err != nil {
				t.Fatal(err)
			}
			n = stored()
			if code, r := answer(kid); code != 200 || stored() != n+1 {
				t.Fatalf("answer after another family's change: %d %+v, %d attempts stored, want 1", code, r.Error, stored()-n)
			}
			// The same through the page's form.
			item := question(kid)
			if err := b.db.LinkGuardian(ctx, a.student("王小红").ID, guardian.ID, "舅舅"); err != nil {
				t.Fatal(err)
			}
			n = stored()
			resp, body := a.postForm(kid, fmt.Sprintf("/students/%d/practice/math/answer", li.ID),
				url.Values{"item": {item}, "skip": {"1"}, "answer_id": {"form1"}})
			if resp.StatusCode != 200 || stored() != n+1 {
				t.Fatalf("form answer after another family's change: %d, %d attempts stored, want 1\n%.600s", resp.StatusCode, stored()-n, body)
			}

			// The guardian withdraws consent on b: the next answer on a is
			// refused for it, and nothing is stored.
			dad := b.login("li_jz")
			if resp, body := b.do(dad, "POST", fmt.Sprintf("/api/v1/students/%d/consent/withdraw", li.ID), nil); resp.StatusCode/100 != 2 {
				t.Fatalf("withdraw on b: %d %s", resp.StatusCode, body)
			}
			n = stored()
			code, r = a.practice(kid, answers, `{"item":"math.g3.frac.1","skip":true}`)
			if code != http.StatusForbidden || r.Error.Key != "err.consent_withdrawn" {
				t.Fatalf("answer after consent withdrawn on the other server: %d %+v", code, r.Error)
			}
			if stored() != n {
				t.Fatal("an answer after consent was withdrawn was stored")
			}
			// Each of the four answers after a change ran again once.
			rec := httptest.NewRecorder()
			a.app.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			if !strings.Contains(rec.Body.String(), "\nzhixi_access_rereads_total 4\n") {
				t.Errorf("metrics do not count 4 answers run again:\n%s", grepLines(rec.Body.String(), "zhixi_access"))
			}
		})
	}
}
