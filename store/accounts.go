package store

import (
	"context"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
)

var _ zhixi.AccountService = (*DB)(nil)

// SaveAccount implements zhixi.AccountService.
func (db *DB) SaveAccount(ctx context.Context, u *zhixi.User, by zhixi.AuditEntry) error {
	action := createOrUpdate(u.ID)
	if u.ID == 0 && u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	err := db.tx(ctx, func(h handle) error {
		if u.ID == 0 {
			if err := db.insertUser(ctx, h, u); err != nil {
				return err
			}
		} else {
			res, err := h.exec(ctx, "UPDATE users SET display_name = ?, community_id = ?, street_id = ? WHERE id = ? AND role = ?",
				u.DisplayName, nullID(u.CommunityID), nullID(u.StreetID), u.ID, string(u.Role))
			if err != nil {
				return db.refError(ctx, err, "update account", userRefs(u)...)
			}
			if err := affected(res, nil, "update account", "err.user_not_found"); err != nil {
				return err
			}
		}
		if u.Role == zhixi.RoleSupervisor {
			if _, err := h.exec(ctx, "DELETE FROM room_supervisors WHERE user_id = ?", u.ID); err != nil {
				return dbError(err, "save supervisor rooms")
			}
			for _, r := range u.Rooms {
				if _, err := h.exec(ctx, "INSERT INTO room_supervisors (room_id, user_id) VALUES (?, ?)", r, u.ID); err != nil {
					return db.refError(ctx, err, "save supervisor rooms", ref{"rooms", r, "err.room_not_found"})
				}
			}
		}
		return auditIn(ctx, h, &by, action, "user", u.ID, 0, u.Username+" "+string(u.Role))
	})
	if err != nil && action == zhixi.AuditCreate {
		u.ID = 0
	}
	return err
}

// insertUser is CreateUser's insert on a caller's handle, so an account
// can be created inside a larger transaction.
func (db *DB) insertUser(ctx context.Context, h handle, u *zhixi.User) error {
	u.Username = strings.TrimSpace(u.Username)
	switch {
	case u.Username == "":
		return zhixi.Errorf(zhixi.EINVALID, "err.username_required")
	case !u.Role.Valid():
		return zhixi.Errorf(zhixi.EINVALID, "err.invalid_role", string(u.Role))
	case needsCommunity(u.Role) && u.CommunityID == 0,
		u.Role == zhixi.RoleStreetViewer && u.StreetID == 0:
		return zhixi.Errorf(zhixi.EINVALID, "err.scope_required", string(u.Role))
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	u.CreatedAt = utc(u.CreatedAt)
	id, err := insertID(ctx, h, `INSERT INTO users
		(username, display_name, role, community_id, street_id, password_hash, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Username, u.DisplayName, string(u.Role), nullID(u.CommunityID), nullID(u.StreetID),
		u.PasswordHash, u.Disabled, nanos(u.CreatedAt))
	if err != nil {
		if classify(err) == faultForeignKey {
			return db.refError(ctx, err, "create user", userRefs(u)...)
		}
		return conflictError(err, "create user", "err.username_taken")
	}
	u.ID = id
	return nil
}

// SetDisabled implements zhixi.AccountService.
func (db *DB) SetDisabled(ctx context.Context, id int64, disabled bool, by zhixi.AuditEntry) error {
	return db.tx(ctx, func(h handle) error {
		res, err := h.exec(ctx, "UPDATE users SET disabled = ? WHERE id = ?", disabled, id)
		if err := affected(res, err, "disable account", "err.user_not_found"); err != nil {
			return err
		}
		detail := "启用"
		if disabled {
			detail = "停用"
			if _, err := h.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return dbError(err, "end sessions of disabled account")
			}
		}
		return auditIn(ctx, h, &by, zhixi.AuditUpdate, "user", id, 0, detail)
	})
}

// userRefs are the rows an account points at.
func userRefs(u *zhixi.User) []ref {
	var refs []ref
	if u.CommunityID != 0 {
		refs = append(refs, ref{"communities", u.CommunityID, "err.community_not_found"})
	}
	if u.StreetID != 0 {
		refs = append(refs, ref{"streets", u.StreetID, "err.street_not_found"})
	}
	return refs
}
