package zhixi

import (
	"context"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
)

// ImportResult counts what an import changed.
type ImportResult struct {
	KnowledgePointsAdded, KnowledgePointsChanged int
	ItemsAdded, ItemsChanged, ItemsUnchanged     int
}

// ContentService stores the item bank. Items are versioned: a changed item
// gets a new version and the old one stays, so responses to it remain
// attributable.
type ContentService interface {
	// ImportSubject stores subj's chapters, knowledge points and items in
	// one transaction: all or nothing. Re-importing identical content
	// changes nothing; a changed item becomes a new version.
	ImportSubject(ctx context.Context, subj *curriculum.Subject, now time.Time) (ImportResult, error)
	// Subject loads the current version of a subject's content; ENOTFOUND
	// if never imported.
	Subject(ctx context.Context, id string) (*curriculum.Subject, error)
	// SubjectIDs lists the imported subjects.
	SubjectIDs(ctx context.Context) ([]string, error)
	// ItemVersion returns the current version number of an item.
	ItemVersion(ctx context.Context, itemID string) (int, error)
	// ItemVersions returns the current version number of every item, by id.
	ItemVersions(ctx context.Context) (map[string]int, error)
	// ItemAt returns an item as it was at a version.
	ItemAt(ctx context.Context, itemID string, version int) (*curriculum.Item, error)
}

// Attempt is one answer a student gave to one item version.
type Attempt struct {
	ID              int64
	StudentID       int64
	ItemID          string
	ItemVersion     int
	KnowledgePoints []string
	Response        string
	Correct         bool
	Skipped         bool   // "I don't know"
	Source          string // "screening" or "practice"
	SessionID       int64  // the screening or practice session, 0 if none
	At              time.Time
	// AnswerID is the client's id for the answer (unique per student), so
	// a retried request finds the answer it already made; "" if none.
	AnswerID string
	// Result is what the engine said about the answer (practice: its step,
	// as JSON), returned again to a retry.
	Result []byte
}

// ScreeningSession is a resumable screening; State is the engine's
// serialised state. Version guards against two tablets answering at once.
type ScreeningSession struct {
	ID        int64
	StudentID int64
	Subject   string
	Status    string // "active", "finished", "abandoned"
	// Entitlement is the free screening this session uses: the subject, or
	// one key for all subjects. A student holds each entitlement at most
	// once in a session that is not abandoned (the database enforces it).
	Entitlement string
	State       []byte
	// Log is what the engine saved since State (screening.Save: the
	// answers since its last whole state). Saving a session with a nil
	// State keeps the stored State and replaces only the Log.
	Log        []byte
	Version    int
	StartedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt time.Time
}

// PracticeState is a student's adaptive-practice state in one subject;
// State is the practice engine's serialised state. Version guards against
// two tablets answering at once.
type PracticeState struct {
	StudentID int64
	Subject   string
	State     []byte
	Version   int // 0 for a state not stored yet
	UpdatedAt time.Time
	// PathScreening is the finished screening whose learning path the
	// state follows (0: none recorded); a newer one re-marks the path.
	PathScreening int64
}

// Mastery states.
const (
	MasteryLearning = "learning"
	MasteryMastered = "mastered"
)

// Mastery is a student's standing on one knowledge point in practice, as
// a row the room board and reports query.
type Mastery struct {
	StudentID int64
	Subject   string
	Point     string
	PKnown    float64 // P(known) right after the last answer
	State     string  // MasteryLearning or MasteryMastered
	Answers   int
	Correct   int
	ReviewDue time.Time // zero unless mastered
	UpdatedAt time.Time
	// Detail is the practice engine's own record of the point
	// (practice.MarshalPoint), opaque to the store; empty in rows written
	// before it was kept.
	Detail string
}

// AttentionEvent is something the practice engine wants a supervisor to
// see: Code names it (the catalogue key "attention."+Code says it in
// Chinese), the other fields are its arguments.
type AttentionEvent struct {
	ID           int64
	StudentID    int64
	Subject      string
	Code         string
	Point        string // the point the student is failing
	Prerequisite string // the point the engine went back to, if any
	Wrong, Of    int    // wrong answers among the last Of on Point
	AttemptID    int64  // the answer that raised it
	At           time.Time
}

// AttentionFilter selects attention events; zero fields do not filter.
type AttentionFilter struct {
	StudentIDs []int64
	Since      time.Time
	Limit      int // 0 means 100
}

// PracticeChange is everything one practice action writes, in one
// transaction: the new state (version checked), the answer, the points it
// moved, the events it raised and the audit row.
type PracticeChange struct {
	State   *PracticeState
	Attempt *Attempt // nil when nothing was answered (practice starts)
	Mastery []Mastery
	Seen    []SeenItem
	Events  []AttentionEvent
	Audit   *AuditEntry
	// AccessEpoch, when not 0, is the access epoch the actor and student
	// were read at (User.AccessEpoch): the change commits only while it
	// is unchanged, else it fails with ECONFLICT "err.access_changed".
	AccessEpoch int64
}

