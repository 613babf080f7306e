package learn_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/practice"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// fixtureAnswers are right answers to the fixture's items.
var fixtureAnswers = map[string]string{"math.g1.count.1": "4", "math.g1.count.2": "对", "math.g1.count.3": "4",
	"math.g1.count.4": "6", "math.g1.count.5": "5", "math.g1.add.1": "5", "math.g1.add.2": "8"}

// wrong is a well-formed wrong answer to a fixture item.
func wrong(item string) string {
	switch fixtureAnswers[item] {
	case "对":
		return "错"
	case "错":
		return "对"
	}
	return "999"
}

// TestConcurrentScreeningStart: 50 simultaneous starts of the free
// screening for one student and subject give exactly one session, and
// every start sees that session.
func TestConcurrentScreeningStart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, admin, st := setupOn(t, db)
		ctx := context.Background()
		const n = 50
		ids := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				v, err := svc.StartScreening(ctx, admin, st.ID, "math")
				if err != nil {
					t.Errorf("start %d: %v", i, err)
					return
				}
				ids[i] = v.ID
			})
		}
		wg.Wait()
		past, err := db.Screenings(ctx, st.ID)
		must(t, err)
		if len(past) != 1 {
			t.Fatalf("%d screening sessions after %d simultaneous starts, want 1", len(past), n)
		}
		for i, id := range ids {
			if id != past[0].ID {
				t.Fatalf("start %d returned session %d, want %d", i, id, past[0].ID)
			}
		}
	})
}

// finish answers every question of a screening as "I don't know".
func finish(t *testing.T, svc *learn.Service, admin *zhixi.User, v *learn.ScreeningView) *learn.ScreeningView {
	t.Helper()
	var err error
	for v.Status == learn.StatusActive {
		v, err = svc.Answer(context.Background(), admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true})
		must(t, err)
	}
	return v
}

// TestScreeningEntitlement: a stop before the minimum of answers pauses
// (the session stays open and is resumed), a stop after it finishes and
// uses the free screening up; grades outside the policy are refused.
func TestScreeningEntitlement(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	q := v.Question.ItemID
	stopped, err := svc.Stop(ctx, admin, v.ID)
	must(t, err)
	if !stopped.Paused || stopped.Status != learn.StatusActive || stopped.Version != v.Version {
		t.Fatalf("stop after 0 answers: %+v, want paused and unchanged", stopped)
	}
	again, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	if again.ID != v.ID || again.Question == nil || again.Question.ItemID != q {
		t.Fatalf("start after a pause: %+v, want session %d resumed at %s", again, v.ID, q)
	}

	svc.Policy.MinAnswers = 1
	v, err = svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: q, Skip: true})
	must(t, err)
	if v.Status == learn.StatusActive {
		if v, err = svc.Stop(ctx, admin, v.ID); err != nil || v.Paused || v.Status != learn.StatusFinished || v.Result == nil {
			t.Fatalf("stop after the minimum: %+v, %v; want finished with a result", v, err)
		}
	}
	if _, err := svc.StartScreening(ctx, admin, st.ID, "math"); zhixi.ErrorCode(err) != zhixi.ECONFLICT {
		t.Fatalf("second free screening: %v, want a conflict", err)
	}
	past, err := db.Screenings(ctx, st.ID)
	must(t, err)
	if len(past) != 1 {
		t.Fatalf("%d sessions, want 1", len(past))
	}

	svc.Policy.MinGrade = 2
	if _, err := svc.StartScreening(ctx, admin, st.ID, "math"); zhixi.ErrorCode(err) != zhixi.EFORBIDDEN {
		t.Fatalf("grade 1 with grades 2..12 eligible: %v, want forbidden", err)
	}
}

