package learn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/screening"
)

// ModelBKTForget names the BKT-with-forgetting parameters fitted beside
// ModelBKT, kept for comparison and for the screening's priors.
const ModelBKTForget = "bkt-forget"

// ModelItemParams names the item calibration saved beside the models: a
// JSON list of kt.ItemParams, one version per fit.
const ModelItemParams = "item-params"

// FitReport says what a fit used and produced.
type FitReport struct {
	Attempts, Students, KnowledgePoints, Ignored int
	Models                                       []FitModel
	// Items calibrated, and how many of them look like a wrong key or an
	// ambiguous stem.
	Items, Suspect int
}

// ItemPrior gives an item's default slip and guess, towards which its
// calibration shrinks while it has few answers.
type ItemPrior func(item string) (slip, guess float64)

// ContentPrior is the screening engine's defaults by item type for the
// items of c (0.1 / 0.2 for an item c does not have).
func ContentPrior(c *curriculum.Bank) ItemPrior {
	return func(id string) (float64, float64) {
		if it, ok := c.Item(id); ok {
			return screening.DefaultSlip, screening.DefaultGuess(it)
		}
		return screening.DefaultSlip, 0.2
	}
}

// FitModel is one fitted model.
type FitModel struct {
	Name    string
	LogLik  float64
	Seconds float64
}

// ErrNoAttempts is returned by FitModels when the log has nothing to fit.
var ErrNoAttempts = errors.New("no attempts with knowledge points to fit on: record some practice or screening answers first")

// FitModels fits BKT per knowledge point (with and without forgetting)
// on every recorded answer and saves the parameters, which the practice
// engine picks up within minutes; it also calibrates every answered item's
// slip and guess (shrunk towards prior) and saves them as
// ModelItemParams. A skipped answer ("I don't know") counts as wrong.
func FitModels(ctx context.Context, ls zhixi.LearningService, o kt.Options, prior ItemPrior, now time.Time) (FitReport, error) {
	var rep FitReport
	b := kt.NewBuilder(kt.NewVocab())
	err := ls.EachAttempt(ctx, func(a *zhixi.Attempt) error {
		if len(a.KnowledgePoints) == 0 {
			rep.Ignored++
			return nil
		}
		rep.Attempts++
		return b.Add(fmt.Sprint(a.StudentID), a.ItemID, a.KnowledgePoints, a.Correct && !a.Skipped)
	})
	if err != nil {
		return rep, fmt.Errorf("read attempts: %w", err)
	}
	if rep.Attempts == 0 {
		return rep, ErrNoAttempts
	}
	d := b.Dataset()
	rep.Students, rep.KnowledgePoints = len(d.Seqs), len(d.Vocab.Skills)
	for _, fm := range []struct {
		name   string
		forget bool
	}{{ModelBKT, false}, {ModelBKTForget, true}} {
		m := &kt.BKT{Options: o, Forget: fm.forget}
		start := time.Now()
		if err := m.Fit(ctx, d); err != nil {
			return rep, fmt.Errorf("fit %s: %w", fm.name, err)
		}
		params, err := json.Marshal(m.Export())
		if err != nil {
			return rep, err
		}
		if err := ls.SaveModel(ctx, fm.name, params, now); err != nil {
			return rep, fmt.Errorf("save %s: %w", fm.name, err)
		}
		rep.Models = append(rep.Models, FitModel{fm.name, m.LogLik, time.Since(start).Seconds()})
	}
	items := kt.Calibration{Prior: prior}.Fit(d) // nil prior: 0.1 / 0.2
	for _, p := range items {
		if p.Suspect {
			rep.Suspect++
		}
	}
	rep.Items = len(items)
	raw, err := json.Marshal(items)
	if err != nil {
		return rep, err
	}
	if err := ls.SaveModel(ctx, ModelItemParams, raw, now); err != nil {
		return rep, fmt.Errorf("save %s: %w", ModelItemParams, err)
	}
	return rep, nil
}

// ItemCalibration returns the newest item calibration by item id (empty
// before the first fit).
func ItemCalibration(ctx context.Context, ls zhixi.LearningService) (map[string]kt.ItemParams, time.Time, error) {
	raw, at, err := ls.Model(ctx, ModelItemParams)
	if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
		return map[string]kt.ItemParams{}, time.Time{}, nil
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	var list []kt.ItemParams
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, at, fmt.Errorf("%s: %w", ModelItemParams, err)
	}
	m := make(map[string]kt.ItemParams, len(list))
	for _, p := range list {
		m[p.Item] = p
	}
	return m, at, nil
}

// Fitter runs FitModels as a nightly job: on every server a loop wakes
// up now and then, and the one that takes the database lease fits when the
// last fit is from before last night's fitting hour.
type Fitter struct {
	Store interface {
		zhixi.LearningService
		zhixi.JobService
	}
	Holder  string // this server's name in the lease
	Hour    int    // local hour (Beijing time) after which the night's fit runs
	Options kt.Options
	Prior   ItemPrior // item calibration prior (nil: 0.1 / 0.2 for every item)
	Log     *slog.Logger
	Now     func() time.Time
}

const fitLease = "kt-fit"

var beijing = time.FixedZone("CST", 8*3600)

// Due reports whether a fit should run at now: the newest saved model is
// older than the most recent fitting hour.
func (f *Fitter) Due(ctx context.Context, now time.Time) (bool, error) {
	_, at, err := f.Store.Model(ctx, ModelBKT)
	if err != nil && zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
		return false, err
	}
	local := now.In(beijing)
	last := time.Date(local.Year(), local.Month(), local.Day(), f.Hour, 0, 0, 0, beijing)
	if local.Before(last) {
		last = last.AddDate(0, 0, -1)
	}
	return at.Before(last), nil
}

// RunOnce fits if the lease is free; it reports whether it ran.
func (f *Fitter) RunOnce(ctx context.Context) (bool, FitReport, error) {
	now := f.Now()
	ok, err := f.Store.TryLease(ctx, fitLease, f.Holder, now, time.Hour)
	if err != nil || !ok {
		return false, FitReport{}, err
	}
	rep, err := FitModels(ctx, f.Store, f.Options, f.Prior, now)
	return true, rep, err
}

// Run checks every interval until ctx ends and fits when due.
func (f *Fitter) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		due, err := f.Due(ctx, f.Now())
		switch {
		case err != nil:
			f.Log.Warn("nightly fit: check", "err", err)
		case due:
			ran, rep, err := f.RunOnce(ctx)
			switch {
			case errors.Is(err, ErrNoAttempts):
				f.Log.Debug("nightly fit: no answers recorded yet")
			case err != nil:
				f.Log.Error("nightly fit failed", "err", err)
			case ran:
				f.Log.Info("nightly fit done", "attempts", rep.Attempts, "students", rep.Students, "knowledge_points", rep.KnowledgePoints)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
