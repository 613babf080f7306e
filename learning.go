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
}

// ScreeningSession is a resumable screening; State is the engine's
// serialised state. Version guards against two tablets answering at once.
type ScreeningSession struct {
	ID         int64
	StudentID  int64
	Subject    string
	Status     string // "active", "finished", "abandoned"
	State      []byte
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
}

// LearningService records answers, screening sessions and fitted model
// parameters.
type LearningService interface {
	RecordAttempt(ctx context.Context, a *Attempt) error
	// Attempts returns a student's attempts in answer order.
	Attempts(ctx context.Context, studentID int64) ([]Attempt, error)
	// EachAttempt streams every attempt in (student, time) order; fitting
	// uses it.
	EachAttempt(ctx context.Context, fn func(*Attempt) error) error

	// CreateScreening inserts s with Version 1.
	CreateScreening(ctx context.Context, s *ScreeningSession) error
	ScreeningSession(ctx context.Context, id int64) (*ScreeningSession, error)
	// UpdateScreening saves s if its Version still matches the stored one
	// and increments it; ECONFLICT otherwise.
	UpdateScreening(ctx context.Context, s *ScreeningSession) error
	// RecordScreeningAnswer saves s (as UpdateScreening does, version
	// checked) and appends a in one transaction, so an answer is never in
	// the log without being in the session or the other way round.
	RecordScreeningAnswer(ctx context.Context, s *ScreeningSession, a *Attempt) error
	// Screenings lists a student's screening sessions, newest first.
	Screenings(ctx context.Context, studentID int64) ([]ScreeningSession, error)

	// PracticeState returns a student's practice state in subject;
	// ENOTFOUND if practice never started.
	PracticeState(ctx context.Context, studentID int64, subject string) (*PracticeState, error)
	// SavePracticeState stores ps (inserting it when Version is 0, else
	// only if the stored version still matches; ECONFLICT otherwise) and
	// appends a when it is not nil, in one transaction. Version moves on by
	// one.
	SavePracticeState(ctx context.Context, ps *PracticeState, a *Attempt) error

	// SaveModel stores fitted parameters under a name ("bkt", ...).
	SaveModel(ctx context.Context, name string, params []byte, at time.Time) error
	// Model returns the latest parameters saved under name.
	Model(ctx context.Context, name string) ([]byte, time.Time, error)
}

// JobService coordinates periodic jobs between servers sharing a database.
type JobService interface {
	// TryLease takes or renews the lease on job name for holder until
	// now+ttl, and reports whether holder has it. A lease held by another
	// holder and not yet expired is not taken.
	TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
}
