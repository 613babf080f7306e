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
			(student_id, subject, entitlement, status, state, answer_log, version, started_at, updated_at, finished_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			s.StudentID, s.Subject, s.Entitlement, s.Status, s.State, s.Log, nanos(s.StartedAt), nanos(s.UpdatedAt), nanos(s.FinishedAt))
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

const screeningCols = "id, student_id, subject, entitlement, status, state, answer_log, version, started_at, updated_at, finished_at"

func scanScreening(r interface{ Scan(...any) error }, s *zhixi.ScreeningSession) error {
	var ent sql.NullString
	err := r.Scan(&s.ID, &s.StudentID, &s.Subject, &ent, &s.Status, &s.State, &s.Log, &s.Version,
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
		CASE WHEN version = ? THEN NULL ELSE state END, CASE WHEN version = ? THEN NULL ELSE answer_log END,
		version, started_at, updated_at, finished_at
		FROM screenings WHERE id = ?`, cached, cached, id), &s)
	if err != nil {
		return nil, notFound(err, "screening", "err.screening_not_found")
	}
	return &s, nil
}

var _ zhixi.ScreeningStudentReader = (*DB)(nil)

// CachedScreeningAndStudent implements zhixi.ScreeningStudentReader: the
// screening (as CachedScreeningSession reads it), its student and the
// student's guardians in one statement, a row per guardian. When that
// finds nothing (no such screening, or its student is erased) it reads
// them one by one, which gives each case its own error.
func (db *DB) CachedScreeningAndStudent(ctx context.Context, id int64, cached int) (*zhixi.ScreeningSession, *zhixi.Student, []int64, error) {
	rows, err := db.reader().query(ctx, `SELECT c.id, c.student_id, c.subject, c.entitlement, c.status,
		CASE WHEN c.version = ? THEN NULL ELSE c.state END, CASE WHEN c.version = ? THEN NULL ELSE c.answer_log END,
		c.version, c.started_at, c.updated_at, c.finished_at, `+studentCols+`, g.guardian_id
		FROM screenings c JOIN students s ON s.id = c.student_id AND s.erased_at IS NULL
		LEFT JOIN guardians g ON g.student_id = s.id
		WHERE c.id = ? ORDER BY g.guardian_id`, cached, cached, id)
	if err != nil {
		return nil, nil, nil, dbError(err, "screening")
	}
	defer rows.Close()
	var (
		row  *zhixi.ScreeningSession
		st   *zhixi.Student
		gids []int64
	)
	for rows.Next() {
		var c zhixi.ScreeningSession
		var s zhixi.Student
		var gid sql.NullInt64
		if err := scanScreening(plusStudent{rows, &s, &gid}, &c); err != nil {
			return nil, nil, nil, dbError(err, "screening")
		}
		if row == nil {
			row, st = &c, &s
		}
		if gid.Valid {
			gids = append(gids, gid.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, dbError(err, "screening")
	}
	if row == nil {
		if row, err = db.CachedScreeningSession(ctx, id, cached); err != nil {
			return nil, nil, nil, err
		}
		if st, gids, err = db.StudentAndGuardians(ctx, row.StudentID); err != nil {
			return nil, nil, nil, err
		}
	}
	return row, st, gids, nil
}

// plusStudent scans a student and a guardian id after the columns its
// caller asks for.
type plusStudent struct {
	r   interface{ Scan(...any) error }
	s   *zhixi.Student
	gid *sql.NullInt64
}

func (p plusStudent) Scan(dest ...any) error {
	return scanStudent(plusColumn{scanAfter{p.r, dest}, []any{p.gid}}, p.s)
}

// scanAfter scans the columns before dest first.
type scanAfter struct {
	r      interface{ Scan(...any) error }
	before []any
}

func (a scanAfter) Scan(dest ...any) error { return a.r.Scan(append(a.before, dest...)...) }

// SaveScreening implements zhixi.ScreeningStore with optimistic locking:
// the row changes only if its version is still s.Version. UpdatedAt
// defaults to now. An abandoned session gives up its entitlement. A nil
// s.State keeps the stored state (only the log is replaced).
//
// On PostgreSQL the update, the attempt and the audit row are one
// statement (data-modifying WITH queries), so an answer is one round trip
// and one implicit transaction instead of five round trips; SQLite, in
// process, runs them in a transaction.
func (db *DB) SaveScreening(ctx context.Context, s *zhixi.ScreeningSession, a *zhixi.Attempt, e *zhixi.AuditEntry) error {
	if !screeningStatuses[s.Status] {
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_status", s.Status)
	}
	updated := s.UpdatedAt
	if updated.IsZero() {
		updated = time.Now()
	}
	set, args := "status = ?, answer_log = ?, version = version + 1, updated_at = ?, finished_at = ?",
		[]any{s.Status, s.Log, nanos(updated), nanos(s.FinishedAt)}
	if s.State != nil {
		set, args = "state = ?, "+set, append([]any{s.State}, args...)
	}
	update := "UPDATE screenings SET " + set + " WHERE id = ? AND version = ?"
	args = append(args, s.ID, s.Version)
	var at zhixi.Attempt
	var atArgs, auditArgs []any
	if a != nil {
		at = *a
		var err error
		if atArgs, err = attemptArgs(&at); err != nil {
			return err
		}
	}
	if e != nil {
		var err error
		if auditArgs, err = auditArgsOf(e); err != nil {
			return err
		}
	}
	stale := func() error {
		if _, err := db.ScreeningSession(ctx, s.ID); err != nil {
			return err
		}
		return zhixi.WrapError(zhixi.ECONFLICT, "err.version_conflict",
			fmt.Errorf("screening %d: version %d is stale", s.ID, s.Version))
	}
	var err error
	if db.engine == Postgres {
		err = db.saveScreeningPG(ctx, update, args, &at, atArgs, e, auditArgs, stale)
	} else {
		err = db.tx(ctx, func(h handle) error {
			n, err := rowsAffected(h.exec(ctx, update, args...))
			if err != nil {
				return dbError(err, "save screening")
			}
			if n == 0 {
				return stale()
			}
			if a != nil {
				if at.ID, err = insertID(ctx, h, `INSERT INTO attempts (`+attemptInsertCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, atArgs...); err != nil {
					return db.attemptError(ctx, &at, err)
				}
			}
			if e != nil {
				if e.ID, err = insertID(ctx, h, `INSERT INTO audit_log (`+auditInsertCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, auditArgs...); err != nil {
					return dbError(err, "append audit")
				}
			}
			return nil
		})
	}
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

// saveScreeningPG is SaveScreening's write as one PostgreSQL statement:
// the attempt and the audit row are inserted only if the update matched
// (they select from its RETURNING), and an error in any part undoes all.
// The casts type the parameters, which PostgreSQL cannot infer in a
// SELECT list.
func (db *DB) saveScreeningPG(ctx context.Context, update string, args []any, at *zhixi.Attempt, atArgs []any,
	e *zhixi.AuditEntry, auditArgs []any, stale func() error) error {
	q := "WITH u AS (" + update + " RETURNING id)"
	sel := "SELECT (SELECT id FROM u)"
	if atArgs != nil {
		q += `, a AS (INSERT INTO attempts (` + attemptInsertCols + `) SELECT ?::bigint, ?::text, ?::bigint, ?::text, ?::text,
			?::boolean, ?::boolean, ?::text, ?::bigint, ?::bigint, ?::text, ?::bytea FROM u RETURNING id)`
		sel += ", (SELECT id FROM a)"
		args = append(args, atArgs...)
	}
	if auditArgs != nil {
		q += `, l AS (INSERT INTO audit_log (` + auditInsertCols + `) SELECT ?::bigint, ?::bigint, ?::text, ?::text, ?::text,
			?::bigint, ?::bigint, ?::text, ?::text FROM u RETURNING id)`
		sel += ", (SELECT id FROM l)"
		args = append(args, auditArgs...)
	}
	db.n.writeTx.Add(1)
	var updated, atID, auditID sql.NullInt64
	dest := []any{&updated}
	if atArgs != nil {
		dest = append(dest, &atID)
	}
	if auditArgs != nil {
		dest = append(dest, &auditID)
	}
	if err := db.writer().queryRow(ctx, q+" "+sel, args...).Scan(dest...); err != nil {
		if atArgs != nil && (classify(err) == faultUnique || classify(err) == faultForeignKey) {
			return db.attemptError(ctx, at, err)
		}
		return dbError(err, "save screening")
	}
	if !updated.Valid {
		return stale()
	}
	at.ID = atID.Int64
	if e != nil {
		e.ID = auditID.Int64
	}
	return nil
}

// Screenings implements zhixi.ScreeningStore.
func (db *DB) Screenings(ctx context.Context, studentID int64) ([]zhixi.ScreeningSession, error) {
	rows, err := db.reader().query(ctx, "SELECT "+screeningCols+" FROM screenings WHERE student_id = ? ORDER BY started_at DESC, id DESC", studentID)
	return collect(rows, err, func(r *sql.Rows, s *zhixi.ScreeningSession) error { return scanScreening(r, s) })
}
