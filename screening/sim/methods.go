package sim

import (
	"fmt"
	"math/rand/v2"

	"github.com/zhixi-org/zhixi/screening"
)

// Tester is one screening method under evaluation.
type Tester interface {
	// Next returns the bank index of the next item, or false to stop.
	Next() (int, bool)
	Answer(item int, correct bool)
	// Predict returns P(mastered) for every point.
	Predict() []float64
}

// Student is what a method may know about the simulated student: the grade
// (as the real engine does) and, for the oracle only, the population.
type Student struct {
	Grade int
	Seed  uint64
}

// Method builds a Tester for one student.
type Method struct {
	Name string
	New  func(b *screening.Bank, st Student, budget int) Tester
}

// Engine is the screening engine with base's tuning (zero fields are the
// defaults). It never stops on confidence here, so that its
// accuracy-versus-questions curve covers the whole budget; the simulator
// records where the stopping rule would have fired.
func Engine(base screening.Config) Method {
	return Method{"engine", func(b *screening.Bank, st Student, budget int) Tester {
		cfg := base
		cfg.StudentGrade, cfg.Seed, cfg.MaxQuestions = st.Grade, st.Seed, budget
		return newSessionTester(b, cfg, nil)
	}}
}

// Oracle is a Bayesian reference given the simulator's own distribution:
// particles drawn from the population for the student's grade, weighted by
// the answers (pure importance sampling, no moves), with the engine's
// item selection.
func Oracle(pop Population, particles int) Method {
	return Method{"oracle", func(b *screening.Bank, st Student, budget int) Tester {
		prior := &popPrior{b: b, pop: pop, grade: st.Grade, buf: make([]bool, b.Len())}
		return newSessionTester(b, screening.Config{Seed: st.Seed ^ 0x9e3779b97f4a7c15, Particles: particles, MaxQuestions: budget, FitZ: -1, FitChecks: -1}, prior)
	}}
}

type popPrior struct {
	b     *screening.Bank
	pop   Population
	grade int
	buf   []bool
}

func (p *popPrior) Sample(r *rand.Rand, s []uint64) int {
	clear(p.buf)
	p.pop.reference()(r, p.b, p.grade, p.buf)
	for k, in := range p.buf {
		if in {
			s[k>>6] |= 1 << (uint(k) & 63)
		}
	}
	return 0
}

type sessionTester struct {
	s *screening.Session
}

func newSessionTester(b *screening.Bank, cfg screening.Config, prior screening.Prior) *sessionTester {
	// The session asks to the end of the budget; the simulator asks it
	// where its stopping rule would have fired (Settled).
	cfg.PastStop, cfg.Prior = true, prior
	s, err := screening.NewSession(b, cfg)
	if err != nil {
		panic(fmt.Sprintf("sim: engine config: %v", err)) // a programming error in the simulator
	}
	return &sessionTester{s}
}

func (t *sessionTester) Next() (int, bool) {
	id, ok := t.s.Next()
	if !ok {
		return 0, false
	}
	i, _ := t.s.Bank().ItemIndex(id)
	return i, true
}

func (t *sessionTester) Answer(item int, correct bool) {
	o := screening.Incorrect
	if correct {
		o = screening.Correct
	}
	if err := t.s.Answer(t.s.Bank().Item(item).ID, o); err != nil {
		panic(fmt.Sprintf("sim: %v", err))
	}
}

func (t *sessionTester) Predict() []float64 { return t.s.Marginals() }

// Settled is the engine's own stopping rule (thresholds and the check of
// its calibration).
func (t *sessionTester) Settled(mastered, notMastered float64) bool {
	return t.s.Settled(mastered, notMastered)
}

// gradeRule is the baselines' guess for a point they have no answer on:
// points of earlier grades than the student's are probably mastered.
func gradeRule(b *screening.Bank, grade, k int) float64 {
	switch {
	case grade == 0 || b.Grade(k) == 0:
		return 0.5
	case b.Grade(k) < grade:
		return 0.8
	}
	return 0.2
}

