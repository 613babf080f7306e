package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhixi-org/zhixi"
)

// stmt is one statement with its arguments.
type stmt struct {
	query string
	args  []any
}

// Column types of the rows an answer writes, for unnestOf, in the order
// of their ...InsertCols.
var (
	attemptTypes = []string{"bigint", "text", "bigint", "text", "text", "boolean", "boolean", "text", "bigint", "bigint", "text", "bytea"}
	auditTypes   = []string{"bigint", "bigint", "text", "text", "text", "bigint", "bigint", "text", "text"}
	masteryTypes = []string{"bigint", "text", "text", "float8", "text", "bigint", "bigint", "bigint", "bigint", "bytea"}
	eventTypes   = []string{"bigint", "text", "text", "text", "text", "bigint", "bigint", "bigint"}
	seenTypes    = []string{"bigint", "text", "text", "bigint", "bigint"}
)

// answersStatement is the one statement that writes a batch of answers on
// PostgreSQL (see usualAnswers): their states, attempts, mastery rows,
// seen items, attention events and audit rows, a data-modifying WITH
// query per table over arrays, so its text is the same for any batch and
// stays prepared. A state is updated only at the version read and the
// access epoch the change carries; an answer whose state was not updated
// writes nothing, and only the answers written come back, as rows
// (answer, -1, attempt id, audit row id) and (answer, event, event id,
// 0). Ids are drawn before the inserts so each row's answer is known.
func answersStatement(ws []*practiceWrite) (stmt, error) {
	var states, attempts, audits, mastery, seen, events [][]any
	for i, w := range ws {
		c, ps := w.c, w.c.State
		states = append(states, []any{i, ps.StudentID, ps.Subject, ps.Version, ps.State, nanos(w.updated), ps.PathScreening, c.AccessEpoch})
		w.at = *c.Attempt
		a, err := attemptArgs(&w.at)
		if err != nil {
			return stmt{}, err
		}
		au, err := auditArgsOf(c.Audit)
		if err != nil {
			return stmt{}, err
		}
		attempts, audits = append(attempts, append([]any{i}, a...)), append(audits, append([]any{i}, au...))
		for _, m := range c.Mastery {
			args, err := masteryArgs(m, w.updated)
			if err != nil {
				return stmt{}, err
			}
			mastery = append(mastery, append([]any{i}, args...))
		}
		for _, it := range c.Seen {
			args, err := seenArgs(it)
			if err != nil {
				return stmt{}, err
			}
			seen = append(seen, append([]any{i}, args...))
		}
		for j := range c.Events {
			events = append(events, append([]any{i, j}, eventArgs(ps, &c.Events[j], w.updated)...))
		}
	}
	var (
		q    strings.Builder
		args []any
	)
	// table adds the unnest over rows, as alias t with columns cols.
	table := func(types []string, rows [][]any, cols string) error {
		u, a, err := unnestOf(types, rows)
		if err != nil {
			return err
		}
		q.WriteString(u + " AS t(" + cols + ")")
		args = append(args, a...)
		return nil
	}
	q.WriteString(`WITH v AS MATERIALIZED (SELECT t.*, nextval('attempts_id_seq') AS attempt_id, nextval('audit_log_id_seq') AS audit_id FROM `)
	if err := table([]string{"bigint", "bigint", "text", "bigint", "bytea", "bigint", "bigint", "bigint"}, states,
		"ord, student_id, subject, version, state, updated, path, epoch"); err != nil {
		return stmt{}, err
	}
	q.WriteString(`), s AS (UPDATE practice_states p SET state = v.state, version = p.version + 1, updated_at = v.updated,
		path_screening = v.path FROM v WHERE p.student_id = v.student_id AND p.subject = v.subject AND p.version = v.version
		AND (v.epoch = 0 OR v.epoch = ` + accessEpochNow + `) RETURNING v.ord, v.attempt_id, v.audit_id)`)
	q.WriteString(", a AS (INSERT INTO attempts (id, " + attemptInsertCols + ") SELECT s.attempt_id, " + qualified("t", attemptInsertCols) + " FROM ")
	if err := table(append([]string{"bigint"}, attemptTypes...), attempts, "ord, "+attemptInsertCols); err != nil {
		return stmt{}, err
	}
	q.WriteString(" JOIN s USING (ord))")
	if len(mastery) > 0 {
		q.WriteString(", m AS (INSERT INTO mastery (" + masteryInsertCols + ") SELECT " + qualified("t", masteryInsertCols) + " FROM ")
		if err := table(append([]string{"bigint"}, masteryTypes...), mastery, "ord, "+masteryInsertCols); err != nil {
			return stmt{}, err
		}
		q.WriteString(" JOIN s USING (ord)" + masteryOnConflict + ")")
	}
	if len(seen) > 0 {
		q.WriteString(", sn AS (INSERT INTO practice_seen (" + seenCols + ") SELECT " + qualified("t", seenCols) + " FROM ")
		if err := table(append([]string{"bigint"}, seenTypes...), seen, "ord, "+seenCols); err != nil {
			return stmt{}, err
		}
		q.WriteString(" JOIN s USING (ord)" + seenOnConflict + ")")
	}
	out := "SELECT ord, -1, attempt_id, audit_id FROM s"
	if len(events) > 0 {
		q.WriteString(", ev AS MATERIALIZED (SELECT t.*, nextval('attention_events_id_seq') AS id FROM ")
		if err := table(append([]string{"bigint", "bigint"}, eventTypes...), events, "ord, i, "+eventCols); err != nil {
			return stmt{}, err
		}
		q.WriteString("), e AS (INSERT INTO attention_events (id, " + eventCols + ", attempt_id) SELECT ev.id, " + qualified("ev", eventCols) +
			", s.attempt_id FROM ev JOIN s USING (ord))")
		out += " UNION ALL SELECT ord, i, id, 0 FROM ev JOIN s USING (ord)"
	}
	q.WriteString(", au AS (INSERT INTO audit_log (id, " + auditInsertCols + ") SELECT s.audit_id, " + qualified("t", auditInsertCols) + " FROM ")
	if err := table(append([]string{"bigint"}, auditTypes...), audits, "ord, "+auditInsertCols); err != nil {
		return stmt{}, err
	}
	q.WriteString(" JOIN s USING (ord)) " + out)
	return stmt{q.String(), args}, nil
}

