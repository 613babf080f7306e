// Package sim measures what practice achieves: simulated learners whose
// learning and forgetting follow a model other than the practice engine's
// (BKT with a decay), first screened by the real screening engine, then
// practising with the real practice engine or a baseline, scored on points
// truly mastered per 100 answers and on how many of them are still known
// 30 simulated days later.
package sim

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/practice"
	"github.com/zhixi-org/zhixi/screening"
)

// Mastered is the strength at which a simulated point counts as truly
// mastered.
const Mastered = 0.8

// Learner is a simulated student. Each point has a strength in [0, 1]:
// P(correct) = guess + (1 - slip - guess) * strength. An answer on a point
// whose prerequisites are at least half strong moves its strength towards 1
// at the point's rate times the student's (both log-normal, so rates differ
// per point and per student); without the prerequisites it barely moves.
// Strength decays between days with a half-life that doubles with every
// day the point was practised (spacing), starting at HalfLife days.
type Learner struct {
	g        *curriculum.Graph
	grade    int
	strength []float64
	rate     []float64
	halfLife []float64
	lastDay  []int
	slip     float64
	r        *rand.Rand
}

// HalfLife is a new point's half-life in days.
const HalfLife = 10.0

// Population draws learners for a graph.
type Population struct {
	Name string
	// Gaps is the chance that one to three points of earlier grades are
	// missing, with what builds on them.
	Gaps float64
}

// Populations are the simulated practice populations.
var Populations = map[string]Population{
	"typical": {"typical", 0},
	"gaps":    {"gaps", 1},
}

// NewLearner draws a learner of the given grade.
func (p Population) NewLearner(g *curriculum.Graph, grade int, seed uint64) *Learner {
	r := rand.New(rand.NewPCG(seed, 0x6c6561726e))
	n := g.Len()
	l := &Learner{g: g, grade: grade, strength: make([]float64, n), rate: make([]float64, n), halfLife: make([]float64, n),
		lastDay: make([]int, n), slip: 0.03 + 0.12*r.Float64(), r: r}
	theta, student := r.NormFloat64(), math.Exp(0.4*r.NormFloat64())
	var early []int
	for k := range n {
		pg := g.Node(k).Grade
		x := theta - 0.6*r.NormFloat64() + 2*(float64(grade)-0.5-float64(pg))
		if l.prereqs(k) && r.Float64() < 1/(1+math.Exp(-x)) {
			l.strength[k] = 0.85 + 0.15*r.Float64()
			if pg <= grade-2 {
				early = append(early, k)
			}
		} else {
			l.strength[k] = 0.1 * r.Float64()
		}
		l.rate[k] = min(0.8, 0.3*student*math.Exp(0.5*r.NormFloat64()))
		l.halfLife[k] = HalfLife
	}
	if len(early) > 0 && r.Float64() < p.Gaps {
		for range 1 + r.IntN(3) {
			l.strength[early[r.IntN(len(early))]] = 0.05
		}
		for k := range n { // what builds on a gap is shaky
			if !l.prereqs(k) {
				l.strength[k] = min(l.strength[k], 0.3)
			}
		}
	}
	return l
}

func (l *Learner) prereqs(k int) bool {
	for _, p := range l.g.Prerequisites(k) {
		if l.strength[p] < 0.5 {
			return false
		}
	}
	return true
}

// Answer answers item it on day day and learns from it.
func (l *Learner) Answer(it *curriculum.Item, day int) bool {
	ks := make([]int, 0, len(it.KnowledgePoints))
	s := 1.0
	for _, id := range it.KnowledgePoints {
		k, _ := l.g.Index(id)
		ks = append(ks, k)
		s = min(s, l.strength[k])
	}
	guess := screening.DefaultGuess(it)
	right := l.r.Float64() < guess+(1-l.slip-guess)*s
	for _, k := range ks {
		rate := 0.02
		if l.prereqs(k) {
			rate = l.rate[k]
		}
		l.strength[k] += rate * (1 - l.strength[k])
		if day > l.lastDay[k] && l.strength[k] >= Mastered {
			l.halfLife[k] *= 2 // a later day's practice: spacing
		}
		l.lastDay[k] = day
	}
	return right
}

// Pass lets days go by without practice.
func (l *Learner) Pass(days float64) {
	for k := range l.strength {
		l.strength[k] *= math.Pow(0.5, days/l.halfLife[k])
	}
}

// MasteredSet lists the points at or above Mastered.
func (l *Learner) MasteredSet() []bool {
	out := make([]bool, len(l.strength))
	for k, s := range l.strength {
		out[k] = s >= Mastered
	}
	return out
}

// Grade is the learner's grade.
func (l *Learner) Grade() int { return l.grade }

