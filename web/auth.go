package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/password"
)

const sessionCookie = "zhixi_session"

// Login throttles: per account and per client address. Both live in the
// database, so they hold across servers.
var (
	userThrottle = zhixi.Throttle{Limit: 5, Window: 15 * time.Minute, LockFor: 15 * time.Minute}
	ipThrottle   = zhixi.Throttle{Limit: 30, Window: 15 * time.Minute, LockFor: 15 * time.Minute}
)

// handlerFunc is a handler that returns its error to the funnel.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// authedFunc is a handler for a logged-in user.
type authedFunc func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error

type ctxKey int

const (
	userKey ctxKey = iota
	sessionErrKey
)

// page registers an HTML route.
func (s *Server) page(mux *http.ServeMux, pattern string, h handlerFunc) {
	s.patterns = append(s.patterns, pattern)
	mux.Handle(pattern, s.metrics.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := h(w, r); err != nil {
			s.pageFail(w, r, err)
		}
	})))
}

// api registers a JSON route.
func (s *Server) api(mux *http.ServeMux, pattern string, h handlerFunc) {
	s.patterns = append(s.patterns, pattern)
	mux.Handle(pattern, s.metrics.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := h(w, r); err != nil {
			s.apiFail(w, r, err)
		}
	})))
}

// authed requires a logged-in, enabled account.
func (s *Server) authed(h authedFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err, _ := r.Context().Value(sessionErrKey).(error); err != nil {
			return err
		}
		u, _ := r.Context().Value(userKey).(*zhixi.User)
		if u == nil {
			if _, err := r.Cookie(sessionCookie); err == nil {
				return zhixi.Errorf(zhixi.EUNAUTHORIZED, "err.session_expired")
			}
			return zhixi.Errorf(zhixi.EUNAUTHORIZED, "err.login_required")
		}
		return h(w, r, u)
	}
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// loadUser resolves the session cookie to an account once per request.
// A database fault is kept and reported by authed handlers as "unavailable"
// rather than mistaken for a logged-out user.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		u, err := s.sessionUser(ctx, c.Value)
		switch {
		case err == nil:
			ctx = context.WithValue(ctx, userKey, u)
		case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
			s.clearCookie(w)
		default:
			ctx = context.WithValue(ctx, sessionErrKey, err)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) sessionUser(ctx context.Context, token string) (*zhixi.User, error) {
	now := s.now()
	h := hashToken(token)
	sess, err := s.store.Session(ctx, h, now)
	if err != nil {
		return nil, err
	}
	u, err := s.store.User(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.account_disabled")
	}
	// Sliding expiry, written at most once a minute per session; a tablet
	// session has its own, shorter idle lifetime.
	ttl := s.ttl
	if sess.Idle > 0 {
		ttl = sess.Idle
	}
	if now.Sub(sess.LastSeen) > time.Minute {
		if err := s.store.TouchSession(ctx, h, now, now.Add(ttl)); err != nil {
			s.log.WarnContext(ctx, "touch session", "err", err)
		}
	}
	return u, nil
}

func (s *Server) clientIP(r *http.Request) string {
	if s.proxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			return strings.TrimSpace(strings.Split(xff, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// login checks credentials under both throttles and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request, username, pw string) (*zhixi.User, error) {
	ctx := r.Context()
	username = strings.TrimSpace(username)
	if username == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "用户名")
	}
	if pw == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "密码")
	}
	now := s.now()
	ip := s.clientIP(r)
	keys := []string{"user:" + strings.ToLower(username), "ip:" + ip}
	for _, k := range keys {
		until, err := s.store.LoginLockedUntil(ctx, k, now)
		if err != nil {
			return nil, err
		}
		if !until.IsZero() {
			s.metrics.logins.WithLabelValues("locked").Inc()
			return nil, lockedError(until, now)
		}
	}
	u, err := s.store.UserByUsername(ctx, username)
	switch {
	case err == nil:
		err = s.hasher.Verify(ctx, pw, u.PasswordHash)
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
		// Spend the same time as a real check so response times do not
		// reveal which usernames exist.
		_ = s.hasher.Verify(ctx, pw, dummyHash)
		err = password.ErrMismatch
	}
	if errors.Is(err, password.ErrMismatch) {
		s.metrics.logins.WithLabelValues("failed").Inc()
		var locked time.Time
		for i, k := range keys {
			t := userThrottle
			if i == 1 {
				t = ipThrottle
			}
			until, ferr := s.store.RecordLoginFailure(ctx, k, now, t)
			if ferr != nil {
				return nil, ferr
			}
			if !until.IsZero() {
				locked = until
			}
		}
		if !locked.IsZero() {
			return nil, lockedError(locked, now)
		}
		return nil, zhixi.Errorf(zhixi.EUNAUTHORIZED, "err.bad_credentials")
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.account_disabled")
	}
	if err := s.store.ClearLoginFailures(ctx, keys[0]); err != nil {
		return nil, err
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	sess := &zhixi.Session{
		TokenHash: hashToken(token), UserID: u.ID, CreatedAt: now, LastSeen: now,
		ExpiresAt: now.Add(s.ttl), IP: ip, UserAgent: truncate(r.UserAgent(), 200),
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return nil, err
	}
	if err := s.audit(r, u, zhixi.AuditLogin, "user", u.ID, 0, ""); err != nil {
		return nil, err
	}
	s.metrics.logins.WithLabelValues("ok").Inc()
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, Expires: now.Add(s.ttl),
	})
	return u, nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.store.DeleteSession(r.Context(), hashToken(c.Value)); err != nil && zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			return err
		}
	}
	s.clearCookie(w)
	// Drop cached pages of the session, so Back shows nothing of it.
	w.Header().Set("Clear-Site-Data", `"cache"`)
	return nil
}

func (s *Server) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func lockedError(until, now time.Time) error {
	mins := int(until.Sub(now).Minutes()) + 1
	return zhixi.Errorf(zhixi.ELOCKED, "err.login_locked", mins)
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// dummyHash is a valid argon2id hash of a random password with the
// default cost, used to equalise timing for unknown usernames.
var dummyHash = "$argon2id$v=19$m=65536,t=1,p=2$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext accepts only local paths as a post-login redirect target, so
// the login form cannot be used as an open redirect.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	return next
}

// audit appends to the audit log. Handlers call it before they show or
// return a minor's data and fail when it fails: no unaudited reads.
func (s *Server) audit(r *http.Request, u *zhixi.User, action, object string, objectID, studentID int64, detail string) error {
	e := &zhixi.AuditEntry{
		At: s.now(), ActorID: u.ID, ActorRole: u.Role, Action: action, Object: object,
		ObjectID: objectID, StudentID: studentID, Detail: detail, IP: s.clientIP(r),
	}
	if err := s.store.AppendAudit(r.Context(), e); err != nil {
		return fmt.Errorf("audit %s %s %d: %w", action, object, objectID, err)
	}
	return nil
}
