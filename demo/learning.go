package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/board"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
)

// LearningStore is what the demo's screenings and 解读 sessions need.
type LearningStore interface {
	learn.Store
	board.Store
	zhixi.ConsentService
	zhixi.UserService
}

// screened are the demo's room children (by roomKids index) who took their
// free maths screening last month, how often they answer right (out of
// 10), and who came to the 解读 (empty: not yet held).
var screened = []struct {
	kid      int
	right    int
	attendee string
	mode     string
}{
	{0, 7, "妈妈", "in_person"}, {1, 5, "奶奶", "in_person"}, {2, 8, "爸爸", "phone"},
	{3, 4, "妈妈", "in_person"}, {4, 6, "", ""}, {5, 9, "爷爷", "phone"},
}

// SeedLearning runs last month's free screenings of six room children
// through the real screening action (the supervisor starts them on an
// evening opening; the child answers until the engine is sure) and records
// the 解读 sessions held with the families a few days later through the
// board's action, so the ledger shows screenings done and 解读 sessions.
// The children's guardians signed paper consent forms first. It needs the
// content in the database (serve calls it after syncing), does nothing
// outside the demo world, and nothing when it has run before.
func SeedLearning(ctx context.Context, st LearningStore, bank *curriculum.Bank) error {
	kids, err := st.Students(ctx, zhixi.StudentFilter{})
	if err != nil {
		return err
	}
	byName := map[string]*zhixi.Student{}
	for i := range kids {
		byName[kids[i].Name] = &kids[i]
	}
	users := map[string]*zhixi.User{}
	for _, name := range []string{"duxue", "minhe"} {
		u, err := st.UserByUsername(ctx, name)
		if zhixi.ErrorCode(err) == zhixi.ENOTFOUND {
			return nil // not the demo world
		}
		if err != nil {
			return err
		}
		users[name] = u
	}
	first := byName[roomKids[screened[0].kid].name]
	if first == nil {
		return nil
	}
	if past, err := st.Screenings(ctx, first.ID); err != nil || len(past) > 0 {
		return err // seeded before
	}
	rooms, err := st.Rooms(ctx, first.CommunityID)
	if err != nil || len(rooms) == 0 {
		return err
	}
	room := rooms[0]
	// Last month's openings: one evening per child.
	now := time.Now()
	l := now.In(calendar.Beijing)
	from := time.Date(l.Year(), l.Month()-1, 1, 0, 0, 0, 0, calendar.Beijing)
	openings := calendar.Openings(calendar.DefaultSettings(room.ID), nil, nil, from, from.AddDate(0, 1, 0))
	clock := from
	tick := func() time.Time { return clock }
	svc := learn.NewService(st, bank, tick)
	boards := &board.Service{Store: st, Content: bank, Now: tick}
	duxue, staff := users["duxue"], users["minhe"]
	for n, s := range screened {
		kid := byName[roomKids[s.kid].name]
		if kid == nil || len(openings) == 0 {
			return nil
		}
		o := openings[(n*3+1)%len(openings)]
		clock = o.Start.Add(-3 * 24 * time.Hour)
		c := &zhixi.Consent{StudentID: kid.ID, Method: zhixi.ConsentPaper, GuardianName: s.attendee + "（纸质）", RecordedBy: staff.ID,
			PaperRef: fmt.Sprintf("MH-%s-%02d", clock.Format("200601"), n+1), PaperDate: clock, At: clock}
		if err := st.GiveConsent(ctx, c, zhixi.AuditEntry{At: clock, ActorID: staff.ID, ActorRole: staff.Role}); err != nil {
			return fmt.Errorf("demo consent for %s: %w", kid.Name, err)
		}
		clock = o.Start.Add(15 * time.Minute)
		v, err := svc.StartScreening(ctx, duxue, kid.ID, "math")
		if err != nil {
			return fmt.Errorf("demo screening of %s: %w", kid.Name, err)
		}
		for i := 0; v.Question != nil && v.Status == learn.StatusActive; i++ {
			clock = clock.Add(50 * time.Second)
			in := learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true}
			if it, ok := bank.Item(v.Question.ItemID); ok && it.Answer != "" && (i*7+n)%10 < s.right {
				in.Skip, in.Response = false, it.Answer
			}
			next, err := svc.Answer(ctx, duxue, v.ID, in)
			if zhixi.ErrorCode(err) == zhixi.EINVALID && !in.Skip {
				// The stored answer is not in the form a child types: "不会".
				in.Skip, in.Response = true, ""
				next, err = svc.Answer(ctx, duxue, v.ID, in)
			}
			if err != nil {
				return fmt.Errorf("demo screening of %s, answer %d: %w", kid.Name, i+1, err)
			}
			v = next
		}
		if v.Status == learn.StatusActive {
			if v, err = svc.Stop(ctx, duxue, v.ID); err != nil {
				return fmt.Errorf("demo screening of %s, stop: %w", kid.Name, err)
			}
		}
		if s.attendee == "" {
			continue // the family has not come for the 解读 yet
		}
		clock = o.Start.Add(3*24*time.Hour + 30*time.Minute)
		in := &zhixi.Interpretation{StudentID: kid.ID, ScreeningID: v.ID, HeldOn: clock.In(calendar.Beijing).Format("2006-01-02"),
			Mode: s.mode, Attendee: s.attendee, Notes: "讲解了报告中的根本原因和接下来的练习顺序。"}
		if err := boards.Interpret(ctx, duxue, room.ID, in, ""); err != nil {
			return fmt.Errorf("demo 解读 for %s: %w", kid.Name, err)
		}
	}
	return nil
}
