package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/booking"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/quota"
)

// JSON shapes of running the room.
type (
	openingJSON struct {
		Start   time.Time `json:"start"`
		End     time.Time `json:"end"`
		Note    string    `json:"note,omitempty"`
		Holiday string    `json:"holiday,omitempty"`
	}
	closureJSON struct {
		ID     int64     `json:"id"`
		Start  time.Time `json:"start"`
		End    time.Time `json:"end"`
		Reason string    `json:"reason"`
	}
	spaceUseJSON struct {
		ID             int64     `json:"id"`
		Kind           string    `json:"kind"`
		Title          string    `json:"title"`
		Organiser      string    `json:"organiser"`
		Start          time.Time `json:"start"`
		End            time.Time `json:"end"`
		ExpectedPeople int       `json:"expected_people"`
	}
	bookingJSON struct {
		ID        int64     `json:"id"`
		RoomID    int64     `json:"room_id"`
		StudentID int64     `json:"student_id"`
		Student   string    `json:"student"`
		Kind      string    `json:"kind"`
		SlotStart time.Time `json:"slot_start"`
		SlotEnd   time.Time `json:"slot_end"`
		Status    string    `json:"status"`
		FreePlace bool      `json:"free_place"`
		Position  int       `json:"waiting_position,omitempty"`
	}
	attendanceJSON struct {
		ID                  int64      `json:"id"`
		RoomID              int64      `json:"room_id"`
		StudentID           int64      `json:"student_id"`
		Student             string     `json:"student"`
		BookingID           int64      `json:"booking_id,omitempty"`
		WalkIn              bool       `json:"walk_in"`
		CheckedInAt         time.Time  `json:"checked_in_at"`
		CheckedOutAt        *time.Time `json:"checked_out_at,omitempty"`
		Minutes             int        `json:"minutes"`
		FlaggedAutoCheckout bool       `json:"flagged_auto_checkout"`
	}
	quotaJSON struct {
		ID              int64      `json:"id"`
		CommunityID     int64      `json:"community_id"`
		StudentID       int64      `json:"student_id"`
		Student         string     `json:"student"`
		Year            int        `json:"year"`
		Category        string     `json:"category"`
		Status          string     `json:"status"`
		CertificateType string     `json:"certificate_type,omitempty"`
		CertificateYear int        `json:"certificate_year,omitempty"`
		VerifiedBy      int64      `json:"verified_by,omitempty"`
		VerifiedAt      *time.Time `json:"verified_at,omitempty"`
		Reason          string     `json:"reason,omitempty"`
		Position        int        `json:"waiting_position,omitempty"`
	}
)

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func toOpenings(os []calendar.Opening) []openingJSON {
	out := make([]openingJSON, len(os))
	for i, o := range os {
		out[i] = openingJSON{o.Start.UTC(), o.End.UTC(), o.Note, o.DayName}
	}
	return out
}

func toBookingJSON(b *zhixi.Booking) bookingJSON {
	return bookingJSON{b.ID, b.RoomID, b.StudentID, b.StudentName, b.Kind, b.SlotStart.UTC(), b.SlotEnd.UTC(), b.Status, b.FreePlace, b.Position}
}

func toBookings(bs []zhixi.Booking) []bookingJSON {
	out := make([]bookingJSON, len(bs))
	for i := range bs {
		out[i] = toBookingJSON(&bs[i])
	}
	return out
}

func toAttendanceJSON(x *zhixi.Attendance) attendanceJSON {
	return attendanceJSON{x.ID, x.RoomID, x.StudentID, x.StudentName, x.BookingID, x.WalkIn, x.CheckedInAt.UTC(),
		optTime(x.CheckedOutAt), x.Minutes, x.FlaggedAutoCheckout}
}

func toAttendances(xs []zhixi.Attendance) []attendanceJSON {
	out := make([]attendanceJSON, len(xs))
	for i := range xs {
		out[i] = toAttendanceJSON(&xs[i])
	}
	return out
}

