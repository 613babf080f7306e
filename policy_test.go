package zhixi

import "testing"

func TestPolicy(t *testing.T) {
	minhe := &Community{ID: 1, StreetID: 10}
	minmao := &Community{ID: 2, StreetID: 10}
	other := &Community{ID: 3, StreetID: 20}
	kid := &Student{ID: 7, CommunityID: 1, UserID: 70}
	guardians := []int64{50}

	tests := []struct {
		name                        string
		u                           User
		seeMinhe, seeMinmao, seeOth bool
		list, student, manage       bool
	}{
		{"admin", User{ID: 1, Role: RoleAdmin}, true, true, true, true, true, true},
		{"staff of 民和", User{ID: 2, Role: RoleStaff, CommunityID: 1}, true, false, false, true, true, true},
		{"staff of 民懋", User{ID: 3, Role: RoleStaff, CommunityID: 2}, false, true, false, false, false, false},
		{"supervisor of 民和", User{ID: 4, Role: RoleSupervisor, CommunityID: 1}, true, false, false, true, true, false},
		{"street viewer", User{ID: 5, Role: RoleStreetViewer, StreetID: 10}, true, true, false, false, false, false},
		{"the guardian", User{ID: 50, Role: RoleGuardian}, false, false, false, false, true, false},
		{"another guardian", User{ID: 51, Role: RoleGuardian}, false, false, false, false, false, false},
		{"the student", User{ID: 70, Role: RoleStudent, CommunityID: 1}, false, false, false, false, true, false},
		{"another student", User{ID: 71, Role: RoleStudent, CommunityID: 1}, false, false, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &tt.u
			if got := CanSeeCommunity(u, minhe); got != tt.seeMinhe {
				t.Errorf("CanSeeCommunity(民和) = %v", got)
			}
			if got := CanSeeCommunity(u, minmao); got != tt.seeMinmao {
				t.Errorf("CanSeeCommunity(民懋) = %v", got)
			}
			if got := CanSeeCommunity(u, other); got != tt.seeOth {
				t.Errorf("CanSeeCommunity(other street) = %v", got)
			}
			if got := CanSeeStudentList(u, minhe); got != tt.list {
				t.Errorf("CanSeeStudentList(民和) = %v", got)
			}
			if got := CanSeeStudent(u, kid, guardians); got != tt.student {
				t.Errorf("CanSeeStudent = %v", got)
			}
			if got := CanManageStudents(u, 1); got != tt.manage {
				t.Errorf("CanManageStudents(民和) = %v", got)
			}
		})
	}
}
