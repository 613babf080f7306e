package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/content"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/curriculum/mathtpl"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/learn"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// The demo's month: last month's ledger counts non-zero screenings done
// and 解读 sessions, made by the real actions; seeding twice adds nothing.
func TestDemoMonth(t *testing.T) {
	bank, err := curriculum.Load(content.FS, curriculum.LoadOptions{Templates: mathtpl.All()})
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t)
	ctx := context.Background()
	start := time.Now()
	if err := demo.Seed(ctx, db, password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 4)); err != nil {
		t.Fatal(err)
	}
	if _, err := learn.SyncContent(ctx, db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	seeded := time.Now()
	for range 2 {
		if err := demo.SeedLearning(ctx, db, bank); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("demo world %s, content sync included; screenings and 解读 %s", seeded.Sub(start).Round(time.Millisecond), time.Since(seeded).Round(time.Millisecond))
	rooms, err := db.Rooms(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	l := time.Now().In(calendar.Beijing)
	from := time.Date(l.Year(), l.Month()-1, 1, 0, 0, 0, 0, calendar.Beijing)
	c, err := db.LedgerCounts(ctx, []int64{rooms[0].ID}, rooms[0].Communities, 1, 12, l.Year(), from, from.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if c.ScreeningsDone != 6 || c.Interpretations != 5 || !c.InterpretationsKept {
		t.Errorf("last month: %d screenings done, %d 解读 (kept %v); want 6 and 5", c.ScreeningsDone, c.Interpretations, c.InterpretationsKept)
	}
	if c.Bookings == 0 || c.Attendances == 0 || c.Activities == 0 || c.MaterialsGiven == 0 {
		t.Errorf("last month: %+v", c)
	}
	// 林奶奶's grandchild practised after her 解读, on days she was in the
	// room, and answers more of it right than a child guessing would.
	lin, err := db.UserByUsername(ctx, "lin_nn")
	if err != nil {
		t.Fatal(err)
	}
	kids, err := db.Students(ctx, zhixi.StudentFilter{GuardianID: lin.ID})
	if err != nil || len(kids) != 1 || kids[0].Name != "林可欣" {
		t.Fatalf("lin_nn's children: %+v, %v", kids, err)
	}
	atts, err := db.Attempts(ctx, kids[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var practised, right int
	for _, a := range atts {
		if a.Source == "practice" {
			practised++
			if a.Correct {
				right++
			}
		}
	}
	if practised < 30 || right*2 < practised {
		t.Errorf("林可欣 practised %d questions, %d right; want at least 30, mostly right", practised, right)
	}
}
