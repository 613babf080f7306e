// Package learn holds the learning actions: start, answer and stop a
// screening, start and answer practice. Each action checks access, runs
// the engine and writes everything it changes (session or state, the
// answer, mastery rows, attention events and the audit row) in one
// transaction; the page and API handlers only decode input and show the
// result.
package learn

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

// Store is what the learning actions need from storage.
type Store interface {
	zhixi.StudentService
	zhixi.AuditService
	zhixi.AttemptService
	zhixi.ScreeningStore
	zhixi.PracticeStore
	zhixi.ModelService
	ItemVersion(ctx context.Context, itemID string) (int, error)
	ItemVersions(ctx context.Context) (map[string]int, error)
	// Rooms lists the rooms serving a community: the free screening is for
	// children of the communities a room serves.
	Rooms(ctx context.Context, communityID int64) ([]zhixi.Room, error)
}

// Policy is the free screening's rules: who is eligible, how long a
// screening runs and what uses up the entitlement. A zero field means its
// default.
type Policy struct {
	// MaxQuestions caps a screening (default 40); the engine usually
	// stops earlier, once every point in scope is classified.
	MaxQuestions int
	// MinAnswers: a screening stopped with fewer answers stays open and
	// keeps its entitlement, to be resumed later (default 5).
	MinAnswers int
	// OneInTotal gives one free screening per student in total instead of
	// one per subject.
	OneInTotal bool
	// MinGrade and MaxGrade bound the eligible grades (defaults 1 and 12:
	// 一年级 to 高三).
	MinGrade, MaxGrade int
}

// Policy defaults.
const (
	DefaultMaxQuestions = 40
	DefaultMinAnswers   = 5
)

func (p Policy) withDefaults() Policy {
	if p.MaxQuestions <= 0 {
		p.MaxQuestions = DefaultMaxQuestions
	}
	if p.MinAnswers <= 0 {
		p.MinAnswers = DefaultMinAnswers
	}
	if p.MinGrade <= 0 {
		p.MinGrade = 1
	}
	if p.MaxGrade <= 0 {
		p.MaxGrade = 12
	}
	return p
}

// entitlement is the key a screening of subject holds.
func (p Policy) entitlement(subject string) string {
	if p.OneInTotal {
		return "free"
	}
	return subject
}

// Service runs the learning actions. Besides immutable, content-derived
// caches (compiled scopes, engines) it keeps decoded sessions and states
// of recent requests, each with the version it was stored at: the
// database stays the truth, so several servers can serve one student in
// turn and a restart loses nothing.
type Service struct {
	store   Store
	content *curriculum.Bank
	now     func() time.Time
	// Policy is the free screening's rules; set it before the first call.
	Policy Policy
	// Hours is the compliance guard on minors' hours: screening and
	// practice on a room tablet (actor.TabletRoom set) are refused
	// outside the room's opening hours and after its latest time. nil
	// (tests, the load generator's password sign-ins) applies none.
	Hours Guard

	mu     sync.Mutex
	scopes map[scopeKey]scopeBank
	cal    calState // item calibration the screening scopes use
	items  map[string][]curriculum.Item
	// instances are the template instances of items, by id (see item).
	instances map[string]*curriculum.Item
	practice  map[string]*practiceEngine
	versions  map[string]int // item id → version in the store
	// loading is held while every item's version is read, once.
	loading      sync.Mutex
	versionsRead bool

	sessions *cache[int64, *screening.Session]
	states   *cache[stateKey, keptState]
}

type scopeKey struct {
	subject string
	grade   int
}

type stateKey struct {
	student int64
	subject string
}

// cacheSize bounds each per-server cache: a room has tens of tablets, a
// server at most a few thousand students answering at once.
const cacheSize = 4096

// NewService returns a Service over st and the content bank. now nil
// means time.Now.
func NewService(st Store, content *curriculum.Bank, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, content: content, now: now,
		scopes: map[scopeKey]scopeBank{}, items: map[string][]curriculum.Item{}, instances: map[string]*curriculum.Item{},
		practice: map[string]*practiceEngine{}, versions: map[string]int{},
		sessions: newCache[int64, *screening.Session](cacheSize), states: newCache[stateKey, keptState](cacheSize)}
}

// Guard is the calendar's compliance check (calendar.Service implements
// it): nil when a minor's session may run in the room at at, else
// EFORBIDDEN err.outside_hours stating the rule and the next opening.
type Guard interface {
	CheckMinorSession(ctx context.Context, roomID int64, at time.Time) error
}

// guard applies Hours to a student working on a room tablet, at the
// service's clock. Work elsewhere (a supervisor's device, an account
// signed in with a password) is not a room tablet session.
func (s *Service) guard(ctx context.Context, actor *zhixi.User) error {
	if s.Hours == nil || actor == nil || actor.TabletRoom == 0 {
		return nil
	}
	return s.Hours.CheckMinorSession(ctx, actor.TabletRoom, s.now())
}

// Question is an item as the student sees it: no answer, no explanation.
type Question struct {
	ItemID  string              `json:"item"`
	Type    curriculum.ItemType `json:"type"`
	Stem    string              `json:"stem"`
	Options []string            `json:"options,omitempty"`
	Image   string              `json:"image,omitempty"`
	// Figure is the item's diagram (a description the page draws as
	// inline SVG, and an API client may draw itself); nil when it has none.
	Figure *curriculum.Figure `json:"figure,omitempty"`
}

