// Package ledger reports what the space-for-service agreement delivered,
// per room, community and street, by month or year: opening hours promised
// and delivered, screenings, 解读, 公益名额, bookings and attendance,
// supervisors' hours, activities and materials. Street viewers see
// aggregates only, with any count below 5 shown as "<5".
package ledger

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
)

// Store is what the ledger reads.
type Store interface {
	calendar.Store
	zhixi.BookingService
	zhixi.LedgerService
	zhixi.AuditAppender
}

// Service builds ledger reports.
type Service struct {
	store Store
	cal   *calendar.Service
	// Places returns the 公益名额 of a community in a year.
	Places func(ctx context.Context, communityID int64, year int) (int, error)
	// MinGrade and MaxGrade bound the students eligible for a free
	// screening (default 一年级 to 高三).
	MinGrade, MaxGrade int
}

// NewService returns a Service; places gives each community's 公益名额.
func NewService(st Store, cal *calendar.Service, places func(ctx context.Context, communityID int64, year int) (int, error)) *Service {
	return &Service{store: st, cal: cal, Places: places, MinGrade: 1, MaxGrade: 12}
}

// Scopes of a report.
const (
	ScopeRoom      = "room"
	ScopeCommunity = "community"
	ScopeStreet    = "street"
)

// Request names a report: a scope and its id, and a period "2026-12" (a
// month) or "2026" (a year); empty means the current month.
type Request struct {
	Scope  string
	ID     int64
	Period string
}

// Line is one room's figures, or the total.
type Line struct {
	Name               string
	Seats              int
	PromisedMinutes    int // the weekly template, holidays applied
	ClosedMinutes      int // lost to one-off closures
	DeliveredMinutes   int // open periods in which the room was staffed or used
	QuotaPlaces        int
	Counts             zhixi.LedgerCounts
	OpenMinutes        int
	UtilisationPercent int // attendance minutes over seats × open minutes
	DeliveredPercent   int
}

// Report is a ledger report.
type Report struct {
	Request           Request
	Name              string // the room, community or street
	Period            string
	From, To          time.Time
	Lines             []Line // per room
	Total             Line
	Masked            bool // street viewer: counts below 5 hidden
	NoInterpretations bool
}

// period reads "2026-12" or "2026".
func period(p string, now time.Time) (from, to time.Time, label string, err error) {
	l := now.In(calendar.Beijing)
	if p == "" {
		p = l.Format("2006-01")
	}
	if t, e := time.ParseInLocation("2006-01", p, calendar.Beijing); e == nil {
		return t, t.AddDate(0, 1, 0), p, nil
	}
	if y, e := strconv.Atoi(p); e == nil && y >= 2000 && y <= 2100 {
		t := time.Date(y, 1, 1, 0, 0, 0, 0, calendar.Beijing)
		return t, t.AddDate(1, 0, 0), p, nil
	}
	return from, to, "", zhixi.Errorf(zhixi.EINVALID, "err.ledger_period", p)
}

// CanRead reports whether u may read ledgers at all: everyone but
// guardians and students (each scope then has its own rule).
func CanRead(u *zhixi.User) bool {
	return u.Role != zhixi.RoleGuardian && u.Role != zhixi.RoleStudent
}

// scope resolves the rooms and communities of a request the actor may read.
func (s *Service) scope(ctx context.Context, actor *zhixi.User, req Request) (string, []zhixi.Room, []int64, error) {
	hide := zhixi.Hidden()
	switch req.Scope {
	case ScopeRoom:
		room, cids, err := s.cal.Room(ctx, req.ID)
		if err != nil {
			return "", nil, nil, err
		}
		ok := zhixi.CanRunRoom(actor, room)
		for _, cid := range cids {
			c, err := s.store.Community(ctx, cid)
			if err != nil {
				return "", nil, nil, err
			}
			ok = ok || (actor.Role == zhixi.RoleStreetViewer && actor.StreetID == c.StreetID)
		}
		if !ok {
			return "", nil, nil, hide
		}
		return room.Name, []zhixi.Room{*room}, cids, nil
	case ScopeCommunity:
		c, err := s.store.Community(ctx, req.ID)
		if err != nil {
			return "", nil, nil, err
		}
		if !zhixi.CanSeeCommunity(actor, c) {
			return "", nil, nil, hide
		}
		rooms, err := s.cal.RoomsServing(ctx, c.ID)
		return c.Name, rooms, []int64{c.ID}, err
	case ScopeStreet:
		if actor.Role != zhixi.RoleAdmin && !(actor.Role == zhixi.RoleStreetViewer && actor.StreetID == req.ID) {
			return "", nil, nil, hide
		}
		streets, err := s.store.Streets(ctx)
		if err != nil {
			return "", nil, nil, err
		}
		name := ""
		for _, st := range streets {
			if st.ID == req.ID {
				name = st.Name
			}
		}
		if name == "" {
			return "", nil, nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.street_not_found")
		}
		cs, err := s.store.Communities(ctx, req.ID)
		if err != nil {
			return "", nil, nil, err
		}
		var cids []int64
		var rooms []zhixi.Room
		for _, c := range cs {
			cids = append(cids, c.ID)
			rs, err := s.cal.RoomsServing(ctx, c.ID)
			if err != nil {
				return "", nil, nil, err
			}
			for _, r := range rs {
				if !slices.ContainsFunc(rooms, func(x zhixi.Room) bool { return x.ID == r.ID }) {
					rooms = append(rooms, r)
				}
			}
		}
		return name, rooms, cids, nil
	}
	return "", nil, nil, zhixi.Errorf(zhixi.EINVALID, "err.ledger_scope")
}

