package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
)

// RoomStore is what the demo's month of room activity needs.
type RoomStore interface {
	zhixi.CalendarService
	zhixi.BookingService
	zhixi.QuotaService
	zhixi.ActivityService
}

// roomKids are demo children of 民和社区 who come to the room; they have no
// accounts, and only 林可欣 has a guardian in the demo (her grandmother, so
// that a guardian's login shows a report from last month's screening).
var roomKids = []struct {
	name  string
	grade int
	birth string
}{
	{"陈思远", 3, "2017-04"}, {"林可欣", 4, "2016-08"}, {"周子涵", 5, "2015-11"}, {"吴浩然", 6, "2014-02"},
	{"郑雨桐", 2, "2018-06"}, {"孙嘉怡", 5, "2015-03"}, {"马俊杰", 7, "2013-09"}, {"胡欣然", 4, "2016-12"},
	{"高宇航", 3, "2017-01"}, {"何梓萱", 6, "2014-07"},
}

// seedRoomMonth writes the room's life from the first of last month to
// today: the
// supervisor on duty, bookings and attendance for every opening (one
// no-show and one child left at closing a week), the centre's other uses,
// a closure, 公益名额 decisions, a theme activity and materials given out.
// The ledger of the month shows all of it.
func seedRoomMonth(ctx context.Context, st Store, room *zhixi.Room, users map[string]*zhixi.User, now time.Time) error {
	minhe := room.CommunityID
	kids := make([]*zhixi.Student, 0, len(roomKids))
	for _, k := range roomKids {
		birth, _ := time.Parse("2006-01", k.birth)
		s := &zhixi.Student{CommunityID: minhe, Name: k.name, Grade: k.grade, BirthMonth: birth, CreatedAt: now.AddDate(0, -2, 0)}
		if err := st.CreateStudent(ctx, s); err != nil {
			return fmt.Errorf("demo student %s: %w", k.name, err)
		}
		kids = append(kids, s)
		if k.name == "林可欣" {
			if err := st.LinkGuardian(ctx, s.ID, users["lin_nn"].ID, "奶奶"); err != nil {
				return fmt.Errorf("demo guardian of %s: %w", k.name, err)
			}
		}
	}
	duxue, staff := users["duxue"], users["minhe"]
	sys := func(at time.Time, object string) *zhixi.AuditEntry {
		return &zhixi.AuditEntry{At: at, ActorID: staff.ID, ActorRole: staff.Role, Action: zhixi.AuditCreate, Object: object, Detail: "demo"}
	}
	l := now.In(calendar.Beijing)
	today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, calendar.Beijing)
	// From the first of last month, so last month's ledger is complete.
	from := time.Date(l.Year(), l.Month()-1, 1, 0, 0, 0, 0, calendar.Beijing)
	// A Saturday afternoon closed for a fire-safety check.
	var closed zhixi.Closure
	for d := from; d.Before(today); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday {
			closed = zhixi.Closure{RoomID: room.ID, Start: d.Add(14 * time.Hour), End: d.Add(17 * time.Hour), Reason: "消防安全检查", CreatedBy: staff.ID, CreatedAt: d.AddDate(0, 0, -3)}
			if err := st.CreateClosure(ctx, &closed, sys(closed.CreatedAt, "closure")); err != nil {
				return err
			}
			break
		}
	}
	openings := calendar.Openings(calendar.DefaultSettings(room.ID), nil, []zhixi.Closure{closed}, from, today)
	for i, o := range openings {
		if err := st.StartPresence(ctx, &zhixi.Presence{RoomID: room.ID, UserID: duxue.ID, StartedAt: o.Start.Add(-10 * time.Minute)}, sys(o.Start, "presence")); err != nil {
			return err
		}
		for j := range 6 {
			k := kids[(i*3+j)%len(kids)]
			b := &zhixi.Booking{RoomID: room.ID, StudentID: k.ID, Kind: zhixi.BookStudy, SlotStart: o.Start, SlotEnd: o.End, CreatedBy: staff.ID, CreatedAt: o.Start.AddDate(0, 0, -2)}
			if j == 0 {
				b.Kind = zhixi.BookScreening
			}
			if _, err := st.Book(ctx, b, 10, sys(b.CreatedAt, "booking")); err != nil {
				return fmt.Errorf("demo booking: %w", err)
			}
			if j == 5 {
				continue // a no-show
			}
			in := o.Start.Add(time.Duration(3+4*j) * time.Minute)
			x := &zhixi.Attendance{RoomID: room.ID, StudentID: k.ID, BookingID: b.ID, CheckedInAt: in, CheckedInBy: duxue.ID}
			if err := st.CheckIn(ctx, x, sys(in, "attendance")); err != nil {
				return fmt.Errorf("demo check-in: %w", err)
			}
			if j == 4 && i%4 == 3 {
				continue // left at closing: the closing job checks out
			}
			if _, err := st.CheckOut(ctx, room.ID, x.ID, o.End.Add(-time.Duration(5+3*j)*time.Minute), duxue.ID, sys(o.End, "attendance")); err != nil {
				return err
			}
		}
		if err := st.EndPresence(ctx, room.ID, duxue.ID, o.End.Add(5*time.Minute), sys(o.End, "presence")); err != nil {
			return err
		}
		if _, err := st.CloseRoom(ctx, room.ID, o.End, sys(o.End, "room_close")); err != nil {
			return err
		}
	}
	if _, err := st.MarkNoShows(ctx, room.ID, now, sys(now, "booking")); err != nil {
		return err
	}
	// The centre's other uses: Tuesday and Wednesday afternoons.
	uses := []struct{ kind, title, organiser string }{
		{"lecture", "家庭教育讲座", "街道妇联"}, {"clinic", "社区义诊", "社区卫生服务站"},
		{"elderly", "老年人智能手机课", "社区老年协会"}, {"meeting", "居民议事会", "民和社区居委会"},
	}
	n := 0
	for d := from; d.Before(today) && n < len(uses); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Tuesday && d.Weekday() != time.Wednesday {
			continue
		}
		u := uses[n]
		su := &zhixi.SpaceUse{RoomID: room.ID, Kind: u.kind, Title: u.title, Organiser: u.organiser, Start: d.Add(14 * time.Hour), End: d.Add(16 * time.Hour),
			ExpectedPeople: 20 + 5*n, CreatedBy: staff.ID, CreatedAt: d.AddDate(0, 0, -5)}
		if err := st.CreateSpaceUse(ctx, su, sys(su.CreatedAt, "space_use")); err != nil {
			return err
		}
		n++
	}
	if err := seedQuota(ctx, st, minhe, kids, staff, now, sys); err != nil {
		return err
	}
	return seedActivity(ctx, st, room, kids, staff, from, sys)
}

