// Package quota runs the 公益名额: free regular-study places a year per
// community for families in hardship (低保, 特困, 低保边缘 and others as
// configured). A guardian or staff member applies, staff verify the
// category from a certificate they see (recording its type and the year it
// is valid for, never an image), approve or reject with a reason, and a
// waiting list fills freed places in order.
package quota

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
)

// Store is what the 公益名额 needs from storage.
type Store interface {
	zhixi.OrgService
	zhixi.StudentService
	zhixi.QuotaService
	zhixi.AuditAppender
}

// Defaults, each changeable on the Service.
const DefaultPlaces = 5

// DefaultCategories are the hardship categories staff may verify.
var DefaultCategories = []string{"低保", "特困", "低保边缘"}

// Service runs the 公益名额 actions.
type Service struct {
	store Store
	now   func() time.Time
	// Places is the places a year per community when staff set none.
	Places int
	// Categories are the hardship categories accepted.
	Categories []string
}

// NewService returns a Service with the defaults; now nil means time.Now.
func NewService(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now, Places: DefaultPlaces, Categories: slices.Clone(DefaultCategories)}
}

// Year is the current year in Beijing: places run to 31 December.
func (s *Service) Year() int { return s.now().In(calendar.Beijing).Year() }

// canManage reports whether actor runs community cid's places.
func canManage(actor *zhixi.User, cid int64) bool {
	return actor.Role == zhixi.RoleAdmin || (actor.Role == zhixi.RoleStaff && actor.CommunityID == cid)
}

// Places returns the places of a community in a year.
func (s *Service) PlacesOf(ctx context.Context, communityID int64, year int) (int, error) {
	n, ok, err := s.store.QuotaPlaces(ctx, communityID, year)
	if err != nil || ok {
		return n, err
	}
	return s.Places, nil
}

// SetPlaces changes a community's places for a year.
func (s *Service) SetPlaces(ctx context.Context, actor *zhixi.User, communityID int64, year, places int) error {
	if !canManage(actor, communityID) {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if places < 0 || places > 1000 {
		return zhixi.Errorf(zhixi.EINVALID, "err.quota_places")
	}
	if year < 2000 || year > 2100 {
		return zhixi.Errorf(zhixi.EINVALID, "err.quota_year")
	}
	a := zhixi.NewAudit(ctx, actor, s.now(), zhixi.AuditUpdate, "quota_places", communityID, 0, "")
	return s.store.SetQuotaPlaces(ctx, communityID, year, places, a)
}

// ApplyInput is the application form.
type ApplyInput struct {
	StudentID int64  `json:"student_id"`
	Category  string `json:"category"`
	Note      string `json:"note"`
}

// Apply files an application for the current year, by a guardian of the
// child or staff of its community.
func (s *Service) Apply(ctx context.Context, actor *zhixi.User, in ApplyInput) (*zhixi.QuotaApplication, error) {
	switch actor.Role {
	case zhixi.RoleGuardian, zhixi.RoleStaff, zhixi.RoleAdmin:
	default:
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if in.StudentID <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "孩子")
	}
	st, _, err := zhixi.VisibleStudent(ctx, s.store, actor, in.StudentID)
	if err != nil {
		return nil, err
	}
	if actor.Role != zhixi.RoleGuardian && !canManage(actor, st.CommunityID) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	in.Category = strings.TrimSpace(in.Category)
	if !slices.Contains(s.Categories, in.Category) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.quota_category", strings.Join(s.Categories, "、"))
	}
	if len([]rune(in.Note)) > 200 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.too_long", "备注", 200)
	}
	now := s.now()
	q := &zhixi.QuotaApplication{CommunityID: st.CommunityID, StudentID: st.ID, Year: s.Year(), Category: in.Category,
		Note: strings.TrimSpace(in.Note), AppliedBy: actor.ID, AppliedAt: now}
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditCreate, "quota", 0, st.ID, in.Category)
	if err := s.store.ApplyQuota(ctx, q, a); err != nil {
		return nil, err
	}
	q.StudentName = st.Name
	return q, nil
}

