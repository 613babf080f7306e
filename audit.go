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

// NewAudit returns the audit entry of actor's action on object at now,
// from the client address in ctx.
func NewAudit(ctx context.Context, actor *User, action, object string, objectID, studentID int64, detail string, now time.Time) *AuditEntry {
	return &AuditEntry{At: now, ActorID: actor.ID, ActorRole: actor.Role, Action: action, Object: object,
		ObjectID: objectID, StudentID: studentID, Detail: detail, IP: ClientIP(ctx)}
}
