package web

import (
	"net/http"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/learn"
)

// The screening API drives the AI知识点筛查 from a room tablet: start (or
// resume) a student's screening, answer the current question, stop early.
// Every call reads or changes a minor's learning record and is audited.

func (s *Server) apiScreeningStart(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Subject string `json:"subject"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Subject == "" {
		return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "subject")
	}
	v, err := s.learning.StartScreening(r.Context(), u, id, in.Subject)
	if err != nil {
		return err
	}
	if err := s.audit(r, u, zhixi.AuditCreate, "screening", v.ID, v.StudentID, in.Subject); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"screening": v})
	return nil
}

func (s *Server) apiScreening(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Screening(r.Context(), u, id)
	if err != nil {
		return err
	}
	return s.screeningReply(w, r, u, zhixi.AuditRead, v)
}

func (s *Server) apiScreeningAnswer(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := decodeAnswer(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Answer(r.Context(), u, id, in.Version, in.Item, in.Answer, in.Skip)
	if err != nil {
		return err
	}
	return s.screeningReply(w, r, u, zhixi.AuditUpdate, v)
}

func (s *Server) apiScreeningStop(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Stop(r.Context(), u, id)
	if err != nil {
		return err
	}
	return s.screeningReply(w, r, u, zhixi.AuditUpdate, v)
}

func (s *Server) screeningReply(w http.ResponseWriter, r *http.Request, u *zhixi.User, action string, v *learn.ScreeningView) error {
	if err := s.audit(r, u, action, "screening", v.ID, v.StudentID, v.Status); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"screening": v})
	return nil
}

// answerInput is the body of an answer in screening and practice: the
// item answered, the response (or skip for "I don't know"), and the
// version of the session the tablet saw (0: not checked).
type answerInput struct {
	Item    string `json:"item"`
	Answer  string `json:"answer"`
	Skip    bool   `json:"skip"`
	Version int    `json:"version"`
}

func decodeAnswer(r *http.Request) (answerInput, error) {
	var in answerInput
	if err := decodeJSON(r, &in); err != nil {
		return in, err
	}
	if in.Item == "" {
		return in, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "item")
	}
	return in, nil
}
