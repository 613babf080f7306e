package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/activity"
	"github.com/zhixi-org/zhixi/booking"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/ledger"
	"github.com/zhixi-org/zhixi/quota"
)

// RoomStore is what running the room needs from storage beyond the rest
// of Store.
type RoomStore interface {
	zhixi.CalendarService
	zhixi.BookingService
	zhixi.QuotaService
	zhixi.JobService
	zhixi.LedgerService
	zhixi.ActivityService
}

// roomOps are the services of running the room: calendar, bookings and
// attendance, 公益名额.
type roomOps struct {
	cal     *calendar.Service
	booking *booking.Service
	quota   *quota.Service
	ledger  *ledger.Service
	act     *activity.Service
}

func init() {
	funcs["opening"] = func(o calendar.Opening) string {
		s := o.Start.In(calendar.Beijing)
		return fmt.Sprintf("%d月%d日 %s %s–%s", s.Month(), s.Day(), calendar.WeekdayName(int(s.Weekday())),
			s.Format("15:04"), o.End.In(calendar.Beijing).Format("15:04"))
	}
	funcs["slotValue"] = func(t time.Time) string { return t.In(calendar.Beijing).Format("2006-01-02T15:04") }
	funcs["clock"] = func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(calendar.Beijing).Format("15:04")
	}
	funcs["weekdayName"] = calendar.WeekdayName
	funcs["t"] = func(key string) string { return translate(key) }
	funcs["neg"] = func(n int) int { return -n }
}

