package screening_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
	"github.com/zhixi-org/zhixi/screening/sim"
)

func genBank(tb testing.TB, n int) *screening.Bank {
	tb.Helper()
	subj := sim.Generate(sim.GraphSpec{Points: n, Grades: 8, Strands: 6, ItemsPerKP: 2, Slip: 0.1, Guess: 0.25, Seed: 7})
	g, err := curriculum.NewGraph(subj.KnowledgePoints)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := screening.NewBank(g, subj.Items, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkDecision times one next-question decision (update with the
// previous answer plus item selection) over whole screenings of simulated
// typical students, so resampling and MCMC moves are included at their
// real frequency.
func BenchmarkDecision(b *testing.B) {
	for _, n := range []int{250, 1000} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			bank := genBank(b, n)
			pop := sim.Populations["typical"]
			r := rand.New(rand.NewPCG(1, 2))
			truth := make([]bool, bank.Len())
			var s *screening.Session
			newStudent := func() {
				clear(truth)
				pop.Draw(r, bank, 5, truth)
				var err error
				if s, err = screening.NewSession(bank, screening.Config{StudentGrade: 5, Seed: r.Uint64(), MaxQuestions: 40}); err != nil {
					b.Fatal(err)
				}
			}
			newStudent()
			var times []time.Duration
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				start := sim.ThreadCPU()
				id, ok := s.Next()
				times = append(times, sim.ThreadCPU()-start)
				if !ok {
					b.StopTimer()
					newStudent()
					b.StartTimer()
					continue
				}
				i, _ := bank.ItemIndex(id)
				o := screening.Correct
				for _, k := range bank.ItemPoints(i) {
					if !truth[k] {
						o = screening.Incorrect
					}
				}
				start = sim.ThreadCPU()
				if err := s.Answer(id, o); err != nil {
					b.Fatal(err)
				}
				times[len(times)-1] += sim.ThreadCPU() - start
			}
			// CPU time of this thread: the decision's cost on one core,
			// whatever else the machine runs.
			b.ReportMetric(float64(sim.Percentile(times, 0.5).Microseconds())/1000, "p50-cpu-ms")
			b.ReportMetric(float64(sim.Percentile(times, 0.95).Microseconds())/1000, "p95-cpu-ms")
		})
	}
}
