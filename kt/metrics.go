package kt

import (
	"math"
	"sort"
)

// Metrics summarise predictions against outcomes.
type Metrics struct {
	AUC, Accuracy, RMSE, LogLoss float64
	N                            int
}

// Score computes the metrics of predicted probabilities p for outcomes y.
// Accuracy thresholds at 0.5. AUC counts tied scores as half a win (the
// Mann-Whitney statistic); it is NaN when y holds only one class.
func Score(p []float64, y []bool) Metrics {
	m := Metrics{N: len(p), AUC: AUC(p, y)}
	if len(p) == 0 {
		return m
	}
	var hit int
	var se, ll float64
	for i, q := range p {
		t := 0.0
		if y[i] {
			t = 1
		}
		if (q >= 0.5) == y[i] {
			hit++
		}
		se += (q - t) * (q - t)
		c := min(max(q, 1e-15), 1-1e-15)
		if y[i] {
			ll -= math.Log(c)
		} else {
			ll -= math.Log(1 - c)
		}
	}
	n := float64(len(p))
	m.Accuracy = float64(hit) / n
	m.RMSE = math.Sqrt(se / n)
	m.LogLoss = ll / n
	return m
}

// AUC is the area under the ROC curve of scores p for labels y.
func AUC(p []float64, y []bool) float64 {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	// Sum the average rank of positives over runs of tied scores.
	var pos, neg, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		var runPos float64
		for j < len(idx) && (j == i || p[idx[j]] == p[idx[i]]) {
			if y[idx[j]] {
				runPos++
			}
			j++
		}
		avgRank := float64(i+j+1) / 2 // ranks are 1-based: (i+1 + j) / 2
		rankSum += runPos * avgRank
		pos += runPos
		neg += float64(j-i) - runPos
		i = j
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
