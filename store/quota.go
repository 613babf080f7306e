package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.QuotaService = (*DB)(nil)

// QuotaPlaces implements zhixi.QuotaService.
func (db *DB) QuotaPlaces(ctx context.Context, communityID int64, year int) (int, bool, error) {
	var n int
	err := db.reader().queryRow(ctx, "SELECT places FROM quota_places WHERE community_id = ? AND year = ?", communityID, year).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, dbError(err, "quota places")
	}
	return n, true, nil
}

// SetQuotaPlaces implements zhixi.QuotaService.
func (db *DB) SetQuotaPlaces(ctx context.Context, communityID int64, year, places int, a *zhixi.AuditEntry) error {
	err := db.tx(ctx, func(h handle) error {
		if err := lockRow(ctx, h, "communities", communityID, "err.community_not_found"); err != nil {
			return err
		}
		if _, err := h.exec(ctx, "DELETE FROM quota_places WHERE community_id = ? AND year = ?", communityID, year); err != nil {
			return err
		}
		if _, err := h.exec(ctx, "INSERT INTO quota_places (community_id, year, places) VALUES (?, ?, ?)", communityID, year, places); err != nil {
			return err
		}
		return audited(ctx, h, a, communityID)
	})
	return dbError(err, "set quota places")
}

const quotaCols = `q.id, q.community_id, q.student_id, q.year, q.category, q.status, q.note, q.applied_by, q.applied_at,
	q.certificate_type, q.certificate_year, q.verified_by, q.verified_at, q.decided_by, q.decided_at, q.reason, q.queued_at, s.name`

func scanQuota(r interface{ Scan(...any) error }, q *zhixi.QuotaApplication) error {
	return r.Scan(&q.ID, &q.CommunityID, &q.StudentID, &q.Year, &q.Category, &q.Status, &q.Note, &q.AppliedBy, timeCol{&q.AppliedAt},
		&q.CertificateType, &q.CertificateYear, idCol{&q.VerifiedBy}, timeCol{&q.VerifiedAt}, idCol{&q.DecidedBy}, timeCol{&q.DecidedAt},
		&q.Reason, timeCol{&q.QueuedAt}, &q.StudentName)
}

func quotaApplication(ctx context.Context, h handle, id int64) (*zhixi.QuotaApplication, error) {
	var q zhixi.QuotaApplication
	err := scanQuota(h.queryRow(ctx, "SELECT "+quotaCols+" FROM quota_applications q JOIN students s ON s.id = q.student_id WHERE q.id = ?", id), &q)
	if err != nil {
		return nil, notFound(err, "quota application", "err.quota_not_found")
	}
	return &q, nil
}

