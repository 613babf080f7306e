package web

import (
	"net/http"

	"github.com/zhixi-org/zhixi"
)

// The practice API serves adaptive practice after the screening: ask for
// the next question, answer it, get feedback (the worked explanation and
// the point's 解读 after a wrong answer) and the next step.

func (s *Server) apiPracticeNext(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.PracticeNext(r.Context(), u, id, r.PathValue("subject"))
	if err != nil {
		return err
	}
	if err := s.audit(r, u, zhixi.AuditRead, "practice", id, id, r.PathValue("subject")); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"practice": v})
	return nil
}

func (s *Server) apiPracticeAnswer(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := decodeAnswer(r)
	if err != nil {
		return err
	}
	v, err := s.learning.PracticeAnswer(r.Context(), u, id, r.PathValue("subject"), in.Version, in.Item, in.Answer, in.Skip)
	if err != nil {
		return err
	}
	if err := s.audit(r, u, zhixi.AuditUpdate, "practice", id, id, in.Item); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"practice": v})
	return nil
}
