package zhixi

import (
	"context"
	"time"
)

// Student is a minor. The record holds the least data the service needs:
// a name to greet them, a grade to scope the screening, and a birth month
// to know whether guardian consent is required (PIPL Art. 31: under 14).
type Student struct {
	ID          int64
	CommunityID int64
	UserID      int64 // the student's own tablet account, 0 if none
	Name        string
	Grade       int       // 1-12
	BirthMonth  time.Time // first day of the month of birth
	// ConsentAt is when a guardian gave consent to screening and learning
	// records, zero if not yet; ConsentBy is that guardian's user id.
	ConsentAt time.Time
	ConsentBy int64
	CreatedAt time.Time
}

// Age returns the student's age in whole years at now.
func (s Student) Age(now time.Time) int {
	y := now.Year() - s.BirthMonth.Year()
	if now.Month() < s.BirthMonth.Month() {
		y--
	}
	return y
}

// NeedsConsent reports whether screening must wait for guardian consent.
// Every minor needs it in this service, not only under-14s: the law's
// floor is 14, and the room serves children whose guardians are the
// service's counterpart anyway.
func (s Student) NeedsConsent() bool { return s.ConsentAt.IsZero() }

// StudentFilter selects students. Zero fields do not filter.
type StudentFilter struct {
	CommunityID int64
	GuardianID  int64
	UserID      int64
}

// StudentService manages students and their guardians.
type StudentService interface {
	// CreateStudent inserts s. EINVALID for an empty name, a grade outside
	// 1-12 or a missing birth month; ENOTFOUND for an unknown community.
	CreateStudent(ctx context.Context, s *Student) error
	Student(ctx context.Context, id int64) (*Student, error)
	Students(ctx context.Context, f StudentFilter) ([]Student, error)
	// LinkGuardian records that the guardian account looks after the
	// student. ECONFLICT if already linked; EINVALID if the account is not
	// a guardian.
	LinkGuardian(ctx context.Context, studentID, guardianID int64, relation string) error
	// GuardianIDs returns the guardian accounts of a student.
	GuardianIDs(ctx context.Context, studentID int64) ([]int64, error)
	// RecordConsent stores a guardian's consent; EFORBIDDEN if the guardian
	// is not linked to the student.
	RecordConsent(ctx context.Context, studentID, guardianID int64, at time.Time) error
}