// AttemptService keeps the answer log.
type AttemptService interface {
	// Attempts returns a student's attempts in answer order.
	Attempts(ctx context.Context, studentID int64) ([]Attempt, error)
	// AttemptByAnswerID returns the attempt a student's client recorded
	// under answerID; ENOTFOUND if none.
	AttemptByAnswerID(ctx context.Context, studentID int64, answerID string) (*Attempt, error)
	// EachAttempt streams every attempt in (student, time) order; fitting
	// uses it.
	EachAttempt(ctx context.Context, fn func(*Attempt) error) error
	// ItemResponses counts the responses given to an item (skips left
	// out), most frequent first, at most limit of them, and how many
	// answers there were in all: what a reviewer reads to spot a wrong key.
	ItemResponses(ctx context.Context, itemID string, limit int) ([]ResponseCount, int, error)
}

// ResponseCount is one response to an item as students typed it, how
// often, and whether it was judged correct.
type ResponseCount struct {
	Response string
	Correct  bool
	Count    int
}

// ScreeningStore keeps screening sessions.
type ScreeningStore interface {
	// CreateScreening inserts s with Version 1 and appends e in one
	// transaction. ECONFLICT (err.screening_exists) if the student already
	// holds s.Entitlement in a session that is not abandoned.
	CreateScreening(ctx context.Context, s *ScreeningSession, e *AuditEntry) error
	// ScreeningSession returns a session; ENOTFOUND if none.
	ScreeningSession(ctx context.Context, id int64) (*ScreeningSession, error)
	// CachedScreeningSession is ScreeningSession for a caller that holds
	// the state of version cached already: when the stored version is
	// that one, State comes back nil and the database sends no state.
	CachedScreeningSession(ctx context.Context, id int64, cached int) (*ScreeningSession, error)
	// SaveScreening stores s if its Version still matches (ECONFLICT
	// otherwise) and increments it, appending a (if not nil) and e in the
	// same transaction: an answer is never in the log without being in the
	// session, nor unaudited. A duplicate a.AnswerID is ECONFLICT
	// (err.answer_duplicate).
	SaveScreening(ctx context.Context, s *ScreeningSession, a *Attempt, e *AuditEntry) error
	// Screenings lists a student's screening sessions, newest first.
	Screenings(ctx context.Context, studentID int64) ([]ScreeningSession, error)
}

// SeenItem is the last answer in a student's practice to one written
// item, for the practice engine's no-repeat rule: kept apart from the
// state, one row per item, so that the state does not grow with every
// item answered.
type SeenItem struct {
	StudentID int64
	Subject   string
	ItemID    string
	N         int // the practice's answers before that one
	At        time.Time
}

// PracticeStore keeps practice states, mastery rows, seen items and
// attention events.
type PracticeStore interface {
	// PracticeState returns a student's practice state in subject;
	// ENOTFOUND if practice never started.
	PracticeState(ctx context.Context, studentID int64, subject string) (*PracticeState, error)
	// CachedPracticeState is PracticeState for a caller that holds the
	// state of version cached already: State is nil when the stored
	// version is that one.
	CachedPracticeState(ctx context.Context, studentID int64, subject string, cached int) (*PracticeState, error)
	// SavePractice writes c in one transaction. The state is inserted when
	// its Version is 0, else updated only if the stored version still
	// matches (ECONFLICT otherwise); Version moves on by one. Mastery rows
	// are upserted by point and seen items by item; a state inserted
	// replaces the ones its subject had.
	SavePractice(ctx context.Context, c *PracticeChange) error
	// Mastery lists a student's mastery rows in subject, by point.
	Mastery(ctx context.Context, studentID int64, subject string) ([]Mastery, error)
	// SeenItems lists a student's seen items in subject, by item.
	SeenItems(ctx context.Context, studentID int64, subject string) ([]SeenItem, error)
	// AttentionEvents lists events, newest first.
	AttentionEvents(ctx context.Context, f AttentionFilter) ([]AttentionEvent, error)
}

// ModelService keeps fitted model parameters.
type ModelService interface {
	// SaveModel stores fitted parameters under a name ("bkt", ...).
	SaveModel(ctx context.Context, name string, params []byte, at time.Time) error
	// Model returns the latest parameters saved under name.
	Model(ctx context.Context, name string) ([]byte, time.Time, error)
}

// LearningService is every learning store together, for callers that use
// several (fitting reads attempts and saves models).
type LearningService interface {
	AttemptService
	ScreeningStore
	PracticeStore
	ModelService
}

// JobService coordinates periodic jobs between servers sharing a database.
type JobService interface {
	// TryLease takes or renews the lease on job name for holder until
	// now+ttl, and reports whether holder has it. A lease held by another
	// holder and not yet expired is not taken.
	TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
}
