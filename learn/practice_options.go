package learn

import (
	"context"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
)

// PracticeOption is a supervisor's choice for one student's practice in
// one subject: AboveGrade lets the student practise points above their
// grade before every point of their own grade and below is mastered.
type PracticeOption struct {
	Subject     string `json:"subject"`
	SubjectName string `json:"subject_name"`
	AboveGrade  bool   `json:"above_grade"`
}

// canChoose reports whether actor may make the supervisor's choices for a
// student's practice: a supervisor or an admin who may run the student.
func canChoose(actor *zhixi.User) bool {
	return actor.Role == zhixi.RoleSupervisor || actor.Role == zhixi.RoleAdmin
}

// PracticeOptions lists the supervisor's choices for every subject the
// student has started practising, for a supervisor or an admin (nil for
// anyone else, who may not change them, and without content). The read
// is audited.
func (s *Service) PracticeOptions(ctx context.Context, actor *zhixi.User, studentID int64) ([]PracticeOption, error) {
	if !canChoose(actor) || s.content == nil {
		return nil, nil
	}
	st, err := s.runnableStudent(ctx, actor, studentID)
	if err != nil {
		return nil, err
	}
	var out []PracticeOption
	for _, subject := range s.content.SubjectIDs() {
		row, ps, err := s.practiceState(ctx, st, subject, 0)
		switch {
		case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
			continue
		case err != nil:
			return nil, err
		}
		s.keepState(row, ps)
		out = append(out, PracticeOption{Subject: subject, SubjectName: curriculum.Subjects[subject], AboveGrade: ps.AboveGrade})
	}
	if err := s.auditRead(ctx, actor, "practice", st.ID, st.ID, "options"); err != nil {
		return nil, err
	}
	return out, nil
}

// SetAboveGrade stores a supervisor's choice to let the student practise
// points above their grade in subject (allow) or not, with the state and
// the audit row in one transaction. EFORBIDDEN for anyone but a supervisor
// or an admin who may run the student; ECONFLICT err.practice_not_started
// before the student's practice in subject has started.
func (s *Service) SetAboveGrade(ctx context.Context, actor *zhixi.User, studentID int64, subject string, allow bool) (*PracticeView, error) {
	if !canChoose(actor) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	st, err := s.runnableStudent(ctx, actor, studentID)
	if err != nil {
		return nil, err
	}
	eng, err := s.engine(ctx, subject)
	if err != nil {
		return nil, err
	}
	row, ps, err := s.practiceState(ctx, st, subject, 0)
	switch {
	case zhixi.ErrorCode(err) == zhixi.ENOTFOUND:
		return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.practice_not_started")
	case err != nil:
		return nil, err
	}
	ps.AboveGrade = allow
	detail := "above_grade off"
	if allow {
		detail = "above_grade on"
	}
	change := &zhixi.PracticeChange{State: row, Audit: s.audit(ctx, actor, zhixi.AuditUpdate, "practice", st.ID, st.ID, subject+" "+detail)}
	if err := s.savePractice(ctx, change, ps); err != nil {
		return nil, err
	}
	s.keepState(row, ps)
	v := &PracticeView{StudentID: st.ID, Subject: subject, Started: true, Version: row.Version, Rule: rule(eng.Config())}
	return v, s.practiceView(v, eng, ps, nil)
}