// roomRoutes registers the pages and API of running the room.
func (s *Server) roomRoutes(mux *http.ServeMux) {
	s.ops = &roomOps{cal: calendar.NewService(s.store, s.now)}
	s.learning.Hours = s.ops.cal // the compliance guard on room tablets
	s.ops.booking = booking.NewService(s.store, s.ops.cal)
	s.ops.booking.EndSessions = s.tablet.EndStudent
	s.ops.quota = quota.NewService(s.store, s.now)
	s.ops.ledger = ledger.NewService(s.store, s.ops.cal, s.ops.quota.PlacesOf)
	// Eligible students are those of the screening's configured grades.
	if p := s.learning.Policy; p.MinGrade > 0 {
		s.ops.ledger.MinGrade = p.MinGrade
	}
	if p := s.learning.Policy; p.MaxGrade > 0 {
		s.ops.ledger.MaxGrade = p.MaxGrade
	}
	s.ops.act = activity.NewService(s.store, s.ops.cal)
	s.ledgerRoutes(mux)
	s.activityRoutes(mux)
	s.guardianActivityRoutes(mux)

	s.page(mux, "GET /rooms/{id}/calendar", s.authed(s.handleRoomCalendar))
	s.page(mux, "POST /rooms/{id}/settings", s.authed(s.handleRoomSettings))
	s.page(mux, "POST /rooms/{id}/closures", s.authed(s.handleClosureCreate))
	s.page(mux, "POST /rooms/{id}/closures/cancel", s.authed(s.handleClosureCancel))
	s.page(mux, "POST /rooms/{id}/uses", s.authed(s.handleSpaceUseCreate))
	s.page(mux, "POST /rooms/{id}/uses/cancel", s.authed(s.handleSpaceUseCancel))
	s.page(mux, "POST /rooms/{id}/holidays", s.authed(s.handleHolidayImport))
	s.page(mux, "POST /rooms/{id}/bookings", s.authed(s.handleRoomBook))
	s.page(mux, "POST /rooms/{id}/bookings/cancel", s.authed(s.handleRoomBookingCancel))
	s.page(mux, "POST /rooms/{id}/checkins", s.authed(s.handleCheckIn))
	s.page(mux, "POST /rooms/{id}/checkouts", s.authed(s.handleCheckOut))
	s.page(mux, "POST /rooms/{id}/presence", s.authed(s.handlePresence))
	s.page(mux, "GET /guardian/bookings", s.authed(s.handleGuardianBookings))
	s.page(mux, "POST /guardian/bookings", s.authed(s.handleGuardianBook))
	s.page(mux, "POST /guardian/bookings/cancel", s.authed(s.handleGuardianCancel))
	s.page(mux, "POST /guardian/quota", s.authed(s.handleGuardianQuotaApply))
	s.page(mux, "GET /communities/{id}/quota", s.authed(s.handleQuotaBoard))
	s.page(mux, "POST /communities/{id}/quota", s.authed(s.handleQuotaApply))
	s.page(mux, "POST /communities/{id}/quota/places", s.authed(s.handleQuotaPlaces))
	for _, op := range quotaOps {
		s.page(mux, "POST /communities/{id}/quota/"+op, s.authed(s.handleQuotaDecide(op)))
		s.api(mux, "POST /api/v1/communities/{id}/quota/"+op, s.authed(s.apiQuotaDecide(op)))
	}

	s.api(mux, "GET /api/v1/rooms/{id}/openings", s.authed(s.apiOpenings))
	s.api(mux, "GET /api/v1/rooms/{id}/guard", s.authed(s.apiGuard))
	s.api(mux, "GET /api/v1/rooms/{id}/settings", s.authed(s.apiSettings))
	s.api(mux, "PUT /api/v1/rooms/{id}/settings", s.authed(s.apiSettingsSave))
	s.api(mux, "GET /api/v1/rooms/{id}/calendar", s.authed(s.apiCalendar))
	s.api(mux, "POST /api/v1/rooms/{id}/closures", s.authed(s.apiClosureCreate))
	s.api(mux, "POST /api/v1/rooms/{id}/closures/cancel", s.authed(s.apiClosureCancel))
	s.api(mux, "POST /api/v1/rooms/{id}/uses", s.authed(s.apiSpaceUseCreate))
	s.api(mux, "POST /api/v1/rooms/{id}/uses/cancel", s.authed(s.apiSpaceUseCancel))
	s.api(mux, "GET /api/v1/holidays", s.authed(s.apiHolidays))
	s.api(mux, "POST /api/v1/holidays", s.authed(s.apiHolidayImport))
	s.api(mux, "POST /api/v1/rooms/{id}/bookings", s.authed(s.apiBook))
	s.api(mux, "GET /api/v1/rooms/{id}/day", s.authed(s.apiRoomDay))
	s.api(mux, "GET /api/v1/bookings", s.authed(s.apiGuardianBookings))
	s.api(mux, "POST /api/v1/bookings/cancel", s.authed(s.apiBookingCancel))
	s.api(mux, "POST /api/v1/rooms/{id}/checkins", s.authed(s.apiCheckIn))
	s.api(mux, "POST /api/v1/rooms/{id}/checkouts", s.authed(s.apiCheckOut))
	s.api(mux, "POST /api/v1/rooms/{id}/presence", s.authed(s.apiPresence))
	s.api(mux, "GET /api/v1/quota", s.authed(s.apiQuotaFamily))
	s.api(mux, "POST /api/v1/quota", s.authed(s.apiQuotaApply))
	s.api(mux, "GET /api/v1/communities/{id}/quota", s.authed(s.apiQuotaBoard))
	s.api(mux, "PUT /api/v1/communities/{id}/quota/places", s.authed(s.apiQuotaPlaces))
}

// actx is the request's context carrying the client address for the
// audit rows actions write.
func (s *Server) actx(r *http.Request) context.Context {
	return zhixi.WithClientIP(r.Context(), s.clientIP(r))
}

// quotaOps are the staff's decisions on a 公益名额 application.
var quotaOps = []string{"verify", "approve", "reject", "release"}

// formNumber reads a signed integer field of a posted form (a select
// offers -1 for "closed"); empty is 0, anything else not a number is
// EINVALID naming the field.
func formNumber(r *http.Request, name, label string) (int, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, zhixi.Errorf(zhixi.EINVALID, "err.not_a_number", label, v)
	}
	return n, nil
}

// userFault reports whether err is the user's to fix (shown on the form
// with what they typed) rather than a fault of the server.
func userFault(err error) bool {
	switch zhixi.ErrorCode(err) {
	case zhixi.EINVALID, zhixi.ECONFLICT:
		return true
	}
	return false
}

