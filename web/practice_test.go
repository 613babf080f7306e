package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/practice"
)

type practiceReply struct {
	Practice learn.PracticeView
	Error    struct{ Code, Key, Message string }
}

func (w *world) practice(c *http.Client, path, body string) (int, practiceReply) {
	w.t.Helper()
	resp, raw := w.do(c, "POST", path, strings.NewReader(body), "Content-Type", "application/json")
	var r practiceReply
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		w.t.Fatalf("POST %s: %d %s", path, resp.StatusCode, raw)
	}
	return resp.StatusCode, r
}

// TestPracticeAfterScreening: a student who knew nothing in the screening
// practises from the root of the graph; a wrong answer brings the worked
// explanation and the point's 解读, and stale or foreign answers change
// nothing.
func TestPracticeAfterScreening(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	li := w.student("李华") // grade 6, consent given
	kid := w.login("lihua")
	next := fmt.Sprintf("/api/v1/students/%d/practice/math/next", li.ID)
	answer := fmt.Sprintf("/api/v1/students/%d/practice/math/answers", li.ID)

	if code, r := w.practice(kid, next, ""); code != 409 || r.Error.Key != "err.screening_first" {
		t.Fatalf("practice before screening: %d %+v", code, r.Error)
	}
	// The screening: "I don't know" to everything.
	w.skipScreening(kid, li.ID)

	code, r := w.practice(kid, next, "")
	if code != 200 || r.Practice.Question == nil || r.Practice.Reason == nil || r.Practice.ReasonText == "" || r.Practice.Rule == "" {
		t.Fatalf("first practice question: %d %+v", code, r)
	}
	if r.Practice.Point != "math.g3.frac" {
		t.Errorf("first point %s, want the root math.g3.frac", r.Practice.Point)
	}
	q, version := r.Practice.Question, r.Practice.Version
	// Asking again shows the same question.
	if _, again := w.practice(kid, next, ""); again.Practice.Question.ItemID != q.ItemID {
		t.Fatalf("next twice gave %s then %s", q.ItemID, again.Practice.Question.ItemID)
	}
	// Refused: another item, a stale version, another student's account.
	if code, r := w.practice(kid, answer, `{"item":"math.g4.dec.1","answer":"0.3"}`); code != 400 || r.Error.Key != "err.answer_refused" {
		t.Fatalf("answer to an item not asked: %d %+v", code, r.Error)
	}
	if code, _ := w.practice(kid, answer, fmt.Sprintf(`{"item":%q,"answer":"x","version":%d}`, q.ItemID, version+5)); code != 409 {
		t.Fatalf("stale version: %d", code)
	}
	if code, _ := w.practice(w.login("xiaoming"), answer, fmt.Sprintf(`{"item":%q,"answer":"x"}`, q.ItemID)); code != 404 {
		t.Fatalf("another student answers: %d", code)
	}
	wrong := "C"
	if q.Type == "true_false" {
		wrong = "对"
	}
	code, r = w.practice(kid, answer, fmt.Sprintf(`{"item":%q,"answer":%q,"version":%d}`, q.ItemID, wrong, version))
	if code != 200 || r.Practice.Step == nil || r.Practice.Step.Correct {
		t.Fatalf("wrong answer: %d %+v", code, r)
	}
	fb := r.Practice.Step.Feedback
	if fb == nil || fb.Explanation == "" || fb.KPExplanation == "" {
		t.Fatalf("wrong answer without explanation and 解读: %+v", r.Practice.Step)
	}
	atts, err := w.db.Attempts(ctx, li.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := atts[len(atts)-1]
	if last.Source != "practice" || last.ItemID != q.ItemID || last.Correct {
		t.Fatalf("practice attempt not stored: %+v", last)
	}

	// The models are fitted on these answers when an admin asks.
	if resp, _ := w.do(w.login("minmao"), "POST", "/admin/models/fit", nil); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("staff fits the models: %d", resp.StatusCode)
	}
	admin := w.login("admin")
	if _, body := w.do(admin, "GET", "/admin", nil); !strings.Contains(body, "还没有拟合过") {
		t.Fatal("admin page does not say the models were never fitted")
	}
	resp, body := w.do(admin, "POST", "/admin/models/fit", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "模型拟合完成") || !strings.Contains(body, "bkt-forget") {
		t.Fatalf("fit: %d %.400s", resp.StatusCode, body)
	}
	if _, body := w.do(admin, "GET", "/admin", nil); !strings.Contains(body, "最近一次拟合") || !strings.Contains(body, "按学科选用的模型") || !strings.Contains(body, "zx-lr AUC") {
		t.Fatal("admin page does not show the fit and the model chosen per subject")
	}
}

