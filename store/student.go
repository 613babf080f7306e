package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// birthMonthLayout stores only year and month: the record needs no more.
const birthMonthLayout = "2006-01"

// CreateStudent implements zhixi.StudentService. BirthMonth is cut to the
// first of its month (UTC) before it is stored, so no day of birth is kept.
func (db *DB) CreateStudent(ctx context.Context, s *zhixi.Student) error {
	return db.tx(ctx, func(h handle) error { return db.insertStudent(ctx, h, s) })
}

// insertStudent is CreateStudent's insert on a caller's handle. A student
// created with consent (seeding, imports) consents to the current notice.
func (db *DB) insertStudent(ctx context.Context, h handle, s *zhixi.Student) error {
	s.Name = strings.TrimSpace(s.Name)
	if _, err := zhixi.CheckText("姓名", s.Name, zhixi.MaxNameLen); err != nil {
		return err
	}
	switch {
	case s.Name == "":
		return zhixi.Errorf(zhixi.EINVALID, "err.name_required")
	case s.Grade < 1 || s.Grade > 12:
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_grade", s.Grade)
	case s.BirthMonth.IsZero():
		return zhixi.Errorf(zhixi.EINVALID, "err.birth_month_required")
	}
	s.BirthMonth = time.Date(s.BirthMonth.Year(), s.BirthMonth.Month(), 1, 0, 0, 0, 0, time.UTC)
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now()
	}
	s.CreatedAt, s.ConsentAt = utc(s.CreatedAt), utc(s.ConsentAt)
	v, err := noticeVersion(ctx, h)
	if err != nil {
		return err
	}
	s.NoticeVersion = v
	if !s.ConsentAt.IsZero() {
		s.ConsentVersion = v
	}
	id, err := insertID(ctx, h, `INSERT INTO students
		(community_id, user_id, name, grade, birth_month, consent_at, consent_by, consent_version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.CommunityID, nullID(s.UserID), s.Name, s.Grade, s.BirthMonth.Format(birthMonthLayout),
		nanos(s.ConsentAt), nullID(s.ConsentBy), s.ConsentVersion, nanos(s.CreatedAt))
	if err != nil {
		refs := []ref{{"communities", s.CommunityID, "err.community_not_found"}}
		if s.UserID != 0 {
			refs = append(refs, ref{"users", s.UserID, "err.user_not_found"})
		}
		if s.ConsentBy != 0 {
			refs = append(refs, ref{"users", s.ConsentBy, "err.user_not_found"})
		}
		if classify(err) == faultForeignKey {
			return db.refError(ctx, err, "create student", refs...)
		}
		// The one unique column: a tablet account belongs to one student.
		return conflictError(err, "create student", "err.duplicate")
	}
	s.ID = id
	return nil
}

// studentCols reads the current notice version with every student, so the
// consent rule needs no second query.
const studentCols = `s.id, s.community_id, s.user_id, s.name, s.grade, s.birth_month, s.consent_at, s.consent_by,
	s.consent_version, (SELECT COALESCE(MAX(version), 0) FROM consent_notices), s.withdrawn_at, s.created_at`

func scanStudent(r interface{ Scan(...any) error }, s *zhixi.Student) error {
	var month string
	if err := r.Scan(&s.ID, &s.CommunityID, idCol{&s.UserID}, &s.Name, &s.Grade, &month,
		timeCol{&s.ConsentAt}, idCol{&s.ConsentBy}, &s.ConsentVersion, &s.NoticeVersion, timeCol{&s.WithdrawnAt},
		timeCol{&s.CreatedAt}); err != nil {
		return err
	}
	t, err := time.Parse(birthMonthLayout, month)
	if err != nil {
		return fmt.Errorf("student %d: birth month %q: %w", s.ID, month, err)
	}
	s.BirthMonth = t
	return nil
}

// Student implements zhixi.StudentService.
func (db *DB) Student(ctx context.Context, id int64) (*zhixi.Student, error) {
	var s zhixi.Student
	err := scanStudent(db.reader().queryRow(ctx, "SELECT "+studentCols+" FROM students s WHERE s.id = ? AND s.erased_at IS NULL", id), &s)
	if err != nil {
		return nil, notFound(err, "student", "err.student_not_found")
	}
	return &s, nil
}

var _ zhixi.StudentGuardiansReader = (*DB)(nil)

// StudentAndGuardians implements zhixi.StudentGuardiansReader: a row per
// guardian (one with a NULL guardian when there is none).
func (db *DB) StudentAndGuardians(ctx context.Context, id int64) (*zhixi.Student, []int64, error) {
	st, gids, _, err := db.studentAndGuardians(ctx, id)
	return st, gids, err
}

// studentAndGuardians is StudentAndGuardians with the access epoch read in
// the same statement.
func (db *DB) studentAndGuardians(ctx context.Context, id int64) (*zhixi.Student, []int64, int64, error) {
	rows, err := db.reader().query(ctx, "SELECT "+studentCols+`, g.guardian_id, `+accessEpochNow+`
		FROM students s LEFT JOIN guardians g ON g.student_id = s.id
		WHERE s.id = ? AND s.erased_at IS NULL ORDER BY g.guardian_id`, id)
	if err != nil {
		return nil, nil, 0, dbError(err, "student")
	}
	defer rows.Close()
	var (
		st    *zhixi.Student
		gids  []int64
		epoch int64
	)
	for rows.Next() {
		var s zhixi.Student
		var gid sql.NullInt64
		if err := scanStudent(plusColumn{rows, []any{&gid, &epoch}}, &s); err != nil {
			return nil, nil, 0, dbError(err, "student")
		}
		if st == nil {
			st = &s
		}
		if gid.Valid {
			gids = append(gids, gid.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, 0, dbError(err, "student")
	}
	if st == nil {
		return nil, nil, 0, notFound(sql.ErrNoRows, "student", "err.student_not_found")
	}
	return st, gids, epoch, nil
}

// plusColumn scans more columns after those its caller asks for.
type plusColumn struct {
	r     interface{ Scan(...any) error }
	extra []any
}

func (p plusColumn) Scan(dest ...any) error { return p.r.Scan(append(dest, p.extra...)...) }

// Students implements zhixi.StudentService.
func (db *DB) Students(ctx context.Context, f zhixi.StudentFilter) ([]zhixi.Student, error) {
	// Erased children stay only as anonymous counts.
	w := where{conds: []string{"s.erased_at IS NULL"}}
	if f.CommunityID != 0 {
		w.add("s.community_id = ?", f.CommunityID)
	}
	if f.UserID != 0 {
		w.add("s.user_id = ?", f.UserID)
	}
	if f.GuardianID != 0 {
		w.add("s.id IN (SELECT student_id FROM guardians WHERE guardian_id = ?)", f.GuardianID)
	}
	rows, err := db.reader().query(ctx, "SELECT "+studentCols+" FROM students s"+w.String()+" ORDER BY s.id", w.args...)
	return collect(rows, err, func(r *sql.Rows, s *zhixi.Student) error { return scanStudent(r, s) })
}

// LinkGuardian implements zhixi.StudentService.
func (db *DB) LinkGuardian(ctx context.Context, studentID, guardianID int64, relation string) error {
	var role string
	err := db.reader().queryRow(ctx, "SELECT role FROM users WHERE id = ?", guardianID).Scan(&role)
	if err != nil {
		return notFound(err, "link guardian", "err.user_not_found")
	}
	if zhixi.Role(role) != zhixi.RoleGuardian {
		return zhixi.Errorf(zhixi.EINVALID, "err.not_guardian")
	}
	_, err = db.writer().exec(ctx, "INSERT INTO guardians (student_id, guardian_id, relation, created_at) VALUES (?, ?, ?, ?)",
		studentID, guardianID, strings.TrimSpace(relation), time.Now().UnixNano())
	if err != nil {
		if classify(err) == faultForeignKey {
			return db.refError(ctx, err, "link guardian", ref{"students", studentID, "err.student_not_found"})
		}
		return conflictError(err, "link guardian", "err.already_linked")
	}
	return nil
}

// GuardianIDs implements zhixi.StudentService.
func (db *DB) GuardianIDs(ctx context.Context, studentID int64) ([]int64, error) {
	rows, err := db.reader().query(ctx, "SELECT guardian_id FROM guardians WHERE student_id = ? ORDER BY guardian_id", studentID)
	return collect(rows, err, func(r *sql.Rows, id *int64) error { return r.Scan(id) })
}

// RecordConsent implements zhixi.StudentService: an app consent to the
// current notice, without an audit row (seeding and tests).
func (db *DB) RecordConsent(ctx context.Context, studentID, guardianID int64, at time.Time) error {
	return db.tx(ctx, func(h handle) error {
		return giveConsent(ctx, h, &zhixi.Consent{StudentID: studentID, GuardianID: guardianID, Method: zhixi.ConsentApp, At: at}, nil)
	})
}
