package zhixi

import "context"

// Actor is who acts and from where: actions check access with User and
// write the audit row of a change from both.
type Actor struct {
	User *User
	IP   string
}

// By is the audit entry template for a change the actor makes; the store
// fills action and object.
func (a Actor) By() AuditEntry {
	return AuditEntry{ActorID: a.User.ID, ActorRole: a.User.Role, IP: a.IP}
}

// StaffRoles are the accounts company admins create and edit: everyone but
// students and guardians, who come in through family registration.
var StaffRoles = []Role{RoleStaff, RoleSupervisor, RoleStreetViewer, RoleAdmin}

// AccountService is the admin side of accounts. Accounts are disabled,
// never deleted, so the audit trail keeps naming who did what.
type AccountService interface {
	// SaveAccount creates u when its ID is 0 (with its PasswordHash) and
	// otherwise updates its display name and scope; a supervisor's rooms
	// are replaced by u.Rooms. The audit row from by is written in the same
	// transaction. ECONFLICT if the username is taken, ENOTFOUND for a
	// missing account, community, street or room.
	SaveAccount(ctx context.Context, u *User, by AuditEntry) error
	// SetDisabled disables or re-enables an account; disabling also ends
	// its sessions.
	SetDisabled(ctx context.Context, id int64, disabled bool, by AuditEntry) error
}
