package practice

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
)

// t0 is the fixed start of every test clock.
var t0 = time.Date(2026, 3, 2, 16, 0, 0, 0, time.UTC)

// The fixture graph:
//
//	m.a ─┬─> m.b ─┬─> m.d
//	     └─> m.c ─┘
//	m.e (independent, items from a template too)
func fixtureKPs() []curriculum.KnowledgePoint {
	return []curriculum.KnowledgePoint{
		{ID: "m.a", Name: "数的认识", Explanation: "数的认识：读数、写数、比较大小。"},
		{ID: "m.b", Name: "加法", Prerequisites: []string{"m.a"}, Explanation: "加法：把两个数合起来。"},
		{ID: "m.c", Name: "减法", Prerequisites: []string{"m.a"}, Explanation: "减法：从一个数里去掉一部分。"},
		{ID: "m.d", Name: "加减混合", Prerequisites: []string{"m.b", "m.c"}, Explanation: "加减混合：从左往右依次计算。"},
		{ID: "m.e", Name: "图形", Explanation: "图形：认识长方形、正方形、三角形。"},
	}
}

// fixtureItems gives every point four fill-in items, plus one item on d
// that also measures b.
func fixtureItems() []curriculum.Item {
	var items []curriculum.Item
	for _, kp := range fixtureKPs() {
		for i := 1; i <= 4; i++ {
			items = append(items, curriculum.Item{
				ID: fmt.Sprintf("%s%d", kp.ID, i), Type: curriculum.FillNumber, Answer: "1",
				Explanation: fmt.Sprintf("%s 第 %d 题的解答", kp.Name, i), KnowledgePoints: []string{kp.ID},
			})
		}
	}
	return append(items, curriculum.Item{ID: "m.bd", Type: curriculum.FillNumber, Answer: "2",
		Explanation: "先算加法再算减法", KnowledgePoints: []string{"m.d", "m.b"}})
}

// sumTemplate makes "a+b" items on kp.
func sumTemplate(id, kp string) curriculum.Template {
	return curriculum.Template{
		ID: id, KnowledgePoints: []string{kp}, Type: curriculum.FillNumber,
		Generate: func(r *rand.Rand) curriculum.Item {
			a, b := r.IntN(50), r.IntN(50)
			return curriculum.Item{Stem: fmt.Sprintf("%d+%d=", a, b), Answer: fmt.Sprint(a + b),
				Explanation: fmt.Sprintf("%d+%d=%d", a, b, a+b)}
		},
	}
}

func fixtureGraph(t testing.TB) *curriculum.Graph {
	t.Helper()
	g, err := curriculum.NewGraph(fixtureKPs())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// fixtureEngine builds the fixture engine with the template on m.e and
// cfg changed by mod.
func fixtureEngine(t testing.TB, mod func(*Config)) *Engine {
	t.Helper()
	cfg := DefaultConfig()
	if mod != nil {
		mod(&cfg)
	}
	e, err := New(fixtureGraph(t), fixtureItems(), []curriculum.Template{sumTemplate("tpl.e", "m.e")}, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// singleEngine has one point "x" with n items of type typ (and no
// template).
func singleEngine(t testing.TB, n int, typ curriculum.ItemType, mod func(*Config)) *Engine {
	t.Helper()
	g, err := curriculum.NewGraph([]curriculum.KnowledgePoint{{ID: "x", Name: "X 点", Explanation: "X 的解读"}})
	if err != nil {
		t.Fatal(err)
	}
	var items []curriculum.Item
	for i := range n {
		it := curriculum.Item{ID: fmt.Sprintf("x%d", i+1), Type: typ, Explanation: "解答", KnowledgePoints: []string{"x"}}
		if typ == curriculum.SingleChoice {
			it.Options = []string{"A", "B", "C", "D"}
		}
		items = append(items, it)
	}
	cfg := DefaultConfig()
	if mod != nil {
		mod(&cfg)
	}
	e, err := New(g, items, nil, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func start(t testing.TB, e *Engine, init map[string]float64, now time.Time) *State {
	t.Helper()
	st, err := e.Start(init, now)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// answer runs one Next and records the answer.
func answer(t testing.TB, e *Engine, st *State, now time.Time, r *rand.Rand, correct bool) (Choice, Step) {
	t.Helper()
	c, err := e.Next(st, now, r)
	if err != nil {
		t.Fatalf("next at %v: %v", now, err)
	}
	s, err := e.Record(st, c.ItemID, correct, now)
	if err != nil {
		t.Fatalf("record %s: %v", c.ItemID, err)
	}
	return c, s
}

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }
