package zhixi

import (
	"context"
	"time"
)

// StudentExport is everything the service keeps about one child, as a
// guardian downloads it (PIPL Art. 45: the right to copy).
type StudentExport struct {
	Student    Student
	Community  string
	Guardians  []ExportGuardian
	Screenings []ScreeningSession // without engine state
	Attempts   []Attempt
	Practice   []PracticeState // without engine state
	Access     []AuditEntry    // who read or changed the child's data
	ExportedAt time.Time
}

// ExportGuardian is a guardian link as exported.
type ExportGuardian struct {
	UserID   int64
	Name     string
	Relation string
}

// Deletion request statuses.
const (
	DeletionRequested = "requested"
	DeletionDone      = "done"
)

// DeletionRequest is a guardian's request that a child's personal data be
// erased, and the staff member's confirmation.
type DeletionRequest struct {
	ID          int64
	StudentID   int64
	StudentName string // for staff confirming; empty once erased
	CommunityID int64
	RequestedBy int64
	RequestedAt time.Time
	Status      string
	ConfirmedBy int64
	ConfirmedAt time.Time
}

// ScreeningCount is one line of a community's anonymous statistics: how
// many screenings of a subject started in a month (Beijing time). Erased
// children's screenings still count.
type ScreeningCount struct {
	CommunityID int64
	Subject     string
	Month       string // "2026-11"
	Screenings  int
}

// RetentionLimits say how long data is kept. Zero disables a limit.
type RetentionLimits struct {
	// Answers: a child's answers and practice state are deleted this long
	// after their last visit (the last answer).
	Answers time.Duration
}

// RetentionReport counts what one retention run removed.
type RetentionReport struct {
	Sessions, ResetCodes, Invitations, TabletCodes, Throttles int64
	Attempts, PracticeStates, ScreeningStates                 int64
	// MasteryRows are the points of the practice states removed (one
	// row per point), SeenItems the items they had shown (one row per
	// item), AttentionEvents what their answers had asked a supervisor to
	// see.
	MasteryRows, SeenItems, AttentionEvents int64
}

// RightsService stores data-rights requests and erasure.
type RightsService interface {
	// ExportStudent gathers a child's data and appends the audit row e in
	// one transaction. ENOTFOUND for a missing or erased student.
	ExportStudent(ctx context.Context, studentID int64, e *AuditEntry) (*StudentExport, error)
	// RequestDeletion records a guardian's request with e. ECONFLICT
	// "err.deletion_pending" if one is already open.
	RequestDeletion(ctx context.Context, r *DeletionRequest, e *AuditEntry) error
	// DeletionRequests lists open requests, of one community when
	// communityID is not 0.
	DeletionRequests(ctx context.Context, communityID int64) ([]DeletionRequest, error)
	// EraseStudent closes the open request and removes the child's
	// personal data in one transaction with e: the name becomes pseudonym,
	// the birth month, guardian links, consents' personal fields,
	// invitation links, tablet codes, answer texts, engine states and the
	// child's own account are removed; community, grade and screenings
	// stay for the statistics. EINVALID "err.deletion_none" without an
	// open request.
	EraseStudent(ctx context.Context, studentID, confirmedBy int64, pseudonym string, now time.Time, e *AuditEntry) error
	// ScreeningCounts returns the anonymous screening counts of a
	// community (all when 0).
	ScreeningCounts(ctx context.Context, communityID int64) ([]ScreeningCount, error)
	// ApplyRetention deletes what is past its limit at now, with the audit
	// row e when anything was removed.
	ApplyRetention(ctx context.Context, now time.Time, l RetentionLimits, e *AuditEntry) (RetentionReport, error)
}
