package store

import (
	"context"
	"errors"
	"fmt"

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

// savePracticePipelined writes answers without attention events on
// PostgreSQL (each one's state update, attempt, mastery rows and audit
// row) as one pipeline: the statements go out together and run in one
// implicit transaction, one round trip where the statement-by-statement
// transaction takes one per statement plus BEGIN and COMMIT. A stale
// version fails the whole pipeline (staleCheck), so it commits all or
// nothing as the transaction does. When a statement fails, failed is the
// answer it belongs to and err its conflict (stale) or the failure;
// failed is -1 when the pipeline failed as a whole.
func (db *DB) savePracticePipelined(ctx context.Context, ws []*practiceWrite) (failed int, err error) {
	var (
		sts   []stmt
		owner []int    // the answer each statement writes
		dest  []*int64 // where the id a statement returns goes, if any
	)
	add := func(w int, st stmt, id *int64) {
		sts, owner, dest = append(sts, st), append(owner, w), append(dest, id)
	}
	for i, w := range ws {
		c, ps := w.c, w.c.State
		add(i, stmt{staleCheck, []any{ps.State, nanos(w.updated), ps.PathScreening, ps.StudentID, ps.Subject, ps.Version}}, nil)
		if c.Attempt != nil {
			w.at = *c.Attempt
			st, err := attemptInsert(&w.at)
			if err != nil {
				return i, err
			}
			add(i, st, &w.at.ID)
		}
		ms, err := masteryUpserts(c.Mastery, w.updated)
		if err != nil {
			return i, err
		}
		for _, st := range ms {
			add(i, st, nil)
		}
		if c.Audit != nil {
			st, err := auditInsert(c.Audit)
			if err != nil {
				return i, err
			}
			add(i, st, &c.Audit.ID)
		}
	}
	db.n.writeTx.Add(1)
	db.n.statements.Add(int64(len(sts)))
	failed, stale := -1, false
	err = withPgx(ctx, db.w, func(pc *pgx.Conn) error {
		b := &pgx.Batch{}
		for _, st := range sts {
			b.Queue(rebind(st.query), st.args...)
		}
		br := pc.SendBatch(ctx, b)
		for i, st := range sts {
			var err error
			switch {
			case st.query == staleCheck:
				var one int64
				err = br.QueryRow().Scan(&one)
				var pe *pgconn.PgError
				stale = errors.As(err, &pe) && pe.Code == pgDivisionByZero
			case dest[i] != nil:
				err = br.QueryRow().Scan(dest[i])
			default:
				_, err = br.Exec()
			}
			if err != nil {
				var pe *pgconn.PgError
				if errors.As(err, &pe) {
					failed = owner[i] // the server refused this statement
				}
				br.Close()
				return err
			}
		}
		return br.Close()
	})
	switch {
	case err == nil:
		return -1, nil
	case ctx.Err() != nil:
		return -1, dbError(err, "save practice")
	case stale:
		ps := ws[failed].c.State
		return failed, zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
			fmt.Errorf("practice of student %d in %s: version %d is stale", ps.StudentID, ps.Subject, ps.Version))
	}
	return failed, fmt.Errorf("practice pipeline: %w", err)
}
