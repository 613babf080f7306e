package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/learn"
)

type screeningReply struct {
	Screening learn.ScreeningView
	Error     struct{ Code, Key, Message string }
}

func (w *world) screening(c *http.Client, method, path, body string) (int, screeningReply) {
	w.t.Helper()
	resp, raw := w.do(c, method, path, strings.NewReader(body), "Content-Type", "application/json")
	var r screeningReply
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		w.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode, r
}

// skipScreening runs the student's maths screening as c, answering "不会"
// to every question until it finishes.
func (w *world) skipScreening(c *http.Client, studentID int64) {
	w.t.Helper()
	code, s := w.screening(c, "POST", fmt.Sprintf("/api/v1/students/%d/screenings", studentID), `{"subject":"math"}`)
	for code == 200 && s.Screening.Status == "active" {
		code, s = w.screening(c, "POST", fmt.Sprintf("/api/v1/screenings/%d/answers", s.Screening.ID),
			fmt.Sprintf(`{"item":%q,"skip":true}`, s.Screening.Question.ItemID))
	}
	if code != 200 || s.Screening.Status != "finished" {
		w.t.Fatalf("screening: %d %+v", code, s)
	}
}

// answers maps the fixture's items to a right answer.
var answers = map[string]string{"math.g3.frac_add.1": "3/4", "math.g3.frac.1": "A", "math.g3.frac.2": "错", "math.g4.dec.1": "0.3"}

func TestScreeningFlow(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	ming := w.student("王小明") // consent given, grade 4
	hong := w.student("王小红") // no consent
	start := func(id int64) string { return fmt.Sprintf("/api/v1/students/%d/screenings", id) }

	if code, r := w.screening(w.login("wang_jz"), "POST", start(ming.ID), `{"subject":"math"}`); code != 403 {
		t.Fatalf("guardian starts a screening: %d %+v", code, r.Error)
	}
	if code, r := w.screening(w.login("minhe"), "POST", start(hong.ID), `{"subject":"math"}`); code != 403 || r.Error.Key != "err.consent_required" {
		t.Fatalf("screening without consent: %d %+v", code, r.Error)
	}
	if code, r := w.screening(w.login("minhe"), "POST", start(ming.ID), `{"subject":"physics"}`); code != 400 || r.Error.Key != "err.unknown_subject" {
		t.Fatalf("unknown subject: %d %+v", code, r.Error)
	}

	kid := w.login("xiaoming")
	code, r := w.screening(kid, "POST", start(ming.ID), `{"subject":"math"}`)
	if code != 200 || r.Screening.Status != "active" || r.Screening.Question == nil {
		t.Fatalf("start: %d %+v", code, r)
	}
	sid := r.Screening.ID
	answerPath := fmt.Sprintf("/api/v1/screenings/%d/answers", sid)
	q := r.Screening.Question
	if strings.Contains(fmt.Sprint(q), answers[q.ItemID]+" ") || q.Stem == "" {
		t.Fatalf("question: %+v", q)
	}
	// Starting again resumes the same screening.
	if _, again := w.screening(kid, "POST", start(ming.ID), `{"subject":"math"}`); again.Screening.ID != sid || again.Screening.Question.ItemID != q.ItemID {
		t.Fatalf("second start did not resume: %+v", again.Screening)
	}
	// Refused answers change nothing.
	other := "math.g3.frac.1"
	if q.ItemID == other {
		other = "math.g3.frac_add.1"
	}
	for _, body := range []string{
		fmt.Sprintf(`{"item":%q,"answer":"1"}`, other),
		fmt.Sprintf(`{"item":%q}`, q.ItemID),
		`{"answer":"1"}`,
		fmt.Sprintf(`{"item":%q,"answer":"1","version":99}`, q.ItemID),
	} {
		if code, r := w.screening(kid, "POST", answerPath, body); code < 400 || code >= 500 {
			t.Fatalf("bad answer %s: %d %+v", body, code, r)
		}
	}
	// Another student cannot see or answer it.
	if code, _ := w.screening(w.login("lihua"), "GET", fmt.Sprintf("/api/v1/screenings/%d", sid), ""); code != 404 {
		t.Fatalf("other student reads the screening: %d", code)
	}
	asked := 0
	for r.Screening.Status == "active" {
		q := r.Screening.Question
		code, r = w.screening(kid, "POST", answerPath, fmt.Sprintf(`{"item":%q,"answer":%q,"version":%d}`, q.ItemID, answers[q.ItemID], r.Screening.Version))
		if code != 200 {
			t.Fatalf("answer %s: %d %+v", q.ItemID, code, r.Error)
		}
		asked++
		if asked > len(answers) {
			t.Fatalf("more questions than items: %+v", r.Screening)
		}
	}
	res := r.Screening.Result
	if r.Screening.Status != "finished" || res == nil || res.Questions != asked || len(res.KnowledgePoints) != 3 {
		t.Fatalf("finished screening: %+v", r.Screening)
	}
	for _, kp := range res.KnowledgePoints {
		if kp.Name == "" {
			t.Errorf("result point %s has no name", kp.ID)
		}
		if kp.State == "not_mastered" {
			t.Errorf("all answers right, yet %s is %s (p=%.2f)", kp.ID, kp.State, kp.P)
		}
	}
	atts, err := w.db.Attempts(ctx, ming.ID)
	if err != nil || len(atts) != asked || !atts[0].Correct || atts[0].Source != "screening" || atts[0].SessionID != sid {
		t.Fatalf("attempts: %+v %v", atts, err)
	}
	// The free screening is done once per subject.
	if code, r := w.screening(kid, "POST", start(ming.ID), `{"subject":"math"}`); code != 409 || r.Error.Key != "err.screening_done" {
		t.Fatalf("second screening: %d %+v", code, r.Error)
	}
	// Reads and answers are audited.
	entries, _, err := w.db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: ming.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Object == "screening" {
			n++
		}
	}
	if n < asked+1 {
		t.Fatalf("%d screening audit entries for %d answers", n, asked)
	}
}
