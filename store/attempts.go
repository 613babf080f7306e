package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.AttemptService = (*DB)(nil)

// insertAttempt validates and inserts a through h, inside the transaction
// of the session or state it changes. The attempt must name an imported
// item version (ENOTFOUND otherwise), so every answer stays attributable
// to the exact text the student saw; a client answer id already used by
// the student is ECONFLICT err.answer_duplicate.
func (db *DB) insertAttempt(ctx context.Context, h handle, a *zhixi.Attempt) error {
	args, err := attemptArgs(a)
	if err != nil {
		return err
	}
	id, err := insertID(ctx, h, `INSERT INTO attempts (`+attemptInsertCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if err != nil {
		return db.attemptError(ctx, a, err)
	}
	a.ID = id
	return nil
}

// attemptInsertCols are the columns attemptArgs gives values for.
const attemptInsertCols = "student_id, item_id, item_version, knowledge_points, response, correct, skipped, source, session_id, at, answer_id, result"

// attemptArgs validates a, sets its time if unset, and returns its values
// for attemptInsertCols.
func attemptArgs(a *zhixi.Attempt) ([]any, error) {
	if a.StudentID == 0 || a.ItemID == "" || a.ItemVersion <= 0 || len(a.AnswerID) > maxAnswerID {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.invalid_attempt")
	}
	kps, err := json.Marshal(a.KnowledgePoints)
	if err != nil {
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.invalid_attempt", err)
	}
	if a.At.IsZero() {
		a.At = time.Now()
	}
	a.At = utc(a.At)
	return []any{a.StudentID, a.ItemID, a.ItemVersion, string(kps), a.Response, a.Correct, a.Skipped, a.Source, a.SessionID,
		nanos(a.At), a.AnswerID, a.Result}, nil
}

// attemptError maps the error of inserting a to the store's codes.
func (db *DB) attemptError(ctx context.Context, a *zhixi.Attempt, err error) error {
	switch {
	case classify(err) == faultUnique:
		return zhixi.WrapError(zhixi.ECONFLICT, "err.answer_duplicate", fmt.Errorf("answer %q of student %d: %w", a.AnswerID, a.StudentID, err))
	case classify(err) != faultForeignKey:
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

// maxAnswerID bounds a client's answer id (a UUID is 36 characters).
const maxAnswerID = 64

const attemptCols = "id, student_id, item_id, item_version, knowledge_points, response, correct, skipped, source, session_id, at, answer_id, result"

func scanAttempt(r interface{ Scan(...any) error }, a *zhixi.Attempt) error {
	var kps string
	if err := r.Scan(&a.ID, &a.StudentID, &a.ItemID, &a.ItemVersion, &kps, &a.Response, &a.Correct, &a.Skipped,
		&a.Source, &a.SessionID, timeCol{&a.At}, &a.AnswerID, &a.Result); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(kps), &a.KnowledgePoints); err != nil {
		return fmt.Errorf("attempt %d: knowledge points: %w", a.ID, err)
	}
	return nil
}

// scanAttemptRows is scanAttempt in the shape collect takes.
func scanAttemptRows(r *sql.Rows, a *zhixi.Attempt) error { return scanAttempt(r, a) }

// Attempts implements zhixi.AttemptService.
func (db *DB) Attempts(ctx context.Context, studentID int64) ([]zhixi.Attempt, error) {
	rows, err := db.reader().query(ctx, "SELECT "+attemptCols+" FROM attempts WHERE student_id = ? ORDER BY at, id", studentID)
	return collect(rows, err, scanAttemptRows)
}

// AttemptByAnswerID implements zhixi.AttemptService.
func (db *DB) AttemptByAnswerID(ctx context.Context, studentID int64, answerID string) (*zhixi.Attempt, error) {
	if answerID == "" {
		return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found")
	}
	var a zhixi.Attempt
	err := scanAttempt(db.reader().queryRow(ctx, "SELECT "+attemptCols+" FROM attempts WHERE student_id = ? AND answer_id = ?",
		studentID, answerID), &a)
	if err != nil {
		return nil, notFound(err, "attempt", "err.not_found")
	}
	return &a, nil
}

// ItemResponses implements zhixi.AttemptService.
func (db *DB) ItemResponses(ctx context.Context, itemID string, limit int) ([]zhixi.ResponseCount, int, error) {
	r := db.reader()
	var total int
	if err := r.queryRow(ctx, "SELECT COUNT(*) FROM attempts WHERE item_id = ? AND NOT skipped", itemID).Scan(&total); err != nil {
		return nil, 0, dbError(err, "item responses")
	}
	rows, err := r.query(ctx, `SELECT response, correct, COUNT(*) AS n FROM attempts WHERE item_id = ? AND NOT skipped
		GROUP BY response, correct ORDER BY n DESC, response LIMIT ?`, itemID, limit)
	out, err := collect(rows, err, func(rs *sql.Rows, c *zhixi.ResponseCount) error {
		return rs.Scan(&c.Response, &c.Correct, &c.Count)
	})
	return out, total, err
}

// EachAttempt implements zhixi.AttemptService. Rows stream from the
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
