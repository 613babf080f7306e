package screening_test

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

// sharedData walks up from the working directory to the shared/data
// folder that sits next to the repository.
func sharedData(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "shared", "data")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/data (evaluation data) not found next to the repository; skipping the real-data check")
		}
		dir = parent
	}
}

func readMatrix(t *testing.T, path string) [][]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m [][]int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var row []int
		for _, c := range strings.Fields(sc.Text()) {
			row = append(row, int(c[0]-'0'))
		}
		if len(row) > 0 {
			m = append(m, row)
		}
	}
	return m
}

// TestFractionSubtractionAUC checks the engine's posterior on real answers:
// Tatsuoka's fraction subtraction data (536 students, 20 items, 8 skills),
// each student's items split 80/20 at random. Item slips and guesses are
// fitted by EM-DINA (exact over the 256 skill patterns) on the training
// answers; then the engine, fed a student's training answers, predicts the
// held-out ones. The reference is the fitted DINA model's own prediction
// (published EM-DINA AUC on this split: 0.85-0.87). The skills carry no
// prerequisite graph, so this tests the likelihood and the particle
// posterior, not the graph.
func TestFractionSubtractionAUC(t *testing.T) {
	dir := filepath.Join(sharedData(t), "frcsub")
	X := readMatrix(t, filepath.Join(dir, "responses.txt"))
	Q := readMatrix(t, filepath.Join(dir, "q.txt"))
	nS, nI, nK := len(X), len(Q), len(Q[0])
	r := rand.New(rand.NewPCG(1, 2))
	test := make([][]bool, nS)
	for i := range test {
		test[i] = make([]bool, nI)
		for _, j := range r.Perm(nI)[:nI/5] {
			test[i][j] = true
		}
	}
	// EM-DINA over the 2^K patterns.
	P := 1 << nK
	eta := make([][]bool, P)
	for a := range P {
		eta[a] = make([]bool, nI)
		for j := range nI {
			eta[a][j] = true
			for k := range nK {
				if Q[j][k] == 1 && a&(1<<k) == 0 {
					eta[a][j] = false
				}
			}
		}
	}
	slip, guess := make([]float64, nI), make([]float64, nI)
	prior := make([]float64, P)
	for j := range nI {
		slip[j], guess[j] = 0.2, 0.2
	}
	for a := range prior {
		prior[a] = 1 / float64(P)
	}
	post := func(i int) []float64 {
		w := make([]float64, P)
		tot := 0.0
		for a := range P {
			l := prior[a]
			for j := range nI {
				if test[i][j] {
					continue
				}
				p := guess[j]
				if eta[a][j] {
					p = 1 - slip[j]
				}
				if X[i][j] == 0 {
					p = 1 - p
				}
				l *= p
			}
			w[a] = l
			tot += l
		}
		for a := range w {
			w[a] /= tot
		}
		return w
	}
	for range 60 {
		sn, sd, gn, gd := make([]float64, nI), make([]float64, nI), make([]float64, nI), make([]float64, nI)
		np := make([]float64, P)
		for i := range nS {
			w := post(i)
			for a, pa := range w {
				np[a] += pa / float64(nS)
				for j := range nI {
					if test[i][j] {
						continue
					}
					if eta[a][j] {
						sd[j] += pa
						sn[j] += pa * float64(1-X[i][j])
					} else {
						gd[j] += pa
						gn[j] += pa * float64(X[i][j])
					}
				}
			}
		}
		for j := range nI {
			slip[j], guess[j] = min(0.49, max(0.01, sn[j]/sd[j])), min(0.49, max(0.01, gn[j]/gd[j]))
		}
		prior = np
	}
	// The engine on the same answers.
	var kps []curriculum.KnowledgePoint
	for k := range nK {
		kps = append(kps, curriculum.KnowledgePoint{ID: fmt.Sprintf("s%d", k+1)})
	}
	var items []curriculum.Item
	for j := range nI {
		it := curriculum.Item{ID: fmt.Sprintf("i%02d", j+1), Slip: &slip[j], Guess: &guess[j]}
		for k := range nK {
			if Q[j][k] == 1 {
				it.KnowledgePoints = append(it.KnowledgePoints, kps[k].ID)
			}
		}
		items = append(items, it)
	}
	g, err := curriculum.NewGraph(kps)
	if err != nil {
		t.Fatal(err)
	}
	bank, err := screening.NewBank(g, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	var dina, engine []scored
	for i := range nS {
		w := post(i)
		snap := screening.Snapshot{Version: 1, Bank: bank.Fingerprint(), Config: screening.Config{Seed: uint64(i), Particles: 2000}}
		for j := range nI {
			if !test[i][j] {
				o := screening.Incorrect
				if X[i][j] == 1 {
					o = screening.Correct
				}
				snap.Responses = append(snap.Responses, screening.Response{Item: items[j].ID, Outcome: o})
			}
		}
		s, err := screening.Resume(bank, snap, nil)
		if err != nil {
			t.Fatal(err)
		}
		for j := range nI {
			if !test[i][j] {
				continue
			}
			p := 0.0
			for a, pa := range w {
				if eta[a][j] {
					p += pa * (1 - slip[j])
				} else {
					p += pa * guess[j]
				}
			}
			dina = append(dina, scored{p, X[i][j] == 1})
			pe, _ := s.PCorrect(items[j].ID)
			engine = append(engine, scored{pe, X[i][j] == 1})
		}
	}
	aucD, aucE := auc(dina), auc(engine)
	t.Logf("held-out AUC on %d answers: EM-DINA %.3f, engine %.3f", len(dina), aucD, aucE)
	if aucE < aucD-0.03 || aucE < 0.8 {
		t.Errorf("engine AUC %.3f, want >= 0.8 and within 0.03 of EM-DINA %.3f", aucE, aucD)
	}
}

type scored struct {
	p   float64
	pos bool
}

// auc is the rank-based area under the ROC curve (ties count half).
func auc(xs []scored) float64 {
	xs = slices.Clone(xs)
	slices.SortFunc(xs, func(a, b scored) int {
		switch {
		case a.p < b.p:
			return -1
		case a.p > b.p:
			return 1
		}
		return 0
	})
	var pos, neg, rankSum float64
	for i := 0; i < len(xs); {
		j := i
		for j < len(xs) && xs[j].p == xs[i].p {
			j++
		}
		mid := float64(i+j+1) / 2 // average 1-based rank of the tie group
		for k := i; k < j; k++ {
			if xs[k].pos {
				rankSum += mid
				pos++
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