// Policy chooses practice items.
type Policy interface {
	// Next returns the next item, or false when it has nothing to give.
	Next(now time.Time) (*curriculum.Item, bool)
	Record(it *curriculum.Item, correct bool, now time.Time)
}

// Config is one practice evaluation.
type Config struct {
	Graph      *curriculum.Graph
	Items      []curriculum.Item
	Population Population
	Grades     []int // the learners' grades, drawn uniformly
	Learners   int
	Days       int // practice days, one session each
	PerDay     int // answers per session
	Seed       uint64
	// Policies build a policy for a learner after its screening.
	Policies []NamedPolicy
	// Log, if set, gets every answer: the screening's (policy
	// "screening") and each policy's, by learner (0 … Learners-1), in
	// order.
	Log func(policy string, learner int, it *curriculum.Item, correct bool)

	// screened is the current learner's screening answers, for engines
	// that serve a history model (Engine replays them).
	screened []practice.Answer
}

// NamedPolicy builds one policy for a learner, given its screening result.
type NamedPolicy struct {
	Name string
	New  func(c *Config, grade int, res *screening.Result, seed uint64, now time.Time) (Policy, error)
}

// Result is one policy's figures.
type Result struct {
	Name string
	// Gained is the points truly mastered at the end that were not at the
	// start; Kept those still mastered 30 days later; Answers the answers.
	Gained, Kept, Answers int
	// AboveGrade counts answers on points above the learner's grade.
	AboveGrade int
}

// PerHundred is points truly mastered per 100 answers.
func (r Result) PerHundred() float64 { return 100 * float64(r.Gained) / float64(max(1, r.Answers)) }

// KeptPerHundred is points still known 30 days later per 100 answers.
func (r Result) KeptPerHundred() float64 { return 100 * float64(r.Kept) / float64(max(1, r.Answers)) }

// Run evaluates every policy on the same learners (the same draw, the same
// screening), each from a fresh copy of the learner.
func Run(c Config) ([]Result, error) {
	out := make([]Result, len(c.Policies))
	for i := range out {
		out[i].Name = c.Policies[i].Name
	}
	start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
	banks := map[int]*screening.Bank{}
	for s := range c.Learners {
		seed := c.Seed*0x9e3779b97f4a7c15 + uint64(s)
		r := rand.New(rand.NewPCG(seed, 7))
		grade := c.Grades[r.IntN(len(c.Grades))]
		if banks[grade] == nil {
			b, err := screening.NewBank(c.Graph, c.Items, screening.ScopeByGrade(c.Graph, 1, grade))
			if err != nil {
				return nil, err
			}
			banks[grade] = b
		}
		res, answers, err := screen(banks[grade], c.Population.NewLearner(c.Graph, grade, seed), grade, seed)
		if err != nil {
			return nil, err
		}
		c.screened = answers
		if c.Log != nil {
			for _, a := range answers {
				i, _ := banks[grade].ItemIndex(a.Item)
				c.Log("screening", s, banks[grade].Item(i), a.Correct)
			}
		}
		for pi, np := range c.Policies {
			l := c.Population.NewLearner(c.Graph, grade, seed) // the same learner for every policy
			l.r = rand.New(rand.NewPCG(seed, uint64(pi)+100))
			before := l.MasteredSet()
			pol, err := np.New(&c, grade, res, seed, start)
			if err != nil {
				return nil, err
			}
			for day := range c.Days {
				if day > 0 {
					l.Pass(1)
				}
				now := start.AddDate(0, 0, day)
				for range c.PerDay {
					it, ok := pol.Next(now)
					if !ok {
						break
					}
					if k, _ := c.Graph.Index(it.KnowledgePoints[0]); c.Graph.Node(k).Grade > grade {
						out[pi].AboveGrade++
					}
					right := l.Answer(it, day)
					pol.Record(it, right, now)
					if c.Log != nil {
						c.Log(np.Name, s, it, right)
					}
					out[pi].Answers++
					now = now.Add(time.Minute)
				}
			}
			end := l.MasteredSet()
			l.Pass(30)
			later := l.MasteredSet()
			for k := range end {
				if end[k] && !before[k] {
					out[pi].Gained++
					if later[k] {
						out[pi].Kept++
					}
				}
			}
		}
	}
	return out, nil
}

// screen runs the real screening engine on the learner (own grade and
// below, 30 questions), as the platform does before practice.
func screen(b *screening.Bank, l *Learner, grade int, seed uint64) (*screening.Result, []practice.Answer, error) {
	s, err := screening.NewSession(b, screening.Config{StudentGrade: grade, Seed: seed, MaxQuestions: 30})
	if err != nil {
		return nil, nil, err
	}
	var answers []practice.Answer
	for {
		id, ok := s.Next()
		if !ok {
			break
		}
		i, _ := b.ItemIndex(id)
		it := b.Item(i)
		right := l.Answer(it, 0)
		o := screening.Incorrect
		if right {
			o = screening.Correct
		}
		if err := s.Answer(id, o); err != nil {
			return nil, nil, err
		}
		answers = append(answers, practice.Answer{Item: id, KPs: it.KnowledgePoints, Correct: right})
	}
	return s.Result(), answers, nil
}

