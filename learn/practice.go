package learn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/locale"
	"github.com/zhixi-org/zhixi/practice"
	"github.com/zhixi-org/zhixi/screening"
)

// ModelBKT names the BKT parameters `zhixi kt fit` stores for practice.
const ModelBKT = "bkt"

// modelCheck is how often a server looks for newly fitted parameters.
const modelCheck = 5 * time.Minute

type practiceEngine struct {
	eng     *practice.Engine
	model   string    // the tracing model whose parameters it uses (Served)
	modelAt time.Time // when the parameters it uses were fitted (zero: defaults)
	calAt   time.Time // when the item calibration it uses was fitted (zero: none)
	checked time.Time
}

// PracticeView is what a tablet shows: the question to answer (never its
// answer), why it was chosen, and the progress so far, in counts (the
// points themselves are rows: Store.Mastery).
type PracticeView struct {
	StudentID int64  `json:"student_id"`
	Subject   string `json:"subject"`
	// Started is false until practice is started (a POST): reading the
	// practice never writes.
	Started  bool          `json:"started"`
	Version  int           `json:"version"`
	Question *Question     `json:"question,omitempty"`
	Kind     practice.Kind `json:"kind,omitempty"`
	// Reason is why the question was chosen: the engine's code and
	// arguments, and its text from the message catalogue.
	Reason     *practice.Reason `json:"reason,omitempty"`
	ReasonText string           `json:"reason_text,omitempty"`
	Point      string           `json:"knowledge_point,omitempty"`
	PointName  string           `json:"knowledge_point_name,omitempty"`
	Rest       string           `json:"rest,omitempty"` // why there is nothing to practise now
	Progress   Progress         `json:"progress"`
	Rule       string           `json:"rule"`
	// Step is what the answer just recorded did; StepNote says its
	// redirect or its call for the supervisor.
	Step     *practice.Step `json:"step,omitempty"`
	StepNote string         `json:"step_note,omitempty"`
	Replayed bool           `json:"replayed,omitempty"`
	// Teach is set when the question's point is taught first: its 解读
	// and worked example, read before the question ("我看懂了，开始练习":
	// PracticeRequest.Understood).
	Teach *Teaching `json:"teach,omitempty"`
	// RestCode says why there is nothing to practise now (a practice.Rest*
	// code, Rest in words) and Offers what the student can do instead
	// (PracticeRequest.Offer).
	RestCode string  `json:"rest_code,omitempty"`
	Offers   []Offer `json:"offers,omitempty"`
	// AboveGrade is the supervisor's choice to let this student practise
	// points above their grade before their own grade's are mastered.
	AboveGrade bool `json:"above_grade"`
	// Model is the tracing model practice serves in the subject ("bkt",
	// "bkt-forget", "zx-lr", …: the nightly choice, Served).
	Model string `json:"model,omitempty"`
}

// Teaching is what a student reads before the first item on a point.
type Teaching struct {
	Point       string                    `json:"knowledge_point"`
	Name        string                    `json:"name"`
	Explanation string                    `json:"explanation,omitempty"`
	Example     *curriculum.WorkedExample `json:"example,omitempty"`
}

// Offer is one way on from a rest: the next point on the learning path
// (practice.OfferNext) or an early review (practice.OfferReview).
type Offer struct {
	Kind      string `json:"kind"`
	Point     string `json:"knowledge_point"`
	PointName string `json:"knowledge_point_name"`
	Text      string `json:"text"`
}

// PracticeRequest is what a start-or-continue asks for besides the next
// question: Understood, the pending question's teaching has been read;
// Offer, one of the rest's offers (practice.OfferNext or OfferReview).
type PracticeRequest struct {
	Understood bool   `json:"understood,omitempty"`
	Offer      string `json:"offer,omitempty"`
}

