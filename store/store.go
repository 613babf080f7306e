// Package store keeps zhixi's state in SQLite (one file, the default for a
// single room server) or PostgreSQL (several servers sharing one
// database). Both engines run the same SQL, written once with ? placeholders
// and rebound to $n for PostgreSQL; the few dialect differences live in the
// per-engine migrations, not in the queries.
//
// Times are stored as int64 Unix nanoseconds (NULL for the zero time) in
// both engines, so a time.Time written comes back Equal, in UTC, whatever
// the engine; PostgreSQL's timestamptz would round to microseconds.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"modernc.org/sqlite"

	"github.com/zhixi-org/zhixi"
)

// Engine names, as returned by DB.Engine.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is the store. It implements the zhixi service interfaces.
type DB struct {
	engine string
	// r serves reads and w writes. For SQLite w has a single connection so
	// writers queue in Go instead of failing with SQLITE_BUSY, while r
	// keeps several connections that read a WAL snapshot concurrently.
	// For PostgreSQL both are the same pool.
	r, w *sql.DB
	log  *slog.Logger
	n    counts
	// notifier wakes boards after answers commit (PostgreSQL only).
	notifier  *boardNotifier
	closeOnce sync.Once
	// practiceGroup commits concurrent practice answers together.
	practiceGroup *groupCommit
	// access keeps sessions and students read at the access epoch.
	access accessCache
}

// counts are the statements and transactions a DB has run, for `zhixi
// bench` (statements per answer) and metrics.
type counts struct {
	statements, writeTx, readTx atomic.Int64
}

// Counts is what a DB has run since it was opened.
type Counts struct {
	// Statements counts every query and exec, inside transactions or not.
	Statements int64
	// WriteTx and ReadTx count the write and read transactions begun.
	WriteTx, ReadTx int64
}

// Counts returns the statements and transactions run so far.
func (db *DB) Counts() Counts {
	return Counts{Statements: db.n.statements.Load(), WriteTx: db.n.writeTx.Load(), ReadTx: db.n.readTx.Load()}
}

var (
	_ zhixi.OrgService      = (*DB)(nil)
	_ zhixi.UserService     = (*DB)(nil)
	_ zhixi.StudentService  = (*DB)(nil)
	_ zhixi.AuditService    = (*DB)(nil)
	_ zhixi.ContentService  = (*DB)(nil)
	_ zhixi.LearningService = (*DB)(nil)
)

// Option changes how Open behaves.
type Option func(*options)

type options struct{ migrate bool }

// SkipMigrate makes Open leave the schema as it is; commands that report
// on the schema (or a server told not to touch it) use it.
func SkipMigrate() Option { return func(o *options) { o.migrate = false } }

// DefaultDSN names the SQLite file inside dataDir ("zhixi-data" when
// empty), the database a fresh install uses.
func DefaultDSN(dataDir string) string {
	if dataDir == "" {
		dataDir = "zhixi-data"
	}
	return "sqlite:" + filepath.Join(dataDir, "zhixi.db")
}

