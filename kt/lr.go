package kt

import (
	"context"
	"math"
)

// feature is one non-zero entry of a sparse feature vector.
type feature struct {
	i int32
	v float64
}

// sparseRows is a CSR matrix of feature rows with binary labels.
type sparseRows struct {
	feat  []feature
	off   []int // row r is feat[off[r]:off[r+1]]
	y     []bool
	nFeat int
}

func (s *sparseRows) add(f []feature, y bool) {
	if len(s.off) == 0 {
		s.off = append(s.off, 0)
	}
	s.feat = append(s.feat, f...)
	s.off = append(s.off, len(s.feat))
	s.y = append(s.y, y)
}

func (s *sparseRows) rows() int { return len(s.y) }

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// logLoss returns log(1+exp(-z)) if y, else log(1+exp(z)), without
// overflow.
func logLoss(z float64, y bool) float64 {
	if y {
		z = -z
	}
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// lrObjective is the L2-penalised logistic loss over s. w[nFeat] is the
// unpenalised bias. Loss and gradient are summed over row chunks on
// several goroutines; chunk results are added in a fixed order, so the
// value does not depend on scheduling.
type lrObjective struct {
	s       *sparseRows
	lambda  float64
	workers int
	grads   [][]float64
	losses  []float64
}

func newLRObjective(s *sparseRows, lambda float64, workers int) *lrObjective {
	o := &lrObjective{s: s, lambda: lambda, workers: max(workers, 1)}
	o.grads = make([][]float64, o.workers)
	for i := range o.grads {
		o.grads[i] = make([]float64, s.nFeat+1)
	}
	o.losses = make([]float64, o.workers)
	return o
}

// eval writes the gradient at w into g and returns the objective.
func (o *lrObjective) eval(ctx context.Context, w, g []float64) (float64, error) {
	n := o.s.rows()
	bias := w[o.s.nFeat]
	err := parallel(ctx, o.workers, o.workers, func(c int) {
		gc := o.grads[c]
		clear(gc)
		var loss float64
		for r := c * n / o.workers; r < (c+1)*n/o.workers; r++ {
			fs := o.s.feat[o.s.off[r]:o.s.off[r+1]]
			z := bias
			for _, f := range fs {
				z += w[f.i] * f.v
			}
			loss += logLoss(z, o.s.y[r])
			d := sigmoid(z)
			if o.s.y[r] {
				d--
			}
			for _, f := range fs {
				gc[f.i] += d * f.v
			}
			gc[o.s.nFeat] += d
		}
		o.losses[c] = loss
	})
	if err != nil {
		return 0, err
	}
	var loss float64
	copy(g, o.grads[0])
	loss = o.losses[0]
	for c := 1; c < o.workers; c++ {
		for i, v := range o.grads[c] {
			g[i] += v
		}
		loss += o.losses[c]
	}
	for i := range o.s.nFeat {
		loss += 0.5 * o.lambda * w[i] * w[i]
		g[i] += o.lambda * w[i]
	}
	return loss, nil
}

// L-BFGS settings: history size, iteration cap and the relative decrease
// of the objective below which fitting stops.
const (
	lbfgsMemory  = 10
	lbfgsMaxIter = 500
	lbfgsRelTol  = 1e-7
)

// fitLR minimises the penalised logistic loss over s; it is
// deterministic.
func fitLR(ctx context.Context, s *sparseRows, lambda float64, workers int) ([]float64, error) {
	o := newLRObjective(s, lambda, workers)
	// Precondition with the inverse diagonal of the Hessian bound
	// (x^2/4 + lambda): one-hot columns of rare items and dense count
	// columns differ in curvature by orders of magnitude.
	d := make([]float64, s.nFeat+1)
	for _, f := range s.feat {
		d[f.i] += f.v * f.v / 4
	}
	for i := range s.nFeat {
		d[i] = 1 / (d[i] + lambda)
	}
	d[s.nFeat] = 4 / float64(max(s.rows(), 1))
	return lbfgs(ctx, make([]float64, s.nFeat+1), d, o.eval)
}

// lbfgs minimises f from w by L-BFGS with a backtracking (Armijo) line
// search; f writes its gradient into g. precond, if not nil, is a
// diagonal initial inverse Hessian, else a scaled identity is used.
func lbfgs(ctx context.Context, w, precond []float64, f func(ctx context.Context, w, g []float64) (float64, error)) ([]float64, error) {
	n := len(w)
	g := make([]float64, n)
	fw, err := f(ctx, w, g)
	if err != nil {
		return nil, err
	}
	var sHist, yHist [][]float64
	var rho []float64
	dir := make([]float64, n)
	wNew := make([]float64, n)
	gNew := make([]float64, n)
	alpha := make([]float64, lbfgsMemory)
	for it := 0; it < lbfgsMaxIter; it++ {
		// Two-loop recursion: dir = -H g.
		copy(dir, g)
		for k := len(sHist) - 1; k >= 0; k-- {
			alpha[k] = rho[k] * dot(sHist[k], dir)
			axpy(-alpha[k], yHist[k], dir)
		}
		if precond != nil {
			for i := range dir {
				dir[i] *= precond[i]
			}
		} else {
			var scale float64
			if k := len(sHist) - 1; k >= 0 {
				scale = dot(sHist[k], yHist[k]) / dot(yHist[k], yHist[k])
			} else {
				scale = 1 / math.Sqrt(max(dot(g, g), 1e-300))
			}
			for i := range dir {
				dir[i] *= scale
			}
		}
		for k := range sHist {
			b := rho[k] * dot(yHist[k], dir)
			axpy(alpha[k]-b, sHist[k], dir)
		}
		for i := range dir {
			dir[i] = -dir[i]
		}
		slope := dot(g, dir)
		if slope >= 0 { // not a descent direction: restart from the gradient
			sHist, yHist, rho = nil, nil, nil
			for i := range dir {
				dir[i] = -g[i]
			}
			slope = -dot(g, g)
		}
		if slope == 0 {
			break
		}
		step := 1.0
		var fNew float64
		for tries := 0; ; tries++ {
			for i := range w {
				wNew[i] = w[i] + step*dir[i]
			}
			if fNew, err = f(ctx, wNew, gNew); err != nil {
				return nil, err
			}
			if fNew <= fw+1e-4*step*slope || tries == 40 {
				break
			}
			step *= 0.5
		}
		if fNew > fw { // the line search failed: w is as good as it gets
			break
		}
		sv := make([]float64, n)
		yv := make([]float64, n)
		for i := range w {
			sv[i] = wNew[i] - w[i]
			yv[i] = gNew[i] - g[i]
		}
		w, wNew = wNew, w
		g, gNew = gNew, g
		done := fw-fNew <= lbfgsRelTol*math.Abs(fw)
		fw = fNew
		if done {
			break
		}
		if sy := dot(sv, yv); sy > 1e-12 {
			if len(sHist) == lbfgsMemory {
				sHist, yHist, rho = sHist[1:], yHist[1:], rho[1:]
			}
			sHist, yHist, rho = append(sHist, sv), append(yHist, yv), append(rho, 1/sy)
		}
	}
	return w, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func axpy(a float64, x, y []float64) {
	for i, v := range x {
		y[i] += a * v
	}
}
