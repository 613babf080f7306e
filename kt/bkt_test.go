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

// logSumExp returns log(exp(a)+exp(b)).
func logSumExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// emStepLogSpace is a reference E-step (one sequence) computed in log
// space, where no probability can round to 0 or 1.
func emStepLogSpace(obs []bool, p BKTParams) BKTParams {
	lt := [2][2]float64{{math.Log(1 - p.Learn), math.Log(p.Learn)}, {math.Log(p.Forget), math.Log(1 - p.Forget)}}
	le := func(t, state int) float64 {
		q := p.Guess
		if state == 1 {
			q = 1 - p.Slip
		}
		if !obs[t] {
			q = 1 - q
		}
		return math.Log(q)
	}
	L := len(obs)
	al, be := make([][2]float64, L), make([][2]float64, L)
	al[0] = [2]float64{math.Log(1-p.Prior) + le(0, 0), math.Log(p.Prior) + le(0, 1)}
	for t := 1; t < L; t++ {
		for j := range 2 {
			al[t][j] = logSumExp(al[t-1][0]+lt[0][j], al[t-1][1]+lt[1][j]) + le(t, j)
		}
	}
	for t := L - 2; t >= 0; t-- {
		for i := range 2 {
			be[t][i] = logSumExp(lt[i][0]+le(t+1, 0)+be[t+1][0], lt[i][1]+le(t+1, 1)+be[t+1][1])
		}
	}
	z := logSumExp(al[L-1][0], al[L-1][1])
	var n [2]float64    // expected visits of each state before the last answer
	var move [2]float64 // expected 0->1 and 1->0 transitions
	var all, wrong [2]float64
	for t := range L {
		for i := range 2 {
			g := math.Exp(al[t][i] + be[t][i] - z)
			all[i] += g
			if obs[t] == (i == 0) { // right while not known, wrong while known
				wrong[i] += g
			}
			if t < L-1 {
				n[i] += g
				move[i] += math.Exp(al[t][i] + lt[i][1-i] + le(t+1, 1-i) + be[t+1][1-i] - z)
			}
		}
	}
	return BKTParams{
		Prior: math.Exp(al[0][1] + be[0][1] - z), Learn: move[0] / n[0], Forget: move[1] / n[1],
		Slip: wrong[1] / all[1], Guess: wrong[0] / all[0],
	}
}

// TestEMStepLongRuns checks the E-step against the log-space reference on
// sequences where one state becomes extremely unlikely: 92 wrong, 46
// right, 96 wrong, 88 right answers (a real training sequence of the DKT
// split). Carrying P(known) alone rounded P(not known) to 0 after the
// first right run and fitted slip .40 instead of .005.
func TestEMStepLongRuns(t *testing.T) {
	var long []bool
	for _, run := range []struct {
		n     int
		right bool
	}{{92, false}, {46, true}, {96, false}, {88, true}} {
		for range run.n {
			long = append(long, run.right)
		}
	}
	rng := rand.New(rand.NewPCG(5, 5))
	short := make([]bool, 30)
	for i := range short {
		short[i] = rng.Float64() < 0.6
	}
	for _, c := range []struct {
		name   string
		obs    []bool
		p      BKTParams
		forget bool
	}{
		{"long runs", long, BKTParams{Prior: 0.6588, Learn: 0.2361, Slip: 0.2083, Guess: 0.1776}, false},
		{"long runs, forgetting", long, BKTParams{Prior: 0.6, Learn: 0.2, Forget: 0.01, Slip: 0.2, Guess: 0.2}, true},
		{"random", short, BKTParams{Prior: 0.3, Learn: 0.15, Forget: 0.05, Slip: 0.1, Guess: 0.25}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &skillSeqs{obs: c.obs, end: []int32{int32(len(c.obs))}, w: []float64{1}, total: float64(len(c.obs))}
			got, _ := emStep(s, c.p, c.forget, &emBuf{})
			want := emStepLogSpace(c.obs, c.p)
			want.Prior = max(want.Prior, probFloor) // emStep keeps estimates off 0
			if !c.forget {
				want.Forget = 0
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"prior", got.Prior, want.Prior}, {"learn", got.Learn, want.Learn}, {"forget", got.Forget, want.Forget},
				{"slip", got.Slip, want.Slip}, {"guess", got.Guess, want.Guess},
			} {
				if math.Abs(f.got-f.want) > 1e-9 {
					t.Errorf("%s = %.12f, log-space reference %.12f", f.name, f.got, f.want)
				}
			}
		})
	}
}

// TestBKTLearnerRecoversAfterLongRun: without forgetting, 60 right
// answers push P(not known) to about (0.9*0.25)^60 = 1e-39, far below
// what 1-P(known) can hold; 100 wrong answers (each multiplying the odds
// of not known by 0.9*0.8/0.2 = 3.6, 3.6^100 = 1e55) must still bring
// P(correct) down, as exact Bayes updating does.
func TestBKTLearnerRecoversAfterLongRun(t *testing.T) {
	p := BKTParams{Prior: 0.5, Learn: 0.1, Slip: 0.2, Guess: 0.2}
	m := &BKT{Skills: []BKTParams{p}, Default: p}
	l := m.NewLearner()
	row := Row{Skills: []int32{0}, Correct: true}
	for range 60 {
		l.Update(&row)
	}
	if got := l.Predict(&row); math.Abs(got-0.8) > 1e-9 {
		t.Fatalf("after 60 right answers P(correct) = %v, want 1-slip = 0.8", got)
	}
	row.Correct = false
	for range 100 {
		l.Update(&row)
	}
	if got := l.Predict(&row); got > 0.5 {
		t.Errorf("after 60 right then 100 wrong answers P(correct) = %v, want below 0.5", got)
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

// A student tracked with one number, as the practice engine does, can fall
// back after a long run of right answers.
func TestUpdateNeverSticksAtCertainty(t *testing.T) {
	p := BKTParams{Prior: 0.3, Learn: 0.2, Slip: 0.1, Guess: 0.25}
	k := p.Prior
	for range 200 {
		k = p.Update(k, true)
	}
	if k >= 1 {
		t.Fatalf("P(known) reached %v after 200 right answers", k)
	}
	wrong := 0
	for k > 0.5 {
		k = p.Update(k, false)
		wrong++
		if wrong > 20 {
			t.Fatalf("P(known) still %v after 20 wrong answers", k)
		}
	}
	t.Logf("%d wrong answers bring a certain point back below 0.5", wrong)
}
