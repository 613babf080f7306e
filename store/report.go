package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"time"
)

// shareKeyName is the report_keys row of the share-link key.
const shareKeyName = "share"

// ReportKey returns the key that signs report share links. The first
// server to ask creates it; a second server asking at the same moment
// keeps the first one's key (the insert does nothing on conflict), so
// every server signs and checks with one key.
func (db *DB) ReportKey(ctx context.Context) ([]byte, error) {
	var key []byte
	err := db.reader().queryRow(ctx, `SELECT secret FROM report_keys WHERE name = ?`, shareKeyName).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, dbError(err, "read report key")
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	if _, err := db.writer().exec(ctx, `INSERT INTO report_keys (name, secret, created_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`, shareKeyName, fresh, time.Now().UnixNano()); err != nil {
		return nil, dbError(err, "create report key")
	}
	err = db.writer().queryRow(ctx, `SELECT secret FROM report_keys WHERE name = ?`, shareKeyName).Scan(&key)
	return key, dbError(err, "read report key")
}
