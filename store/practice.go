package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.PracticeStore = (*DB)(nil)

// PracticeState implements zhixi.PracticeStore.
func (db *DB) PracticeState(ctx context.Context, studentID int64, subject string) (*zhixi.PracticeState, error) {
	ps := zhixi.PracticeState{StudentID: studentID, Subject: subject}
	err := db.reader().queryRow(ctx, `SELECT state, version, updated_at, path_screening FROM practice_states
		WHERE student_id = ? AND subject = ?`, studentID, subject).Scan(&ps.State, &ps.Version, timeCol{&ps.UpdatedAt}, &ps.PathScreening)
	if err != nil {
		return nil, notFound(err, "practice state", "err.practice_not_found")
	}
	return &ps, nil
}

// CachedPracticeState implements zhixi.PracticeStore.
func (db *DB) CachedPracticeState(ctx context.Context, studentID int64, subject string, cached int) (*zhixi.PracticeState, error) {
	ps := zhixi.PracticeState{StudentID: studentID, Subject: subject}
	err := db.reader().queryRow(ctx, `SELECT CASE WHEN version = ? THEN NULL ELSE state END, version, updated_at, path_screening
		FROM practice_states WHERE student_id = ? AND subject = ?`, cached, studentID, subject).
		Scan(&ps.State, &ps.Version, timeCol{&ps.UpdatedAt}, &ps.PathScreening)
	if err != nil {
		return nil, notFound(err, "practice state", "err.practice_not_found")
	}
	return &ps, nil
}

// SavePractice implements zhixi.PracticeStore: state, attempt, mastery
// rows, attention events and audit row commit together or not at all.
// Answers saved at the same moment share a commit (see groupCommit). A
// practice's start has its own transaction: it writes a mastery row for
// every point of the subject (hundreds), and in the shared commit every
// answer queued behind it would wait for them.
func (db *DB) SavePractice(ctx context.Context, c *zhixi.PracticeChange) error {
	w, err := newPracticeWrite(ctx, c)
	if err != nil {
		return err
	}
	if c.State.Version == 0 {
		err = db.tx(ctx, func(h handle) error { return db.writePractice(ctx, h, w) })
	} else {
		err = db.practiceGroup.do(w)
	}
	if err != nil {
		return err
	}
	db.saved(w)
	return nil
}

// newPracticeWrite checks c and stamps its time.
func newPracticeWrite(ctx context.Context, c *zhixi.PracticeChange) (*practiceWrite, error) {
	ps := c.State
	if ps == nil || ps.StudentID == 0 || blank(ps.Subject) || ps.State == nil {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.invalid_practice")
	}
	w := &practiceWrite{ctx: ctx, c: c, updated: ps.UpdatedAt}
	if w.updated.IsZero() {
		w.updated = time.Now()
	}
	return w, nil
}

// saved gives the caller's change what committing w stored: ids, times
// and the new version.
func (db *DB) saved(w *practiceWrite) {
	c, ps := w.c, w.c.State
	if c.Attempt != nil {
		db.boardChanged()
		c.Attempt.ID, c.Attempt.At = w.at.ID, w.at.At
	}
	for i := range c.Events {
		c.Events[i].ID, c.Events[i].StudentID, c.Events[i].Subject, c.Events[i].AttemptID = w.events[i], ps.StudentID, ps.Subject, w.at.ID
		if c.Events[i].At.IsZero() {
			c.Events[i].At = utc(w.updated)
		}
	}
	ps.Version++
	ps.UpdatedAt = utc(w.updated)
}

// practiceWrite is one SavePractice in a group commit.
type practiceWrite struct {
	// ctx is the request's: a write whose request has gone before its
	// batch commits is left out.
	ctx     context.Context
	c       *zhixi.PracticeChange
	updated time.Time
	at      zhixi.Attempt // the attempt as stored
	events  []int64       // the ids of c.Events
	err     error
	done    chan struct{} // closed once committed or refused
}

