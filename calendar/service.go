package calendar

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// Store is what the calendar needs from storage.
type Store interface {
	zhixi.OrgService
	zhixi.StudentService
	zhixi.CalendarService
}

// Service runs the calendar's actions. It keeps no state of its own.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a Service; now nil means time.Now.
func NewService(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now}
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Room loads a room with the communities it serves.
func (s *Service) Room(ctx context.Context, roomID int64) (*zhixi.Room, []int64, error) {
	room, err := s.store.Room(ctx, roomID)
	if err != nil {
		return nil, nil, err
	}
	return room, room.Communities, nil
}

// ManagedRoom loads a room actor may manage; another room is not found.
func (s *Service) ManagedRoom(ctx context.Context, actor *zhixi.User, roomID int64) (*zhixi.Room, []int64, error) {
	room, cids, err := s.Room(ctx, roomID)
	if err != nil {
		return nil, nil, err
	}
	if !zhixi.CanManageRoom(actor, room) {
		if zhixi.CanRunRoom(actor, room) {
			return nil, nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
		}
		return nil, nil, zhixi.Hidden()
	}
	return room, cids, nil
}

// RunRoom loads a room the actor runs (CanRunRoom); another room is not
// found.
func (s *Service) RunRoom(ctx context.Context, actor *zhixi.User, roomID int64) (*zhixi.Room, error) {
	room, _, err := s.Room(ctx, roomID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanRunRoom(actor, room) {
		return nil, zhixi.Hidden()
	}
	return room, nil
}

// FamilyRoom loads a room the actor may book or register in: someone who
// runs it, or a guardian with a child in a community it serves.
func (s *Service) FamilyRoom(ctx context.Context, actor *zhixi.User, roomID int64) (*zhixi.Room, error) {
	room, _, err := s.Room(ctx, roomID)
	if err != nil {
		return nil, err
	}
	if zhixi.CanRunRoom(actor, room) {
		return room, nil
	}
	if actor.Role == zhixi.RoleGuardian {
		kids, err := s.store.Students(ctx, zhixi.StudentFilter{GuardianID: actor.ID})
		if err != nil {
			return nil, err
		}
		for _, k := range kids {
			if room.Serves(k.CommunityID) {
				return room, nil
			}
		}
	}
	return nil, zhixi.Hidden()
}

// VisibleRoom loads a room whose opening hours the actor may see: those
// who may book in it, its street's viewers, and students of the
// communities it serves.
func (s *Service) VisibleRoom(ctx context.Context, actor *zhixi.User, roomID int64) (*zhixi.Room, error) {
	room, err := s.FamilyRoom(ctx, actor, roomID)
	if zhixi.ErrorCode(err) != zhixi.ENOTFOUND || room != nil {
		return room, err
	}
	if room, _, err = s.Room(ctx, roomID); err != nil {
		return nil, err
	}
	switch actor.Role {
	case zhixi.RoleStreetViewer:
		c, err := s.store.Community(ctx, room.CommunityID)
		if err != nil {
			return nil, err
		}
		if c.StreetID == actor.StreetID {
			return room, nil
		}
	case zhixi.RoleStudent:
		me, err := s.store.Students(ctx, zhixi.StudentFilter{UserID: actor.ID})
		if err != nil {
			return nil, err
		}
		if len(me) > 0 && room.Serves(me[0].CommunityID) {
			return room, nil
		}
	}
	return nil, zhixi.Hidden()
}

// Settings returns a room's rules: stored, or the defaults.
func (s *Service) Settings(ctx context.Context, roomID int64) (*zhixi.RoomSettings, error) {
	st, err := s.store.RoomSettings(ctx, roomID)
	if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
		if _, err := s.store.Room(ctx, roomID); err != nil {
			return nil, err
		}
		return DefaultSettings(roomID), nil
	}
	return st, err
}

// SettingsInput is the staff's form for a room's rules. Week holds one
// text per weekday (Sunday first), like "18:00-21:00" or
// "09:00-12:00, 14:00-17:00"; empty means closed.
type SettingsInput struct {
	Week           [7]string `json:"week"`
	WalkInSeats    int       `json:"walkin_seats"`
	CancelMinutes  int       `json:"cancel_minutes"`
	LatestTime     string    `json:"latest_time"` // "21:00"
	HolidayWeekday int       `json:"holiday_weekday"`
	MakeupWeekday  int       `json:"makeup_weekday"`
	OpenStudy      bool      `json:"open_study"`
}