// Open connects to the database named by dsn and, unless SkipMigrate is
// given, brings its schema up to date. dsn is "postgres://..." (or
// "postgresql://...") for PostgreSQL; anything else is a SQLite file: a
// path, "sqlite:PATH", with optional parameters after "?": SQLite's URI
// parameters ("sqlite:/srv/zhixi.db?mode=ro") or the driver's, which
// override the defaults ("?_busy_timeout=10000"); "" means DefaultDSN("").
// A nil logger discards.
func Open(ctx context.Context, dsn string, logger *slog.Logger, opts ...Option) (*DB, error) {
	o := options{migrate: true}
	for _, f := range opts {
		f(&o)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var (
		db  *DB
		err error
	)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err = openPostgres(dsn, logger)
	} else {
		db, err = openSQLite(dsn, logger)
	}
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		// The first connection fails for a reason other than the server
		// or file being unavailable: the address itself is wrong (an
		// unknown parameter, a bad value).
		if zhixi.ErrorCode(err) == zhixi.EINTERNAL {
			return nil, zhixi.WrapError(zhixi.EINVALID, "err.bad_dsn", fmt.Errorf("open %s database: %w", db.engine, errors.Unwrap(err)))
		}
		return nil, fmt.Errorf("open %s database: %w", db.engine, err)
	}
	if o.migrate {
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func openPostgres(dsn string, logger *slog.Logger) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.bad_dsn", fmt.Errorf("postgres DSN: %w", err))
	}
	// Bounded so several servers fit under max_connections (100 by
	// default); finite lifetimes so connections to a restarted or
	// failed-over server are replaced without a restart of ours.
	// As many idle as open: under load every connection is in use a
	// moment later, and one closed for want of an idle slot costs a new
	// backend process and the re-preparing of every statement on it (pgx
	// caches prepared statements per connection). Idle ones still close
	// after ConnMaxIdleTime.
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(20)
	p.SetConnMaxLifetime(30 * time.Minute)
	p.SetConnMaxIdleTime(5 * time.Minute)
	return newDB(Postgres, p, p, logger, newBoardNotifier()), nil
}

// sqliteParams are the connection settings every SQLite connection gets:
// wait up to 5s for another process's lock, WAL so readers never block the
// writer, foreign keys enforced, and NORMAL sync (safe in WAL mode; a
// power cut may lose the last commits but never corrupts).
var sqliteParams = []string{
	"_busy_timeout=5000",
	"_foreign_keys=1",
	"_journal_mode=WAL",
	"_synchronous=NORMAL",
}

func openSQLite(dsn string, logger *slog.Logger) (*DB, error) {
	if dsn == "" {
		dsn = DefaultDSN("")
	}
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "sqlite:"), "?")
	if path == "" {
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.bad_dsn", fmt.Errorf("SQLite DSN %q names no file", dsn))
	}
	if _, err := url.ParseQuery(query); err != nil {
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.bad_dsn", fmt.Errorf("SQLite DSN %q: %w", dsn, err))
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, zhixi.WrapError(zhixi.EUNAVAILABLE, "err.unavailable", fmt.Errorf("create data directory: %w", err))
		}
	}
	// A file: URI so that SQLite's own parameters (mode=ro, ...) apply.
	uri := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path) + "?"
	// The caller's parameters come first: the driver takes the first
	// value of a repeated key, so they override the defaults.
	params := strings.Join(sqliteParams, "&")
	if query != "" {
		params = query + "&" + params
	}
	r, err := openSQLitePool(uri + params)
	if err != nil {
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.bad_dsn", err)
	}
	// BEGIN IMMEDIATE takes the write lock up front, so a transaction that
	// reads then writes cannot fail with SQLITE_BUSY half-way when another
	// process writes; busy_timeout makes it wait instead.
	// The writer checkpoints the WAL after the commit that grows it past
	// wal_autocheckpoint pages: 8,000 (32 MB) rather than SQLite's 1,000,
	// so it stalls for a checkpoint an eighth as often, and a page written
	// many times in between (an index's last page) is copied once.
	//
	// Its statement journals (what a statement that writes several rows
	// keeps to undo itself alone) stay in memory: past 64 KB SQLite moves
	// them to a temporary file, a write system call per page.
	wparams := params + "&_txlock=immediate"
	if !strings.Contains(query, "wal_autocheckpoint") {
		wparams += "&_pragma=wal_autocheckpoint(8000)"
	}
	if !strings.Contains(query, "temp_store") {
		wparams += "&_pragma=temp_store(memory)"
	}
	w, err := openSQLitePool(uri + wparams)
	if err != nil {
		r.Close()
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.bad_dsn", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	r.SetConnMaxIdleTime(10 * time.Minute)
	return newDB(SQLite, r, w, logger, nil), nil
}

// openSQLitePool is sql.Open("sqlite", dsn) with a statement cache on
// every connection (see stmtCacheConnector).
func openSQLitePool(dsn string) (*sql.DB, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(stmtCacheConnector{c}), nil
}

