package web

import (
	"context"
	"net/http"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/activity"
)

func (s *Server) activityRoutes(mux *http.ServeMux) {
	s.page(mux, "GET /rooms/{id}/activities", s.authed(s.handleActivities))
	s.page(mux, "POST /rooms/{id}/activities", s.authed(s.handleActivityCreate))
	s.page(mux, "POST /rooms/{id}/activities/summary", s.authed(s.handleActivitySummary))
	s.page(mux, "POST /rooms/{id}/materials", s.authed(s.handleMaterialReceive))
	s.page(mux, "POST /rooms/{id}/materials/give", s.authed(s.handleMaterialGive))
	for _, op := range registrationOps {
		s.page(mux, "POST /rooms/{id}/registrations/"+op, s.authed(s.handleRegistrationOp(op)))
		s.api(mux, "POST /api/v1/rooms/{id}/registrations/"+op, s.authed(s.apiRegistrationOp(op)))
	}

	s.api(mux, "GET /api/v1/rooms/{id}/activities", s.authed(s.apiActivities))
	s.api(mux, "POST /api/v1/rooms/{id}/activities", s.authed(s.apiActivityCreate))
	s.api(mux, "POST /api/v1/rooms/{id}/activities/summary", s.authed(s.apiActivitySummary))
	s.api(mux, "GET /api/v1/rooms/{id}/materials", s.authed(s.apiMaterials))
	s.api(mux, "POST /api/v1/rooms/{id}/materials", s.authed(s.apiMaterialReceive))
	s.api(mux, "POST /api/v1/rooms/{id}/materials/give", s.authed(s.apiMaterialGive))
}

// registrationOps are what can be done with an activity registration:
// register (a new one), cancel, mark attended or absent.
var registrationOps = []string{"register", "cancel", "attended", "absent"}

// registrationInput is the body of a registration operation.
type registrationInput struct {
	ActivityID     int64 `json:"activity_id"`
	StudentID      int64 `json:"student_id"`
	RegistrationID int64 `json:"registration_id"`
}

// registrationOp runs one operation on an activity of room roomID.
func (s *Server) registrationOp(ctx context.Context, u *zhixi.User, roomID int64, op string, in registrationInput) (*zhixi.ActivityRegistration, error) {
	switch op {
	case "register":
		return s.ops.act.Register(ctx, u, roomID, in.ActivityID, in.StudentID)
	case "cancel":
		return s.ops.act.Cancel(ctx, u, roomID, in.ActivityID, in.RegistrationID)
	}
	return nil, s.ops.act.Attend(ctx, u, roomID, in.ActivityID, in.RegistrationID, op == "attended")
}

func (s *Server) activityPage(w http.ResponseWriter, r *http.Request, u *zhixi.User, roomID int64, data map[string]any) error {
	p, err := s.ops.act.RoomPage(s.actx(r), u, roomID, zhixi.ViaPage)
	if err != nil {
		return err
	}
	data = formData(data)
	data["P"], data["Kids"] = p, p.Kids
	s.render(w, r, data["Status"].(int), "activities", data)
	return nil
}

func (s *Server) handleActivities(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.activityPage(w, r, u, id, nil)
}

// activityForm runs an activities-page form's action and answers it.
func (s *Server) activityForm(w http.ResponseWriter, r *http.Request, u *zhixi.User, act func(ctx context.Context, roomID int64) error) error {
	return s.idForm(w, r, u, "/rooms/%d/activities", s.activityPage, act)
}

func (s *Server) handleActivityCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.activityForm(w, r, u, func(ctx context.Context, id int64) error {
		var in activity.Input
		var err error
		if in.MinAge, err = formNumber(r, "min_age", "最小年龄"); err != nil {
			return err
		}
		if in.MaxAge, err = formNumber(r, "max_age", "最大年龄"); err != nil {
			return err
		}
		if in.Capacity, err = formNumber(r, "capacity", "名额"); err != nil {
			return err
		}
		in.Title, in.Start, in.End = r.PostForm.Get("title"), r.PostForm.Get("start"), r.PostForm.Get("end")
		_, err = s.ops.act.Create(ctx, u, id, in)
		return err
	})
}

func (s *Server) handleRegistrationOp(op string) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		return s.activityForm(w, r, u, func(ctx context.Context, id int64) error {
			var in registrationInput
			ids := []*int64{&in.ActivityID, &in.StudentID, &in.RegistrationID}
			for k, name := range []string{"activity_id", "student_id", "registration_id"} {
				n, err := formNumber(r, name, "编号")
				if err != nil {
					return err
				}
				*ids[k] = int64(n)
			}
			_, err := s.registrationOp(ctx, u, id, op, in)
			return err
		})
	}
}

func (s *Server) handleActivitySummary(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.activityForm(w, r, u, func(ctx context.Context, id int64) error {
		aid, err := formNumber(r, "activity_id", "活动")
		if err == nil {
			err = s.ops.act.Summarise(ctx, u, id, int64(aid), r.PostForm.Get("summary"))
		}
		return err
	})
}

