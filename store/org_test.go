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
			{"", zhixi.EINVALID, "err.name_required"},
			{"   ", zhixi.EINVALID, "err.name_required"},
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
			{zhixi.Community{StreetID: f.street.ID}, zhixi.EINVALID, "err.name_required"},
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
			{zhixi.Room{CommunityID: f.community.ID, Seats: 10}, zhixi.EINVALID, "err.name_required"},
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
		if *r != rooms[0] {
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
