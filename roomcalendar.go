package zhixi

import (
	"context"
	"time"
)

// Period is part of a day, in minutes after local (Beijing) midnight:
// {1080, 1260} is 18:00–21:00.
type Period struct{ Start, End int }

// RoomSettings are a room's opening rules, edited by staff. A room that
// never saved any uses calendar.DefaultSettings.
type RoomSettings struct {
	RoomID int64
	// Week is the weekly template, indexed by time.Weekday (Sunday 0).
	Week [7][]Period
	// WalkInSeats are kept free of bookings for children who come in.
	WalkInSeats int
	// CancelMinutes is how long before a slot a booking may still be
	// cancelled.
	CancelMinutes int
	// LatestMinute is the latest time of day a minor may be in a session
	// (compliance guard), in minutes after midnight.
	LatestMinute int
	// HolidayWeekday is the weekday whose template applies on a statutory
	// holiday, -1 for closed; MakeupWeekday the same for a 调休 working day.
	HolidayWeekday int
	MakeupWeekday  int
	// OpenStudy lets any eligible child book regular study; otherwise only
	// 公益名额 holders may (screening is open to all).
	OpenStudy bool
	UpdatedBy int64
	UpdatedAt time.Time
}

// Holiday kinds: a statutory day off, or a make-up working day (调休上班).
const (
	HolidayOff     = "holiday"
	HolidayWorkday = "workday"
)

// HolidayDay is one date of a holiday year.
type HolidayDay struct {
	Day  string // "2026-10-01", Beijing date
	Kind string // HolidayOff or HolidayWorkday
	Name string // "国庆节"
}

// HolidayYear is a year of statutory holidays and make-up working days, as
// the State Council's notice sets them; Notice names the source.
type HolidayYear struct {
	Year      int
	Notice    string
	Days      []HolidayDay
	EnteredBy int64 // 0 for a file shipped with zhixi
	EnteredAt time.Time
}

// Closure is a one-off closing of a room, with the reason families see.
type Closure struct {
	ID          int64
	RoomID      int64
	Start, End  time.Time
	Reason      string
	CreatedBy   int64
	CreatedAt   time.Time
	CancelledAt time.Time
}

// SpaceUse is another use of the centre's space (a lecture, a clinic, an
// elderly activity, a meeting), recorded in the same calendar.
type SpaceUse struct {
	ID             int64
	RoomID         int64
	Kind           string // "lecture", "clinic", "elderly", "meeting", "other"
	Title          string
	Organiser      string
	Start, End     time.Time
	ExpectedPeople int
	CreatedBy      int64
	CreatedAt      time.Time
	CancelledAt    time.Time
}

// CalendarService stores opening hours, holidays, closures and space uses.
// Methods that change something take the audit entry of the change and
// write it in the same transaction (its ObjectID is set when zero).
type CalendarService interface {
	// RoomSettings returns the stored settings; ENOTFOUND if the room
	// never saved any (the caller applies the defaults).
	RoomSettings(ctx context.Context, roomID int64) (*RoomSettings, error)
	SaveRoomSettings(ctx context.Context, s *RoomSettings, a *AuditEntry) error
	// HolidayYears returns the years staff entered, with their days.
	HolidayYears(ctx context.Context) ([]HolidayYear, error)
	// SaveHolidayYear replaces a year's days.
	SaveHolidayYear(ctx context.Context, y *HolidayYear, a *AuditEntry) error
	// Closures lists a room's closures that overlap [from, to), cancelled
	// ones left out.
	Closures(ctx context.Context, roomID int64, from, to time.Time) ([]Closure, error)
	CreateClosure(ctx context.Context, c *Closure, a *AuditEntry) error
	// CancelClosure marks closure id (of room roomID) cancelled.
	CancelClosure(ctx context.Context, roomID, id int64, at time.Time, a *AuditEntry) error
	// SpaceUses lists a room's uses that overlap [from, to), cancelled
	// ones left out.
	SpaceUses(ctx context.Context, roomID int64, from, to time.Time) ([]SpaceUse, error)
	// CreateSpaceUse inserts u unless another live use of the room
	// overlaps it (ECONFLICT err.space_overlap, with its title).
	CreateSpaceUse(ctx context.Context, u *SpaceUse, a *AuditEntry) error
	CancelSpaceUse(ctx context.Context, roomID, id int64, at time.Time, a *AuditEntry) error
}
