package screening

import (
	"math"
	"math/rand/v2"
)

// Prior is a distribution over feasible knowledge states that a session
// draws its particles from.
type Prior interface {
	// Sample writes a random downset into the zeroed bitset s and returns
	// the mixture component it came from.
	Sample(r *rand.Rand, s []uint64) int
}

// Density is a Prior whose density is known up to a constant, which the
// session needs for its MCMC moves. Without it a session only reweights
// and resamples (pure importance sampling, as the sim's oracle does).
type Density interface {
	Prior
	// FlipLogRatio returns log P(s') - log P(s) under component c, where s'
	// is s with point k added or removed and both are downsets.
	FlipLogRatio(c int, s []uint64, k int) float64
}

// GradePrior is the engine's default prior: a broad mixture of Bayesian
// networks on the prerequisite graph and of the uniform distribution over
// downsets. In a bottom-up component c a point whose prerequisites are all
// mastered is mastered with probability a[c][k]; a point with a missing
// prerequisite is never mastered, so every draw is a downset. The components spread over
//
//   - typical-for-grade students at several levels around the student's
//     grade (points of earlier grades likely, later grades unlikely),
//   - students with gaps: the same levels with a lower ceiling, so early
//     points are missing more often and take their dependents with them,
//   - grade-free random downsets at several densities,
//   - every downset equally likely (drawn from the bank's pool of states
//     of the uniform chain, Bank.UniformPool),
//
// because no real engine knows the true distribution of its students; the
// answers pick the components that fit.
type GradePrior struct {
	b     *Bank
	cum   []float64   // cumulative component weights
	kind  []drawKind  // how component c draws
	pool  [][]uint64  // uniform downsets for the uniform component
	a     [][]float64 // a[c][k]
	logA  [][]float64 // log a
	log1A [][]float64 // log(1-a)
}

type component struct {
	weight float64
	a      func(grade float64) float64
	kind   drawKind
}

type drawKind uint8

const (
	// bottomUp: in topological order, a point whose prerequisites are in
	// joins with probability a.
	bottomUp drawKind = iota
	// topDown: in reverse order, a point is in when a dependent is, else
	// with probability a ("a top of the state").
	topDown
	// uniform: every downset equally likely (a ignored).
	uniform
)

// uniformPriorWeight is the prior weight of the uniform-downset component
// and uniformPriorPool the number of chain states it draws from.
const (
	uniformPriorWeight = 0.16
	uniformPriorPool   = 1024
)

// NewGradePrior builds the default prior for a student in grade
// studentGrade (0 = unknown: the levels spread over the whole scope).
func NewGradePrior(b *Bank, studentGrade int) *GradePrior {
	var comps []component
	add := func(w float64, a func(float64) float64) { comps = append(comps, component{w, a, bottomUp}) }
	// A point of grade g is taught during year g; a student at level L has
	// completed L school years. slope says how sharply knowledge falls off
	// around the level, ceiling how often a point of long ago is missing.
	level := func(L, slope, ceiling float64) func(float64) float64 {
		return func(g float64) float64 { return ceiling / (1 + math.Exp(-slope*(L-(g-0.5)))) }
	}
	if b.graded {
		var levels, lw []float64
		if studentGrade > 0 {
			c := float64(studentGrade) - 0.5
			for _, d := range []float64{-2, -1, -0.5, 0, 0.5, 1, 2} {
				levels = append(levels, c+d)
				lw = append(lw, math.Exp(-d*d/2))
			}
		} else {
			for L := float64(b.minGr) - 1; L <= float64(b.maxGr)+0.5; L += 0.5 {
				levels = append(levels, L)
				lw = append(lw, 1)
			}
		}
		lsum := 0.0
		for _, w := range lw {
			lsum += w
		}
		for i, L := range levels {
			w := lw[i] / lsum
			add(0.35*w, level(L, 3, 0.995))
			add(0.25*w, level(L, 1.5, 0.995))
			add(0.25*w, level(L, 3, 0.96))
		}
	} else {
		for _, a := range []float64{0.99, 0.97, 0.9} {
			add(0.85/3, func(float64) float64 { return a })
		}
	}
	// Grade-free random states on a generic grid of rates, built bottom-up
	// (each point with its prerequisites in joins at one rate) and
	// top-down (the down-closure of random points: a point is in when a
	// dependent is, else at one rate).
	for _, a := range []float64{0.5, 0.75, 0.9, 0.97} {
		add(0.04, func(float64) float64 { return a })
	}
	for _, a := range []float64{0.01, 0.03, 0.1, 0.3} {
		comps = append(comps, component{0.04, func(float64) float64 { return a }, topDown})
	}
	// Every feasible state equally likely: the least committal prior,
	// whose typical states are wide and irregular (neither grade-shaped
	// nor the closure of a few points). Drawn from a pool of states of
	// the uniform chain (Bank.UniformPool), shared by every prior of the
	// bank.
	comps = append(comps, component{uniformPriorWeight, func(float64) float64 { return 0.5 }, uniform})
	p := &GradePrior{b: b}
	total := 0.0
	for _, c := range comps {
		total += c.weight
	}
	acc := 0.0
	for _, c := range comps {
		acc += c.weight / total
		p.cum = append(p.cum, acc)
		p.kind = append(p.kind, c.kind)
		if c.kind == uniform {
			p.pool = b.uniformPool()
		}
		a := make([]float64, b.Len())
		la := make([]float64, b.Len())
		l1 := make([]float64, b.Len())
		for k := range a {
			a[k] = min(0.995, max(0.005, c.a(b.grade[k])))
			la[k], l1[k] = math.Log(a[k]), math.Log1p(-a[k])
		}
		p.a, p.logA, p.log1A = append(p.a, a), append(p.logA, la), append(p.log1A, l1)
	}
	return p
}

