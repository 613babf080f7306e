package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/booking"
	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/kt"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/report"
	"github.com/zhixi-org/zhixi/rights"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/tablet"
	"github.com/zhixi-org/zhixi/web"
)

func init() {
	register(command{name: "serve", summary: "run the web app", run: runServe})
}

// dbFlags adds the shared --db and --data flags and returns a function
// that resolves the DSN: the flag, else $ZHIXI_DB, else SQLite in --data.
func dbFlags(e *env, fs interface {
	StringVar(*string, string, string, string)
}) func() (string, error) {
	var dsn, data string
	fs.StringVar(&dsn, "db", "", "database: a postgres://… URL, or sqlite:PATH (default $ZHIXI_DB, else SQLite in --data)")
	fs.StringVar(&data, "data", "zhixi-data", "data directory for the default SQLite database")
	return func() (string, error) {
		if dsn == "" {
			dsn = e.getenv("ZHIXI_DB")
		}
		if dsn != "" {
			return dsn, nil
		}
		if err := os.MkdirAll(data, 0o750); err != nil {
			return "", fmt.Errorf("create data directory: %w", err)
		}
		return store.DefaultDSN(data), nil
	}
}

func newLogger(e *env, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[flags]")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	demoFlag := fs.Bool("demo", false, "load the demo world (开源街道, two communities, one account per role)")
	secure := fs.String("secure-cookies", "auto", "Secure cookie flag: auto (on unless listening on loopback), on, off")
	proxy := fs.Bool("trust-proxy", false, "take the client address from X-Forwarded-For (behind a reverse proxy): the right-most hop that is not a trusted proxy")
	trusted := fs.String("trusted-proxies", "127.0.0.0/8,::1/128", "comma-separated CIDR list of the reverse proxies whose X-Forwarded-For hops are skipped (with --trust-proxy)")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn, error")
	grace := fs.Duration("shutdown-grace", 20*time.Second, "how long in-flight requests may run after SIGTERM")
	pprofAddr := fs.String("pprof", "", "serve net/http/pprof on this loopback address (e.g. 127.0.0.1:6060); off by default")
	metricsAddr := fs.String("metrics-addr", "", "serve Prometheus /metrics on this address (e.g. 127.0.0.1:9090); off by default, never on --addr")
	maxInFlight := fs.Int("max-in-flight", 16, "requests served at once; more wait up to --queue-wait, then get 503 with Retry-After")
	queueWait := fs.Duration("queue-wait", 250*time.Millisecond, "how long a request may wait for a slot before 503")
	fitHour := fs.Int("fit-hour", 2, "hour (Beijing time) after which the nightly knowledge-tracing fit runs; -1 disables it")
	llmURL := fs.String("llm-base-url", "", "OpenAI-compatible API root for the report's optional narrative, e.g. http://127.0.0.1:11434/v1 (off when empty)")
	llmModel := fs.String("llm-model", "", "model name for the report's narrative")
	llmKey := fs.String("llm-key", "", "API key for the narrative endpoint (default $ZHIXI_LLM_KEY)")
	chromium := fs.String("chromium", "auto", `Chromium for report PDFs: a path, "auto" to look it up on PATH, "" for none`)
	retainDays := fs.Int("retain-answers-days", 3*365, "delete a child's answers and practice state this many days after their last answer; 0 keeps them")
	retentionEvery := fs.Duration("retention-interval", time.Hour, "how often the retention job removes expired sessions, reset codes and answers past their limit (one server at a time); 0 disables it")
	resolveDSN := dbFlags(e, fs)
	screeningPolicy := screeningFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *llmKey == "" {
		*llmKey = e.getenv("ZHIXI_LLM_KEY")
	}
	policy, err := screeningPolicy()
	if err != nil {
		return err
	}
	log, err := newLogger(e, *logFormat, *logLevel)
	if err != nil {
		return err
	}
	proxies, err := parsePrefixes(*trusted)
	if err != nil {
		return err
	}
	if *maxInFlight < 1 || *queueWait <= 0 {
		return fmt.Errorf("--max-in-flight and --queue-wait must be positive")
	}
	if *pprofAddr != "" {
		if err := loopbackAddr(*pprofAddr); err != nil {
			return fmt.Errorf("--pprof: %w", err)
		}
	}
	dsn, err := resolveDSN()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, dsn, log)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	hasher := password.NewHasher(password.Default, 2)
	if *demoFlag {
		if err := demo.Seed(ctx, db, hasher); err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another zhixi running? use --addr)", *addr, err)
	}
	secureCookies, err := secureFlag(*secure, ln.Addr())
	if err != nil {
		return err
	}
	bank, err := shippedBank()
	if err != nil {
		return err
	}
	// The shipped content must be in the database before answers can
	// reference its item versions; unchanged content is a no-op.
	start := time.Now()
	if _, err := learn.SyncContent(ctx, db, bank, start); err != nil {
		return fmt.Errorf("store the shipped curriculum: %w", err)
	}
	log.Info("curriculum in the database", "subjects", len(bank.SubjectIDs()), "took", time.Since(start).Round(time.Millisecond))
	if *demoFlag {
		// Last month's screenings and 解读 sessions go through the real
		// actions, which need the content stored.
		start = time.Now()
		if err := demo.SeedLearning(ctx, db, bank); err != nil {
			return fmt.Errorf("load demo screenings: %w", err)
		}
		log.Info("demo screenings ready", "took", time.Since(start).Round(time.Millisecond))
	}
	if *fitHour < -1 || *fitHour > 23 {
		return fmt.Errorf("--fit-hour %d: use 0-23, or -1 to disable the nightly fit", *fitHour)
	}
	host, _ := os.Hostname()
	fitter := &learn.Fitter{Store: db, Holder: fmt.Sprintf("%s:%d", host, os.Getpid()), Hour: max(*fitHour, 0),
		Options: kt.Options{Seed: 1, Restarts: 20}, Prior: learn.ContentPrior(bank), Log: log, Now: time.Now}
	if *fitHour >= 0 {
		go fitter.Run(ctx, 10*time.Minute)
	}
	if *retainDays < 0 || *retentionEvery < 0 {
		return fmt.Errorf("--retain-answers-days and --retention-interval cannot be negative")
	}
	if *retentionEvery > 0 {
		ret := &rights.Retention{Store: db, Holder: fitter.Holder, Log: log, Now: time.Now,
			Limits: zhixi.RetentionLimits{Answers: time.Duration(*retainDays) * 24 * time.Hour}}
		go ret.Run(ctx, *retentionEvery)
	}
	go booking.NewCloser(db, fmt.Sprintf("%s:%d", host, os.Getpid()), log, tablet.New(db, time.Now).EndRoom).Run(ctx, 5*time.Minute)
	srv, err := web.New(web.Config{Store: db, Logger: log, Hasher: hasher, SecureCookies: secureCookies,
		TrustProxy: *proxy, TrustedProxies: proxies, Content: bank, Fitter: fitter, MaxInFlight: *maxInFlight, QueueWait: *queueWait, Screening: policy,
		Report: web.ReportConfig{Chromium: *chromium, Narrator: &report.Narrator{BaseURL: *llmURL, Model: *llmModel, Key: *llmKey}}})
	if err != nil {
		return err
	}
	if *pprofAddr != "" {
		if err := serveSide(ctx, log, "pprof", *pprofAddr, pprofHandler()); err != nil {
			return err
		}
	}
	if *metricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", srv.MetricsHandler())
		if err := serveSide(ctx, log, "metrics", *metricsAddr, mux); err != nil {
			return err
		}
	}
	url := "http://" + ln.Addr().String()
	log.Info("zhixi serving", "url", url, "database", db.Engine(), "secure_cookies", secureCookies)
	if *demoFlag {
		fmt.Fprintf(e.stdout, "\n智习 AI智习室 演示已启动：请在浏览器打开 %s/login\n所有演示账号的密码：%s\n", url, demo.Password)
		for _, a := range demo.Accounts {
			fmt.Fprintf(e.stdout, "  %-10s %s（%s）\n", a.Username, a.Name, a.What)
		}
		fmt.Fprintln(e.stdout)
	} else if n, err := db.CountUsers(ctx, "admin"); err == nil && n == 0 {
		fmt.Fprintf(e.stdout, "No admin account yet: create one with 'zhixi admin create --username NAME' (add --demo to try the app with demo data).\n")
	}
	return srv.Run(ctx, ln, *grace)
}

