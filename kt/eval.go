package kt

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Model is a tracing model: fitted once on a batch of sequences, then run
// online per student through Learners.
type Model interface {
	Fit(ctx context.Context, train *Dataset) error
	// NewLearner returns the state of a student the model has not seen.
	NewLearner() Learner
}

// Learner is one student's state. Predict must not change the state, so
// a caller can predict every row of an answer before revealing its outcome.
type Learner interface {
	// Predict returns P(correct) for row r; r.Correct must not be read.
	Predict(r *Row) float64
	// Update folds in r's outcome.
	Update(r *Row)
}

// Options configure fitting.
type Options struct {
	Seed    uint64
	Workers int // goroutines for fitting and evaluation; <= 0 means GOMAXPROCS
	// Restarts is the number of random EM starts per skill for BKT.
	Restarts int
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// ModelNames lists the models New builds, baselines first.
var ModelNames = []string{"bkt", "bkt-forget", "pfa", "irt1pl", "irt2pl", "elo", "best-lr", "zx-lr"}

// New returns an unfitted model by name.
func New(name string, o Options) (Model, error) {
	switch name {
	case "bkt":
		return &BKT{Options: o}, nil
	case "bkt-forget":
		return &BKT{Options: o, Forget: true}, nil
	case "pfa":
		return newLogistic(o, pfaFeatures), nil
	case "best-lr":
		return newLogistic(o, bestLRFeatures), nil
	case "zx-lr":
		return newLogistic(o, zxFeatures), nil
	case "irt1pl":
		return &IRT{Options: o}, nil
	case "irt2pl":
		return &IRT{Options: o, TwoPL: true}, nil
	case "elo":
		return &Elo{}, nil
	}
	return nil, fmt.Errorf("unknown model %q (have %s)", name, strings.Join(ModelNames, ", "))
}

// Replay runs l over s and writes the prediction of row i to out[i]. All
// rows of one answer are predicted before any of them updates l, so no
// prediction sees its own answer's outcome.
func Replay(l Learner, s *Sequence, out []float64) {
	i := 0
	s.Steps(func(rows []Row) {
		for j := range rows {
			out[i+j] = l.Predict(&rows[j])
		}
		for j := range rows {
			l.Update(&rows[j])
		}
		i += len(rows)
	})
}

// Result is a model's evaluation on a test set.
type Result struct {
	Model string
	Metrics
	Fit time.Duration
}

// Predict replays every test sequence through a fresh learner and returns
// the predictions and outcomes in row order.
func Predict(ctx context.Context, m Model, test *Dataset, workers int) ([]float64, []bool, error) {
	off := make([]int, len(test.Seqs)+1)
	for i, s := range test.Seqs {
		off[i+1] = off[i] + len(s.Rows)
	}
	p := make([]float64, off[len(test.Seqs)])
	y := make([]bool, len(p))
	err := parallel(ctx, len(test.Seqs), workers, func(i int) {
		s := &test.Seqs[i]
		Replay(m.NewLearner(), s, p[off[i]:off[i+1]])
		for j, r := range s.Rows {
			y[off[i]+j] = r.Correct
		}
	})
	return p, y, err
}

// Evaluate fits the named model on train and scores it on test.
func Evaluate(ctx context.Context, name string, o Options, train, test *Dataset) (Result, error) {
	m, err := New(name, o)
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	if err := m.Fit(ctx, train); err != nil {
		return Result{}, fmt.Errorf("fit %s: %w", name, err)
	}
	res := Result{Model: name, Fit: time.Since(start)}
	p, y, err := Predict(ctx, m, test, o.workers())
	if err != nil {
		return Result{}, err
	}
	for i, q := range p {
		if !(q >= 0 && q <= 1) {
			return Result{}, fmt.Errorf("%s: prediction %v for test row %d is not a probability", name, q, i+1)
		}
	}
	res.Metrics = Score(p, y)
	return res, nil
}

// parallel calls fn(i) for i in [0,n) on up to workers goroutines. Jobs
// are handed out in index order, so callers put the big ones first.
func parallel(ctx context.Context, n, workers int, fn func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// bySizeDesc returns indices 0..n-1 ordered by size, largest first, so
// parallel work ends evenly.
func bySizeDesc(n int, size func(i int) int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return size(idx[a]) > size(idx[b]) })
	return idx
}
