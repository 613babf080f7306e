package kt

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// checkGradient compares f's gradient with central differences.
func checkGradient(t *testing.T, f func(ctx context.Context, w, g []float64) (float64, error), w []float64) {
	t.Helper()
	ctx := context.Background()
	g := make([]float64, len(w))
	if _, err := f(ctx, w, g); err != nil {
		t.Fatal(err)
	}
	scratch := make([]float64, len(w))
	const h = 1e-6
	for i := range w {
		orig := w[i]
		w[i] = orig + h
		fp, _ := f(ctx, w, scratch)
		w[i] = orig - h
		fm, _ := f(ctx, w, scratch)
		w[i] = orig
		num := (fp - fm) / (2 * h)
		if math.Abs(num-g[i]) > 1e-5*max(1, math.Abs(num)) {
			t.Errorf("d/dw[%d]: analytic %.8f, numeric %.8f", i, g[i], num)
		}
	}
}

func randomSparse(rng *rand.Rand, rows, nFeat int) *sparseRows {
	s := &sparseRows{nFeat: nFeat}
	for range rows {
		var fs []feature
		for j := range nFeat {
			if rng.Float64() < 0.4 {
				fs = append(fs, feature{int32(j), rng.NormFloat64()})
			}
		}
		s.add(fs, rng.Float64() < 0.6)
	}
	return s
}

func TestLRGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := randomSparse(rng, 50, 6)
	w := make([]float64, 7)
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	checkGradient(t, newLRObjective(s, 0.7, 2).eval, w)
}

func TestIRTGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	nU, nI := 5, 4
	X := &sparseRows{nFeat: nU + nI}
	for range 60 {
		X.add([]feature{{int32(rng.IntN(nU)), 1}, {int32(nU + rng.IntN(nI)), 1}}, rng.Float64() < 0.5)
	}
	for _, twoPL := range []bool{false, true} {
		n := nU + nI + 1
		if twoPL {
			n += nI
		}
		w := make([]float64, n)
		for i := range w {
			w[i] = 0.5 * rng.NormFloat64()
		}
		o := &irtObjective{X: X, nU: nU, nI: nI, twoPL: twoPL, workers: 2}
		checkGradient(t, o.eval, w)
	}
}

// TestLRRecoversWeights fits data drawn from a known logistic model.
func TestLRRecoversWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	want := []float64{1.5, -2, 0.5, 0.3} // three weights, then the bias
	s := &sparseRows{nFeat: 3}
	for range 20000 {
		fs := []feature{{0, rng.NormFloat64()}, {1, rng.NormFloat64()}, {2, rng.NormFloat64()}}
		z := want[3]
		for _, f := range fs {
			z += want[f.i] * f.v
		}
		s.add(fs, rng.Float64() < sigmoid(z))
	}
	w, err := fitLR(context.Background(), s, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(w[i]-want[i]) > 0.1 {
			t.Errorf("w[%d] = %.3f, want %.3f +- 0.1", i, w[i], want[i])
		}
	}
}