// parsePrefixes reads a comma-separated CIDR list; a bare address is a
// single host.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return nil, fmt.Errorf("--trusted-proxies %q: %q is not a CIDR range like 10.0.0.0/8 or an address", list, f)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// loopbackAddr accepts only a host:port on this machine.
func loopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%s is not a loopback address (use 127.0.0.1:PORT)", addr)
}

// serveSide serves h on a listener of its own (profiles, metrics) until
// ctx ends. Failing to listen is an error at start, not a log line later.
func serveSide(ctx context.Context, log *slog.Logger, what, addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen for %s on %s: %w", what, addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("side listener failed", "what", what, "err", err)
		}
	}()
	log.Info("serving "+what, "addr", ln.Addr().String())
	return nil
}

// pprofHandler serves the runtime profiles under /debug/pprof/.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

func secureFlag(v string, a net.Addr) (bool, error) {
	switch strings.ToLower(v) {
	case "on", "true":
		return true, nil
	case "off", "false":
		return false, nil
	case "auto":
		if ta, ok := a.(*net.TCPAddr); ok && ta.IP.IsLoopback() {
			return false, nil
		}
		return true, nil
	}
	return false, fmt.Errorf("--secure-cookies %q: use auto, on or off", v)
}

// shippedBank loads the curriculum built into the binary.
func shippedBank() (*curriculum.Bank, error) {
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		return nil, fmt.Errorf("load the shipped curriculum: %w", err)
	}
	return bank, nil
}
