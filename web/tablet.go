package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/board"
)

// Students on shared room tablets never type a password: the room's
// supervisor taps a student on the room page of a tablet to hand it over,
// or shows a 6-digit code the student types on a tablet at /tablet.

func (s *Server) tabletRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /tablet", s.handleTabletForm)
	s.page(mux, "POST /tablet", s.handleTabletSignIn)
	s.page(mux, "POST /rooms/{id}/tablet-codes", s.authed(s.handleTabletCode))
	s.page(mux, "POST /rooms/{id}/tablet-handover", s.authed(s.handleTabletHandover))
	s.api(mux, "POST /api/v1/rooms/{id}/tablet-codes", s.authed(s.apiTabletCode))
	s.api(mux, "POST /api/v1/tablet/sign-in", s.apiTabletSignIn)
}

// startSession logs u in on this device. A tablet session (roomID set)
// has its own idle lifetime. Any session the device had ends first, so the
// next student never inherits the previous one's.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *zhixi.User, roomID int64, idle time.Duration) error {
	token, expires, err := s.accounts.DeviceSession(r.Context(), s.request(r), u, roomID, idle, sessionToken(r))
	if err != nil {
		return err
	}
	// A tablet cookie lives in the browser only: closing it ends the
	// session there as well.
	c := &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
	if roomID == 0 {
		c.Expires = expires
	}
	http.SetCookie(w, c)
	return nil
}

func (s *Server) handleTabletForm(w http.ResponseWriter, r *http.Request) error {
	if u := userFromContext(r); u != nil && u.Role == zhixi.RoleStudent {
		http.Redirect(w, r, "/me", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "tablet", nil)
	return nil
}

func (s *Server) handleTabletSignIn(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	code := r.PostForm.Get("code")
	u, c, err := s.tablet.SignIn(r.Context(), code, s.clientIP(r))
	if err != nil {
		st, ok := formFault(err, http.StatusNotFound)
		if !ok {
			return err
		}
		s.render(w, r, st, "tablet", map[string]any{"Code": code, "Error": message(err)})
		return nil
	}
	if err := s.startSession(w, r, u, c.RoomID, zhixi.TabletIdle); err != nil {
		return err
	}
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}

// formStudent reads the student a supervisor tapped; the action refuses
// a missing one after checking the room, so a stranger learns nothing.
func formStudent(r *http.Request) (int64, error) {
	if err := r.ParseForm(); err != nil {
		return 0, zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	id, _ := strconv.ParseInt(r.PostForm.Get("student_id"), 10, 64)
	return id, nil
}

// handleTabletCode shows the supervisor a code for one student.
func (s *Server) handleTabletCode(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	roomID, err := pathID(r)
	if err != nil {
		return err
	}
	sid, err := formStudent(r)
	if err != nil {
		return err
	}
	code, c, err := s.tablet.Code(r.Context(), s.actor(r, u), roomID, sid)
	if err != nil {
		return err
	}
	data, err := s.roomData(r, u, roomID)
	if err != nil {
		return err
	}
	st, err := s.store.Student(r.Context(), sid)
	if err != nil {
		return err
	}
	data["TabletCode"], data["CodeFor"], data["CodeUntil"] = code, st, c.ExpiresAt
	s.render(w, r, http.StatusCreated, "room", data)
	return nil
}

// handleTabletHandover is the one-tap sign-in: on a tablet where the
// supervisor has the room page open, tapping a student ends the
// supervisor's session there and the tablet shows that student.
func (s *Server) handleTabletHandover(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	roomID, err := pathID(r)
	if err != nil {
		return err
	}
	sid, err := formStudent(r)
	if err != nil {
		return err
	}
	student, err := s.tablet.Handover(r.Context(), s.actor(r, u), roomID, sid)
	if err != nil {
		return err
	}
	if err := s.startSession(w, r, student, roomID, zhixi.TabletIdle); err != nil {
		return err
	}
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}

func (s *Server) apiTabletCode(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	roomID, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		StudentID int64 `json:"student_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	code, c, err := s.tablet.Code(r.Context(), s.actor(r, u), roomID, in.StudentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"code": code, "expires_at": c.ExpiresAt, "student_id": c.StudentID, "room_id": c.RoomID})
	return nil
}

func (s *Server) apiTabletSignIn(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Code string `json:"code"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, c, err := s.tablet.SignIn(r.Context(), in.Code, s.clientIP(r))
	if err != nil {
		return err
	}
	if err := s.startSession(w, r, u, c.RoomID, zhixi.TabletIdle); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": toUserJSON(u), "room_id": c.RoomID})
	return nil
}

// roomData is what the room page shows: the room, the communities it
// serves and, for its supervisors, the students they can sign in.
func (s *Server) roomData(r *http.Request, u *zhixi.User, id int64) (map[string]any, error) {
	ctx := r.Context()
	room, err := s.store.Room(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := s.store.Community(ctx, room.CommunityID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanSeeRoom(u, room, c) {
		return nil, zhixi.Hidden()
	}
	served, err := s.roomCommunities(ctx, room)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Room": room, "Community": c, "Served": served}
	// Who runs the room (its supervisors, its communities' staff) sees the
	// served communities' children once, for tablets and the desk alike.
	if zhixi.CanRunRoom(u, room) {
		kids, err := s.family.RoomStudents(ctx, s.actor(r, u), room.ID)
		if err != nil {
			return nil, err
		}
		data["Students"], data["CanSupervise"] = kids, zhixi.CanSuperviseRoom(u, room)
	}
	if err := s.roomDesk(r, u, room, data); err != nil {
		return nil, err
	}
	data["Today"] = s.now().In(beijing).Format("2006-01-02")
	if board.CanWatch(u, room) {
		if data["V"], err = s.boards.Open(ctx, u, id, s.clientIP(r)); err != nil {
			return nil, err
		}
	}
	return data, nil
}