// TestScreeningAnswerRetry: an answer sent again with its id, in sequence
// or at the same moment, returns the stored session; one attempt is
// stored and the session moves on once.
func TestScreeningAnswerRetry(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	in := learn.AnswerInput{ID: "a-1", Version: v.Version, Item: v.Question.ItemID, Response: fixtureAnswers[v.Question.ItemID]}
	const n = 8
	views := make([]*learn.ScreeningView, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var err error
			if views[i], err = svc.Answer(ctx, admin, v.ID, in); err != nil {
				t.Errorf("answer %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	replayed := 0
	for _, got := range views {
		if got.Version != v.Version+1 || got.Questions != 1 {
			t.Fatalf("answer returned version %d with %d questions, want %d and 1", got.Version, got.Questions, v.Version+1)
		}
		if got.Replayed {
			replayed++
		}
	}
	if replayed != n-1 {
		t.Errorf("%d of %d answers were replays, want %d", replayed, n, n-1)
	}
	later, err := svc.Answer(ctx, admin, v.ID, in)
	must(t, err)
	if !later.Replayed || later.Version != v.Version+1 {
		t.Fatalf("a later retry: %+v, want the stored session", later)
	}
	atts, err := db.Attempts(ctx, st.ID)
	must(t, err)
	if len(atts) != 1 || atts[0].AnswerID != "a-1" {
		t.Fatalf("attempts %+v, want the one answer", atts)
	}
	if _, err := svc.Answer(ctx, admin, v.ID, learn.AnswerInput{ID: "bad id!", Item: in.Item, Skip: true}); zhixi.ErrorCode(err) != zhixi.EINVALID {
		t.Fatalf("a malformed answer id: %v, want invalid", err)
	}
}

// TestPracticeAnswerPath: reading practice writes nothing; starting it
// writes one mastery row per point; an answer returns the next question
// at once, moves its point's row, is idempotent under its id, and
// repeated failure on a point with no prerequisite becomes an attention
// event row.
func TestPracticeAnswerPath(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	finish(t, svc, admin, v)

	p, err := svc.Practice(ctx, admin, st.ID, "math")
	must(t, err)
	if p.Started || p.Question != nil {
		t.Fatalf("practice before a start: %+v", p)
	}
	if _, err := db.PracticeState(ctx, st.ID, "math"); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
		t.Fatalf("reading practice stored a state: %v", err)
	}
	p, err = svc.StartPractice(ctx, admin, st.ID, "math")
	must(t, err)
	if p.Question == nil || p.Reason == nil || p.ReasonText == "" || p.Rule == "" {
		t.Fatalf("started practice: %+v", p)
	}
	rows, err := db.Mastery(ctx, st.ID, "math")
	must(t, err)
	if len(rows) != 2 {
		t.Fatalf("%d mastery rows after the start, want one per point (2)", len(rows))
	}
	again, err := svc.Practice(ctx, admin, st.ID, "math")
	must(t, err)
	if again.Version != p.Version || again.Question.ItemID != p.Question.ItemID {
		t.Fatalf("reading practice changed it: %+v then %+v", p, again)
	}

	var events int
	for i := range 6 {
		in := learn.AnswerInput{ID: fmt.Sprintf("p-%d", i), Version: p.Version, Item: p.Question.ItemID, Response: wrong(p.Question.ItemID)}
		next, err := svc.PracticeAnswer(ctx, admin, st.ID, "math", in)
		must(t, err)
		if next.Step == nil || next.Step.Correct || next.Version != p.Version+1 {
			t.Fatalf("answer %d: %+v", i, next)
		}
		retry, err := svc.PracticeAnswer(ctx, admin, st.ID, "math", in)
		must(t, err)
		if !retry.Replayed || retry.Version != next.Version || retry.Step.ItemID != next.Step.ItemID || retry.Step.PKnownAfter != next.Step.PKnownAfter {
			t.Fatalf("retry of answer %d: %+v, want the stored step", i, retry)
		}
		rows, err := db.Mastery(ctx, st.ID, "math")
		must(t, err)
		for _, m := range rows {
			if m.Point == next.Step.KP && (m.PKnown != next.Step.PKnownAfter || m.Answers == 0) {
				t.Fatalf("mastery row %+v does not follow the step %+v", m, next.Step)
			}
		}
		if next.Step.Attention != nil {
			events++
			if next.Step.Attention.Code != practice.AttentionNoPrerequisite || next.StepNote == "" {
				t.Fatalf("attention %+v note %q", next.Step.Attention, next.StepNote)
			}
		}
		if next.Question == nil {
			break
		}
		p = next
	}
	if events == 0 {
		t.Fatal("repeated wrong answers on a root point raised no attention")
	}
	evs, err := db.AttentionEvents(ctx, zhixi.AttentionFilter{StudentIDs: []int64{st.ID}})
	must(t, err)
	if len(evs) != events || evs[0].Code != practice.AttentionNoPrerequisite || evs[0].Point == "" || evs[0].AttemptID == 0 || evs[0].Wrong == 0 {
		t.Fatalf("attention rows %+v, want %d", evs, events)
	}
	atts, err := db.Attempts(ctx, st.ID)
	must(t, err)
	practiced := 0
	for _, a := range atts {
		if a.Source == "practice" {
			practiced++
		}
	}
	audit, _, err := db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: st.ID, Action: zhixi.AuditUpdate, Limit: 500})
	must(t, err)
	answersAudited := 0
	for _, e := range audit {
		if e.Object == "practice" {
			answersAudited++
		}
	}
	if answersAudited != practiced {
		t.Errorf("%d practice answers, %d audited", practiced, answersAudited)
	}
}

