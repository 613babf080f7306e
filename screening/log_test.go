package screening_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/zhixi-org/zhixi/screening"
	"github.com/zhixi-org/zhixi/screening/sim"
)

// TestSaveLogContinuesExactly: a session stored as a store keeps it (the
// whole state only when Save returns one, the log always) and restored
// from that after every answer asks the same questions and reaches the
// same result as one that never left memory, while the whole state is
// written at most once every CheckpointEvery answers (and when it stops).
func TestSaveLogContinuesExactly(t *testing.T) {
	bank := genBank(t, 250)
	pop := sim.Populations["typical"]
	for _, seed := range []uint64{1, 2, 3} {
		r := rand.New(rand.NewPCG(seed, 9))
		truth := make([]bool, bank.Len())
		pop.Draw(r, bank, 5, truth)
		cfg := screening.Config{StudentGrade: 5, Seed: seed, MaxQuestions: 30}
		whole, err := screening.NewSession(bank, cfg)
		if err != nil {
			t.Fatal(err)
		}
		saved, _ := screening.NewSession(bank, cfg)
		var state, log []byte
		store := func(n int) {
			t.Helper()
			st, lg, err := saved.Save()
			if err != nil {
				t.Fatal(err)
			}
			if st != nil {
				if state != nil && n%screening.CheckpointEvery != 0 && saved.Stopped() == "" {
					t.Errorf("seed %d: whole state written after answer %d, between checkpoints", seed, n)
				}
				state = st
			}
			if len(lg) > 64 {
				t.Errorf("seed %d: answer log of %d bytes after answer %d", seed, len(lg), n)
			}
			log = lg
			if saved, err = screening.RestoreLog(bank, state, log, nil); err != nil {
				t.Fatalf("seed %d, answer %d: %v", seed, n, err)
			}
		}
		for n := 0; ; n++ {
			a, okA := whole.Next()
			c, okC := saved.Next()
			if a != c || okA != okC {
				t.Fatalf("seed %d, question %d: never saved asks %q (%v), restored asks %q (%v)", seed, n, a, okA, c, okC)
			}
			if !okA {
				break
			}
			store(n) // the pending question is saved, as the server does
			i, _ := bank.ItemIndex(a)
			o := screening.Correct
			for _, k := range bank.ItemPoints(i) {
				if !truth[k] {
					o = screening.Incorrect
				}
			}
			if err := whole.Answer(a, o); err != nil {
				t.Fatal(err)
			}
			if err := saved.Answer(a, o); err != nil {
				t.Fatal(err)
			}
		}
		if whole.Questions() <= screening.CheckpointEvery {
			t.Fatalf("seed %d: only %d questions: no answer log was taken again", seed, whole.Questions())
		}
		store(whole.Questions())
		if !reflect.DeepEqual(whole.Result(), saved.Result()) {
			t.Fatalf("seed %d: results differ after save and restore", seed)
		}
	}
}

// TestRestoreLogRejects: a log that does not follow the stored state, or
// is damaged, is refused rather than taken.
func TestRestoreLogRejects(t *testing.T) {
	bank := genBank(t, 250)
	s, _ := screening.NewSession(bank, screening.Config{StudentGrade: 5, Seed: 4, Particles: 200})
	var states, logs [][]byte
	for range screening.CheckpointEvery + 2 {
		id, _ := s.Next()
		st, lg, err := s.Save()
		if err != nil {
			t.Fatal(err)
		}
		states, logs = append(states, st), append(logs, lg)
		if err := s.Answer(id, screening.Incorrect); err != nil {
			t.Fatal(err)
		}
	}
	if states[0] == nil || states[1] != nil || states[screening.CheckpointEvery] == nil {
		t.Fatalf("whole states written at %v, want at 0 and %d", func() (at []int) {
			for i, st := range states {
				if st != nil {
					at = append(at, i)
				}
			}
			return at
		}(), screening.CheckpointEvery)
	}
	if _, err := screening.RestoreLog(bank, states[0], logs[3], nil); err != nil {
		t.Fatalf("state 0 with its log: %v", err)
	}
	for name, c := range map[string]struct{ state, log []byte }{
		"log of an older state": {states[screening.CheckpointEvery], logs[3]},
		"truncated log":         {states[0], logs[3][:len(logs[3])-2]},
		"trailing bytes":        {states[0], append(append([]byte(nil), logs[3]...), 0)},
		"not a log":             {states[0], []byte("{}")},
	} {
		if _, err := screening.RestoreLog(bank, c.state, c.log, nil); err == nil {
			t.Errorf("%s: restored", name)
		}
	}
}
