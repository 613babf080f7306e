package learn

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

// Screening statuses as stored.
const (
	StatusActive    = "active"
	StatusFinished  = "finished"
	StatusAbandoned = "abandoned"
)

// ScreeningView is a screening as a client shows it.
type ScreeningView struct {
	ID           int64             `json:"id"`
	StudentID    int64             `json:"student_id"`
	Subject      string            `json:"subject"`
	Status       string            `json:"status"`
	Version      int               `json:"version"`
	Questions    int               `json:"questions"`
	MaxQuestions int               `json:"max_questions"`
	MinAnswers   int               `json:"min_answers"`
	Question     *Question         `json:"question,omitempty"`
	Result       *screening.Result `json:"result,omitempty"`
	StartedAt    time.Time         `json:"started_at"`
	FinishedAt   *time.Time        `json:"finished_at,omitempty"`
	// Paused is set by a stop before MinAnswers answers: the screening
	// stays open and keeps the free entitlement.
	Paused bool `json:"paused,omitempty"`
	// Replayed is set when the answer was already recorded under its id
	// and the stored session is returned.
	Replayed bool `json:"replayed,omitempty"`
}

// scopeBank is a compiled scope with the calibration it was built on.
type scopeBank struct {
	b     *screening.Bank
	calAt time.Time
}

// calState is the item calibration (kt.Calibration, fitted nightly) the
// screening scopes use, looked up at most every modelCheck.
type calState struct {
	mu      sync.Mutex
	at      time.Time // the fit it comes from (zero: none yet)
	checked time.Time
	m       map[string]screening.Calibrated
}

// refreshCalibration picks up a newer item calibration; scopes built on an
// older one are rebuilt on their next use. Running screenings replay their
// answers under the new parameters (screening.Restore), finished ones keep
// their result.
func (s *Service) refreshCalibration(ctx context.Context) error {
	now := s.now()
	s.cal.mu.Lock()
	fresh := !s.cal.checked.IsZero() && now.Sub(s.cal.checked) < modelCheck
	s.cal.mu.Unlock()
	if fresh {
		return nil
	}
	params, at, err := ItemCalibration(ctx, s.store)
	if err != nil {
		return fmt.Errorf("item calibration: %w", err)
	}
	m := make(map[string]screening.Calibrated, len(params))
	for id, p := range params {
		m[id] = screening.Calibrated{Slip: p.Slip, Guess: p.Guess, Answers: p.Answers, Suspect: p.Suspect}
	}
	s.cal.mu.Lock()
	defer s.cal.mu.Unlock()
	s.cal.checked = now
	if !at.Equal(s.cal.at) || s.cal.m == nil {
		s.cal.at, s.cal.m = at, m
	}
	return nil
}

// scope compiles (once per calibration) the screening scope of a subject
// for a grade: all its points up to that grade, with the items' calibrated
// slip and guess where the nightly fit has them.
func (s *Service) scope(subject string, grade int) (*screening.Bank, error) {
	items, err := s.subjectItems(subject)
	if err != nil {
		return nil, err
	}
	s.cal.mu.Lock()
	cal, calAt := s.cal.m, s.cal.at
	s.cal.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	key := scopeKey{subject, grade}
	if sb, ok := s.scopes[key]; ok && sb.calAt.Equal(calAt) {
		return sb.b, nil
	}
	g, err := s.content.Graph(subject)
	if err != nil {
		return nil, fmt.Errorf("screening scope %s: %w", subject, err)
	}
	// A point's grade may come from its chapter (语文 gives it there), which
	// the graph's nodes do not carry: ask the content, as Covers does.
	var ids []string
	for k := range g.Len() {
		if gr := s.content.Grade(g.Node(k).ID); gr >= 1 && gr <= grade {
			ids = append(ids, g.Node(k).ID)
		}
	}
	if len(ids) == 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.empty_scope", subject, grade)
	}
	b, err := screening.NewBankWith(g, items, ids, screening.BankOptions{Calibration: cal})
	if err != nil {
		return nil, fmt.Errorf("screening scope %s up to grade %d: %w", subject, grade, err)
	}
	s.scopes[key] = scopeBank{b, calAt}
	return b, nil
}

