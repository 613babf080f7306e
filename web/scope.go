package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/zhixi-org/zhixi"
)

// The loaders below fetch a record and apply the access policy in one
// place. A record the user may not see is reported as not found, so ids
// tried in URLs reveal nothing.

func pathID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, zhixi.Errorf(zhixi.EINVALID, "err.bad_id", raw)
	}
	return id, nil
}

func hidden(err error) error {
	if zhixi.ErrorCode(err) == zhixi.EFORBIDDEN {
		return zhixi.Hidden()
	}
	return err
}

func (s *Server) visibleCommunity(ctx context.Context, u *zhixi.User, id int64) (*zhixi.Community, error) {
	c, err := s.store.Community(ctx, id)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanSeeCommunity(u, c) {
		return nil, zhixi.Hidden()
	}
	return c, nil
}

// newStudentInput is the form or JSON body that creates a student.
type newStudentInput struct {
	Name       string `json:"name"`
	Grade      int    `json:"grade"`
	BirthMonth string `json:"birth_month"` // "2014-09"
}

// createStudent applies the policy, validates and stores a new student in
// community cid, auditing the creation.
func (s *Server) createStudent(r *http.Request, u *zhixi.User, cid int64, in newStudentInput) (*zhixi.Student, error) {
	c, err := s.visibleCommunity(r.Context(), u, cid)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanManageStudents(u, c.ID) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if in.Name == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "姓名")
	}
	if in.Grade < 1 || in.Grade > 12 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.invalid_grade")
	}
	birth, err := time.Parse("2006-01", in.BirthMonth)
	if err != nil || birth.After(s.now()) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.invalid_birth")
	}
	st := &zhixi.Student{CommunityID: c.ID, Name: in.Name, Grade: in.Grade, BirthMonth: birth, CreatedAt: s.now()}
	if err := s.store.CreateStudent(r.Context(), st); err != nil {
		return nil, err
	}
	if err := s.audit(r, u, zhixi.AuditCreate, "student", st.ID, st.ID, ""); err != nil {
		return nil, err
	}
	return st, nil
}
