package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"

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
	Draw drawFunc
	// Reference draws from the same distribution as Draw for the oracle's
	// particles, independently of the students (nil: Draw). Uniform
	// downsets start from a pool of chain states, and the oracle must not
	// share the students' pool.
	Reference drawFunc
}

type drawFunc func(r *rand.Rand, b *screening.Bank, grade int, state []bool)

func (p Population) reference() drawFunc {
	if p.Reference != nil {
		return p.Reference
	}
	return p.Draw
}

// Populations are the simulated student distributions by name.
var Populations = map[string]Population{
	"typical": {"typical", drawTypical, nil},
	"gaps":    {"gaps", drawGaps, nil},
	"random":  {"random", drawRandom, nil},
	"mixed":   {"mixed", drawMixed, nil},
	"uniform": {"uniform", uniformDraw(studentPool), uniformDraw(oraclePool)},
	// half typical, half uniform: the issue's "mix of typical and
	// random-downset students"
	"typical+uniform": {"typical+uniform", halfTypical(uniformDraw(studentPool)), halfTypical(uniformDraw(oraclePool))},
}

// Pool seeds: the students' and the oracle's uniform states come from two
// independent chains.
const (
	studentPool = 1
	oraclePool  = 2
)

// uniformPoolSize states per chain; each draw starts from one and walks
// uniformWalk more sweeps, so draws sharing a start still differ.
const (
	uniformPoolSize = 4096
	uniformWalk     = 4
)

type poolKey struct {
	b    *screening.Bank
	seed uint64
}

var (
	poolMu sync.Mutex
	pools  = map[poolKey][][]uint64{}
)

func uniformPool(b *screening.Bank, seed uint64) [][]uint64 {
	poolMu.Lock()
	defer poolMu.Unlock()
	k := poolKey{b, seed}
	if pools[k] == nil {
		pools[k] = b.UniformPool(uniformPoolSize, seed)
	}
	return pools[k]
}

// uniformDraw draws a downset uniformly (every feasible state equally
// likely, whatever the grade) with the symmetric single-flip chain of
// Bank.WalkDownsets: a state of the chain's pool, walked further.
func uniformDraw(seed uint64) drawFunc {
	return func(r *rand.Rand, b *screening.Bank, _ int, st []bool) {
		pool := uniformPool(b, seed)
		s := slices.Clone(pool[r.IntN(len(pool))])
		b.WalkDownsets(r, s, uniformWalk*b.Len()+1)
		for k := range st {
			st[k] = s[k>>6]&(1<<(uint(k)&63)) != 0
		}
	}
}

func halfTypical(other drawFunc) drawFunc {
	return func(r *rand.Rand, b *screening.Bank, grade int, st []bool) {
		if r.IntN(2) == 0 {
			drawTypical(r, b, grade, st)
			return
		}
		other(r, b, grade, st)
	}
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
// rate. It is not uniform over downsets (see "uniform"): both halves favour
// small or chain-shaped states.
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
