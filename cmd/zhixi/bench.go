package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/loadtest"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/web"
)

// processCPU returns this process's CPU time; nil where it cannot be read.
var processCPU func() time.Duration

func init() {
	register(command{name: "bench", summary: "load-test the answer path over HTTP with simulated students", run: runBench})
}

// runBench seeds students through the store, starts the real server on a
// loopback port (or drives --target, whose database --db must name), and
// runs loadtest over the JSON API: screenings for the first half of
// --duration, practice for the second.
func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench", "[--db DSN] [--students 500] [--duration 30s] [--clients N] [--target URL]")
	dsn := fs.String("db", "", "database: postgres://… or sqlite:PATH (default: a new SQLite file in a temporary directory)")
	students := fs.Int("students", 500, "simulated students")
	duration := fs.Duration("duration", 30*time.Second, "load time: half screenings, then half practice")
	clients := fs.Int("clients", 16, "concurrent clients (tablets)")
	target := fs.String("target", "", "drive this running server (loopback only) instead of one in-process; --db must name its database")
	subjects := fs.String("subjects", "", "comma-separated subjects screened in order (default: every shipped subject, maths first)")
	seed := fs.Uint64("seed", 1, "random seed of the simulated students")
	maxInFlight := fs.Int("max-in-flight", 0, "in-process server: requests served at once (0: the server's default)")
	queueWait := fs.Duration("queue-wait", 0, "in-process server: wait for a slot before 503 (0: the server's default)")
	cpuProfile := fs.String("cpuprofile", "", "in-process server: write a CPU profile of the load (server and client) to this file, for go tool pprof")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *students < 1 || *clients < 1 || *duration <= 0 {
		return errors.New("bench: --students, --clients and --duration must be positive")
	}
	if *target != "" {
		if err := loopbackURL(*target); err != nil {
			return err
		}
		if *dsn == "" {
			return errors.New("bench: --target needs --db naming the target's database (students are created through the store)")
		}
	}
	if *dsn == "" {
		dir, err := os.MkdirTemp("", "zhixi-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dsn = "sqlite:" + filepath.Join(dir, "bench.db")
	}
	// PostgreSQL connections carry a name of this run, so that the
	// backends serving it can be told apart (their CPU is measured).
	started := time.Now()
	tag := strconv.FormatInt(started.UnixNano(), 36)
	var dbCPU func() time.Duration
	if strings.HasPrefix(*dsn, "postgres://") || strings.HasPrefix(*dsn, "postgresql://") {
		app := "zhixi-bench-" + tag
		if u, err := url.Parse(*dsn); err == nil && u.Query().Get("application_name") == "" {
			q := u.Query()
			q.Set("application_name", app)
			u.RawQuery = q.Encode()
			*dsn = u.String()
		} else if err == nil {
			app = u.Query().Get("application_name")
		}
		var closeCPU func()
		dbCPU, closeCPU = pgBackendCPU(*dsn, app)
		defer closeCPU()
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := store.Open(ctx, *dsn, log)
	if err != nil {
		return fmt.Errorf("bench: open database: %w", err)
	}
	defer db.Close()
	bank, err := shippedBank()
	if err != nil {
		return err
	}
	// Maths first: it has the most items and templates, and is what the
	// room screens most.
	subs := []string{"math"}
	for _, id := range bank.SubjectIDs() {
		if id != "math" {
			subs = append(subs, id)
		}
	}
	if *subjects != "" {
		subs = splitList(*subjects)
	}
	hasher := password.NewHasher(password.Default, 2)
	world, err := loadtest.Seed(ctx, db, hasher, tag, *students, min(*clients, 8))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "zhixi bench: %s, %d students seeded in %.1fs, %d clients, %s (half screening, half practice), seed %d\n",
		db.Engine(), *students, time.Since(started).Seconds(), *clients, *duration, *seed)
	cfg := loadtest.Config{BaseURL: strings.TrimSuffix(*target, "/"), Bank: bank, World: world, Subjects: subs,
		Clients: *clients, Duration: *duration, Seed: *seed,
		Phase: func(name string) {
			fmt.Fprintf(e.stderr, "bench: %s phase begins at %s UTC\n", name, time.Now().UTC().Format("15:04:05"))
		}}
	if *target == "" {
		if _, err := learn.SyncContent(ctx, db, bank, time.Now()); err != nil {
			return fmt.Errorf("bench: store the shipped curriculum: %w", err)
		}
		srv, err := web.New(web.Config{Store: db, Logger: log, Hasher: hasher, Content: bank,
			MaxInFlight: *maxInFlight, QueueWait: *queueWait})
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		sctx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- srv.Run(sctx, ln, 5*time.Second) }()
		defer func() { stop(); <-done }()
		cfg.BaseURL = "http://" + ln.Addr().String()
		cfg.CPU = processCPU
		// The statements and transactions of the in-process server's
		// store, and the CPU of the PostgreSQL backends serving it.
		cfg.DB = func() loadtest.DBCounts {
			n := db.Counts()
			c := loadtest.DBCounts{Statements: n.Statements, WriteTx: n.WriteTx, ReadTx: n.ReadTx}
			if dbCPU != nil {
				c.CPU = dbCPU()
			}
			return c
		}
		fmt.Fprintf(e.stdout, "server in this process at %s; cpu_ms/answer is the CPU of this process (server and load client together)\n", cfg.BaseURL)
	} else {
		fmt.Fprintf(e.stdout, "driving %s; its CPU is not measured from here\n", cfg.BaseURL)
	}
	if *cpuProfile != "" && *target == "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := loadtest.Run(ctx, cfg)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintln(e.stdout)
	rep.Print(e.stdout)
	return nil
}

// loopbackURL refuses a target that is not on this machine: the bench
// is for measuring, never for loading someone else's server.
func loopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("bench: --target %q: want http://127.0.0.1:PORT", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("bench: --target %q is not a loopback address", raw)
}
