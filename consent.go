package zhixi

import (
	"context"
	"time"
)

// Consent methods.
const (
	ConsentApp   = "app"   // the guardian consented in the app
	ConsentPaper = "paper" // staff recorded a signed paper form
)

// ConsentCheck is the rule screening and practice apply before they
// process a minor's data: a guardian's consent in force, given to the
// current notice. It returns EFORBIDDEN with the reason: never given,
// withdrawn, or a new notice to read and consent to again.
func ConsentCheck(s *Student) error {
	switch {
	case s.ConsentAt.IsZero() && !s.WithdrawnAt.IsZero():
		return Errorf(EFORBIDDEN, "err.consent_withdrawn")
	case s.ConsentAt.IsZero():
		return Errorf(EFORBIDDEN, "err.consent_required")
	case s.ConsentVersion < s.NoticeVersion:
		return Errorf(EFORBIDDEN, "err.consent_renew")
	}
	return nil
}

// Notice is a version of the privacy notice guardians read before they
// consent (PIPL Art. 31; 儿童个人信息网络保护规定). Operators edit it; each
// edit is a new version, and a new version asks every guardian again.
type Notice struct {
	Version   int
	Purpose   string // why the data is processed
	Kept      string // what is kept
	Place     string // where it is kept
	Retention string // for how long
	Access    string // who sees it
	Rights    string // how to withdraw, export and delete
	CreatedAt time.Time
	CreatedBy int64
}

// Consent is one consent to one notice version for one child, given in the
// app by a guardian or on paper and recorded by staff.
type Consent struct {
	ID            int64
	StudentID     int64
	NoticeVersion int
	Method        string // ConsentApp or ConsentPaper
	GuardianID    int64  // the consenting account, 0 on paper without one
	GuardianName  string // as signed on a paper form
	RecordedBy    int64  // staff who recorded a paper form
	PaperRef      string // the form's reference number
	PaperDate     time.Time
	At            time.Time
	WithdrawnAt   time.Time
	WithdrawnBy   int64
}

// ConsentService keeps the notice and the consents. Changes write their
// audit row from by in the same transaction.
type ConsentService interface {
	// Notice returns the current notice; ENOTFOUND if none was published.
	Notice(ctx context.Context) (*Notice, error)
	// PublishNotice stores n as the next version (n.Version is set).
	PublishNotice(ctx context.Context, n *Notice, by AuditEntry) error
	// GiveConsent records c to the notice version c names. EINVALID
	// err.notice_changed if that is no longer the current version (the
	// guardian must read the new one); EFORBIDDEN if an app consent comes
	// from an account that is not the child's guardian.
	GiveConsent(ctx context.Context, c *Consent, by AuditEntry) error
	// WithdrawConsent withdraws the consent in force at once; ECONFLICT
	// err.no_consent if there is none.
	WithdrawConsent(ctx context.Context, studentID int64, at time.Time, by AuditEntry) error
	// Consents lists a child's consents, newest first.
	Consents(ctx context.Context, studentID int64) ([]Consent, error)
}
