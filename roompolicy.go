package zhixi

// CanManageRoom reports whether u may change a room's calendar, places and
// materials: an admin, or staff of a community the room serves.
func CanManageRoom(u *User, r *Room) bool {
	return u.Role == RoleAdmin || (u.Role == RoleStaff && r.Serves(u.CommunityID))
}

// CanRunRoom reports whether u may run a room's day (bookings for any
// child, check-in and check-out): who may manage it, and its supervisors.
func CanRunRoom(u *User, r *Room) bool {
	return CanManageRoom(u, r) || CanSuperviseRoom(u, r)
}
