package kt

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// synthAnswers builds answers of students who learn skills in order,
// with items of differing difficulty.
func synthAnswers(t *testing.T, students int, seed uint64) *Dataset {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	b := NewBuilder(NewVocab())
	for s := range students {
		ability := rng.NormFloat64()
		var known [4]float64
		for n := range 30 {
			k := min(n/8, 3)
			item := rng.IntN(5)
			z := ability + 3*known[k] - 1 + 0.4*float64(item-2)
			correct := rng.Float64() < 1/(1+math.Exp(-z))
			known[k] = min(1, known[k]+0.15)
			if err := b.Add(fmt.Sprint("u", s), fmt.Sprintf("q%d.%d", k, item), []string{fmt.Sprint("s", k)}, correct); err != nil {
				t.Fatal(err)
			}
		}
	}
	return b.Dataset()
}

// TestLogisticTracerMatchesLearner: a logistic model saved as
// LogisticParams, loaded and run on a history by name predicts exactly
// what the fitted model's own learner predicts, also after the history
// went through its binary encoding; items and skills the model was not
// fitted on are tracked and predicted.
func TestLogisticTracerMatchesLearner(t *testing.T) {
	d := synthAnswers(t, 120, 3)
	for _, name := range []string{"pfa", "best-lr", "zx-lr"} {
		m, err := New(name, Options{Seed: 1, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Fit(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		lr := m.(*Logistic)
		raw, err := json.Marshal(lr.Export(d))
		if err != nil {
			t.Fatal(err)
		}
		var p LogisticParams
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		tr, err := LoadLogistic(&p)
		if err != nil {
			t.Fatal(err)
		}
		l, h := lr.NewLearner(), tr.NewHistory()
		seq := &d.Seqs[7]
		for i := range seq.Rows {
			r := &seq.Rows[i]
			item, skills := d.Vocab.Items[r.Item], []string{d.Vocab.Skills[r.Skills[0]]}
			want, got := l.Predict(r), h.Predict(item, skills)
			if math.Abs(want-got) > 1e-12 {
				t.Fatalf("%s row %d: tracer %.6f, learner %.6f", name, i, got, want)
			}
			l.Update(r)
			h.Update(item, skills, r.Correct)
			if i == 10 {
				enc, _ := h.MarshalBinary()
				if h, err = tr.DecodeHistory(enc); err != nil {
					t.Fatalf("%s: decode: %v", name, err)
				}
			}
		}
		h.Update("new-item", []string{"new-skill"}, true)
		enc, _ := h.MarshalBinary()
		h2, err := tr.DecodeHistory(enc)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []struct{ item, skill string }{{"new-item", "new-skill"}, {"q1.0", "s1"}, {"q9", "s0"}} {
			a, b := h.Predict(q.item, []string{q.skill}), h2.Predict(q.item, []string{q.skill})
			if !(a > 0 && a < 1) || a != b {
				t.Errorf("%s: %v after decoding %v, want the same probability", name, b, a)
			}
		}
		if ps := h.PredictSkill("s3"); !(ps > 0 && ps < 1) {
			t.Errorf("%s: PredictSkill %v", name, ps)
		}
		for _, bad := range [][]byte{enc[:len(enc)-2], append(enc, 1), []byte("xx")} {
			if _, err := tr.DecodeHistory(bad); err == nil {
				t.Errorf("%s: a corrupt history decoded", name)
			}
		}
	}
	if _, err := LoadLogistic(&LogisticParams{Model: "zx-lr", Global: 0.5}); err == nil {
		t.Error("zx-lr without weights loaded")
	}
}

// TestPredictSkillRisesWithSuccess: under zx-lr the typical item of a
// skill gets easier as the student answers it right, and is far harder
// after wrong answers than after right ones.
func TestPredictSkillRisesWithSuccess(t *testing.T) {
	d := synthAnswers(t, 150, 4)
	m, _ := New("zx-lr", Options{Seed: 1, Workers: 2})
	if err := m.Fit(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	tr, err := LoadLogistic(m.(*Logistic).Export(d))
	if err != nil {
		t.Fatal(err)
	}
	right, wrong := tr.NewHistory(), tr.NewHistory()
	p0 := right.PredictSkill("s1")
	for i := range 5 {
		right.Update(fmt.Sprintf("q1.%d", i), []string{"s1"}, true)
		wrong.Update(fmt.Sprintf("q1.%d", i), []string{"s1"}, false)
	}
	if pr, pw := right.PredictSkill("s1"), wrong.PredictSkill("s1"); !(pr > p0+0.3 && pw < pr-0.3) {
		t.Errorf("typical item of s1: %.3f at the start, %.3f after 5 right, %.3f after 5 wrong", p0, pr, pw)
	}
}
