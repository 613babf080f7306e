package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// seedBoard fills a 60-seat room with 60 students who each answered 40
// questions over the last hour, with a raised hand and an alert each.
func seedBoard(tb testing.TB, db *store.DB) zhixi.Room {
	ctx := context.Background()
	check := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	street := zhixi.Street{Name: "和平街道"}
	check(db.CreateStreet(ctx, &street))
	c := zhixi.Community{StreetID: street.ID, Name: "东社区"}
	check(db.CreateCommunity(ctx, &c))
	room := zhixi.Room{CommunityID: c.ID, Name: "智习室", Seats: 60}
	check(db.CreateRoom(ctx, &room))
	_, err := db.ImportSubject(ctx, sampleSubject("math", 3), time.Now())
	check(err)
	now := time.Now()
	var alerts []zhixi.Alert
	for i := range 60 {
		s := zhixi.Student{CommunityID: c.ID, Name: fmt.Sprintf("学生%d", i), Grade: 5, BirthMonth: time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC)}
		check(db.CreateStudent(ctx, &s))
		for k := range 40 {
			check(db.RecordAttempt(ctx, &zhixi.Attempt{StudentID: s.ID, ItemID: "math.i0", ItemVersion: 1,
				KnowledgePoints: []string{"math.kp0"}, Correct: k%3 != 0, Source: "practice", At: now.Add(time.Duration(k-60) * time.Minute)}))
		}
		check(db.RaiseHand(ctx, &zhixi.Hand{RoomID: room.ID, StudentID: s.ID, RaisedAt: now}, &zhixi.AuditEntry{Action: "create"}))
		alerts = append(alerts, zhixi.Alert{RoomID: room.ID, StudentID: s.ID, Kind: zhixi.AlertIdle, Ref: "a1", CreatedAt: now})
	}
	check(db.AddAlerts(ctx, alerts))
	return room
}