// commitPractice writes a batch of answers in one transaction, in queue
// order. When one fails (a stale version, a duplicate answer id), the
// transaction rolls back and runs again without it: the answers before it
// write the same again, so it would fail the same way, and every answer
// gets the result it would have had in a transaction of its own. That
// costs the usual batch nothing, where a savepoint per answer would.
func (db *DB) commitPractice(ctx context.Context, batch []*practiceWrite) {
	live := batch[:0:0]
	for _, w := range batch {
		if err := w.ctx.Err(); err != nil {
			w.err = dbError(err, "save practice")
			continue
		}
		live = append(live, w)
	}
	if db.engine == Postgres {
		db.commitPracticePG(ctx, live)
		return
	}
	if usual, rest := usualAnswers(live, false); len(usual) > 1 {
		err := db.tx(ctx, func(h handle) error {
			if err := writePracticeRows(ctx, h, usual); err != nil {
				return err
			}
			for _, w := range rest {
				if err := db.writePractice(ctx, h, w); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			return
		}
		// One of them fails: the loop below finds which.
	}
	for len(live) > 0 {
		failed := -1
		err := db.tx(ctx, func(h handle) error {
			for i, w := range live {
				if err := db.writePractice(ctx, h, w); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if err == nil || failed < 0 { // committed, or the commit failed
			for _, w := range live {
				w.err = err
			}
			return
		}
		live[failed].err = err
		live = slices.Delete(live, failed, failed+1)
	}
}

// commitPracticePG writes the usual answers of a batch with one statement
// (answersStatement), and the others (an event without an attempt, a
// second answer to one practice) in a transaction each. An answer the statement left unwritten has a stale version, or
// (when it carries an access epoch) perhaps a moved epoch, which writing
// it alone tells apart. When the statement fails (a duplicate answer id,
// an unknown item), every answer is written alone, which maps each
// failure to its own answer, as commitPractice does.
func (db *DB) commitPracticePG(ctx context.Context, live []*practiceWrite) {
	usual, alone := usualAnswers(live, true)
	if len(usual) > 0 {
		stale, err := db.saveAnswersPG(ctx, usual)
		if err != nil {
			stale = usual
		}
		for _, w := range stale {
			if w.c.AccessEpoch == 0 && err == nil {
				ps := w.c.State
				w.err = zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
					fmt.Errorf("practice of student %d in %s: version %d is stale", ps.StudentID, ps.Subject, ps.Version))
				continue
			}
			alone = append(alone, w)
		}
	}
	for _, w := range alone {
		w.err = db.tx(ctx, func(h handle) error { return db.writePractice(ctx, h, w) })
	}
}

// usualAnswers splits ws into those the engine's batch statement can
// write together (usual answers: a state that exists, an attempt, an
// audit row, attention events only if events; one per practice) and the
// rest, each in queue order.
func usualAnswers(ws []*practiceWrite, events bool) (usual, rest []*practiceWrite) {
	seen := make(map[practiceKey]bool, len(ws))
	for _, w := range ws {
		c := w.c
		k := practiceKey{c.State.StudentID, c.State.Subject}
		if c.State.Version == 0 || c.Attempt == nil || c.Audit == nil || (len(c.Events) > 0 && !events) || seen[k] {
			rest = append(rest, w)
			continue
		}
		seen[k] = true
		usual = append(usual, w)
	}
	return usual, rest
}

type practiceKey struct {
	student int64
	subject string
}

// writePracticeRows writes the usual answers of a batch on SQLite with a
// statement per table rather than per answer and table: the states, the
// attempts, the mastery rows and the audit rows. It fails, and the caller
// rolls it back, if any answer would (a stale version or access epoch, an
// unknown item, a duplicate answer id), without saying which.
func writePracticeRows(ctx context.Context, h handle, ws []*practiceWrite) error {
	var (
		states           strings.Builder
		stateArgs        []any
		attempts, audits [][]any
		mastery          []zhixi.Mastery
		seen             []zhixi.SeenItem
	)
	states.WriteString(`UPDATE practice_states SET state = v.column4, version = version + 1, updated_at = v.column5,
		path_screening = v.column6 FROM (VALUES `)
	// column7 is the access epoch an answer carries, 0 for none.
	for i, w := range ws {
		ps := w.c.State
		if i > 0 {
			states.WriteString(", ")
		}
		states.WriteString("(?, ?, ?, ?, ?, ?, ?)")
		stateArgs = append(stateArgs, ps.StudentID, ps.Subject, ps.Version, ps.State, nanos(w.updated), ps.PathScreening,
			w.c.AccessEpoch)
		w.at = *w.c.Attempt
		args, err := attemptArgs(&w.at)
		if err != nil {
			return err
		}
		attempts = append(attempts, args)
		if args, err = auditArgsOf(w.c.Audit); err != nil {
			return err
		}
		audits = append(audits, args)
		for _, m := range w.c.Mastery {
			m.UpdatedAt = stamped(m, w.updated)
			mastery = append(mastery, m)
		}
		seen = append(seen, w.c.Seen...)
	}
	states.WriteString(`) AS v WHERE practice_states.student_id = v.column1 AND practice_states.subject = v.column2
		AND practice_states.version = v.column3
		AND (v.column7 = 0 OR v.column7 = ` + accessEpochNow + `)`)
	n, err := rowsAffected(h.exec(ctx, states.String(), stateArgs...))
	if err != nil {
		return dbError(err, "save practice")
	}
	if n != int64(len(ws)) {
		return zhixi.Errorf(zhixi.ECONFLICT, "err.version_conflict")
	}
	ids, err := insertRows(ctx, h, "attempts", attemptInsertCols, attempts)
	if err != nil {
		return dbError(err, "record attempts")
	}
	for i, w := range ws {
		w.at.ID = ids[i]
	}
	if err := upsertMastery(ctx, h, mastery, time.Time{}); err != nil {
		return err
	}
	if err := upsertSeen(ctx, h, seen); err != nil {
		return err
	}
	if ids, err = insertRows(ctx, h, "audit_log", auditInsertCols, audits); err != nil {
		return dbError(err, "append audit")
	}
	for i, w := range ws {
		w.c.Audit.ID = ids[i]
	}
	return nil
}

// insertRows inserts rows (values for cols) into table with one
// statement, and returns their ids in the order of rows. Inside the
// writer's transaction SQLite gives each new row the largest id so far
// plus one, in the order the rows are listed, so the i-th smallest id
// returned is the i-th row's.
func insertRows(ctx context.Context, h handle, table, cols string, rows [][]any) ([]int64, error) {
	q, args := multiInsert(table, cols, rows)
	rs, err := h.query(ctx, q+" RETURNING id", args...)
	ids, err := collect(rs, err, func(r *sql.Rows, id *int64) error { return r.Scan(id) })
	if err != nil {
		return nil, err
	}
	if len(ids) != len(rows) {
		return nil, fmt.Errorf("insert into %s: %d ids for %d rows", table, len(ids), len(rows))
	}
	slices.Sort(ids)
	return ids, nil
}

// writePractice writes w inside a transaction.
func (db *DB) writePractice(ctx context.Context, h handle, w *practiceWrite) error {
	c, ps := w.c, w.c.State
	if c.AccessEpoch != 0 {
		if err := db.checkEpoch(ctx, h, c.AccessEpoch); err != nil {
			return err
		}
	}
	if err := db.writeState(ctx, h, ps, w.updated); err != nil {
		return err
	}
	if c.Attempt != nil {
		w.at = *c.Attempt
		if err := db.insertAttempt(ctx, h, &w.at); err != nil {
			return err
		}
	}
	var err error
	if ps.Version == 0 {
		err = replaceMastery(ctx, h, ps, c.Mastery, w.updated)
		if err == nil {
			_, err = h.exec(ctx, "DELETE FROM practice_seen WHERE student_id = ? AND subject = ?", ps.StudentID, ps.Subject)
			err = dbError(err, "save seen items")
		}
	} else {
		err = upsertMastery(ctx, h, c.Mastery, w.updated)
	}
	if err == nil {
		err = upsertSeen(ctx, h, c.Seen)
	}
	if err != nil {
		return err
	}
	w.events = make([]int64, len(c.Events))
	for i := range c.Events {
		id, err := insertID(ctx, h, eventInsert+"?)", append(eventArgs(ps, &c.Events[i], w.updated), w.at.ID)...)
		if err != nil {
			return dbError(err, "record attention event")
		}
		w.events[i] = id
	}
	if c.Audit == nil {
		return nil
	}
	return appendAudit(ctx, h, c.Audit)
}

// eventInsert inserts an attention event, but for the value of its last
// column, the attempt's id: eventArgs, then that value and ")".
const eventInsert = "INSERT INTO attention_events (" + eventCols + ", attempt_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "

// eventCols are the columns eventArgs gives values for.
const eventCols = "student_id, subject, code, point, prerequisite, wrong, recent, at"

// eventArgs are the arguments of eventInsert, an event of ps saved at
// updated, unless the event has its own time.
func eventArgs(ps *zhixi.PracticeState, ev *zhixi.AttentionEvent, updated time.Time) []any {
	return []any{ps.StudentID, ps.Subject, ev.Code, ev.Point, ev.Prerequisite, ev.Wrong, ev.Of, nanos(cmp.Or(ev.At, updated))}
}

// writeState inserts ps (Version 0) or updates it if its version is
// current.
func (db *DB) writeState(ctx context.Context, h handle, ps *zhixi.PracticeState, updated time.Time) error {
	if ps.Version == 0 {
		_, err := h.exec(ctx, `INSERT INTO practice_states (student_id, subject, state, version, updated_at, path_screening)
			VALUES (?, ?, ?, 1, ?, ?)`, ps.StudentID, ps.Subject, ps.State, nanos(updated), ps.PathScreening)
		switch {
		case err == nil:
			return nil
		case classify(err) == faultUnique:
			return zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
				fmt.Errorf("practice of student %d in %s was started concurrently", ps.StudentID, ps.Subject))
		case classify(err) == faultForeignKey:
			return db.refError(ctx, err, "save practice", ref{"students", ps.StudentID, "err.student_not_found"})
		}
		return dbError(err, "save practice")
	}
	n, err := rowsAffected(h.exec(ctx, `UPDATE practice_states SET state = ?, version = version + 1, updated_at = ?, path_screening = ?
		WHERE student_id = ? AND subject = ? AND version = ?`,
		ps.State, nanos(updated), ps.PathScreening, ps.StudentID, ps.Subject, ps.Version))
	if err != nil {
		return dbError(err, "save practice")
	}
	if n == 0 {
		return zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
			fmt.Errorf("practice of student %d in %s: version %d is stale", ps.StudentID, ps.Subject, ps.Version))
	}
	return nil
}

// replaceMastery writes the mastery rows of a practice's start, every
// point of the subject, in place of any the subject had: rows can outlive
// their state (retention removed states without their rows until it
// removed both).
func replaceMastery(ctx context.Context, h handle, ps *zhixi.PracticeState, rows []zhixi.Mastery, updated time.Time) error {
	for _, m := range rows {
		if m.StudentID != ps.StudentID || m.Subject != ps.Subject {
			return zhixi.Errorf(zhixi.EINVALID, "err.invalid_practice")
		}
	}
	if _, err := h.exec(ctx, "DELETE FROM mastery WHERE student_id = ? AND subject = ?", ps.StudentID, ps.Subject); err != nil {
		return dbError(err, "save mastery")
	}
	if h.pg {
		return insertMasteryPG(ctx, h, rows, updated)
	}
	return upsertMastery(ctx, h, rows, updated)
}

// upsertBatch is how many rows one upsert statement carries (at most 10
// parameters each, well under either engine's limit).
const upsertBatch = 100

// upsert writes rows (values for cols) into table, onConflict making the
// inserts upserts, a batch per statement: a practice starts with every
// point of a subject.
func upsert(ctx context.Context, h handle, table, cols, onConflict string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), upsertBatch)
		q, args := multiInsert(table, cols, rows[:n])
		if _, err := h.exec(ctx, q+onConflict, args...); err != nil {
			return dbError(err, "save "+table)
		}
		rows = rows[n:]
	}
	return nil
}

