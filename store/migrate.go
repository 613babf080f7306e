package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// Migrations are plain SQL files, one folder per dialect, named
// NNNN_what.sql. They only ever move forward: a released file is never
// edited, a change is a new file.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the engine's migrations in version order.
func loadMigrations(fsys fs.FS, engine string) ([]migration, error) {
	dir := path.Join("migrations", engine)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var ms []migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s/%s: name must start with a positive number and '_' (0002_add_x.sql)", dir, e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s in %s share version %d", prev, e.Name(), dir, v)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

const createVersionTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at BIGINT NOT NULL
)`

// Migrate applies the pending migrations, each in its own transaction
// together with its row in schema_migrations. It is safe to run from
// several processes at once: on PostgreSQL they queue on an advisory
// lock (per schema), on SQLite on the write lock that BEGIN IMMEDIATE
// takes; either way each re-reads the version inside its transaction.
func (db *DB) Migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFS, db.engine)
	if err != nil {
		return err
	}
	// A database that is already current is left untouched, so a
	// read-only SQLite file still opens.
	if cur, err := db.schemaVersion(ctx); err == nil && cur >= ms[len(ms)-1].version {
		return nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return dbError(err, "migrate: connect")
	}
	defer conn.Close()
	h := handle{conn, db.engine == Postgres, nil}
	if db.engine == Postgres {
		const lock = "SELECT pg_advisory_lock(hashtext('zhixi.migrate.' || current_schema()))"
		if _, err := h.exec(ctx, lock); err != nil {
			return dbError(err, "migrate: lock")
		}
		defer func() {
			// A fresh context: the lock must go even if ctx was cancelled.
			uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			h.exec(uctx, "SELECT pg_advisory_unlock(hashtext('zhixi.migrate.' || current_schema()))")
		}()
	}
	if _, err := h.exec(ctx, createVersionTable); err != nil {
		return dbError(err, "migrate: create schema_migrations")
	}
	for _, m := range ms {
		applied, err := applyMigration(ctx, conn, db.engine == Postgres, m)
		if err != nil {
			return err
		}
		if applied {
			db.log.Info("applied migration", "engine", db.engine, "version", m.version, "name", m.name)
		}
	}
	return nil
}

// applyMigration runs m unless its version is already recorded.
func applyMigration(ctx context.Context, conn *sql.Conn, pg bool, m migration) (bool, error) {
	t, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, dbError(err, "migrate: begin")
	}
	defer t.Rollback()
	h := handle{t, pg, nil}
	var one int
	err = h.queryRow(ctx, "SELECT 1 FROM schema_migrations WHERE version = ?", m.version).Scan(&one)
	switch {
	case err == nil:
		return false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return false, dbError(err, "migrate: read version")
	}
	if _, err := t.ExecContext(ctx, m.sql); err != nil {
		return false, dbError(err, "migrate: apply "+m.name)
	}
	if _, err := h.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, time.Now().UnixNano()); err != nil {
		return false, dbError(err, "migrate: record "+m.name)
	}
	if err := t.Commit(); err != nil {
		return false, dbError(err, "migrate: commit "+m.name)
	}
	return true, nil
}

// schemaVersion returns the highest applied migration, 0 for an empty
// database.
func (db *DB) schemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.reader().queryRow(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if err != nil {
		// No table yet: nothing applied. Any other failure (database down)
		// is reported by the next statement that needs the schema.
		if classify(err) == faultUnavailable {
			return 0, dbError(err, "read schema version")
		}
		return 0, nil
	}
	return int(v.Int64), nil
}

// SchemaVersion returns the applied and the latest known migration.
func (db *DB) SchemaVersion(ctx context.Context) (current, latest int, err error) {
	ms, err := loadMigrations(migrationFS, db.engine)
	if err != nil {
		return 0, 0, err
	}
	current, err = db.schemaVersion(ctx)
	return current, ms[len(ms)-1].version, err
}

// SchemaCurrent returns nil if the schema is exactly what this binary
// expects, else EUNAVAILABLE: migrations pending (run 'zhixi migrate'), or
// the database was migrated by a newer zhixi.
func (db *DB) SchemaCurrent(ctx context.Context) error {
	cur, latest, err := db.SchemaVersion(ctx)
	switch {
	case err != nil:
		return err
	case cur < latest:
		e := zhixi.Errorf(zhixi.EUNAVAILABLE, "err.schema_outdated", cur, latest)
		e.Err = fmt.Errorf("schema version %d, this zhixi needs %d: run 'zhixi migrate'", cur, latest)
		return e
	case cur > latest:
		e := zhixi.Errorf(zhixi.EUNAVAILABLE, "err.schema_newer", cur, latest)
		e.Err = fmt.Errorf("schema version %d is newer than this zhixi (%d): upgrade zhixi", cur, latest)
		return e
	}
	return nil
}
