package learn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

// Store is what the learning services need from storage.
type Store interface {
	zhixi.StudentService
	zhixi.LearningService
	ItemVersion(ctx context.Context, itemID string) (int, error)
}

// Screening statuses as stored.
const (
	StatusActive    = "active"
	StatusFinished  = "finished"
	StatusAbandoned = "abandoned"
)

// Service runs screenings. It holds only immutable, content-derived caches
// (compiled scopes), so several servers can serve one student's session in
// turn: the session itself lives in the database, guarded by its version.
type Service struct {
	store   Store
	content *curriculum.Bank
	now     func() time.Time
	// MaxQuestions caps a screening (default DefaultMaxQuestions).
	MaxQuestions int

	mu       sync.Mutex
	scopes   map[scopeKey]*screening.Bank
	items    map[string][]curriculum.Item
	practice map[string]*practiceEngine
}

// DefaultMaxQuestions caps a screening: the engine usually stops earlier,
// once every point in scope is classified with confidence.
const DefaultMaxQuestions = 40

type scopeKey struct {
	subject string
	grade   int
}

// NewService returns a Service over st and the content bank. now nil
// means time.Now.
func NewService(st Store, content *curriculum.Bank, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, content: content, now: now, MaxQuestions: DefaultMaxQuestions,
		scopes: map[scopeKey]*screening.Bank{}, items: map[string][]curriculum.Item{}, practice: map[string]*practiceEngine{}}
}

// Question is an item as the student sees it: no answer, no explanation.
type Question struct {
	ItemID  string              `json:"item"`
	Type    curriculum.ItemType `json:"type"`
	Stem    string              `json:"stem"`
	Options []string            `json:"options,omitempty"`
	Image   string              `json:"image,omitempty"`
}

// ScreeningView is a screening as a client shows it.
type ScreeningView struct {
	ID           int64             `json:"id"`
	StudentID    int64             `json:"student_id"`
	Subject      string            `json:"subject"`
	Status       string            `json:"status"`
	Version      int               `json:"version"`
	Questions    int               `json:"questions"`
	MaxQuestions int               `json:"max_questions"`
	Question     *Question         `json:"question,omitempty"`
	Result       *screening.Result `json:"result,omitempty"`
	StartedAt    time.Time         `json:"started_at"`
	FinishedAt   *time.Time        `json:"finished_at,omitempty"`
}

// scope compiles (once) the screening scope of a subject for a grade: all
// its points up to that grade.
func (s *Service) scope(subject string, grade int) (*screening.Bank, error) {
	items, err := s.subjectItems(subject)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := scopeKey{subject, grade}
	if b, ok := s.scopes[key]; ok {
		return b, nil
	}
	g, err := s.content.Graph(subject)
	if err != nil {
		return nil, fmt.Errorf("screening scope %s: %w", subject, err)
	}
	ids := screening.ScopeByGrade(g, 1, grade)
	if len(ids) == 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.empty_scope", subject, grade)
	}
	b, err := screening.NewBank(g, items, ids)
	if err != nil {
		return nil, fmt.Errorf("screening scope %s up to grade %d: %w", subject, grade, err)
	}
	s.scopes[key] = b
	return b, nil
}

// resume rebuilds a stored screening's session by replaying its answers.
func (s *Service) resume(row *zhixi.ScreeningSession) (*screening.Session, error) {
	var snap screening.Snapshot
	if err := json.Unmarshal(row.State, &snap); err != nil {
		return nil, fmt.Errorf("screening %d: stored state: %w", row.ID, err)
	}
	b, err := s.scope(row.Subject, snap.Config.StudentGrade)
	if err != nil {
		return nil, err
	}
	sess, err := screening.Resume(b, snap, nil)
	if err != nil {
		return nil, zhixi.WrapError(zhixi.ECONFLICT, "err.screening_stale", err)
	}
	return sess, nil
}

// canRun reports whether actor may answer a screening for st: the student
// themself on a room tablet, or a supervisor, staff member or admin who may
// see the student. Guardians see results but do not answer for the child.
func canRun(actor *zhixi.User, st *zhixi.Student, gids []int64) bool {
	if !zhixi.CanSeeStudent(actor, st, gids) {
		return false
	}
	return actor.Role != zhixi.RoleGuardian
}

