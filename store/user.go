package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// CreateUser implements zhixi.UserService. The username is stored
// trimmed; CreatedAt is set to now unless given.
func (db *DB) CreateUser(ctx context.Context, u *zhixi.User) error {
	return db.insertUser(ctx, db.writer(), u)
}

// needsCommunity reports whether accounts of role r work in one community.
// Supervisors work in the rooms assigned to them instead.
func needsCommunity(r zhixi.Role) bool {
	return r == zhixi.RoleStudent || r == zhixi.RoleStaff
}

const userCols = "id, username, display_name, role, community_id, street_id, password_hash, disabled, created_at"

func scanUser(r interface{ Scan(...any) error }, u *zhixi.User) error {
	var role string
	err := r.Scan(&u.ID, &u.Username, &u.DisplayName, &role, idCol{&u.CommunityID}, idCol{&u.StreetID},
		&u.PasswordHash, &u.Disabled, timeCol{&u.CreatedAt})
	u.Role = zhixi.Role(role)
	return err
}

// User implements zhixi.UserService.
func (db *DB) User(ctx context.Context, id int64) (*zhixi.User, error) {
	var u zhixi.User
	if err := scanUser(db.reader().queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id), &u); err != nil {
		return nil, notFound(err, "user", "err.user_not_found")
	}
	return &u, db.loadScope(ctx, &u)
}

// UserByUsername implements zhixi.UserService.
func (db *DB) UserByUsername(ctx context.Context, username string) (*zhixi.User, error) {
	var u zhixi.User
	err := scanUser(db.reader().queryRow(ctx, "SELECT "+userCols+" FROM users WHERE username = ?",
		strings.TrimSpace(username)), &u)
	if err != nil {
		return nil, notFound(err, "user by username", "err.user_not_found")
	}
	return &u, db.loadScope(ctx, &u)
}

// Users implements zhixi.UserService.
func (db *DB) Users(ctx context.Context, role zhixi.Role, communityID int64) ([]zhixi.User, error) {
	var w where
	if role != "" {
		w.add("role = ?", string(role))
	}
	if communityID != 0 {
		w.add("community_id = ?", communityID)
	}
	rows, err := db.reader().query(ctx, "SELECT "+userCols+" FROM users"+w.String()+" ORDER BY id", w.args...)
	return collect(rows, err, func(r *sql.Rows, u *zhixi.User) error { return scanUser(r, u) })
}

// SetPassword implements zhixi.UserService.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := db.writer().exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)
	return affected(res, err, "set password", "err.user_not_found")
}

// CountUsers implements zhixi.UserService.
func (db *DB) CountUsers(ctx context.Context, role zhixi.Role) (int, error) {
	var w where
	if role != "" {
		w.add("role = ?", string(role))
	}
	var n int
	if err := db.reader().queryRow(ctx, "SELECT COUNT(*) FROM users"+w.String(), w.args...).Scan(&n); err != nil {
		return 0, dbError(err, "count users")
	}
	return n, nil
}

// rowsAffected returns how many rows a statement changed; it takes
// exec's results as they come.
func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// affected turns a statement that matched no row into ENOTFOUND with key.
func affected(res sql.Result, err error, op, key string) error {
	n, err := rowsAffected(res, err)
	if err == nil && n == 0 {
		return zhixi.WrapError(zhixi.ENOTFOUND, key, fmt.Errorf("%s: no such row", op))
	}
	return dbError(err, op)
}

// CreateSession implements zhixi.UserService. Only the token's hash is
// stored.
func (db *DB) CreateSession(ctx context.Context, s *zhixi.Session) error {
	return db.insertSession(ctx, db.writer(), s)
}

