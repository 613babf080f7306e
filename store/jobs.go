package store

import (
	"context"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.JobService = (*DB)(nil)

// TryLease implements zhixi.JobService in one statement, so two servers
// asking at once cannot both get the lease.
func (db *DB) TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	if blank(name) || blank(holder) || ttl <= 0 {
		return false, zhixi.Errorf(zhixi.EINVALID, "err.invalid")
	}
	n, err := rowsAffected(db.writer().exec(ctx, `INSERT INTO job_leases (name, holder, until) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE job_leases.until < ? OR job_leases.holder = excluded.holder`,
		name, holder, now.Add(ttl).UnixNano(), now.UnixNano()))
	if err != nil {
		return false, dbError(err, "lease job "+name)
	}
	return n == 1, nil
}
