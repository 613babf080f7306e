package learn_test

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/practice"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// synthLog is a store whose answer log is synthetic: students whose
// success depends on a lasting ability and on each item's difficulty,
// which BKT (one P(known) per point, no items) cannot see and zx-lr can.
type synthLog struct {
	*store.DB
	attempts []zhixi.Attempt
}

func (s synthLog) EachAttempt(ctx context.Context, fn func(*zhixi.Attempt) error) error {
	for i := range s.attempts {
		if err := fn(&s.attempts[i]); err != nil {
			return err
		}
	}
	return nil
}

func newSynthLog(db *store.DB) synthLog {
	rng := rand.New(rand.NewPCG(12, 12))
	items := []struct {
		id, kp string
		diff   float64
	}{
		{"math.g1.count.1", "math.g1.count", -1.5}, {"math.g1.count.2", "math.g1.count", 1.5},
		{"math.g1.count.3", "math.g1.count", -0.5}, {"math.g1.count.4", "math.g1.count", 0.5},
		{"math.g1.add.1", "math.g1.add", -1}, {"math.g1.add.2", "math.g1.add", 1.5},
	}
	var out []zhixi.Attempt
	for s := int64(1); s <= 400; s++ {
		ability := 1.5 * rng.NormFloat64()
		for n := range 12 {
			it := items[rng.IntN(len(items))]
			z := ability - it.diff + 0.05*float64(n)
			out = append(out, zhixi.Attempt{StudentID: 100000 + s, ItemID: it.id, KnowledgePoints: []string{it.kp},
				Correct: rng.Float64() < 1/(1+math.Exp(-z))})
		}
	}
	return synthLog{db, out}
}

// TestFitServesZXLR: when zx-lr wins the nightly choice on the platform's
// answers, its parameters are saved, practice serves it (the view names
// it, the stored state carries the student's history with the screening's
// answers and each practice answer) and the mastery rows keep coming; on
// SQLite and PostgreSQL.
func TestFitServesZXLR(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, db, admin, st := setupOn(t, db)
		rep, err := learn.FitModels(ctx, newSynthLog(db), kt.Options{Seed: 1, Restarts: 2, Workers: 2}, nil, time.Now())
		must(t, err)
		var math *learn.SubjectChoice
		for i := range rep.Choice {
			if rep.Choice[i].Subject == "math" {
				math = &rep.Choice[i]
			}
		}
		if math == nil || math.Best != "zx-lr" {
			t.Fatalf("choice %+v: want zx-lr best on answers with item difficulty and lasting ability", rep.Choice)
		}
		t.Logf("held-out AUC on %d answers: %v", math.TestAnswers, math.AUC)
		if math.AUC["zx-lr"] <= math.AUC[learn.ModelBKT] || math.AUC["zx-lr"] <= math.AUC[learn.ModelBKTForget] {
			t.Fatalf("AUCs %v", math.AUC)
		}
		if served, err := learn.ServedNow(ctx, db, math); err != nil || served != "zx-lr" {
			t.Fatalf("served %q (%v), want zx-lr", served, err)
		}
		raw, _, err := db.Model(ctx, learn.LogisticModelName("zx-lr", "math"))
		must(t, err)
		var params kt.LogisticParams
		must(t, json.Unmarshal(raw, &params))
		tracer, err := kt.LoadLogistic(&params)
		must(t, err)

		v, err := svc.StartScreening(ctx, admin, st.ID, "math")
		must(t, err)
		screened := 0
		for v.Status == "active" {
			v, err = svc.Answer(ctx, admin, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: "4"})
			must(t, err)
			screened++
		}
		p, err := svc.StartPractice(ctx, admin, st.ID, "math")
		must(t, err)
		if p.Model != "zx-lr" {
			t.Fatalf("practice serves %q, want zx-lr", p.Model)
		}
		history := func() int {
			t.Helper()
			row, err := db.PracticeState(ctx, st.ID, "math")
			must(t, err)
			var ps practice.State
			must(t, ps.UnmarshalBinary(row.State))
			h, err := tracer.DecodeHistory(ps.Trace)
			if err != nil {
				t.Fatalf("stored history: %v", err)
			}
			return h.Answers()
		}
		if n := history(); n != screened {
			t.Fatalf("history of %d answers after the start, want the screening's %d", n, screened)
		}
		answered := 0
		for range 3 {
			if p.Question == nil {
				break
			}
			if p.Teach != nil {
				p, err = svc.ContinuePractice(ctx, admin, st.ID, "math", learn.PracticeRequest{Understood: true})
				must(t, err)
			}
			p, err = svc.PracticeAnswer(ctx, admin, st.ID, "math", learn.AnswerInput{Version: p.Version, Item: p.Question.ItemID, Response: "4"})
			must(t, err)
			answered++
			if p.Model != "zx-lr" || p.Step == nil || !(p.Step.PKnownAfter > 0 && p.Step.PKnownAfter < 1) {
				t.Fatalf("answer %d: model %q step %+v", answered, p.Model, p.Step)
			}
		}
		if answered == 0 {
			t.Fatal("practice showed no question")
		}
		if n := history(); n != screened+answered {
			t.Errorf("history of %d answers, want %d screening + %d practice", n, screened, answered)
		}
		rows, err := db.Mastery(ctx, st.ID, "math")
		must(t, err)
		if len(rows) != 2 {
			t.Errorf("%d mastery rows, want one per point", len(rows))
		}
		for _, m := range rows {
			if !(m.PKnown > 0 && m.PKnown < 1) {
				t.Errorf("mastery row %+v", m)
			}
		}
	})
}

// TestServed: practice serves the nightly winner, BKT without a choice.
func TestServed(t *testing.T) {
	for _, tc := range []struct {
		c    *learn.SubjectChoice
		want string
	}{
		{nil, learn.ModelBKT},
		{&learn.SubjectChoice{Best: learn.ModelBKT}, learn.ModelBKT}, // too few held-out answers: no AUCs
		{&learn.SubjectChoice{Best: learn.ModelBKTForget, AUC: map[string]float64{learn.ModelBKT: 0.7, learn.ModelBKTForget: 0.72}}, learn.ModelBKTForget},
		{&learn.SubjectChoice{Best: "zx-lr", AUC: map[string]float64{learn.ModelBKT: 0.7, learn.ModelBKTForget: 0.72, "zx-lr": 0.78}}, "zx-lr"},
	} {
		if got := learn.Served(tc.c); got != tc.want {
			t.Errorf("Served(%+v) = %s, want %s", tc.c, got, tc.want)
		}
	}
}

// TestServedNowWithoutParams: a choice that names zx-lr without its saved
// parameters (made before they were saved) serves the better BKT variant.
func TestServedNowWithoutParams(t *testing.T) {
	db := storetest.Open(t)
	c := &learn.SubjectChoice{Subject: "math", Best: "zx-lr", AUC: map[string]float64{learn.ModelBKT: 0.7, learn.ModelBKTForget: 0.72, "zx-lr": 0.78}}
	got, err := learn.ServedNow(context.Background(), db, c)
	if err != nil || got != learn.ModelBKTForget {
		t.Fatalf("served %q (%v), want %s", got, err, learn.ModelBKTForget)
	}
	must(t, db.SaveModel(context.Background(), learn.LogisticModelName("zx-lr", "math"), []byte("{}"), time.Now()))
	if got, err = learn.ServedNow(context.Background(), db, c); err != nil || got != "zx-lr" {
		t.Fatalf("served %q (%v) with the parameters saved, want zx-lr", got, err)
	}
}
