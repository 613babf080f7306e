package kt

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

func boolMatrix(m [][]int8) [][]bool {
	out := make([][]bool, len(m))
	for i, row := range m {
		out[i] = make([]bool, len(row))
		for j, v := range row {
			out[i][j] = v == 1
		}
	}
	return out
}

// TestDINARecoversSlipGuess simulates students from a known DINA model.
func TestDINARecoversSlipGuess(t *testing.T) {
	q := boolMatrix([][]int8{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}})
	slip, guess := 0.1, 0.2
	rng := rand.New(rand.NewPCG(1, 1))
	resp := make([][]int8, 3000)
	for s := range resp {
		pattern := rng.IntN(8)
		resp[s] = make([]int8, len(q))
		for j, row := range q {
			master := true
			for k, need := range row {
				if need && pattern>>k&1 == 0 {
					master = false
				}
			}
			p := guess
			if master {
				p = 1 - slip
			}
			if rng.Float64() < p {
				resp[s][j] = 1
			}
		}
	}
	m, err := FitDINA(context.Background(), resp, q)
	if err != nil {
		t.Fatal(err)
	}
	for j := range q {
		if math.Abs(m.Slip[j]-slip) > 0.04 || math.Abs(m.Guess[j]-guess) > 0.04 {
			t.Errorf("item %d: slip %.3f guess %.3f, want %.2f %.2f +- 0.04", j, m.Slip[j], m.Guess[j], slip, guess)
		}
	}
}

func TestReadMatrixErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "line 1: empty matrix"},
		{"0\t1\n1\t2\n", "line 2, column 2: want 0 or 1"},
		{"0 1\n1\n", "line 2: 1 columns, the first row has 2"},
	} {
		if _, err := ReadMatrix(strings.NewReader(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadMatrix(%q) error = %v, want %q", c.in, err, c.want)
		}
	}
}

func readShared(t *testing.T, rel string) [][]int8 {
	t.Helper()
	f, err := os.Open(sharedData(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := ReadMatrix(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return m
}

// TestFrcSubDINA checks the held-out AUC on the fraction-subtraction data
// against the published EM-DINA range (.85-.87).
func TestFrcSubDINA(t *testing.T) {
	resp := readShared(t, "frcsub/responses.txt")
	q := readShared(t, "frcsub/q.txt")
	for _, seed := range []uint64{1, 2, 3} {
		m, err := EvaluateDINA(context.Background(), resp, boolMatrix(q), 0.2, seed)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d: AUC %.4f ACC %.4f RMSE %.4f (%d held-out answers)", seed, m.AUC, m.Accuracy, m.RMSE, m.N)
		if m.AUC < 0.85 {
			t.Errorf("seed %d: AUC %.4f, want >= 0.85", seed, m.AUC)
		}
	}
}
