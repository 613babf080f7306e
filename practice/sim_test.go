package practice

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
)

// simContent is an 8-point graph with five items of mixed types per point
// and a template on the first point:
//
//	n1 ─> n3 ─> n5 ─┐
//	  └─┐           ├─> n7
//	n2 ─┴─> n4 ─> n6┘
//	  └───> n8
func simContent(t testing.TB) (*curriculum.Graph, []curriculum.Item, []curriculum.Template) {
	t.Helper()
	pre := map[string][]string{"n3": {"n1"}, "n4": {"n1", "n2"}, "n5": {"n3"}, "n6": {"n4"}, "n7": {"n5", "n6"}, "n8": {"n2"}}
	types := []curriculum.ItemType{curriculum.FillNumber, curriculum.SingleChoice, curriculum.TrueFalse, curriculum.FillExpr, curriculum.SingleChoice}
	var kps []curriculum.KnowledgePoint
	var items []curriculum.Item
	for i := 1; i <= 8; i++ {
		id := fmt.Sprintf("n%d", i)
		kps = append(kps, curriculum.KnowledgePoint{ID: id, Name: "知识点" + id, Prerequisites: pre[id]})
		for j, typ := range types {
			it := curriculum.Item{ID: fmt.Sprintf("%s.%d", id, j), Type: typ, KnowledgePoints: []string{id}}
			if typ == curriculum.SingleChoice {
				it.Options = []string{"A", "B", "C", "D"}
			}
			items = append(items, it)
		}
	}
	g, err := curriculum.NewGraph(kps)
	if err != nil {
		t.Fatal(err)
	}
	return g, items, []curriculum.Template{sumTemplate("tpl.n1", "n1")}
}

// student is a simulated learner with hidden knowledge: a known point is
// answered right unless they slip (10%), an unknown one only by chance;
// each answer on a point whose prerequisites are known teaches it with
// probability 0.2; a day without practice forgets a known point with
// probability forget.
type student struct {
	g      *curriculum.Graph
	known  []bool
	r      *rand.Rand
	forget float64
}

func newStudent(g *curriculum.Graph, seed uint64) *student {
	s := &student{g: g, known: make([]bool, g.Len()), r: rand.New(rand.NewPCG(seed, 99)), forget: 0.03}
	for k := range g.Len() { // topological order: prerequisites first
		s.known[k] = s.prereqsKnown(k) && s.r.Float64() < 0.4
	}
	return s
}

func (s *student) prereqsKnown(k int) bool {
	for _, p := range s.g.Prerequisites(k) {
		if !s.known[p] {
			return false
		}
	}
	return true
}

func (s *student) answer(k int, typ curriculum.ItemType) bool {
	var right bool
	if s.known[k] {
		right = s.r.Float64() >= 0.1
	} else {
		right = s.r.Float64() < chanceGuess(typ, 4)
	}
	if !s.known[k] && s.prereqsKnown(k) && s.r.Float64() < 0.2 {
		s.known[k] = true
	}
	return right
}

func (s *student) sleep() {
	for k := range s.known {
		if s.known[k] && s.r.Float64() < s.forget {
			s.known[k] = false
		}
	}
}

// itemType is the type of a chosen item (template instances are fill-in).
func itemType(items []curriculum.Item, id string) curriculum.ItemType {
	for i := range items {
		if items[i].ID == id {
			return items[i].Type
		}
	}
	return curriculum.FillNumber
}

// simRun is one simulated student's course: learning to full mastery in
// sessions of 20 answers a day, then 60 days of sessions of 6 answers.
type simRun struct {
	toMastery     int // answers until every point was mastered, -1 never
	falseMastered int // points mastered while not known at that moment
	mastered      int
	reviews       int
	lapses        int
	trace         []string
	problems      []string
}

