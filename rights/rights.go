// Package rights holds the data-rights actions: a guardian exports a
// child's data or asks for it to be erased, staff confirm the erasure;
// and the retention job that removes data past its limits. Each action
// checks access and writes its change with its audit row in one
// transaction.
package rights

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// Store is what the data-rights actions need from storage.
type Store interface {
	zhixi.RightsService
	zhixi.StudentService
	Secret(ctx context.Context, name string, fresh func() (string, error)) (string, error)
}

// Service runs the data-rights actions.
type Service struct {
	store Store
	now   func() time.Time
}

// New returns a Service; now nil means time.Now.
func New(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now}
}

func audit(actor *zhixi.User, ip string, now time.Time, action string, studentID int64, detail string) *zhixi.AuditEntry {
	return &zhixi.AuditEntry{At: now, ActorID: actor.ID, ActorRole: actor.Role, Action: action, Object: "student",
		ObjectID: studentID, StudentID: studentID, Detail: detail, IP: ip}
}

// guardianOf loads a student the actor is a guardian of; ENOTFOUND for
// anyone else, as for a missing student.
func (s *Service) guardianOf(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.Student, error) {
	st, gids, err := zhixi.VisibleStudent(ctx, s.store, actor, id)
	if err != nil {
		return nil, err
	}
	if actor.Role != zhixi.RoleGuardian || !slices.Contains(gids, actor.ID) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.deletion_guardian")
	}
	return st, nil
}

// Export returns everything kept about a child, for a guardian of the
// child or an admin; audited as an export.
func (s *Service) Export(ctx context.Context, actor *zhixi.User, ip string, id int64, format string) (*zhixi.StudentExport, error) {
	if actor.Role != zhixi.RoleAdmin {
		if _, err := s.guardianOf(ctx, actor, id); err != nil {
			return nil, err
		}
	}
	return s.store.ExportStudent(ctx, id, audit(actor, ip, s.now(), zhixi.AuditExport, id, format))
}

// RequestDeletion records a guardian's request to erase a child's data;
// staff of the child's community confirm it.
func (s *Service) RequestDeletion(ctx context.Context, actor *zhixi.User, ip string, id int64) (*zhixi.DeletionRequest, error) {
	st, err := s.guardianOf(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	r := &zhixi.DeletionRequest{StudentID: st.ID, CommunityID: st.CommunityID, RequestedBy: actor.ID, RequestedAt: now}
	if err := s.store.RequestDeletion(ctx, r, audit(actor, ip, now, zhixi.AuditErasureAsk, st.ID, "")); err != nil {
		return nil, err
	}
	return r, nil
}

// Pending lists the open requests the actor may confirm: an admin's all,
// staff their community's.
func (s *Service) Pending(ctx context.Context, actor *zhixi.User) ([]zhixi.DeletionRequest, error) {
	switch actor.Role {
	case zhixi.RoleAdmin:
		return s.store.DeletionRequests(ctx, 0)
	case zhixi.RoleStaff:
		return s.store.DeletionRequests(ctx, actor.CommunityID)
	}
	return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
}

// ConfirmDeletion erases a child's personal data on an open request.
// typedName must be the child's name, so a slip of the finger erases
// nothing. Staff of the child's community and admins may confirm.
func (s *Service) ConfirmDeletion(ctx context.Context, actor *zhixi.User, ip string, id int64, typedName string) error {
	st, err := s.store.Student(ctx, id)
	if err != nil {
		return err
	}
	if !zhixi.CanManageStudents(actor, st.CommunityID) {
		return zhixi.Hidden()
	}
	if strings.TrimSpace(typedName) != st.Name {
		return zhixi.Errorf(zhixi.EINVALID, "err.deletion_confirm")
	}
	p, err := s.Pseudonym(ctx, st.ID)
	if err != nil {
		return err
	}
	now := s.now()
	// The audit detail names the pseudonym, never the child.
	return s.store.EraseStudent(ctx, st.ID, actor.ID, "已删除 "+p, now,
		audit(actor, ip, now, zhixi.AuditDelete, st.ID, "按监护人申请删除个人信息，化名 "+p))
}

const pseudonymSecret = "pseudonym"

// Pseudonym is a child's stable pseudonymous id: a keyed hash of the
// record's number, the same on every server, that reveals nothing
// without the database's secret.
func (s *Service) Pseudonym(ctx context.Context, studentID int64) (string, error) {
	key, err := s.store.Secret(ctx, pseudonymSecret, func() (string, error) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("random secret: %w", err)
		}
		return base64.RawURLEncoding.EncodeToString(b), nil
	})
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, []byte(key))
	fmt.Fprintf(m, "student %d", studentID)
	return "S-" + strings.ToUpper(hex.EncodeToString(m.Sum(nil))[:10]), nil
}
