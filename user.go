package zhixi

import (
	"context"
	"time"
)

// Role is what an account may do. Every role but company admin is scoped.
type Role string

// The roles.
const (
	RoleStudent      Role = "student"       // on a room tablet; sees only themself
	RoleGuardian     Role = "guardian"      // sees only their own children
	RoleSupervisor   Role = "supervisor"    // 督学; works in the rooms assigned to them
	RoleStaff        Role = "staff"         // community staff; one community
	RoleAdmin        Role = "admin"         // company admin; everything
	RoleStreetViewer Role = "street_viewer" // one street, aggregates only
)

// Roles lists every role, in the order the UI shows them.
var Roles = []Role{RoleStudent, RoleGuardian, RoleSupervisor, RoleStaff, RoleAdmin, RoleStreetViewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is an account. CommunityID scopes staff and students; StreetID
// scopes street viewers; a supervisor (a company employee) is scoped by
// the rooms assigned to them (Rooms) and sees the students of the
// communities those rooms serve (Communities), both filled by the store.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         Role
	CommunityID  int64
	StreetID     int64
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
	Rooms        []int64
	Communities  []int64
}

// Session is a server-side login. Only a hash of the cookie token is
// stored, so a stolen database does not yield live sessions.
type Session struct {
	TokenHash string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
	IP        string
	UserAgent string
	// RoomID is the room of a tablet session, 0 for any other; Idle, when
	// set, is the session's own idle lifetime (30 minutes on a tablet).
	RoomID int64
	Idle   time.Duration
}

// Throttle says how many failures within Window lock a key for LockFor.
type Throttle struct {
	Limit   int
	Window  time.Duration
	LockFor time.Duration
}

// UserService manages accounts, sessions and login throttling. All state
// lives in the database so several servers can share it.
type UserService interface {
	// CreateUser inserts u (ID and CreatedAt are set). EINVALID for an
	// empty username, unknown role or missing scope; ECONFLICT if the
	// username is taken.
	CreateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (*User, error)
	UserByUsername(ctx context.Context, username string) (*User, error)
	// Users lists accounts, filtered by role and community when non-zero.
	Users(ctx context.Context, role Role, communityID int64) ([]User, error)
	SetPassword(ctx context.Context, userID int64, hash string) error
	// CountUsers counts accounts of a role ("" for all); first-run set-up
	// uses it.
	CountUsers(ctx context.Context, role Role) (int, error)

	CreateSession(ctx context.Context, s *Session) error
	// Session returns the live session with that token hash; ENOTFOUND if
	// it is missing or expired at now.
	Session(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	// TouchSession moves LastSeen and ExpiresAt forward (sliding expiry).
	TouchSession(ctx context.Context, tokenHash string, lastSeen, expiresAt time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)

	// LoginLockedUntil returns when the lock on key ends (zero if none).
	LoginLockedUntil(ctx context.Context, key string, now time.Time) (time.Time, error)
	// RecordLoginFailure counts a failure for key atomically and returns the
	// lock end if this failure reached the limit (zero otherwise).
	RecordLoginFailure(ctx context.Context, key string, now time.Time, t Throttle) (time.Time, error)
	ClearLoginFailures(ctx context.Context, key string) error
}
