package web

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/account"
)

// Cookies: the session, and the device cookie that lets a device which
// signed in before past an account's back-off (account.Login).
const (
	sessionCookie = "zhixi_session"
	deviceCookie  = "zhixi_device"
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

// page registers an HTML route. Every form value is checked (checkForm)
// before the handler runs.
func (s *Server) page(mux *http.ServeMux, pattern string, h handlerFunc) {
	s.patterns = append(s.patterns, pattern)
	mux.Handle(pattern, s.metrics.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		r = r.WithContext(zhixi.WithClientIP(r.Context(), s.clientIP(r)))
		err := checkForm(r)
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			s.pageFail(w, r, err)
		}
	})))
}

// api registers a JSON route.
func (s *Server) api(mux *http.ServeMux, pattern string, h handlerFunc) {
	s.patterns = append(s.patterns, pattern)
	mux.Handle(pattern, s.metrics.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		r = r.WithContext(zhixi.WithClientIP(r.Context(), s.clientIP(r)))
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

// loadUser resolves the session cookie to an account once per request.
// A database fault is kept and reported by authed handlers as "unavailable"
// rather than mistaken for a logged-out user.
func (s *Server) loadUser(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			mux.ServeHTTP(w, r)
			return
		}
		_, pattern := mux.Handler(r)
		mux.ServeHTTP(w, r.WithContext(s.withSession(r.Context(), w, c.Value, s.atEpoch[pattern])))
	})
}

// withSession is ctx with the account of the session token (nil for a
// session that has ended) and the fault that kept it from being read, if
// any; atEpoch reads it as account.SessionAt does. Both are set even when
// empty, so that a second read (checkedAtWrite) hides the first.
func (s *Server) withSession(ctx context.Context, w http.ResponseWriter, token string, atEpoch bool) context.Context {
	read := s.accounts.Session
	if atEpoch {
		read = s.accounts.SessionAt
	}
	u, err := read(ctx, token)
	if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
		s.clearCookie(w)
		err = nil
	}
	return context.WithValue(context.WithValue(ctx, userKey, u), sessionErrKey, err)
}

// checkedAtWrite registers h with register (page or api) as a route whose
// action checks access at its write (zhixi.User.AccessEpoch): its
// session, and the student its action reads, may be those this server
// read for an earlier request, so that an answer reads nothing before its
// write. When the access epoch has moved on, nothing was written and h
// runs once more with both read afresh, on the same request body.
func (s *Server) checkedAtWrite(register func(*http.ServeMux, string, handlerFunc), mux *http.ServeMux, pattern string, h handlerFunc) {
	s.atEpoch[pattern] = true
	register(mux, pattern, func(w http.ResponseWriter, r *http.Request) error {
		body, rerr := io.ReadAll(r.Body)
		again := func() io.ReadCloser {
			if rerr != nil { // too large, say: h reports it
				return io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
			}
			return io.NopCloser(bytes.NewReader(body))
		}
		r.Body = again()
		err := h(w, r)
		if !zhixi.IsAccessChanged(err) || rerr != nil {
			return err
		}
		c, cerr := r.Cookie(sessionCookie)
		if cerr != nil {
			return err
		}
		s.metrics.reread.Inc()
		r = r.WithContext(s.withSession(r.Context(), w, c.Value, true))
		r.Body = again()
		return h(w, r)
	})
}

// errReader fails every read with its error.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// DefaultTrustedProxies are the proxies trusted when none are configured:
// a reverse proxy on the same host.
var DefaultTrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// clientIP is the address a request comes from. Behind a reverse proxy
// (TrustProxy) it is the right-most X-Forwarded-For hop that is not a
// trusted proxy: every hop left of it was written by the client, who can
// write anything there.
func (s *Server) clientIP(r *http.Request) string {
	return clientIP(r, s.proxy, s.trusted)
}

func clientIP(r *http.Request, proxy bool, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if !proxy || err != nil || !isTrusted(peer, trusted) {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := host
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		a, err := netip.ParseAddr(hop)
		if err != nil {
			// Garbage left of a trusted hop: the last trusted hop is the
			// best that is known.
			return client
		}
		client = a.Unmap().String()
		if !isTrusted(a, trusted) {
			return client
		}
	}
	return client
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (s *Server) request(r *http.Request) account.Request {
	return account.Request{IP: s.clientIP(r), UserAgent: r.UserAgent()}
}

// login signs in with the account action and sets the session and
// device cookies.
func (s *Server) login(w http.ResponseWriter, r *http.Request, username, pw string) (*zhixi.User, error) {
	in := account.LoginRequest{Request: s.request(r), Username: username, Password: pw}
	if c, err := r.Cookie(deviceCookie); err == nil {
		in.Device = c.Value
	}
	res, err := s.accounts.Login(r.Context(), in)
	if err != nil {
		switch zhixi.ErrorCode(err) {
		case zhixi.ELOCKED:
			s.metrics.logins.WithLabelValues("locked").Inc()
		case zhixi.EUNAUTHORIZED:
			s.metrics.logins.WithLabelValues("failed").Inc()
		}
		return nil, err
	}
	s.metrics.logins.WithLabelValues("ok").Inc()
	now := s.now()
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: res.Token, Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, Expires: now.Add(account.SessionMax),
	})
	http.SetCookie(w, &http.Cookie{
		Name: deviceCookie, Value: res.Device, Path: "/login", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteStrictMode, Expires: now.Add(account.DeviceLifetime),
	})
	return res.User, nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	u, _ := r.Context().Value(userKey).(*zhixi.User)
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && u != nil {
		if err := s.accounts.Logout(r.Context(), s.request(r), u, c.Value); err != nil && zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
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

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext accepts only local paths as a post-login redirect target, so
// the login form cannot be used as an open redirect.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return "/"
	}
	return next
}
