// Package booking runs a room's day: guardians and staff book seats for a
// slot (an opening period), a waiting list fills freed seats in order,
// supervisors check children in and out, and a closing job checks out
// whoever is left and marks the no-shows.
package booking

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
)

// Store is what bookings need from storage.
type Store interface {
	calendar.Store
	zhixi.BookingService
	zhixi.QuotaService
	zhixi.JobService
	zhixi.AuditAppender
}

// Service runs the booking actions.
type Service struct {
	store Store
	cal   *calendar.Service
	now   func() time.Time
	// EndSessions, when set, ends a child's tablet sessions at check-out
	// (tablet.Service.EndStudent).
	EndSessions func(ctx context.Context, studentID int64) (int64, error)
}

// NewService returns a Service over st and the calendar.
func NewService(st Store, cal *calendar.Service) *Service {
	return &Service{store: st, cal: cal, now: cal.Now}
}

// BookInput is the form (or JSON body) of a booking. Slot is the start of
// the opening ("2026-12-12T09:00", Beijing time).
type BookInput struct {
	StudentID int64  `json:"student_id"`
	Kind      string `json:"kind"`
	Slot      string `json:"slot"`
}

// capacity is what bookings may take: seats less the walk-in seats.
func capacity(room *zhixi.Room, st *zhixi.RoomSettings) int {
	return max(room.Seats-st.WalkInSeats, 0)
}

// bookableStudent loads a child the actor may book for: a guardian their
// own child, staff and supervisors of the room a child it serves.
func (s *Service) bookableStudent(ctx context.Context, actor *zhixi.User, studentID int64, room *zhixi.Room) (*zhixi.Student, error) {
	if studentID <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "孩子")
	}
	st, _, err := zhixi.VisibleStudent(ctx, s.store, actor, studentID)
	if err != nil {
		return nil, err
	}
	if actor.Role != zhixi.RoleGuardian && !zhixi.CanRunRoom(actor, room) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if !room.Serves(st.CommunityID) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.not_served", st.Name)
	}
	return st, nil
}

// Book books a seat, or a place on the waiting list when the slot is full.
// Booking the same child and slot again returns the first booking.
func (s *Service) Book(ctx context.Context, actor *zhixi.User, roomID int64, in BookInput) (*zhixi.Booking, error) {
	room, err := s.cal.FamilyRoom(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	st, err := s.bookableStudent(ctx, actor, in.StudentID, room)
	if err != nil {
		return nil, err
	}
	if in.Kind != zhixi.BookScreening && in.Kind != zhixi.BookStudy {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.booking_kind")
	}
	start, err := calendar.ParseLocal("时段", in.Slot)
	if err != nil {
		return nil, err
	}
	now := s.now()
	slot, err := s.cal.Slot(ctx, room.ID, start)
	if err != nil {
		return nil, err
	}
	if !slot.End.After(now) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.slot_past")
	}
	settings, err := s.cal.Settings(ctx, room.ID)
	if err != nil {
		return nil, err
	}
	b := &zhixi.Booking{RoomID: room.ID, StudentID: st.ID, Kind: in.Kind, SlotStart: slot.Start, SlotEnd: slot.End,
		CreatedBy: actor.ID, CreatedAt: now}
	if in.Kind == zhixi.BookStudy {
		place, err := s.store.HasQuotaPlace(ctx, st.ID, slot.Start.In(calendar.Beijing).Year())
		if err != nil {
			return nil, err
		}
		if !place && !settings.OpenStudy {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.study_needs_place")
		}
		b.FreePlace = place
	}
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditCreate, "booking", 0, st.ID, "")
	if _, err := s.store.Book(ctx, b, capacity(room, settings), a); err != nil {
		return nil, err
	}
	return b, nil
}

