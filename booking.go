package zhixi

import (
	"context"
	"time"
)

// Booking kinds and statuses.
const (
	BookScreening = "screening"
	BookStudy     = "study"

	BookingBooked    = "booked"
	BookingWaiting   = "waiting"
	BookingCancelled = "cancelled"
	BookingNoShow    = "no_show"
	BookingAttended  = "attended"
)

// Booking is a child's seat in a slot (one opening period of a room), or
// a place on its waiting list.
type Booking struct {
	ID         int64
	RoomID     int64
	StudentID  int64
	Kind       string
	SlotStart  time.Time
	SlotEnd    time.Time
	Status     string
	FreePlace  bool // regular study on a 公益名额
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	PromotedAt time.Time // when it moved from the waiting list to a seat

	StudentName string // filled by lists
	Position    int    // place on the waiting list (1 = next), lists only
}

// BookingFilter selects bookings; zero fields do not filter. From/To
// select slots starting in [From, To).
type BookingFilter struct {
	RoomID, StudentID int64
	GuardianID        int64
	Status            string
	From, To          time.Time
}

// Attendance is a child's stay in a room: checked in by a supervisor,
// checked out by one or by the closing job (then flagged).
type Attendance struct {
	ID                  int64
	RoomID              int64
	StudentID           int64
	BookingID           int64 // 0 for a walk-in
	WalkIn              bool
	CheckedInAt         time.Time
	CheckedOutAt        time.Time // zero while in the room
	Minutes             int
	FlaggedAutoCheckout bool
	CheckedInBy         int64
	CheckedOutBy        int64

	StudentName string // filled by lists
}

// Presence is a supervisor's time in a room (督学到岗).
type Presence struct {
	ID        int64
	RoomID    int64
	UserID    int64
	StartedAt time.Time
	EndedAt   time.Time
	Flagged   bool // ended by the closing job
	UserName  string
}

// BookingService stores bookings, attendance and supervisor presence.
// Changes write their audit entry in the same transaction.
type BookingService interface {
	// Book stores b in one transaction that holds the room: a live booking
	// of the same child and slot is returned as it is (created false); a
	// child's other live booking that overlaps the slot is ECONFLICT
	// err.booking_overlap; otherwise b gets a seat while fewer than
	// capacity are booked, else a place on the waiting list.
	Book(ctx context.Context, b *Booking, capacity int, a *AuditEntry) (created bool, err error)
	Booking(ctx context.Context, id int64) (*Booking, error)
	Bookings(ctx context.Context, f BookingFilter) ([]Booking, error)
	// CancelBooking cancels a live booking and, if that freed a seat,
	// gives it to the first on the slot's waiting list (returned).
	CancelBooking(ctx context.Context, id int64, at time.Time, capacity int, a *AuditEntry) (*Booking, error)
	// MarkNoShows marks booked seats of slots that ended before at, with
	// no check-in, as no-shows; waiting bookings of those slots lapse
	// (cancelled). It returns the no-shows.
	MarkNoShows(ctx context.Context, roomID int64, at time.Time, a *AuditEntry) (int, error)
	// CheckIn opens an attendance; ECONFLICT err.already_in if the child
	// is in a room. A booking checked in becomes attended.
	CheckIn(ctx context.Context, at *Attendance, a *AuditEntry) error
	// CheckOut closes attendance id with the minutes; ECONFLICT
	// err.already_out if it is closed.
	CheckOut(ctx context.Context, roomID, id int64, at time.Time, by int64, a *AuditEntry) (*Attendance, error)
	// Attendances lists a room's attendance checked in within [from, to);
	// open ones (still in the room) when open is true.
	Attendances(ctx context.Context, roomID int64, from, to time.Time, open bool) ([]Attendance, error)
	// CloseRoom checks out every child and supervisor still in a room at
	// closing, flagged; it returns how many children.
	CloseRoom(ctx context.Context, roomID int64, at time.Time, a *AuditEntry) (int, error)
	// StartPresence and EndPresence record a supervisor's time in a room.
	StartPresence(ctx context.Context, p *Presence, a *AuditEntry) error
	EndPresence(ctx context.Context, roomID, userID int64, at time.Time, a *AuditEntry) error
	Presences(ctx context.Context, roomID int64, from, to time.Time) ([]Presence, error)
}