func newDB(engine string, r, w *sql.DB, logger *slog.Logger, n *boardNotifier) *DB {
	db := &DB{engine: engine, r: r, w: w, log: logger, notifier: n}
	db.practiceGroup = newGroupCommit(db.commitPractice)
	return db
}

// Close closes the connection pools.
func (db *DB) Close() error {
	db.practiceGroup.close()
	if db.notifier != nil {
		db.closeOnce.Do(func() { close(db.notifier.done) })
	}
	err := db.r.Close()
	if db.w != db.r {
		err = errors.Join(err, db.w.Close())
	}
	return err
}

// Ping checks that the database answers; /readyz uses it. It uses the
// read pool only: SQLite's single write connection may be busy with a
// long import, and a readiness probe must not queue behind it.
func (db *DB) Ping(ctx context.Context) error {
	return dbError(db.r.PingContext(ctx), "ping")
}

// Engine returns SQLite or Postgres.
func (db *DB) Engine() string { return db.engine }

// querier is what *sql.DB, *sql.Conn and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// handle runs SQL written with ? placeholders on either engine.
type handle struct {
	q  querier
	pg bool
	n  *counts // nil: not counted
}

func (h handle) count() {
	if h.n != nil {
		h.n.statements.Add(1)
	}
}

func (h handle) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	h.count()
	return h.q.ExecContext(ctx, h.bind(query), args...)
}

func (h handle) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	h.count()
	return h.q.QueryContext(ctx, h.bind(query), args...)
}

func (h handle) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	h.count()
	return h.q.QueryRowContext(ctx, h.bind(query), args...)
}

func (h handle) bind(query string) string {
	if !h.pg {
		return query
	}
	return rebind(query)
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, ..., leaving
// question marks inside quoted strings alone.
func rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (db *DB) reader() handle { return handle{db.r, db.engine == Postgres, &db.n} }
func (db *DB) writer() handle { return handle{db.w, db.engine == Postgres, &db.n} }

// tx runs fn in a write transaction, committing if it returns nil.
func (db *DB) tx(ctx context.Context, fn func(h handle) error) error {
	db.n.writeTx.Add(1)
	t, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err, "err.internal")
	}
	if err := fn(handle{t, db.engine == Postgres, &db.n}); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return dbError(err, "err.internal")
	}
	return nil
}

// insertID runs an INSERT ... RETURNING id (both engines support
// RETURNING) and returns the new id.
func insertID(ctx context.Context, h handle, query string, args ...any) (int64, error) {
	var id int64
	err := h.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// marks is n placeholders, comma-separated.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// nanos is how times are stored: Unix nanoseconds, NULL for the zero time.
func nanos(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

// utc is t as it comes back from the database: UTC, no monotonic reading.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Unix(0, t.UnixNano()).UTC()
}

// timeCol scans a nanos column into a time.Time.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*c.t = time.Time{}
	case int64:
		*c.t = time.Unix(0, x).UTC()
	default:
		return fmt.Errorf("time column holds %T, want integer nanoseconds", v)
	}
	return nil
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idCol scans a nullable id into an int64, NULL as 0.
type idCol struct{ p *int64 }

func (c idCol) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*c.p = 0
	case int64:
		*c.p = x
	default:
		return fmt.Errorf("id column holds %T, want integer", v)
	}
	return nil
}

// where collects optional filter conditions.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, err error, scan func(*sql.Rows, *T) error) ([]T, error) {
	if err != nil {
		return nil, dbError(err, "err.internal")
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, dbError(err, "err.internal")
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, "err.internal")
	}
	return out, nil
}

// readTx runs fn in a read transaction so that several queries see one
// snapshot: SQLite's deferred BEGIN on the read pool gives that; on
// PostgreSQL it takes REPEATABLE READ, since READ COMMITTED would give
// each statement its own snapshot.
func (db *DB) readTx(ctx context.Context, fn func(h handle) error) error {
	var opts *sql.TxOptions
	if db.engine == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	db.n.readTx.Add(1)
	t, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return dbError(err, "begin read")
	}
	defer t.Rollback()
	return fn(handle{t, db.engine == Postgres, &db.n})
}
