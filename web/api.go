package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// JSON shapes of the API. They are separate from the domain types so that
// nothing (a password hash, a guardian's id) leaks by adding a field.
type (
	userJSON struct {
		ID          int64      `json:"id"`
		Username    string     `json:"username"`
		DisplayName string     `json:"display_name"`
		Role        zhixi.Role `json:"role"`
		CommunityID int64      `json:"community_id,omitempty"`
		StreetID    int64      `json:"street_id,omitempty"`
		StartPage   string     `json:"start_page"`
	}
	studentJSON struct {
		ID          int64      `json:"id"`
		CommunityID int64      `json:"community_id"`
		Name        string     `json:"name"`
		Grade       int        `json:"grade"`
		BirthMonth  string     `json:"birth_month"`
		Consent     bool       `json:"consent"`
		ConsentAt   *time.Time `json:"consent_at,omitempty"`
	}
	communityJSON struct {
		ID       int64  `json:"id"`
		StreetID int64  `json:"street_id"`
		Name     string `json:"name"`
	}
	statsJSON struct {
		Community communityJSON `json:"community"`
		Rooms     int           `json:"rooms"`
		Seats     int           `json:"seats"`
		Students  int           `json:"students"`
	}
	auditJSON struct {
		ID        int64      `json:"id"`
		At        time.Time  `json:"at"`
		ActorID   int64      `json:"actor_id"`
		ActorRole zhixi.Role `json:"actor_role"`
		Action    string     `json:"action"`
		Object    string     `json:"object"`
		ObjectID  int64      `json:"object_id"`
		StudentID int64      `json:"student_id,omitempty"`
		Detail    string     `json:"detail,omitempty"`
		IP        string     `json:"ip"`
	}
)

func toUserJSON(u *zhixi.User) userJSON {
	return userJSON{u.ID, u.Username, u.DisplayName, u.Role, u.CommunityID, u.StreetID, startPage(u)}
}

func toStudentJSON(s *zhixi.Student) studentJSON {
	j := studentJSON{ID: s.ID, CommunityID: s.CommunityID, Name: s.Name, Grade: s.Grade,
		BirthMonth: s.BirthMonth.Format("2006-01"), Consent: !s.NeedsConsent()}
	if !s.NeedsConsent() {
		at := s.ConsentAt.UTC()
		j.ConsentAt = &at
	}
	return j
}

func toCommunityJSON(c zhixi.Community) communityJSON { return communityJSON{c.ID, c.StreetID, c.Name} }

// decodeJSON reads one JSON object into v, rejecting unknown fields and
// trailing data, and names the problem in the error; every string in it
// passes checkJSON.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return zhixi.Errorf(zhixi.EINVALID, "err.bad_json", "Content-Type 应为 application/json")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return zhixi.Errorf(zhixi.EINVALID, "err.too_large")
		}
		if errors.Is(err, io.EOF) {
			return zhixi.Errorf(zhixi.EINVALID, "err.bad_json", "请求体为空")
		}
		return zhixi.Errorf(zhixi.EINVALID, "err.bad_json", err.Error())
	}
	if dec.More() {
		return zhixi.Errorf(zhixi.EINVALID, "err.bad_json", "只能包含一个 JSON 对象")
	}
	return checkJSON(v)
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.login(w, r, in.Username, in.Password)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": toUserJSON(u)})
	return nil
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.logout(w, r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	writeJSON(w, http.StatusOK, map[string]any{"user": toUserJSON(u)})
	return nil
}

func (s *Server) apiCommunities(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	all, err := s.store.Communities(r.Context(), 0)
	if err != nil {
		return err
	}
	out := []communityJSON{}
	for i := range all {
		if zhixi.CanSeeCommunity(u, &all[i]) {
			out = append(out, toCommunityJSON(all[i]))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"communities": out})
	return nil
}

func (s *Server) apiCommunityStats(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.visibleCommunity(r.Context(), u, id)
	if err != nil {
		return err
	}
	stats, err := s.store.CommunityStats(r.Context(), c.StreetID)
	if err != nil {
		return err
	}
	for _, st := range stats {
		if st.Community.ID == c.ID {
			writeJSON(w, http.StatusOK, statsJSON{toCommunityJSON(st.Community), st.Rooms, st.Seats, st.Students})
			return nil
		}
	}
	return zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found")
}

func (s *Server) apiStudents(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := s.family.Students(r.Context(), s.actor(r, u), id, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	out := make([]studentJSON, len(list))
	for i := range list {
		out[i] = toStudentJSON(&list[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{"students": out})
	return nil
}

func (s *Server) apiStudent(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.family.Student(r.Context(), s.actor(r, u), id, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"student": toStudentJSON(st)})
	return nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	if !zhixi.CanReadAudit(u) {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	f, _, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	log, err := s.org.ReadAuditLog(r.Context(), s.actor(r, u), f, r.URL.RawQuery, zhixi.ViaAPI)
	if err != nil {
		return err
	}
	entries, total := log.Entries, log.Total
	out := make([]auditJSON, len(entries))
	for i, e := range entries {
		out[i] = auditJSON{e.ID, e.At.UTC(), e.ActorID, e.ActorRole, e.Action, e.Object, e.ObjectID, e.StudentID, e.Detail, e.IP}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out, "total": total})
	return nil
}
