package screening

import (
	"math/rand/v2"
	"testing"
)

// TestOverconfidentPosterior: the stopping rule notices a posterior that
// the answers keep surprising. Items claim almost no noise (slip and guess
// 0.02) and the engine is told to trust them (no contamination); a student
// who answers by the model (knows a, b, d) is predicted as confidently as
// the posterior believes, and the screening stops confident; a student who
// items noisier than they claim, whom no state explains, surprises it far beyond its
// own expectation, and the screening does not stop on a confidence it has
// not earned (it asks on), unless the check is disabled.
func TestOverconfidentPosterior(t *testing.T) {
	b := fixtureBank(t, 8, 0.02, 0.02)
	known := map[string]bool{"a": true, "b": true, "d": true}
	byModel := func(s *Session, id string, _ *rand.Rand) Outcome {
		i, _ := s.b.ItemIndex(id)
		if known[s.b.graph.Node(s.b.ItemPoints(i)[0]).ID] {
			return Correct
		}
		return Incorrect
	}
	// noisy knows a, b and d too, but the items are far noisier than
	// they claim: slip 0.3, guess 0.4.
	noisy := func(s *Session, id string, r *rand.Rand) Outcome {
		p := 0.4
		if byModel(s, id, r) == Correct {
			p = 0.7
		}
		if r.Float64() < p {
			return Correct
		}
		return Incorrect
	}
	cases := []struct {
		name   string
		answer func(*Session, string, *rand.Rand) Outcome
		fitZ   float64
		checks int
		// confident stops out of 20: at least lo, at most hi
		lo, hi int
	}{
		{"answers by the model", byModel, 0, 0, 17, 20},
		{"items noisier than they claim", noisy, 0, 0, 0, 10},
		{"items noisier than they claim, check disabled", noisy, -1, -1, 17, 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stops, questions := map[string]int{}, 0
			const runs = 20
			for seed := range uint64(runs) {
				s, err := NewSession(b, Config{StudentGrade: 2, Seed: seed, Particles: 500, MaxQuestions: 30, Contamination: -1, FitZ: tc.fitZ, FitChecks: tc.checks})
				if err != nil {
					t.Fatal(err)
				}
				r := rand.New(rand.NewPCG(seed, 3))
				for {
					id, ok := s.Next()
					if !ok {
						break
					}
					if err := s.Answer(id, tc.answer(s, id, r)); err != nil {
						t.Fatal(err)
					}
				}
				stops[s.Stopped()]++
				questions += s.Questions()
			}
			t.Logf("stops %v, %.1f questions on average", stops, float64(questions)/runs)
			if n := stops[StopConfident]; n < tc.lo || n > tc.hi {
				t.Errorf("%d of %d runs stopped confident (%v), want %d..%d", n, runs, stops, tc.lo, tc.hi)
			}
		})
	}
}

// TestFitSurvivesRestore: the calibration check's tally is part of the
// saved state (MarshalBinary) and is rebuilt by a replay (Resume).
func TestFitSurvivesRestore(t *testing.T) {
	b := fixtureBank(t, 8, 0.02, 0.02)
	s, err := NewSession(b, Config{StudentGrade: 2, Seed: 4, Particles: 300, MaxQuestions: 12, Contamination: -1})
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; ; n++ {
		id, ok := s.Next()
		if !ok {
			break
		}
		o := Correct
		if n%3 == 1 {
			o = Incorrect
		}
		if err := s.Answer(id, o); err != nil {
			t.Fatal(err)
		}
	}
	data, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	restored, err := Restore(b, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	resumed, err := Resume(b, s.Snapshot(), nil)
	if err != nil {
		t.Fatal(err)
	}
	su, ex, z := s.Fit()
	if su == 0 || ex == 0 {
		t.Fatalf("no tally after %d answers", s.Questions())
	}
	for name, o := range map[string]*Session{"restored": restored, "resumed": resumed} {
		if a, b, c := o.Fit(); a != su || b != ex || c != z || o.fit.checks != s.fit.checks {
			t.Errorf("%s: fit %v %v %v (checks %d), want %v %v %v (checks %d)", name, a, b, c, o.fit.checks, su, ex, z, s.fit.checks)
		}
	}
}
