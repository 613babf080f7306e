package family

import (
	"context"
	"fmt"

	"github.com/zhixi-org/zhixi"
)

// The reads of children's records. Each checks access, reads, and appends
// its audit row before it returns what it read; when the row cannot be
// written the read fails.

// read appends the audit row of a's read.
func (s *Service) read(ctx context.Context, a zhixi.Actor, object string, objectID, studentID int64, detail string) error {
	e := a.By()
	e.At, e.Action, e.Object, e.ObjectID, e.StudentID, e.Detail = s.now(), zhixi.AuditRead, object, objectID, studentID, detail
	return zhixi.AppendEntry(ctx, s.store, &e)
}

// Students lists the children of community communityID for those who
// may see them (zhixi.CanSeeStudentList): EFORBIDDEN for anyone else who
// sees the community, ENOTFOUND for the rest.
func (s *Service) Students(ctx context.Context, a zhixi.Actor, communityID int64, via zhixi.Via) ([]zhixi.Student, error) {
	c, err := s.store.Community(ctx, communityID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanSeeCommunity(a.User, c) {
		return nil, zhixi.Hidden()
	}
	if !zhixi.CanSeeStudentList(a.User, c) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	list, err := s.store.Students(ctx, zhixi.StudentFilter{CommunityID: c.ID})
	if err != nil {
		return nil, err
	}
	if err := s.read(ctx, a, "student_list", c.ID, 0, via.Detail(fmt.Sprintf("%d 名学生", len(list)))); err != nil {
		return nil, err
	}
	return list, nil
}

// Student reads one child's record (zhixi.VisibleStudent: ENOTFOUND for
// a child a may not see).
func (s *Service) Student(ctx context.Context, a zhixi.Actor, id int64, via zhixi.Via) (*zhixi.Student, error) {
	st, _, err := zhixi.VisibleStudent(ctx, s.store, a.User, id)
	if err != nil {
		return nil, err
	}
	if err := s.read(ctx, a, "student", st.ID, st.ID, string(via)); err != nil {
		return nil, err
	}
	return st, nil
}

// Children lists a guardian's own children; EFORBIDDEN for anyone else.
func (s *Service) Children(ctx context.Context, a zhixi.Actor) ([]zhixi.Student, error) {
	if a.User.Role != zhixi.RoleGuardian {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	kids, err := s.store.Students(ctx, zhixi.StudentFilter{GuardianID: a.User.ID})
	if err != nil {
		return nil, err
	}
	if err := s.read(ctx, a, "student_list", a.User.ID, 0, fmt.Sprintf("监护人的 %d 名孩子", len(kids))); err != nil {
		return nil, err
	}
	return kids, nil
}

// RoomStudents lists the children of the communities room roomID serves,
// once each, for those who run the room (zhixi.CanRunRoom), to sign them
// in on tablets and at the desk; ENOTFOUND for anyone else.
func (s *Service) RoomStudents(ctx context.Context, a zhixi.Actor, roomID int64) ([]zhixi.Student, error) {
	room, err := s.store.Room(ctx, roomID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanRunRoom(a.User, room) {
		return nil, zhixi.Hidden()
	}
	var kids []zhixi.Student
	for _, cid := range room.Communities {
		list, err := s.store.Students(ctx, zhixi.StudentFilter{CommunityID: cid})
		if err != nil {
			return nil, err
		}
		kids = append(kids, list...)
	}
	if err := s.read(ctx, a, "student_list", room.ID, 0, fmt.Sprintf("智习室 %d 名学生", len(kids))); err != nil {
		return nil, err
	}
	return kids, nil
}

// ConsentForm is what the printed paper consent form shows.
type ConsentForm struct {
	Student   *zhixi.Student
	Notice    *zhixi.Notice
	Community *zhixi.Community
}

// PaperForm reads a child's paper consent form for staff who manage the
// child's community to print; EFORBIDDEN for others who see the child.
func (s *Service) PaperForm(ctx context.Context, a zhixi.Actor, studentID int64) (*ConsentForm, error) {
	st, _, err := zhixi.VisibleStudent(ctx, s.store, a.User, studentID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanManageStudents(a.User, st.CommunityID) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	f := &ConsentForm{Student: st}
	if f.Notice, err = s.store.Notice(ctx); err != nil {
		return nil, err
	}
	if f.Community, err = s.store.Community(ctx, st.CommunityID); err != nil {
		return nil, err
	}
	if err := s.read(ctx, a, "consent_form", st.ID, st.ID, "打印纸质同意书"); err != nil {
		return nil, err
	}
	return f, nil
}

// Consents lists a child's consents, newest first, to those who may see
// the child.
func (s *Service) Consents(ctx context.Context, a zhixi.Actor, studentID int64, via zhixi.Via) ([]zhixi.Consent, error) {
	st, _, err := zhixi.VisibleStudent(ctx, s.store, a.User, studentID)
	if err != nil {
		return nil, err
	}
	list, err := s.store.Consents(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	if err := s.read(ctx, a, "consent", st.ID, st.ID, string(via)); err != nil {
		return nil, err
	}
	return list, nil
}