// multiInsert is the statement that inserts rows (values for cols) into
// table, and its arguments.
func multiInsert(table, cols string, rows [][]any) (string, []any) {
	var q strings.Builder
	args := make([]any, 0, len(rows)*len(rows[0]))
	q.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
	row := "(" + marks(len(rows[0])) + ")"
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
		args = append(args, r...)
	}
	return q.String(), args
}

// upsertMastery writes rows keyed by (student, subject, point).
func upsertMastery(ctx context.Context, h handle, rows []zhixi.Mastery, updated time.Time) error {
	vals, err := valuesOf(rows, func(m zhixi.Mastery) ([]any, error) { return masteryArgs(m, updated) })
	if err != nil {
		return err
	}
	return upsert(ctx, h, "mastery", masteryInsertCols, masteryOnConflict, vals)
}

// upsertSeen writes seen items keyed by (student, subject, item).
func upsertSeen(ctx context.Context, h handle, items []zhixi.SeenItem) error {
	vals, err := valuesOf(items, seenArgs)
	if err != nil {
		return err
	}
	return upsert(ctx, h, "practice_seen", seenCols, seenOnConflict, vals)
}

// valuesOf is args of each of rows.
func valuesOf[T any](rows []T, args func(T) ([]any, error)) ([][]any, error) {
	vals := make([][]any, len(rows))
	for i, r := range rows {
		var err error
		if vals[i], err = args(r); err != nil {
			return nil, err
		}
	}
	return vals, nil
}

