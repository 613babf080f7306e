package loadtest

import (
	"testing"

	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/learn"
)

func shipped(t *testing.T) *curriculum.Bank {
	t.Helper()
	b, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A learner's hidden state is down-closed over the prerequisite graph,
// grows with the grade, and its answers follow it: the right answer (as
// the real checker judges) or a well-formed wrong one.
func TestLearner(t *testing.T) {
	b := shipped(t)
	g, err := b.Graph("math")
	if err != nil {
		t.Fatal(err)
	}
	knownAt := map[int]int{}
	for seed := range uint64(200) {
		grade := 1 + int(seed%9)
		l, err := newLearner(b, "math", grade, seed)
		if err != nil {
			t.Fatal(err)
		}
		for i, k := range l.known {
			if k && !l.ready(i) {
				t.Fatalf("seed %d: %s known without its prerequisites", seed, g.Node(i).ID)
			}
			if k {
				knownAt[grade]++
			}
		}
	}
	if knownAt[9] <= knownAt[1] {
		t.Errorf("grade 9 learners know %d points, grade 1 learners %d: the state should grow with the grade", knownAt[9], knownAt[1])
	}

	l, _ := newLearner(b, "math", 5, 1)
	kinds := map[curriculum.ItemType]int{}
	// Every item practice may ask, template instances included.
	items, err := learn.Items(b, "math")
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		it := &items[i]
		if v, err := curriculum.Check(it, it.Answer); err != nil || !v.Correct {
			t.Fatalf("%s: its own answer %q is not right: %v", it.ID, it.Answer, err)
		}
		if w := l.wrong(it); w != "" {
			if v, _ := curriculum.Check(it, w); v.Correct || v.Malformed {
				t.Fatalf("%s: wrong answer %q is judged right or not an answer (%+v): the server would refuse it with 400", it.ID, w, v)
			}
			kinds[it.Type]++
		}
	}
	for _, k := range []curriculum.ItemType{curriculum.SingleChoice, curriculum.TrueFalse, curriculum.FillNumber} {
		if kinds[k] == 0 {
			t.Errorf("no wrong answer produced for any %s item", k)
		}
	}
}
