// Package account holds the account actions: signing in and out under a
// back-off that cannot lock a room out, lifting a back-off, changing a
// password and resetting one with a code staff issue. Web pages and the
// JSON API decode their input and call these; each action checks access
// and writes its change with its audit row in one transaction.
package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/password"
)

// Store is what the account actions need from storage.
type Store interface {
	zhixi.UserService
	zhixi.StudentService
}

// Back-off policies. An account's back-off stops password guessing from
// new devices; a device that signed in before has its own, so a guesser
// elsewhere cannot lock the owner out. The address limit counts only
// unknown usernames, so the tablets behind a room's one NAT address are
// not locked out by each other's typing mistakes.
var (
	AccountBackoff = zhixi.Backoff{Free: 4, Base: 30 * time.Second, Max: 30 * time.Minute, Forget: 24 * time.Hour}
	DeviceBackoff  = zhixi.Backoff{Free: 4, Base: 30 * time.Second, Max: 30 * time.Minute, Forget: 24 * time.Hour}
	AddressBackoff = zhixi.Backoff{Free: 29, Base: 15 * time.Minute, Max: 15 * time.Minute, Forget: 15 * time.Minute}
)

// Lifetimes.
const (
	// SessionIdle ends a session after this long without a request.
	SessionIdle = 12 * time.Hour
	// SessionMax ends a session this long after sign-in, however busy.
	SessionMax = 7 * 24 * time.Hour
	// DeviceLifetime is how long a device is remembered after sign-in.
	DeviceLifetime = 365 * 24 * time.Hour
	// ResetCodeLifetime is how long a reset code can be used.
	ResetCodeLifetime = 24 * time.Hour
)

// Service runs the account actions. It keeps only the device-cookie
// secret, read from the database, which every server shares.
type Service struct {
	store  Store
	hasher *password.Hasher
	now    func() time.Time

	mu     sync.Mutex
	secret []byte
}

// New returns a Service; now nil means time.Now.
func New(st Store, h *password.Hasher, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, hasher: h, now: now}
}

// Request is where an action comes from, for the audit row.
type Request struct {
	IP        string
	UserAgent string
}

// LoginRequest is what a sign-in form or API call carries. Device is the
// device cookie's value, "" if none.
type LoginRequest struct {
	Request
	Username, Password string
	Device             string
}

// LoginResult is a started session: the cookie values to set.
type LoginResult struct {
	User    *zhixi.User
	Token   string // the session cookie; only its hash is stored
	Expires time.Time
	Device  string // the device cookie, renewed on every sign-in
}

// ThrottleKey is the back-off key of a username: case variants share it,
// so "Admin" and "admin" count as one account.
func ThrottleKey(username string) string {
	return "user:" + strings.ToLower(strings.TrimSpace(username))
}

func deviceKey(userID int64, id string) string { return fmt.Sprintf("device:%d:%s", userID, id) }

func addressKey(ip string) string { return "ip:" + ip }

