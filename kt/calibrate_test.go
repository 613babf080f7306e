package kt

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestCalibrateRecoversSlipGuess: students with hidden mastery answer
// items with known slip and guess; the estimates come back close, an item
// with a wrong key (masters fail it) is flagged, and an item with two
// answers stays near its prior.
func TestCalibrateRecoversSlipGuess(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const skills, perSkill, students = 6, 5, 600
	type truth struct{ slip, guess float64 }
	items := map[string]truth{}
	b := NewBuilder(NewVocab())
	for s := range students {
		for k := range skills {
			master := r.Float64() < 0.5
			for i := range perSkill {
				id := fmt.Sprintf("s%d-i%d", k, i)
				tr, ok := items[id]
				if !ok {
					tr = truth{0.05 + 0.15*r.Float64(), 0.1 + 0.25*r.Float64()}
					if id == "s2-i0" {
						tr = truth{0.9, 0.5} // wrong key: masters fail, others guess
					}
					items[id] = tr
				}
				p := tr.guess
				if master {
					p = 1 - tr.slip
				}
				must(t, b.Add(fmt.Sprint("u", s), id, []string{fmt.Sprint("k", k)}, r.Float64() < p))
			}
		}
	}
	must(t, b.Add("u0", "rare", []string{"k0"}, false))
	must(t, b.Add("u1", "rare", []string{"k0"}, false))
	est := Calibration{Prior: func(string) (float64, float64) { return 0.1, 0.2 }}.Fit(b.Dataset())
	var errSlip, errGuess float64
	n := 0
	for _, p := range est {
		switch tr, ok := items[p.Item]; {
		case p.Item == "rare":
			if p.Answers != 2 || math.Abs(p.Slip-0.1) > 0.1 || math.Abs(p.Guess-0.2) > 0.1 || p.Suspect {
				t.Errorf("item with 2 answers: %+v, want near the prior 0.1/0.2 and not suspect", p)
			}
		case p.Item == "s2-i0":
			if !p.Suspect {
				t.Errorf("wrong-key item not flagged: %+v", p)
			}
		case ok:
			errSlip += math.Abs(p.Slip - tr.slip)
			errGuess += math.Abs(p.Guess - tr.guess)
			n++
			if p.Suspect {
				t.Errorf("sound item flagged: %+v (true %+v)", p, tr)
			}
		}
	}
	t.Logf("mean absolute error slip %.3f guess %.3f over %d items", errSlip/float64(n), errGuess/float64(n), n)
	if errSlip/float64(n) > 0.05 || errGuess/float64(n) > 0.05 {
		t.Errorf("mean absolute error slip %.3f guess %.3f over %d items, want both ≤ 0.05", errSlip/float64(n), errGuess/float64(n), n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
