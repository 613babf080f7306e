package zhixi

import "testing"

func TestPolicy(t *testing.T) {
	minhe := &Community{ID: 1, StreetID: 10}
	minmao := &Community{ID: 2, StreetID: 10}
	other := &Community{ID: 3, StreetID: 20}
	// The seed's room: lent by 民和, serving 民和 and 民懋.
	room := &Room{ID: 9, CommunityID: 1, Communities: []int64{1, 2}}
	otherRoom := &Room{ID: 8, CommunityID: 3, Communities: []int64{3}}
	kid := &Student{ID: 7, CommunityID: 1, UserID: 70}
	mmKid := &Student{ID: 8, CommunityID: 2}
	guardians := []int64{50}

	tests := []struct {
		name                        string
		u                           User
		seeMinhe, seeMinmao, seeOth bool
		list, student, mmStudent    bool
		manage, seeRoom, supervise  bool
	}{
		{"admin", User{ID: 1, Role: RoleAdmin}, true, true, true, true, true, true, true, true, true},
		{"staff of 民和", User{ID: 2, Role: RoleStaff, CommunityID: 1}, true, false, false, true, true, false, true, true, false},
		{"staff of 民懋 see the shared room", User{ID: 3, Role: RoleStaff, CommunityID: 2}, false, true, false, false, false, true, false, true, false},
		{"supervisor of the shared room", User{ID: 4, Role: RoleSupervisor, Rooms: []int64{9}, Communities: []int64{1, 2}},
			true, true, false, true, true, true, false, true, true},
		{"supervisor with no room", User{ID: 6, Role: RoleSupervisor, CommunityID: 1}, false, false, false, false, false, false, false, false, false},
		{"street viewer", User{ID: 5, Role: RoleStreetViewer, StreetID: 10}, true, true, false, false, false, false, false, true, false},
		{"the guardian", User{ID: 50, Role: RoleGuardian}, false, false, false, false, true, false, false, false, false},
		{"another guardian", User{ID: 51, Role: RoleGuardian}, false, false, false, false, false, false, false, false, false},
		{"the student", User{ID: 70, Role: RoleStudent, CommunityID: 1}, false, false, false, false, true, false, false, false, false},
		{"another student", User{ID: 71, Role: RoleStudent, CommunityID: 1}, false, false, false, false, false, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &tt.u
			checks := []struct {
				what      string
				got, want bool
			}{
				{"CanSeeCommunity(民和)", CanSeeCommunity(u, minhe), tt.seeMinhe},
				{"CanSeeCommunity(民懋)", CanSeeCommunity(u, minmao), tt.seeMinmao},
				{"CanSeeCommunity(other street)", CanSeeCommunity(u, other), tt.seeOth},
				{"CanSeeStudentList(民和)", CanSeeStudentList(u, minhe), tt.list},
				{"CanSeeStudent(民和 kid)", CanSeeStudent(u, kid, guardians), tt.student},
				{"CanSeeStudent(民懋 kid)", CanSeeStudent(u, mmKid, nil), tt.mmStudent},
				{"CanManageStudents(民和)", CanManageStudents(u, 1), tt.manage},
				{"CanSeeRoom(shared)", CanSeeRoom(u, room, minhe), tt.seeRoom},
				{"CanSuperviseRoom(shared)", CanSuperviseRoom(u, room), tt.supervise},
				{"CanSeeRoom(other street's)", CanSeeRoom(u, otherRoom, other), u.Role == RoleAdmin},
				{"CanManageOrg", CanManageOrg(u), u.Role == RoleAdmin},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}
