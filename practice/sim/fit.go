package sim

import (
	"context"
	"errors"
	"fmt"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/kt"
)

// Fitted is a logistic model fitted on simulated learners' answers, with
// every candidate's AUC on held-out learners.
type Fitted struct {
	Tracer *kt.LogisticTracer
	// Answers is how many answers it was fitted on, TestAnswers how many
	// of them (one learner in five) scored the candidates.
	Answers, TestAnswers int
	AUC                  map[string]float64
}

// FitLogistic plays the platform's history for a logistic model: the
// learners of c (use seeds apart from the reported ones) are screened and
// practise with policy (the engine under BKT), their answers are split by
// learner (one in five held out, as the nightly fit does) to score every
// candidate, and model is fitted on all of them.
func FitLogistic(ctx context.Context, c Config, policy NamedPolicy, model string, candidates []string) (*Fitted, error) {
	c.Policies = []NamedPolicy{policy}
	v := kt.NewVocab()
	all, train, test := kt.NewBuilder(kt.NewVocab()), kt.NewBuilder(v), kt.NewBuilder(v)
	var err error
	c.Log = func(_ string, learner int, it *curriculum.Item, correct bool) {
		user := fmt.Sprint(learner)
		b := train
		if learner%5 == 0 {
			b = test
		}
		err = errors.Join(err, all.Add(user, it.ID, it.KnowledgePoints, correct), b.Add(user, it.ID, it.KnowledgePoints, correct))
	}
	if _, rerr := Run(c); rerr != nil || err != nil {
		return nil, errors.Join(rerr, err)
	}
	o := kt.Options{Seed: 1, Restarts: 2}
	f := &Fitted{Answers: all.Dataset().Rows, TestAnswers: test.Dataset().Rows, AUC: map[string]float64{}}
	for _, name := range candidates {
		res, err := kt.Evaluate(ctx, name, o, train.Dataset(), test.Dataset())
		if err != nil {
			return nil, err
		}
		f.AUC[name] = res.AUC
	}
	m, err := kt.New(model, o)
	if err != nil {
		return nil, err
	}
	lr, ok := m.(*kt.Logistic)
	if !ok {
		return nil, fmt.Errorf("%s is not a logistic model", model)
	}
	d := all.Dataset()
	if err := lr.Fit(ctx, d); err != nil {
		return nil, err
	}
	if f.Tracer, err = kt.LoadLogistic(lr.Export(d)); err != nil {
		return nil, err
	}
	return f, nil
}