// countTester scores each point by the share of correct answers on its
// items, falling back to the grade rule; Topo and Random differ only in
// the order they ask.
type countTester struct {
	b          *screening.Bank
	grade      int
	order      []int
	pos        int
	right, all []int
}

func newCountTester(b *screening.Bank, grade int, order []int) *countTester {
	return &countTester{b: b, grade: grade, order: order, right: make([]int, b.Len()), all: make([]int, b.Len())}
}

func (t *countTester) Next() (int, bool) {
	if t.pos >= len(t.order) {
		return 0, false
	}
	t.pos++
	return t.order[t.pos-1], true
}

func (t *countTester) Answer(item int, correct bool) {
	for _, k := range t.b.ItemPoints(item) {
		t.all[k]++
		if correct {
			t.right[k]++
		}
	}
}

func (t *countTester) Predict() []float64 {
	p := make([]float64, t.b.Len())
	for k := range p {
		if t.all[k] == 0 {
			p[k] = gradeRule(t.b, t.grade, k)
		} else {
			p[k] = float64(t.right[k]) / float64(t.all[k])
		}
	}
	return p
}

// Topo asks one item per point in prerequisite (topological) order.
var Topo = Method{"topo", func(b *screening.Bank, st Student, budget int) Tester {
	var order []int
	for k := range b.Len() {
		for i := range b.NumItems() {
			if kps := b.ItemPoints(i); kps[len(kps)-1] == k {
				order = append(order, i)
				break
			}
		}
	}
	return newCountTester(b, st.Grade, order)
}}

// Random asks a fixed random test (a random sample of items).
var Random = Method{"random", func(b *screening.Bank, st Student, budget int) Tester {
	r := rand.New(rand.NewPCG(st.Seed, 0x72616e64))
	return newCountTester(b, st.Grade, r.Perm(b.NumItems()))
}}

// Independent is adaptive testing that ignores the graph: every point an
// independent Bernoulli with a grade-rule prior, updated exactly, the next
// item the one whose answer is most informative.
var Independent = Method{"indep", func(b *screening.Bank, st Student, budget int) Tester {
	t := &indepTester{b: b, p: make([]float64, b.Len()), asked: make([]bool, b.NumItems())}
	for k := range t.p {
		t.p[k] = gradeRule(b, st.Grade, k)
	}
	return t
}}

type indepTester struct {
	b     *screening.Bank
	p     []float64
	asked []bool
}

func (t *indepTester) q(item int) float64 {
	q := 1.0
	for _, k := range t.b.ItemPoints(item) {
		q *= t.p[k]
	}
	return q
}

func (t *indepTester) Next() (int, bool) {
	best, bestInfo := -1, 0.0
	for i := range t.b.NumItems() {
		if t.asked[i] {
			continue
		}
		slip, guess := t.b.ItemParams(i)
		if inf := screening.AnswerInfo(t.q(i), slip, guess); inf > bestInfo {
			best, bestInfo = i, inf
		}
	}
	if best < 0 {
		return 0, false
	}
	t.asked[best] = true
	return best, true
}

func (t *indepTester) Answer(item int, correct bool) {
	slip, guess := t.b.ItemParams(item)
	l1, l0 := 1-slip, guess
	if !correct {
		l1, l0 = slip, 1-guess
	}
	kps := t.b.ItemPoints(item)
	post := make([]float64, len(kps))
	for j, k := range kps {
		others := t.q(item) / t.p[k]
		in := t.p[k] * (others*l1 + (1-others)*l0)
		post[j] = in / (in + (1-t.p[k])*l0)
	}
	for j, k := range kps {
		t.p[k] = min(0.999, max(0.001, post[j]))
	}
}

func (t *indepTester) Predict() []float64 { return t.p }