// Engine is the real practice engine, started from the screening.
func Engine(newEngine func() (*practice.Engine, error)) NamedPolicy {
	return NamedEngine("engine", newEngine)
}

// NamedEngine is Engine under another name (e.g. the engine serving
// zx-lr beside the one serving BKT). An engine serving a history model
// starts from the screening's answers, as on the platform.
func NamedEngine(name string, newEngine func() (*practice.Engine, error)) NamedPolicy {
	return NamedPolicy{name, func(c *Config, grade int, res *screening.Result, seed uint64, now time.Time) (Policy, error) {
		e, err := newEngine()
		if err != nil {
			return nil, err
		}
		st, err := e.StartScreening(res, now)
		if err != nil {
			return nil, err
		}
		if _, err := e.Replay(st, c.screened); err != nil {
			return nil, err
		}
		st.Grade = grade // as the platform does
		byID := map[string]*curriculum.Item{}
		for i := range c.Items {
			byID[c.Items[i].ID] = &c.Items[i]
		}
		return &enginePolicy{e: e, st: st, byID: byID, r: rand.New(rand.NewPCG(seed, 3))}, nil
	}}
}

type enginePolicy struct {
	e    *practice.Engine
	st   *practice.State
	byID map[string]*curriculum.Item
	r    *rand.Rand
}

// Next asks the engine; at a rest it takes the rest's offers as a student
// on the platform would (the next point on the path, else an early
// review), and stops the session when there is neither.
func (p *enginePolicy) Next(now time.Time) (*curriculum.Item, bool) {
	c, err := p.e.Next(p.st, now, p.r)
	if errors.Is(err, practice.ErrNothingToPractise) {
		c, err = p.e.Offer(p.st, now, p.r, practice.OfferNext)
		if errors.Is(err, practice.ErrNothingToPractise) {
			c, err = p.e.Offer(p.st, now, p.r, practice.OfferReview)
		}
	}
	if err != nil {
		return nil, false
	}
	it, ok := p.byID[c.ItemID]
	return it, ok
}

func (p *enginePolicy) Record(it *curriculum.Item, correct bool, now time.Time) {
	p.e.Record(p.st, it.ID, correct, now)
}

// RandomOwnGrade asks random items of the learner's own grade.
var RandomOwnGrade = NamedPolicy{"random-grade", func(c *Config, grade int, _ *screening.Result, seed uint64, _ time.Time) (Policy, error) {
	var pool []*curriculum.Item
	for i := range c.Items {
		if k, ok := c.Graph.Index(c.Items[i].KnowledgePoints[0]); ok && c.Graph.Node(k).Grade == grade {
			pool = append(pool, &c.Items[i])
		}
	}
	return &listPolicy{pool: pool, r: rand.New(rand.NewPCG(seed, 5)), random: true}, nil
}}

// Frontier asks the points the screening did not find mastered, own grade
// and below, in graph order, three items each, then starts over.
var Frontier = NamedPolicy{"frontier-3", func(c *Config, grade int, res *screening.Result, _ uint64, _ time.Time) (Policy, error) {
	mastered := map[string]bool{}
	for _, p := range res.KnowledgePoints {
		mastered[p.ID] = p.State == screening.Mastered
	}
	var pool []*curriculum.Item
	for k := range c.Graph.Len() { // topological order
		n := c.Graph.Node(k)
		if n.Grade > grade || mastered[n.ID] {
			continue
		}
		var its []*curriculum.Item
		for i := range c.Items {
			if slices.Contains(c.Items[i].KnowledgePoints, n.ID) && len(c.Items[i].KnowledgePoints) == 1 {
				its = append(its, &c.Items[i])
			}
		}
		pool = append(pool, its[:min(3, len(its))]...)
	}
	return &listPolicy{pool: pool}, nil
}}

type listPolicy struct {
	pool   []*curriculum.Item
	pos    int
	r      *rand.Rand
	random bool
}

func (p *listPolicy) Next(time.Time) (*curriculum.Item, bool) {
	if len(p.pool) == 0 {
		return nil, false
	}
	if p.random {
		return p.pool[p.r.IntN(len(p.pool))], true
	}
	it := p.pool[p.pos%len(p.pool)]
	p.pos++
	return it, true
}

func (p *listPolicy) Record(*curriculum.Item, bool, time.Time) {}
