package zhixi

import (
	"context"
	"time"
)

// CanManageRoom reports whether u may change a room's calendar, places and
// materials: an admin, or staff of a community the room serves.
func CanManageRoom(u *User, r *Room) bool {
	return u.Role == RoleAdmin || (u.Role == RoleStaff && r.Serves(u.CommunityID))
}

// CanRunRoom reports whether u may run a room's day (bookings for any
// child, check-in and check-out): who may manage it, and its supervisors.
func CanRunRoom(u *User, r *Room) bool {
	return CanManageRoom(u, r) || CanSuperviseRoom(u, r)
}

type clientIPKey struct{}

// WithClientIP returns ctx carrying the client's address, which actions
// copy into the audit rows they write.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// NewAudit is the audit entry of an action by actor (nil for the system)
// at now, with the client's address from ctx.
func NewAudit(ctx context.Context, actor *User, now time.Time, action, object string, objectID, studentID int64, detail string) *AuditEntry {
	e := &AuditEntry{At: now, Action: action, Object: object, ObjectID: objectID, StudentID: studentID, Detail: detail}
	if actor != nil {
		e.ActorID, e.ActorRole = actor.ID, actor.Role
	}
	e.IP, _ = ctx.Value(clientIPKey{}).(string)
	return e
}
