package store

import (
	"context"

	"github.com/zhixi-org/zhixi"
)

// Exec runs raw SQL on the write pool; tests use it to prove what the
// schema itself refuses.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.writer().exec(ctx, query, args...)
	return err
}

// QueryInt runs a query returning one integer.
func (db *DB) QueryInt(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := db.reader().queryRow(ctx, query, args...).Scan(&n)
	return n, err
}

// Classify exposes classify's verdict as a domain error for tests.
func Classify(err error) error { return dbError(err, "test") }

// HoldWriteLock starts a write transaction, as another process busy with
// a long import would, and returns the function that ends it.
func (db *DB) HoldWriteLock(ctx context.Context) (release func(), err error) {
	t, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if _, err := t.ExecContext(ctx, "INSERT INTO models (name, params, saved_at) VALUES ('lock', x'00', 0)"); err != nil {
		t.Rollback()
		return nil, err
	}
	return func() { t.Rollback() }, nil
}

// RecordAttempt appends a to the answer log on its own, as no action
// does: tests use it to give a student a history.
func (db *DB) RecordAttempt(ctx context.Context, a *zhixi.Attempt) error {
	return db.tx(ctx, func(h handle) error { return db.insertAttempt(ctx, h, a) })
}

// SavePracticeTogether saves changes as one batch of the group commit, as
// if they had queued at the same moment, and returns each one's error.
func (db *DB) SavePracticeTogether(ctx context.Context, changes ...*zhixi.PracticeChange) []error {
	errs := make([]error, len(changes))
	ws := make([]*practiceWrite, len(changes))
	var batch []*practiceWrite
	for i, c := range changes {
		if ws[i], errs[i] = newPracticeWrite(ctx, c); errs[i] == nil {
			batch = append(batch, ws[i])
		}
	}
	db.commitPractice(ctx, batch)
	for i, w := range ws {
		switch {
		case w == nil:
		case w.err != nil:
			errs[i] = w.err
		default:
			db.saved(w)
		}
	}
	return errs
}