// insertSession stores s through h; CreatedAt defaults to now and
// LastSeen to CreatedAt.
func (db *DB) insertSession(ctx context.Context, h handle, s *zhixi.Session) error {
	if s.TokenHash == "" || s.UserID == 0 || s.ExpiresAt.IsZero() {
		return zhixi.Errorf(zhixi.EINVALID, "err.token_required")
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now()
	}
	if s.LastSeen.IsZero() {
		s.LastSeen = s.CreatedAt
	}
	s.CreatedAt, s.LastSeen, s.ExpiresAt = utc(s.CreatedAt), utc(s.LastSeen), utc(s.ExpiresAt)
	_, err := h.exec(ctx, `INSERT INTO sessions
		(token_hash, user_id, created_at, expires_at, last_seen, ip, user_agent, room_id, idle_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.TokenHash, s.UserID, nanos(s.CreatedAt), s.ExpiresAt.UnixNano(), nanos(s.LastSeen), s.IP, s.UserAgent,
		nullID(s.RoomID), int64(s.Idle))
	if err != nil {
		if classify(err) == faultForeignKey {
			return db.refError(ctx, err, "create session", ref{"users", s.UserID, "err.user_not_found"})
		}
		return conflictError(err, "create session", "err.duplicate")
	}
	return nil
}

// Session implements zhixi.UserService.
func (db *DB) Session(ctx context.Context, tokenHash string, now time.Time) (*zhixi.Session, error) {
	var s zhixi.Session
	var idle int64
	err := db.reader().queryRow(ctx, `SELECT token_hash, user_id, created_at, expires_at, last_seen, ip, user_agent, room_id, idle_ns
		FROM sessions WHERE token_hash = ? AND expires_at > ?`, tokenHash, now.UnixNano()).
		Scan(&s.TokenHash, &s.UserID, timeCol{&s.CreatedAt}, timeCol{&s.ExpiresAt}, timeCol{&s.LastSeen}, &s.IP, &s.UserAgent,
			idCol{&s.RoomID}, &idle)
	s.Idle = time.Duration(idle)
	if err != nil {
		return nil, notFound(err, "session", "err.session_not_found")
	}
	return &s, nil
}

var _ zhixi.SessionUserReader = (*DB)(nil)

// SessionUser implements zhixi.SessionUserReader: the session and its
// account in one statement, the scope of a supervisor in a second.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, now time.Time) (*zhixi.Session, *zhixi.User, error) {
	s, u, _, err := db.sessionUser(ctx, tokenHash, now)
	return s, u, err
}

// sessionUser is SessionUser with the access epoch read in the same
// statement, so at the same moment.
func (db *DB) sessionUser(ctx context.Context, tokenHash string, now time.Time) (*zhixi.Session, *zhixi.User, int64, error) {
	var (
		s     zhixi.Session
		u     zhixi.User
		idle  int64
		role  string
		epoch int64
	)
	// sessions.user_id references users ON DELETE CASCADE: a session
	// always has its account. A supervisor's rooms and the communities
	// they serve (loadScope) come with it, as lists of ids, so that a
	// request's session is one statement; for any other role (most
	// requests: a student's tablet) the CASE skips both subqueries.
	agg := "group_concat(%s)"
	if db.engine == Postgres {
		agg = "string_agg(%s::text, ',')"
	}
	var rooms, communities sql.NullString
	err := db.reader().queryRow(ctx, `SELECT s.token_hash, s.user_id, s.created_at, s.expires_at, s.last_seen, s.ip,
		s.user_agent, s.room_id, s.idle_ns, u.id, u.username, u.display_name, u.role, u.community_id, u.street_id,
		u.password_hash, u.disabled, u.created_at,
		CASE WHEN u.role = ? THEN (SELECT `+fmt.Sprintf(agg, "room_id")+` FROM room_supervisors WHERE user_id = u.id) END,
		CASE WHEN u.role = ? THEN (SELECT `+fmt.Sprintf(agg, "rc.community_id")+` FROM room_communities rc
			JOIN room_supervisors rs ON rs.room_id = rc.room_id WHERE rs.user_id = u.id) END,
		`+accessEpochNow+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ?`, zhixi.RoleSupervisor, zhixi.RoleSupervisor, tokenHash, now.UnixNano()).
		Scan(&s.TokenHash, &s.UserID, timeCol{&s.CreatedAt}, timeCol{&s.ExpiresAt}, timeCol{&s.LastSeen}, &s.IP,
			&s.UserAgent, idCol{&s.RoomID}, &idle,
			&u.ID, &u.Username, &u.DisplayName, &role, idCol{&u.CommunityID}, idCol{&u.StreetID},
			&u.PasswordHash, &u.Disabled, timeCol{&u.CreatedAt}, &rooms, &communities, &epoch)
	if err != nil {
		return nil, nil, 0, notFound(err, "session", "err.session_not_found")
	}
	s.Idle = time.Duration(idle)
	u.Role = zhixi.Role(role)
	if u.Role == zhixi.RoleSupervisor {
		if u.Rooms, err = idList(rooms.String); err == nil {
			u.Communities, err = idList(communities.String)
		}
		if err != nil {
			return nil, nil, 0, dbError(err, "load scope")
		}
	}
	return &s, &u, epoch, nil
}

