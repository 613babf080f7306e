package store_test

import (
	"reflect"
	"testing"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func TestOrg(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := ctxT(t)
		f := newFixture(t, db)

		streetTests := []struct {
			name, code, key string
		}{
			{"", zhixi.EINVALID, "err.field_required"},
			{"   ", zhixi.EINVALID, "err.field_required"},
			{"和平街道", zhixi.ECONFLICT, "err.duplicate"},
			{"新华街道", "", ""},
		}
		for _, tt := range streetTests {
			s := zhixi.Street{Name: tt.name}
			wantErr(t, db.CreateStreet(ctx, &s), tt.code, tt.key)
		}

		communityTests := []struct {
			c         zhixi.Community
			code, key string
		}{
			{zhixi.Community{StreetID: f.street.ID}, zhixi.EINVALID, "err.field_required"},
			{zhixi.Community{StreetID: 9999, Name: "x"}, zhixi.ENOTFOUND, "err.street_not_found"},
			{zhixi.Community{StreetID: 0, Name: "x"}, zhixi.ENOTFOUND, "err.street_not_found"},
			{zhixi.Community{StreetID: f.street.ID, Name: "东社区"}, zhixi.ECONFLICT, "err.duplicate"},
			{zhixi.Community{StreetID: f.street.ID, Name: "西社区"}, "", ""},
		}
		for _, tt := range communityTests {
			c := tt.c
			wantErr(t, db.CreateCommunity(ctx, &c), tt.code, tt.key)
		}

		roomTests := []struct {
			r         zhixi.Room
			code, key string
		}{
			{zhixi.Room{CommunityID: f.community.ID, Seats: 10}, zhixi.EINVALID, "err.field_required"},
			{zhixi.Room{CommunityID: f.community.ID, Name: "一号", Seats: 0}, zhixi.EINVALID, "err.invalid_seats"},
			{zhixi.Room{CommunityID: f.community.ID, Name: "一号", Seats: -3}, zhixi.EINVALID, "err.invalid_seats"},
			{zhixi.Room{CommunityID: 777, Name: "一号", Seats: 3}, zhixi.ENOTFOUND, "err.community_not_found"},
			{zhixi.Room{CommunityID: f.community.ID, Name: "一号", Location: "党群服务中心二楼", Seats: 12}, "", ""},
			{zhixi.Room{CommunityID: f.community.ID, Name: "一号", Seats: 12}, zhixi.ECONFLICT, "err.duplicate"},
			{zhixi.Room{CommunityID: f.community.ID, Name: "二号", Seats: 8}, "", ""},
		}
		var rooms []zhixi.Room
		for _, tt := range roomTests {
			r := tt.r
			err := db.CreateRoom(ctx, &r)
			wantErr(t, err, tt.code, tt.key)
			if err == nil {
				rooms = append(rooms, r)
			}
		}

		streets, err := db.Streets(ctx)
		must(t, err)
		if len(streets) != 2 || streets[0] != f.street {
			t.Errorf("Streets = %v", streets)
		}
		c, err := db.Community(ctx, f.community.ID)
		must(t, err)
		if *c != f.community {
			t.Errorf("Community = %v, want %v", *c, f.community)
		}
		_, err = db.Community(ctx, 4242)
		wantErr(t, err, zhixi.ENOTFOUND, "err.community_not_found")
		cs, err := db.Communities(ctx, f.street.ID)
		must(t, err)
		if len(cs) != 2 {
			t.Errorf("Communities(street) = %v", cs)
		}
		all, err := db.Communities(ctx, 0)
		must(t, err)
		none, err := db.Communities(ctx, 4242)
		must(t, err)
		if len(all) != 2 || len(none) != 0 {
			t.Errorf("Communities(0) = %v, Communities(missing) = %v", all, none)
		}

		r, err := db.Room(ctx, rooms[0].ID)
		must(t, err)
		if !reflect.DeepEqual(*r, rooms[0]) {
			t.Errorf("Room = %v, want %v", *r, rooms[0])
		}
		_, err = db.Room(ctx, 4242)
		wantErr(t, err, zhixi.ENOTFOUND, "err.room_not_found")
		got, err := db.Rooms(ctx, f.community.ID)
		must(t, err)
		if !reflect.DeepEqual(got, rooms) {
			t.Errorf("Rooms = %v, want %v", got, rooms)
		}

		f.student(t, db, "小明")
		f.student(t, db, "小红")
		stats, err := db.CommunityStats(ctx, f.street.ID)
		must(t, err)
		want := []zhixi.CommunityStats{
			{Community: f.community, Rooms: 2, Seats: 20, Students: 2},
			{Community: cs[1], Rooms: 0, Seats: 0, Students: 0},
		}
		if !reflect.DeepEqual(stats, want) {
			t.Errorf("CommunityStats = %+v, want %+v", stats, want)
		}
		stats, err = db.CommunityStats(ctx, 0)
		must(t, err)
		if len(stats) != 2 {
			t.Errorf("CommunityStats(0) = %+v", stats)
		}
	})
}

