// Package web serves the AI智习室 web app (server-rendered HTML, Chinese
// first, progressive enhancement) and its JSON API under /api/v1.
package web

import (
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/account"
	"github.com/zhixi-org/zhixi/board"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/family"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/org"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/report"
	"github.com/zhixi-org/zhixi/rights"
	"github.com/zhixi-org/zhixi/tablet"
)

// Store is what the web app needs from storage.
type Store interface {
	zhixi.OrgService
	zhixi.UserService
	zhixi.AuditService
	zhixi.AccountService
	zhixi.RightsService
	zhixi.FamilyService
	zhixi.ConsentService
	zhixi.TabletService
	learn.Store
	report.Store
	board.Store
	RoomStore
	Ping(ctx context.Context) error
}

// Config configures a Server.
type Config struct {
	Store  Store
	Logger *slog.Logger
	Hasher *password.Hasher
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SecureCookies sets the Secure flag on cookies. Leave it on in
	// production (behind TLS); `zhixi serve` turns it off only for a
	// plain-HTTP loopback address.
	SecureCookies bool
	// TrustProxy takes the client address from X-Forwarded-For, for
	// deployments behind a reverse proxy: the right-most hop that is not
	// one of TrustedProxies (nil means DefaultTrustedProxies).
	TrustProxy     bool
	TrustedProxies []netip.Prefix
	// Content is the curriculum admins browse; nil hides those pages.
	Content *curriculum.Bank
	// Fitter fits the knowledge-tracing models when an admin asks; nil
	// hides the button.
	Fitter *learn.Fitter
	// Report configures the 解读 report: the optional narrative model and
	// the Chromium that prints PDFs.
	Report ReportConfig
	// Screening is the free screening's policy (eligible grades, minimum
	// answers, one per subject or in total); zero fields mean defaults.
	Screening learn.Policy
	// MaxInFlight bounds the requests served at once (static files and
	// probes aside); 0 means 16. A request that finds no slot within
	// QueueWait (0: 250ms) gets 503 with Retry-After.
	MaxInFlight int
	QueueWait   time.Duration
}

