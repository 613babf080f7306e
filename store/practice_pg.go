package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zhixi-org/zhixi"
)

// pgDivisionByZero is how an answer's statement fails when its version
// (or the access epoch it carries) is stale (see answerStatement).
const pgDivisionByZero = "22012"

// stmt is one statement with its arguments.
type stmt struct {
	query string
	args  []any
}

// answerStatement is the one statement that writes an answer on
// PostgreSQL: its state update, attempt, mastery rows, attention events
// and audit row, each a data-modifying WITH query. It returns the ids
// the answer gets (attempt, events, audit row), through *ids in that
// order. The state is updated only at the version read (and the access
// epoch the change carries); when the row or the epoch has moved on,
// 1 / count(*) fails the statement (division by zero) and nothing of it
// is stored. As separate statements in a pipeline an answer cost each
// statement's parse, bind and executor start, which were most of
// PostgreSQL's time per answer (docs/performance.md, session 5).
func answerStatement(w *practiceWrite, ids *[]*int64) (stmt, error) {
	c, ps := w.c, w.c.State
	var (
		q    strings.Builder
		args = []any{ps.State, nanos(w.updated), ps.PathScreening, ps.StudentID, ps.Subject, ps.Version}
		out  = []string{"1 / (SELECT count(*) FROM s)"}
	)
	q.WriteString(`WITH s AS (UPDATE practice_states SET state = ?, version = version + 1, updated_at = ?, path_screening = ?
		WHERE student_id = ? AND subject = ? AND version = ?`)
	if c.AccessEpoch != 0 {
		q.WriteString(" AND " + accessEpochNow + " = ?")
		args = append(args, c.AccessEpoch)
	}
	q.WriteString(" RETURNING 1)")
	if c.Attempt != nil {
		w.at = *c.Attempt
		a, err := attemptArgs(&w.at)
		if err != nil {
			return stmt{}, err
		}
		q.WriteString(", a AS (INSERT INTO attempts (" + attemptInsertCols + ") VALUES (" + marks(len(a)) + ") RETURNING id)")
		args, out = append(args, a...), append(out, "(SELECT id FROM a)")
		*ids = append(*ids, &w.at.ID)
	}
	ms, err := masteryUpserts(c.Mastery, w.updated)
	if err != nil {
		return stmt{}, err
	}
	for i, m := range ms {
		fmt.Fprintf(&q, ", m%d AS (%s)", i, m.query)
		args = append(args, m.args...)
	}
	w.events = make([]int64, len(c.Events))
	for i := range c.Events {
		// The event names the attempt inserted above, whose id is not known yet.
		fmt.Fprintf(&q, `, e%d AS (INSERT INTO attention_events (student_id, subject, code, point, prerequisite, wrong, recent, at, attempt_id)
			SELECT ?::bigint, ?::text, ?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint, a.id FROM a RETURNING id)`, i)
		args, out = append(args, eventArgs(ps, &c.Events[i], w.updated)...), append(out, fmt.Sprintf("(SELECT id FROM e%d)", i))
		*ids = append(*ids, &w.events[i])
	}
	if c.Audit != nil {
		a, err := auditArgsOf(c.Audit)
		if err != nil {
			return stmt{}, err
		}
		q.WriteString(", au AS (INSERT INTO audit_log (" + auditInsertCols + ") VALUES (" + marks(len(a)) + ") RETURNING id)")
		args, out = append(args, a...), append(out, "(SELECT id FROM au)")
		*ids = append(*ids, &c.Audit.ID)
	}
	q.WriteString(" SELECT " + strings.Join(out, ", "))
	return stmt{q.String(), args}, nil
}

// savePracticePipelined writes answers to started practices on
// PostgreSQL, each with its answerStatement, in one pipeline: one round
// trip and one implicit transaction, which commits all or nothing. When
// a statement fails, failed is the answer it belongs to and err its
// conflict (stale: its version, or the access epoch it carries, which
// commitPracticePG tells apart by writing it alone) or the failure;
// failed is -1 when the pipeline failed as a whole.
func (db *DB) savePracticePipelined(ctx context.Context, ws []*practiceWrite) (failed int, err error) {
	b := &pgx.Batch{}
	for i, w := range ws {
		var ids []*int64
		st, err := answerStatement(w, &ids)
		if err != nil {
			return i, err
		}
		b.Queue(rebind(st.query), st.args...).QueryRow(func(row pgx.Row) error {
			var one int64
			dest := []any{&one}
			for _, id := range ids {
				dest = append(dest, id)
			}
			if err := row.Scan(dest...); err != nil {
				failed = i
				return err
			}
			return nil
		})
	}
	db.n.writeTx.Add(1)
	db.n.statements.Add(int64(len(ws)))
	failed = -1
	err = withPgx(ctx, db.w, func(pc *pgx.Conn) error { return pc.SendBatch(ctx, b).Close() })
	var pe *pgconn.PgError
	switch {
	case err == nil:
		return -1, nil
	case ctx.Err() != nil || !errors.As(err, &pe):
		// Not the server refusing a statement: the pipeline as a whole.
		return -1, dbError(err, "save practice")
	case pe.Code == pgDivisionByZero && failed >= 0:
		ps := ws[failed].c.State
		return failed, zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
			fmt.Errorf("practice of student %d in %s: version %d is stale", ps.StudentID, ps.Subject, ps.Version))
	}
	return failed, fmt.Errorf("practice pipeline: %w", err)
}

// insertMasteryPG inserts the mastery rows of a practice's start on
// PostgreSQL (see replaceMastery, which checks they are ps's) with one
// statement over arrays. As 100-row upserts a start took a third of the
// database's time in the practice benchmark (docs/performance.md, session
// 5): statements of a thousand parameters each, and a conflict check for
// every row.
func insertMasteryPG(ctx context.Context, h handle, ps *zhixi.PracticeState, rows []zhixi.Mastery, updated time.Time) error {
	n := len(rows)
	var (
		points, states          = make([]string, n), make([]string, n)
		known                   = make([]float64, n)
		answers, correct, stamp = make([]int64, n), make([]int64, n), make([]int64, n)
		due                     = make([]*int64, n)
		detail                  = make([][]byte, n)
	)
	for i, m := range rows {
		if err := checkMastery(m); err != nil {
			return err
		}
		points[i], states[i], known[i], answers[i], correct[i] = m.Point, m.State, m.PKnown, int64(m.Answers), int64(m.Correct)
		stamp[i] = stamped(m, updated).UnixNano()
		if !m.ReviewDue.IsZero() {
			d := m.ReviewDue.UnixNano()
			due[i] = &d
		}
		if m.Detail != "" {
			detail[i] = []byte(m.Detail)
		}
	}
	if n == 0 {
		return nil
	}
	_, err := h.exec(ctx, `INSERT INTO mastery (student_id, subject, point, p_known, state, answers, correct, review_due, updated_at, detail)
		SELECT ?, ?, t.* FROM unnest(?::text[], ?::float8[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bytea[]) AS t`,
		ps.StudentID, ps.Subject, points, known, states, answers, correct, due, stamp, detail)
	return dbError(err, "save mastery")
}
