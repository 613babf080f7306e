package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/board"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/learn"
)

// LearningStore is what the demo's screenings, 解读 sessions and practice
// need.
type LearningStore interface {
	learn.Store
	board.Store
	zhixi.ConsentService
	zhixi.UserService
	Attendances(ctx context.Context, roomID int64, from, to time.Time, open bool) ([]zhixi.Attendance, error)
}

// screened are the demo's room children (by roomKids index) who took their
// free maths screening last month, the points each had not learnt (what
// builds on them is not learnt either, nor anything above the child's
// grade), and who came to the 解读 (empty: not yet held).
var screened = []struct {
	kid      int
	gaps     []string
	attendee string
	mode     string
}{
	{0, []string{"math.g2.div_remainder", "math.g3.elapsed_time"}, "妈妈", "in_person"},
	{1, []string{"math.g3.frac_intro", "math.g4.rewrite_round"}, "奶奶", "in_person"},
	{2, []string{"math.g4.decimal_shift", "math.g5.solve_equation"}, "爸爸", "phone"},
	{3, []string{"math.g5.frac_meaning", "math.g5.area_trapezoid"}, "妈妈", "in_person"},
	{4, []string{"math.g1.sub_borrow_20", "math.g2.mult_table_7_9"}, "", ""},
	{5, []string{"math.g4.laws_mult", "math.g5.divisibility"}, "爷爷", "phone"},
}

// unlearnt is what a demo child with these gaps does not know: the gaps,
// everything built on them, and every point above the child's grade.
func unlearnt(g *curriculum.Graph, bank *curriculum.Bank, grade int, gaps []string) map[string]bool {
	out := map[string]bool{}
	var mark func(i int)
	mark = func(i int) {
		id := g.Node(i).ID
		if out[id] {
			return
		}
		out[id] = true
		for _, d := range g.Dependents(i) {
			mark(d)
		}
	}
	for _, id := range gaps {
		if i, ok := g.Index(id); ok {
			mark(i)
		}
	}
	for _, id := range g.IDs() {
		if bank.Grade(id) > grade {
			out[id] = true
		}
	}
	return out
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
	graph, err := bank.Graph("math")
	if err != nil {
		return err
	}
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
		unknown := unlearnt(graph, bank, kid.Grade, s.gaps)
		v, err := svc.StartScreening(ctx, duxue, kid.ID, "math")
		if err != nil {
			return fmt.Errorf("demo screening of %s: %w", kid.Name, err)
		}
		for i := 0; v.Question != nil && v.Status == learn.StatusActive; i++ {
			clock = clock.Add(50 * time.Second)
			// A child answers what they know (with a slip now and then) and
			// says 不会 to the rest.
			in := learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true}
			if it, ok := bank.Item(v.Question.ItemID); ok && it.Answer != "" && (i+n)%13 != 12 &&
				!slices.ContainsFunc(it.KnowledgePoints, func(kp string) bool { return unknown[kp] }) {
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
		// Then practice on the child's next three visits to the room, so
		// that the family's progress chart has something to show.
		visits, err := st.Attendances(ctx, room.ID, clock, now, false)
		if err != nil {
			return err
		}
		evenings := 0
		for _, a := range visits {
			if a.StudentID != kid.ID || evenings == 3 {
				continue
			}
			evenings++
			clock = a.CheckedInAt.Add(20 * time.Minute)
			if err := practise(ctx, svc, bank, graph, duxue, kid, unknown, func() { clock = clock.Add(40 * time.Second) }); err != nil {
				return fmt.Errorf("demo practice of %s: %w", kid.Name, err)
			}
		}
	}
	return nil
}

// practiceAnswers is how many questions a demo child answers an evening.
const practiceAnswers = 15

// practise runs one evening of maths practice through the real practice
// actions. The child answers what they know; a point they do not know is
// learnt after two tries once its prerequisites are known (the teaching
// step and the worked explanations do their work), so mastery grows over
// the evenings.
func practise(ctx context.Context, svc *learn.Service, bank *curriculum.Bank, g *curriculum.Graph, by *zhixi.User,
	kid *zhixi.Student, unknown map[string]bool, tick func()) error {
	v, err := svc.StartPractice(ctx, by, kid.ID, "math")
	if err != nil {
		return err
	}
	tries := map[string]int{}
	for range practiceAnswers {
		if v.Question == nil {
			return nil // resting: nothing due
		}
		tick()
		it, ok := bank.Item(v.Question.ItemID)
		in := learn.AnswerInput{Version: v.Version, Item: v.Question.ItemID, Skip: true}
		if ok && it.Answer != "" && !slices.ContainsFunc(it.KnowledgePoints, func(kp string) bool { return unknown[kp] }) {
			in.Skip, in.Response = false, it.Answer
		}
		if v, err = svc.PracticeAnswer(ctx, by, kid.ID, "math", in); zhixi.ErrorCode(err) == zhixi.EINVALID && !in.Skip {
			in.Skip, in.Response = true, ""
			v, err = svc.PracticeAnswer(ctx, by, kid.ID, "math", in)
		}
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		for _, kp := range it.KnowledgePoints {
			if tries[kp]++; unknown[kp] && tries[kp] >= 2 && learnable(g, kp, unknown) {
				delete(unknown, kp)
			}
		}
	}
	return nil
}

// learnable reports whether every prerequisite of kp is known.
func learnable(g *curriculum.Graph, kp string, unknown map[string]bool) bool {
	i, ok := g.Index(kp)
	if !ok {
		return false
	}
	for _, p := range g.Prerequisites(i) {
		if unknown[g.Node(p).ID] {
			return false
		}
	}
	return true
}
