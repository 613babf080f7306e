package store

import "context"

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