// formDone answers a form: on success back to the page (PRG), so a reload
// does not submit again; on a user's error the page again with the message
// and the typed values under the form's name.
func (s *Server) formDone(w http.ResponseWriter, r *http.Request, err error, back string, page func(data map[string]any) error) error {
	if err == nil {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if !userFault(err) || zhixi.IsDenial(err) {
		return err // the error page; a refusal is audited there
	}
	return page(map[string]any{"Error": message(err), "Failed": r.PostForm.Get("form"), "Form": r.PostForm, "Status": statusOf[zhixi.ErrorCode(err)]})
}

// idPage renders the page of record id with a form's data.
type idPage func(w http.ResponseWriter, r *http.Request, u *zhixi.User, id int64, data map[string]any) error

// idForm runs the action of a form posted to a record's path ({id}) and
// answers on the record's page (back, with %d for the id); guardians post
// from their own page and see the answer there.
func (s *Server) idForm(w http.ResponseWriter, r *http.Request, u *zhixi.User, back string, page idPage, act func(ctx context.Context, id int64) error) error {
	id, err := roomForm(r)
	if err != nil {
		return err
	}
	err = act(s.actx(r), id)
	if u.Role == zhixi.RoleGuardian {
		return s.formDone(w, r, err, "/guardian/bookings", func(data map[string]any) error { return s.guardianPage(w, r, u, data) })
	}
	return s.formDone(w, r, err, fmt.Sprintf(back, id), func(data map[string]any) error { return page(w, r, u, id, data) })
}

// formData is a page's data with an empty form and status 200 unless a
// failed form set them.
func formData(data map[string]any) map[string]any {
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["Form"]; !ok {
		data["Form"] = url.Values{}
	}
	if _, ok := data["Status"]; !ok {
		data["Status"] = http.StatusOK
	}
	return data
}

// --- Calendar pages ---

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request, u *zhixi.User, roomID int64, data map[string]any) error {
	ctx := r.Context()
	room, _, err := s.ops.cal.ManagedRoom(ctx, u, roomID)
	if err != nil {
		return err
	}
	st, err := s.ops.cal.Settings(ctx, room.ID)
	if err != nil {
		return err
	}
	now := s.now()
	openings, err := s.ops.cal.NextOpenings(ctx, room.ID, 12)
	if err != nil {
		return err
	}
	closures, err := s.store.Closures(ctx, room.ID, now.AddDate(0, 0, -1), now.AddDate(1, 0, 0))
	if err != nil {
		return err
	}
	uses, err := s.store.SpaceUses(ctx, room.ID, now.AddDate(0, 0, -7), now.AddDate(0, 3, 0))
	if err != nil {
		return err
	}
	_, notices, err := s.ops.cal.Holidays(ctx)
	if err != nil {
		return err
	}
	missing, err := s.ops.cal.MissingYear(ctx)
	if err != nil {
		return err
	}
	data = formData(data)
	data["Room"], data["Settings"], data["Input"] = room, st, calendar.InputOf(st)
	data["Openings"], data["Closures"], data["Uses"] = openings, closures, uses
	data["Notices"], data["MissingYear"], data["Kinds"] = notices, missing, calendar.SpaceKinds
	data["Weekdays"] = []int{1, 2, 3, 4, 5, 6, 0}
	s.render(w, r, data["Status"].(int), "roomcal", data)
	return nil
}

func (s *Server) handleRoomCalendar(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.calendarPage(w, r, u, id, nil)
}

// settingsForm reads the settings form.
func settingsForm(r *http.Request) (calendar.SettingsInput, error) {
	var in calendar.SettingsInput
	for wd := range 7 {
		in.Week[wd] = r.PostForm.Get(fmt.Sprintf("week%d", wd))
	}
	var err error
	if in.WalkInSeats, err = formNumber(r, "walkin_seats", "预留散客座位"); err != nil {
		return in, err
	}
	if in.CancelMinutes, err = formNumber(r, "cancel_minutes", "提前取消（分钟）"); err != nil {
		return in, err
	}
	if in.HolidayWeekday, err = formNumber(r, "holiday_weekday", "法定节假日"); err != nil {
		return in, err
	}
	if in.MakeupWeekday, err = formNumber(r, "makeup_weekday", "调休上班日"); err != nil {
		return in, err
	}
	in.LatestTime = r.PostForm.Get("latest_time")
	in.OpenStudy = r.PostForm.Get("open_study") == "1"
	return in, nil
}

