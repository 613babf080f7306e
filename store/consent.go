package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.ConsentService = (*DB)(nil)

func noticeVersion(ctx context.Context, h handle) (int, error) {
	var v int
	if err := h.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM consent_notices").Scan(&v); err != nil {
		return 0, dbError(err, "notice version")
	}
	return v, nil
}

const noticeCols = "version, purpose, kept, place, retention, access, rights, created_at, created_by"

// Notice implements zhixi.ConsentService.
func (db *DB) Notice(ctx context.Context) (*zhixi.Notice, error) {
	var n zhixi.Notice
	err := db.reader().queryRow(ctx, "SELECT "+noticeCols+" FROM consent_notices ORDER BY version DESC LIMIT 1").
		Scan(&n.Version, &n.Purpose, &n.Kept, &n.Place, &n.Retention, &n.Access, &n.Rights, timeCol{&n.CreatedAt}, &n.CreatedBy)
	if err != nil {
		return nil, notFound(err, "notice", "err.no_notice")
	}
	return &n, nil
}

// PublishNotice implements zhixi.ConsentService. The version is the next
// number, taken inside the transaction; two editors publishing at once
// collide on the primary key and one gets ECONFLICT.
func (db *DB) PublishNotice(ctx context.Context, n *zhixi.Notice, by zhixi.AuditEntry) error {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = time.Now()
	}
	n.CreatedAt = utc(n.CreatedAt)
	return db.tx(ctx, func(h handle) error {
		v, err := noticeVersion(ctx, h)
		if err != nil {
			return err
		}
		n.Version = v + 1
		_, err = h.exec(ctx, "INSERT INTO consent_notices ("+noticeCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			n.Version, n.Purpose, n.Kept, n.Place, n.Retention, n.Access, n.Rights, nanos(n.CreatedAt), n.CreatedBy)
		if err != nil {
			return conflictError(err, "publish notice", "err.version_conflict")
		}
		return auditIn(ctx, h, &by, zhixi.AuditCreate, "notice", int64(n.Version), 0, fmt.Sprintf("告知书第 %d 版", n.Version))
	})
}

// GiveConsent implements zhixi.ConsentService.
func (db *DB) GiveConsent(ctx context.Context, c *zhixi.Consent, by zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error { return giveConsent(ctx, h, c, &by) })
}

// giveConsent records c inside a transaction: the consents row, the
// student's consent in force, and the audit row (unless by is nil).
func giveConsent(ctx context.Context, h handle, c *zhixi.Consent, by *zhixi.AuditEntry) error {
	cur, err := noticeVersion(ctx, h)
	if err != nil {
		return err
	}
	if c.NoticeVersion == 0 {
		c.NoticeVersion = cur
	}
	if c.NoticeVersion != cur {
		return zhixi.Errorf(zhixi.EINVALID, "err.notice_changed")
	}
	if c.At.IsZero() {
		c.At = time.Now()
	}
	c.At, c.PaperDate = utc(c.At), utc(c.PaperDate)
	detail := fmt.Sprintf("在手机上同意告知书第 %d 版", c.NoticeVersion)
	switch c.Method {
	case zhixi.ConsentApp:
		var one int
		err := h.queryRow(ctx, "SELECT 1 FROM guardians WHERE student_id = ? AND guardian_id = ?", c.StudentID, c.GuardianID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return zhixi.WrapError(zhixi.EFORBIDDEN, "err.not_guardian_of_student",
				fmt.Errorf("consent: guardian %d is not linked to student %d", c.GuardianID, c.StudentID))
		}
		if err != nil {
			return dbError(err, "consent guardian")
		}
	case zhixi.ConsentPaper:
		detail = fmt.Sprintf("纸质同意书（编号 %s，%s 签署，监护人 %s），告知书第 %d 版",
			c.PaperRef, c.PaperDate.Format("2006-01-02"), c.GuardianName, c.NoticeVersion)
	default:
		return zhixi.Errorf(zhixi.EINVALID, "err.consent_method")
	}
	id, err := insertID(ctx, h, `INSERT INTO consents
		(student_id, notice_version, method, guardian_id, guardian_name, recorded_by, paper_ref, paper_date, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.StudentID, c.NoticeVersion, c.Method, nullID(c.GuardianID), c.GuardianName, nullID(c.RecordedBy),
		c.PaperRef, nanos(c.PaperDate), nanos(c.At))
	if err != nil {
		return dbError(err, "insert consent")
	}
	c.ID = id
	res, err := h.exec(ctx, `UPDATE students SET consent_at = ?, consent_by = ?, consent_version = ?, withdrawn_at = NULL
		WHERE id = ?`, nanos(c.At), nullID(c.GuardianID), c.NoticeVersion, c.StudentID)
	if err := affected(res, err, "consent", "err.student_not_found"); err != nil {
		return err
	}
	return auditIn(ctx, h, by, zhixi.AuditCreate, "consent", c.ID, c.StudentID, detail)
}

// WithdrawConsent implements zhixi.ConsentService. The student's row
// changes in the same statement that checks a consent is in force, so two
// withdrawals at once record one.
func (db *DB) WithdrawConsent(ctx context.Context, studentID int64, at time.Time, by zhixi.AuditEntry) error {
	if at.IsZero() {
		at = time.Now()
	}
	return db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, `UPDATE students SET consent_at = NULL, consent_by = NULL, consent_version = 0, withdrawn_at = ?
			WHERE id = ? AND consent_at IS NOT NULL`, at.UnixNano(), studentID)
		if n, err := rowsAffected(res, err); err != nil {
			return dbError(err, "withdraw consent")
		} else if n == 0 {
			// Nothing in force (or the student is gone): a state the caller
			// sees, not a missing record.
			return zhixi.Errorf(zhixi.ECONFLICT, "err.no_consent")
		}
		if _, err := h.exec(ctx, "UPDATE consents SET withdrawn_at = ?, withdrawn_by = ? WHERE student_id = ? AND withdrawn_at IS NULL",
			at.UnixNano(), nullID(by.ActorID), studentID); err != nil {
			return dbError(err, "withdraw consents")
		}
		return auditIn(ctx, h, &by, zhixi.AuditUpdate, "consent", studentID, studentID, "撤回同意：立即停止筛查和练习")
	})
}

// Consents implements zhixi.ConsentService.
func (db *DB) Consents(ctx context.Context, studentID int64) ([]zhixi.Consent, error) {
	rows, err := db.reader().query(ctx, `SELECT id, student_id, notice_version, method, guardian_id, guardian_name,
		recorded_by, paper_ref, paper_date, at, withdrawn_at, withdrawn_by FROM consents WHERE student_id = ? ORDER BY at DESC, id DESC`, studentID)
	return collect(rows, err, func(r *sql.Rows, c *zhixi.Consent) error {
		return r.Scan(&c.ID, &c.StudentID, &c.NoticeVersion, &c.Method, idCol{&c.GuardianID}, &c.GuardianName,
			idCol{&c.RecordedBy}, &c.PaperRef, timeCol{&c.PaperDate}, timeCol{&c.At}, timeCol{&c.WithdrawnAt}, idCol{&c.WithdrawnBy})
	})
}
