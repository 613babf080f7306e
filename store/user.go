package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	_, err := db.writer().exec(ctx, `INSERT INTO sessions
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

// TouchSession implements zhixi.UserService.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, lastSeen, expiresAt time.Time) error {
	res, err := db.writer().exec(ctx, "UPDATE sessions SET last_seen = ?, expires_at = ? WHERE token_hash = ?",
		lastSeen.UnixNano(), expiresAt.UnixNano(), tokenHash)
	return affected(res, err, "touch session", "err.session_not_found")
}

// DeleteSession implements zhixi.UserService. Deleting a missing session
// is not an error: logging out twice is fine.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
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

// recordFailure counts one failure in a single statement, so concurrent
// failures from any number of servers all count. A window that started
// at or before now-Window restarts at now with a count of 1. When the
// count reaches the limit the key is locked until now+LockFor.
const recordFailure = `INSERT INTO login_throttle AS t (throttle_key, failures, window_start, locked_until)
	VALUES (?, 1, ?, ?)
	ON CONFLICT (throttle_key) DO UPDATE SET
	failures = CASE WHEN t.window_start <= ? THEN 1 ELSE t.failures + 1 END,
	window_start = CASE WHEN t.window_start <= ? THEN ? ELSE t.window_start END,
	locked_until = CASE WHEN (CASE WHEN t.window_start <= ? THEN 1 ELSE t.failures + 1 END) >= ?
		THEN ? ELSE t.locked_until END
	RETURNING failures`

// RecordLoginFailure implements zhixi.UserService.
func (db *DB) RecordLoginFailure(ctx context.Context, key string, now time.Time, t zhixi.Throttle) (time.Time, error) {
	if t.Limit <= 0 {
		return time.Time{}, zhixi.WrapError(zhixi.EINVALID, "err.invalid", fmt.Errorf("throttle limit %d must be positive", t.Limit))
	}
	nowN, cutoff, lockEnd := now.UnixNano(), now.Add(-t.Window).UnixNano(), now.Add(t.LockFor).UnixNano()
	firstLock := int64(0)
	if t.Limit <= 1 {
		firstLock = lockEnd
	}
	var failures int
	err := db.writer().queryRow(ctx, recordFailure, key, nowN, firstLock,
		cutoff, cutoff, nowN, cutoff, t.Limit, lockEnd).Scan(&failures)
	if err != nil {
		return time.Time{}, dbError(err, "record login failure")
	}
	if failures >= t.Limit {
		return time.Unix(0, lockEnd).UTC(), nil
	}
	return time.Time{}, nil
}

// ClearLoginFailures implements zhixi.UserService.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.writer().exec(ctx, "DELETE FROM login_throttle WHERE throttle_key = ?", key)
	return dbError(err, "clear login failures")
}
