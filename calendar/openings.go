// Package calendar runs a room's opening hours and the party-mass service
// centre's calendar: the weekly template, statutory holidays and make-up
// working days, one-off closures, the centre's other uses of the space,
// and the compliance guard that keeps minors' sessions inside opening
// hours.
package calendar

import (
	"fmt"
	"slices"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/locale"
)

// Beijing is UTC+8 without a tz database, which minimal hosts may lack;
// opening hours are Beijing wall-clock times.
var Beijing = time.FixedZone("CST", 8*3600)

// hm is a time of day in minutes.
func hm(h, m int) int { return h*60 + m }

// DefaultSettings are a room's rules until staff change them: Monday and
// Friday 18:00–21:00, Saturday and Sunday 09:00–12:00 and 14:00–17:00;
// two walk-in seats; cancel up to two hours before; minors not after
// 21:00; closed on statutory holidays; make-up working days (调休上班)
// follow Monday's hours; regular study only on a 公益名额. These are
// starting points, not policy: each is editable per room.
func DefaultSettings(roomID int64) *zhixi.RoomSettings {
	s := &zhixi.RoomSettings{RoomID: roomID, WalkInSeats: 2, CancelMinutes: 120, LatestMinute: hm(21, 0),
		HolidayWeekday: -1, MakeupWeekday: int(time.Monday)}
	evening := []zhixi.Period{{Start: hm(18, 0), End: hm(21, 0)}}
	day := []zhixi.Period{{Start: hm(9, 0), End: hm(12, 0)}, {Start: hm(14, 0), End: hm(17, 0)}}
	s.Week[time.Monday] = evening
	s.Week[time.Friday] = slices.Clone(evening)
	s.Week[time.Saturday] = day
	s.Week[time.Sunday] = slices.Clone(day)
	return s
}

// Why an opening differs from the plain weekly template.
const (
	NoteHoliday = "holiday" // a statutory holiday opened with another weekday's hours
	NoteMakeup  = "makeup"  // a make-up working day
)

// Opening is one period a room is open to minors.
type Opening struct {
	Start, End time.Time
	Note       string // "", NoteHoliday or NoteMakeup
	DayName    string // the holiday's name when Note is set
}

// DayRule says which hours apply on a date and why.
func DayRule(s *zhixi.RoomSettings, h Holidays, date time.Time) (periods []zhixi.Period, note, name string) {
	wd := int(date.Weekday())
	if d, ok := h[date.Format(time.DateOnly)]; ok {
		switch d.Kind {
		case zhixi.HolidayOff:
			wd, note, name = s.HolidayWeekday, NoteHoliday, d.Name
		case zhixi.HolidayWorkday:
			wd, note, name = s.MakeupWeekday, NoteMakeup, d.Name
		}
	}
	if wd < 0 {
		return nil, note, name
	}
	return s.Week[wd], note, name
}

// Openings lists the periods the room is open in [from, to): the weekly
// template on each Beijing date, as holidays change it, cut at the latest
// time for minors, less the closures.
func Openings(s *zhixi.RoomSettings, h Holidays, closures []zhixi.Closure, from, to time.Time) []Opening {
	var out []Opening
	lf := from.In(Beijing)
	day := time.Date(lf.Year(), lf.Month(), lf.Day(), 0, 0, 0, 0, Beijing)
	for ; day.Before(to); day = day.AddDate(0, 0, 1) {
		periods, note, name := DayRule(s, h, day)
		for _, p := range periods {
			end := min(p.End, s.LatestMinute)
			if end <= p.Start {
				continue
			}
			o := Opening{Start: day.Add(time.Duration(p.Start) * time.Minute), End: day.Add(time.Duration(end) * time.Minute), Note: note, DayName: name}
			for _, part := range subtract(o, closures) {
				if part.End.After(from) && part.Start.Before(to) {
					out = append(out, part)
				}
			}
		}
	}
	return out
}

// subtract cuts the closures out of o.
func subtract(o Opening, closures []zhixi.Closure) []Opening {
	parts := []Opening{o}
	for _, c := range closures {
		var next []Opening
		for _, p := range parts {
			if !c.Start.Before(p.End) || !c.End.After(p.Start) {
				next = append(next, p)
				continue
			}
			if c.Start.After(p.Start) {
				q := p
				q.End = c.Start
				next = append(next, q)
			}
			if c.End.Before(p.End) {
				q := p
				q.Start = c.End
				next = append(next, q)
			}
		}
		parts = next
	}
	return parts
}

// WeekdayName is the Chinese name of weekday wd (0 = Sunday), from the
// message catalogue.
func WeekdayName(wd int) string { return locale.Text(fmt.Sprintf("weekday.%d", wd)) }

// ValidateWeek checks a weekly template: periods inside the day, in order,
// not overlapping. The error names the weekday (0 = Sunday).
func ValidateWeek(week [7][]zhixi.Period) error {
	for wd, ps := range week {
		for i, p := range ps {
			if p.Start < 0 || p.End > 24*60 || p.Start >= p.End {
				return zhixi.Errorf(zhixi.EINVALID, "err.hours_period", WeekdayName(wd))
			}
			if i > 0 && p.Start < ps[i-1].End {
				return zhixi.Errorf(zhixi.EINVALID, "err.hours_overlap", WeekdayName(wd))
			}
		}
	}
	return nil
}