// idList reads a comma-separated list of ids as loadScope returns them:
// sorted, each once, nil when empty.
func idList(csv string) ([]int64, error) {
	if csv == "" {
		return nil, nil
	}
	var ids []int64
	for f := range strings.SplitSeq(csv, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("id list %q: %w", csv, err)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// TouchSession implements zhixi.UserService.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, lastSeen, expiresAt time.Time) error {
	res, err := db.writer().exec(ctx, "UPDATE sessions SET last_seen = ?, expires_at = ? WHERE token_hash = ?",
		lastSeen.UnixNano(), expiresAt.UnixNano(), tokenHash)
	if err = affected(res, err, "touch session", "err.session_not_found"); err == nil {
		db.access.touched(tokenHash, lastSeen, expiresAt)
	}
	return err
}

// DeleteSession implements zhixi.UserService. Deleting a missing session
// is not an error: logging out twice is fine.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	defer db.access.forget(tokenHash)
	_, err := db.writer().exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	return dbError(err, "delete session")
}

// DeleteExpiredSessions implements zhixi.UserService.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.writer().exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", now.UnixNano())
	n, err := rowsAffected(res, err)
	return n, dbError(err, "delete expired sessions")
}

// LoginLockedUntil implements zhixi.UserService.
func (db *DB) LoginLockedUntil(ctx context.Context, key string, now time.Time) (time.Time, error) {
	var until int64
	err := db.reader().queryRow(ctx, "SELECT locked_until FROM login_throttle WHERE throttle_key = ?", key).Scan(&until)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return time.Time{}, nil
	case err != nil:
		return time.Time{}, dbError(err, "login lock")
	case until <= now.UnixNano():
		return time.Time{}, nil
	}
	return time.Unix(0, until).UTC(), nil
}

// countFailure counts one failure in a single statement that also
// takes the row's lock (PostgreSQL) or runs under the write lock
// (SQLite), so concurrent failures from any number of servers all count.
// A run of failures older than Forget starts again at 1.
const countFailure = `INSERT INTO login_throttle AS t (throttle_key, failures, window_start, locked_until)
	VALUES (?, 1, ?, 0)
	ON CONFLICT (throttle_key) DO UPDATE SET
	failures = CASE WHEN t.window_start <= ? THEN 1 ELSE t.failures + 1 END,
	window_start = excluded.window_start
	RETURNING failures`

// RecordLoginFailure implements zhixi.UserService. window_start holds the
// time of the latest failure. The audit detail of a wait names the kind of
// key, never the key: a username may be a child's name.
func (db *DB) RecordLoginFailure(ctx context.Context, now time.Time, keys []zhixi.LoginKey, e *zhixi.AuditEntry) (time.Time, error) {
	var latest time.Time
	err := db.tx(ctx, func(h handle) error {
		if err := appendAudit(ctx, h, e); err != nil {
			return err
		}
		for _, k := range keys {
			if blank(k.Key) {
				return zhixi.Errorf(zhixi.EINVALID, "err.invalid")
			}
			var failures int
			if err := h.queryRow(ctx, countFailure, k.Key, now.UnixNano(), now.Add(-k.Backoff.Forget).UnixNano()).Scan(&failures); err != nil {
				return dbError(err, "record login failure")
			}
			d := k.Backoff.Delay(failures)
			if d == 0 {
				continue
			}
			until := utc(now.Add(d))
			if _, err := h.exec(ctx, "UPDATE login_throttle SET locked_until = ? WHERE throttle_key = ?", until.UnixNano(), k.Key); err != nil {
				return dbError(err, "lock login")
			}
			if until.After(latest) {
				latest = until
			}
			kind, _, _ := strings.Cut(k.Key, ":")
			lock := *e
			lock.ID, lock.Action = 0, zhixi.AuditLoginLocked
			lock.Detail = fmt.Sprintf("%s：第 %d 次失败，等待 %s", keyKinds[kind], failures, d)
			if err := appendAudit(ctx, h, &lock); err != nil {
				return err
			}
		}
		return nil
	})
	return latest, err
}

// keyKinds name the kinds of back-off key in audit rows.
var keyKinds = map[string]string{"user": "账号", "device": "已登录过的设备", "ip": "地址", "tablet": "平板登录码（地址）"}

// StartSession implements zhixi.UserService.
func (db *DB) StartSession(ctx context.Context, s *zhixi.Session, key string, e *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		if _, err := h.exec(ctx, "DELETE FROM login_throttle WHERE throttle_key = ?", key); err != nil {
			return dbError(err, "clear login failures")
		}
		if err := db.insertSession(ctx, h, s); err != nil {
			return err
		}
		return appendAudit(ctx, h, e)
	})
}

