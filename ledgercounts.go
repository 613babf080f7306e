package zhixi

import (
	"context"
	"time"
)

// LedgerCounts are the rows behind the space-for-service ledger for some
// rooms and the communities they serve, over [From, To).
type LedgerCounts struct {
	EligibleStudents    int // students of the communities in the grade range
	ScreeningsDone      int // finished free screenings (student and subject)
	Interpretations     int // 解读 sessions done
	InterpretationsKept bool
	QuotaUsed           int // approved 公益名额 of the year
	Bookings            int // bookings not cancelled
	NoShows             int
	Attendances         int
	AttendanceMinutes   int
	AutoCheckouts       int
	SupervisorMinutes   int
	Activities          int
	Participants        int // registrations marked attended
	MaterialsGiven      int // units given out
	SpaceUses           int // the centre's other uses of the rooms
	SpaceUsePeople      int
}

// AuditSummaryRow counts audit entries of one role, action and object.
type AuditSummaryRow struct {
	Role   Role
	Action string
	Object string
	Count  int
}

// LedgerService reads what the ledger and the compliance report count.
type LedgerService interface {
	// LedgerCounts counts for rooms roomIDs and communities communityIDs;
	// grades bound the eligible students; year picks the 公益名额.
	LedgerCounts(ctx context.Context, roomIDs, communityIDs []int64, minGrade, maxGrade, year int, from, to time.Time) (*LedgerCounts, error)
	// AuditSummary groups the audit log of [from, to) by role, action and
	// object.
	AuditSummary(ctx context.Context, from, to time.Time) ([]AuditSummaryRow, error)
	// ConsentsGiven counts guardian consents recorded in [from, to).
	ConsentsGiven(ctx context.Context, from, to time.Time) (int, error)
	// ConsentsByVersion counts, per privacy-notice version, the consents
	// given and withdrawn in [from, to), from the consent records.
	ConsentsByVersion(ctx context.Context, from, to time.Time) ([]ConsentVersionCount, error)
}

// ConsentVersionCount is one privacy-notice version's consents over a
// period: given (of them on paper) and withdrawn.
type ConsentVersionCount struct {
	Version          int
	Given, Withdrawn int
	OnPaper          int
}
