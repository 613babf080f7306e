package sim

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/zhixi-org/zhixi/screening"
)

// Acc counts per-point classifications (P >= 0.5 means mastered) pooled
// over students.
type Acc struct {
	MasteredRight, Mastered, NotRight, Not int
}

// MasteredAcc is the accuracy on points the students have mastered.
func (a Acc) MasteredAcc() float64 { return ratio(a.MasteredRight, a.Mastered) }

// NotAcc is the accuracy on points the students have not mastered.
func (a Acc) NotAcc() float64 { return ratio(a.NotRight, a.Not) }

// Balanced is the mean of the two: the headline figure, since a plain
// accuracy rewards calling everything by the majority class.
func (a Acc) Balanced() float64 { return (a.MasteredAcc() + a.NotAcc()) / 2 }

// Overall is the plain per-point accuracy.
func (a Acc) Overall() float64 { return ratio(a.MasteredRight+a.NotRight, a.Mastered+a.Not) }

func (a *Acc) add(b Acc) {
	a.MasteredRight += b.MasteredRight
	a.Mastered += b.Mastered
	a.NotRight += b.NotRight
	a.Not += b.Not
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func score(truth []bool, p []float64) Acc {
	var a Acc
	for k, in := range truth {
		right := (p[k] >= 0.5) == in
		if in {
			a.Mastered++
			if right {
				a.MasteredRight++
			}
		} else {
			a.Not++
			if right {
				a.NotRight++
			}
		}
	}
	return a
}

// Config is one evaluation: a scope, a population and answer noise.
type Config struct {
	Bank        *screening.Bank
	Population  Population
	Slip, Guess float64 // the simulated students' answering noise
	// World, when set, replaces Population, Slip and Guess: students and
	// their answers come from a model the engine was not built from.
	World    *World
	Students int
	Seed     uint64
	Budget   int // questions per student
	Methods  []Method
	// Mastered and NotMastered are the engine's stopping thresholds,
	// applied to its marginals to find where it would stop.
	Mastered, NotMastered float64
	Workers               int
}

// MethodResult is one method's figures.
type MethodResult struct {
	Name string
	// Curve[t] is the pooled accuracy after t questions (a method that
	// ran out of questions keeps its last prediction).
	Curve []Acc
	// StopQuestions and AtStop: where the stopping rule (every point at
	// P >= Mastered or <= NotMastered, or the budget) fires, and the
	// accuracy there.
	StopQuestions []int
	AtStop        Acc
	// Decisions are the CPU times of update plus next-item selection.
	Decisions []time.Duration
	// Final is each student's accuracy at the end of the budget, for
	// standard errors (see GapSE).
	Final []Acc
}

type studentRun struct {
	curve     []Acc
	stopQ     int
	atStop    Acc
	decisions []time.Duration
}

// Run evaluates every method on the same simulated students: the same true
// states and the same answer to the same item (common random numbers), so
// differences come from the methods.
func Run(cfg Config) []MethodResult {
	runs := make([][]studentRun, cfg.Students)
	var params [][2]float64
	if cfg.World != nil {
		params = cfg.World.params(cfg.Bank)
		cfg.Population.Name = cfg.World.Name
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, cfg.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread() // ThreadCPU measures this goroutine
			defer runtime.UnlockOSThread()
			for s := range next {
				runs[s] = runStudent(cfg, params, s)
			}
		}()
	}
	for s := range cfg.Students {
		next <- s
	}
	close(next)
	wg.Wait()
	out := make([]MethodResult, len(cfg.Methods))
	for m, meth := range cfg.Methods {
		r := MethodResult{Name: meth.Name, Curve: make([]Acc, cfg.Budget+1)}
		for _, sr := range runs {
			run := sr[m]
			for t := range r.Curve {
				r.Curve[t].add(run.curve[min(t, len(run.curve)-1)])
			}
			r.StopQuestions = append(r.StopQuestions, run.stopQ)
			r.AtStop.add(run.atStop)
			r.Decisions = append(r.Decisions, run.decisions...)
			r.Final = append(r.Final, run.curve[len(run.curve)-1])
		}
		out[m] = r
	}
	return out
}

