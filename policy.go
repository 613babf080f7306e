package zhixi

import (
	"context"
	"slices"
)

// The access policy lives here, beside the types, so every transport
// applies the same rules. A refusal is reported as ENOTFOUND by callers
// that must not reveal whether a record exists.

// CanSeeCommunity reports whether u may see community c's pages (its rooms
// and, for staff and supervisors, its students).
func CanSeeCommunity(u *User, c *Community) bool {
	switch u.Role {
	case RoleAdmin:
		return true
	case RoleStaff, RoleSupervisor:
		return u.CommunityID == c.ID
	case RoleStreetViewer:
		return u.StreetID == c.StreetID
	}
	return false
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
		return u.CommunityID == s.CommunityID
	case RoleGuardian:
		return slices.Contains(guardianIDs, u.ID)
	case RoleStudent:
		return s.UserID == u.ID
	}
	return false
}

// CanManageStudents reports whether u may create students in community c.
func CanManageStudents(u *User, communityID int64) bool {
	return u.Role == RoleAdmin || (u.Role == RoleStaff && u.CommunityID == communityID)
}

// CanReadAudit reports whether u may page the audit log.
func CanReadAudit(u *User) bool { return u.Role == RoleAdmin }

// VisibleStudent loads student id with its guardians if u may see it. A
// student u may not see is reported as not found, like a missing one.
func VisibleStudent(ctx context.Context, ss StudentService, u *User, id int64) (*Student, []int64, error) {
	st, err := ss.Student(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	gids, err := ss.GuardianIDs(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !CanSeeStudent(u, st, gids) {
		return nil, nil, Hidden()
	}
	return st, gids, nil
}