// ApplyInCommunity is Apply by staff from a community's page: the child
// must be of that community.
func (s *Service) ApplyInCommunity(ctx context.Context, actor *zhixi.User, communityID int64, in ApplyInput) (*zhixi.QuotaApplication, error) {
	if !canManage(actor, communityID) {
		return nil, zhixi.Hidden()
	}
	if in.StudentID > 0 {
		st, err := s.store.Student(ctx, in.StudentID)
		if err != nil || st.CommunityID != communityID {
			return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.student_not_found")
		}
	}
	return s.Apply(ctx, actor, in)
}

// Decide runs a staff decision (verify, approve, reject, release) on an
// application of community communityID; in carries what each needs.
func (s *Service) Decide(ctx context.Context, actor *zhixi.User, communityID, id int64, op string, in Decision) (*zhixi.QuotaApplication, error) {
	if !canManage(actor, communityID) {
		return nil, zhixi.Hidden()
	}
	if id <= 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "申请")
	}
	if q, err := s.store.QuotaApplication(ctx, id); err != nil || q.CommunityID != communityID {
		return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.quota_not_found")
	}
	switch op {
	case "verify":
		return s.Verify(ctx, actor, id, VerifyInput{Category: in.Category, CertificateType: in.CertificateType, CertificateYear: in.CertificateYear})
	case "approve":
		return s.Approve(ctx, actor, id)
	case "reject":
		return s.Reject(ctx, actor, id, in.Reason)
	case "release":
		if _, err := s.Release(ctx, actor, id, in.Reason); err != nil {
			return nil, err
		}
		return s.store.QuotaApplication(ctx, id)
	}
	return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.not_found")
}

// Decision is the body of a staff decision: what each one needs.
type Decision struct {
	ApplicationID   int64  `json:"application_id"`
	Category        string `json:"category"`
	CertificateType string `json:"certificate_type"`
	CertificateYear int    `json:"certificate_year"`
	Reason          string `json:"reason"`
}

// managed loads an application actor may decide on.
func (s *Service) managed(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.QuotaApplication, error) {
	q, err := s.store.QuotaApplication(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canManage(actor, q.CommunityID) {
		return nil, zhixi.WrapError(zhixi.ENOTFOUND, "err.quota_not_found", zhixi.ErrDenied)
	}
	return q, nil
}

// VerifyInput is what staff record from the certificate they saw.
type VerifyInput struct {
	Category        string `json:"category"`
	CertificateType string `json:"certificate_type"`
	CertificateYear int    `json:"certificate_year"`
}

// Verify records that staff checked the family's category.
func (s *Service) Verify(ctx context.Context, actor *zhixi.User, id int64, in VerifyInput) (*zhixi.QuotaApplication, error) {
	q, err := s.managed(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	in.Category = strings.TrimSpace(in.Category)
	if in.Category == "" {
		in.Category = q.Category
	}
	in.CertificateType = strings.TrimSpace(in.CertificateType)
	switch {
	case !slices.Contains(s.Categories, in.Category):
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.quota_category", strings.Join(s.Categories, "、"))
	case in.CertificateType == "":
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "证明类型")
	case in.CertificateYear != q.Year:
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.cert_year", q.Year)
	}
	now := s.now()
	q.Category, q.CertificateType, q.CertificateYear, q.VerifiedBy, q.VerifiedAt = in.Category, in.CertificateType, in.CertificateYear, actor.ID, now
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditUpdate, "quota", q.ID, q.StudentID, "verified "+in.Category)
	if err := s.store.VerifyQuota(ctx, q, a); err != nil {
		return nil, err
	}
	return s.store.QuotaApplication(ctx, id)
}

// Approve gives a verified application a place, or a place on the waiting
// list when the community's places are taken.
func (s *Service) Approve(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.QuotaApplication, error) {
	q, err := s.managed(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	places, err := s.PlacesOf(ctx, q.CommunityID, q.Year)
	if err != nil {
		return nil, err
	}
	now := s.now()
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditUpdate, "quota", q.ID, q.StudentID, "")
	if _, err := s.store.ApproveQuota(ctx, q.ID, places, actor.ID, now, a); err != nil {
		return nil, err
	}
	return s.one(ctx, q.ID)
}