// A room serves several communities; its supervisors see those
// communities, and every change leaves its audit row.
func TestSharedRoom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		f := newFixture(t, db)
		west := zhixi.Community{StreetID: f.street.ID, Name: "西社区"}
		must(t, db.CreateCommunity(ctx, &west))
		sup := zhixi.User{Username: "duxue", Role: zhixi.RoleSupervisor}
		must(t, db.CreateUser(ctx, &sup))
		by := zhixi.AuditEntry{ActorID: 1, ActorRole: zhixi.RoleAdmin, IP: "10.0.0.1"}

		room := zhixi.Room{CommunityID: f.community.ID, Name: "智习室", Seats: 12, Communities: []int64{west.ID}}
		must(t, db.SaveRoom(ctx, &room, by))
		if want := []int64{f.community.ID, west.ID}; !reflect.DeepEqual(room.Communities, want) {
			t.Fatalf("communities = %v, want the lender and %v", room.Communities, want)
		}
		for _, c := range []int64{f.community.ID, west.ID} {
			rooms, err := db.Rooms(ctx, c)
			must(t, err)
			if len(rooms) != 1 || rooms[0].ID != room.ID {
				t.Errorf("Rooms(%d) = %+v", c, rooms)
			}
		}
		u, err := db.User(ctx, sup.ID)
		must(t, err)
		if len(u.Rooms) != 0 || len(u.Communities) != 0 {
			t.Fatalf("unassigned supervisor scope = %v %v", u.Rooms, u.Communities)
		}

		room.Supervisors = []int64{sup.ID}
		room.Seats = 10
		must(t, db.SaveRoom(ctx, &room, by))
		u, err = db.User(ctx, sup.ID)
		must(t, err)
		if !reflect.DeepEqual(u.Rooms, []int64{room.ID}) || !reflect.DeepEqual(u.Communities, []int64{f.community.ID, west.ID}) {
			t.Fatalf("supervisor scope = rooms %v communities %v", u.Rooms, u.Communities)
		}
		if !zhixi.CanSeeCommunity(u, &west) {
			t.Error("the supervisor cannot see a community the room serves")
		}
		got, err := db.Room(ctx, room.ID)
		must(t, err)
		if got.Seats != 10 || !reflect.DeepEqual(got.Supervisors, []int64{sup.ID}) {
			t.Errorf("Room = %+v", got)
		}

		// A guardian cannot be a room's supervisor; the room is unchanged.
		room.Supervisors = []int64{f.guardian.ID}
		room.Seats = 3
		wantErr(t, db.SaveRoom(ctx, &room, by), zhixi.EINVALID, "err.not_supervisor")
		got, err = db.Room(ctx, room.ID)
		must(t, err)
		if got.Seats != 10 || !reflect.DeepEqual(got.Supervisors, []int64{sup.ID}) {
			t.Errorf("after a refused change Room = %+v", got)
		}

		s := zhixi.Street{Name: "新街道"}
		must(t, db.SaveStreet(ctx, &s, by))
		s.Name = "新华街道"
		must(t, db.SaveStreet(ctx, &s, by))
		west.Name = "西城社区"
		must(t, db.SaveCommunity(ctx, &west, by))
		missing := zhixi.Street{ID: 999, Name: "x"}
		wantErr(t, db.SaveStreet(ctx, &missing, by), zhixi.ENOTFOUND, "err.street_not_found")

		entries, total, err := db.AuditEntries(ctx, zhixi.AuditFilter{ActorID: 1})
		must(t, err)
		if total != 5 {
			t.Fatalf("audit rows = %d, want 5 (two room saves, two street saves, one community): %+v", total, entries)
		}
		if e := entries[0]; e.Object != "community" || e.Action != zhixi.AuditUpdate || e.Detail != "西城社区" || e.IP != "10.0.0.1" {
			t.Errorf("newest audit row = %+v", e)
		}
	})
}
