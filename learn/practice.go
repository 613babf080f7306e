package learn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/practice"
	"github.com/zhixi-org/zhixi/screening"
)

// ModelBKT names the BKT parameters `zhixi kt fit` stores for practice.
const ModelBKT = "bkt"

// modelCheck is how often a server looks for newly fitted parameters.
const modelCheck = 5 * time.Minute

type practiceEngine struct {
	eng     *practice.Engine
	modelAt time.Time // when the parameters it uses were fitted (zero: defaults)
	checked time.Time
}

// PracticeView is what a tablet shows: the question to answer (never its
// answer), why it was chosen, and the progress so far.
type PracticeView struct {
	StudentID int64             `json:"student_id"`
	Subject   string            `json:"subject"`
	Version   int               `json:"version"`
	Question  *Question         `json:"question,omitempty"`
	Kind      practice.Kind     `json:"kind,omitempty"`
	Reason    string            `json:"reason,omitempty"`
	Point     string            `json:"knowledge_point,omitempty"`
	PointName string            `json:"knowledge_point_name,omitempty"`
	Rest      string            `json:"rest,omitempty"` // why there is nothing to practise now
	Summary   *practice.Summary `json:"summary"`
	Rule      string            `json:"rule"`
	Step      *practice.Step    `json:"step,omitempty"` // the answer just recorded
}

// engine returns the practice engine of a subject, rebuilt when newer
// fitted parameters appear in the store.
func (s *Service) engine(ctx context.Context, subject string) (*practice.Engine, error) {
	now := s.now()
	s.mu.Lock()
	pe := s.practice[subject]
	s.mu.Unlock()
	if pe != nil && now.Sub(pe.checked) < modelCheck {
		return pe.eng, nil
	}
	raw, at, err := s.store.Model(ctx, ModelBKT)
	var params func(string) kt.BKTParams
	switch {
	case err == nil:
		var m kt.BKTModel
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("stored %s model from %s: %w", ModelBKT, at, err)
		}
		params = m.Params
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
		at = time.Time{} // not fitted yet: the engine's defaults
	default:
		return nil, err
	}
	if pe != nil && pe.modelAt.Equal(at) {
		s.mu.Lock()
		pe.checked = now
		s.mu.Unlock()
		return pe.eng, nil
	}
	g, err := s.content.Graph(subject)
	if err != nil {
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.unknown_subject", err)
	}
	items, err := s.subjectItems(subject)
	if err != nil {
		return nil, err
	}
	eng, err := practice.New(g, items, nil, params, practice.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("practice engine for %s: %w", subject, err)
	}
	s.mu.Lock()
	s.practice[subject] = &practiceEngine{eng: eng, modelAt: at, checked: now}
	s.mu.Unlock()
	return eng, nil
}

// subjectItems returns (once) the concrete items of a subject. Practice
// uses the same fixed template instances as screening, so every answer
// refers to an item version in the store.
func (s *Service) subjectItems(subject string) ([]curriculum.Item, error) {
	if s.content == nil || s.content.Subject(subject) == nil {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.unknown_subject", subject)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if items, ok := s.items[subject]; ok {
		return items, nil
	}
	items, err := Items(s.content, subject)
	if err != nil {
		return nil, err
	}
	s.items[subject] = items
	return items, nil
}

// practiceState loads the student's state, or starts one from their
// finished screening of the subject: practice begins where the screening
// left off.
func (s *Service) practiceState(ctx context.Context, eng *practice.Engine, st *zhixi.Student, subject string) (*zhixi.PracticeState, *practice.State, error) {
	row, err := s.store.PracticeState(ctx, st.ID, subject)
	if err == nil {
		var ps practice.State
		if err := json.Unmarshal(row.State, &ps); err != nil {
			return nil, nil, fmt.Errorf("practice state of student %d in %s: %w", st.ID, subject, err)
		}
		return row, &ps, nil
	}
	if zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
		return nil, nil, err
	}
	res, err := s.screeningResult(ctx, st, subject)
	if err != nil {
		return nil, nil, err
	}
	ps, err := eng.StartScreening(res, s.now())
	if err != nil {
		return nil, nil, err
	}
	return &zhixi.PracticeState{StudentID: st.ID, Subject: subject}, ps, nil
}