// session returns the engine of a stored screening: this server's cached
// one if it is at the row's version, else decoded from the row's state and
// the answers logged since it (at most screening.CheckpointEvery-1), in
// time independent of the number of answers. Sessions stored before states
// were binary replay their answers once. The caller owns the session
// until it puts it back with keep.
func (s *Service) session(ctx context.Context, st *zhixi.Student, row *zhixi.ScreeningSession) (*screening.Session, error) {
	if sess, ok := s.sessions.take(row.ID, row.Version); ok {
		return sess, nil
	}
	if row.State == nil {
		// The row was read without its state, which this server had
		// cached, but another request took it a moment ago: read it.
		full, err := s.store.ScreeningSession(ctx, row.ID)
		if err != nil {
			return nil, err
		}
		if full.Version != row.Version {
			return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.version_conflict")
		}
		row.State, row.Log = full.State, full.Log
	}
	grade := st.Grade
	var snap screening.Snapshot
	legacy := !screening.IsBinaryState(row.State)
	if legacy {
		if err := json.Unmarshal(row.State, &snap); err != nil {
			return nil, fmt.Errorf("screening %d: stored state: %w", row.ID, err)
		}
		grade = snap.Config.StudentGrade
	}
	b, err := s.scope(row.Subject, grade)
	if err != nil {
		return nil, err
	}
	var sess *screening.Session
	if legacy {
		sess, err = screening.Resume(b, snap, nil)
	} else {
		sess, err = screening.RestoreLog(b, row.State, row.Log, nil)
	}
	if err != nil {
		return nil, zhixi.WrapError(zhixi.ECONFLICT, "err.screening_stale", err)
	}
	return sess, nil
}

// keep puts a session back for the next request, at the row's version.
func (s *Service) keep(row *zhixi.ScreeningSession, sess *screening.Session) {
	s.sessions.put(row.ID, row.Version, sess)
}

// StartScreening begins the student's free screening in subject, or
// returns the one already under way. It needs guardian consent, an
// eligible grade and a room serving the student's community (where staff
// registered the child); a finished screening is not repeated. Simultaneous
// starts create one session: the database's unique index on the
// entitlement refuses the others, which then return that one.
func (s *Service) StartScreening(ctx context.Context, actor *zhixi.User, studentID int64, subject string) (*ScreeningView, error) {
	st, err := s.runnableStudent(ctx, actor, studentID)
	if err != nil {
		return nil, err
	}
	p := s.Policy.withDefaults()
	if st.Grade < p.MinGrade || st.Grade > p.MaxGrade {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.screening_not_eligible", p.MinGrade, p.MaxGrade, st.Grade)
	}
	if v, err := s.heldScreening(ctx, actor, st, subject); v != nil || err != nil {
		return v, err
	}
	if rooms, err := s.store.Rooms(ctx, st.CommunityID); err != nil {
		return nil, fmt.Errorf("rooms serving community %d: %w", st.CommunityID, err)
	} else if len(rooms) == 0 {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.screening_no_room")
	}
	if err := s.refreshCalibration(ctx); err != nil {
		return nil, err
	}
	b, err := s.scope(subject, st.Grade)
	if err != nil {
		return nil, err
	}
	sess, err := screening.NewSession(b, screening.Config{
		StudentGrade: st.Grade, Seed: uint64(s.now().UnixNano()), MaxQuestions: p.MaxQuestions,
	})
	if err != nil {
		return nil, err
	}
	sess.Next()
	row := &zhixi.ScreeningSession{StudentID: st.ID, Subject: subject, Entitlement: p.entitlement(subject),
		Status: StatusActive, StartedAt: s.now()}
	if row.State, row.Log, err = sess.Save(); err != nil {
		return nil, err
	}
	err = s.store.CreateScreening(ctx, row, s.audit(ctx, actor, zhixi.AuditCreate, "screening", 0, st.ID, subject))
	if zhixi.ErrorCode(err) == zhixi.ECONFLICT {
		// Another start won the entitlement a moment ago.
		if v, herr := s.heldScreening(ctx, actor, st, subject); v != nil || herr != nil {
			return v, herr
		}
	}
	if err != nil {
		return nil, err
	}
	v, err := s.render(row, st, sess)
	s.keep(row, sess)
	return v, err
}

