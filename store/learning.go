package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

// RecordAttempt implements zhixi.LearningService. The attempt must name
// an imported item version (ENOTFOUND otherwise), so every answer stays
// attributable to the exact text the student saw.
func (db *DB) RecordAttempt(ctx context.Context, a *zhixi.Attempt) error {
	return db.insertAttempt(ctx, db.writer(), a)
}

// insertAttempt validates and inserts a through h, a plain connection or
// a transaction.
func (db *DB) insertAttempt(ctx context.Context, h handle, a *zhixi.Attempt) error {
	if a.StudentID == 0 || a.ItemID == "" || a.ItemVersion <= 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_attempt")
	}
	kps, err := json.Marshal(a.KnowledgePoints)
	if err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.invalid_attempt", err)
	}
	if a.At.IsZero() {
		a.At = time.Now()
	}
	a.At = utc(a.At)
	id, err := insertID(ctx, h, `INSERT INTO attempts
		(student_id, item_id, item_version, knowledge_points, response, correct, skipped, source, session_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.StudentID, a.ItemID, a.ItemVersion, string(kps), a.Response, a.Correct, a.Skipped, a.Source, a.SessionID, nanos(a.At))
	if err != nil {
		if classify(err) != faultForeignKey {
			return dbError(err, "record attempt")
		}
		// The student is checked first; if it exists, the item version is
		// what is missing.
		ferr := db.refError(ctx, err, "record attempt", ref{"students", a.StudentID, "err.student_not_found"})
		if key, _ := zhixi.ErrorKey(ferr); key != "err.not_found" {
			return ferr
		}
		e := zhixi.Errorf(zhixi.ENOTFOUND, "err.item_not_found", a.ItemID, a.ItemVersion)
		e.Err = fmt.Errorf("record attempt: item %s version %d: %w", a.ItemID, a.ItemVersion, err)
		return e
	}
	a.ID = id
	return nil
}

const attemptCols = "id, student_id, item_id, item_version, knowledge_points, response, correct, skipped, source, session_id, at"

func scanAttempt(r *sql.Rows, a *zhixi.Attempt) error {
	var kps string
	if err := r.Scan(&a.ID, &a.StudentID, &a.ItemID, &a.ItemVersion, &kps, &a.Response, &a.Correct, &a.Skipped,
		&a.Source, &a.SessionID, timeCol{&a.At}); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(kps), &a.KnowledgePoints); err != nil {
		return fmt.Errorf("attempt %d: knowledge points: %w", a.ID, err)
	}
	return nil
}

// Attempts implements zhixi.LearningService.
func (db *DB) Attempts(ctx context.Context, studentID int64) ([]zhixi.Attempt, error) {
	rows, err := db.reader().query(ctx, "SELECT "+attemptCols+" FROM attempts WHERE student_id = ? ORDER BY at, id", studentID)
	return collect(rows, err, scanAttempt)
}

// EachAttempt implements zhixi.LearningService. Rows stream from the
// read pool, so fn may itself use the store; an error from fn stops the
// walk and is returned as is.
func (db *DB) EachAttempt(ctx context.Context, fn func(*zhixi.Attempt) error) error {
	rows, err := db.reader().query(ctx, "SELECT "+attemptCols+" FROM attempts ORDER BY student_id, at, id")
	if err != nil {
		return dbError(err, "each attempt")
	}
	defer rows.Close()
	for rows.Next() {
		var a zhixi.Attempt
		if err := scanAttempt(rows, &a); err != nil {
			return dbError(err, "each attempt")
		}
		if err := fn(&a); err != nil {
			return err
		}
	}
	return dbError(rows.Err(), "each attempt")
}

// screeningStatuses are the states a screening session may be in.
var screeningStatuses = map[string]bool{"active": true, "finished": true, "abandoned": true}

// CreateScreening implements zhixi.LearningService. StartedAt and
// UpdatedAt default to now; Status defaults to "active".
func (db *DB) CreateScreening(ctx context.Context, s *zhixi.ScreeningSession) error {
	if s.Status == "" {
		s.Status = "active"
	}
	if !screeningStatuses[s.Status] {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_status", s.Status)
	}
	if s.StartedAt.IsZero() {
		s.StartedAt = time.Now()
	}
	if s.UpdatedAt.IsZero() {
		s.UpdatedAt = s.StartedAt
	}
	s.StartedAt, s.UpdatedAt, s.FinishedAt = utc(s.StartedAt), utc(s.UpdatedAt), utc(s.FinishedAt)
	s.Version = 1
	id, err := insertID(ctx, db.writer(), `INSERT INTO screenings
		(student_id, subject, status, state, version, started_at, updated_at, finished_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.StudentID, s.Subject, s.Status, s.State, s.Version, nanos(s.StartedAt), nanos(s.UpdatedAt), nanos(s.FinishedAt))
	if err != nil {
		s.Version = 0
		return db.refError(ctx, err, "create screening", ref{"students", s.StudentID, "err.student_not_found"})
	}
	s.ID = id
	return nil
}

