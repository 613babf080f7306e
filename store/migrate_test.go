package store_test

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// Several servers starting at once on one empty database all succeed, and
// each migration is applied exactly once.
func TestMigrateConcurrent(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			ctx := ctxT(t)
			dsn := storetest.DSN(t, engine)
			const n = 4
			dbs := make([]*store.DB, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() { dbs[i], errs[i] = store.Open(ctx, dsn, nil) })
			}
			wg.Wait()
			for i, err := range errs {
				must(t, err)
				defer dbs[i].Close()
			}
			cur, latest, err := dbs[0].SchemaVersion(ctx)
			must(t, err)
			if cur != latest || cur < 1 {
				t.Errorf("SchemaVersion = %d, %d", cur, latest)
			}
			// Versions may have gaps (numbers are handed out per feature), so
			// each must appear once rather than the count equal the latest.
			rows, err := dbs[1].QueryInt(ctx, "SELECT COUNT(*) - COUNT(DISTINCT version) FROM schema_migrations")
			must(t, err)
			if rows != 0 {
				t.Errorf("schema_migrations has %d repeated versions, want one row per migration", rows)
			}
			// Everything works through every handle.
			for i, db := range dbs {
				must(t, db.CreateStreet(ctx, &zhixi.Street{Name: string(rune('a' + i))}))
			}
		})
	}
}

func TestSchemaCurrent(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			ctx := ctxT(t)
			db, err := store.Open(ctx, storetest.DSN(t, engine), nil, store.SkipMigrate())
			must(t, err)
			defer db.Close()
			if db.Engine() != engine {
				t.Errorf("Engine() = %q, want %q", db.Engine(), engine)
			}
			wantErr(t, db.SchemaCurrent(ctx), zhixi.EUNAVAILABLE, "err.schema_outdated")
			must(t, db.Migrate(ctx))
			must(t, db.SchemaCurrent(ctx))
			must(t, db.Migrate(ctx)) // idempotent
			must(t, db.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future.sql', 0)"))
			wantErr(t, db.SchemaCurrent(ctx), zhixi.EUNAVAILABLE, "err.schema_newer")
		})
	}
}

func TestOpenDSN(t *testing.T) {
	ctx := ctxT(t)
	tests := []struct {
		name, dsn, code string
	}{
		{"bare path", t.TempDir() + "/a.db", ""},
		{"sqlite: prefix", "sqlite:" + t.TempDir() + "/b.db", ""},
		{"path with # and %", "sqlite:" + t.TempDir() + "/we#ird%dir/c.db", ""},
		{"no file", "sqlite:", zhixi.EINVALID},
		{"bad sqlite parameter", "sqlite:" + t.TempDir() + "/d.db?_txlock=sometimes", zhixi.EINVALID},
		{"unreachable postgres", "postgres://nobody@127.0.0.1:1/x?connect_timeout=2", zhixi.EUNAVAILABLE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := store.Open(ctx, tt.dsn, nil)
			if tt.code == "" {
				must(t, err)
				defer db.Close()
				must(t, db.SchemaCurrent(ctx))
				if _, err := os.Stat(strings.TrimPrefix(tt.dsn, "sqlite:")); err != nil {
					t.Errorf("database not at the path given: %v", err)
				}
				return
			}
			if err == nil {
				db.Close()
			}
			wantErr(t, err, tt.code, "")
		})
	}
}

func TestDefaultDSN(t *testing.T) {
	tests := []struct{ dataDir, want string }{
		{"", "sqlite:zhixi-data/zhixi.db"},
		{"/srv/zhixi", "sqlite:/srv/zhixi/zhixi.db"},
	}
	for _, tt := range tests {
		if got := store.DefaultDSN(tt.dataDir); got != tt.want {
			t.Errorf("DefaultDSN(%q) = %q, want %q", tt.dataDir, got, tt.want)
		}
	}
}
