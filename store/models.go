package store

import (
	"context"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.ModelService = (*DB)(nil)

// SaveModel implements zhixi.ModelService. Earlier parameters are kept,
// so a bad fit can be traced and rolled back.
func (db *DB) SaveModel(ctx context.Context, name string, params []byte, at time.Time) error {
	if blank(name) {
		return zhixi.Errorf(zhixi.EINVALID, "err.model_name_required")
	}
	if at.IsZero() {
		at = time.Now()
	}
	if params == nil {
		params = []byte{}
	}
	_, err := db.writer().exec(ctx, "INSERT INTO models (name, params, saved_at) VALUES (?, ?, ?)", name, params, at.UnixNano())
	return dbError(err, "save model "+name)
}

// Model implements zhixi.ModelService.
func (db *DB) Model(ctx context.Context, name string) ([]byte, time.Time, error) {
	var params []byte
	var at time.Time
	err := db.reader().queryRow(ctx, "SELECT params, saved_at FROM models WHERE name = ? ORDER BY saved_at DESC, id DESC LIMIT 1", name).
		Scan(&params, timeCol{&at})
	if err != nil {
		return nil, time.Time{}, notFound(err, "model "+name, "err.model_not_found")
	}
	return params, at, nil
}
