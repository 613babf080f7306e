package account

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/password"
)

// CanManage reports whether actor may lift target's back-off or issue it
// a reset code: admins any account; staff the accounts of their community
// (students, supervisors, staff) and the guardians of its students.
func (s *Service) CanManage(ctx context.Context, actor, target *zhixi.User) (bool, error) {
	switch {
	case actor.Role == zhixi.RoleAdmin:
		return true, nil
	case actor.Role != zhixi.RoleStaff:
		return false, nil
	case target.Role == zhixi.RoleAdmin || target.Role == zhixi.RoleStreetViewer:
		return false, nil
	case target.Role == zhixi.RoleGuardian:
		kids, err := s.store.Students(ctx, zhixi.StudentFilter{GuardianID: target.ID})
		if err != nil {
			return false, err
		}
		for _, k := range kids {
			if k.CommunityID == actor.CommunityID {
				return true, nil
			}
		}
		return false, nil
	}
	return target.CommunityID == actor.CommunityID, nil
}

// Status is what staff see of an account's safety.
type Status struct {
	User        *zhixi.User
	LockedUntil time.Time // zero if no back-off
}

// managed loads target if actor may manage it; ENOTFOUND otherwise, as
// for a missing account.
func (s *Service) managed(ctx context.Context, actor *zhixi.User, id int64) (*zhixi.User, error) {
	u, err := s.store.User(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.CanManage(ctx, actor, u)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, zhixi.Hidden()
	}
	return u, nil
}

// AccountStatus returns target's back-off for staff in scope.
func (s *Service) AccountStatus(ctx context.Context, actor *zhixi.User, id int64) (*Status, error) {
	u, err := s.managed(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	until, err := s.store.LoginLockedUntil(ctx, ThrottleKey(u.Username), s.now())
	if err != nil {
		return nil, err
	}
	return &Status{User: u, LockedUntil: until}, nil
}

// Unlock lifts the back-off of account id (its new-device key; known
// devices never wait on it). It reports whether there was one.
func (s *Service) Unlock(ctx context.Context, r Request, actor *zhixi.User, id int64) (bool, error) {
	u, err := s.managed(ctx, actor, id)
	if err != nil {
		return false, err
	}
	return s.store.ClearLoginFailures(ctx, ThrottleKey(u.Username), audit(r, s.now(), actor, zhixi.AuditUnlock, u.ID, ""))
}

// ChangePassword sets actor's own password after checking the current
// one. Other sessions of the account end; session (the caller's token)
// stays.
func (s *Service) ChangePassword(ctx context.Context, r Request, actor *zhixi.User, session, current, next string) error {
	if err := s.checkNew(next); err != nil {
		return err
	}
	u, err := s.store.User(ctx, actor.ID)
	if err != nil {
		return err
	}
	if err := s.hasher.Verify(ctx, current, u.PasswordHash); err != nil {
		if errors.Is(err, password.ErrMismatch) {
			return zhixi.Errorf(zhixi.EINVALID, "err.password_current")
		}
		return err
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	return s.store.ChangePassword(ctx, u.ID, hash, HashToken(session), audit(r, s.now(), actor, zhixi.AuditPassword, u.ID, "本人修改"))
}

// maxPassword bounds what is hashed: argon2id takes any length, a form
// should not.
const maxPassword = 128

// checkNew applies the password policy with a Chinese message.
func (s *Service) checkNew(pw string) error {
	if err := zhixi.CheckNewPassword(pw); err != nil {
		return err
	}
	if _, err := zhixi.CheckText("新密码", pw, maxPassword); err != nil {
		return err
	}
	if errors.Is(password.Check(pw), password.ErrCommon) {
		return zhixi.Errorf(zhixi.EINVALID, "err.password_common")
	}
	return nil
}

// resetAlphabet leaves out letters and digits that read alike (0/O, 1/I/L).
const resetAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// IssueResetCode makes a one-time code for account id, shown once to
// the staff member who reads it to the account's owner. It replaces the
// account's unused codes.
func (s *Service) IssueResetCode(ctx context.Context, r Request, actor *zhixi.User, id int64) (string, time.Time, error) {
	u, err := s.managed(ctx, actor, id)
	if err != nil {
		return "", time.Time{}, err
	}
	var b strings.Builder
	for range 10 {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(resetAlphabet))))
		if err != nil {
			return "", time.Time{}, fmt.Errorf("random reset code: %w", err)
		}
		b.WriteByte(resetAlphabet[n.Int64()])
	}
	code := b.String()
	now := s.now()
	c := &zhixi.ResetCode{CodeHash: HashToken(code), UserID: u.ID, IssuedBy: actor.ID, CreatedAt: now, ExpiresAt: now.Add(ResetCodeLifetime)}
	if err := s.store.CreateResetCode(ctx, c, audit(r, now, actor, zhixi.AuditResetCode, u.ID, "")); err != nil {
		return "", time.Time{}, err
	}
	return code, c.ExpiresAt, nil
}

// NormalizeCode reads a code as typed: spaces and dashes dropped, upper
// case.
func NormalizeCode(code string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
}

// ResetPassword sets a new password with a reset code. The code works
// once, before it expires; every session of the account ends.
func (s *Service) ResetPassword(ctx context.Context, r Request, code, next string) (*zhixi.User, error) {
	code = NormalizeCode(code)
	if code == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "重置码")
	}
	if _, err := zhixi.CheckText("重置码", code, 32); err != nil {
		return nil, err
	}
	if err := s.checkNew(next); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return nil, err
	}
	now := s.now()
	e := &zhixi.AuditEntry{At: now, Action: zhixi.AuditPassword, Object: "user", Detail: "重置码", IP: r.IP}
	return s.store.UseResetCode(ctx, HashToken(code), hash, now, e)
}
