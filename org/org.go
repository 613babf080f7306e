// Package org holds the actions company admins take on the organisation:
// streets, communities, rooms (with the communities they serve and their
// supervisors) and staff accounts; and their reading of the audit log.
// Page and API handlers decode input and call these; each checks access,
// validates and stores the change with its audit row in one transaction.
package org

import (
	"context"
	"slices"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/password"
)

// Store is what the actions need.
type Store interface {
	zhixi.OrgService
	zhixi.UserService
	zhixi.AccountService
	zhixi.AuditService
}

// Service runs the organisation actions.
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

func admin(a zhixi.Actor) error {
	if !zhixi.CanManageOrg(a.User) {
		return zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	return nil
}

// StreetInput is the street form.
type StreetInput struct {
	Name string `json:"name"`
}

// SaveStreet creates a street (id 0) or renames one.
func (s *Service) SaveStreet(ctx context.Context, a zhixi.Actor, id int64, in StreetInput) (*zhixi.Street, error) {
	if err := admin(a); err != nil {
		return nil, err
	}
	st := &zhixi.Street{ID: id, Name: in.Name}
	return st, s.store.SaveStreet(ctx, st, a.By())
}

// CommunityInput is the community form.
type CommunityInput struct {
	StreetID int64  `json:"street_id"`
	Name     string `json:"name"`
}

// SaveCommunity creates a community (id 0) or edits one.
func (s *Service) SaveCommunity(ctx context.Context, a zhixi.Actor, id int64, in CommunityInput) (*zhixi.Community, error) {
	if err := admin(a); err != nil {
		return nil, err
	}
	if in.StreetID == 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "所属街道")
	}
	c := &zhixi.Community{ID: id, StreetID: in.StreetID, Name: in.Name}
	return c, s.store.SaveCommunity(ctx, c, a.By())
}

// RoomInput is the room form: where it is, its seats, the communities it
// serves (the lending one among them) and its supervisors.
type RoomInput struct {
	CommunityID int64   `json:"community_id"`
	Name        string  `json:"name"`
	Location    string  `json:"location"`
	Seats       int     `json:"seats"`
	Communities []int64 `json:"communities"`
	Supervisors []int64 `json:"supervisors"`
}

// SaveRoom creates a room (id 0) or edits one, replacing the communities
// it serves and its supervisors.
func (s *Service) SaveRoom(ctx context.Context, a zhixi.Actor, id int64, in RoomInput) (*zhixi.Room, error) {
	if err := admin(a); err != nil {
		return nil, err
	}
	if in.CommunityID == 0 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "出借社区")
	}
	r := &zhixi.Room{ID: id, CommunityID: in.CommunityID, Name: in.Name, Location: in.Location, Seats: in.Seats,
		Communities: in.Communities, Supervisors: in.Supervisors}
	return r, s.store.SaveRoom(ctx, r, a.By())
}

// AccountInput is the staff account form. Password is set on creation
// only; Rooms apply to supervisors.
type AccountInput struct {
	Username    string     `json:"username"`
	DisplayName string     `json:"display_name"`
	Role        zhixi.Role `json:"role"`
	CommunityID int64      `json:"community_id"`
	StreetID    int64      `json:"street_id"`
	Rooms       []int64    `json:"rooms"`
	Password    string     `json:"password"`
}

// SaveAccount creates a staff account (id 0) or edits its name and scope.
// The role of an existing account does not change.
func (s *Service) SaveAccount(ctx context.Context, a zhixi.Actor, id int64, in AccountInput) (*zhixi.User, error) {
	if err := admin(a); err != nil {
		return nil, err
	}
	name, err := zhixi.CheckName("姓名", in.DisplayName)
	if err != nil {
		return nil, err
	}
	u := &zhixi.User{ID: id, DisplayName: name, Role: in.Role}
	if id != 0 {
		old, err := s.store.User(ctx, id)
		if err != nil {
			return nil, err
		}
		u.Username, u.Role = old.Username, old.Role
	}
	if !slices.Contains(zhixi.StaffRoles, u.Role) {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.staff_role")
	}
	switch u.Role {
	case zhixi.RoleStaff:
		if in.CommunityID == 0 {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "所属社区")
		}
		u.CommunityID = in.CommunityID
	case zhixi.RoleStreetViewer:
		if in.StreetID == 0 {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.field_required", "所属街道")
		}
		u.StreetID = in.StreetID
	case zhixi.RoleSupervisor:
		u.Rooms = in.Rooms
	}
	if id == 0 {
		if u.Username, err = CheckUsername(in.Username); err != nil {
			return nil, err
		}
		if err := zhixi.CheckNewPassword(in.Password); err != nil {
			return nil, err
		}
		if u.PasswordHash, err = s.hasher.Hash(ctx, in.Password); err != nil {
			return nil, err
		}
	}
	return u, s.store.SaveAccount(ctx, u, a.By())
}

// SetDisabled disables an account (never deleting it) or enables it again.
// An admin cannot disable their own account, so one admin always remains.
func (s *Service) SetDisabled(ctx context.Context, a zhixi.Actor, id int64, disabled bool) error {
	if err := admin(a); err != nil {
		return err
	}
	if id <= 0 {
		return zhixi.Errorf(zhixi.EINVALID, "err.field_required", "账号")
	}
	if disabled && id == a.User.ID {
		return zhixi.Errorf(zhixi.EINVALID, "err.disable_self")
	}
	return s.store.SetDisabled(ctx, id, disabled, a.By())
}

// CheckUsername trims a chosen login name and refuses an empty, long or
// spaced one: letters, digits, '_', '-' and '.' only, so it is easy to
// type on a phone.
func CheckUsername(name string) (string, error) {
	name, err := zhixi.CheckName("用户名", name)
	if err != nil {
		return name, err
	}
	for _, r := range name {
		ok := r == '_' || r == '-' || r == '.' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		if !ok {
			return name, zhixi.Errorf(zhixi.EINVALID, "err.username_chars")
		}
	}
	if len(name) < 3 {
		return name, zhixi.Errorf(zhixi.EINVALID, "err.username_short")
	}
	return name, nil
}
