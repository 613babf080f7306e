package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// A database that became read-only (a full or remounted disk, a
// read-only file) answers reads, and refuses writes with EUNAVAILABLE:
// no panic, no internal error, nothing half-written.
func TestReadOnlySQLite(t *testing.T) {
	ctx := ctxT(t)
	dsn := storetest.DSN(t, store.SQLite)
	db, err := store.Open(ctx, dsn, nil)
	must(t, err)
	f := newFixture(t, db)
	must(t, db.Close())

	// root ignores file modes, so as root the test opens the file with
	// SQLite's mode=ro, which fails writes the same way (SQLITE_READONLY).
	path := strings.TrimPrefix(dsn, "sqlite:")
	if os.Geteuid() != 0 {
		must(t, os.Chmod(path, 0o444))
	} else {
		dsn += "?mode=ro"
	}
	ro, err := store.Open(ctx, dsn, nil)
	must(t, err)
	defer ro.Close()
	must(t, ro.Ping(ctx))
	if c, err := ro.Community(ctx, f.community.ID); err != nil || c.Name != f.community.Name {
		t.Fatalf("read from read-only database: %v, %v", c, err)
	}

	writes := map[string]func() error{
		"CreateUser": func() error {
			return ro.CreateUser(ctx, &zhixi.User{Username: "new", Role: zhixi.RoleAdmin})
		},
		"CreateStudent": func() error { _, err := createStudent(ctx, ro, f); return err },
		"AppendAudit":   func() error { return ro.AppendAudit(ctx, &zhixi.AuditEntry{Action: zhixi.AuditLogin}) },
		"RecordLoginFailure": func() error {
			_, err := ro.RecordLoginFailure(ctx, time.Now(), []zhixi.LoginKey{{Key: "k"}}, &zhixi.AuditEntry{Action: zhixi.AuditLoginFailed})
			return err
		},
		"ImportSubject": func() error {
			_, err := ro.ImportSubject(ctx, sampleSubject("math", 3), time.Now())
			return err
		},
	}
	for name, write := range writes {
		if err := write(); zhixi.ErrorCode(err) != zhixi.EUNAVAILABLE {
			t.Errorf("%s on read-only database: %v, want code %s", name, err, zhixi.EUNAVAILABLE)
		}
	}
	if n, err := ro.CountUsers(ctx, ""); err != nil || n != 1 {
		t.Errorf("CountUsers = %d, %v; want the 1 user from before", n, err)
	}
	if _, err := ro.Subject(ctx, "math"); zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
		t.Errorf("failed import left a subject behind: %v", err)
	}
}

func createStudent(ctx context.Context, db *store.DB, f fixture) (zhixi.Student, error) {
	s := zhixi.Student{CommunityID: f.community.ID, Name: "小明", Grade: 4, BirthMonth: time.Now()}
	return s, db.CreateStudent(ctx, &s)
}

// When PostgreSQL drops our connections (restart, failover, idle
// timeout), the pool replaces them without a restart of ours: at most
// the first call after the loss fails, with EUNAVAILABLE.
func TestPostgresReconnect(t *testing.T) {
	dsn := storetest.DSN(t, store.Postgres)
	db := storetest.OpenDSN(t, dsn)
	ctx := ctxT(t)
	must(t, db.CreateStreet(ctx, &zhixi.Street{Name: "a"}))

	app := dsn[strings.LastIndex(dsn, "application_name=")+len("application_name="):]
	admin := storetest.OpenEngine(t, store.Postgres)
	killed, err := admin.QueryInt(ctx,
		"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?", app)
	must(t, err)
	if killed == 0 {
		t.Fatal("found no server connections to terminate")
	}
	failures := 0
	for range 3 {
		_, err := db.Streets(ctx)
		if err == nil {
			break
		}
		failures++
		wantErr(t, err, zhixi.EUNAVAILABLE, "err.unavailable")
	}
	if failures > 1 {
		t.Fatalf("pool did not recover: %d failed calls in a row", failures)
	}
	must(t, db.Ping(ctx))
	must(t, db.CreateStreet(ctx, &zhixi.Street{Name: "b"}))
	t.Logf("terminated %d connections; %d call(s) failed before recovery", killed, failures)
}

// A read-only directory cannot hold WAL's shared-memory file, so SQLite
// cannot open the database at all: Open says EUNAVAILABLE.
func TestReadOnlyDirSQLite(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	ctx := ctxT(t)
	dsn := storetest.DSN(t, store.SQLite)
	db, err := store.Open(ctx, dsn, nil)
	must(t, err)
	must(t, db.Close())
	dir := filepath.Dir(strings.TrimPrefix(dsn, "sqlite:"))
	must(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	_, err = store.Open(ctx, dsn, nil)
	wantErr(t, err, zhixi.EUNAVAILABLE, "err.unavailable")
}

// Another process holding the write lock longer than busy_timeout makes
// writes fail with EUNAVAILABLE (SQLITE_BUSY), not hang or corrupt; once
// the lock is gone, writes work again.
func TestLockedSQLite(t *testing.T) {
	ctx := ctxT(t)
	dsn := storetest.DSN(t, store.SQLite)
	holder := storetest.OpenDSN(t, dsn)
	impatient := storetest.OpenDSN(t, dsn+"?_busy_timeout=50")
	release, err := holder.HoldWriteLock(ctx)
	must(t, err)
	err = impatient.CreateStreet(ctx, &zhixi.Street{Name: "a"})
	wantErr(t, err, zhixi.EUNAVAILABLE, "err.unavailable")
	if _, err := impatient.Streets(ctx); err != nil {
		t.Errorf("read while another process writes: %v", err)
	}
	release()
	must(t, impatient.CreateStreet(ctx, &zhixi.Street{Name: "a"}))
}
