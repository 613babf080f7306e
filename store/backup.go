package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/zhixi-org/zhixi"
)

// Backup writes a consistent copy of the SQLite database to path while
// the server keeps running: VACUUM INTO reads one snapshot, so writes
// that commit meanwhile are either wholly in the copy or not at all, and
// writers are not blocked (WAL). It refuses to overwrite an existing
// file, creates the copy 0600 and records the backup in the audit log. For PostgreSQL it returns EINVALID: use pg_dump, which does the
// same job better.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.engine == Postgres {
		return zhixi.WrapError(zhixi.EINVALID, "err.backup_postgres",
			errors.New("backup: the database is PostgreSQL; back it up with pg_dump (e.g. pg_dump -Fc -f zhixi.dump DBNAME)"))
	}
	if path == "" {
		return zhixi.WrapError(zhixi.EINVALID, "err.invalid", errors.New("backup: no target file given"))
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		e := zhixi.Errorf(zhixi.EINVALID, "err.backup_exists", path)
		e.Err = fmt.Errorf("backup: %s already exists; choose a new file name or move the old backup away", path)
		if err != nil {
			e.Err = fmt.Errorf("backup: %s: %w", path, err)
		}
		return e
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		e := zhixi.Errorf(zhixi.EINVALID, "err.backup_dir_missing", dir)
		e.Err = fmt.Errorf("backup: directory %s does not exist; create it first", dir)
		return e
	}
	// Audited before the copy is made, so the copy carries its own record.
	if err := db.AppendAudit(ctx, &zhixi.AuditEntry{Action: zhixi.AuditBackup, Object: "database", Detail: "VACUUM INTO " + path}); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// The copy holds minors' data: create it 0600 before SQLite writes
	// into it (VACUUM INTO accepts an empty file), so it is never readable
	// by others, not even for a moment. O_EXCL also closes the race with
	// another backup to the same name.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		e := zhixi.Errorf(zhixi.EINVALID, "err.backup_exists", path)
		e.Err = fmt.Errorf("backup: create %s: %w", path, err)
		return e
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: create %s: %w", path, err)
	}
	if _, err := db.r.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path) // a partial copy is worse than none
		return dbError(err, "backup to "+path)
	}
	db.log.Info("backup written", "path", path)
	return nil
}
