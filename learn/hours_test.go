package learn_test

import (
	"context"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/learn"
)

// On a room tablet, screening and practice follow the room's hours (the
// default template: Monday 18:00–21:00, latest time 21:00): at 10:00 and
// at 21:05 the student is refused with the rule, at 19:00 the screening
// starts and takes answers. The same account signed in elsewhere (no
// tablet room) is not a room session and is not refused. The clock is
// fixed, so the test passes at any hour.
func TestTabletHoursGuard(t *testing.T) {
	_, db, admin, st := setup(t)
	ctx := context.Background()
	room := &zhixi.Room{CommunityID: st.CommunityID, Name: "二号智习室", Seats: 12}
	must(t, db.CreateRoom(ctx, room))
	clock := time.Date(2026, 12, 7, 10, 0, 0, 0, calendar.Beijing) // a Monday morning
	now := func() time.Time { return clock }
	svc := learn.NewService(db, testBank(t), now)
	svc.Hours = calendar.NewService(db, now)

	kid, err := db.StudentAccount(ctx, st.ID, zhixi.AuditEntry{ActorID: admin.ID, ActorRole: admin.Role})
	must(t, err)
	kid.TabletRoom = room.ID
	refused := func(what string, err error) {
		t.Helper()
		key, args := zhixi.ErrorKey(err)
		if zhixi.ErrorCode(err) != zhixi.EFORBIDDEN || key != "err.outside_hours" {
			t.Fatalf("%s at %s: %v, want the outside-hours refusal", what, clock.Format("15:04"), err)
		}
		if len(args) != 2 || args[0] != "21:00" {
			t.Fatalf("%s: the refusal states %v, want the latest time 21:00 and the next opening", what, args)
		}
	}
	_, err = svc.StartScreening(ctx, kid, st.ID, "math")
	refused("start a screening", err)
	_, err = svc.StartPractice(ctx, kid, st.ID, "math")
	refused("start practice", err)
	_, err = svc.PracticeAnswer(ctx, kid, st.ID, "math", learn.AnswerInput{Item: "math.g1.add.1", Response: "5"})
	refused("answer practice", err)

	clock = time.Date(2026, 12, 7, 19, 0, 0, 0, calendar.Beijing) // open
	v, err := svc.StartScreening(ctx, kid, st.ID, "math")
	must(t, err)
	v, err = svc.Answer(ctx, kid, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: fixtureAnswers[v.Question.ItemID]})
	must(t, err)

	clock = time.Date(2026, 12, 7, 21, 5, 0, 0, calendar.Beijing) // past the latest time
	_, err = svc.Answer(ctx, kid, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: fixtureAnswers[v.Question.ItemID]})
	refused("answer the screening", err)
	if atts, err := db.Attempts(ctx, st.ID); err != nil || len(atts) != 1 {
		t.Fatalf("after the refusal the student has %d attempts (%v), want the one from opening hours", len(atts), err)
	}

	// Not a room tablet: the guard does not apply.
	kid.TabletRoom = 0
	if _, err := svc.Answer(ctx, kid, v.ID, learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Response: fixtureAnswers[v.Question.ItemID]}); err != nil {
		t.Fatalf("answering away from a room tablet: %v", err)
	}
}
