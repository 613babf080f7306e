package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// A backup holds minors' data: only its owner may read it, and making one
// is audited.
func TestBackupFileIsPrivate(t *testing.T) {
	db := storetest.OpenEngine(t, store.SQLite)
	ctx := ctxT(t)
	must(t, db.AppendAudit(ctx, &zhixi.AuditEntry{Action: zhixi.AuditRead, Detail: "x"}))
	path := filepath.Join(t.TempDir(), "copy.db")
	must(t, db.Backup(ctx, path))
	fi, err := os.Stat(path)
	must(t, err)
	if fi.Mode().Perm() != 0o600 || fi.Size() == 0 {
		t.Errorf("backup file: mode %v size %d, want 0600 and a copy", fi.Mode().Perm(), fi.Size())
	}
	cp, err := store.Open(ctx, path, nil, store.SkipMigrate())
	must(t, err)
	defer cp.Close()
	// The copy carries the record of its own making.
	got, n, err := cp.AuditEntries(ctx, zhixi.AuditFilter{Action: zhixi.AuditBackup})
	if err != nil || n != 1 || got[0].Object != "database" || got[0].Detail != "VACUUM INTO "+path {
		t.Errorf("backup audit rows in the copy: %+v, %v", got, err)
	}
}
