package web

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
)

// The AI知识点筛查 and the practice after it, as pages for a room tablet
// (plain forms, so they work without JavaScript; guardians read the
// reports on their phones) and as the JSON API. Both only decode input
// and call the learn actions, which check access, write and audit.

// learningRoutes registers the screening and practice pages and API.
func (s *Server) learningRoutes(mux *http.ServeMux) {
	s.page(mux, "POST /students/{id}/screenings", s.authed(s.handleScreeningStart))
	s.page(mux, "GET /screenings/{id}", s.authed(s.handleScreeningPage))
	s.page(mux, "POST /screenings/{id}/answer", s.authed(s.handleScreeningAnswer))
	s.page(mux, "GET /screenings/{id}/stop", s.authed(s.handleScreeningStopConfirm))
	s.page(mux, "POST /screenings/{id}/stop", s.authed(s.handleScreeningStop))
	s.page(mux, "GET /students/{id}/practice/{subject}", s.authed(s.handlePracticePage))
	s.page(mux, "POST /students/{id}/practice/{subject}/start", s.authed(s.handlePracticeStart))
	s.checkedAtWrite(s.page, mux, "POST /students/{id}/practice/{subject}/answer", s.authed(s.handlePracticeAnswer))
	s.page(mux, "POST /students/{id}/practice/{subject}/above-grade", s.authed(s.handleAboveGrade))

	s.api(mux, "POST /api/v1/students/{id}/screenings", s.authed(s.apiScreeningStart))
	s.api(mux, "GET /api/v1/screenings/{id}", s.authed(s.apiScreening))
	s.api(mux, "POST /api/v1/screenings/{id}/answers", s.authed(s.apiScreeningAnswer))
	s.api(mux, "POST /api/v1/screenings/{id}/stop", s.authed(s.apiScreeningStop))
	s.api(mux, "GET /api/v1/students/{id}/practice/{subject}", s.authed(s.apiPractice))
	s.api(mux, "POST /api/v1/students/{id}/practice/{subject}/next", s.authed(s.apiPracticeNext))
	s.checkedAtWrite(s.api, mux, "POST /api/v1/students/{id}/practice/{subject}/answers", s.authed(s.apiPracticeAnswer))
	s.api(mux, "POST /api/v1/students/{id}/practice/{subject}/above-grade", s.authed(s.apiAboveGrade))
}

// newAnswerID is the id a page's answer form carries, so that the form
// sent twice (a double tap, a reload after a lost response) answers once.
func newAnswerID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// formAnswer reads an answer form: the choices of a multiple-choice item
// arrive as several "answer" values.
func formAnswer(r *http.Request) (learn.AnswerInput, error) {
	if err := r.ParseForm(); err != nil {
		return learn.AnswerInput{}, zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	in := learn.AnswerInput{ID: r.PostForm.Get("answer_id"), Item: r.PostForm.Get("item"),
		Response: strings.TrimSpace(strings.Join(r.PostForm["answer"], ",")), Skip: r.PostForm.Get("skip") != ""}
	if in.Item == "" {
		return in, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "题目")
	}
	in.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	return in, nil
}

// answerJSON is the body of an answer in screening and practice: the
// client's id for it (a retry with the same id returns the stored result),
// the item answered, the response (or skip for "I don't know"), and the
// version of the session the tablet saw (0: not checked).
type answerJSON struct {
	AnswerID string `json:"answer_id"`
	Item     string `json:"item"`
	Answer   string `json:"answer"`
	Skip     bool   `json:"skip"`
	Version  int    `json:"version"`
}

func decodeAnswer(r *http.Request) (learn.AnswerInput, error) {
	var in answerJSON
	if err := decodeJSON(r, &in); err != nil {
		return learn.AnswerInput{}, err
	}
	if in.Item == "" {
		return learn.AnswerInput{}, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "item")
	}
	return learn.AnswerInput{ID: in.AnswerID, Version: in.Version, Item: in.Item, Response: in.Answer, Skip: in.Skip}, nil
}

func (s *Server) handleScreeningStart(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	subject := r.PostForm.Get("subject")
	if subject == "" {
		return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "学科")
	}
	v, err := s.learning.StartScreening(r.Context(), u, id, subject)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/screenings/%d", v.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleScreeningPage(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.screeningPage(w, r, u, id, http.StatusOK, notice(r, "msg"), "")
}

// screeningPage shows the screening's current question, with a message
// and what the student typed when an answer was sent back; a finished
// screening shows its report.
func (s *Server) screeningPage(w http.ResponseWriter, r *http.Request, u *zhixi.User, id int64, status int, msg, typed string) error {
	v, err := s.learning.Screening(r.Context(), u, id)
	if err != nil {
		return err
	}
	if v.Result != nil {
		return s.showReport(w, r, u, v.ID)
	}
	s.render(w, r, status, "screening", map[string]any{"S": v, "Q": v.Question, "Letters": letters(len(optionsOf(v.Question))),
		"Subject": curriculum.Subjects[v.Subject], "Message": msg, "Typed": typed, "AnswerID": newAnswerID()})
	return nil
}

func optionsOf(q *learn.Question) []string {
	if q == nil {
		return nil
	}
	return q.Options
}

func (s *Server) handleScreeningAnswer(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := formAnswer(r)
	if err != nil {
		return err
	}
	_, err = s.learning.Answer(r.Context(), u, id, in)
	switch code := zhixi.ErrorCode(err); {
	case err == nil:
	case code == zhixi.EINVALID || code == zhixi.ECONFLICT:
		// The current question again with the reason (an empty or
		// malformed answer, kept to correct; another tablet answered first).
		return s.screeningPage(w, r, u, id, http.StatusUnprocessableEntity, message(err), in.Response)
	default:
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/screenings/%d", id), http.StatusSeeOther)
	return nil
}

// handleScreeningStopConfirm asks before "结束筛查" ends the screening,
// and says whether stopping now keeps the free screening.
func (s *Server) handleScreeningStopConfirm(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Screening(r.Context(), u, id)
	if err != nil {
		return err
	}
	if v.Status != learn.StatusActive {
		http.Redirect(w, r, fmt.Sprintf("/screenings/%d", id), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "screening_stop", map[string]any{"S": v, "Subject": curriculum.Subjects[v.Subject]})
	return nil
}

func (s *Server) handleScreeningStop(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Stop(r.Context(), u, id)
	if err != nil {
		return err
	}
	target := fmt.Sprintf("/screenings/%d", id)
	if v.Paused {
		target += "?msg=msg.screening_paused"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

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
	return screeningReply(w, v, err)
}

func (s *Server) apiScreening(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Screening(r.Context(), u, id)
	return screeningReply(w, v, err)
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
	v, err := s.learning.Answer(r.Context(), u, id, in)
	return screeningReply(w, v, err)
}

func (s *Server) apiScreeningStop(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Stop(r.Context(), u, id)
	return screeningReply(w, v, err)
}

func screeningReply(w http.ResponseWriter, v *learn.ScreeningView, err error) error {
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"screening": v})
	return nil
}

// shorten cuts s to n runes for a summary, never inside a formula.
func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := n - 1
	// Never cut inside $...$: KaTeX would show the broken TeX.
	if strings.Count(string(r[:cut]), "$")%2 == 1 {
		for cut < len(r) && r[cut] != '$' {
			cut++
		}
		if cut == len(r) {
			return string(r)
		}
		cut++
	}
	return string(r[:cut]) + "…"
}
