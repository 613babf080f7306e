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

type clientIPKey struct{}

// WithClientIP returns ctx carrying the client's address, which actions
// record in the audit rows they write.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIP returns the address WithClientIP stored, "" if none.
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}

// NewAudit is the audit entry of an action by actor (nil for the system)
// at now, with the client's address from ctx.
func NewAudit(ctx context.Context, actor *User, now time.Time, action, object string, objectID, studentID int64, detail string) *AuditEntry {
	e := &AuditEntry{At: now, Action: action, Object: object, ObjectID: objectID, StudentID: studentID, Detail: detail, IP: ClientIP(ctx)}
	if actor != nil {
		e.ActorID, e.ActorRole = actor.ID, actor.Role
	}
	return e
}
