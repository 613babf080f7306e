package kt

import (
	"math"
	"testing"
)

func TestAUC(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		y    []bool
		want float64
	}{
		{"perfect", []float64{0.1, 0.2, 0.8, 0.9}, []bool{false, false, true, true}, 1},
		{"inverted", []float64{0.9, 0.8, 0.2, 0.1}, []bool{false, false, true, true}, 0},
		// pairs (pos,neg): (0.4,0.1) win, (0.4,0.6) loss, (0.7,0.1) win, (0.7,0.6) win -> 3/4
		{"one misordered pair", []float64{0.1, 0.4, 0.6, 0.7}, []bool{false, true, false, true}, 0.75},
		// all scores tied: every pair is half a win
		{"all tied", []float64{0.5, 0.5, 0.5, 0.5}, []bool{false, true, false, true}, 0.5},
		// pos 0.5 vs negs 0.5 (tie, 0.5) and 0.2 (win); pos 0.9 wins both -> (1.5+2)/4
		{"partial tie", []float64{0.2, 0.5, 0.5, 0.9}, []bool{false, false, true, true}, 0.875},
		{"one class", []float64{0.2, 0.3}, []bool{true, true}, math.NaN()},
		// NaN scores must not stall the tie scan; the result is undefined
		// but returned.
		{"nan score", []float64{math.NaN(), 0.3, 0.7}, []bool{true, false, true}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AUC(tt.p, tt.y)
			if tt.want == -1 {
				return
			}
			if math.IsNaN(tt.want) {
				if !math.IsNaN(got) {
					t.Fatalf("AUC = %v, want NaN", got)
				}
				return
			}
			if math.Abs(got-tt.want) > 1e-12 {
				t.Fatalf("AUC = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	m := Score([]float64{0.9, 0.4, 0.6, 0.2}, []bool{true, true, false, false})
	// hits: 0.9->1 yes, 0.4->1 no, 0.6->0 no, 0.2->0 yes
	if m.Accuracy != 0.5 {
		t.Errorf("Accuracy = %v, want 0.5", m.Accuracy)
	}
	wantRMSE := math.Sqrt((0.01 + 0.36 + 0.36 + 0.04) / 4)
	if math.Abs(m.RMSE-wantRMSE) > 1e-12 {
		t.Errorf("RMSE = %v, want %v", m.RMSE, wantRMSE)
	}
	if m.N != 4 || m.AUC != 0.75 {
		t.Errorf("N, AUC = %d, %v; want 4, 0.75", m.N, m.AUC)
	}
}