// EndSession implements zhixi.UserService.
func (db *DB) EndSession(ctx context.Context, tokenHash string, e *zhixi.AuditEntry) error {
	defer db.access.forget(tokenHash)
	return db.tx(ctx, func(h handle) error {
		n, err := rowsAffected(h.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash))
		if err != nil || n == 0 {
			return dbError(err, "end session")
		}
		return appendAudit(ctx, h, e)
	})
}

// ClearLoginFailures implements zhixi.UserService.
func (db *DB) ClearLoginFailures(ctx context.Context, key string, e *zhixi.AuditEntry) (bool, error) {
	var cleared bool
	err := db.tx(ctx, func(h handle) error {
		n, err := rowsAffected(h.exec(ctx, "DELETE FROM login_throttle WHERE throttle_key = ?", key))
		if err != nil {
			return dbError(err, "clear login failures")
		}
		cleared = n > 0
		return appendAudit(ctx, h, e)
	})
	return cleared, err
}

// ChangePassword implements zhixi.UserService.
func (db *DB) ChangePassword(ctx context.Context, userID int64, hash, keepSession string, e *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		return setPassword(ctx, h, userID, hash, keepSession, e)
	})
}

func setPassword(ctx context.Context, h handle, userID int64, hash, keepSession string, e *zhixi.AuditEntry) error {
	res, err := h.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)
	if err := affected(res, err, "set password", "err.user_not_found"); err != nil {
		return err
	}
	if _, err := h.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", userID, keepSession); err != nil {
		return dbError(err, "end other sessions")
	}
	return appendAudit(ctx, h, e)
}

// CreateResetCode implements zhixi.UserService.
func (db *DB) CreateResetCode(ctx context.Context, c *zhixi.ResetCode, e *zhixi.AuditEntry) error {
	if c.CodeHash == "" || c.UserID == 0 || c.ExpiresAt.IsZero() {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid")
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	return db.tx(ctx, func(h handle) error {
		if _, err := h.exec(ctx, "DELETE FROM reset_codes WHERE user_id = ? AND used_at IS NULL", c.UserID); err != nil {
			return dbError(err, "replace reset codes")
		}
		if _, err := h.exec(ctx, `INSERT INTO reset_codes (code_hash, user_id, issued_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, c.CodeHash, c.UserID, c.IssuedBy, nanos(c.CreatedAt), c.ExpiresAt.UnixNano()); err != nil {
			return dbError(err, "create reset code")
		}
		return appendAudit(ctx, h, e)
	})
}

// UseResetCode implements zhixi.UserService. The conditional UPDATE
// claims the code, so two uses at once cannot both succeed.
func (db *DB) UseResetCode(ctx context.Context, codeHash, hash string, now time.Time, e *zhixi.AuditEntry) (*zhixi.User, error) {
	var u zhixi.User
	err := db.tx(ctx, func(h handle) error {
		var userID int64
		err := h.queryRow(ctx, `UPDATE reset_codes SET used_at = ?
			WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`,
			now.UnixNano(), codeHash, now.UnixNano()).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return zhixi.Errorf(zhixi.EINVALID, "err.reset_code_invalid")
		}
		if err != nil {
			return dbError(err, "use reset code")
		}
		if err := scanUser(h.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", userID), &u); err != nil {
			return notFound(err, "reset code user", "err.user_not_found")
		}
		e.ActorID, e.ActorRole, e.ObjectID = u.ID, u.Role, u.ID
		return setPassword(ctx, h, u.ID, hash, "", e)
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// Secret implements zhixi.UserService. The first server to insert wins;
// the others read its value.
func (db *DB) Secret(ctx context.Context, name string, fresh func() (string, error)) (string, error) {
	var v string
	err := db.reader().queryRow(ctx, "SELECT secret FROM server_secrets WHERE name = ?", name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", dbError(err, "read secret")
	}
	nv, err := fresh()
	if err != nil {
		return "", err
	}
	if _, err := db.writer().exec(ctx, `INSERT INTO server_secrets (name, secret, created_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`, name, nv, time.Now().UnixNano()); err != nil {
		return "", dbError(err, "store secret")
	}
	if err := db.writer().queryRow(ctx, "SELECT secret FROM server_secrets WHERE name = ?", name).Scan(&v); err != nil {
		return "", dbError(err, "read secret")
	}
	return v, nil
}
