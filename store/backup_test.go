package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// A backup taken while writers run opens as a database of its own and
// holds a consistent snapshot: the audit ids are gap-free (every append
// before the snapshot is in, none after), and every imported subject has
// all its items (imports are one transaction each).
func TestBackupWhileWriting(t *testing.T) {
	db := storetest.OpenEngine(t, store.SQLite)
	ctx := ctxT(t)
	const perSubject = 5
	var stop atomic.Bool
	var wg sync.WaitGroup
	var appended, imported atomic.Int64
	for w := range 2 {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				if err := db.AppendAudit(ctx, &zhixi.AuditEntry{Action: zhixi.AuditRead, Detail: fmt.Sprint(w, i)}); err != nil {
					t.Error(err)
					return
				}
				appended.Add(1)
			}
		})
	}
	wg.Go(func() {
		for i := 0; !stop.Load(); i++ {
			if _, err := db.ImportSubject(ctx, sampleSubject(fmt.Sprintf("s%d", i), perSubject), time.Now()); err != nil {
				t.Error(err)
				return
			}
			imported.Add(1)
		}
	})
	for appended.Load() < 50 || imported.Load() < 3 {
		time.Sleep(5 * time.Millisecond)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	err := db.Backup(ctx, path)
	stop.Store(true)
	wg.Wait()
	must(t, err)

	cp, err := store.Open(ctx, path, nil, store.SkipMigrate())
	must(t, err)
	defer cp.Close()
	must(t, cp.SchemaCurrent(ctx))
	// The log is ordered by time, and two writers stamp their entries
	// before they queue for the write lock, so the highest id is found by
	// looking at all of them.
	entries, total, err := cp.AuditEntries(ctx, zhixi.AuditFilter{Limit: 500})
	must(t, err)
	var maxID int64
	for _, e := range entries {
		maxID = max(maxID, e.ID)
	}
	if total == 0 || total > 500 || maxID != int64(total) {
		t.Errorf("copy has %d audit entries but highest id %d: not a snapshot", total, maxID)
	}
	ids, err := cp.SubjectIDs(ctx)
	must(t, err)
	if len(ids) == 0 {
		t.Fatal("copy has no subjects")
	}
	for _, id := range ids {
		s, err := cp.Subject(ctx, id)
		must(t, err)
		if len(s.Items) != perSubject || len(s.KnowledgePoints) != 2 {
			t.Errorf("subject %s in copy: %d items, %d points; want %d, 2", id, len(s.Items), len(s.KnowledgePoints), perSubject)
		}
	}
	t.Logf("copy: %d audit entries (of %d), %d subjects (of %d)", total, appended.Load(), len(ids), imported.Load())

	// The copy is a separate file: writing to it leaves the original alone.
	must(t, cp.AppendAudit(ctx, &zhixi.AuditEntry{Action: "copy-only"}))
	_, orig, err := db.AuditEntries(ctx, zhixi.AuditFilter{Action: "copy-only"})
	must(t, err)
	if orig != 0 {
		t.Error("write to the copy showed up in the original")
	}
}

func TestBackupErrors(t *testing.T) {
	ctx := ctxT(t)
	db := storetest.OpenEngine(t, store.SQLite)
	dir := t.TempDir()
	existing := filepath.Join(dir, "old.db")
	must(t, os.WriteFile(existing, []byte("keep me"), 0o600))
	tests := []struct {
		name, path, key string
	}{
		{"existing file", existing, "err.backup_exists"},
		{"existing dir", dir, "err.backup_exists"},
		{"missing dir", filepath.Join(dir, "no", "such", "x.db"), "err.backup_dir_missing"},
	}
	for _, tt := range tests {
		wantErr(t, db.Backup(ctx, tt.path), zhixi.EINVALID, tt.key)
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Errorf("existing file overwritten: %q", b)
	}

	if len(storetest.Engines()) > 1 {
		pg := storetest.OpenEngine(t, store.Postgres)
		err := pg.Backup(context.Background(), filepath.Join(dir, "pg.db"))
		wantErr(t, err, zhixi.EINVALID, "err.backup_postgres")
	}
}
