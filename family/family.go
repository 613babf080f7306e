// Package family holds the actions that bring families in without SMS or
// e-mail: staff register a guardian and children and hand over an
// invitation (a one-time code and its QR code); the guardian accepts it on
// a phone and consents; staff record consent given on paper; guardians
// withdraw; operators publish new notice versions. It also reads the
// children's records (lists, one child, consents, the paper form), each
// read audited. Page and API handlers decode input and call these.
package family

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/org"
	"github.com/zhixi-org/zhixi/password"
)

// Store is what the actions need.
type Store interface {
	zhixi.OrgService
	zhixi.UserService
	zhixi.StudentService
	zhixi.FamilyService
	zhixi.ConsentService
	zhixi.AuditAppender
}

// Service runs the family actions.
type Service struct {
	store  Store
	hasher *password.Hasher
	now    func() time.Time
}

// New returns a Service; now nil means time.Now.
func New(st Store, h *password.Hasher, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, hasher: h, now: now}
}

// GuardianInput is the guardian part of the registration form.
type GuardianInput struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone"`
}

// ChildInput is one child on the registration form.
type ChildInput struct {
	Name       string `json:"name"`
	Grade      int    `json:"grade"`
	BirthMonth string `json:"birth_month"` // "2016-10"
}

// RegisterInput registers a family. Without a guardian name no
// invitation is made (staff can issue one later). Confirm registers a
// child even if one with the same name and birth month is in the
// community.
type RegisterInput struct {
	Guardian GuardianInput `json:"guardian"`
	Children []ChildInput  `json:"children"`
	Confirm  bool          `json:"confirm"`
}

// Registration is what staff show or print: the children and, when a
// guardian was named, the invitation with its code (shown only now).
type Registration struct {
	Students   []*zhixi.Student
	Invitation *zhixi.Invitation
	Code       string
}

func (s *Service) community(ctx context.Context, a zhixi.Actor, id int64) (*zhixi.Community, error) {
	c, err := s.store.Community(ctx, id)
	if err != nil {
		return nil, err
	}
	if !zhixi.CanSeeCommunity(a.User, c) {
		return nil, zhixi.Hidden()
	}
	if !zhixi.CanManageStudents(a.User, c.ID) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	return c, nil
}

// Register stores the children of a family in community communityID and,
// when a guardian is named, an invitation for them, in one transaction.
// A child with the same name and birth month in the community asks for
// confirmation (ECONFLICT err.duplicate_child) unless in.Confirm.
func (s *Service) Register(ctx context.Context, a zhixi.Actor, communityID int64, in RegisterInput) (*Registration, error) {
	c, err := s.community(ctx, a, communityID)
	if err != nil {
		return nil, err
	}
	if len(in.Children) == 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.invitation_no_child")
	}
	now := s.now()
	var kids []*zhixi.Student
	for _, ch := range in.Children {
		k, err := s.child(ch, now)
		if err != nil {
			return nil, err
		}
		k.CommunityID = c.ID
		if !in.Confirm {
			same, err := s.store.StudentsByNameMonth(ctx, c.ID, k.Name, k.BirthMonth)
			if err != nil {
				return nil, err
			}
			if len(same) > 0 {
				return nil, zhixi.Errorf(zhixi.ECONFLICT, "err.duplicate_child", k.Name, k.BirthMonth.Format("2006-01"), c.Name)
			}
		}
		kids = append(kids, k)
	}
	reg := &Registration{Students: kids}
	if strings.TrimSpace(in.Guardian.Name) == "" && in.Guardian.Relation == "" && in.Guardian.Phone == "" {
		return reg, s.store.RegisterFamily(ctx, kids, nil, a.By())
	}
	inv, code, err := s.invitation(a, c.ID, in.Guardian, now)
	if err != nil {
		return nil, err
	}
	if err := s.store.RegisterFamily(ctx, kids, inv, a.By()); err != nil {
		return nil, err
	}
	reg.Invitation, reg.Code = inv, code
	return reg, nil
}

// child validates one child of the form.
func (s *Service) child(in ChildInput, now time.Time) (*zhixi.Student, error) {
	name, err := zhixi.CheckName("姓名", in.Name)
	if err != nil {
		return nil, err
	}
	if in.Grade < 1 || in.Grade > 12 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.invalid_grade")
	}
	birth, err := time.Parse("2006-01", strings.TrimSpace(in.BirthMonth))
	if err != nil {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.invalid_birth")
	}
	if err := zhixi.CheckBirthGrade(in.Grade, birth, now); err != nil {
		return nil, err
	}
	return &zhixi.Student{Name: name, Grade: in.Grade, BirthMonth: birth, CreatedAt: now}, nil
}

