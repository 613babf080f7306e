package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A pipeline that fails, or returns before its last flush, leaves no
// snapshot open: the connection goes back to the pool ready for the next
// reader. (On PostgreSQL the driver would discard a connection left in a
// transaction, and every such read would then pay for a new backend:
// the pipelines below must keep reusing one or two.)
func TestPipelineEndsItsSnapshot(t *testing.T) {
	dsns := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "p.db")}
	if pg := os.Getenv("ZHIXI_TEST_POSTGRES"); pg != "" {
		dsns["postgres"] = pg
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := Open(ctx, dsn, nil, SkipMigrate())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var n int
			count := func(r rowScanner) error { n++; var v int; return r.Scan(&v) }
			first, backends := "SELECT 1", map[int]bool{}
			if name == "postgres" {
				first = "SELECT pg_backend_pid()"
			}
			backend := func(r rowScanner) error { var v int; err := r.Scan(&v); backends[v] = true; return err }
			for i := range 30 {
				err := db.pipelined(ctx, func(p *pipeline) error {
					p.add(backend, first)
					if err := p.flush(ctx, false); err != nil {
						return err
					}
					if i%2 == 0 {
						return nil // nothing more to read
					}
					p.add(count, "SELECT x FROM no_such_table")
					return p.flush(ctx, true)
				})
				if (err == nil) != (i%2 == 0) {
					t.Fatalf("pipeline %d: %v", i, err)
				}
			}
			n = 0
			for range 30 {
				if err := db.pipelined(ctx, func(p *pipeline) error {
					in, args := p.in("v", []int64{1, 2, 3})
					p.add(count, "SELECT v FROM (SELECT 1 AS v UNION ALL SELECT 2 UNION ALL SELECT 5) t WHERE "+in, args...)
					return p.flush(ctx, true)
				}); err != nil {
					t.Fatalf("a pipeline after failed ones: %v", err)
				}
			}
			if name == "postgres" && len(backends) > 2 {
				t.Errorf("30 pipelines ran on %d backends: connections left in a transaction were thrown away", len(backends))
			}
			if n != 60 {
				t.Errorf("read %d rows, want 60 (2 of 3 per pipeline)", n)
			}
		})
	}
}