// visibleBooking loads a booking the actor may change: a guardian of the
// child, or someone who runs the room.
func (s *Service) visibleBooking(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.Booking, *zhixi.Room, error) {
	b, err := s.store.Booking(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	room, _, err := s.cal.Room(ctx, b.RoomID)
	if err != nil {
		return nil, nil, err
	}
	if zhixi.CanRunRoom(actor, room) {
		return b, room, nil
	}
	if actor.Role == zhixi.RoleGuardian {
		gids, err := s.store.GuardianIDs(ctx, b.StudentID)
		if err != nil {
			return nil, nil, err
		}
		if slices.Contains(gids, actor.ID) {
			return b, room, nil
		}
	}
	return nil, nil, zhixi.WrapError(zhixi.ENOTFOUND, "err.booking_not_found", zhixi.ErrDenied)
}

// Cancel cancels a booking. A guardian may until the room's cancel limit
// before the slot; staff and supervisors until the slot ends. A freed
// seat goes to the first on the waiting list, which is returned.
func (s *Service) Cancel(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.Booking, error) {
	switch actor.Role {
	case zhixi.RoleStudent, zhixi.RoleStreetViewer:
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if id <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "预约")
	}
	b, room, err := s.visibleBooking(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	settings, err := s.cal.Settings(ctx, room.ID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if b.Status != zhixi.BookingBooked && b.Status != zhixi.BookingWaiting {
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.booking_not_live")
	}
	limit := b.SlotStart.Add(-time.Duration(settings.CancelMinutes) * time.Minute)
	if zhixi.CanRunRoom(actor, room) {
		limit = b.SlotEnd
	}
	if b.Status == zhixi.BookingBooked && !now.Before(limit) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.cancel_too_late", settings.CancelMinutes)
	}
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditUpdate, "booking", b.ID, b.StudentID, "cancelled")
	return s.store.CancelBooking(ctx, b.ID, now, capacity(room, settings), a)
}

// CancelInRoom is Cancel from a room's page: the booking must be the
// room's, and the actor one who runs it.
func (s *Service) CancelInRoom(ctx context.Context, actor *zhixi.User, roomID, id int64) (*zhixi.Booking, error) {
	if _, err := s.cal.RunRoom(ctx, actor, roomID); err != nil {
		return nil, err
	}
	if id <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "预约")
	}
	b, err := s.store.Booking(ctx, id)
	if err != nil || b.RoomID != roomID {
		return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.booking_not_found")
	}
	return s.Cancel(ctx, actor, id)
}

// CheckInInput names a booking, or a child walking in.
type CheckInInput struct {
	BookingID int64 `json:"booking_id"`
	StudentID int64 `json:"student_id"`
}

// checkinEarly is how long before its slot a booked child may be checked in.
const checkinEarly = 30 * time.Minute

// CheckIn records a child entering the room: one tap on a booking of the
// current slot, or a walk-in. The compliance guard applies.
func (s *Service) CheckIn(ctx context.Context, actor *zhixi.User, roomID int64, in CheckInInput) (*zhixi.Attendance, error) {
	room, _, err := s.cal.Room(ctx, roomID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanRunRoom(actor, room) {
		return nil, zhixi.Hidden()
	}
	now := s.now()
	x := &zhixi.Attendance{RoomID: room.ID, CheckedInAt: now, CheckedInBy: actor.ID}
	switch {
	case in.BookingID != 0:
		b, err := s.store.Booking(ctx, in.BookingID)
		if err != nil || b.RoomID != room.ID {
			return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.booking_not_found")
		}
		if now.Before(b.SlotStart.Add(-checkinEarly)) || !now.Before(b.SlotEnd) {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.checkin_not_now", b.SlotStart.In(calendar.Beijing).Format("01-02 15:04"))
		}
		x.BookingID, x.StudentID = b.ID, b.StudentID
	case in.StudentID != 0:
		st, err := s.bookableStudent(ctx, actor, in.StudentID, room)
		if err != nil {
			return nil, err
		}
		x.StudentID, x.WalkIn = st.ID, true
	default:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "孩子")
	}
	if err := s.cal.CheckMinorSession(ctx, room.ID, now); err != nil {
		return nil, err
	}
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditCreate, "attendance", 0, x.StudentID, "check-in")
	if err := s.store.CheckIn(ctx, x, a); err != nil {
		return nil, err
	}
	return x, nil
}

