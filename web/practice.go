package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
)

// Adaptive practice after the screening: the page shows the pending
// question (reading it writes nothing), "开始练习" starts or continues,
// an answer gets feedback (the worked explanation and the point's 解读
// after a wrong one) and the next question in the same request.

func (s *Server) handlePracticePage(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.practicePage(w, r, u, id, r.PathValue("subject"), http.StatusOK, notice(r, "msg"), "")
}

// practicePage shows the pending practice question, with a message and
// what the student typed when an answer was sent back.
func (s *Server) practicePage(w http.ResponseWriter, r *http.Request, u *zhixi.User, id int64, subject string, status int, msg, typed string) error {
	v, err := s.learning.Practice(r.Context(), u, id, subject)
	if err != nil {
		return err
	}
	s.render(w, r, status, "practice", map[string]any{"P": v, "Q": v.Question, "AnswerID": newAnswerID(),
		"Letters": letters(len(optionsOf(v.Question))), "Subject": curriculum.Subjects[subject], "Message": msg, "Typed": typed})
	return nil
}

func (s *Server) handlePracticeStart(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	subject := r.PathValue("subject")
	target := fmt.Sprintf("/students/%d/practice/%s", id, subject)
	req := learn.PracticeRequest{Understood: r.PostFormValue("understood") == "1", Offer: r.PostFormValue("offer")}
	if _, err := s.learning.ContinuePractice(r.Context(), u, id, subject, req); zhixi.ErrorCode(err) == zhixi.ECONFLICT || zhixi.ErrorCode(err) == zhixi.EINVALID {
		target += "?" + noticeParam("msg", err)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func (s *Server) handlePracticeAnswer(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	subject := r.PathValue("subject")
	in, err := formAnswer(r)
	if err != nil {
		return err
	}
	v, err := s.learning.PracticeAnswer(r.Context(), u, id, subject, in)
	if code := zhixi.ErrorCode(err); (code == zhixi.EINVALID || code == zhixi.ECONFLICT) && !zhixi.IsAccessChanged(err) {
		return s.practicePage(w, r, u, id, subject, http.StatusUnprocessableEntity, message(err), in.Response)
	} else if err != nil {
		return err
	}
	var answered *curriculum.Item
	if it, ok := s.content.Item(in.Item); ok {
		answered = it
	}
	s.render(w, r, http.StatusOK, "practice_step", map[string]any{"P": v, "Step": v.Step, "Item": answered,
		"Answer": in.Response, "Skip": in.Skip, "Subject": curriculum.Subjects[subject]})
	return nil
}

func (s *Server) apiPractice(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Practice(r.Context(), u, id, r.PathValue("subject"))
	return practiceReply(w, v, err)
}

func (s *Server) apiPracticeNext(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req learn.PracticeRequest
	if r.ContentLength > 0 {
		if err := decodeJSON(r, &req); err != nil {
			return err
		}
	}
	v, err := s.learning.ContinuePractice(r.Context(), u, id, r.PathValue("subject"), req)
	return practiceReply(w, v, err)
}

// handleAboveGrade stores a supervisor's choice to let the student
// practise points above their grade (form field above_grade=1) or not,
// and goes back to the student's page.
func (s *Server) handleAboveGrade(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	target := fmt.Sprintf("/students/%d", id)
	_, err = s.learning.SetAboveGrade(r.Context(), u, id, r.PathValue("subject"), r.PostFormValue("above_grade") == "1")
	switch code := zhixi.ErrorCode(err); {
	case err == nil:
		target += "?msg=msg.above_grade_saved#practice-options"
	case code == zhixi.ECONFLICT || code == zhixi.EINVALID:
		target += "?" + noticeParam("msg", err) + "#practice-options"
	default:
		return err
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func (s *Server) apiAboveGrade(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		AboveGrade *bool `json:"above_grade"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.AboveGrade == nil {
		return zhixi.Errorf(zhixi.EINVALID, "err.bad_json", "缺少 above_grade（true 或 false）")
	}
	v, err := s.learning.SetAboveGrade(r.Context(), u, id, r.PathValue("subject"), *in.AboveGrade)
	return practiceReply(w, v, err)
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
	v, err := s.learning.PracticeAnswer(r.Context(), u, id, r.PathValue("subject"), in)
	return practiceReply(w, v, err)
}

func practiceReply(w http.ResponseWriter, v *learn.PracticeView, err error) error {
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"practice": v})
	return nil
}

// practiceOptions adds the supervisor's practice choices for the student
// page (only supervisors and admins get them) and the notice of the last
// change.
func (s *Server) practiceOptions(r *http.Request, u *zhixi.User, id int64, data map[string]any) error {
	opts, err := s.learning.PracticeOptions(r.Context(), u, id)
	if code := zhixi.ErrorCode(err); code == zhixi.EFORBIDDEN || code == zhixi.ECONFLICT {
		return nil // e.g. no consent yet: nothing to choose
	} else if err != nil {
		return err
	}
	data["PracticeOptions"], data["OptionsNotice"] = opts, notice(r, "msg")
	return nil
}

// servedChoice is one subject's model choice with the model practice
// serves, for the admin page.
type servedChoice struct {
	learn.SubjectChoice
	Served string
}

// modelChoices adds the nightly fit's per-subject choice (held-out AUC of
// every candidate, the best, the model practice serves) to the admin page.
func (s *Server) modelChoices(ctx context.Context, data map[string]any) error {
	list, at, err := learn.ModelChoices(ctx, s.store)
	if err != nil {
		return err
	}
	out := make([]servedChoice, len(list))
	for i := range list {
		served, err := learn.ServedNow(ctx, s.store, &list[i])
		if err != nil {
			return err
		}
		out[i] = servedChoice{list[i], served}
	}
	data["Choices"], data["ChoiceAt"], data["Candidates"] = out, at, learn.Candidates
	return nil
}
