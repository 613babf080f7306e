package screening_test

import (
	"runtime"
	"testing"

	"github.com/zhixi-org/zhixi/screening"
)

// TestSessionMemory checks the per-session budget (< 1 MiB) on a
// 1000-point scope, both as the session counts itself and as the Go heap
// sees it, after a screening has run (buffers at their largest).
func TestSessionMemory(t *testing.T) {
	const limit = 1 << 20
	for _, n := range []int{250, 1000} {
		bank := genBank(t, n)
		const sessions = 8
		var ms [2]runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms[0])
		live := make([]*screening.Session, sessions)
		for j := range live {
			s, err := screening.NewSession(bank, screening.Config{StudentGrade: 6, Seed: uint64(j), MaxQuestions: 25})
			if err != nil {
				t.Fatal(err)
			}
			for {
				id, ok := s.Next()
				if !ok {
					break
				}
				o := screening.Incorrect
				if len(id)%2 == 0 {
					o = screening.Correct
				}
				if err := s.Answer(id, o); err != nil {
					t.Fatal(err)
				}
			}
			live[j] = s
		}
		runtime.GC()
		runtime.ReadMemStats(&ms[1])
		heap := (int64(ms[1].HeapAlloc) - int64(ms[0].HeapAlloc)) / sessions
		counted := live[0].MemoryBytes()
		t.Logf("%d points: session counts %d bytes, heap grew %d bytes per session", n, counted, heap)
		if counted >= limit || heap >= limit {
			t.Errorf("%d points: %d bytes counted, %d on the heap per session; budget %d", n, counted, heap, limit)
		}
		runtime.KeepAlive(live)
	}
}