// Report builds the report the actor asked for.
func (s *Service) Report(ctx context.Context, actor *zhixi.User, req Request) (*Report, error) {
	if !CanRead(actor) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	from, to, label, err := period(req.Period, s.cal.Now())
	if err != nil {
		return nil, err
	}
	name, rooms, cids, err := s.scope(ctx, actor, req)
	if err != nil {
		return nil, err
	}
	rep := &Report{Request: req, Name: name, Period: label, From: from, To: to, Masked: actor.Role == zhixi.RoleStreetViewer}
	year := from.Year()
	for _, room := range rooms {
		line, err := s.roomLine(ctx, room, room.Communities, year, from, to)
		if err != nil {
			return nil, err
		}
		rep.Lines = append(rep.Lines, *line)
	}
	// The total counts each community once, whatever rooms serve it.
	total, err := s.store.LedgerCounts(ctx, roomIDs(rooms), cids, s.MinGrade, s.MaxGrade, year, from, to)
	if err != nil {
		return nil, err
	}
	rep.Total = Line{Name: "合计", Counts: *total}
	for _, l := range rep.Lines {
		rep.Total.Seats += l.Seats
		rep.Total.PromisedMinutes += l.PromisedMinutes
		rep.Total.ClosedMinutes += l.ClosedMinutes
		rep.Total.DeliveredMinutes += l.DeliveredMinutes
		rep.Total.OpenMinutes += l.OpenMinutes
	}
	for _, cid := range cids {
		n, err := s.Places(ctx, cid, year)
		if err != nil {
			return nil, err
		}
		rep.Total.QuotaPlaces += n
	}
	finish(&rep.Total)
	rep.NoInterpretations = !total.InterpretationsKept
	return rep, nil
}

func roomIDs(rooms []zhixi.Room) []int64 {
	ids := make([]int64, len(rooms))
	for i, r := range rooms {
		ids[i] = r.ID
	}
	return ids
}

// roomLine computes one room's hours and counts.
func (s *Service) roomLine(ctx context.Context, room zhixi.Room, cids []int64, year int, from, end time.Time) (*Line, error) {
	to := end
	st, err := s.cal.Settings(ctx, room.ID)
	if err != nil {
		return nil, err
	}
	h, _, err := s.cal.Holidays(ctx)
	if err != nil {
		return nil, err
	}
	closures, err := s.store.Closures(ctx, room.ID, from, to)
	if err != nil {
		return nil, err
	}
	att, err := s.store.Attendances(ctx, room.ID, from, to, false)
	if err != nil {
		return nil, err
	}
	pres, err := s.store.Presences(ctx, room.ID, from, to)
	if err != nil {
		return nil, err
	}
	l := &Line{Name: room.Name, Seats: room.Seats}
	// Hours are counted up to now: a month under way promises what has
	// passed of it.
	if now := s.cal.Now(); now.Before(to) {
		to = now
	}
	for _, o := range calendar.Openings(st, h, nil, from, to) {
		l.PromisedMinutes += minutes(o.Start, o.End)
	}
	for _, o := range calendar.Openings(st, h, closures, from, to) {
		m := minutes(o.Start, o.End)
		l.OpenMinutes += m
		if staffed(o, att, pres) {
			l.DeliveredMinutes += m
		}
	}
	l.ClosedMinutes = l.PromisedMinutes - l.OpenMinutes
	c, err := s.store.LedgerCounts(ctx, []int64{room.ID}, cids, s.MinGrade, s.MaxGrade, year, from, end)
	if err != nil {
		return nil, err
	}
	l.Counts = *c
	for _, cid := range cids {
		n, err := s.Places(ctx, cid, year)
		if err != nil {
			return nil, err
		}
		l.QuotaPlaces += n
	}
	finish(l)
	return l, nil
}

// staffed reports whether an opening was delivered: a supervisor was
// present, or a child checked in, during it.
func staffed(o calendar.Opening, att []zhixi.Attendance, pres []zhixi.Presence) bool {
	for _, a := range att {
		if !a.CheckedInAt.Before(o.Start.Add(-30*time.Minute)) && a.CheckedInAt.Before(o.End) {
			return true
		}
	}
	for _, p := range pres {
		end := p.EndedAt
		if end.IsZero() {
			end = o.End
		}
		if p.StartedAt.Before(o.End) && end.After(o.Start) {
			return true
		}
	}
	return false
}

func minutes(a, b time.Time) int { return int(b.Sub(a) / time.Minute) }

// finish derives a line's percentages.
func finish(l *Line) {
	if l.Seats > 0 && l.OpenMinutes > 0 {
		l.UtilisationPercent = int(float64(l.Counts.AttendanceMinutes)*100/float64(l.Seats*l.OpenMinutes) + 0.5)
	}
	if l.PromisedMinutes > 0 {
		l.DeliveredPercent = int(float64(l.DeliveredMinutes)*100/float64(l.PromisedMinutes) + 0.5)
	}
}

// Count shows a count: below 5 as "<5" when the report is masked.
func (r *Report) Count(n int) string {
	if r.Masked && n < 5 {
		return "<5"
	}
	return strconv.Itoa(n)
}

// hours shows minutes as hours with one decimal.
func hours(m int) string { return fmt.Sprintf("%.1f", float64(m)/60) }