// InputOf is the form showing settings as they are.
func InputOf(st *zhixi.RoomSettings) SettingsInput {
	in := SettingsInput{WalkInSeats: st.WalkInSeats, CancelMinutes: st.CancelMinutes, LatestTime: Clock(st.LatestMinute),
		HolidayWeekday: st.HolidayWeekday, MakeupWeekday: st.MakeupWeekday, OpenStudy: st.OpenStudy}
	for wd, ps := range st.Week {
		in.Week[wd] = FormatPeriods(ps)
	}
	return in
}

// Clock formats minutes after midnight as 15:04.
func Clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// FormatPeriods writes periods as the form shows them.
func FormatPeriods(ps []zhixi.Period) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = Clock(p.Start) + "-" + Clock(p.End)
	}
	return strings.Join(parts, ", ")
}

// ParseClock reads "9:00" or "21:00" (24:00 allowed) as minutes.
func ParseClock(v string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(v), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, false
	}
	return hh*60 + mm, true
}

// ParsePeriods reads "09:00-12:00, 14:00-17:00" (also with ，、; or –).
func ParsePeriods(wd int, text string) ([]zhixi.Period, error) {
	text = strings.NewReplacer("，", ",", "、", ",", ";", ",", "；", ",", "–", "-", "—", "-", "～", "-", "~", "-", "：", ":").Replace(text)
	var out []zhixi.Period
	for _, part := range strings.Split(text, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		a, b, ok := strings.Cut(part, "-")
		start, ok1 := ParseClock(a)
		end, ok2 := ParseClock(b)
		if !ok || !ok1 || !ok2 {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.hours_format", WeekdayName(wd), part)
		}
		out = append(out, zhixi.Period{Start: start, End: end})
	}
	slices.SortFunc(out, func(x, y zhixi.Period) int { return x.Start - y.Start })
	return out, nil
}