func question(it *curriculum.Item) *Question {
	return &Question{ItemID: it.ID, Type: it.Type, Stem: it.Stem, Options: slices.Clone(it.Options), Image: it.Image, Figure: it.Figure}
}

// AnswerInput is one answer as a client sends it.
type AnswerInput struct {
	// ID is the client's id for this answer: a retry with the same id
	// returns the stored result instead of answering twice. "" opts out.
	ID string
	// Version is the session or state version the client saw (0: not
	// checked).
	Version  int
	Item     string
	Response string
	Skip     bool // "I don't know"
}

// check refuses an answer id other than up to 64 letters, digits, '-'
// and '_' (a UUID, a ULID, a counter).
func (in AnswerInput) check() error {
	ok := len(in.ID) <= 64
	for _, c := range in.ID {
		ok = ok && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
	}
	if !ok {
		return zhixi.Errorf(zhixi.EINVALID, "err.answer_id_invalid")
	}
	return nil
}

// canRun reports whether actor may answer for st: the student themself on
// a room tablet, or a supervisor, staff member or admin who may see the
// student. Guardians see results but do not answer for the child.
func canRun(actor *zhixi.User, st *zhixi.Student, gids []int64) bool {
	if !zhixi.CanSeeStudent(actor, st, gids) {
		return false
	}
	return actor.Role != zhixi.RoleGuardian
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
	if err := s.guard(ctx, actor); err != nil {
		return nil, err
	}
	return st, nil
}

// audit is the audit row of actor's action, stamped now, from the client
// address the transport put in ctx.
func (s *Service) audit(ctx context.Context, actor *zhixi.User, action, object string, objectID, studentID int64, detail string) *zhixi.AuditEntry {
	return zhixi.NewAudit(ctx, actor, s.now(), action, object, objectID, studentID, detail)
}

// auditRead records that actor read a minor's learning record; the read
// fails when the record cannot be written.
func (s *Service) auditRead(ctx context.Context, actor *zhixi.User, object string, objectID, studentID int64, detail string) error {
	e := s.audit(ctx, actor, zhixi.AuditRead, object, objectID, studentID, detail)
	if err := s.store.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("audit read of %s %d: %w", object, objectID, err)
	}
	return nil
}

// attempt judges a response to an item (a skip is "I don't know") and
// returns the attempt to store, tied to the item's current version.
func (s *Service) attempt(ctx context.Context, st *zhixi.Student, in AnswerInput) (*zhixi.Attempt, error) {
	it, ok := s.item(in.Item)
	if !ok {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.answer_refused", in.Item)
	}
	att := &zhixi.Attempt{StudentID: st.ID, ItemID: in.Item, KnowledgePoints: it.KnowledgePoints, At: s.now(),
		Skipped: in.Skip, AnswerID: in.ID}
	if !in.Skip {
		if in.Response == "" {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.answer_empty")
		}
		v, err := curriculum.Check(it, in.Response)
		if err != nil {
			return nil, fmt.Errorf("check answer to %s: %w", in.Item, err)
		}
		if v.Malformed {
			// Not an answer: nothing is recorded, the student answers again.
			return nil, &zhixi.Error{Code: zhixi.EINVALID, Key: "err.answer_malformed", Args: []any{v.Reason},
				Err: fmt.Errorf("malformed answer to %s: %s", in.Item, v.Code)}
		}
		att.Response, att.Correct = in.Response, v.Correct
	}
	var err error
	if att.ItemVersion, err = s.itemVersion(ctx, in.Item); err != nil {
		return nil, fmt.Errorf("answer to %s: %w", in.Item, err)
	}
	return att, nil
}

// item looks an item up: a template instance practice uses from the
// subject's list (subjectItems), which Bank.Item would generate anew on
// every call, else the bank. The item is shared: read only.
func (s *Service) item(id string) (*curriculum.Item, bool) {
	s.mu.Lock()
	it, ok := s.instances[id]
	s.mu.Unlock()
	if ok {
		return it, true
	}
	return s.content.Item(id)
}

// itemVersion returns the stored version of an item, which the content in
// memory was synced to at start. The first answer reads every item's
// version in one query: one per item cost a round trip per answer while
// the server was new. An item stored since is read on its own, once.
func (s *Service) itemVersion(ctx context.Context, itemID string) (int, error) {
	if v, ok := s.knownVersion(itemID); ok {
		return v, nil
	}
	s.loading.Lock()
	defer s.loading.Unlock()
	if v, ok := s.knownVersion(itemID); ok {
		return v, nil // read while this request waited
	}
	if !s.versionsRead {
		all, err := s.store.ItemVersions(ctx)
		if err != nil {
			return 0, err
		}
		s.mu.Lock()
		maps.Copy(s.versions, all)
		s.mu.Unlock()
		s.versionsRead = true
		if v, ok := all[itemID]; ok {
			return v, nil
		}
	}
	v, err := s.store.ItemVersion(ctx, itemID)
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	s.versions[itemID] = v
	s.mu.Unlock()
	return v, nil
}

func (s *Service) knownVersion(itemID string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.versions[itemID]
	return v, ok
}

// pointName is a knowledge point's name, or its id when the content has
// none.
func (s *Service) pointName(id string) string {
	if kp, ok := s.content.KnowledgePoint(id); ok && kp.Name != "" {
		return kp.Name
	}
	return id
}