// Sample implements Prior.
func (p *GradePrior) Sample(r *rand.Rand, s []uint64) int {
	u := r.Float64()
	c := 0
	for c < len(p.cum)-1 && u >= p.cum[c] {
		c++
	}
	switch p.kind[c] {
	case topDown:
		sampleTopDown(p.b, r, s, p.a[c])
	case uniform:
		copy(s, p.pool[r.IntN(len(p.pool))])
	default:
		sampleNet(p.b, r, s, p.a[c])
	}
	return c
}

// sampleTopDown draws a downset in reverse topological order: point k is
// in when one of its dependents is, else with probability a[k].
func sampleTopDown(b *Bank, r *rand.Rand, s []uint64, a []float64) {
	g := b.graph
	for k := g.Len() - 1; k >= 0; k-- {
		if anyIn(g.Dependents(k), s) || r.Float64() < a[k] {
			set(s, k)
		}
	}
}

// sampleNet draws a downset in topological order: point k joins with
// probability a[k] once all its prerequisites are in.
func sampleNet(b *Bank, r *rand.Rand, s []uint64, a []float64) {
	g := b.graph
	for k := range g.Len() {
		if allIn(g.Prerequisites(k), s) && r.Float64() < a[k] {
			set(s, k)
		}
	}
}

func allIn(ks []int, s []uint64) bool {
	for _, k := range ks {
		if !has(s, k) {
			return false
		}
	}
	return true
}

// FlipLogRatio implements Density.
func (p *GradePrior) FlipLogRatio(c int, s []uint64, k int) float64 {
	if p.kind[c] == uniform {
		return 0
	}
	adding := !has(s, k)
	if adding {
		set(s, k)
	}
	var r float64
	if p.kind[c] == topDown {
		r = p.topDownWith(c, s, k)
	} else {
		r = p.bottomUpWith(c, s, k)
	}
	if adding {
		flip(s, k)
		return r
	}
	return -r
}

// bottomUpWith is log P(s) - log P(s without k) for a bottom-up component
// (k in s, no dependent of k in s): with k, k contributes a instead of
// 1-a, and every dependent whose prerequisites are then complete
// contributes 1-a (it is still out); without k they contribute nothing.
func (p *GradePrior) bottomUpWith(c int, s []uint64, k int) float64 {
	l1 := p.log1A[c]
	r := p.logA[c][k] - l1[k]
	for _, d := range p.b.graph.Dependents(k) {
		if allIn(p.b.graph.Prerequisites(d), s) {
			r += l1[d]
		}
	}
	return r
}

// topDownWith is the same for a top-down component: k is free (no
// dependent in) either way and contributes a instead of 1-a; with k its
// prerequisites are forced in (factor 1), without it each prerequisite
// that has no other dependent in s is free and in (factor a).
func (p *GradePrior) topDownWith(c int, s []uint64, k int) float64 {
	g := p.b.graph
	r := p.logA[c][k] - p.log1A[c][k]
	for _, q := range g.Prerequisites(k) {
		other := false
		for _, d := range g.Dependents(q) {
			if d != k && has(s, d) {
				other = true
				break
			}
		}
		if !other {
			r -= p.logA[c][q]
		}
	}
	return r
}