// heldScreening returns the session holding the student's entitlement for
// subject when it is under way (audited as a read), ECONFLICT when it is
// used up, and nil when the entitlement is free.
func (s *Service) heldScreening(ctx context.Context, actor *zhixi.User, st *zhixi.Student, subject string) (*ScreeningView, error) {
	past, err := s.store.Screenings(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	key := s.Policy.withDefaults().entitlement(subject)
	for i := range past {
		row := &past[i]
		switch {
		case row.Entitlement != key || row.Status == StatusAbandoned:
		case row.Subject != subject:
			return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.screening_other_subject", cmp.Or(curriculum.Subjects[row.Subject], row.Subject), row.ID)
		case row.Status == StatusFinished:
			return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.screening_done", row.ID)
		default:
			return s.view(ctx, actor, row, st, "resume")
		}
	}
	return nil, nil
}

// load fetches a screening the actor may see.
func (s *Service) load(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.ScreeningSession, *zhixi.Student, []int64, error) {
	if r, ok := s.store.(zhixi.ScreeningStudentReader); ok {
		// One round trip instead of two.
		row, st, gids, err := r.CachedScreeningAndStudent(ctx, id, s.sessions.version(id))
		if err != nil {
			return nil, nil, nil, err
		}
		if !zhixi.CanSeeStudent(actor, st, gids) {
			return nil, nil, nil, zhixi.Hidden()
		}
		return row, st, gids, nil
	}
	row, err := s.store.CachedScreeningSession(ctx, id, s.sessions.version(id))
	if err != nil {
		return nil, nil, nil, err
	}
	st, gids, err := zhixi.VisibleStudent(ctx, s.store, actor, row.StudentID)
	if err != nil {
		return nil, nil, nil, err
	}
	return row, st, gids, nil
}

// open decodes a loaded screening. A session whose content changed since
// it started cannot be resumed; it is marked abandoned, which frees the
// entitlement so the student can start again.
func (s *Service) open(ctx context.Context, actor *zhixi.User, row *zhixi.ScreeningSession, st *zhixi.Student) (*screening.Session, error) {
	if err := s.refreshCalibration(ctx); err != nil {
		return nil, err
	}
	sess, err := s.session(ctx, st, row)
	if key, _ := zhixi.ErrorKey(err); key != "err.screening_stale" || row.Status != StatusActive {
		return sess, err
	}
	row.Status, row.UpdatedAt = StatusAbandoned, s.now()
	e := s.audit(ctx, actor, zhixi.AuditUpdate, "screening", row.ID, st.ID, StatusAbandoned)
	if uerr := s.store.SaveScreening(ctx, row, nil, e); uerr != nil {
		return nil, errors.Join(err, uerr)
	}
	return nil, err
}

// Screening returns a screening's current question or result.
func (s *Service) Screening(ctx context.Context, actor *zhixi.User, id int64) (*ScreeningView, error) {
	row, st, _, err := s.load(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, actor, row, st, row.Status)
}

// view renders a stored screening, audited as a read.
func (s *Service) view(ctx context.Context, actor *zhixi.User, row *zhixi.ScreeningSession, st *zhixi.Student, detail string) (*ScreeningView, error) {
	sess, err := s.open(ctx, actor, row, st)
	if err != nil {
		return nil, err
	}
	defer s.keep(row, sess)
	if err := s.auditRead(ctx, actor, "screening", row.ID, st.ID, detail); err != nil {
		return nil, err
	}
	return s.render(row, st, sess)
}

// Answer records the student's answer to the pending question and moves
// on, writing the session, the answer and the audit row in one
// transaction. in.Version, if not 0, must be the version the client saw,
// so two tablets answering at once cannot both count: the second gets a
// conflict. An answer whose in.ID is already recorded returns the session
// as stored, not a second answer.
func (s *Service) Answer(ctx context.Context, actor *zhixi.User, id int64, in AnswerInput) (*ScreeningView, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	row, st, gids, err := s.load(ctx, actor, id)
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
	if err := s.guard(ctx, actor); err != nil {
		return nil, err
	}
	v, err := s.answer(ctx, actor, row, st, in)
	if code := zhixi.ErrorCode(err); in.ID != "" && (code == zhixi.ECONFLICT || code == zhixi.EINVALID) {
		// A retry finds the session moved on by its own first try (or
		// racing it): the stored answer, if there is one, is the reply.
		if rv, rerr := s.replayScreening(ctx, actor, row, st, in.ID); rv != nil || rerr != nil {
			return rv, rerr
		}
	}
	return v, err
}

func (s *Service) answer(ctx context.Context, actor *zhixi.User, row *zhixi.ScreeningSession, st *zhixi.Student, in AnswerInput) (*ScreeningView, error) {
	if row.Status != StatusActive {
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.screening_over")
	}
	if in.Version != 0 && in.Version != row.Version {
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.version_conflict")
	}
	att, err := s.attempt(ctx, st, in)
	if err != nil {
		return nil, err
	}
	att.Source, att.SessionID = "screening", row.ID
	sess, err := s.open(ctx, actor, row, st)
	if err != nil {
		return nil, err
	}
	outcome := screening.Incorrect
	switch {
	case in.Skip:
		outcome = screening.Skip
	case att.Correct:
		outcome = screening.Correct
	}
	if err := sess.Answer(in.Item, outcome); err != nil {
		s.keep(row, sess) // refused: unchanged
		var ae *screening.AnswerError
		if errors.As(err, &ae) {
			return nil, &zhixi.Error{Code: zhixi.EINVALID, Key: "err.answer_refused", Args: []any{in.Item}, Err: err}
		}
		return nil, err
	}
	if err := s.advance(row, sess); err != nil {
		return nil, err
	}
	e := s.audit(ctx, actor, zhixi.AuditUpdate, "screening", row.ID, st.ID, "answer "+in.Item)
	if err := s.store.SaveScreening(ctx, row, att, e); err != nil {
		return nil, err
	}
	v, err := s.render(row, st, sess)
	s.keep(row, sess)
	return v, err
}

// replayScreening returns the session as stored when answerID was already
// recorded in it, nil when it was not; an id used for another answer is a
// conflict.
func (s *Service) replayScreening(ctx context.Context, actor *zhixi.User, row *zhixi.ScreeningSession, st *zhixi.Student, answerID string) (*ScreeningView, error) {
	if answerID == "" {
		return nil, nil
	}
	att, err := s.store.AttemptByAnswerID(ctx, st.ID, answerID)
	switch {
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	case att.Source != "screening" || att.SessionID != row.ID:
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.answer_duplicate")
	}
	// The row may have been read before the answer committed.
	if row, err = s.store.ScreeningSession(ctx, row.ID); err != nil {
		return nil, err
	}
	v, err := s.view(ctx, actor, row, st, "retry "+answerID)
	if v != nil {
		v.Replayed = true
	}
	return v, err
}

// Stop ends a screening at the student's request (after "结束筛查" is
// confirmed); the result keeps its honest uncertainty. A screening with
// fewer than Policy.MinAnswers answers is only paused: it stays open,
// keeps the free entitlement and can be resumed.
func (s *Service) Stop(ctx context.Context, actor *zhixi.User, id int64) (*ScreeningView, error) {
	row, st, gids, err := s.load(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !canRun(actor, st, gids) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if row.Status != StatusActive {
		return s.view(ctx, actor, row, st, row.Status)
	}
	sess, err := s.open(ctx, actor, row, st)
	if err != nil {
		return nil, err
	}
	if sess.Questions() < s.Policy.withDefaults().MinAnswers {
		s.keep(row, sess)
		if err := s.auditRead(ctx, actor, "screening", row.ID, st.ID, "pause"); err != nil {
			return nil, err
		}
		v, err := s.render(row, st, sess)
		if v != nil {
			v.Paused = true
		}
		return v, err
	}
	sess.Stop()
	if err := s.advance(row, sess); err != nil {
		return nil, err
	}
	e := s.audit(ctx, actor, zhixi.AuditUpdate, "screening", row.ID, st.ID, "stop")
	if err := s.store.SaveScreening(ctx, row, nil, e); err != nil {
		return nil, err
	}
	v, err := s.render(row, st, sess)
	s.keep(row, sess)
	return v, err
}

// advance asks for the next question (which may end the screening) and
// puts the session's state and status into row.
func (s *Service) advance(row *zhixi.ScreeningSession, sess *screening.Session) error {
	now := s.now()
	if _, more := sess.Next(); !more {
		row.Status, row.FinishedAt = StatusFinished, now
	}
	// The whole state only every few answers (nil keeps the stored one),
	// else the answers since it.
	state, log, err := sess.Save()
	if err != nil {
		return err
	}
	row.State, row.Log, row.UpdatedAt = state, log, now
	return nil
}

func (s *Service) render(row *zhixi.ScreeningSession, st *zhixi.Student, sess *screening.Session) (*ScreeningView, error) {
	v := &ScreeningView{ID: row.ID, StudentID: st.ID, Subject: row.Subject, Status: row.Status, Version: row.Version,
		Questions: sess.Questions(), MaxQuestions: sess.MaxQuestions(), MinAnswers: s.Policy.withDefaults().MinAnswers,
		StartedAt: row.StartedAt}
	switch row.Status {
	case StatusActive:
		id, ok := sess.Pending() // advance chose it before the session was stored
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
			v.Result.KnowledgePoints[i].Name = s.pointName(v.Result.KnowledgePoints[i].ID)
		}
		for i := range v.Result.RootCauses {
			v.Result.RootCauses[i].Name = s.pointName(v.Result.RootCauses[i].ID)
		}
		at := row.FinishedAt
		v.FinishedAt = &at
	}
	return v, nil
}
