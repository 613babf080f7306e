package sim

import (
	"math"
	"math/rand/v2"

	"github.com/zhixi-org/zhixi/screening"
)

// Population draws true knowledge states. Its family differs on purpose
// from the engine's prior (ability plus per-point difficulty, explicit
// gaps, closures of random points), so the engine is not scored on the
// distribution it assumes.
type Population struct {
	Name string
	// Draw writes a downset of b into the zeroed state for a student in
	// grade (0 when the scope has no grades).
	Draw func(r *rand.Rand, b *screening.Bank, grade int, state []bool)
}

// Populations are the simulated student distributions by name.
var Populations = map[string]Population{
	"typical": {"typical", drawTypical},
	"gaps":    {"gaps", drawGaps},
	"random":  {"random", drawRandom},
	"mixed":   {"mixed", drawMixed},
}

// difficulty is a fixed per-point offset, the same for every student.
func difficulty(k int) float64 {
	r := rand.New(rand.NewPCG(uint64(k), 0x64696666))
	return 0.7 * r.NormFloat64()
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// drawTypical: ability theta and a level shift lambda (in grades); a point
// whose prerequisites are known is known with probability
// sigmoid(theta - d_k + 2 (grade - 0.5 + lambda - g_k)): points of past
// grades very likely, this grade's about half, later ones rarely.
func drawTypical(r *rand.Rand, b *screening.Bank, grade int, st []bool) {
	theta, lambda := r.NormFloat64(), 0.5*r.NormFloat64()
	g := b.Graph()
	for k := range g.Len() {
		if !prereqsIn(b, k, st) {
			continue
		}
		x := theta - difficulty(k)
		if grade > 0 {
			x += 2 * (float64(grade) - 0.5 + lambda - float64(b.Grade(k)))
		} else {
			x += 1.5
		}
		st[k] = r.Float64() < sigmoid(x)
	}
}

// drawGaps is typical, then one to three points of early grades (two or
// more below the student's) are forgotten, and everything built on them.
func drawGaps(r *rand.Rand, b *screening.Bank, grade int, st []bool) {
	drawTypical(r, b, grade, st)
	var early []int
	for k := range st {
		if st[k] && (grade <= 0 || b.Grade(k) <= max(1, grade-2)) {
			early = append(early, k)
		}
	}
	if len(early) == 0 {
		return
	}
	for range 1 + r.IntN(3) {
		st[early[r.IntN(len(early))]] = false
	}
	closeDown(b, st)
}

// drawRandom ignores grade: half the time the down-closure of a few random
// points, half the time each point (prerequisites known) with one random
// rate.
func drawRandom(r *rand.Rand, b *screening.Bank, _ int, st []bool) {
	g := b.Graph()
	n := g.Len()
	if r.IntN(2) == 0 {
		for range 1 + r.IntN(max(1, n/10)) {
			st[r.IntN(n)] = true
		}
		// down-closure: reverse topological order reaches every ancestor
		for k := n - 1; k >= 0; k-- {
			if st[k] {
				for _, p := range g.Prerequisites(k) {
					st[p] = true
				}
			}
		}
		return
	}
	rate := 0.5 + 0.48*r.Float64()
	for k := range n {
		st[k] = prereqsIn(b, k, st) && r.Float64() < rate
	}
}

func drawMixed(r *rand.Rand, b *screening.Bank, grade int, st []bool) {
	switch u := r.Float64(); {
	case u < 0.5:
		drawTypical(r, b, grade, st)
	case u < 0.75:
		drawGaps(r, b, grade, st)
	default:
		drawRandom(r, b, grade, st)
	}
}

func prereqsIn(b *screening.Bank, k int, st []bool) bool {
	for _, p := range b.Graph().Prerequisites(k) {
		if !st[p] {
			return false
		}
	}
	return true
}

// closeDown removes every point with a missing prerequisite (topological
// order makes one pass enough).
func closeDown(b *screening.Bank, st []bool) {
	for k := range st {
		if st[k] && !prereqsIn(b, k, st) {
			st[k] = false
		}
	}
}