// TestPracticeAboveGrade: the supervisor's choice to let a student
// practise above their grade is stored with the practice, audited, shown
// on the student's page, and refused to the student themself.
func TestPracticeAboveGrade(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	li := w.student("李华")
	kid, sup := w.login("lihua"), w.login("duxue")
	path := fmt.Sprintf("/api/v1/students/%d/practice/math/above-grade", li.ID)
	if code, r := w.practice(sup, path, `{"above_grade":true}`); code != 409 || r.Error.Key != "err.practice_not_started" {
		t.Fatalf("before practice: %d %+v", code, r.Error)
	}
	w.skipScreening(kid, li.ID)
	if code, r := w.practice(kid, fmt.Sprintf("/api/v1/students/%d/practice/math/next", li.ID), ""); code != 200 || r.Practice.Teach == nil || r.Practice.Question == nil {
		t.Fatalf("first practice step: %d %+v, want the teaching and its question", code, r.Practice)
	}
	if code, _ := w.practice(kid, path, `{"above_grade":true}`); code != http.StatusForbidden {
		t.Fatalf("the student sets their own range: %d", code)
	}
	if code, r := w.practice(sup, path, `{}`); code != 400 || r.Error.Key != "err.bad_json" {
		t.Fatalf("no above_grade: %d %+v", code, r.Error)
	}
	code, r := w.practice(sup, path, `{"above_grade":true}`)
	if code != 200 || !r.Practice.AboveGrade {
		t.Fatalf("supervisor allows above grade: %d %+v", code, r)
	}
	if _, body := w.do(sup, "GET", fmt.Sprintf("/students/%d", li.ID), nil); !strings.Contains(body, "练习范围（督学）") || !strings.Contains(body, `value="1" checked`) {
		t.Fatalf("student page does not show the choice:\n%s", body)
	}
	if _, body := w.do(kid, "GET", fmt.Sprintf("/students/%d", li.ID), nil); strings.Contains(body, "练习范围（督学）") {
		t.Fatal("the student sees the supervisor's form")
	}
	resp, _ := w.postForm(sup, fmt.Sprintf("/students/%d/practice/math/above-grade", li.ID), url.Values{})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "msg.above_grade_saved") {
		t.Fatalf("form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	ps, err := w.db.PracticeState(ctx, li.ID, "math")
	if err != nil {
		t.Fatal(err)
	}
	var st practice.State
	if err := st.UnmarshalBinary(ps.State); err != nil || st.AboveGrade {
		t.Fatalf("stored state after the form without the box: above grade %v, %v", st.AboveGrade, err)
	}
	entries, _, err := w.db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: li.ID, Action: zhixi.AuditUpdate})
	if err != nil {
		t.Fatal(err)
	}
	var on, off bool
	for _, e := range entries {
		on = on || strings.HasSuffix(e.Detail, "above_grade on")
		off = off || strings.HasSuffix(e.Detail, "above_grade off")
	}
	if !on || !off {
		t.Errorf("audit: above grade on %v, off %v", on, off)
	}
}

// TestPracticeNeverADeadEnd: answering "不会" again and again, whenever
// no question is left the page says why and offers a way on (the next
// point on the path or a review) as buttons that work; never the old
// "已掌握的知识点还没到复习时间" with nothing mastered (issue 12).
func TestPracticeNeverADeadEnd(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	li := w.student("李华")
	kid := w.login("lihua")
	w.skipScreening(kid, li.ID)
	page := fmt.Sprintf("/students/%d/practice/math", li.ID)
	next := fmt.Sprintf("/api/v1/students/%d/practice/math/next", li.ID)
	_, r := w.practice(kid, next, "")
	rests := 0
	for i := 0; i < 40; i++ {
		if r.Practice.Question == nil {
			rests++
			_, body := w.do(kid, "GET", page, nil)
			if strings.Contains(body, "还没到复习时间") || len(r.Practice.Offers) == 0 || !strings.Contains(body, `name="offer"`) || !strings.Contains(body, r.Practice.Offers[0].Text) {
				t.Fatalf("a rest without a way on (%s):\n%s", r.Practice.RestCode, body)
			}
			resp, _ := w.postForm(kid, page+"/start", url.Values{"offer": {r.Practice.Offers[0].Kind}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
				t.Fatalf("offer %s: %d to %s", r.Practice.Offers[0].Kind, resp.StatusCode, resp.Header.Get("Location"))
			}
			if _, r = w.practice(kid, next, ""); r.Practice.Question == nil {
				t.Fatalf("after taking the offer no question: %+v", r.Practice)
			}
			continue
		}
		var code int
		code, r = w.practice(kid, fmt.Sprintf("/api/v1/students/%d/practice/math/answers", li.ID), fmt.Sprintf(`{"item":%q,"skip":true}`, r.Practice.Question.ItemID))
		if code != 200 {
			t.Fatalf("answer %d: %d %+v", i, code, r.Error)
		}
	}
	if rests == 0 {
		t.Fatal("no rest in 40 answers of 不会: the test content (a few items a point) should run out of items to show")
	}
	t.Logf("%d rests in 40 answers, each with a way on", rests)
}
