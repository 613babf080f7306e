package zhixi

import (
	"testing"
	"time"
)

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

func TestCheckBirthGrade(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	month := func(s string) time.Time { m, _ := time.Parse("2006-01", s); return m }
	tests := []struct {
		birth string
		grade int
		key   string
	}{
		{"2016-10", 4, ""}, // 王小明: born after August, grade 4 in the 2026 school year
		{"2016-08", 5, ""}, // born by 31 August: a year ahead
		{"2016-10", 2, ""}, // two years behind is allowed
		{"2016-10", 1, "err.grade_age"},
		{"2016-10", 7, "err.grade_age"},
		{"2012-03", 8, ""},
		{"2022-05", 3, "err.too_young"},
		{"2020-10", 1, ""}, // an early starter
		{"2027-01", 1, "err.birth_future"},
		{"2026-12", 1, "err.too_young"},
		{"2010-01", 13, "err.invalid_grade"},
	}
	for _, tt := range tests {
		err := CheckBirthGrade(tt.grade, month(tt.birth), now)
		if key, _ := ErrorKey(err); (tt.key == "" && err != nil) || (tt.key != "" && key != tt.key) {
			t.Errorf("CheckBirthGrade(%d, %s) = %v, want %q", tt.grade, tt.birth, err, tt.key)
		}
	}
	if g := ExpectedGrade(month("2016-10"), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)); g != 3 {
		t.Errorf("ExpectedGrade in July (the school year before) = %d, want 3", g)
	}
}

func TestConsentCheck(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		s   Student
		key string
	}{
		{Student{NoticeVersion: 1}, "err.consent_required"},
		{Student{NoticeVersion: 1, WithdrawnAt: at}, "err.consent_withdrawn"},
		{Student{NoticeVersion: 2, ConsentAt: at, ConsentVersion: 1}, "err.consent_renew"},
		{Student{NoticeVersion: 2, ConsentAt: at, ConsentVersion: 2}, ""},
		{Student{NoticeVersion: 2, ConsentAt: at, ConsentVersion: 2, WithdrawnAt: at.Add(-time.Hour)}, ""}, // consented again
	}
	for _, tt := range tests {
		err := ConsentCheck(&tt.s)
		if key, _ := ErrorKey(err); (tt.key == "" && err != nil) || (tt.key != "" && (key != tt.key || ErrorCode(err) != EFORBIDDEN)) {
			t.Errorf("ConsentCheck(%+v) = %v, want %q", tt.s, err, tt.key)
		}
		if tt.s.NeedsConsent() != (tt.key != "") {
			t.Errorf("NeedsConsent(%+v) = %v", tt.s, tt.s.NeedsConsent())
		}
	}
}