// qualified is cols, a comma-separated list, each qualified by alias.
func qualified(alias, cols string) string {
	return alias + "." + strings.ReplaceAll(cols, ", ", ", "+alias+".")
}

// unnestOf is "unnest(?::type[], ...)" over rows of values of the given
// PostgreSQL types, and its arguments: one typed array per column, so
// the statement's text is the same for any number of rows. A nil value
// is NULL.
func unnestOf(types []string, rows [][]any) (string, []any, error) {
	var q strings.Builder
	args := make([]any, len(types))
	q.WriteString("unnest(")
	for j, typ := range types {
		if j > 0 {
			q.WriteString(", ")
		}
		q.WriteString("?::" + typ + "[]")
		var err error
		if args[j], err = column(typ, rows, j); err != nil {
			return "", nil, err
		}
	}
	q.WriteString(")")
	return q.String(), args, nil
}

// column is the j-th value of every row as a Go slice pgx sends as an
// array of typ.
func column(typ string, rows [][]any, j int) (any, error) {
	bad := func(v any) error { return fmt.Errorf("column %d: %T is not %s", j, v, typ) }
	switch typ {
	case "bigint":
		col := make([]*int64, len(rows))
		for i, r := range rows {
			switch v := r[j].(type) {
			case nil:
			case int64:
				col[i] = &v
			case int:
				n := int64(v)
				col[i] = &n
			default:
				return nil, bad(v)
			}
		}
		return col, nil
	case "text":
		return typed[string](rows, j, bad)
	case "boolean":
		return typed[bool](rows, j, bad)
	case "float8":
		return typed[float64](rows, j, bad)
	case "bytea":
		col := make([][]byte, len(rows))
		for i, r := range rows {
			switch v := r[j].(type) {
			case nil:
			case []byte:
				col[i] = v
			default:
				return nil, bad(v)
			}
		}
		return col, nil
	}
	return nil, fmt.Errorf("column %d: type %s", j, typ)
}

// typed is the j-th value of every row, each a T.
func typed[T any](rows [][]any, j int, bad func(any) error) ([]T, error) {
	col := make([]T, len(rows))
	for i, r := range rows {
		v, ok := r[j].(T)
		if !ok {
			return nil, bad(r[j])
		}
		col[i] = v
	}
	return col, nil
}

// saveAnswersPG writes a batch of answers with answersStatement, in one
// round trip and one implicit transaction. It returns the answers whose
// state was not at the version (or access epoch) they carry, which wrote
// nothing; the others have their ids. On an error nothing is stored.
func (db *DB) saveAnswersPG(ctx context.Context, ws []*practiceWrite) (stale []*practiceWrite, err error) {
	st, err := answersStatement(ws)
	if err != nil {
		return nil, err
	}
	for _, w := range ws {
		w.events = make([]int64, len(w.c.Events))
	}
	written := make([]bool, len(ws))
	db.n.writeTx.Add(1)
	db.n.statements.Add(1)
	err = withPgx(ctx, db.w, func(pc *pgx.Conn) error {
		rows, err := pc.Query(ctx, rebind(st.query), st.args...)
		if err != nil {
			return err
		}
		var ord, ev, id, audit int64
		_, err = pgx.ForEachRow(rows, []any{&ord, &ev, &id, &audit}, func() error {
			if ord < 0 || int(ord) >= len(ws) || ev >= int64(len(ws[ord].events)) {
				return fmt.Errorf("answer %d event %d: not in the batch", ord, ev)
			}
			w := ws[ord]
			if ev >= 0 {
				w.events[ev] = id
				return nil
			}
			written[ord], w.at.ID, w.c.Audit.ID = true, id, audit
			return nil
		})
		return err
	})
	if err != nil {
		return nil, dbError(err, "save practice")
	}
	for i, w := range ws {
		if !written[i] {
			stale = append(stale, w)
		}
	}
	return stale, nil
}

// insertMasteryPG inserts the mastery rows of a practice's start on
// PostgreSQL (see replaceMastery, which checks they are ps's) with one
// statement over arrays. As 100-row upserts a start took a third of the
// database's time in the practice benchmark (docs/performance.md, session
// 5): statements of a thousand parameters each, and a conflict check for
// every row.
func insertMasteryPG(ctx context.Context, h handle, rows []zhixi.Mastery, updated time.Time) error {
	if len(rows) == 0 {
		return nil
	}
	vals, err := valuesOf(rows, func(m zhixi.Mastery) ([]any, error) { return masteryArgs(m, updated) })
	if err != nil {
		return err
	}
	u, args, err := unnestOf(masteryTypes, vals)
	if err != nil {
		return err
	}
	_, err = h.exec(ctx, "INSERT INTO mastery ("+masteryInsertCols+") SELECT * FROM "+u, args...)
	return dbError(err, "save mastery")
}