// screeningResult rebuilds the result of the student's finished screening
// of subject; practice needs one.
func (s *Service) screeningResult(ctx context.Context, st *zhixi.Student, subject string) (*screening.Result, error) {
	past, err := s.store.Screenings(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	for i := range past {
		if past[i].Subject == subject && past[i].Status == StatusFinished {
			sess, err := s.resume(&past[i])
			if err != nil {
				return nil, err
			}
			return sess.Result(), nil
		}
	}
	return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.screening_first")
}

// runnableStudent loads a student the actor may screen or practise for,
// with a guardian's consent to the current notice in force.
func (s *Service) runnableStudent(ctx context.Context, actor *zhixi.User, studentID int64) (*zhixi.Student, error) {
	st, gids, err := zhixi.VisibleStudent(ctx, s.store, actor, studentID)
	if err != nil {
		return nil, err
	}
	if !canRun(actor, st, gids) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if err := zhixi.ConsentCheck(st); err != nil {
		return nil, err
	}
	return st, nil
}

// PracticeNext returns the question the student should answer now: the
// pending one if there is one, else the engine's next choice, which is
// stored so that every tablet and server shows the same question. When two
// requests choose at once, the loser shows the winner's choice.
func (s *Service) PracticeNext(ctx context.Context, actor *zhixi.User, studentID int64, subject string) (*PracticeView, error) {
	st, err := s.runnableStudent(ctx, actor, studentID)
	if err != nil {
		return nil, err
	}
	eng, err := s.engine(ctx, subject)
	if err != nil {
		return nil, err
	}
	for try := 0; ; try++ {
		v, err := s.practiceNext(ctx, eng, st, subject)
		if zhixi.ErrorCode(err) == zhixi.ECONFLICT && try == 0 {
			continue
		}
		return v, err
	}
}

func (s *Service) practiceNext(ctx context.Context, eng *practice.Engine, st *zhixi.Student, subject string) (*PracticeView, error) {
	row, ps, err := s.practiceState(ctx, eng, st, subject)
	if err != nil {
		return nil, err
	}
	v := &PracticeView{StudentID: st.ID, Subject: subject, Version: row.Version, Rule: eng.Config().Rule()}
	if ps.Pending == nil {
		now := s.now()
		// Seeded by student and version: reproducible, and new each step.
		r := rand.New(rand.NewPCG(uint64(st.ID), uint64(row.Version)))
		_, err := eng.Next(ps, now, r)
		switch {
		case errors.Is(err, practice.ErrNothingToPractise):
			v.Rest = "现在没有需要练习的内容：已掌握的知识点还没到复习时间。"
		case err != nil:
			return nil, err
		default:
			if err := s.savePractice(ctx, row, ps, nil); err != nil {
				return nil, err
			}
			v.Version = row.Version
		}
	}
	return s.practiceView(v, eng, ps)
}

// PracticeAnswer checks and records the answer to the pending question.
// version, if not 0, must be the one the tablet saw; either way two answers
// racing on one state cannot both be stored.
func (s *Service) PracticeAnswer(ctx context.Context, actor *zhixi.User, studentID int64, subject string, version int, itemID, response string, skip bool) (*PracticeView, error) {
	st, err := s.runnableStudent(ctx, actor, studentID)
	if err != nil {
		return nil, err
	}
	eng, err := s.engine(ctx, subject)
	if err != nil {
		return nil, err
	}
	row, ps, err := s.practiceState(ctx, eng, st, subject)
	if err != nil {
		return nil, err
	}
	if version != 0 && version != row.Version {
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.version_conflict")
	}
	if ps.Pending == nil || ps.Pending.ItemID != itemID {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.answer_refused", itemID)
	}
	att, err := s.attempt(ctx, st, itemID, response, skip)
	if err != nil {
		return nil, err
	}
	att.Source = "practice"
	step, err := eng.Record(ps, itemID, att.Correct, s.now())
	if err != nil {
		return nil, err
	}
	if err := s.savePractice(ctx, row, ps, att); err != nil {
		return nil, err
	}
	v := &PracticeView{StudentID: st.ID, Subject: subject, Version: row.Version, Rule: eng.Config().Rule(), Step: &step}
	return s.practiceView(v, eng, ps)
}

func (s *Service) savePractice(ctx context.Context, row *zhixi.PracticeState, ps *practice.State, att *zhixi.Attempt) error {
	raw, err := json.Marshal(ps)
	if err != nil {
		return err
	}
	row.State, row.UpdatedAt = raw, s.now()
	return s.store.SavePracticeState(ctx, row, att)
}

func (s *Service) practiceView(v *PracticeView, eng *practice.Engine, ps *practice.State) (*PracticeView, error) {
	sum, err := eng.Summary(ps, s.now())
	if err != nil {
		return nil, err
	}
	v.Summary = &sum
	if c := ps.Pending; c != nil {
		it, ok := s.content.Item(c.ItemID)
		if !ok {
			return nil, fmt.Errorf("practice: item %s is not in the content", c.ItemID)
		}
		v.Question = question(it)
		v.Kind, v.Reason, v.Point = c.Kind, c.Reason, c.KP
		if kp, ok := s.content.KnowledgePoint(c.KP); ok {
			v.PointName = kp.Name
		}
	}
	return v, nil
}