// Progress counts a student's points and answers in a subject.
type Progress struct {
	Mastered   int       `json:"mastered"`
	Learning   int       `json:"learning"`
	Locked     int       `json:"locked"`
	DueReviews int       `json:"due_reviews"`
	NextReview time.Time `json:"next_review,omitzero"`
	Answered   int       `json:"answered"`
	Correct    int       `json:"correct"`
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
	served, choice, err := s.servedModel(ctx, subject)
	if err != nil {
		return nil, err
	}
	var hm practice.HistoryModel
	var at time.Time
	if logistic(served) {
		hm, at, err = s.historyModel(ctx, served, subject)
		if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
			// A choice made before winners' parameters were saved: the
			// better BKT variant serves until the next fit (ServedNow).
			served, hm = bktFallback(choice), nil
		} else if err != nil {
			return nil, err
		}
	}
	bktName := served
	if hm != nil {
		bktName = bktFallback(choice) // the engine's BKT side: priors of points new to a state
	}
	raw, bktAt, err := s.store.Model(ctx, bktName)
	if hm == nil {
		at = bktAt
	}
	var params func(string) kt.BKTParams
	switch {
	case err == nil:
		var m kt.BKTModel
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("stored %s model from %s: %w", served, at, err)
		}
		params = m.Params
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
		if hm == nil {
			at = time.Time{} // not fitted yet: the engine's defaults
		}
	default:
		return nil, err
	}
	cal, calAt, err := ItemCalibration(ctx, s.store)
	if err != nil {
		return nil, err
	}
	if pe != nil && pe.model == served && pe.modelAt.Equal(at) && pe.calAt.Equal(calAt) {
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
	eng, err := practice.New(g, calibrated(items, cal), nil, params, practice.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("practice engine for %s: %w", subject, err)
	}
	eng.SetGrades(s.content.Grade)
	eng.SetHistoryModel(hm)
	s.mu.Lock()
	s.practice[subject] = &practiceEngine{eng: eng, model: served, modelAt: at, calAt: calAt, checked: now}
	s.mu.Unlock()
	return eng, nil
}

// calibrated returns items with the slip and guess of the nightly item
// calibration where an item has one and the content does not set its own;
// items without (and items the calibration flags as a possible wrong key
// or ambiguous stem) keep the engine's defaults by item type.
func calibrated(items []curriculum.Item, cal map[string]kt.ItemParams) []curriculum.Item {
	if len(cal) == 0 {
		return items
	}
	out := slices.Clone(items)
	for i := range out {
		it := &out[i]
		p, ok := cal[it.ID]
		if !ok || p.Suspect || !(p.Slip > 0 && p.Slip < 1 && p.Guess > 0 && p.Guess < 1 && p.Slip+p.Guess < 1) {
			continue
		}
		if it.Slip == nil {
			it.Slip = &p.Slip
		}
		if it.Guess == nil {
			it.Guess = &p.Guess
		}
	}
	return out
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
	for i := range items {
		if strings.Contains(items[i].ID, "#") {
			s.instances[items[i].ID] = &items[i]
		}
	}
	return items, nil
}

// practiceState loads the student's stored state: this server's cached
// copy when it is at the stored version, else decoded. ENOTFOUND if
// practice never started. The caller owns the state until it keeps it.
//
// seen, if not 0, is the version the tablet saw. When this server keeps
// the state at that version nothing is read: saving the change checks the
// version, so if another server has stored a newer one since, the answer
// is refused as stale, as it would have been after the read.
func (s *Service) practiceState(ctx context.Context, st *zhixi.Student, subject string, seen int) (*zhixi.PracticeState, *practice.State, error) {
	key := stateKey{st.ID, subject}
	if seen != 0 && s.states.version(key) == seen {
		if k, ok := s.states.take(key, seen); ok {
			row := k.row
			return &row, k.ps, nil
		}
	}
	row, err := s.store.CachedPracticeState(ctx, st.ID, subject, s.states.version(key))
	if err != nil {
		return nil, nil, err
	}
	if k, ok := s.states.take(key, row.Version); ok {
		return row, k.ps, nil
	}
	if row.State == nil {
		// Another request took the cached state a moment ago: read it.
		if row, err = s.store.PracticeState(ctx, st.ID, subject); err != nil {
			return nil, nil, err
		}
	}
	var ps practice.State
	if practice.IsBinaryState(row.State) {
		err = ps.UnmarshalBinary(row.State)
	} else {
		err = json.Unmarshal(row.State, &ps) // stored before states were binary
	}
	if err != nil {
		return nil, nil, fmt.Errorf("practice state of student %d in %s: %w", st.ID, subject, err)
	}
	if !practice.HasPoints(row.State) {
		// The points are kept apart, each with its mastery row. Read
		// after the state: a row newer than it means a newer version,
		// and saving this one then fails on its version.
		if err := s.practicePoints(ctx, st.ID, subject, &ps); err != nil {
			return nil, nil, err
		}
	}
	if !practice.HasSeen(row.State) {
		// So are the seen items, each a row, read after the state too.
		items, err := s.store.SeenItems(ctx, st.ID, subject)
		if err != nil {
			return nil, nil, err
		}
		for _, it := range items {
			ps.Seen[it.ItemID] = practice.Seen{N: it.N, At: it.At}
		}
	}
	return row, &ps, nil
}

