package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// The reads every answer request makes in one go (a session with its
// supervisor, a student with its guardians) return what the separate
// reads return, in fewer statements.
func TestCombinedReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)
		west := zhixi.Community{StreetID: f.street.ID, Name: "西社区"}
		must(t, db.CreateCommunity(ctx, &west))
		sup := zhixi.User{Username: "duxue", Role: zhixi.RoleSupervisor, DisplayName: "王老师"}
		must(t, db.CreateUser(ctx, &sup))
		room := zhixi.Room{CommunityID: f.community.ID, Name: "智习室", Seats: 12, Communities: []int64{west.ID},
			Supervisors: []int64{sup.ID}}
		must(t, db.SaveRoom(ctx, &room, zhixi.AuditEntry{ActorID: 1, ActorRole: zhixi.RoleAdmin}))
		// A second room serving both communities too: the session's scope
		// lists each community once, in order, as loadScope does.
		room2 := zhixi.Room{CommunityID: west.ID, Name: "西智习室", Seats: 8, Communities: []int64{f.community.ID},
			Supervisors: []int64{sup.ID}}
		must(t, db.SaveRoom(ctx, &room2, zhixi.AuditEntry{ActorID: 1, ActorRole: zhixi.RoleAdmin}))
		now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
		for _, s := range []zhixi.Session{
			{TokenHash: "sup", UserID: sup.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), IP: "10.0.0.9", UserAgent: "tablet", Idle: time.Hour},
			{TokenHash: "gua", UserID: f.guardian.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
		} {
			must(t, db.CreateSession(ctx, &s))
			n0 := db.Counts().Statements
			gotS, gotU, err := db.SessionUser(ctx, s.TokenHash, now.Add(time.Minute))
			must(t, err)
			stmts := db.Counts().Statements - n0
			wantS, err := db.Session(ctx, s.TokenHash, now.Add(time.Minute))
			must(t, err)
			wantU, err := db.User(ctx, s.UserID)
			must(t, err)
			if !reflect.DeepEqual(gotS, wantS) || !reflect.DeepEqual(gotU, wantU) {
				t.Errorf("SessionUser(%s) = %+v %+v, want %+v %+v", s.TokenHash, gotS, gotU, wantS, wantU)
			}
			if want := int64(1); stmts != want {
				t.Errorf("SessionUser(%s) ran %d statements, want %d", s.TokenHash, stmts, want)
			}
		}
		if u := mustUser(t, db, sup.ID); !reflect.DeepEqual([]int64{room.ID, room2.ID}, u.Rooms) || len(u.Communities) != 2 {
			t.Fatalf("the supervisor's rooms %v and communities %v, want two of each", u.Rooms, u.Communities)
		}
		_, _, err := db.SessionUser(ctx, "sup", now.Add(2*time.Hour))
		wantErr(t, err, zhixi.ENOTFOUND, "err.session_not_found")
		_, _, err = db.SessionUser(ctx, "nope", now)
		wantErr(t, err, zhixi.ENOTFOUND, "err.session_not_found")

		g2 := zhixi.User{Username: "parent2", Role: zhixi.RoleGuardian, PasswordHash: "h"}
		must(t, db.CreateUser(ctx, &g2))
		for i, gs := range [][]int64{nil, {f.guardian.ID}, {f.guardian.ID, g2.ID}} {
			s := zhixi.Student{CommunityID: f.community.ID, Name: "小明", Grade: 3 + i,
				BirthMonth: time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC)}
			must(t, db.CreateStudent(ctx, &s))
			for _, g := range gs {
				must(t, db.LinkGuardian(ctx, s.ID, g, "母亲"))
			}
			if len(gs) > 0 {
				must(t, db.RecordConsent(ctx, s.ID, gs[0], now))
			}
			n0 := db.Counts().Statements
			gotSt, gotG, err := db.StudentAndGuardians(ctx, s.ID)
			must(t, err)
			if n := db.Counts().Statements - n0; n != 1 {
				t.Errorf("StudentAndGuardians ran %d statements", n)
			}
			wantSt, err := db.Student(ctx, s.ID)
			must(t, err)
			wantG, err := db.GuardianIDs(ctx, s.ID)
			must(t, err)
			if !reflect.DeepEqual(gotSt, wantSt) || !reflect.DeepEqual(gotG, wantG) || len(gotG) != len(gs) {
				t.Errorf("StudentAndGuardians = %+v %v, want %+v %v", gotSt, gotG, wantSt, wantG)
			}
			// A screening with its student and guardians, with and without
			// its state, as the separate reads give them.
			sc := zhixi.ScreeningSession{StudentID: s.ID, Subject: "math", State: []byte("state"), Log: []byte("log")}
			must(t, db.CreateScreening(ctx, &sc, nil))
			for _, cached := range []int{0, sc.Version} {
				// The board's wake-up after CreateScreening (PostgreSQL)
				// may be counted in the first try.
				var stmts []int64
				var row *zhixi.ScreeningSession
				var st *zhixi.Student
				var gids []int64
				for range 2 {
					n0 := db.Counts().Statements
					row, st, gids, err = db.CachedScreeningAndStudent(ctx, sc.ID, cached)
					must(t, err)
					if stmts = append(stmts, db.Counts().Statements-n0); stmts[len(stmts)-1] == 1 {
						break
					}
				}
				if stmts[len(stmts)-1] != 1 {
					t.Errorf("CachedScreeningAndStudent(student %d, cached %d) ran %v statements", s.ID, cached, stmts)
				}
				wantRow, err := db.CachedScreeningSession(ctx, sc.ID, cached)
				must(t, err)
				if !reflect.DeepEqual(row, wantRow) || !reflect.DeepEqual(st, wantSt) || !reflect.DeepEqual(gids, wantG) {
					t.Errorf("CachedScreeningAndStudent(cached %d) = %+v %+v %v, want %+v %+v %v", cached, row, st, gids, wantRow, wantSt, wantG)
				}
				if (row.State == nil) != (cached == sc.Version) || (row.Log == nil) != (cached == sc.Version) {
					t.Errorf("cached %d: state %q, log %q", cached, row.State, row.Log)
				}
			}
		}
		_, _, err = db.StudentAndGuardians(ctx, 987654)
		wantErr(t, err, zhixi.ENOTFOUND, "err.student_not_found")
		_, _, _, err = db.CachedScreeningAndStudent(ctx, 987654, 0)
		wantErr(t, err, zhixi.ENOTFOUND, "err.screening_not_found")
	})
}

func mustUser(t *testing.T, db *store.DB, id int64) *zhixi.User {
	t.Helper()
	u, err := db.User(ctxT(t), id)
	must(t, err)
	return u
}