// HashToken is how session tokens and reset codes are stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login checks credentials under the back-offs and starts a session.
// EINVALID for empty fields, ELOCKED while a back-off lasts,
// EUNAUTHORIZED for wrong credentials, EFORBIDDEN for a disabled account.
func (s *Service) Login(ctx context.Context, in LoginRequest) (*LoginResult, error) {
	username := strings.TrimSpace(in.Username)
	if username == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "用户名")
	}
	if in.Password == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "密码")
	}
	if _, err := zhixi.CheckText("用户名", username, zhixi.MaxNameLen); err != nil {
		return nil, err
	}
	now := s.now()
	u, err := s.store.UserByUsername(ctx, username)
	known := err == nil
	if err != nil && zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
		return nil, err
	}
	// The key this attempt counts against: the device's own for a known
	// device, else the account's (any case of the name).
	key := ThrottleKey(username)
	var device string
	if known {
		if id, ok := s.verifyDevice(ctx, in.Device, u.ID); ok {
			device, key = id, deviceKey(u.ID, id)
		}
	}
	keys := []string{key}
	if !known {
		keys = append(keys, addressKey(in.IP))
	}
	for _, k := range keys {
		until, err := s.store.LoginLockedUntil(ctx, k, now)
		if err != nil {
			return nil, err
		}
		if !until.IsZero() {
			return nil, lockedError(until, now)
		}
	}
	if known {
		err = s.hasher.Verify(ctx, in.Password, u.PasswordHash)
	} else {
		// Spend the time of a real check so timing does not reveal
		// which usernames exist.
		_ = s.hasher.Verify(ctx, in.Password, dummyHash)
		err = password.ErrMismatch
	}
	if errors.Is(err, password.ErrMismatch) {
		return nil, s.failed(ctx, in.Request, u, device, keys, now)
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.account_disabled")
	}
	token, err := newToken(32)
	if err != nil {
		return nil, err
	}
	if device == "" {
		if device, err = newToken(16); err != nil {
			return nil, err
		}
	}
	cookie, err := s.signDevice(ctx, u.ID, device)
	if err != nil {
		return nil, err
	}
	sess := &zhixi.Session{TokenHash: HashToken(token), UserID: u.ID, CreatedAt: now, LastSeen: now,
		ExpiresAt: now.Add(SessionIdle), IP: in.IP, UserAgent: truncate(in.UserAgent, 200)}
	e := audit(in.Request, now, u, zhixi.AuditLogin, u.ID, "")
	if err := s.store.StartSession(ctx, sess, key, e); err != nil {
		return nil, err
	}
	return &LoginResult{User: u, Token: token, Expires: sess.ExpiresAt, Device: cookie}, nil
}

// DeviceSession starts a session for u on a device that signed in without
// a password (a room tablet handed over by its supervisor, or a sign-in
// code). roomID and idle mark a tablet session; previous, the device's
// old session token if any, ends first, so the next student never
// inherits it. The action that let u in wrote its own audit row.
func (s *Service) DeviceSession(ctx context.Context, r Request, u *zhixi.User, roomID int64, idle time.Duration, previous string) (string, time.Time, error) {
	if previous != "" {
		if err := s.store.DeleteSession(ctx, HashToken(previous)); err != nil {
			return "", time.Time{}, err
		}
	}
	token, err := newToken(32)
	if err != nil {
		return "", time.Time{}, err
	}
	now := s.now()
	if idle <= 0 {
		idle = SessionIdle
	}
	sess := &zhixi.Session{TokenHash: HashToken(token), UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(idle),
		IP: r.IP, UserAgent: truncate(r.UserAgent, 200), RoomID: roomID, Idle: idle}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return "", time.Time{}, err
	}
	return token, sess.ExpiresAt, nil
}

// failed records a failed sign-in against its keys with one audit row
// and returns the error to show.
func (s *Service) failed(ctx context.Context, r Request, u *zhixi.User, device string, keys []string, now time.Time) error {
	e := &zhixi.AuditEntry{At: now, Action: zhixi.AuditLoginFailed, Object: "user", IP: r.IP}
	lk := []zhixi.LoginKey{{Key: keys[0], Backoff: AccountBackoff}}
	switch {
	case u == nil:
		// The typed name is not kept: it may be a child's name.
		e.Detail = "未知用户名"
		lk = append(lk, zhixi.LoginKey{Key: keys[1], Backoff: AddressBackoff})
	case device != "":
		e.ObjectID, e.Detail = u.ID, "已登录过的设备"
		lk[0].Backoff = DeviceBackoff
	default:
		e.ObjectID = u.ID
	}
	locked, err := s.store.RecordLoginFailure(ctx, now, lk, e)
	if err != nil {
		return err
	}
	if !locked.IsZero() {
		return lockedError(locked, now)
	}
	return zhixi.Errorf(zhixi.EUNAUTHORIZED, "err.bad_credentials")
}

func lockedError(until, now time.Time) error {
	secs := int(until.Sub(now).Seconds()) + 1
	if secs < 120 {
		return zhixi.Errorf(zhixi.ELOCKED, "err.login_wait_seconds", secs)
	}
	return zhixi.Errorf(zhixi.ELOCKED, "err.login_locked", (secs+59)/60)
}

// Logout ends the session with that token; a missing session is not an
// error (signing out twice is fine).
func (s *Service) Logout(ctx context.Context, r Request, u *zhixi.User, token string) error {
	e := audit(r, s.now(), u, zhixi.AuditLogout, u.ID, "")
	return s.store.EndSession(ctx, HashToken(token), e)
}

