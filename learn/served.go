package learn

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

// Served is the tracing model practice runs on in a subject, from the
// nightly choice: the winner when it is a BKT variant (the practice
// engine traces P(known) with BKT parameters); when a logistic model
// (pfa, best-lr, zx-lr) wins, the better of the two BKT variants on the
// same held-out answers, as the engine cannot run a logistic model yet.
// Without a choice (no fit yet, or too few held-out answers) it is BKT.
func Served(c *SubjectChoice) string {
	switch {
	case c == nil || len(c.AUC) == 0:
		return ModelBKT
	case c.Best == ModelBKT || c.Best == ModelBKTForget:
		return c.Best
	case c.AUC[ModelBKTForget] > c.AUC[ModelBKT]:
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

// servedModel is the model practice serves in subject now.
func (s *Service) servedModel(ctx context.Context, subject string) (string, error) {
	list, _, err := ModelChoices(ctx, s.store)
	if err != nil {
		return "", err
	}
	for i := range list {
		if list[i].Subject == subject {
			return Served(&list[i]), nil
		}
	}
	return ModelBKT, nil
}