// practicePoints reads the points of a state stored as its head from
// their mastery rows.
func (s *Service) practicePoints(ctx context.Context, studentID int64, subject string, ps *practice.State) error {
	rows, err := s.store.Mastery(ctx, studentID, subject)
	if err != nil {
		return err
	}
	for _, m := range rows {
		if m.Detail == "" {
			continue // written before points were kept apart: its state carries it
		}
		pt, err := practice.UnmarshalPoint(m.Point, []byte(m.Detail))
		if err != nil {
			return fmt.Errorf("practice state of student %d in %s: %w", studentID, subject, err)
		}
		ps.Points[m.Point] = pt
	}
	return nil
}

func (s *Service) keepState(row *zhixi.PracticeState, ps *practice.State) {
	k := keptState{*row, ps}
	k.row.State = nil // ps is the decoded state
	s.states.put(stateKey{row.StudentID, row.Subject}, row.Version, k)
}

// keptState is what this server keeps of a practice state between
// requests: its row as stored at its version, and the state decoded.
type keptState struct {
	row zhixi.PracticeState
	ps  *practice.State
}

// screeningResult rebuilds the result of the student's latest finished
// screening of subject, and names it; practice follows its path.
func (s *Service) screeningResult(ctx context.Context, st *zhixi.Student, past []zhixi.ScreeningSession, subject string) (*screening.Result, int64, error) {
	for i := range past {
		if past[i].Subject == subject && past[i].Status == StatusFinished {
			sess, err := s.session(ctx, st, &past[i])
			if err != nil {
				return nil, 0, err
			}
			return sess.Result(), past[i].ID, nil
		}
	}
	return nil, 0, errScreeningFirst
}

// remark makes practice follow the learning path of a screening of the
// subject finished after the one its path came from (practice.Remark),
// recording which in row. It reports whether it changed ps.
func (s *Service) remark(ctx context.Context, eng *practice.Engine, st *zhixi.Student, subject string, row *zhixi.PracticeState, ps *practice.State) (bool, error) {
	past, err := s.store.Screenings(ctx, st.ID)
	if err != nil {
		return false, err
	}
	i := slices.IndexFunc(past, func(p zhixi.ScreeningSession) bool { return p.Subject == subject && p.Status == StatusFinished })
	if i < 0 || past[i].ID == row.PathScreening || (row.PathScreening == 0 && !past[i].FinishedAt.After(row.UpdatedAt)) {
		// the path is the latest screening's, or (a state stored before
		// the path's screening was recorded) no screening finished since
		return false, nil
	}
	res, from, err := s.screeningResult(ctx, st, past[i:], subject)
	if err != nil {
		return false, err
	}
	if err := eng.Remark(ps, res, s.now()); err != nil {
		return false, err
	}
	row.PathScreening = from
	return true, nil
}

// errScreeningFirst: practice starts from a finished screening.
var errScreeningFirst = zhixi.Errorf(zhixi.ECONFLICT, "err.screening_first")

// Practice returns the student's practice in subject as it stands: the
// pending question, or why there is none. It writes nothing but its audit
// row; practice not started yet shows as Started false.
func (s *Service) Practice(ctx context.Context, actor *zhixi.User, studentID int64, subject string) (*PracticeView, error) {
	st, err := s.runnableStudent(ctx, actor, studentID)
	if err != nil {
		return nil, err
	}
	eng, err := s.engine(ctx, subject)
	if err != nil {
		return nil, err
	}
	v := &PracticeView{StudentID: st.ID, Subject: subject, Rule: rule(eng.Config())}
	row, ps, err := s.practiceState(ctx, st, subject, 0)
	switch {
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
	case err != nil:
		return nil, err
	default:
		defer s.keepState(row, ps)
		v.Started, v.Version = true, row.Version
		if err := s.practiceView(v, eng, ps, nil); err != nil {
			return nil, err
		}
	}
	if err := s.auditRead(ctx, actor, "practice", st.ID, st.ID, subject); err != nil {
		return nil, err
	}
	return v, nil
}

