package sim

import (
	"os"
	"testing"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/practice"
	ssim "github.com/zhixi-org/zhixi/screening/sim"
)

func content(t *testing.T) (*curriculum.Graph, []curriculum.Item) {
	t.Helper()
	subj := ssim.Generate(ssim.GraphSpec{Points: 72, Grades: 6, Strands: 6, ItemsPerKP: 4, Seed: 5})
	for i := range subj.Items {
		subj.Items[i].Slip, subj.Items[i].Guess = nil, nil
	}
	g, err := curriculum.NewGraph(subj.KnowledgePoints)
	if err != nil {
		t.Fatal(err)
	}
	return g, subj.Items
}

// TestPracticeAgainstBaselines states the target: on every
// population the practice engine is ahead of both baselines (random items
// of the student's grade; the frontier in graph order, three items per
// point) in points truly mastered per 100 answers and in points still
// known 30 days later. The baselines never leave the student's grade.
// This graph (seed 5) and these learners (seed 3) are reported, never
// tuned on: TestTuningSet holds the tuning graphs and seeds. (Until the
// practice of issue 12 landed the test ran only with
// ZHIXI_PRACTICE_TARGET=1, as the engine missed the target.)
func TestPracticeAgainstBaselines(t *testing.T) {
	g, items := content(t)
	engine := Engine(func() (*practice.Engine, error) { return practice.New(g, items, nil, nil, practice.DefaultConfig()) })
	for _, pop := range []Population{Populations["typical"], Populations["gaps"]} {
		res, err := Run(Config{Graph: g, Items: items, Population: pop, Grades: []int{3, 4, 5}, Learners: 16, Days: 8, PerDay: 20, Seed: 3,
			Policies: []NamedPolicy{engine, RandomOwnGrade, Frontier}})
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]Result{}
		for _, r := range res {
			by[r.Name] = r
			t.Logf("%s %s: %d answers, %.2f mastered per 100, %.2f kept 30 days per 100, %d above grade", pop.Name, r.Name, r.Answers, r.PerHundred(), r.KeptPerHundred(), r.AboveGrade)
		}
		for _, b := range []string{"random-grade", "frontier-3"} {
			if by[b].AboveGrade != 0 {
				t.Errorf("%s: baseline %s asked %d items above the grade", pop.Name, b, by[b].AboveGrade)
			}
			if e := by["engine"]; e.PerHundred() <= by[b].PerHundred() || e.KeptPerHundred() <= by[b].KeptPerHundred() {
				t.Errorf("%s: engine %.2f / %.2f per 100 (mastered / kept), not ahead of %s %.2f / %.2f (target: ahead of both baselines)",
					pop.Name, e.PerHundred(), e.KeptPerHundred(), b, by[b].PerHundred(), by[b].KeptPerHundred())
			}
		}
	}
}

// TestLearnerModel: practice with the prerequisites in place raises a
// point's strength, a point without them barely moves, and strength decays
// over days.
func TestLearnerModel(t *testing.T) {
	g, items := content(t)
	l := Populations["typical"].NewLearner(g, 1, 9)
	var top *curriculum.Item // a last-grade item: its prerequisites are unknown to a grade-1 learner
	for i := range items {
		if k, _ := g.Index(items[i].KnowledgePoints[0]); g.Node(k).Grade == 6 && len(items[i].KnowledgePoints) == 1 {
			top = &items[i]
			break
		}
	}
	k, _ := g.Index(top.KnowledgePoints[0])
	before := l.strength[k]
	for range 5 {
		l.Answer(top, 0)
	}
	if l.prereqs(k) || l.strength[k]-before > 0.15 {
		t.Errorf("grade-6 point for a grade-1 learner: strength %.2f → %.2f", before, l.strength[k])
	}
	first := &items[0] // a root point: no prerequisites
	k0, _ := g.Index(first.KnowledgePoints[0])
	for range 8 {
		l.Answer(first, 0)
	}
	if l.strength[k0] < Mastered {
		t.Errorf("root point after 8 answers: strength %.2f, want ≥ %.2f", l.strength[k0], Mastered)
	}
	s := l.strength[k0]
	l.Pass(HalfLife)
	if got := l.strength[k0]; got > s/2+1e-9 || got < s/4 {
		t.Errorf("after one half-life without practice: %.3f from %.3f", got, s)
	}
}

