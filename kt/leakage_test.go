package kt

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// spy records the order of Predict and Update calls by row line.
type spy struct{ calls []string }

func (s *spy) Predict(r *Row) float64 {
	s.calls = append(s.calls, fmt.Sprintf("P%d", r.Line))
	return 0.5
}
func (s *spy) Update(r *Row) { s.calls = append(s.calls, fmt.Sprintf("U%d", r.Line)) }

func TestReplayPredictsWholeAnswerBeforeUpdating(t *testing.T) {
	in := "user_id,order_id,skill_name,correct\nu,1,a,1\nu,2,a,0\nu,2,b,0\nu,2,c,0\nu,3,b,1\n"
	d, err := ReadAnswers(strings.NewReader(in), NewVocab())
	if err != nil {
		t.Fatal(err)
	}
	var s spy
	Replay(&s, &d.Seqs[0], make([]float64, 5))
	got := strings.Join(s.calls, " ")
	want := "P2 U2 P3 P4 P5 U3 U4 U5 P6 U6"
	if got != want {
		t.Fatalf("calls %q, want %q", got, want)
	}
}

// longFormat writes a synthetic long-format log: answers with one to three
// skills, each skill on its own row with the answer's order id.
func longFormat(users int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 9))
	var b strings.Builder
	b.WriteString("user_id,order_id,item_id,skill_name,correct\n")
	order := 0
	for u := range users {
		ability := rng.NormFloat64()
		for range 25 {
			order++
			item := rng.IntN(12)
			correct := 0
			if rng.Float64() < sigmoid(ability-float64(item%4)/2) {
				correct = 1
			}
			for k := range 1 + item%3 {
				fmt.Fprintf(&b, "u%d,%d,i%d,s%d,%d\n", u, order, item, (item+k)%5, correct)
			}
		}
	}
	return b.String()
}

// TestNoModelSeesItsOwnAnswer flips the outcome of one multi-row answer in
// a test sequence: no prediction for that answer, or before it, may move.
func TestNoModelSeesItsOwnAnswer(t *testing.T) {
	v := NewVocab()
	train, err := ReadAnswers(strings.NewReader(longFormat(40, 1)), v)
	if err != nil {
		t.Fatal(err)
	}
	test, err := ReadAnswers(strings.NewReader(longFormat(1, 2)), v)
	if err != nil {
		t.Fatal(err)
	}
	seq := &test.Seqs[0]
	// Find the first answer with several rows, not the first answer.
	start, end := -1, -1
	i := 0
	seq.Steps(func(rows []Row) {
		if start < 0 && i > 0 && len(rows) > 1 {
			start, end = i, i+len(rows)
		}
		i += len(rows)
	})
	if start < 0 {
		t.Fatal("synthetic test sequence has no multi-row answer")
	}
	flipped := Sequence{User: seq.User, Rows: append([]Row(nil), seq.Rows...), stepEnd: seq.stepEnd}
	for j := start; j < end; j++ {
		flipped.Rows[j].Correct = !flipped.Rows[j].Correct
	}
	for _, name := range ModelNames {
		t.Run(name, func(t *testing.T) {
			m, err := New(name, Options{Seed: 1, Restarts: 2})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Fit(context.Background(), train); err != nil {
				t.Fatal(err)
			}
			a := make([]float64, len(seq.Rows))
			b := make([]float64, len(seq.Rows))
			Replay(m.NewLearner(), seq, a)
			Replay(m.NewLearner(), &flipped, b)
			for j := 0; j < end; j++ {
				if a[j] != b[j] {
					t.Errorf("row %d: prediction %v changes to %v when the outcome of rows %d-%d flips", j, a[j], b[j], start, end-1)
				}
			}
			changed := false
			for j := end; j < len(a); j++ {
				changed = changed || a[j] != b[j]
			}
			if !changed {
				t.Errorf("no prediction after rows %d-%d depends on their outcome", start, end-1)
			}
		})
	}
}