// StartPractice starts (or continues) practice in subject: a first start
// begins from the student's finished screening and writes a mastery row
// per point; then, unless a question is already pending, the engine
// chooses the next one, which is stored so that every tablet and server
// shows the same question. One transaction, audited.
func (s *Service) StartPractice(ctx context.Context, actor *zhixi.User, studentID int64, subject string) (*PracticeView, error) {
	return s.ContinuePractice(ctx, actor, studentID, subject, PracticeRequest{})
}

// ContinuePractice is StartPractice with a request: req.Understood marks
// the pending question's teaching as read (the question itself comes
// next); req.Offer, when no question is pending, takes one of the rest's
// offers (the next point on the learning path, or an early review).
// EINVALID err.no_teaching_pending, err.offer_invalid or
// err.nothing_to_offer when the request does not fit the practice as it
// stands.
func (s *Service) ContinuePractice(ctx context.Context, actor *zhixi.User, studentID int64, subject string, req PracticeRequest) (*PracticeView, error) {
	switch req.Offer {
	case "", practice.OfferNext, practice.OfferReview:
	default:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.offer_invalid")
	}
	st, err := s.runnableStudent(ctx, actor, studentID)
	if err != nil {
		return nil, err
	}
	eng, err := s.engine(ctx, subject)
	if err != nil {
		return nil, err
	}
	v, err := s.startPractice(ctx, actor, eng, st, subject, req)
	if zhixi.ErrorCode(err) == zhixi.ECONFLICT && !errors.Is(err, errScreeningFirst) {
		// Another tablet started at the same moment: show its choice.
		return s.startPractice(ctx, actor, eng, st, subject, PracticeRequest{})
	}
	return v, err
}

func (s *Service) startPractice(ctx context.Context, actor *zhixi.User, eng *practice.Engine, st *zhixi.Student, subject string, req PracticeRequest) (*PracticeView, error) {
	change := &zhixi.PracticeChange{}
	var sum *practice.Summary // the progress, when choosing gave it
	remarked := false
	row, ps, err := s.practiceState(ctx, st, subject, 0)
	switch {
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
		past, err := s.store.Screenings(ctx, st.ID)
		if err != nil {
			return nil, err
		}
		res, from, err := s.screeningResult(ctx, st, past, subject)
		if err != nil {
			return nil, err
		}
		if ps, err = eng.StartScreening(res, s.now()); err != nil {
			return nil, err
		}
		if _, err := s.ensureHistory(ctx, eng, st.ID, subject, ps); err != nil { // the screening's answers
			return nil, err
		}
		row = &zhixi.PracticeState{StudentID: st.ID, Subject: subject, PathScreening: from}
	case err != nil:
		return nil, err
	default:
		if change.Mastery, err = s.ensureHistory(ctx, eng, st.ID, subject, ps); err != nil {
			return nil, err
		}
		if remarked, err = s.remark(ctx, eng, st, subject, row, ps); err != nil {
			return nil, err
		}
		// Re-opened points change their mastery rows: Remark marks the
		// points changed, and savePractice writes them.
	}
	v := &PracticeView{StudentID: st.ID, Subject: subject, Started: true, Version: row.Version, Rule: rule(eng.Config())}
	detail := subject
	switch {
	case ps.Pending != nil && req.Understood:
		if !ps.Pending.Teach {
			s.keepState(row, ps)
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.no_teaching_pending")
		}
		if err := eng.Understood(ps); err != nil {
			return nil, err
		}
		detail = "understood " + ps.Pending.KP
	case ps.Pending != nil && len(change.Mastery) > 0:
		// The served model's history was just rebuilt: store it (and the
		// points' new estimates); the pending question stays. (A re-marked
		// path has no pending question: Remark drops it.)
		detail = "history " + eng.Model()
	case ps.Pending != nil:
		defer s.keepState(row, ps)
		if err := s.auditRead(ctx, actor, "practice", st.ID, st.ID, subject); err != nil {
			return nil, err
		}
		return v, s.practiceView(v, eng, ps, nil)
	case req.Offer != "" && row.Version > 0:
		ps.Grade = st.Grade
		r := rand.New(rand.NewPCG(uint64(row.StudentID), uint64(row.Version)))
		c, err := eng.Offer(ps, s.now(), r, req.Offer)
		if errors.Is(err, practice.ErrNothingToPractise) {
			s.keepState(row, ps)
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.nothing_to_offer")
		}
		if err != nil {
			return nil, err
		}
		detail = "offer " + req.Offer + " " + c.KP
	default:
		ps.Grade = st.Grade
		if sum, err = s.choose(eng, row, ps); err != nil {
			return nil, err
		}
	}
	if remarked {
		detail += fmt.Sprintf(" path from screening %d", row.PathScreening)
	}
	action := zhixi.AuditUpdate
	if row.Version == 0 {
		action = zhixi.AuditCreate
	}
	change.State, change.Audit = row, s.audit(ctx, actor, action, "practice", st.ID, st.ID, detail)
	if err := s.savePractice(ctx, change, ps); err != nil {
		return nil, err
	}
	v.Version = row.Version
	s.keepState(row, ps)
	return v, s.practiceView(v, eng, ps, sum)
}

