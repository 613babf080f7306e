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
	// TabletRoom is the room of the tablet session the request came
	// from (0 elsewhere): set per request from the session, never stored.
	// The compliance guard on minors' hours applies to it.
	TabletRoom int64
	// AccessEpoch, when not 0, is the access epoch this account and its
	// session were read at, perhaps by an earlier request: set on the
	// routes that check access at their write (AccessAtEpochReader), never
	// stored. The write commits only while the epoch is unchanged.
	AccessEpoch int64
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

// Backoff is a login back-off policy. The first Free failures within
// Forget of each other cost nothing; every further one locks the key for
// Base, doubled per failure beyond Free, at most Max. A correct password
// resets it. Unlike a fixed lock, the wait grows only while guessing goes
// on, and a known device is not subject to the account's back-off at all.
type Backoff struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
}

// Delay is how long the key is locked after its nth failure in a row.
func (b Backoff) Delay(failures int) time.Duration {
	n := failures - b.Free
	if n <= 0 {
		return 0
	}
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// LoginKey is one back-off a failed sign-in counts against: "user:NAME"
// (an account from new devices), "device:ID:DEVICE" (a known device) or
// "ip:ADDR" (unknown usernames from one address).
type LoginKey struct {
	Key     string
	Backoff Backoff
}

// ResetCode is a one-time password reset code issued by staff. Only its
// hash is stored; the code itself is shown once.
type ResetCode struct {
	CodeHash  string
	UserID    int64
	IssuedBy  int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionUserReader is implemented by stores that read a live session
// and its account (with a supervisor's scope) in fewer statements than
// Session and User one after the other; every request makes this read.
// It fails as Session and User do: ENOTFOUND for a missing or expired
// session or a missing account.
type SessionUserReader interface {
	SessionUser(ctx context.Context, tokenHash string, now time.Time) (*Session, *User, error)
}

// AccessAtEpochReader is implemented by stores that keep the sessions and
// students they read, with the access epoch they read them at: a count of
// the changes to anything an access decision reads (sessions, accounts,
// students, guardian links, rooms' supervisors and communities, the
// consent notice). What it returns may be what an earlier request read,
// so it serves only the actions whose write carries the epoch and commits
// only while it is unchanged (PracticeChange.AccessEpoch); an answer then
// reads nothing before its write. Every method fails with ECONFLICT
// "err.access_changed" when the epoch has moved on, after which the
// reads are fresh again.
type AccessAtEpochReader interface {
	// SessionUserAt is SessionUser; the user carries the epoch.
	SessionUserAt(ctx context.Context, tokenHash string, now time.Time) (*Session, *User, error)
	// StudentAndGuardiansAt is StudentAndGuardians at epoch.
	StudentAndGuardiansAt(ctx context.Context, id, epoch int64) (*Student, []int64, error)
	// ConfirmAccess reads the epoch: an action that answers without
	// writing (a refusal, a replayed answer) confirms what it read.
	ConfirmAccess(ctx context.Context, epoch int64) error
}

// IsAccessChanged reports whether err refuses an action read at an access
// epoch that has since moved on (AccessAtEpochReader): the action, read
// afresh, may succeed.
func IsAccessChanged(err error) bool {
	k, _ := ErrorKey(err)
	return k == "err.access_changed"
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

	// LoginLockedUntil returns when the back-off on key ends (zero if none).
	LoginLockedUntil(ctx context.Context, key string, now time.Time) (time.Time, error)
	// RecordLoginFailure counts one failed sign-in against every key and
	// sets their back-offs in one transaction, with the audit row e and a
	// login_locked row for each key that starts a wait; concurrent
	// failures on any server all count. It returns the latest end of a
	// back-off (zero if none).
	RecordLoginFailure(ctx context.Context, now time.Time, keys []LoginKey, e *AuditEntry) (time.Time, error)
	// StartSession stores s after a correct password, forgets key's
	// failures and appends the audit row e, in one transaction.
	StartSession(ctx context.Context, s *Session, key string, e *AuditEntry) error
	// EndSession deletes the session with that token hash and appends e
	// (when the session existed) in one transaction.
	EndSession(ctx context.Context, tokenHash string, e *AuditEntry) error
	// ClearLoginFailures lifts the back-off on key with the audit row e;
	// it reports whether there was anything to clear.
	ClearLoginFailures(ctx context.Context, key string, e *AuditEntry) (bool, error)

	// ChangePassword stores a new hash and appends e in one transaction.
	// Every session of the account but keepSession (a token hash, "" for
	// none) ends, so a stolen session does not outlive the change.
	ChangePassword(ctx context.Context, userID int64, hash, keepSession string, e *AuditEntry) error
	// CreateResetCode stores c, replacing the account's unused codes, with e.
	CreateResetCode(ctx context.Context, c *ResetCode, e *AuditEntry) error
	// UseResetCode sets the password of the code's account if the code is
	// unused and unexpired at now, marks it used, ends the account's
	// sessions and appends e (its ActorID and ObjectID are filled in), all
	// in one transaction. EINVALID "err.reset_code_invalid" otherwise.
	UseResetCode(ctx context.Context, codeHash, hash string, now time.Time, e *AuditEntry) (*User, error)

	// Secret returns the named server secret, creating it from fresh (a
	// random value) on first use; every server sharing the database gets
	// the same one.
	Secret(ctx context.Context, name string, fresh func() (string, error)) (string, error)
}
