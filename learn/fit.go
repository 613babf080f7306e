package learn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"maps"
	"slices"
	"strings"
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
	// Choice is the model chosen per subject by held-out AUC.
	Choice []SubjectChoice
	// Logistic names the logistic winners fitted on all their subject's
	// answers and saved for practice ("zx-lr:math").
	Logistic []string
}

// ModelChoice names the per-subject model choice saved beside the models:
// a JSON list of SubjectChoice, one version per fit.
const ModelChoice = "model-choice"

// Candidates are the tracing models the nightly fit compares: BKT, BKT
// with forgetting, and the logistic models.
var Candidates = []string{ModelBKT, ModelBKTForget, "pfa", "best-lr", "zx-lr"}

// SubjectChoice is the evidence for one subject's model: each candidate's
// AUC on held-out students' answers, and the winner (BKT while the
// held-out slice is too small to tell).
type SubjectChoice struct {
	Subject     string             `json:"subject"`
	Best        string             `json:"best"`
	AUC         map[string]float64 `json:"auc"`
	TestAnswers int                `json:"test_answers"`
}

// MinTestAnswers is the smallest held-out slice a choice rests on.
const MinTestAnswers = 200

// heldOut puts about one student in five in the held-out slice, by a hash
// of the id so the split is stable from night to night.
func heldOut(studentID int64) bool {
	h := fnv.New32a()
	fmt.Fprint(h, studentID)
	return h.Sum32()%5 == 0
}

// chooseModels fits every candidate per subject on four students in five
// and scores it on the rest. Where a logistic model wins, it is fitted
// again on all the subject's answers and returned for saving
// (LogisticModelName).
func chooseModels(ctx context.Context, ls zhixi.LearningService, o kt.Options) ([]SubjectChoice, map[string]*kt.LogisticParams, error) {
	v := kt.NewVocab()
	type split struct{ train, test, all *kt.Builder }
	subjects := map[string]*split{}
	err := ls.EachAttempt(ctx, func(a *zhixi.Attempt) error {
		if len(a.KnowledgePoints) == 0 {
			return nil
		}
		subj, _, _ := strings.Cut(a.KnowledgePoints[0], ".")
		sp := subjects[subj]
		if sp == nil {
			sp = &split{kt.NewBuilder(v), kt.NewBuilder(v), kt.NewBuilder(kt.NewVocab())}
			subjects[subj] = sp
		}
		b := sp.train
		if heldOut(a.StudentID) {
			b = sp.test
		}
		user, right := fmt.Sprint(a.StudentID), a.Correct && !a.Skipped
		if err := sp.all.Add(user, a.ItemID, a.KnowledgePoints, right); err != nil {
			return err
		}
		return b.Add(user, a.ItemID, a.KnowledgePoints, right)
	})
	if err != nil {
		return nil, nil, err
	}
	var out []SubjectChoice
	served := map[string]*kt.LogisticParams{}
	for _, subj := range slices.Sorted(maps.Keys(subjects)) {
		train, test := subjects[subj].train.Dataset(), subjects[subj].test.Dataset()
		c := SubjectChoice{Subject: subj, Best: ModelBKT, AUC: map[string]float64{}, TestAnswers: test.Rows}
		if len(train.Seqs) > 0 && test.Rows >= MinTestAnswers {
			best := -1.0
			for _, name := range Candidates {
				res, err := kt.Evaluate(ctx, name, o, train, test)
				if err != nil {
					return nil, nil, fmt.Errorf("%s on %s: %w", name, subj, err)
				}
				c.AUC[name] = res.AUC
				if res.AUC > best {
					best, c.Best = res.AUC, name
				}
			}
		}
		if logistic(c.Best) {
			all := subjects[subj].all.Dataset()
			m, err := kt.New(c.Best, o)
			if err != nil {
				return nil, nil, err
			}
			if err := m.Fit(ctx, all); err != nil {
				return nil, nil, fmt.Errorf("fit %s on all of %s: %w", c.Best, subj, err)
			}
			served[subj] = m.(*kt.Logistic).Export(all)
		}
		out = append(out, c)
	}
	return out, served, nil
}

// logistic reports a candidate that practice serves as a history model.
func logistic(name string) bool { return name == "pfa" || name == "best-lr" || name == "zx-lr" }

// LogisticModelName names the saved parameters of logistic model name
// fitted on the answers of subject: "zx-lr:math".
func LogisticModelName(name, subject string) string { return name + ":" + subject }

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
// ModelItemParams, and chooses the model per subject (ModelChoice): a
// logistic winner is fitted again on all its subject's answers and saved
// (LogisticModelName) before the choice that names it. A skipped answer
// ("I don't know") counts as wrong.
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
	var served map[string]*kt.LogisticParams
	if rep.Choice, served, err = chooseModels(ctx, ls, o); err != nil {
		return rep, fmt.Errorf("choose models: %w", err)
	}
	// The winners' parameters before the choice that names them.
	for _, subj := range slices.Sorted(maps.Keys(served)) {
		p := served[subj]
		raw, err := json.Marshal(p)
		if err != nil {
			return rep, err
		}
		name := LogisticModelName(p.Model, subj)
		if err := ls.SaveModel(ctx, name, raw, now); err != nil {
			return rep, fmt.Errorf("save %s: %w", name, err)
		}
		rep.Logistic = append(rep.Logistic, name)
	}
	for _, m := range []struct {
		name string
		v    any
	}{{ModelItemParams, items}, {ModelChoice, rep.Choice}} {
		raw, err := json.Marshal(m.v)
		if err != nil {
			return rep, err
		}
		if err := ls.SaveModel(ctx, m.name, raw, now); err != nil {
			return rep, fmt.Errorf("save %s: %w", m.name, err)
		}
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
		zhixi.AuditService
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

// FitNow fits at an admin's request, unless another server is fitting
// (the database lease decides: ECONFLICT err.fit_running), and audits the
// fit. With no answers recorded yet it is EINVALID err.no_attempts.
func (f *Fitter) FitNow(ctx context.Context, actor *zhixi.User) (FitReport, error) {
	if actor.Role != zhixi.RoleAdmin {
		return FitReport{}, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	ran, rep, err := f.RunOnce(ctx)
	switch {
	case errors.Is(err, ErrNoAttempts):
		return rep, zhixi.WrapError(zhixi.EINVALID, "err.no_attempts", err)
	case err != nil:
		return rep, err
	case !ran:
		return rep, zhixi.Errorf(zhixi.ECONFLICT, "err.fit_running")
	}
	e := zhixi.NewAudit(ctx, actor, f.Now(), zhixi.AuditFit, "model", 0, 0,
		fmt.Sprintf("%d attempts, %d students, %d models", rep.Attempts, rep.Students, len(rep.Models)))
	if err := f.Store.AppendAudit(ctx, e); err != nil {
		return rep, fmt.Errorf("audit the fit: %w", err)
	}
	return rep, nil
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