func simulate(t testing.TB, e *Engine, items []curriculum.Item, seed uint64) simRun {
	g := e.g
	stu := newStudent(g, seed)
	r := rand.New(rand.NewPCG(seed, 1))
	st, err := e.Start(nil, t0)
	if err != nil {
		t.Fatal(err)
	}
	run := simRun{toMastery: -1}
	day := t0
	for d := 0; d < 90; d++ {
		limit := 6
		if run.toMastery < 0 {
			limit = 20
		}
		sum, _ := e.Summary(st, day)
		dueAtStart := sum.DueReviews > 0
		reviewedToday := false
		now := day
		for range limit {
			c, err := e.Next(st, now, r)
			if errors.Is(err, ErrNothingToPractise) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			k, _ := g.Index(c.KP)
			pt := st.Points[c.KP]
			if c.Kind == Review {
				run.reviews++
				reviewedToday = true
				if pt.Due.After(now) || c.PKnown >= pt.P {
					run.problems = append(run.problems, fmt.Sprintf("day %d: review of %s not due (%v) or not decayed (%.3f >= %.3f)", d, c.KP, pt.Due, c.PKnown, pt.P))
				}
			}
			correct := stu.answer(k, itemType(items, c.ItemID))
			s, err := e.Record(st, c.ItemID, correct, now)
			if err != nil {
				t.Fatal(err)
			}
			run.trace = append(run.trace, fmt.Sprintf("%s:%s:%v", c.ItemID, c.Kind, correct))
			if s.Mastered {
				run.mastered++
				if !stu.known[k] {
					run.falseMastered++
				}
			}
			if s.Lapsed {
				run.lapses++
			}
			if run.toMastery < 0 {
				if sum, _ := e.Summary(st, now); sum.Mastered == g.Len() {
					run.toMastery = st.Answered
				}
			}
			now = now.Add(time.Minute)
		}
		// A due point may have been re-opened and practised as a
		// prerequisite instead; one still due must have had its turn.
		if sum, _ := e.Summary(st, now); dueAtStart && sum.DueReviews > 0 && !reviewedToday {
			run.problems = append(run.problems, fmt.Sprintf("day %d: reviews were due all day but none was asked", d))
		}
		day = day.Add(24 * time.Hour)
		if run.toMastery >= 0 {
			stu.sleep()
		}
	}
	return run
}

// Simulated students reach mastery of the whole graph in a bounded number
// of answers, are rarely declared masters of a point they do not know, and
// get knowledge checks when due that catch what they forgot.
func TestSimulatedStudents(t *testing.T) {
	g, items, tpls := simContent(t)
	e, err := New(g, items, tpls, nil, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	const students = 40
	var answers []int
	var mastered, falseMastered, reviews, lapses int
	for seed := uint64(1); seed <= students; seed++ {
		run := simulate(t, e, items, seed)
		for _, p := range run.problems {
			t.Errorf("student %d: %s", seed, p)
		}
		// 8 points, each learnt with probability 0.2 per answer and
		// confirmed by two right answers: about 10 answers a point.
		if run.toMastery < 0 || run.toMastery > 200 {
			t.Errorf("student %d: full mastery after %d answers, want at most 200", seed, run.toMastery)
		}
		answers = append(answers, run.toMastery)
		mastered += run.mastered
		falseMastered += run.falseMastered
		reviews += run.reviews
		lapses += run.lapses
	}
	slices.Sort(answers)
	t.Logf("answers to full mastery of 8 points: median %d, max %d; %d masteries, %d of a point not known; %d reviews, %d failed",
		answers[len(answers)/2], answers[len(answers)-1], mastered, falseMastered, reviews, lapses)
	if median := answers[len(answers)/2]; median > 100 {
		t.Errorf("median %d answers to full mastery, want at most 100", median)
	}
	if falseMastered*20 > mastered {
		t.Errorf("%d of %d masteries were of points the student did not know (want at most 5%%)", falseMastered, mastered)
	}
	if reviews < students*5 || lapses == 0 {
		t.Errorf("%d reviews with %d failed over %d students: want regular knowledge checks that catch forgetting", reviews, lapses, students)
	}
}

// The same state, clock and seed give the same course; another seed
// gives other template instances.
func TestDeterminism(t *testing.T) {
	g, items, tpls := simContent(t)
	e, err := New(g, items, tpls, nil, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	a, b := simulate(t, e, items, 7), simulate(t, e, items, 7)
	if !slices.Equal(a.trace, b.trace) || len(a.trace) < 100 {
		t.Fatalf("two runs with seed 7 differ or are short (%d answers)", len(a.trace))
	}
	c := simulate(t, e, items, 8)
	if strings.Join(a.trace, ",") == strings.Join(c.trace, ",") {
		t.Error("seeds 7 and 8 gave the same course")
	}
}

// One Engine serves many students at once: each goroutine owns its State
// and random source (run with -race).
func TestEngineSharedAcrossGoroutines(t *testing.T) {
	g, items, tpls := simContent(t)
	e, err := New(g, items, tpls, nil, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	traces := make([][]string, 4)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range traces {
		wg.Go(func() {
			st, err := e.Start(map[string]float64{"n1": 0.5}, t0)
			if err != nil {
				errs[i] = err
				return
			}
			r := rand.New(rand.NewPCG(uint64(i), 0))
			for n := range 60 {
				now := t0.Add(time.Duration(n) * 5 * time.Minute)
				c, err := e.Next(st, now, r)
				if errors.Is(err, ErrNothingToPractise) {
					continue
				}
				if err != nil {
					errs[i] = err
					return
				}
				if _, err := e.Record(st, c.ItemID, n%3 != 0, now); err != nil {
					errs[i] = err
					return
				}
				traces[i] = append(traces[i], c.ItemID)
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("student %d: %v", i, err)
		}
	}
	if slices.Equal(traces[0], traces[1]) {
		t.Error("students with different seeds got identical courses")
	}
}
