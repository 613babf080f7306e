package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.ActivityService = (*DB)(nil)

const activityCols = `a.id, a.room_id, a.title, a.starts_at, a.ends_at, a.min_age, a.max_age, a.capacity, a.summary, a.created_by, a.created_at,
	(SELECT COUNT(*) FROM activity_registrations r WHERE r.activity_id = a.id AND r.status = 'registered'),
	(SELECT COUNT(*) FROM activity_registrations r WHERE r.activity_id = a.id AND r.status = 'waiting'),
	(SELECT COUNT(*) FROM activity_registrations r WHERE r.activity_id = a.id AND r.attended = ?)`

func scanActivity(r interface{ Scan(...any) error }, a *zhixi.Activity) error {
	return r.Scan(&a.ID, &a.RoomID, &a.Title, timeCol{&a.Start}, timeCol{&a.End}, &a.MinAge, &a.MaxAge, &a.Capacity, &a.Summary,
		&a.CreatedBy, timeCol{&a.CreatedAt}, &a.Registered, &a.Waiting, &a.Attended)
}

// CreateActivity implements zhixi.ActivityService.
func (db *DB) CreateActivity(ctx context.Context, a *zhixi.Activity, au *zhixi.AuditEntry) error {
	err := db.tx(ctx, func(h handle) error {
		id, err := insertID(ctx, h, `INSERT INTO activities (room_id, title, starts_at, ends_at, min_age, max_age, capacity, summary, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.RoomID, a.Title, nanos(a.Start), nanos(a.End), a.MinAge, a.MaxAge, a.Capacity, a.Summary,
			a.CreatedBy, nanos(a.CreatedAt))
		if err != nil {
			return err
		}
		a.ID = id
		return audited(ctx, h, au, id)
	})
	if err != nil {
		return db.refError(ctx, err, "create activity", ref{"rooms", a.RoomID, "err.room_not_found"})
	}
	return nil
}

// Activity implements zhixi.ActivityService.
func (db *DB) Activity(ctx context.Context, id int64) (*zhixi.Activity, error) {
	var a zhixi.Activity
	err := scanActivity(db.reader().queryRow(ctx, "SELECT "+activityCols+" FROM activities a WHERE a.id = ?", true, id), &a)
	if err != nil {
		return nil, notFound(err, "activity", "err.activity_not_found")
	}
	return &a, nil
}

// Activities implements zhixi.ActivityService.
func (db *DB) Activities(ctx context.Context, roomID int64, from, to time.Time) ([]zhixi.Activity, error) {
	rows, err := db.reader().query(ctx, "SELECT "+activityCols+" FROM activities a WHERE a.room_id = ? AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id",
		true, roomID, from.UnixNano(), to.UnixNano())
	return collect(rows, err, func(r *sql.Rows, a *zhixi.Activity) error { return scanActivity(r, a) })
}

const regCols = "r.id, r.activity_id, r.student_id, r.status, r.attended, r.registered_by, r.registered_at, s.name"

func scanReg(r interface{ Scan(...any) error }, x *zhixi.ActivityRegistration) error {
	return r.Scan(&x.ID, &x.ActivityID, &x.StudentID, &x.Status, &x.Attended, &x.RegisteredBy, timeCol{&x.RegisteredAt}, &x.StudentName)
}

func registration(ctx context.Context, h handle, id int64) (*zhixi.ActivityRegistration, error) {
	var x zhixi.ActivityRegistration
	if err := scanReg(h.queryRow(ctx, "SELECT "+regCols+" FROM activity_registrations r JOIN students s ON s.id = r.student_id WHERE r.id = ?", id), &x); err != nil {
		return nil, notFound(err, "registration", "err.registration_not_found")
	}
	return &x, nil
}

// RegisterActivity implements zhixi.ActivityService. A cancelled
// registration of the child is renewed in place (one row per child and
// activity).
func (db *DB) RegisterActivity(ctx context.Context, r *zhixi.ActivityRegistration, au *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		if err := lockRow(ctx, h, "activities", r.ActivityID, "err.activity_not_found"); err != nil {
			return err
		}
		var capacity, taken int
		if err := h.queryRow(ctx, `SELECT capacity, (SELECT COUNT(*) FROM activity_registrations WHERE activity_id = ? AND status = 'registered')
			FROM activities WHERE id = ?`, r.ActivityID, r.ActivityID).Scan(&capacity, &taken); err != nil {
			return dbError(err, "register: count")
		}
		var existing int64
		var status string
		err := h.queryRow(ctx, "SELECT id, status FROM activity_registrations WHERE activity_id = ? AND student_id = ?", r.ActivityID, r.StudentID).Scan(&existing, &status)
		switch {
		case err == nil && status != zhixi.RegCancelled:
			got, err := registration(ctx, h, existing)
			if err == nil {
				*r = *got
			}
			return err
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return dbError(err, "register: existing")
		}
		r.Status = zhixi.RegRegistered
		if taken >= capacity {
			r.Status = zhixi.RegWaiting
		}
		if existing != 0 {
			if _, err := h.exec(ctx, "UPDATE activity_registrations SET status = ?, registered_by = ?, registered_at = ? WHERE id = ?",
				r.Status, r.RegisteredBy, nanos(r.RegisteredAt), existing); err != nil {
				return dbError(err, "register again")
			}
			r.ID = existing
		} else {
			id, err := insertID(ctx, h, `INSERT INTO activity_registrations (activity_id, student_id, status, registered_by, registered_at)
				VALUES (?, ?, ?, ?, ?)`, r.ActivityID, r.StudentID, r.Status, r.RegisteredBy, nanos(r.RegisteredAt))
			if err != nil {
				return dbError(err, "register")
			}
			r.ID = id
		}
		au.StudentID, au.Detail = r.StudentID, r.Status
		return audited(ctx, h, au, r.ID)
	})
}

// CancelRegistration implements zhixi.ActivityService.
func (db *DB) CancelRegistration(ctx context.Context, id int64, au *zhixi.AuditEntry) (*zhixi.ActivityRegistration, error) {
	var promoted *zhixi.ActivityRegistration
	err := db.tx(ctx, func(h handle) error {
		x, err := registration(ctx, h, id)
		if err != nil {
			return err
		}
		if err := lockRow(ctx, h, "activities", x.ActivityID, "err.activity_not_found"); err != nil {
			return err
		}
		res, err := h.exec(ctx, "UPDATE activity_registrations SET status = 'cancelled' WHERE id = ? AND status <> 'cancelled'", id)
		if err != nil {
			return dbError(err, "cancel registration")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.registration_not_live")
		}
		au.StudentID = x.StudentID
		if err := audited(ctx, h, au, id); err != nil {
			return err
		}
		if x.Status != zhixi.RegRegistered {
			return nil
		}
		var next int64
		err = h.queryRow(ctx, "SELECT id FROM activity_registrations WHERE activity_id = ? AND status = 'waiting' ORDER BY registered_at, id LIMIT 1", x.ActivityID).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return dbError(err, "promote registration")
		}
		if _, err := h.exec(ctx, "UPDATE activity_registrations SET status = 'registered' WHERE id = ?", next); err != nil {
			return dbError(err, "promote registration")
		}
		promoted, err = registration(ctx, h, next)
		return err
	})
	return promoted, err
}

// Registrations implements zhixi.ActivityService, in registration order.
func (db *DB) Registrations(ctx context.Context, activityID int64) ([]zhixi.ActivityRegistration, error) {
	rows, err := db.reader().query(ctx, "SELECT "+regCols+` FROM activity_registrations r JOIN students s ON s.id = r.student_id
		WHERE r.activity_id = ? ORDER BY r.registered_at, r.id`, activityID)
	list, err := collect(rows, err, func(r *sql.Rows, x *zhixi.ActivityRegistration) error { return scanReg(r, x) })
	pos := 0
	for i := range list {
		if list[i].Status == zhixi.RegWaiting {
			pos++
			list[i].Position = pos
		}
	}
	return list, err
}

// MarkAttended implements zhixi.ActivityService.
func (db *DB) MarkAttended(ctx context.Context, regID int64, attended bool, au *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, "UPDATE activity_registrations SET attended = ? WHERE id = ? AND status = 'registered'", attended, regID)
		if err != nil {
			return dbError(err, "mark attended")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.registration_not_live")
		}
		return audited(ctx, h, au, regID)
	})
}

// SetActivitySummary implements zhixi.ActivityService.
func (db *DB) SetActivitySummary(ctx context.Context, id int64, summary string, au *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, "UPDATE activities SET summary = ? WHERE id = ?", summary, id)
		if err != nil {
			return dbError(err, "activity summary")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ENOTFOUND, "err.activity_not_found")
		}
		return audited(ctx, h, au, id)
	})
}

// Materials implements zhixi.ActivityService.
func (db *DB) Materials(ctx context.Context, roomID int64) ([]zhixi.Material, error) {
	rows, err := db.reader().query(ctx, "SELECT id, room_id, name, unit, stock FROM materials WHERE room_id = ? ORDER BY name", roomID)
	return collect(rows, err, func(r *sql.Rows, m *zhixi.Material) error {
		return r.Scan(&m.ID, &m.RoomID, &m.Name, &m.Unit, &m.Stock)
	})
}

// ReceiveMaterial implements zhixi.ActivityService.
func (db *DB) ReceiveMaterial(ctx context.Context, m *zhixi.MaterialMove, roomID int64, name, unit string, au *zhixi.AuditEntry) error {
	err := db.tx(ctx, func(h handle) error {
		if err := lockRow(ctx, h, "rooms", roomID, "err.room_not_found"); err != nil {
			return err
		}
		err := h.queryRow(ctx, "SELECT id FROM materials WHERE room_id = ? AND name = ?", roomID, name).Scan(&m.MaterialID)
		if errors.Is(err, sql.ErrNoRows) {
			m.MaterialID, err = insertID(ctx, h, "INSERT INTO materials (room_id, name, unit, stock) VALUES (?, ?, ?, 0)", roomID, name, unit)
		}
		if err != nil {
			return dbError(err, "receive material")
		}
		return moveMaterial(ctx, h, m, au)
	})
	return err
}

// moveMaterial changes the stock and records the movement; the table's
// CHECK refuses a negative stock.
func moveMaterial(ctx context.Context, h handle, m *zhixi.MaterialMove, au *zhixi.AuditEntry) error {
	if _, err := h.exec(ctx, "UPDATE materials SET stock = stock + ? WHERE id = ?", m.Delta, m.MaterialID); err != nil {
		if classify(err) == faultCheck {
			return zhixi.WrapError(zhixi.EINVALID, "err.stock_short", err)
		}
		return dbError(err, "move material")
	}
	id, err := insertID(ctx, h, `INSERT INTO material_moves (material_id, delta, activity_id, note, moved_by, moved_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.MaterialID, m.Delta, nullID(m.ActivityID), m.Note, m.MovedBy, nanos(m.MovedAt))
	if err != nil {
		return dbError(err, "record material move")
	}
	m.ID = id
	return audited(ctx, h, au, id)
}

// GiveMaterial implements zhixi.ActivityService.
func (db *DB) GiveMaterial(ctx context.Context, m *zhixi.MaterialMove, au *zhixi.AuditEntry) error {
	err := db.tx(ctx, func(h handle) error { return moveMaterial(ctx, h, m, au) })
	if err != nil && classify(err) == faultForeignKey {
		return db.refError(ctx, err, "give material", ref{"materials", m.MaterialID, "err.material_not_found"}, ref{"activities", m.ActivityID, "err.activity_not_found"})
	}
	return err
}

// MaterialMoves implements zhixi.ActivityService.
func (db *DB) MaterialMoves(ctx context.Context, roomID int64, from, to time.Time) ([]zhixi.MaterialMove, error) {
	rows, err := db.reader().query(ctx, `SELECT m.id, m.material_id, m.delta, m.activity_id, m.note, m.moved_by, m.moved_at, x.name, x.unit, u.display_name
		FROM material_moves m JOIN materials x ON x.id = m.material_id JOIN users u ON u.id = m.moved_by
		WHERE x.room_id = ? AND m.moved_at >= ? AND m.moved_at < ? ORDER BY m.moved_at DESC, m.id DESC`, roomID, from.UnixNano(), to.UnixNano())
	return collect(rows, err, func(r *sql.Rows, m *zhixi.MaterialMove) error {
		return r.Scan(&m.ID, &m.MaterialID, &m.Delta, idCol{&m.ActivityID}, &m.Note, &m.MovedBy, timeCol{&m.MovedAt}, &m.Material, &m.Unit, &m.ByName)
	})
}
