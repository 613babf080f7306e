package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/zhixi-org/zhixi/store"
)

func init() {
	register(command{name: "migrate", summary: "bring the database schema up to date", run: runMigrate})
}

// runMigrate applies pending migrations. serve does the same on start;
// running it by hand lets an operator upgrade the schema in a
// maintenance window and see the version.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "[--db DSN] [--data DIR]")
	resolveDSN := dbFlags(e, fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dsn, err := resolveDSN()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, dsn, slog.New(slog.NewTextHandler(e.stderr, nil)), store.SkipMigrate())
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	before, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	after, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if after == before {
		fmt.Fprintf(e.stdout, "%s schema is current at version %d\n", db.Engine(), after)
	} else {
		fmt.Fprintf(e.stdout, "%s schema migrated from version %d to %d\n", db.Engine(), before, after)
	}
	return nil
}