// one reloads an application with its waiting-list place.
func (s *Service) one(ctx context.Context, id int64) (*zhixi.QuotaApplication, error) {
	q, err := s.store.QuotaApplication(ctx, id)
	if err != nil || q.Status != zhixi.QuotaWaiting {
		return q, err
	}
	list, err := s.store.QuotaApplications(ctx, zhixi.QuotaFilter{CommunityID: q.CommunityID, Year: q.Year, Status: zhixi.QuotaWaiting})
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ID == id {
			return &list[i], nil
		}
	}
	return q, nil
}

// Reject turns an application down with a reason.
func (s *Service) Reject(ctx context.Context, actor *zhixi.User, id int64, reason string) (*zhixi.QuotaApplication, error) {
	q, err := s.managed(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "不通过的原因")
	}
	now := s.now()
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditUpdate, "quota", q.ID, q.StudentID, "rejected")
	if err := s.store.RejectQuota(ctx, q.ID, reason, actor.ID, now, a); err != nil {
		return nil, err
	}
	return s.store.QuotaApplication(ctx, id)
}

// Release ends a place (the family moved, gave it up); the first on the
// waiting list gets it and is returned.
func (s *Service) Release(ctx context.Context, actor *zhixi.User, id int64, reason string) (*zhixi.QuotaApplication, error) {
	q, err := s.managed(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "释放名额的原因")
	}
	places, err := s.PlacesOf(ctx, q.CommunityID, q.Year)
	if err != nil {
		return nil, err
	}
	now := s.now()
	a := zhixi.NewAudit(ctx, actor, now, zhixi.AuditUpdate, "quota", q.ID, q.StudentID, "released")
	return s.store.ReleaseQuota(ctx, q.ID, places, reason, actor.ID, now, a)
}

// Board is a community's places for a year as staff see them.
type Board struct {
	Community    *zhixi.Community
	Year         int
	Places, Used int
	Applications []zhixi.QuotaApplication
	Categories   []string
}

// CommunityBoard lists a community's applications for a year. The read
// is audited, and fails when its row cannot be written.
func (s *Service) CommunityBoard(ctx context.Context, actor *zhixi.User, communityID int64, year int, via zhixi.Via) (*Board, error) {
	c, err := s.store.Community(ctx, communityID)
	if err != nil {
		return nil, err
	}
	if !canManage(actor, c.ID) {
		return nil, zhixi.Hidden()
	}
	if year == 0 {
		year = s.Year()
	}
	b := &Board{Community: c, Year: year, Categories: s.Categories}
	if b.Places, err = s.PlacesOf(ctx, c.ID, year); err != nil {
		return nil, err
	}
	if b.Applications, err = s.store.QuotaApplications(ctx, zhixi.QuotaFilter{CommunityID: c.ID, Year: year}); err != nil {
		return nil, err
	}
	for _, q := range b.Applications {
		if q.Status == zhixi.QuotaApproved {
			b.Used++
		}
	}
	// The API's rows have always said only "API".
	detail := fmt.Sprintf("%d 份申请", len(b.Applications))
	if via != zhixi.ViaPage {
		detail = string(via)
	}
	if err := zhixi.AppendRead(ctx, s.store, actor, s.now(), "quota_list", c.ID, 0, detail); err != nil {
		return nil, err
	}
	return b, nil
}

// Family lists a guardian's children's applications, with their places
// on the waiting list (an audited read).
func (s *Service) Family(ctx context.Context, actor *zhixi.User, via zhixi.Via) ([]zhixi.QuotaApplication, error) {
	if actor.Role != zhixi.RoleGuardian {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	list, err := s.store.QuotaApplications(ctx, zhixi.QuotaFilter{GuardianID: actor.ID})
	if err != nil {
		return nil, err
	}
	detail := via.Detail(fmt.Sprintf("监护人的 %d 份申请", len(list)))
	if err := zhixi.AppendRead(ctx, s.store, actor, s.now(), "quota_list", actor.ID, 0, detail); err != nil {
		return nil, err
	}
	return list, nil
}
