package learn

import (
	"context"

	"github.com/zhixi-org/zhixi"
)

// SubjectStatus is where a student stands in one subject.
type SubjectStatus struct {
	Subject   string
	Name      string
	Screening *zhixi.ScreeningSession // the latest, nil if none
}

// Overview returns the student (with the guardians' account ids) and
// lists the subjects a student of this grade can be screened in (those
// whose content covers the grade: itemised points in that very grade, so
// 初中-only content is not offered to a 高二 student) with the student's
// latest screening in each. The read is audited with detail.
func (s *Service) Overview(ctx context.Context, actor *zhixi.User, studentID int64, detail string) (*zhixi.Student, []int64, []SubjectStatus, error) {
	st, gids, err := zhixi.VisibleStudent(ctx, s.store, actor, studentID)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := s.auditRead(ctx, actor, "student", st.ID, st.ID, detail); err != nil {
		return nil, nil, nil, err
	}
	past, err := s.store.Screenings(ctx, st.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	var out []SubjectStatus
	if s.content == nil {
		return st, gids, out, nil
	}
	for _, id := range s.content.SubjectIDs() {
		if !s.content.Covers(id, st.Grade) {
			continue
		}
		ss := SubjectStatus{Subject: id, Name: s.content.Subject(id).Name}
		for i := range past { // newest first
			if past[i].Subject == id {
				ss.Screening = &past[i]
				break
			}
		}
		out = append(out, ss)
	}
	return st, gids, out, nil
}
