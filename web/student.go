package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
)

// The student-facing pages: a room tablet (or a supervisor beside the
// student) runs the screening and practice with plain forms, so they work
// without JavaScript; guardians read the reports on their phones.

// canRunFor mirrors learn's rule for showing the buttons: everyone who may
// see the student but a guardian, once consent is given.
func canRunFor(u *zhixi.User, st *zhixi.Student) bool {
	return u.Role != zhixi.RoleGuardian && u.Role != zhixi.RoleStreetViewer && !st.NeedsConsent()
}

func (s *Server) studentOverview(r *http.Request, u *zhixi.User, id int64) (map[string]any, error) {
	st, gids, subjects, err := s.learning.Overview(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	isGuardian := u.Role == zhixi.RoleGuardian && slices.Contains(gids, u.ID)
	canManage := zhixi.CanManageStudents(u, st.CommunityID)
	data := map[string]any{"Student": st, "Subjects": subjects, "CanRun": canRunFor(u, st), "Age": st.Age(s.now()),
		"CanConsent": st.NeedsConsent() && isGuardian, "CanWithdraw": !st.ConsentAt.IsZero() && (isGuardian || canManage),
		"CanManage": canManage, "ConsentState": consentState(st), "F": url.Values{}}
	if isGuardian || canManage {
		n, err := s.store.Notice(r.Context())
		if err != nil {
			return nil, err
		}
		consents, err := s.store.Consents(r.Context(), st.ID)
		if err != nil {
			return nil, err
		}
		data["Notice"], data["Consents"] = n, consents
	}
	return data, nil
}

// consentState is the key of the sentence the page shows about consent.
func consentState(st *zhixi.Student) string {
	if err := zhixi.ConsentCheck(st); err != nil {
		key, _ := zhixi.ErrorKey(err)
		return key
	}
	return ""
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
	if err := s.audit(r, u, zhixi.AuditCreate, "screening", v.ID, v.StudentID, subject); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/screenings/%d", v.ID), http.StatusSeeOther)
	return nil
}

// formAnswer reads an answer form: the choices of a multiple-choice item
// arrive as several "answer" values.
func formAnswer(r *http.Request) (item string, version int, answer string, skip bool, err error) {
	if err := r.ParseForm(); err != nil {
		return "", 0, "", false, zhixi.WrapError(zhixi.EINVALID, "err.bad_form", err)
	}
	item = r.PostForm.Get("item")
	if item == "" {
		return "", 0, "", false, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "题目")
	}
	version, _ = strconv.Atoi(r.PostForm.Get("version"))
	answer = strings.TrimSpace(strings.Join(r.PostForm["answer"], ","))
	return item, version, answer, r.PostForm.Get("skip") != "", nil
}

func (s *Server) handleScreeningPage(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.learning.Screening(r.Context(), u, id)
	if err != nil {
		return err
	}
	if err := s.audit(r, u, zhixi.AuditRead, "screening", v.ID, v.StudentID, v.Status); err != nil {
		return err
	}
	if v.Result != nil {
		return s.showReport(w, r, u, v.ID)
	}
	s.render(w, r, http.StatusOK, "screening", map[string]any{"S": v, "Q": v.Question, "Letters": letters(len(optionsOf(v.Question))),
		"Subject": curriculum.Subjects[v.Subject], "Message": notice(r, "msg"), "Typed": r.URL.Query().Get("answer")})
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
	item, version, answer, skip, err := formAnswer(r)
	if err != nil {
		return err
	}
	target := fmt.Sprintf("/screenings/%d", id)
	v, err := s.learning.Answer(r.Context(), u, id, version, item, answer, skip)
	switch code := zhixi.ErrorCode(err); {
	case err == nil:
		if err := s.audit(r, u, zhixi.AuditUpdate, "screening", v.ID, v.StudentID, v.Status); err != nil {
			return err
		}
	case code == zhixi.EINVALID || code == zhixi.ECONFLICT:
		// Back to the current question with the reason (an empty answer,
		// or another tablet answered first).
		target += "?" + noticeParam("msg", err) + "&answer=" + urlQueryEscape(answer)
	default:
		return err
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
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
	if err := s.audit(r, u, zhixi.AuditUpdate, "screening", v.ID, v.StudentID, "stop"); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/screenings/%d", id), http.StatusSeeOther)
	return nil
}

func (s *Server) handlePracticePage(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	subject := r.PathValue("subject")
	v, err := s.learning.PracticeNext(r.Context(), u, id, subject)
	if err != nil {
		return err
	}
	if err := s.audit(r, u, zhixi.AuditRead, "practice", id, id, subject); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "practice", map[string]any{"P": v, "Q": v.Question,
		"Letters": letters(len(optionsOf(v.Question))), "Subject": curriculum.Subjects[subject], "Message": notice(r, "msg"), "Typed": r.URL.Query().Get("answer")})
	return nil
}

func (s *Server) handlePracticeAnswer(w http.ResponseWriter, r *http.Request, u *zhixi.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	subject := r.PathValue("subject")
	item, version, answer, skip, err := formAnswer(r)
	if err != nil {
		return err
	}
	v, err := s.learning.PracticeAnswer(r.Context(), u, id, subject, version, item, answer, skip)
	if code := zhixi.ErrorCode(err); code == zhixi.EINVALID || code == zhixi.ECONFLICT {
		http.Redirect(w, r, fmt.Sprintf("/students/%d/practice/%s?%s&answer=%s", id, subject, noticeParam("msg", err), urlQueryEscape(answer)), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	if err := s.audit(r, u, zhixi.AuditUpdate, "practice", id, id, item); err != nil {
		return err
	}
	var answered *curriculum.Item
	if it, ok := s.content.Item(item); ok {
		answered = it
	}
	s.render(w, r, http.StatusOK, "practice_step", map[string]any{"P": v, "Step": v.Step, "Item": answered,
		"Answer": answer, "Skip": skip, "Subject": curriculum.Subjects[subject]})
	return nil
}

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
