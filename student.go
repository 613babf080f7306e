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
	// ConsentAt is when a guardian gave the consent in force to screening
	// and learning records, zero if none (never given, or withdrawn);
	// ConsentBy is that guardian's user id (0 for consent on paper by a
	// guardian without an account). ConsentVersion is the notice version
	// it was given to; NoticeVersion is the current notice's, read with the
	// record; WithdrawnAt is when the last consent was withdrawn.
	ConsentAt      time.Time
	ConsentBy      int64
	ConsentVersion int
	NoticeVersion  int
	WithdrawnAt    time.Time
	CreatedAt      time.Time
}

// Age returns the student's age in whole years at now.
func (s Student) Age(now time.Time) int {
	y := now.Year() - s.BirthMonth.Year()
	if now.Month() < s.BirthMonth.Month() {
		y--
	}
	return y
}

// NeedsConsent reports whether screening and practice must wait for a
// guardian's consent: none in force, or one given to an older notice.
// Every minor needs it in this service, not only under-14s: the law's
// floor is 14, and the room serves children whose guardians are the
// service's counterpart anyway.
func (s Student) NeedsConsent() bool { return ConsentCheck(&s) != nil }

// StudentFilter selects students. Zero fields do not filter.
type StudentFilter struct {
	CommunityID int64
	GuardianID  int64
	UserID      int64
}

// StudentGuardiansReader is implemented by stores that read a student
// and its guardian accounts in one statement, as Student and GuardianIDs
// would (ENOTFOUND for a missing or erased student).
type StudentGuardiansReader interface {
	StudentAndGuardians(ctx context.Context, id int64) (*Student, []int64, error)
}

// ScreeningStudentReader is implemented by stores that read a screening
// (as CachedScreeningSession does), its student and the student's guardian
// accounts in one statement, with the errors the separate reads give.
type ScreeningStudentReader interface {
	CachedScreeningAndStudent(ctx context.Context, id int64, cached int) (*ScreeningSession, *Student, []int64, error)
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
	// RecordConsent stores a guardian's consent in the app to the current
	// notice (GiveConsent with the audit row is the action's way);
	// EFORBIDDEN if the guardian is not linked to the student.
	RecordConsent(ctx context.Context, studentID, guardianID int64, at time.Time) error
}

// ExpectedGrade is the grade a child born in birth month usually attends
// at now in China: school starts in September, in the year the child is 6
// by 31 August. It is below 1 for a child not yet at school.
func ExpectedGrade(birth, now time.Time) int {
	schoolYear := now.Year()
	if now.Month() < time.September {
		schoolYear--
	}
	g := schoolYear - birth.Year() - 6
	if birth.Month() <= time.August {
		g++
	}
	return g
}

// GradeTolerance is how far a grade may be from ExpectedGrade: children
// start early or late, skip or repeat a year.
const GradeTolerance = 2

// CheckBirthGrade refuses a birth month in the future and a grade that a
// child of that age cannot attend, with a message that names both.
func CheckBirthGrade(grade int, birth, now time.Time) error {
	if grade < 1 || grade > 12 {
		return Errorf(EINVALID, "err.invalid_grade")
	}
	if birth.Year() > now.Year() || (birth.Year() == now.Year() && birth.Month() > now.Month()) {
		return Errorf(EINVALID, "err.birth_future", birth.Format("2006-01"))
	}
	exp := ExpectedGrade(birth, now)
	switch {
	case grade > exp+GradeTolerance && exp < 1:
		return Errorf(EINVALID, "err.too_young", birth.Format("2006-01"))
	case grade > exp+GradeTolerance || grade < exp-GradeTolerance:
		return Errorf(EINVALID, "err.grade_age", birth.Format("2006-01"), exp, grade)
	}
	return nil
}