// seenCols are the columns seenArgs gives values for.
const seenCols = "student_id, subject, item_id, n, at"

// seenOnConflict makes an insert of seen items an upsert.
const seenOnConflict = " ON CONFLICT (student_id, subject, item_id) DO UPDATE SET n = excluded.n, at = excluded.at"

// seenArgs checks it and returns its values for seenCols.
func seenArgs(it zhixi.SeenItem) ([]any, error) {
	if it.StudentID == 0 || blank(it.Subject) || blank(it.ItemID) || it.At.IsZero() || it.N < 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.invalid_practice")
	}
	return []any{it.StudentID, it.Subject, it.ItemID, it.N, it.At.UnixNano()}, nil
}

// masteryInsertCols are the columns masteryArgs gives values for.
const masteryInsertCols = "student_id, subject, point, p_known, state, answers, correct, review_due, updated_at, detail"

// masteryOnConflict makes an insert of mastery rows an upsert.
const masteryOnConflict = ` ON CONFLICT (student_id, subject, point) DO UPDATE SET p_known = excluded.p_known,
	state = excluded.state, answers = excluded.answers, correct = excluded.correct,
	review_due = excluded.review_due, updated_at = excluded.updated_at, detail = excluded.detail`

// masteryArgs checks m and returns its values for masteryInsertCols, as
// saved at updated unless it has its own time.
func masteryArgs(m zhixi.Mastery, updated time.Time) ([]any, error) {
	if err := checkMastery(m); err != nil {
		return nil, err
	}
	var detail any // NULL when empty
	if m.Detail != "" {
		detail = []byte(m.Detail)
	}
	return []any{m.StudentID, m.Subject, m.Point, m.PKnown, m.State, m.Answers, m.Correct, nanos(m.ReviewDue),
		nanos(stamped(m, updated)), detail}, nil
}

