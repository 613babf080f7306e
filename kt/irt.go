package kt

import (
	"context"
	"math"
)

// IRT is the one- or two-parameter logistic item response model,
// P(right) = sigmoid(a_i (theta - b_i)). Item parameters are fitted with
// the training students' abilities by penalised joint maximum likelihood
// (L-BFGS; the penalty is a standard normal prior on theta, b and log a).
// A new student's ability is then tracked online as a posterior on a grid
// (expected a posteriori), so each answer updates it exactly.
type IRT struct {
	Options
	TwoPL bool

	Difficulty, LogDisc []float64 // by item index; LogDisc is nil for 1PL
	meanB               float64   // for items unseen in training
	grid, logPrior      []float64
}

const (
	irtGridPoints = 61
	irtGridRange  = 4.0 // grid spans +-4 prior standard deviations
)

// Fit implements Model.
func (m *IRT) Fit(ctx context.Context, d *Dataset) error {
	nU, nI := len(d.Seqs), len(d.Vocab.Items)
	X := &sparseRows{nFeat: nU + nI}
	for u, s := range d.Seqs {
		for _, r := range s.Rows {
			X.add([]feature{{int32(u), 1}, {int32(nU) + r.Item, 1}}, r.Correct)
		}
	}
	// theta_u = w[u], b_i = -w[nU+i]; for 2PL, log a_i = w[nU+nI+i].
	n := nU + nI + 1
	if m.TwoPL {
		n += nI
	}
	obj := &irtObjective{X: X, nU: nU, nI: nI, twoPL: m.TwoPL, workers: m.workers()}
	// Precondition by the inverse Hessian bound (answers/4 + prior) of
	// each parameter: students and items differ widely in answer counts.
	pre := make([]float64, n)
	for u, s := range d.Seqs {
		pre[u] = float64(len(s.Rows)) / 4
		for _, r := range s.Rows {
			pre[nU+int(r.Item)] += 0.25
			if m.TwoPL {
				pre[nU+nI+1+int(r.Item)] += 0.25
			}
		}
	}
	pre[nU+nI] = float64(d.Rows) / 4
	for j := range pre {
		if j != nU+nI {
			pre[j]++
		}
		pre[j] = 1 / pre[j]
	}
	w, err := lbfgs(ctx, make([]float64, n), pre, obj.eval)
	if err != nil {
		return err
	}
	m.Difficulty = make([]float64, nI)
	for i := range nI {
		m.Difficulty[i] = -w[nU+i] - w[nU+nI]
		m.meanB += m.Difficulty[i] / float64(nI)
	}
	if m.TwoPL {
		m.LogDisc = append([]float64(nil), w[nU+nI+1:]...)
	}
	var v float64
	for u := range nU {
		v += w[u] * w[u]
	}
	sd := math.Sqrt(max(v/float64(max(nU, 1)), 0.05))
	m.grid = make([]float64, irtGridPoints)
	m.logPrior = make([]float64, irtGridPoints)
	for g := range m.grid {
		z := irtGridRange * (2*float64(g)/float64(irtGridPoints-1) - 1)
		m.grid[g] = z * sd
		m.logPrior[g] = -z * z / 2
	}
	return nil
}

// irtObjective is the penalised joint log-likelihood. The layout of w is
// theta (nU), easiness (nI), a shared intercept, then log a (nI, 2PL).
type irtObjective struct {
	X       *sparseRows
	nU, nI  int
	twoPL   bool
	workers int
	grads   [][]float64
	losses  []float64
}

func (o *irtObjective) eval(ctx context.Context, w, g []float64) (float64, error) {
	if o.grads == nil {
		o.grads = make([][]float64, o.workers)
		for i := range o.grads {
			o.grads[i] = make([]float64, len(w))
		}
		o.losses = make([]float64, o.workers)
	}
	n := o.X.rows()
	c0 := o.nU + o.nI
	err := parallel(ctx, o.workers, o.workers, func(c int) {
		gc := o.grads[c]
		clear(gc)
		var loss float64
		for r := c * n / o.workers; r < (c+1)*n/o.workers; r++ {
			fs := o.X.feat[o.X.off[r] : o.X.off[r]+2]
			u, i := fs[0].i, fs[1].i
			lin := w[u] + w[i] + w[c0]
			a := 1.0
			if o.twoPL {
				a = math.Exp(w[c0+1+int(i)-o.nU])
			}
			z := a * lin
			loss += logLoss(z, o.X.y[r])
			d := sigmoid(z)
			if o.X.y[r] {
				d--
			}
			gc[u] += d * a
			gc[i] += d * a
			gc[c0] += d * a
			if o.twoPL {
				gc[c0+1+int(i)-o.nU] += d * z
			}
		}
		o.losses[c] = loss
	})
	if err != nil {
		return 0, err
	}
	copy(g, o.grads[0])
	loss := o.losses[0]
	for c := 1; c < o.workers; c++ {
		axpy(1, o.grads[c], g)
		loss += o.losses[c]
	}
	for j := range w {
		if j == c0 {
			continue
		}
		loss += 0.5 * w[j] * w[j]
		g[j] += w[j]
	}
	return loss, nil
}

func (m *IRT) item(i int32) (a, b float64) {
	if int(i) >= len(m.Difficulty) {
		return 1, m.meanB
	}
	a = 1
	if m.LogDisc != nil {
		a = math.Exp(m.LogDisc[i])
	}
	return a, m.Difficulty[i]
}

// NewLearner implements Model.
func (m *IRT) NewLearner() Learner {
	return &irtLearner{m: m, logPost: append([]float64(nil), m.logPrior...)}
}

// irtLearner holds the unnormalised log posterior of theta on the grid.
type irtLearner struct {
	m       *IRT
	logPost []float64
}

func (l *irtLearner) Predict(r *Row) float64 {
	a, b := l.m.item(r.Item)
	top := math.Inf(-1)
	for _, v := range l.logPost {
		top = max(top, v)
	}
	var num, den float64
	for g, v := range l.logPost {
		p := math.Exp(v - top)
		num += p * sigmoid(a*(l.m.grid[g]-b))
		den += p
	}
	return num / den
}

func (l *irtLearner) Update(r *Row) {
	a, b := l.m.item(r.Item)
	for g := range l.logPost {
		l.logPost[g] -= logLoss(a*(l.m.grid[g]-b), r.Correct)
	}
}
