package sim

import (
	"context"
	"os"
	"testing"

	"github.com/zhixi-org/zhixi/practice"
)

// zxlrThresholds are the mastery thresholds (Config.MasteryPCorrect)
// TestTuningSetZXLR compares (docs/practice.md has the figures; the
// default became 0.7).
var zxlrThresholds = []float64{0.65, 0.7, 0.75, 0.8, 0.85, 0.9}

// TestTuningSetZXLR is TestTuningSet for the engine serving zx-lr: on the
// tuning graphs and seeds, zx-lr is fitted on the answers of 100 other
// learners (seed + 1000, practising under BKT), then the engine serving
// it runs beside the BKT engine and the baselines, for each mastery
// threshold. It only logs; run it with ZHIXI_PRACTICE_TUNE=1.
func TestTuningSetZXLR(t *testing.T) {
	if os.Getenv("ZHIXI_PRACTICE_TUNE") == "" {
		t.Skip("tuning runs only with ZHIXI_PRACTICE_TUNE=1")
	}
	type sums struct{ g, k, minG, minK, vsBKTG, vsBKTK float64 }
	total := map[float64]*sums{}
	for _, th := range zxlrThresholds {
		total[th] = &sums{minG: 1e9, minK: 1e9}
	}
	cells := 0
	for _, sc := range tuningScopes(t) {
		g, items := sc.g, sc.items
		bkt := Engine(func() (*practice.Engine, error) { return practice.New(g, items, nil, nil, practice.DefaultConfig()) })
		for _, pop := range []Population{Populations["typical"], Populations["gaps"]} {
			for _, seed := range []uint64{21, 22} {
				c := Config{Graph: g, Items: items, Population: pop, Grades: []int{3, 4, 5}, Learners: 16, Days: 8, PerDay: 20, Seed: seed}
				tc := c
				tc.Learners, tc.Seed = 100, seed+1000
				fit, err := FitLogistic(context.Background(), tc, bkt, "zx-lr", []string{"bkt", "zx-lr"})
				if err != nil {
					t.Fatal(err)
				}
				c.Policies = []NamedPolicy{bkt, RandomOwnGrade, Frontier}
				for _, th := range zxlrThresholds {
					c.Policies = append(c.Policies, NamedEngine("zx-lr", func() (*practice.Engine, error) {
						cfg := practice.DefaultConfig()
						cfg.MasteryPCorrect = th
						e, err := practice.New(g, items, nil, nil, cfg)
						if err == nil {
							e.SetHistoryModel(practice.LogisticModel(fit.Tracer))
						}
						return e, err
					}))
				}
				res, err := Run(c)
				if err != nil {
					t.Fatal(err)
				}
				bg := max(res[1].PerHundred(), res[2].PerHundred())
				bk := max(res[1].KeptPerHundred(), res[2].KeptPerHundred())
				t.Logf("graph %d/%d %s seed %d: AUC bkt %.3f zx-lr %.3f; bkt engine %.2f / %.2f; baselines best %.2f / %.2f",
					sc.g.Len(), sc.seed, pop.Name, seed, fit.AUC["bkt"], fit.AUC["zx-lr"], res[0].PerHundred(), res[0].KeptPerHundred(), bg, bk)
				for i, th := range zxlrThresholds {
					e := res[3+i]
					s := total[th]
					t.Logf("  zx-lr at %.2f: %.2f / %.2f per 100", th, e.PerHundred(), e.KeptPerHundred())
					s.g, s.k = s.g+e.PerHundred(), s.k+e.KeptPerHundred()
					s.minG, s.minK = min(s.minG, e.PerHundred()-bg), min(s.minK, e.KeptPerHundred()-bk)
					s.vsBKTG, s.vsBKTK = s.vsBKTG+e.PerHundred()-res[0].PerHundred(), s.vsBKTK+e.KeptPerHundred()-res[0].KeptPerHundred()
				}
				cells++
			}
		}
	}
	for _, th := range zxlrThresholds {
		s := total[th]
		n := float64(cells)
		t.Logf("zx-lr at %.2f: mean %.2f mastered / %.2f kept per 100; smallest margin over the baselines %+.2f / %+.2f; mean against the BKT engine %+.2f / %+.2f",
			th, s.g/n, s.k/n, s.minG, s.minK, s.vsBKTG/n, s.vsBKTK/n)
	}
}