// SaveSettings validates and stores a room's rules.
func (s *Service) SaveSettings(ctx context.Context, actor *zhixi.User, roomID int64, in SettingsInput) (*zhixi.RoomSettings, error) {
	room, _, err := s.ManagedRoom(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	st := &zhixi.RoomSettings{RoomID: room.ID, WalkInSeats: in.WalkInSeats, CancelMinutes: in.CancelMinutes,
		HolidayWeekday: in.HolidayWeekday, MakeupWeekday: in.MakeupWeekday, OpenStudy: in.OpenStudy,
		UpdatedBy: actor.ID, UpdatedAt: s.now()}
	for wd, text := range in.Week {
		if st.Week[wd], err = ParsePeriods(wd, text); err != nil {
			return nil, err
		}
	}
	if err := ValidateWeek(st.Week); err != nil {
		return nil, err
	}
	var ok bool
	if st.LatestMinute, ok = ParseClock(in.LatestTime); !ok {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.latest_time", in.LatestTime)
	}
	switch {
	case in.WalkInSeats < 0 || in.WalkInSeats >= room.Seats:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.walkin_seats", room.Seats)
	case in.CancelMinutes < 0 || in.CancelMinutes > 7*24*60:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.cancel_minutes")
	case in.HolidayWeekday < -1 || in.HolidayWeekday > 6 || in.MakeupWeekday < -1 || in.MakeupWeekday > 6:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.holiday_weekday")
	}
	a := zhixi.NewAudit(ctx, actor, st.UpdatedAt, zhixi.AuditUpdate, "room_settings", room.ID, 0, "")
	if err := s.store.SaveRoomSettings(ctx, st, a); err != nil {
		return nil, err
	}
	return st, nil
}

// Holidays returns the effective holidays and the notice of each year
// covered.
func (s *Service) Holidays(ctx context.Context) (Holidays, map[int]string, error) {
	entered, err := s.store.HolidayYears(ctx)
	if err != nil {
		return nil, nil, err
	}
	h, notices := mergeHolidays(entered)
	return h, notices, nil
}

// MissingYear returns the coming year when no holiday file or entry covers
// it (the product warns), or 0. The warning starts in the fourth quarter,
// when the State Council usually publishes the next year's notice.
func (s *Service) MissingYear(ctx context.Context) (int, error) {
	now := s.now().In(Beijing)
	_, notices, err := s.Holidays(ctx)
	if err != nil {
		return 0, err
	}
	for _, y := range []int{now.Year(), now.Year() + 1} {
		if y == now.Year()+1 && now.Month() < time.October {
			continue
		}
		if _, ok := notices[y]; !ok {
			return y, nil
		}
	}
	return 0, nil
}

// ImportHolidays stores a year in the YAML format of calendar/holidays,
// replacing what was there for that year. Admins and staff may.
func (s *Service) ImportHolidays(ctx context.Context, actor *zhixi.User, text string) (*zhixi.HolidayYear, error) {
	if actor.Role != zhixi.RoleAdmin && actor.Role != zhixi.RoleStaff {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	y, err := ParseHolidays([]byte(text))
	if err != nil {
		return nil, err
	}
	y.EnteredBy, y.EnteredAt = actor.ID, s.now()
	a := zhixi.NewAudit(ctx, actor, y.EnteredAt, zhixi.AuditUpdate, "holiday_year", int64(y.Year), 0, y.Notice)
	if err := s.store.SaveHolidayYear(ctx, y, a); err != nil {
		return nil, err
	}
	return y, nil
}

// Openings lists a room's openings in [from, to).
func (s *Service) Openings(ctx context.Context, roomID int64, from, to time.Time) ([]Opening, error) {
	st, err := s.Settings(ctx, roomID)
	if err != nil {
		return nil, err
	}
	h, _, err := s.Holidays(ctx)
	if err != nil {
		return nil, err
	}
	cl, err := s.store.Closures(ctx, roomID, from.AddDate(0, 0, -1), to.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	return Openings(st, h, cl, from, to), nil
}

// lookAhead bounds the search for the next openings.
const lookAhead = 60 * 24 * time.Hour

// NextOpenings lists up to n openings that have not ended yet.
func (s *Service) NextOpenings(ctx context.Context, roomID int64, n int) ([]Opening, error) {
	now := s.now()
	os, err := s.Openings(ctx, roomID, now, now.Add(lookAhead))
	if err != nil {
		return nil, err
	}
	if len(os) > n {
		os = os[:n]
	}
	return os, nil
}

// Slot returns the opening of a room that starts at start: bookings are
// for whole openings. ENOTFOUND err.slot_not_open otherwise.
func (s *Service) Slot(ctx context.Context, roomID int64, start time.Time) (*Opening, error) {
	os, err := s.Openings(ctx, roomID, start, start.Add(time.Minute))
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		if o.Start.Equal(start) {
			return &o, nil
		}
	}
	return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.slot_not_open", start.In(Beijing).Format("2006-01-02 15:04"))
}

// CheckMinorSession is the compliance guard: a minor's session in a room
// (a booking, a check-in, screening or practice on a room tablet) is
// allowed only at a time the room is open, and never after the room's
// latest time. The refusal (EFORBIDDEN err.outside_hours) states the
// latest time and the next opening.
func (s *Service) CheckMinorSession(ctx context.Context, roomID int64, at time.Time) error {
	st, err := s.Settings(ctx, roomID)
	if err != nil {
		return err
	}
	os, err := s.Openings(ctx, roomID, at.Add(-24*time.Hour), at.Add(lookAhead))
	if err != nil {
		return err
	}
	local := at.In(Beijing)
	minute := local.Hour()*60 + local.Minute()
	next := "—"
	for _, o := range os {
		if !o.Start.After(at) && at.Before(o.End) && minute < st.LatestMinute {
			return nil
		}
		if o.Start.After(at) && next == "—" {
			next = o.Start.In(Beijing).Format("2006-01-02 15:04")
		}
	}
	return zhixi.Errorf(zhixi.EFORBIDDEN, "err.outside_hours", Clock(st.LatestMinute), next)
}

// CheckStudentSession applies CheckMinorSession for a student on a room
// tablet: allowed if a room serving the student's community is open at
// at. A community no room serves has no hours to enforce.
func (s *Service) CheckStudentSession(ctx context.Context, studentID int64, at time.Time) error {
	st, err := s.store.Student(ctx, studentID)
	if err != nil {
		return err
	}
	rooms, err := s.RoomsServing(ctx, st.CommunityID)
	if err != nil {
		return err
	}
	var refusal error
	for _, r := range rooms {
		err := s.CheckMinorSession(ctx, r.ID, at)
		if err == nil {
			return nil
		}
		if zhixi.ErrorCode(err) != zhixi.EFORBIDDEN {
			return err
		}
		if refusal == nil {
			refusal = err
		}
	}
	return refusal
}

// RoomsServing lists the rooms that serve a community.
func (s *Service) RoomsServing(ctx context.Context, communityID int64) ([]zhixi.Room, error) {
	if communityID == 0 {
		return nil, nil
	}
	return s.store.Rooms(ctx, communityID)
}

// ParseLocal reads a Beijing date-time as a form or the API sends it:
// "2026-12-06T09:00" (datetime-local), "2026-12-06 09:00" or RFC 3339.
func ParseLocal(field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, Beijing); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if v == "" {
		return time.Time{}, zhixi.Errorf(zhixi.EINVALID, "err.field_required", field)
	}
	return time.Time{}, zhixi.Errorf(zhixi.EINVALID, "err.bad_datetime", field, v)
}

// ClosureInput is the form for a one-off closure.
type ClosureInput struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Reason string `json:"reason"`
}