func toQuotaJSON(q *zhixi.QuotaApplication) quotaJSON {
	return quotaJSON{q.ID, q.CommunityID, q.StudentID, q.StudentName, q.Year, q.Category, q.Status, q.CertificateType,
		q.CertificateYear, q.VerifiedBy, optTime(q.VerifiedAt), q.Reason, q.Position}
}

func toQuotas(qs []zhixi.QuotaApplication) []quotaJSON {
	out := make([]quotaJSON, len(qs))
	for i := range qs {
		out[i] = toQuotaJSON(&qs[i])
	}
	return out
}

func (s *Server) apiOpenings(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	if n <= 0 || n > 100 {
		n = 10
	}
	if _, err := s.ops.cal.VisibleRoom(r.Context(), u, id); err != nil {
		return err
	}
	os, err := s.ops.cal.NextOpenings(r.Context(), id, n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"openings": toOpenings(os)})
	return nil
}

// apiGuard answers whether a minor's session may run in the room at a time
// (now when at is empty), with the rule when it may not.
func (s *Server) apiGuard(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.ops.cal.VisibleRoom(r.Context(), u, id); err != nil {
		return err
	}
	when := s.now()
	if v := r.URL.Query().Get("at"); v != "" {
		if when, err = calendar.ParseLocal("at", v); err != nil {
			return err
		}
	}
	err = s.ops.cal.CheckMinorSession(r.Context(), id, when)
	if err != nil && zhixi.ErrorCode(err) != zhixi.EFORBIDDEN {
		return err
	}
	out := map[string]any{"allowed": err == nil}
	if err != nil {
		out["message"] = message(err)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSettings(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, _, err := s.ops.cal.ManagedRoom(r.Context(), u, id); err != nil {
		return err
	}
	st, err := s.ops.cal.Settings(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"settings": calendar.InputOf(st)})
	return nil
}

func (s *Server) apiSettingsSave(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in calendar.SettingsInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st, err := s.ops.cal.SaveSettings(s.actx(r), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"settings": calendar.InputOf(st)})
	return nil
}

// apiCalendar lists a room's closures and other uses in [from, to) (dates,
// default: the coming 90 days).
func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, _, err := s.ops.cal.ManagedRoom(ctx, u, id); err != nil {
		return err
	}
	from, to := s.now(), s.now().AddDate(0, 0, 90)
	q := r.URL.Query()
	if v := q.Get("from"); v != "" {
		if from, err = calendar.ParseLocal("from", v+"T00:00"); err != nil {
			return err
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = calendar.ParseLocal("to", v+"T00:00"); err != nil {
			return err
		}
	}
	os, err := s.ops.cal.Openings(ctx, id, from, to)
	if err != nil {
		return err
	}
	cl, err := s.store.Closures(ctx, id, from, to)
	if err != nil {
		return err
	}
	uses, err := s.store.SpaceUses(ctx, id, from, to)
	if err != nil {
		return err
	}
	closures := make([]closureJSON, len(cl))
	for i, c := range cl {
		closures[i] = closureJSON{c.ID, c.Start.UTC(), c.End.UTC(), c.Reason}
	}
	writeJSON(w, http.StatusOK, map[string]any{"openings": toOpenings(os), "closures": closures, "uses": toSpaceUses(uses)})
	return nil
}

func toSpaceUses(us []zhixi.SpaceUse) []spaceUseJSON {
	out := make([]spaceUseJSON, len(us))
	for i, u := range us {
		out[i] = spaceUseJSON{u.ID, u.Kind, u.Title, u.Organiser, u.Start.UTC(), u.End.UTC(), u.ExpectedPeople}
	}
	return out
}

func (s *Server) apiClosureCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in calendar.ClosureInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.ops.cal.AddClosure(s.actx(r), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"closure": closureJSON{c.ID, c.Start.UTC(), c.End.UTC(), c.Reason}})
	return nil
}

