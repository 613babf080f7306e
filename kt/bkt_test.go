package kt

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// simulateBKT draws students' answer sequences on one skill from p.
func simulateBKT(p BKTParams, students, length int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 1))
	v := NewVocab()
	k := v.SkillIndex("s")
	item := v.ItemIndex("i")
	d := &Dataset{Vocab: v}
	for u := range students {
		known := rng.Float64() < p.Prior
		rows := make([]Row, length)
		for t := range rows {
			correct := rng.Float64() < p.Guess
			if known {
				correct = rng.Float64() >= p.Slip
			}
			rows[t] = Row{Item: item, Skills: []int32{k}, Correct: correct}
			if known {
				known = rng.Float64() >= p.Forget
			} else {
				known = rng.Float64() < p.Learn
			}
		}
		d.Seqs = append(d.Seqs, NewSequence(string(rune('a'+u%26)), rows, nil))
		d.Rows += length
	}
	return d
}

func TestBKTRecoversParameters(t *testing.T) {
	tests := []struct {
		name   string
		forget bool
		p      BKTParams
	}{
		{"classic", false, BKTParams{Prior: 0.3, Learn: 0.15, Slip: 0.1, Guess: 0.2}},
		{"forgetting", true, BKTParams{Prior: 0.4, Learn: 0.2, Forget: 0.05, Slip: 0.08, Guess: 0.25}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := simulateBKT(tt.p, 4000, 20, 7)
			m := &BKT{Options: Options{Seed: 3, Restarts: 5}, Forget: tt.forget}
			if err := m.Fit(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			got := m.Skills[0]
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"prior", got.Prior, tt.p.Prior}, {"learn", got.Learn, tt.p.Learn},
				{"forget", got.Forget, tt.p.Forget}, {"slip", got.Slip, tt.p.Slip}, {"guess", got.Guess, tt.p.Guess},
			} {
				if math.Abs(c.got-c.want) > 0.03 {
					t.Errorf("%s = %.3f, want %.3f +- 0.03", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestBKTFitIsReproducible(t *testing.T) {
	d := simulateBKT(BKTParams{Prior: 0.3, Learn: 0.1, Slip: 0.1, Guess: 0.2}, 300, 15, 1)
	fit := func(workers int) BKTParams {
		m := &BKT{Options: Options{Seed: 42, Restarts: 4, Workers: workers}}
		if err := m.Fit(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		return m.Skills[0]
	}
	if a, b := fit(1), fit(2); a != b {
		t.Fatalf("fit with 1 worker %+v differs from fit with 2 workers %+v", a, b)
	}
}

func TestBKTUpdate(t *testing.T) {
	p := BKTParams{Prior: 0.5, Learn: 0.1, Forget: 0.02, Slip: 0.1, Guess: 0.2}
	// Right answer: posterior 0.45/(0.45+0.1) = 9/11; then learning step.
	post := 0.45 / 0.55
	want := post*(1-0.02) + (1-post)*0.1
	if got := p.Update(0.5, true); math.Abs(got-want) > 1e-12 {
		t.Errorf("Update(0.5, right) = %v, want %v", got, want)
	}
	// Wrong answer: posterior 0.05/(0.05+0.4).
	post = 0.05 / 0.45
	want = post*(1-0.02) + (1-post)*0.1
	if got := p.Update(0.5, false); math.Abs(got-want) > 1e-12 {
		t.Errorf("Update(0.5, wrong) = %v, want %v", got, want)
	}
	if got := p.PCorrect(0.5); math.Abs(got-0.55) > 1e-12 {
		t.Errorf("PCorrect(0.5) = %v, want 0.55", got)
	}
	if err := (BKTParams{Prior: 0.5, Learn: 1.2, Slip: 0.1, Guess: 0.2}).Validate(); err == nil {
		t.Error("Validate accepted learn = 1.2")
	}
	if err := p.Validate(); err != nil {
		t.Errorf("Validate(%+v) = %v", p, err)
	}
}

// BenchmarkOnlineUpdate times one answer (predict, then update) per model
// on a student with a long history.
func BenchmarkOnlineUpdate(b *testing.B) {
	v := NewVocab()
	train, err := ReadAnswers(strings.NewReader(longFormat(60, 1)), v)
	if err != nil {
		b.Fatal(err)
	}
	rows := train.Seqs[0].Rows
	for _, name := range ModelNames {
		b.Run(name, func(b *testing.B) {
			m, err := New(name, Options{Seed: 1, Restarts: 2})
			if err != nil {
				b.Fatal(err)
			}
			if err := m.Fit(context.Background(), train); err != nil {
				b.Fatal(err)
			}
			l := m.NewLearner()
			i := 0
			for b.Loop() {
				r := &rows[i%len(rows)]
				l.Predict(r)
				l.Update(r)
				i++
			}
		})
	}
}