// seedQuota files three 公益名额 applications: two approved, one waiting
// for verification.
func seedQuota(ctx context.Context, st Store, community int64, kids []*zhixi.Student, staff *zhixi.User, now time.Time, sys func(time.Time, string) *zhixi.AuditEntry) error {
	year := now.In(calendar.Beijing).Year()
	at := now.AddDate(0, 0, -20)
	for i, cat := range []string{"低保", "特困", "低保边缘"} {
		q := &zhixi.QuotaApplication{CommunityID: community, StudentID: kids[i].ID, Year: year, Category: cat, AppliedBy: staff.ID, AppliedAt: at}
		if err := st.ApplyQuota(ctx, q, sys(at, "quota")); err != nil {
			return err
		}
		if i == 2 {
			continue
		}
		q.CertificateType, q.CertificateYear, q.VerifiedBy, q.VerifiedAt = cat+"证", year, staff.ID, at.Add(time.Hour)
		if err := st.VerifyQuota(ctx, q, sys(at, "quota")); err != nil {
			return err
		}
		if _, err := st.ApproveQuota(ctx, q.ID, 5, staff.ID, at.Add(2*time.Hour), sys(at, "quota")); err != nil {
			return err
		}
	}
	return nil
}

// seedActivity holds a theme activity two weeks ago with six children and
// gives out materials received from the company.
func seedActivity(ctx context.Context, st Store, room *zhixi.Room, kids []*zhixi.Student, staff *zhixi.User, from time.Time, sys func(time.Time, string) *zhixi.AuditEntry) error {
	day := from.AddDate(0, 0, 14)
	for day.Weekday() != time.Wednesday {
		day = day.AddDate(0, 0, 1)
	}
	a := &zhixi.Activity{RoomID: room.ID, Title: "“我爱科学”手工实验", Start: day.Add(9 * time.Hour), End: day.Add(11 * time.Hour), MinAge: 6, MaxAge: 14,
		Capacity: 8, Summary: "孩子们分组完成了简易电路和纸桥承重实验。", CreatedBy: staff.ID, CreatedAt: day.AddDate(0, 0, -7)}
	if err := st.CreateActivity(ctx, a, sys(a.CreatedAt, "activity")); err != nil {
		return err
	}
	for _, k := range kids[:6] {
		r := &zhixi.ActivityRegistration{ActivityID: a.ID, StudentID: k.ID, RegisteredBy: staff.ID, RegisteredAt: day.AddDate(0, 0, -3)}
		if err := st.RegisterActivity(ctx, r, sys(r.RegisteredAt, "activity_registration")); err != nil {
			return err
		}
		if err := st.MarkAttended(ctx, r.ID, true, sys(a.End, "activity_registration")); err != nil {
			return err
		}
	}
	received := from.Add(10 * time.Hour)
	for _, m := range []struct {
		name, unit string
		qty, give  int
		activity   bool
	}{{"笔记本", "本", 100, 12, true}, {"文具套装", "套", 50, 8, false}} {
		in := &zhixi.MaterialMove{Delta: m.qty, Note: "公司配送", MovedBy: staff.ID, MovedAt: received}
		if err := st.ReceiveMaterial(ctx, in, room.ID, m.name, m.unit, sys(received, "material_move")); err != nil {
			return err
		}
		out := &zhixi.MaterialMove{MaterialID: in.MaterialID, Delta: -m.give, MovedBy: staff.ID, MovedAt: a.End}
		if m.activity {
			out.ActivityID = a.ID
		} else {
			out.Note = "室内学习奖励"
		}
		if err := st.GiveMaterial(ctx, out, sys(a.End, "material_move")); err != nil {
			return err
		}
	}
	return nil
}