// Server is the HTTP front end. It keeps no per-user state in memory, so
// any number of servers can share one PostgreSQL database.
type Server struct {
	store    Store
	log      *slog.Logger
	hasher   *password.Hasher
	now      func() time.Time
	secure   bool
	proxy    bool
	trusted  []netip.Prefix
	accounts *account.Service
	rights   *rights.Service
	content  *curriculum.Bank
	learning *learn.Service
	fitter   *learn.Fitter
	reports  *report.Service
	boards   *board.Service
	chromium string
	org      *org.Service
	family   *family.Service
	tablet   *tablet.Service
	ops      *roomOps
	views    *views
	metrics  *metrics
	limiter  limiter
	patterns []string // the app's routes, as registered by page and api
	// atEpoch holds the routes whose action checks access at its write
	// (checkedAtWrite).
	atEpoch  map[string]bool
	timeouts timeouts
	ready    readiness
	handler  http.Handler
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// New builds a Server and parses every view, failing fast on a template
// error rather than at the first request.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Hasher == nil {
		return nil, errors.New("web: Config.Store and Config.Hasher are required")
	}
	s := &Server{
		store:   cfg.Store,
		log:     cfg.Logger,
		hasher:  cfg.Hasher,
		now:     cfg.Now,
		secure:  cfg.SecureCookies,
		proxy:   cfg.TrustProxy,
		trusted: cfg.TrustedProxies,

		content: cfg.Content,
		fitter:  cfg.Fitter,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.trusted == nil {
		s.trusted = DefaultTrustedProxies
	}
	s.accounts = account.New(cfg.Store, cfg.Hasher, s.now)
	s.rights = rights.New(cfg.Store, s.now)
	var err error
	if s.views, err = parseViews(templateFS); err != nil {
		return nil, err
	}
	s.learning = learn.NewService(cfg.Store, cfg.Content, s.now)
	s.reports, s.chromium = cfg.Report.service(cfg, s.learning, s.now)
	s.boards = &board.Service{Store: cfg.Store, Content: cfg.Content, Now: s.now}
	s.learning.Policy = cfg.Screening
	s.org = org.New(cfg.Store, cfg.Hasher, s.now)
	s.family = family.New(cfg.Store, cfg.Hasher, s.now)
	s.tablet = tablet.New(cfg.Store, s.now)
	s.metrics = newMetrics()
	s.metrics.watchPools(cfg.Store)
	s.limiter = limiter{slots: make(chan struct{}, cmp.Or(cfg.MaxInFlight, defaultMaxInFlight)), wait: cmp.Or(cfg.QueueWait, defaultQueueWait)}
	s.timeouts = defaultTimeouts
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.atEpoch = map[string]bool{}
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", s.staticHandler(static)))
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.HandleFunc("GET /readyz", s.handleReadyz)

	s.page(mux, "GET /login", s.handleLoginForm)
	s.page(mux, "POST /login", s.handleLogin)
	s.page(mux, "POST /logout", s.handleLogout)
	s.page(mux, "GET /{$}", s.authed(s.handleHome))
	s.page(mux, "GET /admin", s.authed(s.handleAdmin))
	s.page(mux, "GET /admin/audit", s.authed(s.handleAudit))
	s.page(mux, "POST /admin/models/fit", s.authed(s.handleModelFit))
	s.page(mux, "GET /admin/content", s.authed(s.handleContent))
	s.page(mux, "GET /admin/content/{subject}", s.authed(s.handleContentSubject))
	s.page(mux, "GET /admin/content/items", s.authed(s.handleContentItems))
	s.page(mux, "GET /admin/content/items/{id}", s.authed(s.handleItemPreview))
	s.page(mux, "POST /admin/content/items/{id}", s.authed(s.handleItemPreview))
	s.page(mux, "GET /streets/{id}", s.authed(s.handleStreet))
	s.page(mux, "GET /communities/{id}", s.authed(s.handleCommunity))
	s.page(mux, "GET /students/{id}", s.authed(s.handleStudent))
	s.page(mux, "GET /guardian", s.authed(s.handleGuardian))
	s.page(mux, "GET /me", s.authed(s.handleMe))
	s.accountRoutes(mux)
	s.rightsRoutes(mux)

	s.reportRoutes(mux)
	s.boardRoutes(mux)
	s.api(mux, "POST /api/v1/login", s.apiLogin)
	s.api(mux, "POST /api/v1/logout", s.apiLogout)
	s.api(mux, "GET /api/v1/me", s.authed(s.apiMe))
	s.api(mux, "GET /api/v1/communities", s.authed(s.apiCommunities))
	s.api(mux, "GET /api/v1/communities/{id}/stats", s.authed(s.apiCommunityStats))
	s.api(mux, "GET /api/v1/communities/{id}/students", s.authed(s.apiStudents))
	s.api(mux, "GET /api/v1/students/{id}", s.authed(s.apiStudent))
	s.api(mux, "GET /api/v1/audit", s.authed(s.apiAudit))
	s.learningRoutes(mux)
	s.orgRoutes(mux)
	s.familyRoutes(mux)
	s.tabletRoutes(mux)
	s.roomRoutes(mux)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.apiFail(w, r, zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.pageFail(w, r, zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found"))
	})

	// Cross-origin state-changing requests are refused (CSRF); cookies are
	// SameSite=Lax as a second line.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden"))
	}))
	return s.recoverer(securityHeaders(cop.Handler(s.limit(s.loadUser(mux)))))
}

// timeouts bound how long a client may take: a slow or stalled client
// (slowloris) loses its connection instead of holding it open.
type timeouts struct{ readHeader, read, write, idle time.Duration }

var defaultTimeouts = timeouts{readHeader: 10 * time.Second, read: 30 * time.Second, write: 60 * time.Second, idle: 120 * time.Second}

// Run serves on addr until ctx is cancelled, then stops accepting and
// lets in-flight requests finish (up to grace).
func (s *Server) Run(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.timeouts.readHeader,
		ReadTimeout:       s.timeouts.read,
		WriteTimeout:      s.timeouts.write,
		IdleTimeout:       s.timeouts.idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	go s.ready.watch(ctx, s.store, s.log, s.metrics)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing in-flight requests", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	return nil
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a handler panic into a logged 500 instead of a dropped
// connection; the panic is a bug and is logged with its stack.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// staticHandler serves the embedded assets, and 404 for a directory:
// listings would show what the binary carries.
func (s *Server) staticHandler(fsys fs.FS) http.Handler {
	h := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.Trim(r.URL.Path, "/")
		if fi, err := fs.Stat(fsys, cmp.Or(name, ".")); err != nil || fi.IsDir() {
			s.pageFail(w, r, zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found"))
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}
