package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/zhixi-org/zhixi"
)

// AppendAudit implements zhixi.AuditService. At is set to now unless
// given. The table's triggers refuse updates and deletes, so the store
// offers no way to change an entry, and raw SQL fails too.
func (db *DB) AppendAudit(ctx context.Context, e *zhixi.AuditEntry) error {
	return appendAudit(ctx, db.writer(), e)
}

// appendAudit writes e through h, so a store method can append the audit
// row of a change inside the change's own transaction: the change and its
// record commit or fail together.
func appendAudit(ctx context.Context, h handle, e *zhixi.AuditEntry) error {
	args, err := auditArgsOf(e)
	if err != nil {
		return err
	}
	id, err := insertID(ctx, h, `INSERT INTO audit_log (`+auditInsertCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if err != nil {
		return dbError(err, "append audit")
	}
	e.ID = id
	return nil
}

// auditInsertCols are the columns auditArgsOf gives values for.
const auditInsertCols = "at, actor_id, actor_role, action, object, object_id, student_id, detail, ip"

// auditArgsOf validates e, sets its time if unset, and returns its values
// for auditInsertCols.
func auditArgsOf(e *zhixi.AuditEntry) ([]any, error) {
	if blank(e.Action) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.action_required")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = utc(e.At)
	return []any{nanos(e.At), e.ActorID, string(e.ActorRole), e.Action, e.Object, e.ObjectID, e.StudentID, e.Detail, e.IP}, nil
}

const auditCols = "id, at, actor_id, actor_role, action, object, object_id, student_id, detail, ip"

func scanAudit(r *sql.Rows, e *zhixi.AuditEntry) error {
	var role string
	err := r.Scan(&e.ID, timeCol{&e.At}, &e.ActorID, &role, &e.Action, &e.Object, &e.ObjectID, &e.StudentID, &e.Detail, &e.IP)
	e.ActorRole = zhixi.Role(role)
	return err
}

// Audit page sizes.
const (
	auditDefaultLimit = 50
	auditMaxLimit     = 500
)

// AuditEntries implements zhixi.AuditService.
func (db *DB) AuditEntries(ctx context.Context, f zhixi.AuditFilter) ([]zhixi.AuditEntry, int, error) {
	var w where
	if f.ActorID != 0 {
		w.add("actor_id = ?", f.ActorID)
	}
	if f.StudentID != 0 {
		w.add("student_id = ?", f.StudentID)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		w.add("at >= ?", f.From.UnixNano())
	}
	if !f.To.IsZero() {
		w.add("at < ?", f.To.UnixNano())
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = auditDefaultLimit
	case limit > auditMaxLimit:
		limit = auditMaxLimit
	}
	offset := max(f.Offset, 0)
	// One snapshot, so the total matches the page.
	var (
		total   int
		entries []zhixi.AuditEntry
	)
	err := db.readTx(ctx, func(h handle) error {
		if err := h.queryRow(ctx, "SELECT COUNT(*) FROM audit_log"+w.String(), w.args...).Scan(&total); err != nil {
			return dbError(err, "count audit entries")
		}
		rows, err := h.query(ctx, "SELECT "+auditCols+" FROM audit_log"+w.String()+" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
			append(w.args, limit, offset)...)
		entries, err = collect(rows, err, scanAudit)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return entries, total, nil
}
