package zhixi

import (
	"context"
	"fmt"
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

// Via names the transport that carried a read, for the detail of its
// audit row: page reads leave it out, API reads say "API".
type Via string

// The transports.
const (
	ViaPage Via = ""
	ViaAPI  Via = "API"
)

// Detail is what a read's row says of it: what for a page, "API: what"
// for the API.
func (v Via) Detail(what string) string {
	if v == ViaPage {
		return what
	}
	return string(v) + ": " + what
}

// AuditAppender appends to the audit log.
type AuditAppender interface {
	AppendAudit(ctx context.Context, e *AuditEntry) error
}

// AppendEntry appends e to log; a failure names the entry. Actions that
// read a minor's data append their row after the read and before they
// return what they read, and fail when it fails: nothing is shown
// unaudited.
func AppendEntry(ctx context.Context, log AuditAppender, e *AuditEntry) error {
	if err := log.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("audit %s %s %d: %w", e.Action, e.Object, e.ObjectID, err)
	}
	return nil
}

// AppendRead appends the row of a read by actor at now, with the
// client's address from ctx (AppendEntry).
func AppendRead(ctx context.Context, log AuditAppender, actor *User, now time.Time, object string, objectID, studentID int64, detail string) error {
	return AppendEntry(ctx, log, NewAudit(ctx, actor, now, AuditRead, object, objectID, studentID, detail))
}