// TestTuningSet runs the engine and the baselines on the tuning graphs
// and seeds, which are kept apart from the reported ones (the generated
// graph of seed 5 with learners of seed 3 in TestPracticeAgainstBaselines,
// and the shipped maths with seed 1 in docs/practice.md): engine changes
// are judged here first. It only logs; run it with ZHIXI_PRACTICE_TUNE=1.
// Each cell's line gives the engine's figures and its margin over the
// better baseline (mastered, kept per 100 answers).
func TestTuningSet(t *testing.T) {
	if os.Getenv("ZHIXI_PRACTICE_TUNE") == "" {
		t.Skip("tuning runs only with ZHIXI_PRACTICE_TUNE=1")
	}
	variants := map[string]func(*practice.Config){"default": func(*practice.Config) {}}
	for name, mod := range tuningVariants {
		variants[name] = mod
	}
	for name, mod := range variants {
		cfg := practice.DefaultConfig()
		mod(&cfg)
		var sumG, sumK, minG, minK float64
		minG, minK = 1e9, 1e9
		cells := 0
		for _, sc := range tuningScopes(t) {
			g, items := sc.g, sc.items
			engine := Engine(func() (*practice.Engine, error) { return practice.New(g, items, nil, nil, cfg) })
			for _, pop := range []Population{Populations["typical"], Populations["gaps"]} {
				for _, seed := range []uint64{21, 22} {
					res, err := Run(Config{Graph: g, Items: items, Population: pop, Grades: []int{3, 4, 5}, Learners: 16, Days: 8, PerDay: 20, Seed: seed,
						Policies: []NamedPolicy{engine, RandomOwnGrade, Frontier}})
					if err != nil {
						t.Fatal(err)
					}
					e := res[0]
					bg := max(res[1].PerHundred(), res[2].PerHundred())
					bk := max(res[1].KeptPerHundred(), res[2].KeptPerHundred())
					t.Logf("%s: graph %d/%d %s seed %d: engine %.2f / %.2f per 100, margin %+.2f / %+.2f", name, sc.g.Len(), sc.seed, pop.Name, seed,
						e.PerHundred(), e.KeptPerHundred(), e.PerHundred()-bg, e.KeptPerHundred()-bk)
					sumG, sumK = sumG+e.PerHundred(), sumK+e.KeptPerHundred()
					minG, minK = min(minG, e.PerHundred()-bg), min(minK, e.KeptPerHundred()-bk)
					cells++
				}
			}
		}
		t.Logf("%s: mean %.2f mastered / %.2f kept per 100; smallest margin %+.2f / %+.2f", name, sumG/float64(cells), sumK/float64(cells), minG, minK)
	}
}

// tuningScope is one generated graph of the tuning set with its items,
// uncalibrated (no slip or guess of their own).
type tuningScope struct {
	g     *curriculum.Graph
	items []curriculum.Item
	seed  uint64
}

// tuningScopes are the tuning set's graphs (seeds 11 and 13); reported
// figures use other graphs and seeds.
func tuningScopes(t *testing.T) []tuningScope {
	var out []tuningScope
	for _, spec := range []ssim.GraphSpec{
		{Points: 72, Grades: 6, Strands: 6, ItemsPerKP: 4, Seed: 11},
		{Points: 120, Grades: 9, Strands: 8, ItemsPerKP: 3, Seed: 13},
	} {
		subj := ssim.Generate(spec)
		for i := range subj.Items {
			subj.Items[i].Slip, subj.Items[i].Guess = nil, nil
		}
		g, err := curriculum.NewGraph(subj.KnowledgePoints)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tuningScope{g, subj.Items, spec.Seed})
	}
	return out
}
