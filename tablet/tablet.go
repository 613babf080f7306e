// Package tablet signs students into shared room tablets without a
// password: the room's supervisor shows a 6-digit code (10 minutes, once)
// that the student types, and tablet sessions end at check-out, when the
// room closes, or after 30 idle minutes.
package tablet

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

// Store is what the actions need.
type Store interface {
	zhixi.OrgService
	zhixi.StudentService
	zhixi.UserService
	zhixi.TabletService
}

// Service runs tablet sign-in.
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

// guessThrottle bounds wrong codes from one address: a room's tablets
// share one, and twenty slips in ten minutes is more than a room makes,
// while a million codes cannot be tried.
var guessThrottle = zhixi.Backoff{Free: 19, Base: 10 * time.Minute, Max: 10 * time.Minute, Forget: 10 * time.Minute}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte("tablet:" + code))
	return hex.EncodeToString(sum[:])
}

// RoomStudent checks that a may run room roomID and that the room serves
// student studentID's community.
func (s *Service) RoomStudent(ctx context.Context, a zhixi.Actor, roomID, studentID int64) (*zhixi.Room, *zhixi.Student, error) {
	room, err := s.store.Room(ctx, roomID)
	if err != nil {
		return nil, nil, err
	}
	if !zhixi.CanSuperviseRoom(a.User, room) {
		return nil, nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	if studentID <= 0 {
		return nil, nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "学生")
	}
	st, _, err := zhixi.VisibleStudent(ctx, s.store, a.User, studentID)
	if err != nil {
		return nil, nil, err
	}
	if !room.Serves(st.CommunityID) {
		return nil, nil, zhixi.Errorf(zhixi.EINVALID, "err.room_not_serving")
	}
	return room, st, nil
}

// Code issues a 6-digit sign-in code for the student on a tablet of the
// room, valid zhixi.TabletCodeTTL and once.
func (s *Service) Code(ctx context.Context, a zhixi.Actor, roomID, studentID int64) (string, *zhixi.TabletCode, error) {
	room, st, err := s.RoomStudent(ctx, a, roomID, studentID)
	if err != nil {
		return "", nil, err
	}
	now := s.now()
	// A clash with another live code is rare (a few live codes among a
	// million); draw again a few times.
	for try := 0; ; try++ {
		n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
		if err != nil {
			return "", nil, err
		}
		code := fmt.Sprintf("%06d", n.Int64())
		c := &zhixi.TabletCode{CodeHash: hashCode(code), StudentID: st.ID, RoomID: room.ID, CreatedBy: a.User.ID,
			CreatedAt: now, ExpiresAt: now.Add(zhixi.TabletCodeTTL)}
		err = s.store.CreateTabletCode(ctx, c, a.By())
		if zhixi.ErrorCode(err) == zhixi.ECONFLICT && try < 5 {
			continue
		}
		if err != nil {
			return "", nil, err
		}
		return code, c, nil
	}
}

// SignIn uses a code typed on a tablet from address ip and returns the
// student's account and the room, for the caller to start a tablet
// session. Wrong codes count against the address.
func (s *Service) SignIn(ctx context.Context, code, ip string) (*zhixi.User, *zhixi.TabletCode, error) {
	now := s.now()
	key := "tablet:" + ip
	until, err := s.store.LoginLockedUntil(ctx, key, now)
	if err != nil {
		return nil, nil, err
	}
	if !until.IsZero() {
		return nil, nil, zhixi.Errorf(zhixi.ELOCKED, "err.login_locked", int(until.Sub(now).Minutes())+1)
	}
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return nil, nil, zhixi.Errorf(zhixi.EINVALID, "err.tablet_code_format")
	}
	u, c, err := s.store.UseTabletCode(ctx, hashCode(code), now)
	if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
		e := &zhixi.AuditEntry{At: now, Action: zhixi.AuditLoginFailed, Object: "tablet_code", Detail: "平板登录码错误", IP: ip}
		if _, ferr := s.store.RecordLoginFailure(ctx, now, []zhixi.LoginKey{{Key: key, Backoff: guessThrottle}}, e); ferr != nil {
			return nil, nil, ferr
		}
	}
	return u, c, err
}

// EndStudent ends the student's tablet sessions: the room's check-out
// calls it, so the next student on that tablet starts from the sign-in
// page.
func (s *Service) EndStudent(ctx context.Context, studentID int64) (int64, error) {
	return s.store.EndTabletSessions(ctx, studentID)
}

// EndRoom ends every tablet session of the room, when it closes.
func (s *Service) EndRoom(ctx context.Context, roomID int64) (int64, error) {
	return s.store.EndRoomTabletSessions(ctx, roomID)
}

// Handover signs the student in on the device the supervisor holds: the
// one-tap way. It returns the student's tablet account.
func (s *Service) Handover(ctx context.Context, a zhixi.Actor, roomID, studentID int64) (*zhixi.User, error) {
	_, st, err := s.RoomStudent(ctx, a, roomID, studentID)
	if err != nil {
		return nil, err
	}
	return s.store.StudentAccount(ctx, st.ID, a.By())
}