// choose asks the engine for the next question (seeded by student and
// version: reproducible, and new each step) and the progress it leaves,
// for practiceView; nothing to practise now is not an error but a rest.
func (s *Service) choose(eng *practice.Engine, row *zhixi.PracticeState, ps *practice.State) (*practice.Summary, error) {
	r := rand.New(rand.NewPCG(uint64(row.StudentID), uint64(row.Version)))
	_, sum, err := eng.NextProgress(ps, s.now(), r)
	if errors.Is(err, practice.ErrNothingToPractise) {
		return &sum, nil // practiceView says why and what to do instead
	}
	if err != nil {
		return nil, err
	}
	return &sum, nil
}

// savePractice writes the change with ps: its head as the state, and a
// mastery row (with the engine's record of the point) for every point
// that changed since it was last stored, in place of any rows c had. A
// first save writes every point; then an answer writes the one or two it
// moved, not the whole subject.
func (s *Service) savePractice(ctx context.Context, c *zhixi.PracticeChange, ps *practice.State) error {
	raw, err := ps.MarshalHead()
	if err != nil {
		return err
	}
	c.State.State, c.State.UpdatedAt = raw, s.now()
	c.Mastery = c.Mastery[:0] // the changed points' rows, as they are now
	for _, id := range ps.Changed() {
		c.Mastery = append(c.Mastery, masteryRow(c.State.StudentID, c.State.Subject, id, ps.Points[id]))
	}
	c.Seen = c.Seen[:0] // and the changed seen items
	for _, id := range ps.SeenChanged() {
		sn := ps.Seen[id]
		c.Seen = append(c.Seen, zhixi.SeenItem{StudentID: c.State.StudentID, Subject: c.State.Subject, ItemID: id, N: sn.N, At: sn.At})
	}
	if err := s.store.SavePractice(ctx, c); err != nil {
		return err
	}
	ps.Stored()
	return nil
}

// PracticeAnswer checks and records the answer to the pending question
// and chooses the next one. The state, the answer, the rows of the points
// it moved, the engine's attention events and the audit row are written
// in one transaction. in.Version, if not 0, must be the one the tablet
// saw; either way two answers racing on one state cannot both be stored.
// An answer whose in.ID is already recorded returns its stored step.
//
// An actor read at an access epoch (zhixi.User.AccessEpoch) may come with
// a session and student an earlier request read: the write commits only
// at that epoch, and a reply given without writing (a refusal, a stored
// answer) first confirms the epoch.
func (s *Service) PracticeAnswer(ctx context.Context, actor *zhixi.User, studentID int64, subject string, in AnswerInput) (*PracticeView, error) {
	var (
		st  *zhixi.Student
		eng *practice.Engine
	)
	err := in.check()
	if err == nil {
		st, err = s.runnableStudent(ctx, actor, studentID)
	}
	if err == nil {
		eng, err = s.engine(ctx, subject)
	}
	var v *PracticeView
	if err == nil {
		v, err = s.practiceAnswer(ctx, actor, eng, st, subject, in)
	}
	if err == nil || zhixi.IsAccessChanged(err) {
		return v, err
	}
	// Refused without a write: confirm what may be an earlier read.
	if err := s.confirmAccess(ctx, actor); err != nil {
		return nil, err
	}
	if code := zhixi.ErrorCode(err); eng != nil && in.ID != "" && (code == zhixi.ECONFLICT || code == zhixi.EINVALID) {
		// The answer itself was refused (eng is set only then). A retry
		// finds the state moved on by its own first try (or racing it):
		// the stored answer, if there is one, is the reply.
		if rv, rerr := s.replayPractice(ctx, actor, eng, st, subject, in.ID); rv != nil || rerr != nil {
			return rv, rerr
		}
	}
	return nil, err
}

