package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.RightsService = (*DB)(nil)

// ExportStudent implements zhixi.RightsService: one write transaction, so
// the export and its audit row commit together and the export is one
// snapshot.
func (db *DB) ExportStudent(ctx context.Context, studentID int64, e *zhixi.AuditEntry) (*zhixi.StudentExport, error) {
	x := &zhixi.StudentExport{ExportedAt: utc(e.At)}
	err := db.tx(ctx, func(h handle) error {
		err := scanStudent(h.queryRow(ctx, "SELECT "+studentCols+` FROM students s
			WHERE s.id = ? AND s.erased_at IS NULL`, studentID), &x.Student)
		if err != nil {
			return notFound(err, "export student", "err.student_not_found")
		}
		if err := h.queryRow(ctx, "SELECT name FROM communities WHERE id = ?", x.Student.CommunityID).Scan(&x.Community); err != nil {
			return dbError(err, "export community")
		}
		rows, err := h.query(ctx, `SELECT g.guardian_id, u.display_name, g.relation FROM guardians g
			JOIN users u ON u.id = g.guardian_id WHERE g.student_id = ? ORDER BY g.guardian_id`, studentID)
		if x.Guardians, err = collect(rows, err, func(r *sql.Rows, g *zhixi.ExportGuardian) error {
			return r.Scan(&g.UserID, &g.Name, &g.Relation)
		}); err != nil {
			return err
		}
		rows, err = h.query(ctx, "SELECT "+screeningCols+" FROM screenings WHERE student_id = ? ORDER BY started_at, id", studentID)
		if x.Screenings, err = collect(rows, err, func(r *sql.Rows, s *zhixi.ScreeningSession) error {
			err := scanScreening(r, s)
			s.State, s.Log = nil, nil // the engine's working state, not a record of the child
			return err
		}); err != nil {
			return err
		}
		rows, err = h.query(ctx, "SELECT "+attemptCols+" FROM attempts WHERE student_id = ? ORDER BY at, id", studentID)
		if x.Attempts, err = collect(rows, err, scanAttemptRows); err != nil {
			return err
		}
		rows, err = h.query(ctx, "SELECT subject, version, updated_at FROM practice_states WHERE student_id = ? ORDER BY subject", studentID)
		if x.Practice, err = collect(rows, err, func(r *sql.Rows, p *zhixi.PracticeState) error {
			p.StudentID = studentID
			return r.Scan(&p.Subject, &p.Version, timeCol{&p.UpdatedAt})
		}); err != nil {
			return err
		}
		rows, err = h.query(ctx, "SELECT "+auditCols+" FROM audit_log WHERE student_id = ? ORDER BY at, id", studentID)
		if x.Access, err = collect(rows, err, scanAudit); err != nil {
			return err
		}
		return appendAudit(ctx, h, e)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// RequestDeletion implements zhixi.RightsService. A partial unique index
// allows one open request per child, whatever servers race.
func (db *DB) RequestDeletion(ctx context.Context, r *zhixi.DeletionRequest, e *zhixi.AuditEntry) error {
	r.RequestedAt, r.Status = utc(r.RequestedAt), zhixi.DeletionRequested
	return db.tx(ctx, func(h handle) error {
		id, err := insertID(ctx, h, `INSERT INTO deletion_requests (student_id, requested_by, requested_at, status)
			VALUES (?, ?, ?, ?)`, r.StudentID, r.RequestedBy, nanos(r.RequestedAt), r.Status)
		if err != nil {
			return conflictError(err, "request deletion", "err.deletion_pending")
		}
		r.ID = id
		return appendAudit(ctx, h, e)
	})
}

// DeletionRequests implements zhixi.RightsService.
func (db *DB) DeletionRequests(ctx context.Context, communityID int64) ([]zhixi.DeletionRequest, error) {
	w := where{conds: []string{"d.status = ?"}, args: []any{zhixi.DeletionRequested}}
	if communityID != 0 {
		w.add("s.community_id = ?", communityID)
	}
	rows, err := db.reader().query(ctx, `SELECT d.id, d.student_id, s.name, s.community_id, d.requested_by, d.requested_at, d.status
		FROM deletion_requests d JOIN students s ON s.id = d.student_id`+w.String()+" ORDER BY d.requested_at, d.id", w.args...)
	return collect(rows, err, func(r *sql.Rows, d *zhixi.DeletionRequest) error {
		return r.Scan(&d.ID, &d.StudentID, &d.StudentName, &d.CommunityID, &d.RequestedBy, timeCol{&d.RequestedAt}, &d.Status)
	})
}

// EraseStudent implements zhixi.RightsService. The conditional UPDATE of
// the request claims it, so two staff confirming at once erase once.
func (db *DB) EraseStudent(ctx context.Context, studentID, confirmedBy int64, pseudonym string, now time.Time, e *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		n, err := rowsAffected(h.exec(ctx, `UPDATE deletion_requests SET status = ?, confirmed_by = ?, confirmed_at = ?
			WHERE student_id = ? AND status = ?`, zhixi.DeletionDone, confirmedBy, now.UnixNano(), studentID, zhixi.DeletionRequested))
		if err != nil {
			return dbError(err, "close deletion request")
		}
		if n == 0 {
			return zhixi.Errorf(zhixi.EINVALID, "err.deletion_none")
		}
		var account sql.NullInt64
		if err := h.queryRow(ctx, "SELECT user_id FROM students WHERE id = ?", studentID).Scan(&account); err != nil {
			return notFound(err, "erase student", "err.student_not_found")
		}
		steps := []statement{
			{"the child's record", `UPDATE students SET name = ?, birth_month = '', user_id = NULL, consent_at = NULL,
				consent_by = NULL, withdrawn_at = NULL, erased_at = ? WHERE id = ?`, []any{pseudonym, now.UnixNano(), studentID}},
			{"guardian links", "DELETE FROM guardians WHERE student_id = ?", []any{studentID}},
			{"consents' personal fields", `UPDATE consents SET guardian_id = NULL, guardian_name = '', paper_ref = '',
				paper_date = NULL WHERE student_id = ?`, []any{studentID}},
			{"invitation links", "DELETE FROM invitation_students WHERE student_id = ?", []any{studentID}},
			{"tablet codes", "DELETE FROM tablet_codes WHERE student_id = ?", []any{studentID}},
			{"answer texts", "UPDATE attempts SET response = '' WHERE student_id = ?", []any{studentID}},
			{"practice states", "DELETE FROM practice_states WHERE student_id = ?", []any{studentID}},
			{"practice mastery rows", "DELETE FROM mastery WHERE student_id = ?", []any{studentID}},
			{"practice seen items", "DELETE FROM practice_seen WHERE student_id = ?", []any{studentID}},
			{"attention events", "DELETE FROM attention_events WHERE student_id = ?", []any{studentID}},
			{"screening states", "UPDATE screenings SET state = NULL, answer_log = NULL WHERE student_id = ?", []any{studentID}},
		}
		if account.Valid {
			// The child's own tablet account: its name goes, the row stays
			// disabled (accounts are never deleted), its sessions end.
			steps = append(steps,
				statement{"the child's account", `UPDATE users SET username = ?, display_name = '', password_hash = '', disabled = ?
					WHERE id = ?`, []any{fmt.Sprintf("erased-%d", account.Int64), true, account.Int64}},
				statement{"the account's sessions", "DELETE FROM sessions WHERE user_id = ?", []any{account.Int64}},
				statement{"the account's reset codes", "DELETE FROM reset_codes WHERE user_id = ?", []any{account.Int64}})
		}
		for _, st := range steps {
			if _, err := h.exec(ctx, st.sql, st.args...); err != nil {
				return dbError(err, "erase "+st.what)
			}
		}
		return appendAudit(ctx, h, e)
	})
}

// statement is one step of a multi-statement change, named for its error.
type statement struct {
	what, sql string
	args      []any
}

// ScreeningCounts implements zhixi.RightsService. Months are counted in
// Go, so both engines agree on Beijing-time month boundaries.
func (db *DB) ScreeningCounts(ctx context.Context, communityID int64) ([]zhixi.ScreeningCount, error) {
	var w where
	if communityID != 0 {
		w.add("s.community_id = ?", communityID)
	}
	rows, err := db.reader().query(ctx, `SELECT s.community_id, c.subject, c.started_at FROM screenings c
		JOIN students s ON s.id = c.student_id`+w.String()+" ORDER BY s.community_id, c.subject, c.started_at", w.args...)
	type row struct {
		community int64
		subject   string
		at        time.Time
	}
	list, err := collect(rows, err, func(r *sql.Rows, x *row) error { return r.Scan(&x.community, &x.subject, timeCol{&x.at}) })
	if err != nil {
		return nil, err
	}
	var out []zhixi.ScreeningCount
	for _, x := range list {
		month := x.at.In(beijing).Format("2006-01")
		if n := len(out); n > 0 && out[n-1].CommunityID == x.community && out[n-1].Subject == x.subject && out[n-1].Month == month {
			out[n-1].Screenings++
			continue
		}
		out = append(out, zhixi.ScreeningCount{CommunityID: x.community, Subject: x.subject, Month: month, Screenings: 1})
	}
	return out, nil
}

// ColumnsContaining lists the columns ("table.column") of the database
// where some row's text (or binary) value contains s. Erasure is checked
// with it: after a child's data is removed, their name is in no column.
func (db *DB) ColumnsContaining(ctx context.Context, s string) ([]string, error) {
	type column struct{ table, name, kind string }
	var q string
	if db.engine == Postgres {
		q = `SELECT table_name, column_name, CASE WHEN data_type = 'bytea' THEN 'blob' ELSE 'text' END
			FROM information_schema.columns WHERE table_schema = current_schema()
			AND data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb')
			ORDER BY table_name, ordinal_position`
	} else {
		q = `SELECT m.name, p.name, CASE WHEN upper(p.type) = 'BLOB' THEN 'blob' ELSE 'text' END
			FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
			AND (upper(p.type) LIKE '%TEXT%' OR upper(p.type) LIKE '%CHAR%' OR upper(p.type) = 'BLOB' OR p.type = '')
			ORDER BY m.name, p.cid`
	}
	rows, err := db.reader().query(ctx, q)
	cols, err := collect(rows, err, func(r *sql.Rows, c *column) error { return r.Scan(&c.table, &c.name, &c.kind) })
	if err != nil {
		return nil, err
	}
	var found []string
	for _, c := range cols {
		cond := `CAST("` + c.name + `" AS TEXT) LIKE '%' || ? || '%'`
		if db.engine == Postgres {
			cond = `strpos("` + c.name + `"::text, ?) > 0`
			if c.kind == "blob" {
				cond = `position(convert_to(?, 'UTF8') in "` + c.name + `") > 0`
			}
		}
		var one int
		err := db.reader().queryRow(ctx, `SELECT 1 FROM "`+c.table+`" WHERE `+cond+" LIMIT 1", s).Scan(&one)
		switch {
		case err == nil:
			found = append(found, c.table+"."+c.name)
		case !errors.Is(err, sql.ErrNoRows):
			return nil, dbError(err, "scan "+c.table+"."+c.name)
		}
	}
	return found, nil
}