func studentSeed(base uint64, pop string, s int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(pop))
	return base*0x9e3779b97f4a7c15 ^ h.Sum64() ^ uint64(s)*0xbf58476d1ce4e5b9
}

func runStudent(cfg Config, params [][2]float64, s int) []studentRun {
	b := cfg.Bank
	seed := studentSeed(cfg.Seed, cfg.Population.Name, s)
	r := rand.New(rand.NewPCG(seed, 1))
	grade := 0
	if lo, hi := b.Grades(); hi > 0 {
		grade = min(12, lo+1+r.IntN(hi-lo+1))
	}
	truth := make([]bool, b.Len())
	told := grade
	var ws worldStudent
	if cfg.World != nil {
		ws = cfg.World.draw(r, b, grade)
		truth, told = ws.truth, ws.told
	} else {
		cfg.Population.Draw(r, b, grade, truth)
	}
	// One uniform per item: the student answers an item the same way
	// whichever method asks it.
	u := make([]float64, b.NumItems())
	for i := range u {
		u[i] = r.Float64()
	}
	correct := func(i int) bool {
		if cfg.World != nil {
			return u[i] < cfg.World.pCorrect(b, i, ws.ability, params)
		}
		for _, k := range b.ItemPoints(i) {
			if !truth[k] {
				return u[i] < cfg.Guess
			}
		}
		return u[i] >= cfg.Slip
	}
	st := Student{Grade: told, Seed: seed}
	out := make([]studentRun, len(cfg.Methods))
	for m, meth := range cfg.Methods {
		run := studentRun{stopQ: -1}
		t := meth.New(b, st, cfg.Budget)
		observe := func(q int) {
			p := t.Predict()
			a := score(truth, p)
			run.curve = append(run.curve, a)
			if run.stopQ < 0 && (q == cfg.Budget || settled(t, p, cfg.Mastered, cfg.NotMastered)) {
				run.stopQ, run.atStop = q, a
			}
		}
		observe(0)
		var upd time.Duration // the previous answer's update
		for q := 1; q <= cfg.Budget; q++ {
			start := ThreadCPU()
			i, ok := t.Next()
			run.decisions = append(run.decisions, upd+ThreadCPU()-start)
			if !ok {
				break
			}
			ans := correct(i)
			start = ThreadCPU()
			t.Answer(i, ans)
			upd = ThreadCPU() - start
			observe(q)
		}
		if run.stopQ < 0 {
			run.stopQ, run.atStop = len(run.curve)-1, run.curve[len(run.curve)-1]
		}
		out[m] = run
	}
	return out
}

// settler is a method with its own stopping rule (the engine's checks its
// posterior's calibration too).
type settler interface {
	Settled(mastered, notMastered float64) bool
}

func settled(t Tester, p []float64, hi, lo float64) bool {
	if s, ok := t.(settler); ok {
		return s.Settled(hi, lo)
	}
	return confident(p, hi, lo)
}

func confident(p []float64, hi, lo float64) bool {
	for _, v := range p {
		if v > lo && v < hi {
			return false
		}
	}
	return true
}

// Percentile returns the q-quantile (0..1) of xs by nearest rank.
func Percentile[T int | time.Duration](xs []T, q float64) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.5) - 1
	return s[min(len(s)-1, max(0, i))]
}

// GapSE is a's balanced accuracy minus b's at the end of the budget,
// pooled over the students both ran, with its standard error by a paired
// bootstrap over students (2000 resamples, fixed seed): the students, not
// the points, are the independent units.
func GapSE(a, b MethodResult) (gap, se float64) {
	n := min(len(a.Final), len(b.Final))
	pooled := func(idx func(int) int) float64 {
		var x, y Acc
		for i := range n {
			j := idx(i)
			x.add(a.Final[j])
			y.add(b.Final[j])
		}
		return x.Balanced() - y.Balanced()
	}
	gap = pooled(func(i int) int { return i })
	if n < 2 {
		return gap, 0
	}
	r := rand.New(rand.NewPCG(1, 2))
	const B = 2000
	sum, sq := 0.0, 0.0
	for range B {
		d := pooled(func(int) int { return r.IntN(n) })
		sum += d
		sq += d * d
	}
	mean := sum / B
	return gap, math.Sqrt(max(0, sq/B-mean*mean))
}