func TestRoomBoard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := ctxT(t)
		room := seedBoard(t, db)
		f := struct{ guardian zhixi.User }{zhixi.User{Username: "sup", Role: zhixi.RoleAdmin, PasswordHash: "h"}}
		must(t, db.CreateUser(ctx, &f.guardian))
		d, err := db.RoomBoard(ctx, room.ID, time.Now().Add(-3*time.Hour))
		must(t, err)
		if len(d.Students) != 60 || len(d.Attempts) != 60*zhixi.BoardRunLen || len(d.Hands) != 60 || len(d.Alerts) != 60 {
			t.Errorf("board: %d students, %d attempts, %d hands, %d alerts; want 60, %d (the last %d each), 60, 60",
				len(d.Students), len(d.Attempts), len(d.Hands), len(d.Alerts), 60*zhixi.BoardRunLen, zhixi.BoardRunLen)
		}
		// Summed in SQL: 40 answers a minute apart are 39 minutes on task;
		// the last answer (the 40th, k = 39) is wrong after a right one.
		first := d.Students[0].ID
		atts, err := db.Attempts(ctx, first)
		must(t, err)
		if d.Minutes[first] != 39 || d.Runs[first] != (zhixi.WrongRun{First: atts[39].ID, Len: 1}) {
			t.Errorf("student %d: %d minutes, run %+v; want 39 and one wrong answer from %d", first, d.Minutes[first], d.Runs[first], atts[39].ID)
		}
		var mine []int64
		for _, a := range d.Attempts {
			if a.StudentID == first {
				mine = append(mine, a.ID)
			}
		}
		if len(mine) != zhixi.BoardRunLen || mine[0] != atts[40-zhixi.BoardRunLen].ID || mine[len(mine)-1] != atts[39].ID {
			t.Errorf("the board's answers of student %d are %v, want the last %d, oldest first", first, mine, zhixi.BoardRunLen)
		}
		// Practice's request for the supervisor reaches the board.
		must(t, db.SavePractice(ctx, &zhixi.PracticeChange{State: &zhixi.PracticeState{StudentID: first, Subject: "math", State: []byte("s")},
			Events: []zhixi.AttentionEvent{{Code: "attention_no_prerequisite", Point: "math.kp0", Wrong: 3, Of: 4, At: time.Now()}}}))
		if d, err := db.RoomBoard(ctx, room.ID, time.Now().Add(-3*time.Hour)); err != nil || len(d.Attention) != 1 || d.Attention[0].StudentID != first || d.Attention[0].Point != "math.kp0" {
			t.Errorf("attention on the board: %+v, %v", d.Attention, err)
		}
		// A second raise is a no-op; answering lowers it once.
		h := zhixi.Hand{RoomID: room.ID, StudentID: d.Students[0].ID, RaisedAt: time.Now()}
		must(t, db.RaiseHand(ctx, &h, &zhixi.AuditEntry{Action: "create"}))
		if h.ID != d.Hands[slices.IndexFunc(d.Hands, func(x zhixi.Hand) bool { return x.StudentID == h.StudentID })].ID {
			t.Errorf("a second raise made hand %d", h.ID)
		}
		must(t, db.AnswerHand(ctx, room.ID, h.ID, f.guardian.ID, time.Now(), &zhixi.AuditEntry{Action: "update"}))
		wantErr(t, db.AnswerHand(ctx, room.ID, h.ID, f.guardian.ID, time.Now(), &zhixi.AuditEntry{Action: "update"}), zhixi.ENOTFOUND, "err.board_done")
		// Alerts are raised once per cause and acknowledged once.
		must(t, db.AddAlerts(ctx, d.Alerts[:1]))
		d2, err := db.RoomBoard(ctx, room.ID, time.Now().Add(-3*time.Hour))
		must(t, err)
		if len(d2.Alerts) != 60 || len(d2.Hands) != 59 {
			t.Errorf("after a repeated alert and an answered hand: %d alerts, %d hands", len(d2.Alerts), len(d2.Hands))
		}
		// A student checked in without answering yet is on the board.
		quiet := zhixi.Student{CommunityID: room.CommunityID, Name: "刚到的学生", Grade: 3, BirthMonth: time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC)}
		must(t, db.CreateStudent(ctx, &quiet))
		must(t, db.CheckIn(ctx, &zhixi.Attendance{RoomID: room.ID, StudentID: quiet.ID, WalkIn: true, CheckedInAt: time.Now(), CheckedInBy: f.guardian.ID},
			&zhixi.AuditEntry{Action: "create"}))
		d3, err := db.RoomBoard(ctx, room.ID, time.Now().Add(-3*time.Hour))
		must(t, err)
		if len(d3.Students) != 61 || d3.Students[60].Name != "刚到的学生" {
			t.Errorf("after a check-in: %d students, want 61 with 刚到的学生", len(d3.Students))
		}
		if r, err := db.StudentRoom(ctx, quiet.ID); err != nil || r != room.ID {
			t.Errorf("StudentRoom of a checked-in student: %d %v", r, err)
		}
		must(t, db.AckAlert(ctx, room.ID, d2.Alerts[0].ID, f.guardian.ID, time.Now(), &zhixi.AuditEntry{Action: "update"}))
		wantErr(t, db.AckAlert(ctx, room.ID, d2.Alerts[0].ID, f.guardian.ID, time.Now(), &zhixi.AuditEntry{Action: "update"}), zhixi.ENOTFOUND, "err.board_done")
	})
}

// BenchmarkRoomBoard measures the board's data query for 60 seats and
// reports its p99 (set ZHIXI_TEST_POSTGRES for PostgreSQL):
// go test ./store -run '^$' -bench RoomBoard -benchtime 300x -v
func BenchmarkRoomBoard(b *testing.B) {
	e := storetest.Engines()
	db := storetest.OpenEngine(b, e[len(e)-1])
	room := seedBoard(b, db)
	ctx := context.Background()
	took := make([]time.Duration, 0, b.N)
	began := time.Now()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if _, err := db.RoomBoard(ctx, room.ID, time.Now().Add(-3*time.Hour)); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	// When the measured queries ran (UTC), to check they overlap a load
	// run in another process (go test -v shows it).
	b.Logf("measured %d queries from %s to %s UTC", len(took), began.UTC().Format("15:04:05"), time.Now().UTC().Format("15:04:05"))
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
}