// CheckOut records a child leaving, with the minutes stayed, and ends the
// child's tablet sessions.
func (s *Service) CheckOut(ctx context.Context, actor *zhixi.User, roomID, attendanceID int64) (*zhixi.Attendance, error) {
	room, _, err := s.cal.Room(ctx, roomID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanRunRoom(actor, room) {
		return nil, zhixi.Hidden()
	}
	if attendanceID <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "签到记录")
	}
	now := s.now()
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditUpdate, "attendance", attendanceID, 0, "check-out")
	x, err := s.store.CheckOut(ctx, roomID, attendanceID, now, actor.ID, a)
	if err != nil {
		return nil, err
	}
	if s.EndSessions != nil {
		if _, err := s.EndSessions(ctx, x.StudentID); err != nil {
			return x, fmt.Errorf("end tablet sessions of student %d: %w", x.StudentID, err)
		}
	}
	return x, nil
}

// Presence starts (start true) or ends a supervisor's time in the room.
func (s *Service) Presence(ctx context.Context, actor *zhixi.User, roomID int64, start bool) error {
	room, _, err := s.cal.Room(ctx, roomID)
	if err != nil {
		return err
	}
	if !zhixi.CanRunRoom(actor, room) {
		return zhixi.Hidden()
	}
	now := s.now()
	if start {
		a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditCreate, "presence", 0, 0, "start")
		return s.store.StartPresence(ctx, &zhixi.Presence{RoomID: room.ID, UserID: actor.ID, StartedAt: now}, a)
	}
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditUpdate, "presence", 0, 0, "end")
	return s.store.EndPresence(ctx, room.ID, actor.ID, now, a)
}

// Day is what the room page shows the people who run it: the current or
// next slot with its bookings, and who is in the room.
type Day struct {
	Slot      *calendar.Opening
	Bookings  []zhixi.Booking
	Open      []zhixi.Attendance
	Today     []zhixi.Attendance
	Presences []zhixi.Presence
	Capacity  int
}