// AddClosure closes a room for a while, with a reason.
func (s *Service) AddClosure(ctx context.Context, actor *zhixi.User, roomID int64, in ClosureInput) (*zhixi.Closure, error) {
	room, _, err := s.ManagedRoom(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	c := &zhixi.Closure{RoomID: room.ID, Reason: strings.TrimSpace(in.Reason), CreatedBy: actor.ID, CreatedAt: s.now()}
	if c.Start, err = ParseLocal("开始时间", in.Start); err != nil {
		return nil, err
	}
	if c.End, err = ParseLocal("结束时间", in.End); err != nil {
		return nil, err
	}
	if !c.Start.Before(c.End) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.end_before_start")
	}
	if c.Reason == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "关闭原因")
	}
	a := zhixi.NewAudit(ctx, actor, c.CreatedAt, zhixi.AuditCreate, "closure", 0, 0, c.Reason)
	if err := s.store.CreateClosure(ctx, c, a); err != nil {
		return nil, err
	}
	return c, nil
}

// CancelClosure reopens what a closure closed.
func (s *Service) CancelClosure(ctx context.Context, actor *zhixi.User, roomID, id int64) error {
	room, _, err := s.ManagedRoom(ctx, actor, roomID)
	if err != nil {
		return err
	}
	if id <= 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "闭馆记录")
	}
	now := s.now()
	return s.store.CancelClosure(ctx, room.ID, id, now, zhixi.NewAudit(ctx, actor, now, zhixi.AuditDelete, "closure", id, 0, ""))
}

// SpaceKinds are the kinds of the centre's other uses of the space.
var SpaceKinds = []string{"lecture", "clinic", "elderly", "meeting", "other"}

// SpaceUseInput is the form for another use of the space.
type SpaceUseInput struct {
	Kind           string `json:"kind"`
	Title          string `json:"title"`
	Organiser      string `json:"organiser"`
	Start          string `json:"start"`
	End            string `json:"end"`
	ExpectedPeople int    `json:"expected_people"`
}

// AddSpaceUse records a use of the room by the centre; uses of one room
// cannot overlap.
func (s *Service) AddSpaceUse(ctx context.Context, actor *zhixi.User, roomID int64, in SpaceUseInput) (*zhixi.SpaceUse, error) {
	room, _, err := s.ManagedRoom(ctx, actor, roomID)
	if err != nil {
		return nil, err
	}
	u := &zhixi.SpaceUse{RoomID: room.ID, Kind: in.Kind, Title: strings.TrimSpace(in.Title), Organiser: strings.TrimSpace(in.Organiser),
		ExpectedPeople: in.ExpectedPeople, CreatedBy: actor.ID, CreatedAt: s.now()}
	switch {
	case !slices.Contains(SpaceKinds, u.Kind):
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.space_kind")
	case u.Title == "":
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "活动名称")
	case u.Organiser == "":
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "组织方")
	case u.ExpectedPeople < 0 || u.ExpectedPeople > 10000:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.expected_people")
	}
	if u.Start, err = ParseLocal("开始时间", in.Start); err != nil {
		return nil, err
	}
	if u.End, err = ParseLocal("结束时间", in.End); err != nil {
		return nil, err
	}
	if !u.Start.Before(u.End) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.end_before_start")
	}
	a := zhixi.NewAudit(ctx, actor, u.CreatedAt, zhixi.AuditCreate, "space_use", 0, 0, u.Title)
	if err := s.store.CreateSpaceUse(ctx, u, a); err != nil {
		return nil, err
	}
	return u, nil
}

// CancelSpaceUse cancels a recorded use.
func (s *Service) CancelSpaceUse(ctx context.Context, actor *zhixi.User, roomID, id int64) error {
	room, _, err := s.ManagedRoom(ctx, actor, roomID)
	if err != nil {
		return err
	}
	if id <= 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "场地使用记录")
	}
	now := s.now()
	return s.store.CancelSpaceUse(ctx, room.ID, id, now, zhixi.NewAudit(ctx, actor, now, zhixi.AuditDelete, "space_use", id, 0, ""))
}