// confirmAccess confirms the access epoch actor was read at, if any.
func (s *Service) confirmAccess(ctx context.Context, actor *zhixi.User) error {
	r, ok := s.store.(zhixi.AccessAtEpochReader)
	if !ok || actor.AccessEpoch == 0 {
		return nil
	}
	return r.ConfirmAccess(ctx, actor.AccessEpoch)
}

func (s *Service) practiceAnswer(ctx context.Context, actor *zhixi.User, eng *practice.Engine, st *zhixi.Student, subject string, in AnswerInput) (*PracticeView, error) {
	row, ps, err := s.practiceState(ctx, st, subject, in.Version)
	if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.practice_not_started")
	}
	if err != nil {
		return nil, err
	}
	if in.Version != 0 && in.Version != row.Version {
		s.keepState(row, ps)
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.version_conflict")
	}
	if ps.Pending == nil || ps.Pending.ItemID != in.Item {
		s.keepState(row, ps)
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.answer_refused", in.Item)
	}
	att, err := s.attempt(ctx, st, in)
	if err != nil {
		s.keepState(row, ps)
		return nil, err
	}
	att.Source = "practice"
	// From here on ps changes: it is kept only once stored.
	// A rebuilt history moves points: they are among ps.Changed, which
	// savePractice writes.
	if _, err := s.ensureHistory(ctx, eng, st.ID, subject, ps); err != nil {
		return nil, err
	}
	step, err := eng.Record(ps, in.Item, att.Correct, s.now())
	if err != nil {
		return nil, err
	}
	if att.Result, err = json.Marshal(step); err != nil {
		return nil, err
	}
	v := &PracticeView{StudentID: st.ID, Subject: subject, Started: true, Rule: rule(eng.Config()), Step: &step,
		StepNote: s.stepNote(&step)}
	ps.Grade = st.Grade
	sum, err := s.choose(eng, row, ps)
	if err != nil {
		return nil, err
	}
	change := &zhixi.PracticeChange{State: row, Attempt: att, AccessEpoch: actor.AccessEpoch,
		Audit: s.audit(ctx, actor, zhixi.AuditUpdate, "practice", st.ID, st.ID, "answer "+in.Item)}
	if ev := attentionEvent(&step); ev != nil {
		change.Events = append(change.Events, *ev)
	}
	if err := s.savePractice(ctx, change, ps); err != nil {
		return nil, err
	}
	v.Version = row.Version
	s.keepState(row, ps)
	return v, s.practiceView(v, eng, ps, sum)
}

// replayPractice returns the stored step of an answer already recorded
// under answerID with the practice as it stands, nil when there is none.
func (s *Service) replayPractice(ctx context.Context, actor *zhixi.User, eng *practice.Engine, st *zhixi.Student, subject, answerID string) (*PracticeView, error) {
	if answerID == "" {
		return nil, nil
	}
	att, err := s.store.AttemptByAnswerID(ctx, st.ID, answerID)
	switch {
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	case att.Source != "practice":
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.answer_duplicate")
	}
	var step practice.Step
	if err := json.Unmarshal(att.Result, &step); err != nil {
		return nil, fmt.Errorf("stored step of answer %d: %w", att.ID, err)
	}
	row, ps, err := s.practiceState(ctx, st, subject, 0)
	if err != nil {
		return nil, err
	}
	defer s.keepState(row, ps)
	if err := s.auditRead(ctx, actor, "practice", st.ID, st.ID, "retry "+answerID); err != nil {
		return nil, err
	}
	v := &PracticeView{StudentID: st.ID, Subject: subject, Started: true, Version: row.Version, Rule: rule(eng.Config()),
		Step: &step, StepNote: s.stepNote(&step), Replayed: true}
	return v, s.practiceView(v, eng, ps, nil)
}

