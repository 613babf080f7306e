package sim

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

func bankFor(t *testing.T, spec GraphSpec) *screening.Bank {
	t.Helper()
	subj := Generate(spec)
	g, err := curriculum.NewGraph(subj.KnowledgePoints)
	if err != nil {
		t.Fatal(err)
	}
	b, err := screening.NewBank(g, subj.Items, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEngineBeatsBaselines is the end-to-end check: on a small generated
// graph, with a fixed seed, the engine classifies points clearly better
// than a random test and than graph-blind adaptive testing of the same
// length.
func TestEngineBeatsBaselines(t *testing.T) {
	b := bankFor(t, GraphSpec{Points: 60, Grades: 6, Strands: 4, ItemsPerKP: 2, Slip: 0.1, Guess: 0.25, Seed: 3})
	res := Run(Config{Bank: b, Population: Populations["mixed"], Slip: 0.1, Guess: 0.25, Students: 40, Seed: 5,
		Budget: 15, Methods: []Method{Engine(screening.Config{Particles: 500}), Random, Independent}, Mastered: 0.85, NotMastered: 0.15, Workers: 2})
	ba := map[string]float64{}
	for _, r := range res {
		ba[r.Name] = r.Curve[15].Balanced()
		t.Logf("%s: balanced accuracy %.3f after 15 questions", r.Name, ba[r.Name])
	}
	if ba["engine"] < ba["random"]+0.05 || ba["engine"] < ba["indep"]+0.05 {
		t.Errorf("engine %.3f does not beat random %.3f and indep %.3f by 0.05", ba["engine"], ba["random"], ba["indep"])
	}
	if ba["engine"] < 0.85 {
		t.Errorf("engine balanced accuracy %.3f < 0.85 on a 60-point graph after 15 questions", ba["engine"])
	}
}

func TestGeneratedGraphsAndStates(t *testing.T) {
	b := bankFor(t, GraphSpec{Points: 200, Grades: 8, Strands: 6, ItemsPerKP: 2, Slip: 0.1, Guess: 0.25, Seed: 1})
	if b.Len() != 200 || b.NumItems() != 400 {
		t.Fatalf("generated %d points, %d items", b.Len(), b.NumItems())
	}
	if lo, hi := b.Grades(); lo != 1 || hi != 8 {
		t.Fatalf("grades %d-%d, want 1-8", lo, hi)
	}
	for name, pop := range Populations {
		for grade := 1; grade <= 8; grade++ {
			st := make([]bool, b.Len())
			pop.Draw(rngFor(uint64(grade)), b, grade, st)
			bits := make([]uint64, (b.Len()+63)/64)
			for k, in := range st {
				if in {
					bits[k>>6] |= 1 << (uint(k) & 63)
				}
			}
			if !b.IsDownset(bits) {
				t.Fatalf("population %s, grade %d: drew a state that is not a downset", name, grade)
			}
		}
	}
}

func rngFor(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

// TestRunDeterministic: the figures depend on the seed only, not on how
// students are spread over workers.
func TestRunDeterministic(t *testing.T) {
	b := bankFor(t, GraphSpec{Points: 40, Grades: 4, Strands: 3, ItemsPerKP: 2, Slip: 0.1, Guess: 0.25, Seed: 9})
	run := func(workers int) []MethodResult {
		return Run(Config{Bank: b, Population: Populations["mixed"], Slip: 0.1, Guess: 0.25, Students: 6, Seed: 4,
			Budget: 8, Methods: []Method{Engine(screening.Config{Particles: 300}), Oracle(Populations["mixed"], 500), Independent},
			Mastered: 0.85, NotMastered: 0.15, Workers: workers})
	}
	a, c := run(1), run(3)
	for m := range a {
		if !reflect.DeepEqual(a[m].Curve, c[m].Curve) || !reflect.DeepEqual(a[m].StopQuestions, c[m].StopQuestions) {
			t.Errorf("%s: results differ between 1 and 3 workers", a[m].Name)
		}
	}
}

// TestUniformChainMixes: two uniform-downset chains started from the empty
// and the full state agree on a 144-point generated graph (mean size and
// every point's marginal), so the uniform population is not an artefact
// of where the chain started.
func TestUniformChainMixes(t *testing.T) {
	b := bankFor(t, GraphSpec{Points: 144, Grades: 12, Strands: 12, ItemsPerKP: 1, Slip: 0.1, Guess: 0.25, Seed: 4})
	a, c, diff := MixingCheck(b, 1, 400, 8, 1500)
	t.Logf("mean size %.3f (from empty) vs %.3f (from full), largest marginal difference %.3f", a, c, diff)
	if d := a - c; d > 0.03 || d < -0.03 || diff > 0.15 {
		t.Errorf("chains disagree: sizes %.3f vs %.3f, marginal difference %.3f", a, c, diff)
	}
}

func TestStats(t *testing.T) {
	// a -> b -> c, a -> d, {c, d} -> e: 8 downsets
	kps := []curriculum.KnowledgePoint{{ID: "a"}, {ID: "b", Prerequisites: []string{"a"}}, {ID: "c", Prerequisites: []string{"b"}},
		{ID: "d", Prerequisites: []string{"a"}}, {ID: "e", Prerequisites: []string{"c", "d"}}}
	g, err := curriculum.NewGraph(kps)
	if err != nil {
		t.Fatal(err)
	}
	var items []curriculum.Item
	for _, kp := range kps {
		items = append(items, curriculum.Item{ID: "q" + kp.ID, KnowledgePoints: []string{kp.ID}})
	}
	b, err := screening.NewBank(g, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := Stats(b, 1)
	want := GraphStats{Points: 5, EdgesPerPoint: 1, Sources: 1, MaxDepth: 4, MeanDepth: 2.4, MaxWidth: 2, MeanAncestors: 1.6}
	got := st
	got.Log10Downsets = 0
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stats %+v, want %+v", got, want)
	}
	if d := st.Log10Downsets - 0.90309; d > 0.03 || d < -0.03 {
		t.Errorf("log10 downsets %.3f, want log10(8) = 0.903", st.Log10Downsets)
	}
}
