package calendar_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Beijing)
	if err != nil {
		panic(err)
	}
	return t
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func setup(t *testing.T, db *store.DB, now string) (*calendar.Service, zhixi.Room, *zhixi.User, *zhixi.User) {
	ctx := context.Background()
	st := zhixi.Street{Name: "开源街道"}
	must(t, db.CreateStreet(ctx, &st))
	c := zhixi.Community{StreetID: st.ID, Name: "民和社区"}
	must(t, db.CreateCommunity(ctx, &c))
	other := zhixi.Community{StreetID: st.ID, Name: "民懋社区"}
	must(t, db.CreateCommunity(ctx, &other))
	room := zhixi.Room{CommunityID: c.ID, Name: "AI智习室", Seats: 12}
	must(t, db.CreateRoom(ctx, &room))
	staff := &zhixi.User{Username: "staff", Role: zhixi.RoleStaff, CommunityID: c.ID, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, staff))
	stranger := &zhixi.User{Username: "staff2", Role: zhixi.RoleStaff, CommunityID: other.ID, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, stranger))
	clock := at(now)
	return calendar.NewService(db, func() time.Time { return clock }), room, staff, stranger
}

func TestSettingsAndGuard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, room, staff, stranger := setup(t, db, "2026-12-07 10:00")
		in := calendar.InputOf(calendar.DefaultSettings(room.ID))
		in.Week[3] = "15:00-18:00"
		in.LatestTime = "20:30"
		_, err := svc.SaveSettings(ctx, stranger, room.ID, in)
		if zhixi.ErrorCode(err) != zhixi.ENOTFOUND {
			t.Fatalf("staff of another community saved settings: %v", err)
		}
		bad := in
		bad.Week[1] = "18:00-25:00"
		_, err = svc.SaveSettings(ctx, staff, room.ID, bad)
		if k, _ := zhixi.ErrorKey(err); k != "err.hours_format" {
			t.Fatalf("a bad period gave %v", err)
		}
		_, err = svc.SaveSettings(ctx, staff, room.ID, in)
		must(t, err)
		got, err := svc.Settings(ctx, room.ID)
		must(t, err)
		if calendar.FormatPeriods(got.Week[3]) != "15:00-18:00" || got.LatestMinute != 20*60+30 {
			t.Fatalf("settings read back %+v", got)
		}
		for _, tt := range []struct {
			at   string
			want string
		}{
			{"2026-12-07 18:30", ""}, {"2026-12-07 20:45", "err.outside_hours"}, {"2026-12-09 16:00", ""},
			{"2026-12-08 19:00", "err.outside_hours"}, {"2026-12-12 12:30", "err.outside_hours"},
		} {
			err := svc.CheckMinorSession(ctx, room.ID, at(tt.at))
			if k, _ := zhixi.ErrorKey(err); (tt.want == "" && err != nil) || (tt.want != "" && k != tt.want) {
				t.Errorf("guard at %s: %v, want %q", tt.at, err, tt.want)
			}
		}
		// A closure with a reason closes the room.
		_, err = svc.AddClosure(ctx, staff, room.ID, calendar.ClosureInput{Start: "2026-12-07T00:00", End: "2026-12-08T00:00", Reason: "消防检查"})
		must(t, err)
		if err := svc.CheckMinorSession(ctx, room.ID, at("2026-12-07 18:30")); zhixi.ErrorCode(err) != zhixi.EFORBIDDEN {
			t.Errorf("guard during a closure: %v", err)
		}
		_, err = svc.AddClosure(ctx, staff, room.ID, calendar.ClosureInput{Start: "2026-12-07T00:00", End: "2026-12-08T00:00"})
		if k, _ := zhixi.ErrorKey(err); k != "err.field_required" {
			t.Errorf("a closure without reason: %v", err)
		}
	})
}

func TestSpaceUsesDoNotOverlap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, room, staff, _ := setup(t, db, "2026-12-07 10:00")
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range 8 {
			wg.Go(func() {
				_, errs[i] = svc.AddSpaceUse(ctx, staff, room.ID, calendar.SpaceUseInput{Kind: "lecture", Title: "健康讲座",
					Organiser: "社区卫生服务站", Start: "2026-12-08T09:00", End: "2026-12-08T11:00", ExpectedPeople: 30})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch k, _ := zhixi.ErrorKey(err); {
			case err == nil:
				ok++
			case k != "err.space_overlap":
				t.Errorf("unexpected error %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("8 simultaneous uses of one hour: %d stored, want 1", ok)
		}
		_, err := svc.AddSpaceUse(ctx, staff, room.ID, calendar.SpaceUseInput{Kind: "meeting", Title: "居民议事会",
			Organiser: "居委会", Start: "2026-12-08T11:00", End: "2026-12-08T12:00"})
		must(t, err)
		uses, err := db.SpaceUses(ctx, room.ID, at("2026-12-08 00:00"), at("2026-12-09 00:00"))
		must(t, err)
		if len(uses) != 2 {
			t.Errorf("%d uses stored, want 2", len(uses))
		}
	})
}

func TestImportHolidays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, room, staff, _ := setup(t, db, "2026-11-01 10:00")
		y, err := svc.MissingYear(ctx)
		must(t, err)
		if y != 2027 {
			t.Fatalf("MissingYear in November 2026 = %d, want 2027", y)
		}
		_, err = svc.ImportHolidays(ctx, staff, "year: 2027\nnotice: 测试通知\nholidays:\n  - {name: 元旦, from: '2027-01-01', to: '2027-01-03'}\n")
		must(t, err)
		if y, _ := svc.MissingYear(ctx); y != 0 {
			t.Errorf("MissingYear after import = %d", y)
		}
		os, err := svc.Openings(ctx, room.ID, at("2027-01-01 00:00"), at("2027-01-04 00:00"))
		must(t, err)
		if len(os) != 0 {
			t.Errorf("open on the imported 元旦: %v", os)
		}
	})
}
