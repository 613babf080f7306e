package learn

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/practice"
)

// Served is the tracing model practice runs on in a subject: the nightly
// choice's winner, a BKT variant (the engine traces P(known) with its
// parameters) or a logistic model (pfa, best-lr, zx-lr: the engine's
// history model, fitted on all the subject's answers and saved as
// LogisticModelName). Without a choice (no fit yet, or too few held-out
// answers) it is BKT.
func Served(c *SubjectChoice) string {
	if c == nil || len(c.AUC) == 0 {
		return ModelBKT
	}
	return c.Best
}

// bktFallback is the better BKT variant on the choice's held-out answers,
// served when a logistic winner's parameters cannot be read.
func bktFallback(c *SubjectChoice) string {
	if c != nil && c.AUC[ModelBKTForget] > c.AUC[ModelBKT] {
		return ModelBKTForget
	}
	return ModelBKT
}

// ModelChoices returns the newest per-subject model choice and when it
// was made (empty before the first fit).
func ModelChoices(ctx context.Context, ls zhixi.ModelService) ([]SubjectChoice, time.Time, error) {
	raw, at, err := ls.Model(ctx, ModelChoice)
	if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
		return nil, time.Time{}, nil
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	var list []SubjectChoice
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, at, fmt.Errorf("%s: %w", ModelChoice, err)
	}
	return list, at, nil
}

// ServedNow is the model practice serves for choice c: Served(c), or the
// better BKT variant while a logistic winner's parameters are not saved
// (a choice made before they were).
func ServedNow(ctx context.Context, ms zhixi.ModelService, c *SubjectChoice) (string, error) {
	name := Served(c)
	if !logistic(name) {
		return name, nil
	}
	_, _, err := ms.Model(ctx, LogisticModelName(name, c.Subject))
	switch {
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
		return bktFallback(c), nil
	case err != nil:
		return "", err
	}
	return name, nil
}

// servedModel is the model practice serves in subject now, with the
// subject's choice (nil before the first fit).
func (s *Service) servedModel(ctx context.Context, subject string) (string, *SubjectChoice, error) {
	list, _, err := ModelChoices(ctx, s.store)
	if err != nil {
		return "", nil, err
	}
	for i := range list {
		if list[i].Subject == subject {
			return Served(&list[i]), &list[i], nil
		}
	}
	return ModelBKT, nil, nil
}

// historyModel loads the logistic model served in subject (saved by the
// nightly fit as LogisticModelName).
func (s *Service) historyModel(ctx context.Context, name, subject string) (practice.HistoryModel, time.Time, error) {
	raw, at, err := s.store.Model(ctx, LogisticModelName(name, subject))
	if err != nil {
		return nil, at, err
	}
	var p kt.LogisticParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, at, fmt.Errorf("stored %s model of %s from %s: %w", name, subject, at, err)
	}
	t, err := kt.LoadLogistic(&p)
	if err != nil {
		return nil, at, fmt.Errorf("stored %s model of %s from %s: %w", name, subject, at, err)
	}
	return practice.LogisticModel(t), at, nil
}

// ensureHistory replays the student's earlier answers in subject into a
// state that has no history for the engine's history model (practice
// started, or went on, under BKT); it returns the mastery rows of the
// points whose estimate changed. Under BKT it reads nothing.
func (s *Service) ensureHistory(ctx context.Context, eng *practice.Engine, studentID int64, subject string, ps *practice.State) ([]zhixi.Mastery, error) {
	if !eng.NeedsHistory(ps) {
		return nil, nil
	}
	all, err := s.store.Attempts(ctx, studentID)
	if err != nil {
		return nil, err
	}
	var answers []practice.Answer
	for _, a := range all {
		if len(a.KnowledgePoints) > 0 && strings.HasPrefix(a.KnowledgePoints[0], subject+".") {
			answers = append(answers, practice.Answer{Item: a.ItemID, KPs: a.KnowledgePoints, Correct: a.Correct && !a.Skipped})
		}
	}
	changed, err := eng.Replay(ps, answers)
	if err != nil {
		return nil, err
	}
	rows := make([]zhixi.Mastery, 0, len(changed))
	for _, id := range changed {
		rows = append(rows, masteryRow(studentID, subject, id, ps.Points[id]))
	}
	return rows, nil
}

// servedName names the model eng serves (as Served names it: a BKT
// engine may run bkt-forget's parameters).
func (s *Service) servedName(eng *practice.Engine) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, pe := range s.practice {
		if pe.eng == eng {
			return pe.model
		}
	}
	return eng.Model()
}
