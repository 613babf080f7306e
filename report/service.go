package report

import (
	"context"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
)

// Store is what the report actions need from storage.
type Store interface {
	zhixi.StudentService
	zhixi.AuditService
	Attempts(ctx context.Context, studentID int64) ([]zhixi.Attempt, error)
	ScreeningSession(ctx context.Context, id int64) (*zhixi.ScreeningSession, error)
	// ReportKey returns the key that signs share links, creating it on
	// first use; every server sharing the database gets the same key.
	ReportKey(ctx context.Context) ([]byte, error)
}

// Service opens and shares reports. It keeps no state of its own.
type Service struct {
	Store    Store
	Learning *learn.Service
	Content  *curriculum.Bank
	Narrator *Narrator
	Now      func() time.Time
}

// Opened is a report as a page shows it.
type Opened struct {
	*Report
	Narrative Narrative
	// ShareUntil is set for a report opened through a share link.
	ShareUntil time.Time
}

// Open returns the report of screening id for actor: the student, their
// guardians and the staff who may see them; anyone else gets ENOTFOUND,
// like a screening that does not exist. A screening still under way is
// ECONFLICT. The read is audited.
func (s *Service) Open(ctx context.Context, actor *zhixi.User, id int64, ip string) (*Opened, error) {
	v, st, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.open(ctx, v, st, &zhixi.AuditEntry{ActorID: actor.ID, ActorRole: actor.Role, IP: ip})
}

// visible loads finished screening id if actor may see its student.
func (s *Service) visible(ctx context.Context, actor *zhixi.User, id int64) (*learn.ScreeningView, *zhixi.Student, error) {
	row, err := s.Store.ScreeningSession(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if _, _, err := zhixi.VisibleStudent(ctx, s.Store, actor, row.StudentID); err != nil {
		return nil, nil, err
	}
	if row.Status != learn.StatusFinished {
		return nil, nil, zhixi.Errorf(zhixi.ECONFLICT, "err.report_not_ready")
	}
	return s.Learning.FinishedScreening(ctx, id)
}

// Shared returns the report a share link points at. A link that was
// altered or has expired is ENOTFOUND. The read is audited with no actor
// and the link's expiry.
func (s *Service) Shared(ctx context.Context, token, ip string) (*Opened, error) {
	key, err := s.Store.ReportKey(ctx)
	if err != nil {
		return nil, err
	}
	id, until, err := VerifyShare(key, token, s.now())
	if err != nil {
		return nil, zhixi.WrapError(zhixi.ENOTFOUND, "err.not_found", err)
	}
	v, st, err := s.Learning.FinishedScreening(ctx, id)
	if err != nil {
		return nil, err
	}
	o, err := s.open(ctx, v, st, &zhixi.AuditEntry{IP: ip, Detail: "分享链接，有效至 " + until.In(beijing).Format("2006-01-02 15:04")})
	if err != nil {
		return nil, err
	}
	o.ShareUntil = until
	return o, nil
}

func (s *Service) open(ctx context.Context, v *learn.ScreeningView, st *zhixi.Student, e *zhixi.AuditEntry) (*Opened, error) {
	atts, err := s.Store.Attempts(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	r := Build(Input{Student: st, Subject: v.Subject, ScreeningID: v.ID, FinishedAt: *v.FinishedAt,
		Result: v.Result, Content: s.Content, Attempts: atts})
	e.Action, e.Object, e.ObjectID, e.StudentID, e.At = zhixi.AuditRead, "report", v.ID, st.ID, s.now()
	if e.Detail == "" {
		e.Detail = v.Subject
	}
	if err := s.Store.AppendAudit(ctx, e); err != nil {
		return nil, err
	}
	return &Opened{Report: r, Narrative: s.Narrator.Narrate(ctx, r)}, nil
}

// Share makes a link to screening id's report that works for ShareTTL
// without an account, for a guardian to send to another family member.
// Only the student's guardians and the staff who may see the student can
// share. The share is audited.
func (s *Service) Share(ctx context.Context, actor *zhixi.User, id int64, ip string) (string, time.Time, error) {
	if actor.Role == zhixi.RoleStudent || actor.Role == zhixi.RoleStreetViewer {
		return "", time.Time{}, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	v, st, err := s.visible(ctx, actor, id)
	if err != nil {
		return "", time.Time{}, err
	}
	key, err := s.Store.ReportKey(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	until := s.now().Add(ShareTTL).Truncate(time.Second)
	token := SignShare(key, v.ID, until)
	err = s.Store.AppendAudit(ctx, &zhixi.AuditEntry{At: s.now(), ActorID: actor.ID, ActorRole: actor.Role, Action: zhixi.AuditExport,
		Object: "report_link", ObjectID: v.ID, StudentID: st.ID, IP: ip,
		Detail: fmt.Sprintf("分享链接，有效至 %s", until.In(beijing).Format("2006-01-02 15:04"))})
	if err != nil {
		return "", time.Time{}, err
	}
	return token, until, nil
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}
