package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zhixi-org/zhixi"
)

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
		{`"we?ird" = ? OR z = 'it''s ?' OR w = ?`, `"we?ird" = $1 OR z = 'it''s ?' OR w = $2`},
	}
	for _, tt := range tests {
		if got := rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLoadMigrations(t *testing.T) {
	for _, engine := range []string{SQLite, Postgres} {
		ms, err := loadMigrations(migrationFS, engine)
		if err != nil || len(ms) == 0 || ms[0].version != 1 {
			t.Fatalf("%s: embedded migrations: %v, %v", engine, ms, err)
		}
	}
	good := fstest.MapFS{
		"migrations/sqlite/0002_b.sql": {Data: []byte("B")},
		"migrations/sqlite/0001_a.sql": {Data: []byte("A")},
		"migrations/sqlite/README":     {Data: []byte("ignored")},
	}
	ms, err := loadMigrations(good, SQLite)
	if err != nil || len(ms) != 2 || ms[0].sql != "A" || ms[1].version != 2 {
		t.Errorf("loadMigrations = %+v, %v", ms, err)
	}
	bad := []fstest.MapFS{
		{"migrations/sqlite/init.sql": {}},
		{"migrations/sqlite/0_zero.sql": {}},
		{"migrations/sqlite/0001_a.sql": {}, "migrations/sqlite/1_b.sql": {}},
		{},
	}
	for i, fsys := range bad {
		if _, err := loadMigrations(fsys, SQLite); err == nil {
			t.Errorf("bad set %d: no error", i)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// SQLite's codes are covered by the engine tests (constraint violations,
// read-only files); these cover PostgreSQL and the network.
func TestClassify(t *testing.T) {
	tests := []struct {
		err  error
		code string
	}{
		{&pgconn.PgError{Code: "23505"}, zhixi.ECONFLICT},
		{&pgconn.PgError{Code: "23503"}, zhixi.ENOTFOUND},
		{&pgconn.PgError{Code: "23514"}, zhixi.EINVALID},
		{&pgconn.PgError{Code: "25006"}, zhixi.EUNAVAILABLE},
		{&pgconn.PgError{Code: "57P01"}, zhixi.EUNAVAILABLE},
		{&pgconn.PgError{Code: "53100"}, zhixi.EUNAVAILABLE},
		{&pgconn.PgError{Code: "08006"}, zhixi.EUNAVAILABLE},
		{&pgconn.PgError{Code: "42601"}, zhixi.EINTERNAL},
		{fmt.Errorf("wrapped: %w", &net.OpError{Op: "dial", Err: timeoutErr{}}), zhixi.EUNAVAILABLE},
		{driver.ErrBadConn, zhixi.EUNAVAILABLE},
		{context.DeadlineExceeded, zhixi.EUNAVAILABLE},
		{fmt.Errorf("something else"), zhixi.EINTERNAL},
		{zhixi.Errorf(zhixi.EFORBIDDEN, "err.x"), zhixi.EFORBIDDEN},
	}
	for _, tt := range tests {
		if got := zhixi.ErrorCode(dbError(tt.err, "op")); got != tt.code {
			t.Errorf("dbError(%v) code = %q, want %q", tt.err, got, tt.code)
		}
	}
	if dbError(nil, "op") != nil {
		t.Error("dbError(nil) != nil")
	}
}

// TestWriterSettings: the writer checkpoints every 8,000 pages
// unless the DSN says otherwise (readers keep SQLite's default), and keeps
// its statement journals in memory.
func TestWriterSettings(t *testing.T) {
	for _, tt := range []struct {
		query string
		want  int
	}{{"", 8000}, {"?_pragma=wal_autocheckpoint(500)", 500}} {
		db, err := openSQLite(filepath.Join(t.TempDir(), "z.db")+tt.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		var w, r, temp int
		if err := db.w.QueryRow("PRAGMA wal_autocheckpoint").Scan(&w); err != nil {
			t.Fatal(err)
		}
		if err := db.w.QueryRow("PRAGMA temp_store").Scan(&temp); err != nil || temp != 2 {
			t.Errorf("the writer's temp_store is %d (%v), want 2 (memory)", temp, err)
		}
		if err := db.r.QueryRow("PRAGMA wal_autocheckpoint").Scan(&r); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if w != tt.want || (tt.query == "" && r != 1000) {
			t.Errorf("DSN %q: writer checkpoints every %d pages, readers %d; want %d", tt.query, w, r, tt.want)
		}
	}
}