// checkMastery refuses a row whose state the schema does not know.
func checkMastery(m zhixi.Mastery) error {
	if m.State != zhixi.MasteryLearning && m.State != zhixi.MasteryMastered {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_status", m.State)
	}
	return nil
}

// stamped is when m was updated: its own time, else the save's.
func stamped(m zhixi.Mastery, updated time.Time) time.Time {
	if m.UpdatedAt.IsZero() {
		return updated
	}
	return m.UpdatedAt
}

// Mastery implements zhixi.PracticeStore.
func (db *DB) Mastery(ctx context.Context, studentID int64, subject string) ([]zhixi.Mastery, error) {
	rows, err := db.reader().query(ctx, `SELECT student_id, subject, point, p_known, state, answers, correct, review_due, updated_at, detail
		FROM mastery WHERE student_id = ? AND subject = ? ORDER BY point`, studentID, subject)
	return collect(rows, err, func(r *sql.Rows, m *zhixi.Mastery) error {
		var detail []byte
		err := r.Scan(&m.StudentID, &m.Subject, &m.Point, &m.PKnown, &m.State, &m.Answers, &m.Correct,
			timeCol{&m.ReviewDue}, timeCol{&m.UpdatedAt}, &detail)
		m.Detail = string(detail)
		return err
	})
}

// SeenItems implements zhixi.PracticeStore.
func (db *DB) SeenItems(ctx context.Context, studentID int64, subject string) ([]zhixi.SeenItem, error) {
	rows, err := db.reader().query(ctx, "SELECT "+seenCols+" FROM practice_seen WHERE student_id = ? AND subject = ? ORDER BY item_id",
		studentID, subject)
	return collect(rows, err, func(r *sql.Rows, it *zhixi.SeenItem) error {
		return r.Scan(&it.StudentID, &it.Subject, &it.ItemID, &it.N, timeCol{&it.At})
	})
}

// AttentionEvents implements zhixi.PracticeStore.
func (db *DB) AttentionEvents(ctx context.Context, f zhixi.AttentionFilter) ([]zhixi.AttentionEvent, error) {
	var w where
	if len(f.StudentIDs) > 0 {
		in, args := inList(f.StudentIDs)
		w.add("student_id IN "+in, args...)
	}
	if !f.Since.IsZero() {
		w.add("at >= ?", f.Since.UnixNano())
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.reader().query(ctx, `SELECT id, student_id, subject, code, point, prerequisite, wrong, recent, attempt_id, at
		FROM attention_events`+w.String()+" ORDER BY at DESC, id DESC LIMIT ?", append(w.args, limit)...)
	return collect(rows, err, func(r *sql.Rows, e *zhixi.AttentionEvent) error {
		return r.Scan(&e.ID, &e.StudentID, &e.Subject, &e.Code, &e.Point, &e.Prerequisite, &e.Wrong, &e.Of, &e.AttemptID, timeCol{&e.At})
	})
}
