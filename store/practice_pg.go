package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zhixi-org/zhixi"
)

// pgDivisionByZero is how the pipeline's version check fails (see
// savePracticePipelined).
const pgDivisionByZero = "22012"

// staleCheck updates a practice state only at the version read, and
// fails (division by zero: count(*) is 0) when the row has moved on, so
// that nothing sent after it in the same pipeline commits.
const staleCheck = `WITH u AS (UPDATE practice_states SET state = ?, version = version + 1, updated_at = ?, path_screening = ?
	WHERE student_id = ? AND subject = ? AND version = ? RETURNING 1) SELECT 1 / count(*) FROM u`

// stmt is one statement with its arguments, to send in a pipeline.
type stmt struct {
	query string
	args  []any
}

// attemptInsert checks a (stamping its time) and returns the statement
// that inserts it, returning its id.
func attemptInsert(a *zhixi.Attempt) (stmt, error) {
	args, err := attemptArgs(a)
	return stmt{`INSERT INTO attempts (` + attemptInsertCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args}, err
}

// auditInsert checks e (stamping its time) and returns the statement that
// inserts it, returning its id.
func auditInsert(e *zhixi.AuditEntry) (stmt, error) {
	args, err := auditArgsOf(e)
	return stmt{`INSERT INTO audit_log (` + auditInsertCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args}, err
}

// savePracticePipelined writes an answer's change on PostgreSQL (the
// state update, the attempt, the mastery rows and the audit row) as one
// pipeline: the statements go out together and run in one implicit
// transaction, one round trip where the statement-by-statement
// transaction takes one per statement plus BEGIN and COMMIT. A stale
// version fails the whole pipeline (staleCheck), so it commits all or
// nothing as the transaction does. done is false when the pipeline failed
// for another reason (a duplicate answer id, a missing item, a lost
// connection): it rolled back whole, and the caller runs the
// statement-by-statement transaction, which maps that failure to its
// error.
func (db *DB) savePracticePipelined(ctx context.Context, c *zhixi.PracticeChange, updated time.Time, at *zhixi.Attempt) (done bool, err error) {
	ps := c.State
	sts := []stmt{{staleCheck, []any{ps.State, nanos(updated), ps.PathScreening, ps.StudentID, ps.Subject, ps.Version}}}
	attemptAt, auditAt := -1, -1
	if c.Attempt != nil {
		*at = *c.Attempt
		st, err := attemptInsert(at)
		if err != nil {
			return true, err
		}
		attemptAt, sts = len(sts), append(sts, st)
	}
	ms, err := masteryUpserts(c.Mastery, updated)
	if err != nil {
		return true, err
	}
	sts = append(sts, ms...)
	if c.Audit != nil {
		st, err := auditInsert(c.Audit)
		if err != nil {
			return true, err
		}
		auditAt, sts = len(sts), append(sts, st)
	}
	db.n.writeTx.Add(1)
	db.n.statements.Add(int64(len(sts)))
	var attemptID, auditID int64
	stale := false
	err = withPgx(ctx, db.w, func(pc *pgx.Conn) error {
		b := &pgx.Batch{}
		for _, st := range sts {
			b.Queue(rebind(st.query), st.args...)
		}
		br := pc.SendBatch(ctx, b)
		for i := range sts {
			var err error
			switch i {
			case 0:
				var one int64
				err = br.QueryRow().Scan(&one)
				var pe *pgconn.PgError
				stale = errors.As(err, &pe) && pe.Code == pgDivisionByZero
			case attemptAt:
				err = br.QueryRow().Scan(&attemptID)
			case auditAt:
				err = br.QueryRow().Scan(&auditID)
			default:
				_, err = br.Exec()
			}
			if err != nil {
				br.Close()
				return err
			}
		}
		return br.Close()
	})
	switch {
	case stale:
		return true, zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
			fmt.Errorf("practice of student %d in %s: version %d is stale", ps.StudentID, ps.Subject, ps.Version))
	case err == nil:
		at.ID = attemptID
		if c.Audit != nil {
			c.Audit.ID = auditID
		}
		return true, nil
	case ctx.Err() != nil:
		return true, dbError(err, "save practice")
	}
	return false, nil
}
