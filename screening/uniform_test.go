package screening

import (
	"fmt"
	"math"
	"testing"

	"github.com/zhixi-org/zhixi/curriculum"
)

// smallDAG is a 12-point graph with a long chain, branches and joins, small
// enough to enumerate its downsets.
func smallDAG(t *testing.T) *Bank {
	t.Helper()
	pre := [][]int{{}, {0}, {1}, {2}, {3}, {0}, {5}, {5, 2}, {}, {8, 6}, {9, 4}, {8}}
	var kps []curriculum.KnowledgePoint
	var ids []string
	for i, ps := range pre {
		kp := curriculum.KnowledgePoint{ID: fmt.Sprintf("p%02d", i)}
		for _, p := range ps {
			kp.Prerequisites = append(kp.Prerequisites, fmt.Sprintf("p%02d", p))
		}
		kps = append(kps, kp)
		ids = append(ids, kp.ID)
	}
	g, err := curriculum.NewGraph(kps)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBank(g, items(ids, 1, 0.1, 0.25), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUniformPool: the walk's pool visits every downset about equally
// often (each count within 5 standard deviations of the uniform share).
func TestUniformPool(t *testing.T) {
	b := smallDAG(t)
	all := downsets(b)
	index := map[uint64]int{}
	for i, s := range all {
		index[s[0]] = i
	}
	const n = 40000
	counts := make([]int, len(all))
	for _, s := range b.UniformPool(n, 3) {
		i, ok := index[s[0]]
		if !ok {
			t.Fatalf("pool state %b is not a downset", s[0])
		}
		counts[i]++
	}
	want := float64(n) / float64(len(all))
	sd := math.Sqrt(want * (1 - 1/float64(len(all))))
	for i, c := range counts {
		if math.Abs(float64(c)-want) > 5*sd {
			t.Errorf("downset %b drawn %d times, want %.0f ± %.0f", all[i][0], c, want, 5*sd)
		}
	}
	t.Logf("%d downsets, counts %d..%d (uniform %.0f)", len(all), minOf(counts), maxOf(counts), want)
}

func minOf(xs []int) int {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

func maxOf(xs []int) int {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func TestLog10Downsets(t *testing.T) {
	b := smallDAG(t)
	exact := math.Log10(float64(len(downsets(b))))
	got := b.Log10Downsets(1, 4000)
	if math.Abs(got-exact) > 0.03 {
		t.Errorf("estimated log10 downsets %.3f, exact %.3f", got, exact)
	}
}