// invitation validates the guardian and draws a code.
func (s *Service) invitation(a zhixi.Actor, communityID int64, g GuardianInput, now time.Time) (*zhixi.Invitation, string, error) {
	name, err := zhixi.CheckName("监护人姓名", g.Name)
	if err != nil {
		return nil, "", err
	}
	relation, err := zhixi.CheckName("与孩子的关系", g.Relation)
	if err != nil {
		return nil, "", err
	}
	phone, err := checkPhone(g.Phone)
	if err != nil {
		return nil, "", err
	}
	code, err := newCode()
	if err != nil {
		return nil, "", err
	}
	return &zhixi.Invitation{CodeHash: HashCode(code), CommunityID: communityID, GuardianName: name, Relation: relation,
		Phone: phone, CreatedBy: a.User.ID, CreatedAt: now, ExpiresAt: now.Add(zhixi.InvitationTTL)}, code, nil
}

// checkPhone accepts an empty phone or digits with spaces and dashes.
func checkPhone(p string) (string, error) {
	p = strings.TrimSpace(p)
	digits := 0
	for _, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == ' ' || r == '+':
		default:
			return p, zhixi.Errorf(zhixi.EINVALID, "err.bad_phone")
		}
	}
	if p != "" && (digits < 7 || digits > 15) {
		return p, zhixi.Errorf(zhixi.EINVALID, "err.bad_phone")
	}
	return p, nil
}

// Invite issues a new invitation for existing children: for a second
// guardian, or for a guardian who has an account and links one more child.
func (s *Service) Invite(ctx context.Context, a zhixi.Actor, studentIDs []int64, g GuardianInput) (*zhixi.Invitation, string, error) {
	if len(studentIDs) == 0 {
		return nil, "", zhixi.Errorf(zhixi.EINVALID, "err.invitation_no_child")
	}
	first, _, err := zhixi.VisibleStudent(ctx, s.store, a.User, studentIDs[0])
	if err != nil {
		return nil, "", err
	}
	if _, err := s.community(ctx, a, first.CommunityID); err != nil {
		return nil, "", err
	}
	inv, code, err := s.invitation(a, first.CommunityID, g, s.now())
	if err != nil {
		return nil, "", err
	}
	inv.StudentIDs = studentIDs
	if err := s.store.CreateInvitation(ctx, inv, a.By()); err != nil {
		return nil, "", err
	}
	return inv, code, nil
}

// codeAlphabet leaves out 0/O, 1/I/L, which grandparents misread.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newCode draws an 8-character code shown as ABCD-EFGH: 31^8 ≈ 8.5e11
// values, beyond guessing within the 7 days it works.
func newCode() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	out := make([]byte, 0, 9)
	for i, x := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[int(x)%len(codeAlphabet)])
	}
	return string(out), nil
}

// NormalizeCode reads a code as typed: case, spaces and dashes do not
// matter.
func NormalizeCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// HashCode is the stored form of an invitation code.
func HashCode(code string) string {
	sum := sha256.Sum256([]byte("invitation:" + NormalizeCode(code)))
	return hex.EncodeToString(sum[:])
}

// Invitation shows a valid invitation before it is accepted: the children
// it names and the notice to read.
type Invitation struct {
	*zhixi.Invitation
	Students []zhixi.Student
	Notice   *zhixi.Notice
}

// Lookup finds a valid invitation by its code.
func (s *Service) Lookup(ctx context.Context, code string) (*Invitation, error) {
	if NormalizeCode(code) == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "邀请码")
	}
	inv, err := s.store.Invitation(ctx, HashCode(code), s.now())
	if err != nil {
		return nil, err
	}
	out := &Invitation{Invitation: inv}
	for _, id := range inv.StudentIDs {
		st, err := s.store.Student(ctx, id)
		if err != nil {
			return nil, err
		}
		out.Students = append(out.Students, *st)
	}
	if out.Notice, err = s.store.Notice(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// AcceptInput is the guardian's answer to an invitation. A guardian who is
// signed in links the children to their account and needs no username or
// password.
type AcceptInput struct {
	Code          string `json:"code"`
	Username      string `json:"username"`
	Password      string `json:"password"`
	Password2     string `json:"password_again"`
	Consent       bool   `json:"consent"`
	NoticeVersion int    `json:"notice_version"`
}

// Accept uses an invitation once: it opens the guardian's account (or
// uses the signed-in guardian's), links the children and records the
// guardian's consent to the notice they read. It returns the account.
func (s *Service) Accept(ctx context.Context, current *zhixi.User, ip string, in AcceptInput) (*zhixi.User, error) {
	inv, err := s.Lookup(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	if !in.Consent {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.consent_tick")
	}
	if in.NoticeVersion == 0 {
		in.NoticeVersion = inv.Notice.Version
	}
	g := &zhixi.User{}
	switch {
	case current != nil && current.Role == zhixi.RoleGuardian:
		g = current
	case current != nil:
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.invitation_signed_in")
	default:
		if g.Username, err = org.CheckUsername(in.Username); err != nil {
			return nil, err
		}
		if err := zhixi.CheckNewPassword(in.Password); err != nil {
			return nil, err
		}
		if in.Password != in.Password2 {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.password_mismatch")
		}
		if g.PasswordHash, err = s.hasher.Hash(ctx, in.Password); err != nil {
			return nil, err
		}
	}
	if err := s.store.AcceptInvitation(ctx, HashCode(in.Code), g, in.NoticeVersion, s.now(), ip); err != nil {
		return nil, err
	}
	return g, nil
}
