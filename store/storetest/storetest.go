// Package storetest gives tests a migrated, private store on either
// engine: SQLite in the test's temporary directory, or PostgreSQL in a
// fresh schema of the database named by $ZHIXI_TEST_POSTGRES (for example
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable), dropped when
// the test ends. Private schemas let tests run in parallel and repeatedly
// against one server.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
)

// EnvPostgres names the PostgreSQL database tests may use.
const EnvPostgres = "ZHIXI_TEST_POSTGRES"

// Engines lists the engines tests can use here: always SQLite, and
// PostgreSQL when $ZHIXI_TEST_POSTGRES is set.
func Engines() []string {
	if os.Getenv(EnvPostgres) != "" {
		return []string{store.SQLite, store.Postgres}
	}
	return []string{store.SQLite}
}

// Open returns a migrated store that is closed when tb ends: PostgreSQL
// when $ZHIXI_TEST_POSTGRES is set, else SQLite. Use Each to cover both.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	e := Engines()
	return OpenEngine(tb, e[len(e)-1])
}

// Each runs fn as a subtest per engine in Engines, each with its own
// fresh store.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(e, func(t *testing.T) { fn(t, OpenEngine(t, e)) })
	}
}

// OpenEngine returns a migrated store of the given engine, closed when tb
// ends; PostgreSQL skips the test if $ZHIXI_TEST_POSTGRES is unset.
func OpenEngine(tb testing.TB, engine string) *store.DB {
	tb.Helper()
	return OpenDSN(tb, DSN(tb, engine))
}

// DSN returns the address of a new, empty database of the given engine
// for tb: a file in tb.TempDir() or a private PostgreSQL schema (dropped
// when tb ends). Tests that open one database twice, or from a command,
// use it.
func DSN(tb testing.TB, engine string) string {
	tb.Helper()
	switch engine {
	case store.SQLite:
		return "sqlite:" + filepath.Join(tb.TempDir(), "zhixi.db")
	case store.Postgres:
		return postgresSchema(tb)
	}
	tb.Fatalf("storetest: unknown engine %q", engine)
	return ""
}

// OpenDSN opens (and migrates) the store at dsn and closes it when tb ends.
func OpenDSN(tb testing.TB, dsn string) *store.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		tb.Fatalf("storetest: open %s: %v", dsn, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// postgresSchema creates schema zt_<random> and returns a DSN whose
// search_path (and application_name, so a test can find its own server
// connections) is that schema.
func postgresSchema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		tb.Skipf("storetest: set %s to a PostgreSQL URL to run PostgreSQL tests", EnvPostgres)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "zt_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("storetest: %s: %v", EnvPostgres, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		tb.Fatalf("storetest: create schema on %s: %v (is PostgreSQL running?)", base, err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema + "&application_name=" + schema
}

// AuditOutage is a store whose audit log refuses every row while Down is
// set: a read audited in its action must then fail and show nothing.
type AuditOutage struct {
	*store.DB
	Down atomic.Bool
}

// AppendAudit implements zhixi.AuditService.
func (a *AuditOutage) AppendAudit(ctx context.Context, e *zhixi.AuditEntry) error {
	if a.Down.Load() {
		return errors.New("audit log unavailable")
	}
	return a.DB.AppendAudit(ctx, e)
}
