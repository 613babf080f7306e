package activity_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/activity"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestActivityAndMaterials(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 9, 20, 2, 0, 0, 0, time.UTC)
		svc := activity.NewService(db, calendar.NewService(db, func() time.Time { return now }))
		st := zhixi.Street{Name: "开源街道"}
		must(t, db.CreateStreet(ctx, &st))
		c := zhixi.Community{StreetID: st.ID, Name: "民和社区"}
		must(t, db.CreateCommunity(ctx, &c))
		room := zhixi.Room{CommunityID: c.ID, Name: "AI智习室", Seats: 12}
		must(t, db.CreateRoom(ctx, &room))
		staff := &zhixi.User{Username: "staff", Role: zhixi.RoleStaff, CommunityID: c.ID, PasswordHash: "x"}
		must(t, db.CreateUser(ctx, staff))
		var kids []zhixi.Student
		for i, birth := range []int{2016, 2015, 2014, 2013, 2005} {
			k := zhixi.Student{CommunityID: c.ID, Name: fmt.Sprintf("孩子%d", i), Grade: 3, BirthMonth: time.Date(birth, 1, 1, 0, 0, 0, 0, time.UTC), CreatedAt: now}
			if birth == 2005 {
				k.Grade = 12
			}
			must(t, db.CreateStudent(ctx, &k))
			kids = append(kids, k)
		}
		_, err := svc.Create(ctx, staff, room.ID, activity.Input{Title: "国庆手工", Start: "2026-10-02T09:00", End: "2026-10-02T11:00", MinAge: 8, MaxAge: 5, Capacity: 3})
		if k, _ := zhixi.ErrorKey(err); k != "err.activity_ages" {
			t.Fatalf("bad ages: %v", err)
		}
		a, err := svc.Create(ctx, staff, room.ID, activity.Input{Title: "国庆手工", Start: "2026-10-02T09:00", End: "2026-10-02T11:00", MinAge: 6, MaxAge: 14, Capacity: 3})
		must(t, err)
		var regs []*zhixi.ActivityRegistration
		for _, k := range kids[:4] {
			r, err := svc.Register(ctx, staff, room.ID, a.ID, k.ID)
			must(t, err)
			regs = append(regs, r)
		}
		if regs[3].Status != zhixi.RegWaiting {
			t.Fatalf("the 4th of 3 places is %s", regs[3].Status)
		}
		_, err = svc.Register(ctx, staff, room.ID, a.ID, kids[4].ID)
		if k, _ := zhixi.ErrorKey(err); k != "err.activity_age" {
			t.Fatalf("a 21-year-old registered: %v", err)
		}
		promoted, err := svc.Cancel(ctx, staff, room.ID, a.ID, regs[0].ID)
		must(t, err)
		if promoted == nil || promoted.ID != regs[3].ID {
			t.Fatalf("cancelling promoted %+v", promoted)
		}
		must(t, svc.Attend(ctx, staff, room.ID, a.ID, regs[1].ID, true))

		_, err = svc.Receive(ctx, staff, room.ID, activity.ReceiveInput{Name: "笔记本", Unit: "本", Quantity: 10})
		must(t, err)
		ms, err := db.Materials(ctx, room.ID)
		must(t, err)
		// Ten staff giving 3 each from a stock of 10: three succeed, the
		// stock never goes negative.
		var wg sync.WaitGroup
		errs := make([]error, 10)
		for i := range 10 {
			wg.Go(func() {
				_, errs[i] = svc.Give(ctx, staff, room.ID, activity.GiveInput{MaterialID: ms[0].ID, Quantity: 3, ActivityID: a.ID})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if k, _ := zhixi.ErrorKey(err); k != "err.stock_short" {
				t.Errorf("give: %v", err)
			}
		}
		ms, err = db.Materials(ctx, room.ID)
		must(t, err)
		if ok != 3 || ms[0].Stock != 1 {
			t.Fatalf("%d gives succeeded, stock %d; want 3 and 1", ok, ms[0].Stock)
		}
		moves, err := db.MaterialMoves(ctx, room.ID, now.AddDate(0, 0, -1), now.AddDate(0, 0, 1))
		must(t, err)
		if len(moves) != 4 {
			t.Errorf("%d movements recorded, want 4", len(moves))
		}
		for _, m := range moves {
			if m.MovedBy != staff.ID || m.MovedAt.IsZero() {
				t.Errorf("movement %+v is not attributed to the staff member and a time", m)
			}
		}
	})
}
