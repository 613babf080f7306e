package practice

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/kt"
)

// fixtureZXLR fits zx-lr on answers of simulated students to the fixture
// items: each point is learnt answer by answer, items 1-4 get harder;
// one student in three learns next to nothing (a missing prerequisite).
func fixtureZXLR(t testing.TB) *kt.LogisticTracer {
	t.Helper()
	rng := rand.New(rand.NewPCG(9, 9))
	b := kt.NewBuilder(kt.NewVocab())
	kps := []string{"m.a", "m.b", "m.c", "m.d", "m.e"}
	for s := range 150 {
		ability, rate := rng.NormFloat64(), 0.2
		if s%3 == 0 {
			rate = 0.01
		}
		strength := map[string]float64{}
		for n := range 40 {
			kp := kps[min(n/8, 4)]
			i := 1 + rng.IntN(4)
			z := ability + 4*strength[kp] - 1.5 + 0.3*float64(2-i)
			correct := rng.Float64() < 1/(1+math.Exp(-z))
			strength[kp] = min(1, strength[kp]+rate)
			if err := b.Add(fmt.Sprint("s", s), fmt.Sprintf("%s%d", kp, i), []string{kp}, correct); err != nil {
				t.Fatal(err)
			}
		}
	}
	d := b.Dataset()
	m, err := kt.New("zx-lr", kt.Options{Seed: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Fit(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	tr, err := kt.LoadLogistic(m.(*kt.Logistic).Export(d))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestHistoryModelServes: with zx-lr served, an item's predicted success
// is the model's prediction from the student's whole history (screening
// answers replayed first), a point is mastered only when the predicted
// success on its typical item reaches MasteryPCorrect (with the streak),
// repeated failure still redirects, and the history survives the state's
// encoding; a BKT engine drops the history, which is then replayed again.
func TestHistoryModelServes(t *testing.T) {
	tr := fixtureZXLR(t)
	e := fixtureEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	e.SetHistoryModel(LogisticModel(tr))
	if e.Model() != "zx-lr" {
		t.Fatalf("model %s", e.Model())
	}
	st := start(t, e, map[string]float64{"m.a": 0.99}, t0)
	if !e.NeedsHistory(st) {
		t.Fatal("a new state has no history: want NeedsHistory")
	}
	screening := []Answer{{"m.a1", []string{"m.a"}, true}, {"m.a3", []string{"m.a"}, true}, {"m.b2", []string{"m.b"}, false}}
	changed, err := e.Replay(st, screening)
	if err != nil || len(changed) == 0 || e.NeedsHistory(st) {
		t.Fatalf("replay: %v changed %v, needs history %v", err, changed, e.NeedsHistory(st))
	}
	ref := tr.NewHistory()
	for _, a := range screening {
		ref.Update(a.Item, a.KPs, a.Correct)
	}
	if got, want := st.Points["m.b"].P, ref.PredictSkill("m.b"); got != want {
		t.Fatalf("m.b estimate after the replay %v, want the typical item's prediction %v", got, want)
	}

	r := rng(3)
	masteredAt := -1
	for i := range 12 {
		now := t0.Add(time.Duration(i) * time.Minute)
		c, err := e.Next(st, now, r)
		if err != nil {
			t.Fatal(err)
		}
		if want := ref.Predict(c.ItemID, []string{c.KP}); math.Abs(c.PredictedCorrect-want) > 1e-3 { // minutes of forgetting aside
			t.Fatalf("answer %d: predicted %.4f for %s, zx-lr says %.4f", i, c.PredictedCorrect, c.ItemID, want)
		}
		s, err := e.Record(st, c.ItemID, true, now)
		if err != nil {
			t.Fatal(err)
		}
		ref.Update(c.ItemID, []string{c.KP}, true)
		if s.PKnownAfter != ref.PredictSkill(c.KP) {
			t.Fatalf("answer %d: estimate %v, want %v", i, s.PKnownAfter, ref.PredictSkill(c.KP))
		}
		if s.Mastered {
			if s.PKnownAfter < e.cfg.MasteryPCorrect {
				t.Fatalf("answer %d: %s mastered at predicted success %.3f < %.2f", i, s.KP, s.PKnownAfter, e.cfg.MasteryPCorrect)
			}
			masteredAt = i
			break
		}
		if s.PKnownAfter >= e.cfg.MasteryPCorrect && e.streak(st.Points[s.KP].Recent) {
			t.Fatalf("answer %d: %s not mastered at %.3f with the streak", i, s.KP, s.PKnownAfter)
		}
	}
	if masteredAt < 0 {
		t.Fatal("12 right answers in a row mastered nothing under zx-lr")
	}

	raw, err := st.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := back.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Hour)
	c1, err1 := e.Next(st, now, rng(4))
	c2, err2 := e.Next(&back, now, rng(4))
	if c1 != c2 || err1 != nil || err2 != nil {
		t.Fatalf("next differs after the state's encoding: %+v %v / %+v %v", c1, err1, c2, err2)
	}

	// Repeated failure on a point with a prerequisite still redirects.
	redirected := false
	for i := range 8 {
		at := now.Add(time.Duration(i) * time.Minute)
		c, err := e.Next(st, at, r)
		if err != nil {
			t.Fatal(err)
		}
		s, err := e.Record(st, c.ItemID, false, at)
		if err != nil {
			t.Fatal(err)
		}
		if s.Mastered {
			t.Fatalf("a wrong answer mastered %s", s.KP)
		}
		redirected = redirected || s.Redirect != nil || s.Attention != nil
	}
	if !redirected {
		t.Error("8 wrong answers under zx-lr neither redirected nor called the supervisor")
	}

	bkt := fixtureEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	later := now.Add(time.Hour)
	c, err := bkt.Next(st, later, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bkt.Record(st, c.ItemID, true, later); err != nil {
		t.Fatal(err)
	}
	if len(st.Trace) != 0 || !e.NeedsHistory(st) {
		t.Error("an answer under BKT kept a history that misses it")
	}
}
