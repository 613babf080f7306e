package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.ScreeningStore = (*DB)(nil)

// screeningStatuses are the states a screening session may be in.
var screeningStatuses = map[string]bool{"active": true, "finished": true, "abandoned": true}

// CreateScreening implements zhixi.ScreeningStore. StartedAt and
// UpdatedAt default to now; Status defaults to "active", Entitlement to
// the subject. The partial unique index on (student, entitlement) decides
// between simultaneous starts: one insert wins, the others get ECONFLICT.
func (db *DB) CreateScreening(ctx context.Context, s *zhixi.ScreeningSession, e *zhixi.AuditEntry) error {
	if s.Status == "" {
		s.Status = "active"
	}
	if !screeningStatuses[s.Status] {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_status", s.Status)
	}
	if s.Entitlement == "" {
		s.Entitlement = s.Subject
	}
	if s.StartedAt.IsZero() {
		s.StartedAt = time.Now()
	}
	if s.UpdatedAt.IsZero() {
		s.UpdatedAt = s.StartedAt
	}
	s.StartedAt, s.UpdatedAt, s.FinishedAt = utc(s.StartedAt), utc(s.UpdatedAt), utc(s.FinishedAt)
	var id int64
	err := db.tx(ctx, func(h handle) error {
		var err error
		id, err = insertID(ctx, h, `INSERT INTO screenings
			(student_id, subject, entitlement, status, state, version, started_at, updated_at, finished_at)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			s.StudentID, s.Subject, s.Entitlement, s.Status, s.State, nanos(s.StartedAt), nanos(s.UpdatedAt), nanos(s.FinishedAt))
		switch {
		case err == nil:
		case classify(err) == faultUnique:
			return zhixi.WrapError(zhixi.ECONFLICT, "err.screening_exists",
				fmt.Errorf("screening of student %d (%s): %w", s.StudentID, s.Entitlement, err))
		default:
			return db.refError(ctx, err, "create screening", ref{"students", s.StudentID, "err.student_not_found"})
		}
		if e == nil {
			return nil
		}
		e.ObjectID = id
		return appendAudit(ctx, h, e)
	})
	if err != nil {
		return err
	}
	db.boardChanged()
	s.ID, s.Version = id, 1
	return nil
}

const screeningCols = "id, student_id, subject, entitlement, status, state, version, started_at, updated_at, finished_at"

func scanScreening(r interface{ Scan(...any) error }, s *zhixi.ScreeningSession) error {
	var ent sql.NullString
	err := r.Scan(&s.ID, &s.StudentID, &s.Subject, &ent, &s.Status, &s.State, &s.Version,
		timeCol{&s.StartedAt}, timeCol{&s.UpdatedAt}, timeCol{&s.FinishedAt})
	s.Entitlement = ent.String
	return err
}

// ScreeningSession implements zhixi.ScreeningStore.
func (db *DB) ScreeningSession(ctx context.Context, id int64) (*zhixi.ScreeningSession, error) {
	var s zhixi.ScreeningSession
	err := scanScreening(db.reader().queryRow(ctx, "SELECT "+screeningCols+" FROM screenings WHERE id = ?", id), &s)
	if err != nil {
		return nil, notFound(err, "screening", "err.screening_not_found")
	}
	return &s, nil
}

// CachedScreeningSession implements zhixi.ScreeningStore. The CASE
// leaves the state unread (SQLite's overflow pages, PostgreSQL's TOAST
// chunks) when the caller has it.
func (db *DB) CachedScreeningSession(ctx context.Context, id int64, cached int) (*zhixi.ScreeningSession, error) {
	var s zhixi.ScreeningSession
	err := scanScreening(db.reader().queryRow(ctx, `SELECT id, student_id, subject, entitlement, status,
		CASE WHEN version = ? THEN NULL ELSE state END, version, started_at, updated_at, finished_at
		FROM screenings WHERE id = ?`, cached, id), &s)
	if err != nil {
		return nil, notFound(err, "screening", "err.screening_not_found")
	}
	return &s, nil
}

// SaveScreening implements zhixi.ScreeningStore with optimistic locking:
// the row changes only if its version is still s.Version. UpdatedAt
// defaults to now. An abandoned session gives up its entitlement.
func (db *DB) SaveScreening(ctx context.Context, s *zhixi.ScreeningSession, a *zhixi.Attempt, e *zhixi.AuditEntry) error {
	if !screeningStatuses[s.Status] {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_status", s.Status)
	}
	updated := s.UpdatedAt
	if updated.IsZero() {
		updated = time.Now()
	}
	var at zhixi.Attempt
	err := db.tx(ctx, func(h handle) error {
		n, err := rowsAffected(h.exec(ctx, `UPDATE screenings
			SET status = ?, state = ?, version = version + 1, updated_at = ?, finished_at = ?
			WHERE id = ? AND version = ?`,
			s.Status, s.State, nanos(updated), nanos(s.FinishedAt), s.ID, s.Version))
		if err != nil {
			return dbError(err, "save screening")
		}
		if n == 0 {
			if _, err := db.ScreeningSession(ctx, s.ID); err != nil {
				return err
			}
			return zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
				fmt.Errorf("screening %d: version %d is stale", s.ID, s.Version))
		}
		if a != nil {
			at = *a
			if err := db.insertAttempt(ctx, h, &at); err != nil {
				return err
			}
		}
		if e == nil {
			return nil
		}
		return appendAudit(ctx, h, e)
	})
	if err != nil {
		return err
	}
	db.boardChanged()
	if a != nil {
		a.ID, a.At = at.ID, at.At
	}
	s.Version++
	s.UpdatedAt, s.FinishedAt = utc(updated), utc(s.FinishedAt)
	return nil
}

// Screenings implements zhixi.ScreeningStore.
func (db *DB) Screenings(ctx context.Context, studentID int64) ([]zhixi.ScreeningSession, error) {
	rows, err := db.reader().query(ctx, "SELECT "+screeningCols+" FROM screenings WHERE student_id = ? ORDER BY started_at DESC, id DESC", studentID)
	return collect(rows, err, func(r *sql.Rows, s *zhixi.ScreeningSession) error { return scanScreening(r, s) })
}