// ApplyQuota implements zhixi.QuotaService.
func (db *DB) ApplyQuota(ctx context.Context, q *zhixi.QuotaApplication, a *zhixi.AuditEntry) error {
	q.Status = zhixi.QuotaApplied
	err := db.tx(ctx, func(h handle) error {
		id, err := insertID(ctx, h, `INSERT INTO quota_applications (community_id, student_id, year, category, status, note,
			applied_by, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			q.CommunityID, q.StudentID, q.Year, q.Category, q.Status, q.Note, q.AppliedBy, nanos(q.AppliedAt))
		if err != nil {
			return conflictError(err, "apply quota", "err.quota_applied")
		}
		q.ID = id
		a.StudentID = q.StudentID
		return audited(ctx, h, a, id)
	})
	return err
}

// QuotaApplication implements zhixi.QuotaService.
func (db *DB) QuotaApplication(ctx context.Context, id int64) (*zhixi.QuotaApplication, error) {
	return quotaApplication(ctx, db.reader(), id)
}

// QuotaApplications implements zhixi.QuotaService, in application order;
// waiting ones carry their place in the queue.
func (db *DB) QuotaApplications(ctx context.Context, f zhixi.QuotaFilter) ([]zhixi.QuotaApplication, error) {
	var w where
	if f.CommunityID != 0 {
		w.add("q.community_id = ?", f.CommunityID)
	}
	if f.StudentID != 0 {
		w.add("q.student_id = ?", f.StudentID)
	}
	if f.GuardianID != 0 {
		w.add("q.student_id IN (SELECT student_id FROM guardians WHERE guardian_id = ?)", f.GuardianID)
	}
	if f.Year != 0 {
		w.add("q.year = ?", f.Year)
	}
	if f.Status != "" {
		w.add("q.status = ?", f.Status)
	}
	var out []zhixi.QuotaApplication
	err := db.readTx(ctx, func(h handle) error {
		rows, err := h.query(ctx, "SELECT "+quotaCols+" FROM quota_applications q JOIN students s ON s.id = q.student_id"+
			w.String()+" ORDER BY q.id", w.args...)
		out, err = collect(rows, err, func(r *sql.Rows, q *zhixi.QuotaApplication) error { return scanQuota(r, q) })
		if err != nil {
			return err
		}
		for i := range out {
			if out[i].Status != zhixi.QuotaWaiting {
				continue
			}
			if err := h.queryRow(ctx, `SELECT COUNT(*) FROM quota_applications WHERE community_id = ? AND year = ? AND status = 'waiting'
				AND (queued_at < ? OR (queued_at = ? AND id <= ?))`, out[i].CommunityID, out[i].Year,
				nanos(out[i].QueuedAt), nanos(out[i].QueuedAt), out[i].ID).Scan(&out[i].Position); err != nil {
				return dbError(err, "quota position")
			}
		}
		return nil
	})
	return out, err
}

// VerifyQuota implements zhixi.QuotaService.
func (db *DB) VerifyQuota(ctx context.Context, q *zhixi.QuotaApplication, a *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, `UPDATE quota_applications SET status = 'verified', category = ?, certificate_type = ?,
			certificate_year = ?, verified_by = ?, verified_at = ? WHERE id = ? AND status = 'applied'`,
			q.Category, q.CertificateType, q.CertificateYear, q.VerifiedBy, nanos(q.VerifiedAt), q.ID)
		if err != nil {
			return dbError(err, "verify quota")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.quota_state")
		}
		return audited(ctx, h, a, q.ID)
	})
}

// ApproveQuota implements zhixi.QuotaService. The community's row is held
// for the transaction, so the count of approved places cannot change
// between reading it and approving.
func (db *DB) ApproveQuota(ctx context.Context, id int64, places int, by int64, at time.Time, a *zhixi.AuditEntry) (string, error) {
	var status string
	err := db.tx(ctx, func(h handle) error {
		q, err := quotaApplication(ctx, h, id)
		if err != nil {
			return err
		}
		if err := lockRow(ctx, h, "communities", q.CommunityID, "err.community_not_found"); err != nil {
			return err
		}
		var taken int
		if err := h.queryRow(ctx, "SELECT COUNT(*) FROM quota_applications WHERE community_id = ? AND year = ? AND status = 'approved'",
			q.CommunityID, q.Year).Scan(&taken); err != nil {
			return dbError(err, "approve: count")
		}
		status = zhixi.QuotaApproved
		var queued any
		if taken >= places {
			status, queued = zhixi.QuotaWaiting, at.UnixNano()
		}
		res, err := h.exec(ctx, `UPDATE quota_applications SET status = ?, decided_by = ?, decided_at = ?, queued_at = ?
			WHERE id = ? AND status = 'verified'`, status, by, at.UnixNano(), queued, id)
		if err != nil {
			return dbError(err, "approve quota")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.quota_state")
		}
		a.Detail, a.StudentID = status, q.StudentID
		return audited(ctx, h, a, id)
	})
	return status, err
}

// RejectQuota implements zhixi.QuotaService.
func (db *DB) RejectQuota(ctx context.Context, id int64, reason string, by int64, at time.Time, a *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, `UPDATE quota_applications SET status = 'rejected', reason = ?, decided_by = ?, decided_at = ?
			WHERE id = ? AND status IN ('applied', 'verified')`, reason, by, at.UnixNano(), id)
		if err != nil {
			return dbError(err, "reject quota")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.quota_state")
		}
		return audited(ctx, h, a, id)
	})
}

// ReleaseQuota implements zhixi.QuotaService.
func (db *DB) ReleaseQuota(ctx context.Context, id int64, places int, reason string, by int64, at time.Time, a *zhixi.AuditEntry) (*zhixi.QuotaApplication, error) {
	var promoted *zhixi.QuotaApplication
	err := db.tx(ctx, func(h handle) error {
		q, err := quotaApplication(ctx, h, id)
		if err != nil {
			return err
		}
		if err := lockRow(ctx, h, "communities", q.CommunityID, "err.community_not_found"); err != nil {
			return err
		}
		res, err := h.exec(ctx, `UPDATE quota_applications SET status = 'released', reason = ?, decided_by = ?, decided_at = ?
			WHERE id = ? AND status IN ('approved', 'waiting')`, reason, by, at.UnixNano(), id)
		if err != nil {
			return dbError(err, "release quota")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.quota_state")
		}
		a.StudentID = q.StudentID
		if err := audited(ctx, h, a, id); err != nil {
			return err
		}
		var taken int
		if err := h.queryRow(ctx, "SELECT COUNT(*) FROM quota_applications WHERE community_id = ? AND year = ? AND status = 'approved'",
			q.CommunityID, q.Year).Scan(&taken); err != nil {
			return dbError(err, "release: count")
		}
		if taken >= places {
			return nil
		}
		var next int64
		err = h.queryRow(ctx, `SELECT id FROM quota_applications WHERE community_id = ? AND year = ? AND status = 'waiting'
			ORDER BY queued_at, id LIMIT 1`, q.CommunityID, q.Year).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return dbError(err, "release: next")
		}
		if _, err := h.exec(ctx, "UPDATE quota_applications SET status = 'approved', decided_at = ? WHERE id = ?", at.UnixNano(), next); err != nil {
			return dbError(err, "promote quota")
		}
		if promoted, err = quotaApplication(ctx, h, next); err != nil {
			return err
		}
		return appendAudit(ctx, h, &zhixi.AuditEntry{At: at, ActorID: a.ActorID, ActorRole: a.ActorRole, Action: zhixi.AuditUpdate,
			Object: "quota", ObjectID: next, StudentID: promoted.StudentID, Detail: "promoted", IP: a.IP})
	})
	return promoted, err
}

// HasQuotaPlace implements zhixi.QuotaService.
func (db *DB) HasQuotaPlace(ctx context.Context, studentID int64, year int) (bool, error) {
	var n int
	err := db.reader().queryRow(ctx, "SELECT COUNT(*) FROM quota_applications WHERE student_id = ? AND year = ? AND status = 'approved'",
		studentID, year).Scan(&n)
	return n > 0, dbError(err, "has quota place")
}
