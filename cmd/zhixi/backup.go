package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/zhixi-org/zhixi/store"
)

func init() {
	register(command{name: "backup", summary: "copy the SQLite database while the server runs", run: runBackup})
}

// runBackup writes a consistent copy of the SQLite database; the server
// may keep running. The schema is left as it is, so a backup taken before
// an upgrade is the old schema.
func runBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup", "--to FILE [--db DSN] [--data DIR]")
	to := fs.String("to", "", "file to write the copy to (must not exist)")
	resolveDSN := dbFlags(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *to == "" {
		fmt.Fprintln(e.stderr, "zhixi backup: --to FILE is required")
		fs.Usage()
		return errUsage
	}
	dsn, err := resolveDSN()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, dsn, slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), store.SkipMigrate())
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	if v, _, err := db.SchemaVersion(ctx); err != nil {
		return err
	} else if v == 0 && db.Engine() == store.SQLite {
		return errors.New("the database is empty (no zhixi schema): check --db / $ZHIXI_DB / --data")
	}
	if err := db.Backup(ctx, *to); err != nil {
		return err
	}
	fi, err := os.Stat(*to)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s (%d bytes)\n", *to, fi.Size())
	return nil
}