// masteryRow is a point's state as the row the board reads, with the
// engine's whole record of the point.
func masteryRow(studentID int64, subject, id string, pt *practice.Point) zhixi.Mastery {
	m := zhixi.Mastery{StudentID: studentID, Subject: subject, Point: id, PKnown: pt.P, State: zhixi.MasteryLearning,
		Answers: pt.Answers, Correct: pt.Right, UpdatedAt: pt.At, Detail: string(practice.MarshalPoint(pt))}
	if pt.Mastered {
		m.State, m.ReviewDue = zhixi.MasteryMastered, pt.Due
	}
	return m
}

// attentionEvent is the row of what the step asks a supervisor to see: a
// redirect to a prerequisite, or a call to explain.
func attentionEvent(step *practice.Step) *zhixi.AttentionEvent {
	switch {
	case step.Attention != nil:
		a := step.Attention
		return &zhixi.AttentionEvent{Code: a.Code, Point: a.Point, Wrong: a.Wrong, Of: a.Of}
	case step.Redirect != nil:
		r := step.Redirect.Reason
		return &zhixi.AttentionEvent{Code: r.Code, Point: r.From, Prerequisite: r.Point, Wrong: r.Wrong, Of: r.Of}
	}
	return nil
}

// practiceView fills v from ps, with sum as its progress (nil:
// computed here).
func (s *Service) practiceView(v *PracticeView, eng *practice.Engine, ps *practice.State, sum *practice.Summary) error {
	v.Model = s.servedName(eng)
	if sum == nil {
		p, err := eng.Progress(ps, s.now())
		if err != nil {
			return err
		}
		sum = &p
	}
	v.Progress = Progress{Mastered: sum.Mastered, Learning: sum.Learning, Locked: sum.Locked, DueReviews: sum.DueReviews,
		NextReview: sum.NextReview, Answered: sum.Answered, Correct: sum.Correct}
	v.AboveGrade = ps.AboveGrade
	if ps.Pending == nil && v.Started {
		if err := s.restView(v, eng, ps); err != nil {
			return err
		}
	}
	if c := ps.Pending; c != nil && c.Teach {
		if kp, ok := s.content.KnowledgePoint(c.KP); ok {
			v.Teach = &Teaching{Point: kp.ID, Name: kp.Name, Explanation: kp.Explanation, Example: kp.Example}
		}
	}
	if c := ps.Pending; c != nil {
		it, ok := s.item(c.ItemID)
		if !ok {
			return fmt.Errorf("practice: item %s is not in the content", c.ItemID)
		}
		v.Question = question(it)
		reason := c.Reason
		v.Kind, v.Reason, v.ReasonText, v.Point = c.Kind, &reason, s.reasonText(c.Reason), c.KP
		v.PointName = s.pointName(c.KP)
	}
	return nil
}

// restView says why there is nothing to practise now and what the student
// can do instead: never a dead end.
func (s *Service) restView(v *PracticeView, eng *practice.Engine, ps *practice.State) error {
	rest, err := eng.Rest(ps, s.now())
	if err != nil {
		return err
	}
	cfg := eng.Config()
	v.RestCode = rest.Code
	switch rest.Code {
	case practice.RestAllMastered:
		v.Rest = locale.Text("practice."+rest.Code, rest.NextReview.In(beijing).Format("1月2日 15:04"))
	case practice.RestRecent:
		v.Rest = locale.Text("practice."+rest.Code, cfg.MinGapItems, locale.Span(cfg.MinGapTime))
	default:
		v.Rest = locale.Text("practice." + rest.Code)
	}
	if rest.Next != "" {
		name := s.pointName(rest.Next)
		v.Offers = append(v.Offers, Offer{Kind: practice.OfferNext, Point: rest.Next, PointName: name, Text: locale.Text("practice.offer_next", name)})
	}
	if rest.Review != "" {
		name := s.pointName(rest.Review)
		v.Offers = append(v.Offers, Offer{Kind: practice.OfferReview, Point: rest.Review, PointName: name, Text: locale.Text("practice.offer_review", name)})
	}
	return nil
}