func (s *Server) handleMaterialReceive(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.activityForm(w, r, u, func(ctx context.Context, id int64) error {
		qty, err := formNumber(r, "quantity", "数量")
		if err == nil {
			_, err = s.ops.act.Receive(ctx, u, id, activity.ReceiveInput{Name: r.PostForm.Get("name"), Unit: r.PostForm.Get("unit"), Quantity: qty, Note: r.PostForm.Get("note")})
		}
		return err
	})
}

func (s *Server) handleMaterialGive(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	return s.activityForm(w, r, u, func(ctx context.Context, id int64) error {
		mid, err := formNumber(r, "material_id", "物品")
		if err != nil {
			return err
		}
		qty, err := formNumber(r, "quantity", "数量")
		if err != nil {
			return err
		}
		aid, err := formNumber(r, "activity_id", "活动")
		if err == nil {
			_, err = s.ops.act.Give(ctx, u, id, activity.GiveInput{MaterialID: int64(mid), Quantity: qty, ActivityID: int64(aid), Note: r.PostForm.Get("note")})
		}
		return err
	})
}

type (
	activityJSON struct {
		ID         int64     `json:"id"`
		RoomID     int64     `json:"room_id"`
		Title      string    `json:"title"`
		Start      time.Time `json:"start"`
		End        time.Time `json:"end"`
		MinAge     int       `json:"min_age"`
		MaxAge     int       `json:"max_age"`
		Capacity   int       `json:"capacity"`
		Summary    string    `json:"summary"`
		Registered int       `json:"registered"`
		Waiting    int       `json:"waiting"`
		Attended   int       `json:"attended"`
	}
	registrationJSON struct {
		ID         int64  `json:"id"`
		ActivityID int64  `json:"activity_id"`
		StudentID  int64  `json:"student_id"`
		Status     string `json:"status"`
		Attended   bool   `json:"attended"`
	}
	materialJSON struct {
		ID    int64  `json:"id"`
		Name  string `json:"name"`
		Unit  string `json:"unit"`
		Stock int    `json:"stock"`
	}
	moveJSON struct {
		ID         int64     `json:"id"`
		MaterialID int64     `json:"material_id"`
		Delta      int       `json:"delta"`
		ActivityID int64     `json:"activity_id,omitempty"`
		Note       string    `json:"note,omitempty"`
		MovedBy    int64     `json:"moved_by"`
		MovedAt    time.Time `json:"moved_at"`
	}
)

func toActivityJSON(a *zhixi.Activity) activityJSON {
	return activityJSON{a.ID, a.RoomID, a.Title, a.Start.UTC(), a.End.UTC(), a.MinAge, a.MaxAge, a.Capacity, a.Summary, a.Registered, a.Waiting, a.Attended}
}

func toMoveJSON(m *zhixi.MaterialMove) moveJSON {
	return moveJSON{m.ID, m.MaterialID, m.Delta, m.ActivityID, m.Note, m.MovedBy, m.MovedAt.UTC()}
}

func (s *Server) apiActivities(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.ops.act.RoomPage(s.actx(r), u, id, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	out := []activityJSON{}
	for i := range p.Activities {
		out = append(out, toActivityJSON(&p.Activities[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"activities": out})
	return nil
}

func (s *Server) apiActivityCreate(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in activity.Input
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.ops.act.Create(s.actx(r), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"activity": toActivityJSON(a)})
	return nil
}

func (s *Server) apiRegistrationOp(op string) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in registrationInput
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		x, err := s.registrationOp(s.actx(r), u, id, op, in)
		if err != nil {
			return err
		}
		if x == nil {
			w.WriteHeader(http.StatusNoContent)
			return nil
		}
		writeJSON(w, http.StatusOK, map[string]any{"registration": registrationJSON{x.ID, x.ActivityID, x.StudentID, x.Status, x.Attended}})
		return nil
	}
}

func (s *Server) apiActivitySummary(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		ActivityID int64  `json:"activity_id"`
		Summary    string `json:"summary"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.ops.act.Summarise(s.actx(r), u, id, in.ActivityID, in.Summary); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMaterials(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.ops.act.RoomPage(s.actx(r), u, id, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	ms, moves := []materialJSON{}, []moveJSON{}
	for _, m := range p.Materials {
		ms = append(ms, materialJSON{m.ID, m.Name, m.Unit, m.Stock})
	}
	for i := range p.Moves {
		moves = append(moves, toMoveJSON(&p.Moves[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"materials": ms, "moves": moves})
	return nil
}

func (s *Server) apiMaterialReceive(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in activity.ReceiveInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.ops.act.Receive(s.actx(r), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"move": toMoveJSON(m)})
	return nil
}

func (s *Server) apiMaterialGive(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in activity.GiveInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.ops.act.Give(s.actx(r), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"move": toMoveJSON(m)})
	return nil
}
