package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.BookingService = (*DB)(nil)

const bookingCols = `b.id, b.room_id, b.student_id, b.kind, b.slot_start, b.slot_end, b.status, b.free_place,
	b.created_by, b.created_at, b.updated_at, b.promoted_at, s.name`

func scanBooking(r interface{ Scan(...any) error }, b *zhixi.Booking) error {
	return r.Scan(&b.ID, &b.RoomID, &b.StudentID, &b.Kind, timeCol{&b.SlotStart}, timeCol{&b.SlotEnd}, &b.Status, &b.FreePlace,
		&b.CreatedBy, timeCol{&b.CreatedAt}, timeCol{&b.UpdatedAt}, timeCol{&b.PromotedAt}, &b.StudentName)
}

func booking(ctx context.Context, h handle, id int64) (*zhixi.Booking, error) {
	var b zhixi.Booking
	err := scanBooking(h.queryRow(ctx, "SELECT "+bookingCols+" FROM bookings b JOIN students s ON s.id = b.student_id WHERE b.id = ?", id), &b)
	if err != nil {
		return nil, notFound(err, "booking", "err.booking_not_found")
	}
	return &b, nil
}

// Booking implements zhixi.BookingService.
func (db *DB) Booking(ctx context.Context, id int64) (*zhixi.Booking, error) {
	return booking(ctx, db.reader(), id)
}

