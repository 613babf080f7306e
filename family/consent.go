package family

import (
	"context"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// Consent gives a guardian's consent in the app to the notice version
// they read (0: the current one).
func (s *Service) Consent(ctx context.Context, a zhixi.Actor, studentID int64, noticeVersion int) (*zhixi.Consent, error) {
	st, _, err := zhixi.VisibleStudent(ctx, s.store, a.User, studentID)
	if err != nil {
		return nil, err
	}
	if a.User.Role != zhixi.RoleGuardian {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.consent_guardian")
	}
	c := &zhixi.Consent{StudentID: st.ID, NoticeVersion: noticeVersion, Method: zhixi.ConsentApp, GuardianID: a.User.ID, At: s.now()}
	return c, s.store.GiveConsent(ctx, c, a.By())
}

// PaperInput is a consent form signed on paper, as staff record it.
type PaperInput struct {
	GuardianName  string `json:"guardian_name"`
	PaperRef      string `json:"paper_ref"`
	PaperDate     string `json:"paper_date"` // "2026-12-05"
	NoticeVersion int    `json:"notice_version"`
}

// RecordPaper records consent a guardian gave on the printed form: who
// recorded it, the form's reference number and the date it was signed.
func (s *Service) RecordPaper(ctx context.Context, a zhixi.Actor, studentID int64, in PaperInput) (*zhixi.Consent, error) {
	st, _, err := zhixi.VisibleStudent(ctx, s.store, a.User, studentID)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanManageStudents(a.User, st.CommunityID) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	name, err := zhixi.CheckName("签字的监护人", in.GuardianName)
	if err != nil {
		return nil, err
	}
	ref, err := zhixi.CheckName("同意书编号", in.PaperRef)
	if err != nil {
		return nil, err
	}
	now := s.now()
	date, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.PaperDate), now.Location())
	if err != nil {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.bad_date", "签署日期")
	}
	if date.After(now) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.date_future", "签署日期")
	}
	c := &zhixi.Consent{StudentID: st.ID, NoticeVersion: in.NoticeVersion, Method: zhixi.ConsentPaper, GuardianName: name,
		RecordedBy: a.User.ID, PaperRef: ref, PaperDate: date, At: now}
	return c, s.store.GiveConsent(ctx, c, a.By())
}

// Withdraw withdraws the consent in force: screening and practice stop at
// once. The child's guardian may, and staff recording a guardian's
// withdrawal on paper.
func (s *Service) Withdraw(ctx context.Context, a zhixi.Actor, studentID int64) error {
	st, gids, err := zhixi.VisibleStudent(ctx, s.store, a.User, studentID)
	if err != nil {
		return err
	}
	isGuardian := a.User.Role == zhixi.RoleGuardian && containsID(gids, a.User.ID)
	if !isGuardian && !zhixi.CanManageStudents(a.User, st.CommunityID) {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	return s.store.WithdrawConsent(ctx, st.ID, s.now(), a.By())
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// NoticeInput is the notice form operators edit.
type NoticeInput struct {
	Purpose   string `json:"purpose"`
	Kept      string `json:"kept"`
	Place     string `json:"place"`
	Retention string `json:"retention"`
	Access    string `json:"access"`
	Rights    string `json:"rights"`
}

// MaxNoticeField is the longest section of the notice, in characters.
const MaxNoticeField = 1000

// PublishNotice stores a new notice version; every guardian is asked to
// consent again before the next screening or practice.
func (s *Service) PublishNotice(ctx context.Context, a zhixi.Actor, in NoticeInput) (*zhixi.Notice, error) {
	if !zhixi.CanManageOrg(a.User) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	n := &zhixi.Notice{CreatedAt: s.now(), CreatedBy: a.User.ID}
	fields := []struct {
		label string
		in    string
		out   *string
	}{
		{"目的", in.Purpose, &n.Purpose}, {"保存哪些信息", in.Kept, &n.Kept}, {"保存在哪里", in.Place, &n.Place},
		{"保存多久", in.Retention, &n.Retention}, {"谁能看到", in.Access, &n.Access}, {"如何撤回、导出和删除", in.Rights, &n.Rights},
	}
	for _, f := range fields {
		// Paragraphs may break lines; nothing else invisible is allowed.
		v := strings.TrimSpace(strings.ReplaceAll(f.in, "\r\n", "\n"))
		if _, err := zhixi.CheckText(f.label, strings.ReplaceAll(v, "\n", " "), MaxNoticeField); err != nil {
			return nil, err
		}
		if v == "" {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", f.label)
		}
		*f.out = v
	}
	return n, s.store.PublishNotice(ctx, n, a.By())
}
