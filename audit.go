package zhixi

import (
	"context"
	"time"
)

// Audit actions.
const (
	AuditRead   = "read"
	AuditCreate = "create"
	AuditUpdate = "update"
	AuditDelete = "delete"
	AuditExport = "export"
	AuditLogin  = "login"

	AuditLoginFailed = "login_failed" // a wrong password, or an unknown username
	AuditLoginLocked = "login_locked" // a failure started a back-off
	AuditUnlock      = "unlock"       // staff lifted a back-off
	AuditLogout      = "logout"
	AuditPassword    = "password"      // a password was changed or reset
	AuditResetCode   = "reset_code"    // staff issued a one-time reset code
	AuditErasureAsk  = "erase_request" // a guardian asked for a child's data to be erased
	AuditRetention   = "retention"     // the retention job removed data past its limit
)

// AuditEntry records one read or change of a minor's personal data (and
// logins): who, when, what, from where. The log is append-only: storage
// refuses updates and deletes.
type AuditEntry struct {
	ID        int64
	At        time.Time
	ActorID   int64 // 0 for the system
	ActorRole Role
	Action    string
	Object    string // "student", "user", ...
	ObjectID  int64
	StudentID int64 // the minor concerned, 0 if none
	Detail    string
	IP        string
}

// AuditFilter pages and filters the log. Zero fields do not filter.
type AuditFilter struct {
	ActorID   int64
	StudentID int64
	Action    string
	From, To  time.Time // To is exclusive
	Limit     int       // at most 500; 0 means 50
	Offset    int
}

// AuditService appends to and reads the audit log.
type AuditService interface {
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// AuditEntries returns a page, newest first, and the total that match.
	AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error)
}