// Session returns the account of a live session and whether its sliding
// expiry should move on (at most once a minute). A session past its idle
// or absolute lifetime is ENOTFOUND.
func (s *Service) Session(ctx context.Context, token string) (*zhixi.User, error) {
	return s.session(ctx, token, false)
}

// SessionAt is Session for a route whose action checks access at its
// write (zhixi.User.AccessEpoch): where the store can, the session may be
// one this server read before, and the account carries its epoch.
func (s *Service) SessionAt(ctx context.Context, token string) (*zhixi.User, error) {
	return s.session(ctx, token, true)
}

func (s *Service) session(ctx context.Context, token string, atEpoch bool) (*zhixi.User, error) {
	now := s.now()
	h := HashToken(token)
	sess, u, err := s.sessionUser(ctx, h, now, atEpoch)
	if err != nil {
		return nil, err
	}
	end := sess.CreatedAt.Add(SessionMax)
	if !now.Before(end) {
		if err := s.store.DeleteSession(ctx, h); err != nil {
			return nil, err
		}
		return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.session_not_found")
	}
	if u.Disabled {
		return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.account_disabled")
	}
	u.TabletRoom = sess.RoomID
	if now.Sub(sess.LastSeen) > time.Minute {
		idle := SessionIdle
		if sess.Idle > 0 {
			idle = sess.Idle // a tablet's own, shorter idle lifetime
		}
		exp := now.Add(idle)
		if exp.After(end) {
			exp = end
		}
		if err := s.store.TouchSession(ctx, h, now, exp); err != nil && zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			return nil, err
		}
	}
	return u, nil
}

// sessionUser reads the session and its account, in one go where the
// store can.
func (s *Service) sessionUser(ctx context.Context, h string, now time.Time, atEpoch bool) (*zhixi.Session, *zhixi.User, error) {
	if r, ok := s.store.(zhixi.AccessAtEpochReader); ok && atEpoch {
		return r.SessionUserAt(ctx, h, now)
	}
	if r, ok := s.store.(zhixi.SessionUserReader); ok {
		return r.SessionUser(ctx, h, now)
	}
	sess, err := s.store.Session(ctx, h, now)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.store.User(ctx, sess.UserID)
	if err != nil {
		return nil, nil, err
	}
	return sess, u, nil
}

func audit(r Request, now time.Time, actor *zhixi.User, action string, objectID int64, detail string) *zhixi.AuditEntry {
	return &zhixi.AuditEntry{At: now, ActorID: actor.ID, ActorRole: actor.Role, Action: action, Object: "user",
		ObjectID: objectID, Detail: detail, IP: r.IP}
}

func newToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// dummyHash is a valid argon2id hash with the default cost, checked
// against for unknown usernames.
const dummyHash = "$argon2id$v=19$m=65536,t=1,p=2$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// deviceSecret is the name of the device-cookie key in the database.
const deviceSecret = "device-cookie"

func (s *Service) key(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	v, err := s.store.Secret(ctx, deviceSecret, func() (string, error) { return newToken(32) })
	if err != nil {
		return nil, err
	}
	s.secret = []byte(v)
	return s.secret, nil
}

// signDevice returns a device cookie: "userID.deviceID.mac".
func (s *Service) signDevice(ctx context.Context, userID int64, id string) (string, error) {
	k, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	payload := strconv.FormatInt(userID, 10) + "." + id
	return payload + "." + mac(k, payload), nil
}

// verifyDevice returns the device id of a cookie signed for userID.
func (s *Service) verifyDevice(ctx context.Context, cookie string, userID int64) (string, bool) {
	uid, rest, ok := strings.Cut(cookie, ".")
	if !ok || uid != strconv.FormatInt(userID, 10) {
		return "", false
	}
	id, sig, ok := strings.Cut(rest, ".")
	if !ok || id == "" {
		return "", false
	}
	k, err := s.key(ctx)
	if err != nil {
		return "", false
	}
	if !hmac.Equal([]byte(sig), []byte(mac(k, uid+"."+id))) {
		return "", false
	}
	return id, true
}

func mac(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("zhixi device\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