// TestScreeningOneInTotal: with one free screening in total, a student
// who used it on one subject cannot start another.
func TestScreeningOneInTotal(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	svc.Policy.OneInTotal = true
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	_, err = svc.StartScreening(ctx, admin, st.ID, "chinese")
	if key, _ := zhixi.ErrorKey(err); key != "err.screening_other_subject" {
		t.Fatalf("second subject while the first runs: %v, want err.screening_other_subject", err)
	}
	finish(t, svc, admin, v)
	if _, err := svc.StartScreening(ctx, admin, st.ID, "chinese"); zhixi.ErrorCode(err) != zhixi.ECONFLICT {
		t.Fatalf("second subject after the first: %v, want a conflict", err)
	}
	svc.Policy.OneInTotal = false // the per-subject default: chinese is free again
	if _, err := svc.StartScreening(ctx, admin, st.ID, "chinese"); err != nil {
		t.Fatalf("per subject: %v", err)
	}
	past, err := db.Screenings(ctx, st.ID)
	must(t, err)
	if len(past) != 2 {
		t.Fatalf("%d sessions, want 2", len(past))
	}
}

// TestConcurrentPracticeAnswers: tablets answering the same question at
// once, each with its own answer id: one answer counts, the others are
// refused, one attempt is stored.
func TestConcurrentPracticeAnswers(t *testing.T) {
	svc, db, admin, st := setup(t)
	ctx := context.Background()
	v, err := svc.StartScreening(ctx, admin, st.ID, "math")
	must(t, err)
	finish(t, svc, admin, v)
	p, err := svc.StartPractice(ctx, admin, st.ID, "math")
	must(t, err)
	before, err := db.Attempts(ctx, st.ID)
	must(t, err)
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = svc.PracticeAnswer(ctx, admin, st.ID, "math",
				learn.AnswerInput{ID: fmt.Sprint("t", i), Version: p.Version, Item: p.Question.ItemID, Response: fixtureAnswers[p.Question.ItemID]})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch code := zhixi.ErrorCode(err); {
		case err == nil:
			ok++
		case code != zhixi.ECONFLICT && code != zhixi.EINVALID:
			t.Errorf("unexpected error: %v", err)
		}
	}
	after, err := db.Attempts(ctx, st.ID)
	must(t, err)
	if ok != 1 || len(after) != len(before)+1 {
		t.Fatalf("%d of %d simultaneous answers accepted, %d attempts stored; want 1 and 1", ok, n, len(after)-len(before))
	}
}