// Book implements zhixi.BookingService. The room's row is held for the
// whole transaction, so the count of booked seats cannot change between
// reading it and inserting; the child's row is held too, so the overlap
// check sees the child's bookings in every room.
func (db *DB) Book(ctx context.Context, b *zhixi.Booking, capacity int, a *zhixi.AuditEntry) (bool, error) {
	created := false
	err := db.tx(ctx, func(h handle) error {
		if err := lockRow(ctx, h, "rooms", b.RoomID, "err.room_not_found"); err != nil {
			return err
		}
		if err := lockRow(ctx, h, "students", b.StudentID, "err.student_not_found"); err != nil {
			return err
		}
		var same int64
		err := h.queryRow(ctx, `SELECT id FROM bookings WHERE student_id = ? AND slot_start = ? AND room_id = ?
			AND status IN ('booked', 'waiting')`, b.StudentID, nanos(b.SlotStart), b.RoomID).Scan(&same)
		switch {
		case err == nil:
			got, err := booking(ctx, h, same)
			if err != nil {
				return err
			}
			*b = *got
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return dbError(err, "book: same slot")
		}
		var clash int64
		err = h.queryRow(ctx, `SELECT id FROM bookings WHERE student_id = ? AND status IN ('booked', 'waiting')
			AND slot_start < ? AND slot_end > ?`, b.StudentID, nanos(b.SlotEnd), nanos(b.SlotStart)).Scan(&clash)
		switch {
		case err == nil:
			return zhixi.Errorf(zhixi.ECONFLICT, "err.booking_overlap")
		case !errors.Is(err, sql.ErrNoRows):
			return dbError(err, "book: overlap")
		}
		var booked int
		if err := h.queryRow(ctx, "SELECT COUNT(*) FROM bookings WHERE room_id = ? AND slot_start = ? AND status = 'booked'",
			b.RoomID, nanos(b.SlotStart)).Scan(&booked); err != nil {
			return dbError(err, "book: count")
		}
		b.Status = zhixi.BookingBooked
		if booked >= capacity {
			b.Status = zhixi.BookingWaiting
		}
		b.UpdatedAt = b.CreatedAt
		id, err := insertID(ctx, h, `INSERT INTO bookings (room_id, student_id, kind, slot_start, slot_end, status, free_place,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			b.RoomID, b.StudentID, b.Kind, nanos(b.SlotStart), nanos(b.SlotEnd), b.Status, b.FreePlace,
			b.CreatedBy, nanos(b.CreatedAt), nanos(b.UpdatedAt))
		if err != nil {
			return conflictError(err, "book", "err.booking_exists")
		}
		b.ID, created = id, true
		a.Detail = b.Status
		a.StudentID = b.StudentID
		return audited(ctx, h, a, id)
	})
	if err != nil {
		return false, err
	}
	if b.Status == zhixi.BookingWaiting {
		pos, err := waitingPosition(ctx, db.reader(), b)
		if err != nil {
			return false, err
		}
		b.Position = pos
	}
	return created, nil
}

// waitingPosition is b's place on its slot's waiting list.
func waitingPosition(ctx context.Context, h handle, b *zhixi.Booking) (int, error) {
	var n int
	err := h.queryRow(ctx, `SELECT COUNT(*) FROM bookings WHERE room_id = ? AND slot_start = ? AND status = 'waiting' AND id <= ?`,
		b.RoomID, nanos(b.SlotStart), b.ID).Scan(&n)
	return n, dbError(err, "waiting position")
}

// Bookings implements zhixi.BookingService.
func (db *DB) Bookings(ctx context.Context, f zhixi.BookingFilter) ([]zhixi.Booking, error) {
	var w where
	if f.RoomID != 0 {
		w.add("b.room_id = ?", f.RoomID)
	}
	if f.StudentID != 0 {
		w.add("b.student_id = ?", f.StudentID)
	}
	if f.GuardianID != 0 {
		w.add("b.student_id IN (SELECT student_id FROM guardians WHERE guardian_id = ?)", f.GuardianID)
	}
	if f.Status != "" {
		w.add("b.status = ?", f.Status)
	}
	if !f.From.IsZero() {
		w.add("b.slot_start >= ?", f.From.UnixNano())
	}
	if !f.To.IsZero() {
		w.add("b.slot_start < ?", f.To.UnixNano())
	}
	var out []zhixi.Booking
	err := db.readTx(ctx, func(h handle) error {
		rows, err := h.query(ctx, "SELECT "+bookingCols+" FROM bookings b JOIN students s ON s.id = b.student_id"+w.String()+
			" ORDER BY b.slot_start, b.id", w.args...)
		out, err = collect(rows, err, func(r *sql.Rows, b *zhixi.Booking) error { return scanBooking(r, b) })
		if err != nil {
			return err
		}
		for i := range out {
			if out[i].Status == zhixi.BookingWaiting {
				if out[i].Position, err = waitingPosition(ctx, h, &out[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// CancelBooking implements zhixi.BookingService.
func (db *DB) CancelBooking(ctx context.Context, id int64, at time.Time, capacity int, a *zhixi.AuditEntry) (*zhixi.Booking, error) {
	var promoted *zhixi.Booking
	err := db.tx(ctx, func(h handle) error {
		b, err := booking(ctx, h, id)
		if err != nil {
			return err
		}
		if err := lockRow(ctx, h, "rooms", b.RoomID, "err.room_not_found"); err != nil {
			return err
		}
		res, err := h.exec(ctx, "UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ? AND status IN ('booked', 'waiting')",
			at.UnixNano(), id)
		if err != nil {
			return dbError(err, "cancel booking")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.booking_not_live")
		}
		a.StudentID = b.StudentID
		if err := audited(ctx, h, a, id); err != nil {
			return err
		}
		promoted, err = promoteWaiting(ctx, h, b.RoomID, b.SlotStart, capacity, at, a)
		return err
	})
	return promoted, err
}

// promoteWaiting gives free seats of a slot to its waiting list in order,
// auditing each promotion as the system; it returns the first promoted.
func promoteWaiting(ctx context.Context, h handle, roomID int64, slot time.Time, capacity int, at time.Time, cause *zhixi.AuditEntry) (*zhixi.Booking, error) {
	var first *zhixi.Booking
	for {
		var booked int
		if err := h.queryRow(ctx, "SELECT COUNT(*) FROM bookings WHERE room_id = ? AND slot_start = ? AND status = 'booked'",
			roomID, nanos(slot)).Scan(&booked); err != nil {
			return nil, dbError(err, "promote: count")
		}
		if booked >= capacity {
			return first, nil
		}
		var next int64
		err := h.queryRow(ctx, "SELECT id FROM bookings WHERE room_id = ? AND slot_start = ? AND status = 'waiting' ORDER BY id LIMIT 1",
			roomID, nanos(slot)).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return first, nil
		}
		if err != nil {
			return nil, dbError(err, "promote: next")
		}
		if _, err := h.exec(ctx, "UPDATE bookings SET status = 'booked', promoted_at = ?, updated_at = ? WHERE id = ?",
			at.UnixNano(), at.UnixNano(), next); err != nil {
			return nil, dbError(err, "promote")
		}
		b, err := booking(ctx, h, next)
		if err != nil {
			return nil, err
		}
		if err := appendAudit(ctx, h, &zhixi.AuditEntry{At: at, ActorID: cause.ActorID, ActorRole: cause.ActorRole,
			Action: zhixi.AuditUpdate, Object: "booking", ObjectID: next, StudentID: b.StudentID, Detail: "promoted", IP: cause.IP}); err != nil {
			return nil, err
		}
		if first == nil {
			first = b
		}
	}
}

// MarkNoShows implements zhixi.BookingService.
func (db *DB) MarkNoShows(ctx context.Context, roomID int64, at time.Time, a *zhixi.AuditEntry) (int, error) {
	var n int64
	err := db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, `UPDATE bookings SET status = 'no_show', updated_at = ?
			WHERE room_id = ? AND status = 'booked' AND slot_end <= ?`, at.UnixNano(), roomID, at.UnixNano())
		if err != nil {
			return dbError(err, "mark no-shows")
		}
		n, _ = res.RowsAffected()
		if _, err := h.exec(ctx, `UPDATE bookings SET status = 'cancelled', updated_at = ?
			WHERE room_id = ? AND status = 'waiting' AND slot_end <= ?`, at.UnixNano(), roomID, at.UnixNano()); err != nil {
			return dbError(err, "lapse waiting list")
		}
		if n == 0 {
			return nil
		}
		return audited(ctx, h, a, roomID)
	})
	return int(n), err
}

const attendanceCols = `a.id, a.room_id, a.student_id, a.booking_id, a.walk_in, a.checked_in_at, a.checked_out_at,
	COALESCE(a.minutes, 0), a.flagged_auto_checkout, a.checked_in_by, a.checked_out_by, s.name`

func scanAttendance(r interface{ Scan(...any) error }, x *zhixi.Attendance) error {
	return r.Scan(&x.ID, &x.RoomID, &x.StudentID, idCol{&x.BookingID}, &x.WalkIn, timeCol{&x.CheckedInAt}, timeCol{&x.CheckedOutAt},
		&x.Minutes, &x.FlaggedAutoCheckout, &x.CheckedInBy, idCol{&x.CheckedOutBy}, &x.StudentName)
}

// CheckIn implements zhixi.BookingService.
func (db *DB) CheckIn(ctx context.Context, x *zhixi.Attendance, a *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		var open int64
		err := h.queryRow(ctx, "SELECT id FROM attendance WHERE student_id = ? AND checked_out_at IS NULL", x.StudentID).Scan(&open)
		switch {
		case err == nil:
			return zhixi.Errorf(zhixi.ECONFLICT, "err.already_in")
		case !errors.Is(err, sql.ErrNoRows):
			return dbError(err, "check in")
		}
		if x.BookingID != 0 {
			res, err := h.exec(ctx, "UPDATE bookings SET status = 'attended', updated_at = ? WHERE id = ? AND student_id = ? AND status IN ('booked', 'no_show')",
				nanos(x.CheckedInAt), x.BookingID, x.StudentID)
			if err != nil {
				return dbError(err, "check in booking")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return zhixi.Errorf(zhixi.ECONFLICT, "err.booking_not_live")
			}
		}
		id, err := insertID(ctx, h, `INSERT INTO attendance (room_id, student_id, booking_id, walk_in, checked_in_at, checked_in_by)
			VALUES (?, ?, ?, ?, ?, ?)`, x.RoomID, x.StudentID, nullID(x.BookingID), x.WalkIn, nanos(x.CheckedInAt), x.CheckedInBy)
		if err != nil {
			return conflictError(err, "check in", "err.already_in")
		}
		x.ID = id
		a.StudentID = x.StudentID
		return audited(ctx, h, a, id)
	})
}

// minutesBetween rounds a stay to whole minutes.
func minutesBetween(in, out time.Time) int {
	return int(out.Sub(in).Round(time.Minute) / time.Minute)
}

// CheckOut implements zhixi.BookingService.
func (db *DB) CheckOut(ctx context.Context, roomID, id int64, at time.Time, by int64, a *zhixi.AuditEntry) (*zhixi.Attendance, error) {
	var x zhixi.Attendance
	err := db.tx(ctx, func(h handle) error {
		err := scanAttendance(h.queryRow(ctx, "SELECT "+attendanceCols+" FROM attendance a JOIN students s ON s.id = a.student_id WHERE a.id = ? AND a.room_id = ?", id, roomID), &x)
		if err != nil {
			return notFound(err, "check out", "err.attendance_not_found")
		}
		if !x.CheckedOutAt.IsZero() {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.already_out")
		}
		x.CheckedOutAt, x.CheckedOutBy = utc(at), by
		x.Minutes = max(minutesBetween(x.CheckedInAt, at), 0)
		res, err := h.exec(ctx, "UPDATE attendance SET checked_out_at = ?, checked_out_by = ?, minutes = ? WHERE id = ? AND checked_out_at IS NULL",
			at.UnixNano(), by, x.Minutes, id)
		if err != nil {
			return dbError(err, "check out")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.already_out")
		}
		a.StudentID = x.StudentID
		return audited(ctx, h, a, id)
	})
	if err != nil {
		return nil, err
	}
	return &x, nil
}

// Attendances implements zhixi.BookingService.
func (db *DB) Attendances(ctx context.Context, roomID int64, from, to time.Time, open bool) ([]zhixi.Attendance, error) {
	var w where
	if roomID != 0 {
		w.add("a.room_id = ?", roomID)
	}
	if open {
		w.add("a.checked_out_at IS NULL")
	} else {
		w.add("a.checked_in_at >= ? AND a.checked_in_at < ?", from.UnixNano(), to.UnixNano())
	}
	rows, err := db.reader().query(ctx, "SELECT "+attendanceCols+" FROM attendance a JOIN students s ON s.id = a.student_id"+
		w.String()+" ORDER BY a.checked_in_at, a.id", w.args...)
	return collect(rows, err, func(r *sql.Rows, x *zhixi.Attendance) error { return scanAttendance(r, x) })
}

// CloseRoom implements zhixi.BookingService. Each child left is checked
// out at closing with the minutes and the flag, in one transaction.
func (db *DB) CloseRoom(ctx context.Context, roomID int64, at time.Time, a *zhixi.AuditEntry) (int, error) {
	n := 0
	err := db.tx(ctx, func(h handle) error {
		rows, err := h.query(ctx, "SELECT id, checked_in_at FROM attendance WHERE room_id = ? AND checked_out_at IS NULL", roomID)
		type open struct {
			id int64
			in time.Time
		}
		left, err := collect(rows, err, func(r *sql.Rows, o *open) error { return r.Scan(&o.id, timeCol{&o.in}) })
		if err != nil {
			return err
		}
		for _, o := range left {
			if _, err := h.exec(ctx, `UPDATE attendance SET checked_out_at = ?, minutes = ?, flagged_auto_checkout = ?
				WHERE id = ? AND checked_out_at IS NULL`, at.UnixNano(), max(minutesBetween(o.in, at), 0), true, o.id); err != nil {
				return dbError(err, "auto check-out")
			}
		}
		n = len(left)
		if _, err := h.exec(ctx, "UPDATE supervisor_presence SET ended_at = ?, flagged = ? WHERE room_id = ? AND ended_at IS NULL",
			at.UnixNano(), true, roomID); err != nil {
			return dbError(err, "end presence")
		}
		if n == 0 {
			return nil
		}
		return audited(ctx, h, a, roomID)
	})
	return n, err
}

// StartPresence implements zhixi.BookingService.
func (db *DB) StartPresence(ctx context.Context, p *zhixi.Presence, a *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		id, err := insertID(ctx, h, "INSERT INTO supervisor_presence (room_id, user_id, started_at) VALUES (?, ?, ?)",
			p.RoomID, p.UserID, nanos(p.StartedAt))
		if err != nil {
			return conflictError(err, "start presence", "err.already_present")
		}
		p.ID = id
		return audited(ctx, h, a, id)
	})
}

// EndPresence implements zhixi.BookingService.
func (db *DB) EndPresence(ctx context.Context, roomID, userID int64, at time.Time, a *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, "UPDATE supervisor_presence SET ended_at = ? WHERE room_id = ? AND user_id = ? AND ended_at IS NULL",
			at.UnixNano(), roomID, userID)
		if err != nil {
			return dbError(err, "end presence")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.not_present")
		}
		return audited(ctx, h, a, userID)
	})
}

// Presences implements zhixi.BookingService: presences that overlap
// [from, to); an open one counts as lasting until to.
func (db *DB) Presences(ctx context.Context, roomID int64, from, to time.Time) ([]zhixi.Presence, error) {
	var w where
	if roomID != 0 {
		w.add("p.room_id = ?", roomID)
	}
	w.add("p.started_at < ? AND (p.ended_at IS NULL OR p.ended_at > ?)", to.UnixNano(), from.UnixNano())
	rows, err := db.reader().query(ctx, `SELECT p.id, p.room_id, p.user_id, p.started_at, p.ended_at, p.flagged, u.display_name
		FROM supervisor_presence p JOIN users u ON u.id = p.user_id`+w.String()+" ORDER BY p.started_at", w.args...)
	return collect(rows, err, func(r *sql.Rows, p *zhixi.Presence) error {
		return r.Scan(&p.ID, &p.RoomID, &p.UserID, timeCol{&p.StartedAt}, timeCol{&p.EndedAt}, &p.Flagged, &p.UserName)
	})
}