// roomForm parses a form posted to /rooms/{id}/...
func roomForm(r *http.Request) (int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, err
	}
	if err := r.ParseForm(); err != nil {
		return 0, zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	return id, nil
}

// calendarForm runs a calendar form's action and answers it.
func (s *Server) calendarForm(w http.ResponseWriter, r *http.Request, u *zhixi.User, act func(ctx context.Context, id int64) error) error {
	return s.idForm(w, r, u, "/rooms/%d/calendar", s.calendarPage, act)
}

func (s *Server) handleRoomSettings(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.calendarForm(w, r, u, func(ctx context.Context, id int64) error {
		in, err := settingsForm(r)
		if err == nil {
			_, err = s.ops.cal.SaveSettings(ctx, u, id, in)
		}
		return err
	})
}

func (s *Server) handleClosureCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.calendarForm(w, r, u, func(ctx context.Context, id int64) error {
		_, err := s.ops.cal.AddClosure(ctx, u, id, calendar.ClosureInput{Start: r.PostForm.Get("start"), End: r.PostForm.Get("end"), Reason: r.PostForm.Get("reason")})
		return err
	})
}

func (s *Server) handleClosureCancel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.calendarForm(w, r, u, func(ctx context.Context, id int64) error {
		cid, err := formNumber(r, "closure_id", "闭馆记录")
		if err == nil {
			err = s.ops.cal.CancelClosure(ctx, u, id, int64(cid))
		}
		return err
	})
}

func (s *Server) handleSpaceUseCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.calendarForm(w, r, u, func(ctx context.Context, id int64) error {
		people, err := formNumber(r, "expected_people", "预计人数")
		if err != nil {
			return err
		}
		_, err = s.ops.cal.AddSpaceUse(ctx, u, id, calendar.SpaceUseInput{Kind: r.PostForm.Get("kind"), Title: r.PostForm.Get("title"),
			Organiser: r.PostForm.Get("organiser"), Start: r.PostForm.Get("start"), End: r.PostForm.Get("end"), ExpectedPeople: people})
		return err
	})
}

func (s *Server) handleSpaceUseCancel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.calendarForm(w, r, u, func(ctx context.Context, id int64) error {
		cid, err := formNumber(r, "use_id", "场地使用记录")
		if err == nil {
			err = s.ops.cal.CancelSpaceUse(ctx, u, id, int64(cid))
		}
		return err
	})
}

func (s *Server) handleHolidayImport(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.calendarForm(w, r, u, func(ctx context.Context, id int64) error {
		if _, _, err := s.ops.cal.ManagedRoom(ctx, u, id); err != nil {
			return err
		}
		_, err := s.ops.cal.ImportHolidays(ctx, u, r.PostForm.Get("yaml"))
		return err
	})
}

// --- The room page: openings, today's bookings, check-in and check-out ---

// roomDesk adds what the room page shows about opening hours and, to
// those who run the room, the day's bookings and attendance (the children
// to check in are roomData's Students).
func (s *Server) roomDesk(r *http.Request, u *zhixi.User, room *zhixi.Room, data map[string]any) error {
	ctx := r.Context()
	openings, err := s.ops.cal.NextOpenings(ctx, room.ID, 6)
	if err != nil {
		return err
	}
	data["Openings"] = openings
	if !zhixi.CanRunRoom(u, room) {
		return nil
	}
	day, err := s.ops.booking.RoomDay(ctx, u, room.ID, zhixi.ViaPage)
	if err != nil {
		return err
	}
	data["Day"], data["CanRun"] = day, true
	data["CanManage"] = zhixi.CanManageRoom(u, room)
	for _, p := range day.Presences {
		if p.UserID == u.ID && p.EndedAt.IsZero() {
			data["Present"] = true
		}
	}
	return nil
}