// RoomDay loads the room's day for someone who runs it: the read of the
// children's bookings and attendance is audited, and fails when its row
// cannot be written.
func (s *Service) RoomDay(ctx context.Context, actor *zhixi.User, roomID int64, via zhixi.Via) (*Day, error) {
	room, _, err := s.cal.Room(ctx, roomID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanRunRoom(actor, room) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	settings, err := s.cal.Settings(ctx, room.ID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	d := &Day{Capacity: capacity(room, settings)}
	next, err := s.cal.NextOpenings(ctx, room.ID, 1)
	if err != nil {
		return nil, err
	}
	if len(next) > 0 {
		d.Slot = &next[0]
		if d.Bookings, err = s.store.Bookings(ctx, zhixi.BookingFilter{RoomID: room.ID, From: d.Slot.Start, To: d.Slot.Start.Add(time.Second)}); err != nil {
			return nil, err
		}
	}
	if d.Open, err = s.store.Attendances(ctx, room.ID, time.Time{}, time.Time{}, true); err != nil {
		return nil, err
	}
	l := now.In(calendar.Beijing)
	midnight := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, calendar.Beijing)
	if d.Today, err = s.store.Attendances(ctx, room.ID, midnight, midnight.AddDate(0, 0, 1), false); err != nil {
		return nil, err
	}
	if d.Presences, err = s.store.Presences(ctx, room.ID, midnight, midnight.AddDate(0, 0, 1)); err != nil {
		return nil, err
	}
	if err := zhixi.AppendRead(ctx, s.store, actor, now, "attendance", room.ID, 0, string(via)); err != nil {
		return nil, err
	}
	return d, nil
}

// GuardianBookings lists the bookings of a guardian's children from a
// day ago on, with waiting-list places. The read is audited, and fails
// when its row cannot be written.
func (s *Service) GuardianBookings(ctx context.Context, actor *zhixi.User, via zhixi.Via) ([]zhixi.Booking, error) {
	if actor.Role != zhixi.RoleGuardian {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	now := s.now()
	list, err := s.store.Bookings(ctx, zhixi.BookingFilter{GuardianID: actor.ID, From: now.Add(-24 * time.Hour)})
	if err != nil {
		return nil, err
	}
	detail := via.Detail(fmt.Sprintf("监护人的 %d 条预约", len(list)))
	if err := zhixi.AppendRead(ctx, s.store, actor, now, "booking_list", actor.ID, 0, detail); err != nil {
		return nil, err
	}
	return list, nil
}

// Closer is the closing job: on every server a loop wakes up now and then,
// and the one holding the database lease checks out, at the end of the
// opening, whoever is still in a closed room (flagged), ends supervisors'
// presence, and marks the no-shows of ended slots.
type Closer struct {
	Service *Service
	Holder  string
	Log     *slog.Logger
	// EndRoom, when set, ends every tablet session of a room that closed
	// (tablet.Service.EndRoom).
	EndRoom func(ctx context.Context, roomID int64) (int64, error)
}

const closeLease = "room-close"

// NewCloser returns the closing job over st on the real clock; holder names
// this server in the lease, endRoom ends a closed room's tablet sessions.
func NewCloser(st Store, holder string, log *slog.Logger, endRoom func(ctx context.Context, roomID int64) (int64, error)) *Closer {
	return &Closer{Service: NewService(st, calendar.NewService(st, nil)), Holder: holder, Log: log, EndRoom: endRoom}
}

// RunOnce closes what is due if the lease is free; it reports the children
// checked out.
func (c *Closer) RunOnce(ctx context.Context) (int, error) {
	s := c.Service
	now := s.now()
	ok, err := s.store.TryLease(ctx, closeLease, c.Holder, now, 5*time.Minute)
	if err != nil || !ok {
		return 0, err
	}
	rooms, err := s.store.Rooms(ctx, 0)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, r := range rooms {
		os, err := s.cal.Openings(ctx, r.ID, now.Add(-48*time.Hour), now.Add(time.Minute))
		if err != nil {
			return total, err
		}
		closedAt := time.Time{}
		for _, o := range os {
			if !o.Start.After(now) && now.Before(o.End) {
				closedAt = time.Time{} // open now: nothing to close
				break
			}
			if !o.End.After(now) {
				closedAt = o.End
			}
		}
		if !closedAt.IsZero() {
			a := zhixi.NewAudit(ctx, nil, now, zhixi.AuditUpdate, "room_close", r.ID, 0, "auto check-out at closing")
			n, err := s.store.CloseRoom(ctx, r.ID, closedAt, a)
			if err != nil {
				return total, err
			}
			total += n
			if c.EndRoom != nil {
				if _, err := c.EndRoom(ctx, r.ID); err != nil {
					return total, fmt.Errorf("end tablet sessions of room %d: %w", r.ID, err)
				}
			}
		}
		a := zhixi.NewAudit(ctx, nil, now, zhixi.AuditUpdate, "booking", r.ID, 0, "no-shows marked")
		if _, err := s.store.MarkNoShows(ctx, r.ID, now, a); err != nil {
			return total, err
		}
	}
	return total, nil
}

// Run closes every interval until ctx ends.
func (c *Closer) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := c.RunOnce(ctx); err != nil {
			c.Log.Error("closing job failed", "err", err)
		} else if n > 0 {
			c.Log.Info("closing job checked out children left at closing", "children", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
