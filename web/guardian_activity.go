package web

import (
	"context"
	"net/http"

	"github.com/zhixi-org/zhixi"
)

// The guardians' holiday activities (节假日活动) on the phone: the upcoming
// activities of the rooms serving their children, registering (a place or
// the waiting list) and cancelling. The forms call the same actions as
// POST /api/v1/rooms/{id}/registrations/register and .../cancel.

func (s *Server) guardianActivityRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /guardian/activities", s.authed(s.handleGuardianActivities))
	s.page(mux, "POST /guardian/activities", s.authed(s.handleGuardianActivityRegister))
	s.page(mux, "POST /guardian/activities/cancel", s.authed(s.handleGuardianActivityCancel))
	s.api(mux, "GET /api/v1/guardian/activities", s.authed(s.apiGuardianActivities))
}

func (s *Server) guardianActivityPage(w http.ResponseWriter, r *http.Request, u *zhixi.User, data map[string]any) error {
	list, err := s.ops.act.Family(r.Context(), u)
	if err != nil {
		return err
	}
	data = formData(data)
	data["Activities"], data["Message"] = list, notice(r, "msg")
	s.render(w, r, data["Status"].(int), "guardian_activities", data)
	return nil
}

func (s *Server) handleGuardianActivities(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.guardianActivityPage(w, r, u, nil)
}

// guardianActivityForm runs a registration form of the guardian's page
// and answers there: back to the list, or the list with the message and
// what was chosen.
func (s *Server) guardianActivityForm(w http.ResponseWriter, r *http.Request, u *zhixi.User, op string) error {
	if u.Role != zhixi.RoleGuardian {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	err := func(ctx context.Context) error {
		var in registrationInput
		room, err := formNumber(r, "room_id", "智习室")
		if err != nil {
			return err
		}
		if room == 0 {
			return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "智习室")
		}
		ids := []*int64{&in.ActivityID, &in.StudentID, &in.RegistrationID}
		for k, name := range []string{"activity_id", "student_id", "registration_id"} {
			n, err := formNumber(r, name, "编号")
			if err != nil {
				return err
			}
			*ids[k] = int64(n)
		}
		_, err = s.registrationOp(ctx, u, int64(room), op, in)
		return err
	}(s.actx(r))
	back := "/guardian/activities?msg=msg.activity_registered"
	if op == "cancel" {
		back = "/guardian/activities?msg=msg.activity_cancelled"
	}
	return s.formDone(w, r, err, back, func(data map[string]any) error { return s.guardianActivityPage(w, r, u, data) })
}

func (s *Server) handleGuardianActivityRegister(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.guardianActivityForm(w, r, u, "register")
}

func (s *Server) handleGuardianActivityCancel(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.guardianActivityForm(w, r, u, "cancel")
}

// apiGuardianActivities lists what the page shows.
func (s *Server) apiGuardianActivities(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	list, err := s.ops.act.Family(r.Context(), u)
	if err != nil {
		return err
	}
	type kidJSON struct {
		StudentID      int64  `json:"student_id"`
		Name           string `json:"name"`
		Age            int    `json:"age"`
		Eligible       bool   `json:"eligible"`
		RegistrationID int64  `json:"registration_id,omitempty"`
		Status         string `json:"status,omitempty"` // registered or waiting
		Position       int    `json:"position,omitempty"`
	}
	type itemJSON struct {
		activityJSON
		RoomName string    `json:"room_name"`
		Children []kidJSON `json:"children"`
	}
	out := []itemJSON{}
	for _, fa := range list {
		it := itemJSON{activityJSON: toActivityJSON(&fa.Activity), RoomName: fa.Room.Name, Children: []kidJSON{}}
		for _, k := range fa.Kids {
			kj := kidJSON{StudentID: k.Student.ID, Name: k.Student.Name, Age: k.Age, Eligible: !k.TooYoung && !k.TooOld}
			if reg := k.Registration; reg != nil {
				kj.RegistrationID, kj.Status, kj.Position = reg.ID, reg.Status, reg.Position
			}
			it.Children = append(it.Children, kj)
		}
		out = append(out, it)
	}
	writeJSON(w, http.StatusOK, map[string]any{"activities": out})
	return nil
}
