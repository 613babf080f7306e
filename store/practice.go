package store

import (
	"context"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.JobService = (*DB)(nil)

// PracticeState implements zhixi.LearningService.
func (db *DB) PracticeState(ctx context.Context, studentID int64, subject string) (*zhixi.PracticeState, error) {
	ps := zhixi.PracticeState{StudentID: studentID, Subject: subject}
	err := db.reader().queryRow(ctx, `SELECT state, version, updated_at FROM practice_states
		WHERE student_id = ? AND subject = ?`, studentID, subject).Scan(&ps.State, &ps.Version, timeCol{&ps.UpdatedAt})
	if err != nil {
		return nil, notFound(err, "practice state", "err.practice_not_found")
	}
	return &ps, nil
}

// SavePracticeState implements zhixi.LearningService.
func (db *DB) SavePracticeState(ctx context.Context, ps *zhixi.PracticeState, a *zhixi.Attempt) error {
	if ps.StudentID == 0 || blank(ps.Subject) || ps.State == nil {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_practice")
	}
	updated := ps.UpdatedAt
	if updated.IsZero() {
		updated = time.Now()
	}
	err := db.tx(ctx, func(h handle) error {
		if ps.Version == 0 {
			_, err := h.exec(ctx, `INSERT INTO practice_states (student_id, subject, state, version, updated_at)
				VALUES (?, ?, ?, 1, ?)`, ps.StudentID, ps.Subject, ps.State, nanos(updated))
			switch {
			case err == nil:
			case classify(err) == faultUnique:
				return zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
					fmt.Errorf("practice of student %d in %s was started concurrently", ps.StudentID, ps.Subject))
			case classify(err) == faultForeignKey:
				return db.refError(ctx, err, "save practice", ref{"students", ps.StudentID, "err.student_not_found"})
			default:
				return dbError(err, "save practice")
			}
		} else {
			n, err := rowsAffected(h.exec(ctx, `UPDATE practice_states SET state = ?, version = version + 1, updated_at = ?
				WHERE student_id = ? AND subject = ? AND version = ?`,
				ps.State, nanos(updated), ps.StudentID, ps.Subject, ps.Version))
			if err != nil {
				return dbError(err, "save practice")
			}
			if n == 0 {
				return zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
					fmt.Errorf("practice of student %d in %s: version %d is stale", ps.StudentID, ps.Subject, ps.Version))
			}
		}
		if a == nil {
			return nil
		}
		at := *a
		if err := db.insertAttempt(ctx, h, &at); err != nil {
			return err
		}
		a.ID, a.At = at.ID, at.At
		return nil
	})
	if err != nil {
		return err
	}
	ps.Version++
	ps.UpdatedAt = utc(updated)
	return nil
}

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