// roomPage renders the room page with a form's error.
func (s *Server) roomPage(w http.ResponseWriter, r *http.Request, u *zhixi.User, roomID int64, data map[string]any) error {
	page, err := s.roomData(r, u, roomID)
	if err != nil {
		return err
	}
	for k, v := range formData(data) {
		page[k] = v
	}
	s.render(w, r, page["Status"].(int), "room", page)
	return nil
}

// deskForm runs a room-page form's action and answers it.
func (s *Server) deskForm(w http.ResponseWriter, r *http.Request, u *zhixi.User, act func(ctx context.Context, id int64) error) error {
	return s.idForm(w, r, u, "/rooms/%d#desk", s.roomPage, act)
}

func (s *Server) handleRoomBook(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.deskForm(w, r, u, func(ctx context.Context, id int64) error {
		sid, err := formNumber(r, "student_id", "孩子")
		if err != nil {
			return err
		}
		_, err = s.ops.booking.Book(ctx, u, id, booking.BookInput{StudentID: int64(sid), Kind: r.PostForm.Get("kind"), Slot: r.PostForm.Get("slot")})
		return err
	})
}

func (s *Server) handleRoomBookingCancel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.deskForm(w, r, u, func(ctx context.Context, id int64) error {
		bid, err := formNumber(r, "booking_id", "预约")
		if err == nil {
			_, err = s.ops.booking.CancelInRoom(ctx, u, id, int64(bid))
		}
		return err
	})
}

func (s *Server) handleCheckIn(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.deskForm(w, r, u, func(ctx context.Context, id int64) error {
		bid, err := formNumber(r, "booking_id", "预约")
		if err != nil {
			return err
		}
		sid, err := formNumber(r, "student_id", "孩子")
		if err != nil {
			return err
		}
		_, err = s.ops.booking.CheckIn(ctx, u, id, booking.CheckInInput{BookingID: int64(bid), StudentID: int64(sid)})
		return err
	})
}

func (s *Server) handleCheckOut(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.deskForm(w, r, u, func(ctx context.Context, id int64) error {
		aid, err := formNumber(r, "attendance_id", "签到记录")
		if err == nil {
			_, err = s.ops.booking.CheckOut(ctx, u, id, int64(aid))
		}
		return err
	})
}

func (s *Server) handlePresence(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.deskForm(w, r, u, func(ctx context.Context, id int64) error {
		return s.ops.booking.Presence(ctx, u, id, r.PostForm.Get("start") == "1")
	})
}

// --- Guardians' phones: openings, bookings, 公益名额 ---

func (s *Server) guardianPage(w http.ResponseWriter, r *http.Request, u *zhixi.User, data map[string]any) error {
	if u.Role != zhixi.RoleGuardian {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	ctx := r.Context()
	kids, err := s.store.Students(ctx, zhixi.StudentFilter{GuardianID: u.ID})
	if err != nil {
		return err
	}
	type roomView struct {
		Room     zhixi.Room
		Openings []calendar.Opening
	}
	var rooms []roomView
	seen := map[int64]bool{}
	for _, k := range kids {
		list, err := s.ops.cal.RoomsServing(ctx, k.CommunityID)
		if err != nil {
			return err
		}
		for _, room := range list {
			if seen[room.ID] {
				continue
			}
			seen[room.ID] = true
			os, err := s.ops.cal.NextOpenings(ctx, room.ID, 8)
			if err != nil {
				return err
			}
			rooms = append(rooms, roomView{room, os})
		}
	}
	bookings, err := s.ops.booking.GuardianBookings(ctx, u, zhixi.ViaPage)
	if err != nil {
		return err
	}
	places, err := s.ops.quota.Family(ctx, u, zhixi.ViaPage)
	if err != nil {
		return err
	}
	data = formData(data)
	data["Students"], data["Rooms"], data["Bookings"], data["Places"] = kids, rooms, bookings, places
	data["Categories"] = s.ops.quota.Categories
	s.render(w, r, data["Status"].(int), "guardian_bookings", data)
	return nil
}

func (s *Server) handleGuardianBookings(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.guardianPage(w, r, u, nil)
}

// guardianForm runs a guardian's form action and answers it.
func (s *Server) guardianForm(w http.ResponseWriter, r *http.Request, u *zhixi.User, act func(ctx context.Context) error) error {
	if u.Role != zhixi.RoleGuardian {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	err := act(s.actx(r))
	return s.formDone(w, r, err, "/guardian/bookings", func(data map[string]any) error { return s.guardianPage(w, r, u, data) })
}

func (s *Server) handleGuardianBook(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.guardianForm(w, r, u, func(ctx context.Context) error {
		sid, err := formNumber(r, "student_id", "孩子")
		if err != nil {
			return err
		}
		room, err := formNumber(r, "room_id", "智习室")
		if err != nil {
			return err
		}
		if room == 0 {
			return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "智习室")
		}
		_, err = s.ops.booking.Book(ctx, u, int64(room), booking.BookInput{StudentID: int64(sid), Kind: r.PostForm.Get("kind"), Slot: r.PostForm.Get("slot")})
		return err
	})
}

func (s *Server) handleGuardianCancel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.guardianForm(w, r, u, func(ctx context.Context) error {
		id, err := formNumber(r, "booking_id", "预约")
		if err == nil {
			_, err = s.ops.booking.Cancel(ctx, u, int64(id))
		}
		return err
	})
}

