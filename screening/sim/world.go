package sim

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

// World is a student and answer model the engine was not built from, for
// the headline figures: every point has a continuous ability with noise
// (not a mastered/not-mastered state), the graph is soft (a missing
// prerequisite lowers a point's ability but does not rule it out, so true
// states break the graph), each item answers with its own slip and guess
// drawn around values the engine does not know, and the grade the engine is
// told is now and then wrong. A point is truly mastered when its ability
// is positive; that is what every method is scored on.
type World struct {
	Name string
	// Mix chooses the student type: typical for grade, gaps (early points
	// missing), or random (one ability level for every point).
	Mix [3]float64
	// Noise is the standard deviation of a point's ability around the
	// student's level for it; PrereqPenalty lowers a point's ability per
	// missing prerequisite.
	Noise, PrereqPenalty float64
	// Sharpness turns ability into P(correct | ability) before slip and
	// guess: guess + (1-slip-guess) * sigmoid(Sharpness * ability).
	Sharpness float64
	// SlipMax and GuessAbove: an item's slip is uniform in [0, SlipMax],
	// its guess its type's default plus a uniform in GuessAbove.
	SlipMax    float64
	GuessAbove [2]float64
	// WrongGrade is the chance that the grade told is one off.
	WrongGrade float64
}

// Worlds are the held-out populations by name.
var Worlds = map[string]*World{
	"typical-x": {Name: "typical-x", Mix: [3]float64{1, 0, 0}, Noise: 0.8, PrereqPenalty: 1.5, Sharpness: 2.5,
		SlipMax: 0.2, GuessAbove: [2]float64{0.05, 0.3}, WrongGrade: 0.25},
	"mixed-x": {Name: "mixed-x", Mix: [3]float64{0.5, 0.25, 0.25}, Noise: 0.8, PrereqPenalty: 1.5, Sharpness: 2.5,
		SlipMax: 0.2, GuessAbove: [2]float64{0.05, 0.3}, WrongGrade: 0.25},
}

// ItemParams returns the true slip and guess of an item in this world:
// fixed per item id, so every copy of a bank answers alike.
func (w *World) ItemParams(it *curriculum.Item) (slip, guess float64) {
	h := fnv.New64a()
	h.Write([]byte(w.Name + "\x00" + it.ID))
	r := rand.New(rand.NewPCG(h.Sum64(), 0x69746d))
	slip = w.SlipMax * r.Float64()
	guess = min(0.7, screening.DefaultGuess(it)+w.GuessAbove[0]+(w.GuessAbove[1]-w.GuessAbove[0])*r.Float64())
	return slip, guess
}

// Miscalibrated returns items that carry slip and guess the engine takes
// as calibrated, drawn from the world's distribution independently of the
// true ones (and within the bank's limits), so they are wrong.
func (w *World) Miscalibrated(items []curriculum.Item) []curriculum.Item {
	out := slices.Clone(items)
	for i := range out {
		it := out[i]
		it.ID += "\x00wrong"
		s, g := w.ItemParams(&it)
		s, g = min(s, 0.49), min(g, 0.49)
		out[i].Slip, out[i].Guess = &s, &g
	}
	return out
}

// worldStudent is one simulated student of a world.
type worldStudent struct {
	ability []float64
	truth   []bool
	told    int
}

// draw draws a student of the given true grade.
func (w *World) draw(r *rand.Rand, b *screening.Bank, grade int) worldStudent {
	n := b.Len()
	level := make([]float64, n)
	switch u := r.Float64(); {
	case u < w.Mix[0]+w.Mix[1]:
		theta, lambda := r.NormFloat64(), 0.5*r.NormFloat64()
		for k := range level {
			level[k] = theta - difficulty(k)
			if grade > 0 {
				level[k] += 2 * (float64(grade) - 0.5 + lambda - float64(b.Grade(k)))
			} else {
				level[k] += 1.5
			}
		}
		if u >= w.Mix[0] { // gaps: one to three early points missing
			var early []int
			for k := range n {
				if grade <= 0 || b.Grade(k) <= max(1, grade-2) {
					early = append(early, k)
				}
			}
			for range 1 + r.IntN(3) {
				if len(early) > 0 {
					level[early[r.IntN(len(early))]] = -4
				}
			}
		}
	default:
		rate := 0.3 + 0.68*r.Float64()
		for k := range level {
			level[k] = math.Log(rate / (1 - rate))
		}
	}
	s := worldStudent{ability: make([]float64, n), truth: make([]bool, n), told: grade}
	g := b.Graph()
	for k := range n { // topological order: prerequisites first
		a := level[k] + w.Noise*r.NormFloat64()
		for _, p := range g.Prerequisites(k) {
			if s.ability[p] <= 0 {
				a -= w.PrereqPenalty
			}
		}
		s.ability[k], s.truth[k] = a, a > 0
	}
	if lo, hi := b.Grades(); grade > 0 && r.Float64() < w.WrongGrade {
		if r.IntN(2) == 0 {
			s.told = max(lo, grade-1)
		} else {
			s.told = min(hi, grade+1)
		}
	}
	return s
}