const screeningCols = "id, student_id, subject, status, state, version, started_at, updated_at, finished_at"

func scanScreening(r interface{ Scan(...any) error }, s *zhixi.ScreeningSession) error {
	return r.Scan(&s.ID, &s.StudentID, &s.Subject, &s.Status, &s.State, &s.Version,
		timeCol{&s.StartedAt}, timeCol{&s.UpdatedAt}, timeCol{&s.FinishedAt})
}

// ScreeningSession implements zhixi.LearningService.
func (db *DB) ScreeningSession(ctx context.Context, id int64) (*zhixi.ScreeningSession, error) {
	var s zhixi.ScreeningSession
	err := scanScreening(db.reader().queryRow(ctx, "SELECT "+screeningCols+" FROM screenings WHERE id = ?", id), &s)
	if err != nil {
		return nil, notFound(err, "screening", "err.screening_not_found")
	}
	return &s, nil
}

// UpdateScreening implements zhixi.LearningService with optimistic
// locking: the row changes only if its version is still s.Version, and
// the version moves on by one. UpdatedAt defaults to now.
func (db *DB) UpdateScreening(ctx context.Context, s *zhixi.ScreeningSession) error {
	updated, err := db.updateScreening(ctx, db.writer(), s)
	if err != nil {
		return err
	}
	s.Version++
	s.UpdatedAt, s.FinishedAt = updated, utc(s.FinishedAt)
	return nil
}

// RecordScreeningAnswer implements zhixi.LearningService: the session
// update and the attempt commit together or not at all.
func (db *DB) RecordScreeningAnswer(ctx context.Context, s *zhixi.ScreeningSession, a *zhixi.Attempt) error {
	var updated time.Time
	err := db.tx(ctx, func(h handle) error {
		var err error
		if updated, err = db.updateScreening(ctx, h, s); err != nil {
			return err
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
	s.Version++
	s.UpdatedAt, s.FinishedAt = updated, utc(s.FinishedAt)
	return nil
}

// updateScreening writes s through h if its version is current and
// returns the stored update time; s itself is left for the caller to bump
// once the change is committed.
func (db *DB) updateScreening(ctx context.Context, h handle, s *zhixi.ScreeningSession) (time.Time, error) {
	if !screeningStatuses[s.Status] {
		return time.Time{}, zhixi.Errorf(zhixi.EINVALID, "err.invalid_status", s.Status)
	}
	updated := s.UpdatedAt
	if updated.IsZero() {
		updated = time.Now()
	}
	n, err := rowsAffected(h.exec(ctx, `UPDATE screenings
		SET status = ?, state = ?, version = version + 1, updated_at = ?, finished_at = ?
		WHERE id = ? AND version = ?`,
		s.Status, s.State, nanos(updated), nanos(s.FinishedAt), s.ID, s.Version))
	if err != nil {
		return time.Time{}, dbError(err, "update screening")
	}
	if n == 0 {
		if _, err := db.ScreeningSession(ctx, s.ID); err != nil {
			return time.Time{}, err
		}
		return time.Time{}, zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
			fmt.Errorf("screening %d: version %d is stale", s.ID, s.Version))
	}
	return utc(updated), nil
}

// Screenings implements zhixi.LearningService.
func (db *DB) Screenings(ctx context.Context, studentID int64) ([]zhixi.ScreeningSession, error) {
	rows, err := db.reader().query(ctx, "SELECT "+screeningCols+" FROM screenings WHERE student_id = ? ORDER BY started_at DESC, id DESC", studentID)
	return collect(rows, err, func(r *sql.Rows, s *zhixi.ScreeningSession) error { return scanScreening(r, s) })
}

// SaveModel implements zhixi.LearningService. Earlier parameters are
// kept, so a bad fit can be traced and rolled back.
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

// Model implements zhixi.LearningService.
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