func (s *Server) apiClosureCancel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		ClosureID int64 `json:"closure_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.ops.cal.CancelClosure(s.actx(r), u, id, in.ClosureID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiSpaceUseCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in calendar.SpaceUseInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	use, err := s.ops.cal.AddSpaceUse(s.actx(r), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"use": toSpaceUses([]zhixi.SpaceUse{*use})[0]})
	return nil
}

func (s *Server) apiSpaceUseCancel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		UseID int64 `json:"use_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.ops.cal.CancelSpaceUse(s.actx(r), u, id, in.UseID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiHolidays(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	h, notices, err := s.ops.cal.Holidays(r.Context())
	if err != nil {
		return err
	}
	missing, err := s.ops.cal.MissingYear(r.Context())
	if err != nil {
		return err
	}
	type dayJSON struct {
		Date string `json:"date"`
		Kind string `json:"kind"`
		Name string `json:"name"`
	}
	days := []dayJSON{}
	for _, d := range h {
		days = append(days, dayJSON{d.Day, d.Kind, d.Name})
	}
	years := map[string]string{}
	for y, n := range notices {
		years[strconv.Itoa(y)] = n
	}
	out := map[string]any{"years": years, "days": days}
	if missing != 0 {
		out["missing_year"] = missing
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiHolidayImport(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	var in struct {
		YAML string `json:"yaml"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	y, err := s.ops.cal.ImportHolidays(s.actx(r), u, in.YAML)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"year": y.Year, "notice": y.Notice, "days": len(y.Days)})
	return nil
}

func (s *Server) apiBook(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in booking.BookInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	b, err := s.ops.booking.Book(s.actx(r), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"booking": toBookingJSON(b)})
	return nil
}

func (s *Server) apiRoomDay(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.ops.booking.RoomDay(r.Context(), u, id, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	out := map[string]any{"capacity": d.Capacity, "bookings": toBookings(d.Bookings),
		"in_room": toAttendances(d.Open), "today": toAttendances(d.Today)}
	if d.Slot != nil {
		out["slot"] = toOpenings([]calendar.Opening{*d.Slot})[0]
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiGuardianBookings(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	bs, err := s.ops.booking.GuardianBookings(r.Context(), u, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"bookings": toBookings(bs)})
	return nil
}

func (s *Server) apiBookingCancel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	var in struct {
		BookingID int64 `json:"booking_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	promoted, err := s.ops.booking.Cancel(s.actx(r), u, in.BookingID)
	if err != nil {
		return err
	}
	out := map[string]any{"cancelled": in.BookingID}
	if promoted != nil {
		out["promoted_booking_id"] = promoted.ID
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCheckIn(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in booking.CheckInInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	x, err := s.ops.booking.CheckIn(s.actx(r), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"attendance": toAttendanceJSON(x)})
	return nil
}

func (s *Server) apiCheckOut(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		AttendanceID int64 `json:"attendance_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	x, err := s.ops.booking.CheckOut(s.actx(r), u, id, in.AttendanceID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"attendance": toAttendanceJSON(x)})
	return nil
}

func (s *Server) apiPresence(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Start bool `json:"start"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.ops.booking.Presence(s.actx(r), u, id, in.Start); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiQuotaFamily(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	qs, err := s.ops.quota.Family(s.actx(r), u, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"applications": toQuotas(qs)})
	return nil
}

func (s *Server) apiQuotaApply(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	var in quota.ApplyInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q, err := s.ops.quota.Apply(s.actx(r), u, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"application": toQuotaJSON(q)})
	return nil
}

func (s *Server) apiQuotaBoard(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	b, err := s.ops.quota.CommunityBoard(r.Context(), u, id, year, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": b.Year, "places": b.Places, "used": b.Used,
		"categories": b.Categories, "applications": toQuotas(b.Applications)})
	return nil
}

func (s *Server) apiQuotaPlaces(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Year   int `json:"year"`
		Places int `json:"places"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.ops.quota.SetPlaces(s.actx(r), u, id, in.Year, in.Places); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": in.Year, "places": in.Places})
	return nil
}

func (s *Server) apiQuotaDecide(op string) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in quota.Decision
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		q, err := s.ops.quota.Decide(s.actx(r), u, id, in.ApplicationID, op, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"application": toQuotaJSON(q)})
		return nil
	}
}