// pCorrect is P(correct) on item i for a student with these abilities.
func (w *World) pCorrect(b *screening.Bank, i int, ability []float64, params [][2]float64) float64 {
	a := math.Inf(1)
	for _, k := range b.ItemPoints(i) {
		a = min(a, ability[k])
	}
	slip, guess := params[i][0], params[i][1]
	return guess + (1-slip-guess)*sigmoid(w.Sharpness*a)
}

func (w *World) params(b *screening.Bank) [][2]float64 {
	p := make([][2]float64, b.NumItems())
	for i := range p {
		p[i][0], p[i][1] = w.ItemParams(b.Item(i))
	}
	return p
}

// WorldOracle is the Bayesian reference for a world: it knows the world
// (its student distribution, how the told grade errs, every item's true
// slip and guess). Its particles are students drawn from the world,
// weighted by the answers; it asks the item whose answer carries the most
// information about which particle is true.
func WorldOracle(w *World, particles int) Method {
	return Method{"oracle", func(b *screening.Bank, st Student, budget int) Tester {
		r := rand.New(rand.NewPCG(st.Seed^0x6f7261636c65, 2))
		lo, hi := b.Grades()
		t := &worldOracle{w: w, b: b, params: w.params(b), asked: make([]bool, b.NumItems()), wt: make([]float64, particles)}
		for p := range particles {
			grade := st.Grade // the told grade is right with P 1-WrongGrade, else one off
			if grade > 0 && r.Float64() < w.WrongGrade {
				grade = min(hi, max(lo, grade+2*r.IntN(2)-1))
			}
			t.parts = append(t.parts, w.draw(r, b, grade))
			t.wt[p] = 1 / float64(particles)
		}
		return t
	}}
}

type worldOracle struct {
	w      *World
	b      *screening.Bank
	params [][2]float64
	parts  []worldStudent
	wt     []float64
	asked  []bool
	// q[i*particles+p] is particle p's P(correct) on item i and hq its
	// entropy, computed once (the abilities never change): the same
	// numbers Next and Answer would compute, a hundred times faster.
	q, hq []float64
}

func (t *worldOracle) table() {
	if t.q != nil {
		return
	}
	n := t.b.NumItems()
	t.q, t.hq = make([]float64, len(t.parts)*n), make([]float64, len(t.parts)*n)
	for p, s := range t.parts {
		for i := range n {
			q := t.w.pCorrect(t.b, i, s.ability, t.params)
			t.q[i*len(t.parts)+p], t.hq[i*len(t.parts)+p] = q, h2(q)
		}
	}
}

func (t *worldOracle) Next() (int, bool) {
	t.table()
	n := t.b.NumItems()
	best, bestInfo := -1, -1.0
	for i := range n {
		if t.asked[i] {
			continue
		}
		pc, cond := 0.0, 0.0
		q, hq := t.q[i*len(t.parts):(i+1)*len(t.parts)], t.hq[i*len(t.parts):(i+1)*len(t.parts)]
		for p, w := range t.wt {
			pc += w * q[p]
			cond += w * hq[p]
		}
		if info := h2(pc) - cond; info > bestInfo {
			best, bestInfo = i, info
		}
	}
	if best < 0 {
		return 0, false
	}
	t.asked[best] = true
	return best, true
}

func (t *worldOracle) Answer(i int, correct bool) {
	t.table()
	total := 0.0
	for p := range t.parts {
		q := t.q[i*len(t.parts)+p]
		if !correct {
			q = 1 - q
		}
		t.wt[p] *= q
		total += t.wt[p]
	}
	for p := range t.wt {
		t.wt[p] /= total
	}
}

func (t *worldOracle) Predict() []float64 {
	m := make([]float64, t.b.Len())
	for p, s := range t.parts {
		for k, in := range s.truth {
			if in {
				m[k] += t.wt[p]
			}
		}
	}
	return m
}

// h2 is the binary entropy in nats.
func h2(p float64) float64 {
	if p <= 0 || p >= 1 {
		return 0
	}
	return -p*math.Log(p) - (1-p)*math.Log(1-p)
}
