package zhixi

import (
	"context"
	"slices"
)

// The access policy lives here, beside the types, so every transport
// applies the same rules. A refusal is reported as ENOTFOUND by callers
// that must not reveal whether a record exists.

// worksIn reports whether u works with community id's students: staff of
// the community, or a supervisor of a room that serves it.
func worksIn(u *User, id int64) bool {
	switch u.Role {
	case RoleStaff:
		return u.CommunityID == id
	case RoleSupervisor:
		return slices.Contains(u.Communities, id)
	}
	return false
}

// CanSeeCommunity reports whether u may see community c's pages (its rooms
// and, for staff and supervisors, its students).
func CanSeeCommunity(u *User, c *Community) bool {
	switch u.Role {
	case RoleAdmin:
		return true
	case RoleStaff, RoleSupervisor:
		return worksIn(u, c.ID)
	case RoleStreetViewer:
		return u.StreetID == c.StreetID
	}
	return false
}

// CanSeeRoom reports whether u may see room r, lent by community lender:
// staff of a community it serves, its supervisors, the street's viewers.
func CanSeeRoom(u *User, r *Room, lender *Community) bool {
	switch u.Role {
	case RoleAdmin:
		return true
	case RoleStaff:
		return r.Serves(u.CommunityID)
	case RoleSupervisor:
		return slices.Contains(u.Rooms, r.ID)
	case RoleStreetViewer:
		return u.StreetID == lender.StreetID
	}
	return false
}

// CanSuperviseRoom reports whether u may run room r: sign students into its
// tablets, see its board. Admins and the room's supervisors may.
func CanSuperviseRoom(u *User, r *Room) bool {
	return u.Role == RoleAdmin || (u.Role == RoleSupervisor && slices.Contains(u.Rooms, r.ID))
}

// CanSeeStudentList reports whether u may list the students of a community
// by name. Street viewers see aggregates only.
func CanSeeStudentList(u *User, c *Community) bool {
	return u.Role != RoleStreetViewer && CanSeeCommunity(u, c)
}

// CanSeeStudent reports whether u may read student s's personal data.
// guardianIDs are the accounts linked to s as guardians.
func CanSeeStudent(u *User, s *Student, guardianIDs []int64) bool {
	switch u.Role {
	case RoleAdmin:
		return true
	case RoleStaff, RoleSupervisor:
		return worksIn(u, s.CommunityID)
	case RoleGuardian:
		return slices.Contains(guardianIDs, u.ID)
	case RoleStudent:
		return s.UserID == u.ID
	}
	return false
}

// CanManageStudents reports whether u may register families (students and
// guardians) in community communityID and record consent on paper.
func CanManageStudents(u *User, communityID int64) bool {
	return u.Role == RoleAdmin || (u.Role == RoleStaff && u.CommunityID == communityID)
}

// CanManageOrg reports whether u may create and edit streets, communities,
// rooms and staff accounts: company admins only.
func CanManageOrg(u *User) bool { return u.Role == RoleAdmin }

// CanReadAudit reports whether u may page the audit log.
func CanReadAudit(u *User) bool { return u.Role == RoleAdmin }

// VisibleStudent loads student id with its guardians if u may see it. A
// student u may not see is reported as not found, like a missing one.
func VisibleStudent(ctx context.Context, ss StudentService, u *User, id int64) (*Student, []int64, error) {
	var (
		st   *Student
		gids []int64
		err  error
	)
	if r, ok := ss.(AccessAtEpochReader); ok && u.AccessEpoch != 0 {
		st, gids, err = r.StudentAndGuardiansAt(ctx, id, u.AccessEpoch)
	} else if r, ok := ss.(StudentGuardiansReader); ok {
		st, gids, err = r.StudentAndGuardians(ctx, id)
	} else {
		st, err = ss.Student(ctx, id)
		if err == nil {
			gids, err = ss.GuardianIDs(ctx, id)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	if !CanSeeStudent(u, st, gids) {
		return nil, nil, Hidden()
	}
	return st, gids, nil
}
