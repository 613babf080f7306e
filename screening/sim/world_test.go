package sim

import (
	"testing"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

// TestEngineOffItsOwnModel guards the targets on a held-out world
// (students and answers from a model the engine was not built from), with
// items that carry no slip or guess, at 30 questions: balanced accuracy
// ≥ 0.90 on typical students, ≥ 0.87 on the mixed population, and within
// 0.03 of the oracle that knows the world, on a test graph (seed 3) apart
// from the tuning graph (gen:144, seed 7).
func TestEngineOffItsOwnModel(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the oracle over 120 points for 2×48 students")
	}
	subj := Generate(GraphSpec{Points: 120, Grades: 12, Strands: 10, ItemsPerKP: 2, Seed: 3})
	for i := range subj.Items {
		subj.Items[i].Slip, subj.Items[i].Guess = nil, nil
	}
	g, err := curriculum.NewGraph(subj.KnowledgePoints)
	if err != nil {
		t.Fatal(err)
	}
	b, err := screening.NewBank(g, subj.Items, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		world string
		min   float64
	}{{"typical-x", 0.90}, {"mixed-x", 0.87}} {
		w := Worlds[c.world]
		res := Run(Config{Bank: b, World: w, Students: 48, Seed: 11, Budget: 30,
			Methods: []Method{Engine(screening.Config{}), WorldOracle(w, 1000)}, Mastered: 0.85, NotMastered: 0.15, Workers: 2})
		engine, oracle := res[0].AtStop.Balanced(), res[1].Curve[30].Balanced()
		gap, se := GapSE(res[0], res[1])
		t.Logf("%s: engine %.3f at stop (%.1f questions on average), oracle %.3f at 30; engine - oracle at 30 %+.3f ± %.3f",
			c.world, engine, mean(res[0].StopQuestions), oracle, gap, se)
		if engine < c.min {
			t.Errorf("%s: engine balanced accuracy %.3f, target ≥ %.2f", c.world, engine, c.min)
		}
		if engine < oracle-0.03 {
			t.Errorf("%s: engine %.3f trails the oracle %.3f by more than 0.03", c.world, engine, oracle)
		}
		if q := mean(res[0].StopQuestions); q > 30 {
			t.Errorf("%s: %.1f questions on average, target ≤ 30", c.world, q)
		}
	}
}

func mean(xs []int) float64 {
	s := 0
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(max(1, len(xs)))
}