func (s *Server) handleGuardianQuotaApply(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.guardianForm(w, r, u, func(ctx context.Context) error {
		sid, err := formNumber(r, "student_id", "孩子")
		if err == nil {
			_, err = s.ops.quota.Apply(ctx, u, quota.ApplyInput{StudentID: int64(sid), Category: r.PostForm.Get("category"), Note: r.PostForm.Get("note")})
		}
		return err
	})
}

// --- 公益名额 for staff ---

func (s *Server) quotaPage(w http.ResponseWriter, r *http.Request, u *zhixi.User, cid int64, data map[string]any) error {
	ctx := r.Context()
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	b, err := s.ops.quota.CommunityBoard(ctx, u, cid, year, zhixi.ViaPage)
	if err != nil {
		return err
	}
	kids, err := s.store.Students(ctx, zhixi.StudentFilter{CommunityID: cid})
	if err != nil {
		return err
	}
	data = formData(data)
	data["Board"], data["Students"] = b, kids
	s.render(w, r, data["Status"].(int), "quota", data)
	return nil
}

func (s *Server) handleQuotaBoard(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.quotaPage(w, r, u, id, nil)
}

// quotaForm runs a 公益名额 form's action and answers it.
func (s *Server) quotaForm(w http.ResponseWriter, r *http.Request, u *zhixi.User, act func(ctx context.Context, cid int64) error) error {
	return s.idForm(w, r, u, "/communities/%d/quota", s.quotaPage, act)
}

func (s *Server) handleQuotaApply(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.quotaForm(w, r, u, func(ctx context.Context, cid int64) error {
		sid, err := formNumber(r, "student_id", "孩子")
		if err == nil {
			_, err = s.ops.quota.ApplyInCommunity(ctx, u, cid, quota.ApplyInput{StudentID: int64(sid), Category: r.PostForm.Get("category"), Note: r.PostForm.Get("note")})
		}
		return err
	})
}

func (s *Server) handleQuotaPlaces(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.quotaForm(w, r, u, func(ctx context.Context, cid int64) error {
		places, err := formNumber(r, "places", "名额数")
		if err != nil {
			return err
		}
		year, err := formNumber(r, "year", "年份")
		if err == nil {
			err = s.ops.quota.SetPlaces(ctx, u, cid, year, places)
		}
		return err
	})
}

func (s *Server) handleQuotaDecide(op string) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		return s.quotaForm(w, r, u, func(ctx context.Context, cid int64) error {
			id, err := formNumber(r, "application_id", "申请")
			if err != nil {
				return err
			}
			year, err := formNumber(r, "certificate_year", "证明有效年份")
			if err != nil {
				return err
			}
			_, err = s.ops.quota.Decide(ctx, u, cid, int64(id), op, quota.Decision{Category: r.PostForm.Get("category"),
				CertificateType: r.PostForm.Get("certificate_type"), CertificateYear: year, Reason: r.PostForm.Get("reason")})
			return err
		})
	}
}