// StartScreening begins the student's free screening in subject, or
// returns the one already under way. It needs guardian consent, and a
// finished screening of the subject is not repeated.
func (s *Service) StartScreening(ctx context.Context, actor *zhixi.User, studentID int64, subject string) (*ScreeningView, error) {
	st, err := s.runnableStudent(ctx, actor, studentID)
	if err != nil {
		return nil, err
	}
	past, err := s.store.Screenings(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	for i := range past {
		switch {
		case past[i].Subject != subject:
		case past[i].Status == StatusActive:
			return s.view(&past[i], st)
		case past[i].Status == StatusFinished:
			return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.screening_done", past[i].ID)
		}
	}
	b, err := s.scope(subject, st.Grade)
	if err != nil {
		return nil, err
	}
	sess, err := screening.NewSession(b, screening.Config{
		StudentGrade: st.Grade, Seed: uint64(s.now().UnixNano()), MaxQuestions: s.MaxQuestions,
	})
	if err != nil {
		return nil, err
	}
	sess.Next()
	row := &zhixi.ScreeningSession{StudentID: st.ID, Subject: subject, Status: StatusActive, StartedAt: s.now()}
	if row.State, err = json.Marshal(sess.Snapshot()); err != nil {
		return nil, err
	}
	if err := s.store.CreateScreening(ctx, row); err != nil {
		return nil, err
	}
	return s.render(row, st, sess)
}

// load fetches a screening the actor may see and rebuilds its session.
// A session whose content changed since it started cannot be resumed; it is
// marked abandoned so the student can start again.
func (s *Service) load(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.ScreeningSession, *zhixi.Student, []int64, *screening.Session, error) {
	row, err := s.store.ScreeningSession(ctx, id)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	st, gids, err := zhixi.VisibleStudent(ctx, s.store, actor, row.StudentID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	sess, err := s.resume(row)
	if err != nil {
		if zhixi.ErrorCode(err) == zhixi.ECONFLICT && row.Status == StatusActive {
			row.Status, row.UpdatedAt = StatusAbandoned, s.now()
			if uerr := s.store.UpdateScreening(ctx, row); uerr != nil {
				return nil, nil, nil, nil, errors.Join(err, uerr)
			}
		}
		return nil, nil, nil, nil, err
	}
	return row, st, gids, sess, nil
}

// Screening returns a screening's current question or result.
func (s *Service) Screening(ctx context.Context, actor *zhixi.User, id int64) (*ScreeningView, error) {
	row, st, _, sess, err := s.load(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.render(row, st, sess)
}

// Answer records the student's answer to the pending question and moves
// on. version must be the version the client saw, so two tablets answering
// at once cannot both count: the second gets a conflict.
func (s *Service) Answer(ctx context.Context, actor *zhixi.User, id int64, version int, itemID, response string, skip bool) (*ScreeningView, error) {
	row, st, gids, sess, err := s.load(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !canRun(actor, st, gids) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	// A withdrawal stops a screening under way at its next answer.
	if err := zhixi.ConsentCheck(st); err != nil {
		return nil, err
	}
	if row.Status != StatusActive {
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.screening_over")
	}
	if version != 0 && version != row.Version {
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.version_conflict")
	}
	att, err := s.attempt(ctx, st, itemID, response, skip)
	if err != nil {
		return nil, err
	}
	att.Source, att.SessionID = "screening", row.ID
	outcome := screening.Incorrect
	switch {
	case skip:
		outcome = screening.Skip
	case att.Correct:
		outcome = screening.Correct
	}
	if err := sess.Answer(itemID, outcome); err != nil {
		var ae *screening.AnswerError
		if errors.As(err, &ae) {
			return nil, &zhixi.Error{Code: zhixi.EINVALID, Key: "err.answer_refused", Args: []any{itemID}, Err: err}
		}
		return nil, err
	}
	if err := s.save(row, sess); err != nil {
		return nil, err
	}
	if err := s.store.RecordScreeningAnswer(ctx, row, att); err != nil {
		return nil, err
	}
	return s.render(row, st, sess)
}

// Stop ends a screening at the student's request; the result keeps its
// honest uncertainty.
func (s *Service) Stop(ctx context.Context, actor *zhixi.User, id int64) (*ScreeningView, error) {
	row, st, gids, sess, err := s.load(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !canRun(actor, st, gids) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if row.Status != StatusActive {
		return s.render(row, st, sess)
	}
	sess.Stop()
	if err := s.save(row, sess); err != nil {
		return nil, err
	}
	if err := s.store.UpdateScreening(ctx, row); err != nil {
		return nil, err
	}
	return s.render(row, st, sess)
}

// save asks for the next question (which may end the screening) and puts
// the session's snapshot and status into row.
func (s *Service) save(row *zhixi.ScreeningSession, sess *screening.Session) error {
	now := s.now()
	if _, more := sess.Next(); !more {
		row.Status, row.FinishedAt = StatusFinished, now
	}
	state, err := json.Marshal(sess.Snapshot())
	if err != nil {
		return err
	}
	row.State, row.UpdatedAt = state, now
	return nil
}

// view renders a stored session for StartScreening's "already running".
func (s *Service) view(row *zhixi.ScreeningSession, st *zhixi.Student) (*ScreeningView, error) {
	sess, err := s.resume(row)
	if err != nil {
		return nil, err
	}
	return s.render(row, st, sess)
}

func (s *Service) render(row *zhixi.ScreeningSession, st *zhixi.Student, sess *screening.Session) (*ScreeningView, error) {
	v := &ScreeningView{ID: row.ID, StudentID: st.ID, Subject: row.Subject, Status: row.Status, Version: row.Version,
		Questions: sess.Questions(), MaxQuestions: sess.Snapshot().Config.MaxQuestions, StartedAt: row.StartedAt}
	switch row.Status {
	case StatusActive:
		id, ok := sess.Next()
		if !ok {
			break
		}
		it, found := s.content.Item(id)
		if !found {
			return nil, fmt.Errorf("screening %d: item %s is not in the content", row.ID, id)
		}
		v.Question = question(it)
	case StatusFinished:
		v.Result = sess.Result()
		for i := range v.Result.KnowledgePoints {
			if kp, ok := s.content.KnowledgePoint(v.Result.KnowledgePoints[i].ID); ok {
				v.Result.KnowledgePoints[i].Name = kp.Name
			}
		}
		for i := range v.Result.RootCauses {
			if kp, ok := s.content.KnowledgePoint(v.Result.RootCauses[i].ID); ok {
				v.Result.RootCauses[i].Name = kp.Name
			}
		}
		at := row.FinishedAt
		v.FinishedAt = &at
	}
	return v, nil
}

func question(it *curriculum.Item) *Question {
	return &Question{ItemID: it.ID, Type: it.Type, Stem: it.Stem, Options: slices.Clone(it.Options), Image: it.Image}
}

// attempt judges a response to an item (a skip is "I don't know") and
// returns the attempt to store, tied to the item's current version.
func (s *Service) attempt(ctx context.Context, st *zhixi.Student, itemID, response string, skip bool) (*zhixi.Attempt, error) {
	it, ok := s.content.Item(itemID)
	if !ok {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.answer_refused", itemID)
	}
	att := &zhixi.Attempt{StudentID: st.ID, ItemID: itemID, KnowledgePoints: it.KnowledgePoints, At: s.now(), Skipped: skip}
	if !skip {
		if response == "" {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.answer_empty")
		}
		v, err := curriculum.Check(it, response)
		if err != nil {
			return nil, fmt.Errorf("check answer to %s: %w", itemID, err)
		}
		if v.Malformed {
			// Not an answer: nothing is recorded, the student answers again.
			return nil, &zhixi.Error{Code: zhixi.EINVALID, Key: "err.answer_malformed", Args: []any{v.Reason}, Err: fmt.Errorf("malformed answer to %s: %s", itemID, v.Code)}
		}
		att.Response, att.Correct = response, v.Correct
	}
	var err error
	if att.ItemVersion, err = s.store.ItemVersion(ctx, itemID); err != nil {
		return nil, fmt.Errorf("answer to %s: %w", itemID, err)
	}
	return att, nil
}
