package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.CalendarService = (*DB)(nil)

// lockRow holds one row of table until the transaction ends, so that
// transactions that check then write under the same row run one after the
// other. PostgreSQL takes a row lock (SELECT … FOR UPDATE); SQLite needs
// nothing more, since its write transactions begin IMMEDIATE and so never
// overlap. ENOTFOUND with key when the row is missing.
func lockRow(ctx context.Context, h handle, table string, id int64, key string) error {
	q := "SELECT id FROM " + table + " WHERE id = ?"
	if h.pg {
		q += " FOR UPDATE"
	}
	var got int64
	return notFound(h.queryRow(ctx, q, id).Scan(&got), "lock "+table, key)
}

// audited appends a's row in the transaction of the change it records,
// taking the object's id when the action did not know it yet.
func audited(ctx context.Context, h handle, a *zhixi.AuditEntry, objectID int64) error {
	if a == nil {
		return errors.New("store: a change without its audit entry")
	}
	if a.ObjectID == 0 {
		a.ObjectID = objectID
	}
	return appendAudit(ctx, h, a)
}

// RoomSettings implements zhixi.CalendarService.
func (db *DB) RoomSettings(ctx context.Context, roomID int64) (*zhixi.RoomSettings, error) {
	s := &zhixi.RoomSettings{RoomID: roomID}
	var custom bool
	err := db.readTx(ctx, func(h handle) error {
		err := h.queryRow(ctx, `SELECT walkin_seats, cancel_minutes, latest_minute, holiday_weekday, makeup_weekday,
			open_study, custom_hours, updated_by, updated_at FROM room_settings WHERE room_id = ?`, roomID).
			Scan(&s.WalkInSeats, &s.CancelMinutes, &s.LatestMinute, &s.HolidayWeekday, &s.MakeupWeekday,
				&s.OpenStudy, &custom, idCol{&s.UpdatedBy}, timeCol{&s.UpdatedAt})
		if err != nil {
			return notFound(err, "room settings", "err.not_found")
		}
		rows, err := h.query(ctx, "SELECT weekday, start_min, end_min FROM room_hours WHERE room_id = ? ORDER BY weekday, start_min", roomID)
		_, err = collect(rows, err, func(r *sql.Rows, _ *struct{}) error {
			var wd int
			var p zhixi.Period
			if err := r.Scan(&wd, &p.Start, &p.End); err != nil {
				return err
			}
			if wd < 0 || wd > 6 {
				return fmt.Errorf("room_hours weekday %d", wd)
			}
			s.Week[wd] = append(s.Week[wd], p)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// SaveRoomSettings implements zhixi.CalendarService.
func (db *DB) SaveRoomSettings(ctx context.Context, s *zhixi.RoomSettings, a *zhixi.AuditEntry) error {
	err := db.tx(ctx, func(h handle) error {
		if err := lockRow(ctx, h, "rooms", s.RoomID, "err.room_not_found"); err != nil {
			return err
		}
		if _, err := h.exec(ctx, "DELETE FROM room_settings WHERE room_id = ?", s.RoomID); err != nil {
			return err
		}
		if _, err := h.exec(ctx, `INSERT INTO room_settings (room_id, walkin_seats, cancel_minutes, latest_minute,
			holiday_weekday, makeup_weekday, open_study, custom_hours, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.RoomID, s.WalkInSeats, s.CancelMinutes, s.LatestMinute,
			s.HolidayWeekday, s.MakeupWeekday, s.OpenStudy, true, nullID(s.UpdatedBy), nanos(s.UpdatedAt)); err != nil {
			return err
		}
		if _, err := h.exec(ctx, "DELETE FROM room_hours WHERE room_id = ?", s.RoomID); err != nil {
			return err
		}
		for wd, ps := range s.Week {
			for _, p := range ps {
				if _, err := h.exec(ctx, "INSERT INTO room_hours (room_id, weekday, start_min, end_min) VALUES (?, ?, ?, ?)",
					s.RoomID, wd, p.Start, p.End); err != nil {
					return err
				}
			}
		}
		return audited(ctx, h, a, s.RoomID)
	})
	return dbError(err, "save room settings")
}

// HolidayYears implements zhixi.CalendarService.
func (db *DB) HolidayYears(ctx context.Context) ([]zhixi.HolidayYear, error) {
	var years []zhixi.HolidayYear
	err := db.readTx(ctx, func(h handle) error {
		rows, err := h.query(ctx, "SELECT year, notice, entered_by, entered_at FROM holiday_years ORDER BY year")
		years, err = collect(rows, err, func(r *sql.Rows, y *zhixi.HolidayYear) error {
			return r.Scan(&y.Year, &y.Notice, idCol{&y.EnteredBy}, timeCol{&y.EnteredAt})
		})
		if err != nil {
			return err
		}
		for i := range years {
			rows, err := h.query(ctx, "SELECT day, kind, name FROM holidays WHERE year = ? ORDER BY day", years[i].Year)
			years[i].Days, err = collect(rows, err, func(r *sql.Rows, d *zhixi.HolidayDay) error {
				return r.Scan(&d.Day, &d.Kind, &d.Name)
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return years, err
}

// SaveHolidayYear implements zhixi.CalendarService.
func (db *DB) SaveHolidayYear(ctx context.Context, y *zhixi.HolidayYear, a *zhixi.AuditEntry) error {
	err := db.tx(ctx, func(h handle) error {
		if _, err := h.exec(ctx, "DELETE FROM holidays WHERE year = ?", y.Year); err != nil {
			return err
		}
		if _, err := h.exec(ctx, "DELETE FROM holiday_years WHERE year = ?", y.Year); err != nil {
			return err
		}
		if _, err := h.exec(ctx, "INSERT INTO holiday_years (year, notice, entered_by, entered_at) VALUES (?, ?, ?, ?)",
			y.Year, y.Notice, nullID(y.EnteredBy), nanos(y.EnteredAt)); err != nil {
			return err
		}
		for _, d := range y.Days {
			if _, err := h.exec(ctx, "INSERT INTO holidays (day, year, kind, name) VALUES (?, ?, ?, ?)", d.Day, y.Year, d.Kind, d.Name); err != nil {
				return err
			}
		}
		return audited(ctx, h, a, int64(y.Year))
	})
	return dbError(err, "save holiday year")
}

// Closures implements zhixi.CalendarService.
func (db *DB) Closures(ctx context.Context, roomID int64, from, to time.Time) ([]zhixi.Closure, error) {
	rows, err := db.reader().query(ctx, `SELECT id, room_id, starts_at, ends_at, reason, created_by, created_at
		FROM closures WHERE room_id = ? AND cancelled_at IS NULL AND starts_at < ? AND ends_at > ? ORDER BY starts_at, id`,
		roomID, to.UnixNano(), from.UnixNano())
	return collect(rows, err, func(r *sql.Rows, c *zhixi.Closure) error {
		return r.Scan(&c.ID, &c.RoomID, timeCol{&c.Start}, timeCol{&c.End}, &c.Reason, &c.CreatedBy, timeCol{&c.CreatedAt})
	})
}

// CreateClosure implements zhixi.CalendarService.
func (db *DB) CreateClosure(ctx context.Context, c *zhixi.Closure, a *zhixi.AuditEntry) error {
	err := db.tx(ctx, func(h handle) error {
		id, err := insertID(ctx, h, `INSERT INTO closures (room_id, starts_at, ends_at, reason, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, c.RoomID, nanos(c.Start), nanos(c.End), c.Reason, c.CreatedBy, nanos(c.CreatedAt))
		if err != nil {
			return err
		}
		c.ID = id
		return audited(ctx, h, a, id)
	})
	if err != nil {
		return db.refError(ctx, err, "create closure", ref{"rooms", c.RoomID, "err.room_not_found"})
	}
	return nil
}

// cancelRow sets cancelled_at on a live row of table in room roomID.
func (db *DB) cancelRow(ctx context.Context, table string, roomID, id int64, at time.Time, a *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, "UPDATE "+table+" SET cancelled_at = ? WHERE id = ? AND room_id = ? AND cancelled_at IS NULL",
			at.UnixNano(), id, roomID)
		if err != nil {
			return dbError(err, "cancel "+table)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found")
		}
		return audited(ctx, h, a, id)
	})
}

// CancelClosure implements zhixi.CalendarService.
func (db *DB) CancelClosure(ctx context.Context, roomID, id int64, at time.Time, a *zhixi.AuditEntry) error {
	return db.cancelRow(ctx, "closures", roomID, id, at, a)
}

// SpaceUses implements zhixi.CalendarService.
func (db *DB) SpaceUses(ctx context.Context, roomID int64, from, to time.Time) ([]zhixi.SpaceUse, error) {
	return spaceUses(ctx, db.reader(), roomID, from, to)
}

func spaceUses(ctx context.Context, h handle, roomID int64, from, to time.Time) ([]zhixi.SpaceUse, error) {
	var w where
	w.add("cancelled_at IS NULL")
	w.add("starts_at < ? AND ends_at > ?", to.UnixNano(), from.UnixNano())
	if roomID != 0 {
		w.add("room_id = ?", roomID)
	}
	rows, err := h.query(ctx, `SELECT id, room_id, kind, title, organiser, starts_at, ends_at, expected_people, created_by, created_at
		FROM space_uses`+w.String()+" ORDER BY starts_at, id", w.args...)
	return collect(rows, err, func(r *sql.Rows, u *zhixi.SpaceUse) error {
		return r.Scan(&u.ID, &u.RoomID, &u.Kind, &u.Title, &u.Organiser, timeCol{&u.Start}, timeCol{&u.End},
			&u.ExpectedPeople, &u.CreatedBy, timeCol{&u.CreatedAt})
	})
}

// CreateSpaceUse implements zhixi.CalendarService. The overlap check and
// the insert run in one transaction holding the room, so two staff adding
// uses at once cannot both get the same hour.
func (db *DB) CreateSpaceUse(ctx context.Context, u *zhixi.SpaceUse, a *zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		if err := lockRow(ctx, h, "rooms", u.RoomID, "err.room_not_found"); err != nil {
			return err
		}
		clash, err := spaceUses(ctx, h, u.RoomID, u.Start, u.End)
		if err != nil {
			return err
		}
		if len(clash) > 0 {
			return zhixi.Errorf(zhixi.ECONFLICT, "err.space_overlap", clash[0].Title,
				clash[0].Start.In(beijing).Format("01-02 15:04")+"–"+clash[0].End.In(beijing).Format("15:04"))
		}
		id, err := insertID(ctx, h, `INSERT INTO space_uses (room_id, kind, title, organiser, starts_at, ends_at,
			expected_people, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.RoomID, u.Kind, u.Title, u.Organiser, nanos(u.Start), nanos(u.End), u.ExpectedPeople, u.CreatedBy, nanos(u.CreatedAt))
		if err != nil {
			return dbError(err, "create space use")
		}
		u.ID = id
		return audited(ctx, h, a, id)
	})
}

// CancelSpaceUse implements zhixi.CalendarService.
func (db *DB) CancelSpaceUse(ctx context.Context, roomID, id int64, at time.Time, a *zhixi.AuditEntry) error {
	return db.cancelRow(ctx, "space_uses", roomID, id, at, a)
}

// beijing formats times in messages: opening hours are Beijing times.
var beijing = time.FixedZone("CST", 8*3600)
