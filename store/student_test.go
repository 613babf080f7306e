package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func TestStudents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		tablet := zhixi.User{Username: "tablet1", Role: zhixi.RoleStudent, CommunityID: f.community.ID}
		must(t, db.CreateUser(ctx, &tablet))
		born := time.Date(2014, 9, 17, 15, 4, 5, 0, time.Local)

		tests := []struct {
			s         zhixi.Student
			code, key string
		}{
			{zhixi.Student{CommunityID: f.community.ID, Grade: 3, BirthMonth: born}, zhixi.EINVALID, "err.name_required"},
			{zhixi.Student{CommunityID: f.community.ID, Name: "a", Grade: 0, BirthMonth: born}, zhixi.EINVALID, "err.invalid_grade"},
			{zhixi.Student{CommunityID: f.community.ID, Name: "a", Grade: 13, BirthMonth: born}, zhixi.EINVALID, "err.invalid_grade"},
			{zhixi.Student{CommunityID: f.community.ID, Name: "a", Grade: 3}, zhixi.EINVALID, "err.birth_month_required"},
			{zhixi.Student{CommunityID: 404, Name: "a", Grade: 3, BirthMonth: born}, zhixi.ENOTFOUND, "err.community_not_found"},
			{zhixi.Student{Name: "a", Grade: 3, BirthMonth: born}, zhixi.ENOTFOUND, "err.community_not_found"},
			{zhixi.Student{CommunityID: f.community.ID, UserID: 404, Name: "a", Grade: 3, BirthMonth: born}, zhixi.ENOTFOUND, "err.user_not_found"},
			{zhixi.Student{CommunityID: f.community.ID, UserID: tablet.ID, Name: " 小明 ", Grade: 6, BirthMonth: born}, "", ""},
			{zhixi.Student{CommunityID: f.community.ID, UserID: tablet.ID, Name: "b", Grade: 3, BirthMonth: born}, zhixi.ECONFLICT, "err.duplicate"},
		}
		var ming zhixi.Student
		for _, tt := range tests {
			s := tt.s
			err := db.CreateStudent(ctx, &s)
			wantErr(t, err, tt.code, tt.key)
			if err == nil {
				ming = s
			}
		}
		if ming.Name != "小明" || !ming.BirthMonth.Equal(time.Date(2014, 9, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("stored student %+v: want trimmed name and first of month", ming)
		}
		if !ming.NeedsConsent() {
			t.Error("new student should need consent")
		}
		got, err := db.Student(ctx, ming.ID)
		must(t, err)
		if !reflect.DeepEqual(*got, ming) {
			t.Errorf("Student = %+v, want %+v", *got, ming)
		}
		_, err = db.Student(ctx, 4040)
		wantErr(t, err, zhixi.ENOTFOUND, "err.student_not_found")
		hong := f.student(t, db, "小红")

		staff := zhixi.User{Username: "staff", Role: zhixi.RoleStaff, CommunityID: f.community.ID}
		must(t, db.CreateUser(ctx, &staff))
		linkTests := []struct {
			student, guardian int64
			code, key         string
		}{
			{ming.ID, f.guardian.ID, "", ""},
			{ming.ID, f.guardian.ID, zhixi.ECONFLICT, "err.already_linked"},
			{ming.ID, staff.ID, zhixi.EINVALID, "err.not_guardian"},
			{ming.ID, 5050, zhixi.ENOTFOUND, "err.user_not_found"},
			{5050, f.guardian.ID, zhixi.ENOTFOUND, "err.student_not_found"},
		}
		for _, tt := range linkTests {
			wantErr(t, db.LinkGuardian(ctx, tt.student, tt.guardian, "母亲"), tt.code, tt.key)
		}
		ids, err := db.GuardianIDs(ctx, ming.ID)
		must(t, err)
		if !reflect.DeepEqual(ids, []int64{f.guardian.ID}) {
			t.Errorf("GuardianIDs = %v", ids)
		}
		ids, err = db.GuardianIDs(ctx, hong.ID)
		must(t, err)
		if len(ids) != 0 {
			t.Errorf("GuardianIDs(unlinked) = %v", ids)
		}

		filterTests := []struct {
			f    zhixi.StudentFilter
			want []int64
		}{
			{zhixi.StudentFilter{}, []int64{ming.ID, hong.ID}},
			{zhixi.StudentFilter{CommunityID: f.community.ID}, []int64{ming.ID, hong.ID}},
			{zhixi.StudentFilter{CommunityID: 999}, nil},
			{zhixi.StudentFilter{GuardianID: f.guardian.ID}, []int64{ming.ID}},
			{zhixi.StudentFilter{UserID: tablet.ID}, []int64{ming.ID}},
			{zhixi.StudentFilter{GuardianID: f.guardian.ID, CommunityID: 999}, nil},
		}
		for _, tt := range filterTests {
			ss, err := db.Students(ctx, tt.f)
			must(t, err)
			var gotIDs []int64
			for _, s := range ss {
				gotIDs = append(gotIDs, s.ID)
			}
			if !reflect.DeepEqual(gotIDs, tt.want) {
				t.Errorf("Students(%+v) = %v, want %v", tt.f, gotIDs, tt.want)
			}
		}

		at := time.Date(2026, 6, 1, 10, 0, 0, 5, time.UTC)
		wantErr(t, db.RecordConsent(ctx, hong.ID, f.guardian.ID, at), zhixi.EFORBIDDEN, "err.not_guardian_of_student")
		wantErr(t, db.RecordConsent(ctx, 5050, f.guardian.ID, at), zhixi.EFORBIDDEN, "err.not_guardian_of_student")
		must(t, db.RecordConsent(ctx, ming.ID, f.guardian.ID, at))
		got, err = db.Student(ctx, ming.ID)
		must(t, err)
		if got.NeedsConsent() || !got.ConsentAt.Equal(at) || got.ConsentBy != f.guardian.ID {
			t.Errorf("after consent: %+v", *got)
		}
	})
}

func TestAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		wantErr(t, db.AppendAudit(ctx, &zhixi.AuditEntry{}), zhixi.EINVALID, "err.action_required")
		t0 := time.Date(2026, 2, 1, 0, 0, 0, 999, time.UTC)
		var all []zhixi.AuditEntry
		for i := range 7 {
			e := zhixi.AuditEntry{At: t0.Add(time.Duration(i) * time.Hour), ActorID: int64(1 + i%2), ActorRole: zhixi.RoleSupervisor,
				Action: zhixi.AuditRead, Object: "student", ObjectID: int64(10 + i%3), StudentID: int64(10 + i%3), IP: "10.1.1.1"}
			if i == 6 {
				e.Action, e.Detail = zhixi.AuditExport, "全部学生"
			}
			must(t, db.AppendAudit(ctx, &e))
			all = append([]zhixi.AuditEntry{e}, all...) // newest first
		}
		tests := []struct {
			name  string
			f     zhixi.AuditFilter
			want  []zhixi.AuditEntry
			total int
		}{
			{"all", zhixi.AuditFilter{}, all, 7},
			{"actor", zhixi.AuditFilter{ActorID: 1}, []zhixi.AuditEntry{all[0], all[2], all[4], all[6]}, 4},
			{"student", zhixi.AuditFilter{StudentID: 11}, []zhixi.AuditEntry{all[2], all[5]}, 2},
			{"action", zhixi.AuditFilter{Action: zhixi.AuditExport}, all[:1], 1},
			{"window", zhixi.AuditFilter{From: t0.Add(time.Hour), To: t0.Add(3 * time.Hour)}, []zhixi.AuditEntry{all[4], all[5]}, 2},
			{"page", zhixi.AuditFilter{Limit: 2, Offset: 2}, all[2:4], 7},
			{"past end", zhixi.AuditFilter{Offset: 50}, nil, 7},
			{"negative", zhixi.AuditFilter{Limit: -1, Offset: -5}, all, 7},
		}
		for _, tt := range tests {
			got, total, err := db.AuditEntries(ctx, tt.f)
			must(t, err)
			if total != tt.total || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: AuditEntries = %d entries (total %d), want %d (total %d)\n got %+v\nwant %+v",
					tt.name, len(got), total, len(tt.want), tt.total, got, tt.want)
			}
		}
		for range 60 {
			must(t, db.AppendAudit(ctx, &zhixi.AuditEntry{Action: zhixi.AuditLogin}))
		}
		got, total, err := db.AuditEntries(ctx, zhixi.AuditFilter{})
		must(t, err)
		if len(got) != 50 || total != 67 {
			t.Errorf("default page: %d entries of %d, want 50 of 67", len(got), total)
		}
		got, _, err = db.AuditEntries(ctx, zhixi.AuditFilter{Limit: 10000})
		must(t, err)
		if len(got) != 67 {
			t.Errorf("large limit: %d entries, want 67", len(got))
		}
	})
}

// The audit log is append-only in the database itself: UPDATE and DELETE
// fail even when issued as raw SQL, and the rows are unchanged.
func TestAuditImmutable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		e := zhixi.AuditEntry{Action: zhixi.AuditRead, Detail: "original"}
		must(t, db.AppendAudit(ctx, &e))
		for _, q := range []string{
			"UPDATE audit_log SET detail = 'forged' WHERE id = ?",
			"DELETE FROM audit_log WHERE id = ?",
			"UPDATE audit_log SET at = 0 WHERE id >= ?",
		} {
			if err := db.Exec(ctx, q, e.ID); err == nil {
				t.Errorf("%s: succeeded, want refusal", q)
			}
		}
		if db.Engine() == store.Postgres {
			if err := db.Exec(ctx, "TRUNCATE audit_log"); err == nil {
				t.Error("TRUNCATE audit_log succeeded, want refusal")
			}
		}
		got, total, err := db.AuditEntries(ctx, zhixi.AuditFilter{})
		must(t, err)
		if total != 1 || got[0].Detail != "original" || !got[0].At.Equal(e.At) {
			t.Errorf("audit log changed: %+v", got)
		}
	})
}
