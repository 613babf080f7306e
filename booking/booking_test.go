package booking_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/booking"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = at(s)
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Beijing)
	if err != nil {
		panic(err)
	}
	return t
}

type world struct {
	db        *store.DB
	clk       *clock
	svc       *booking.Service
	cal       *calendar.Service
	room      zhixi.Room
	staff     zhixi.User
	guardian  zhixi.User
	students  []zhixi.Student
	community zhixi.Community
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// newWorld is one community with a 14-seat room (two kept for walk-ins,
// the default, so 12 bookable), a staff member, a guardian of the first
// child, and n children; the clock is Friday 2026-12-11 10:00.
func newWorld(t *testing.T, db *store.DB, n int) *world {
	ctx := context.Background()
	w := &world{db: db, clk: &clock{}}
	w.clk.set("2026-12-11 10:00")
	st := zhixi.Street{Name: "开源街道"}
	must(t, db.CreateStreet(ctx, &st))
	w.community = zhixi.Community{StreetID: st.ID, Name: "民和社区"}
	must(t, db.CreateCommunity(ctx, &w.community))
	w.room = zhixi.Room{CommunityID: w.community.ID, Name: "AI智习室", Seats: 14}
	must(t, db.CreateRoom(ctx, &w.room))
	w.staff = zhixi.User{Username: "staff", Role: zhixi.RoleStaff, CommunityID: w.community.ID, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, &w.staff))
	w.guardian = zhixi.User{Username: "parent", Role: zhixi.RoleGuardian, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, &w.guardian))
	for i := range n {
		s := zhixi.Student{CommunityID: w.community.ID, Name: fmt.Sprintf("学生%02d", i), Grade: 4, BirthMonth: at("2016-01-01 00:00"), CreatedAt: w.clk.now()}
		must(t, db.CreateStudent(ctx, &s))
		w.students = append(w.students, s)
	}
	if n > 0 {
		must(t, db.LinkGuardian(ctx, w.students[0].ID, w.guardian.ID, "母亲"))
	}
	w.cal = calendar.NewService(db, w.clk.now)
	w.svc = booking.NewService(db, w.cal)
	return w
}

func (w *world) book(u *zhixi.User, i int, slot string) (*zhixi.Booking, error) {
	return w.svc.Book(context.Background(), u, w.room.ID, booking.BookInput{StudentID: w.students[i].ID, Kind: zhixi.BookScreening, Slot: slot})
}

func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	if k, _ := zhixi.ErrorKey(err); err == nil || k != key {
		t.Fatalf("error %v, want key %s", err, key)
	}
}

// TestConcurrentBooking: 30 guardians booking one slot of 12 bookable seats
// at the same moment get 12 seats and 18 places on the waiting list.
func TestConcurrentBooking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, 30)
		var wg sync.WaitGroup
		errs := make([]error, 30)
		start := make(chan struct{})
		for i := range 30 {
			wg.Go(func() {
				<-start
				_, errs[i] = w.book(&w.staff, i, "2026-12-11T18:00")
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("booking %d: %v", i, err)
			}
		}
		all, err := db.Bookings(context.Background(), zhixi.BookingFilter{RoomID: w.room.ID})
		must(t, err)
		count := map[string]int{}
		positions := map[int]bool{}
		for _, b := range all {
			count[b.Status]++
			if b.Status == zhixi.BookingWaiting {
				positions[b.Position] = true
			}
		}
		if count[zhixi.BookingBooked] != 12 || count[zhixi.BookingWaiting] != 18 || len(all) != 30 {
			t.Fatalf("30 simultaneous bookings for 12 seats gave %v (%d rows), want 12 booked and 18 waiting", count, len(all))
		}
		for p := 1; p <= 18; p++ {
			if !positions[p] {
				t.Errorf("no booking at waiting position %d", p)
			}
		}
	})
}

func TestBookingRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, 14)
		var first *zhixi.Booking
		for i := range 13 {
			b, err := w.book(&w.staff, i, "2026-12-11T18:00")
			must(t, err)
			if i == 0 {
				first = b
			}
			want := zhixi.BookingBooked
			if i == 12 {
				want = zhixi.BookingWaiting
			}
			if b.Status != want {
				t.Fatalf("booking %d is %s, want %s", i, b.Status, want)
			}
		}
		// A double submit returns the same booking.
		again, err := w.book(&w.guardian, 0, "2026-12-11T18:00")
		must(t, err)
		if again.ID != first.ID {
			t.Errorf("booking twice made booking %d, want %d again", again.ID, first.ID)
		}
		// Not an opening, and a guardian who is not this child's.
		_, err = w.book(&w.staff, 13, "2026-12-11T17:00")
		wantKey(t, err, "err.slot_not_open")
		_, err = w.book(&w.guardian, 13, "2026-12-12T09:00")
		wantKey(t, err, "err.not_found")
		// Study needs a 公益名额 unless the room opens it.
		_, err = w.svc.Book(ctx, &w.staff, w.room.ID, booking.BookInput{StudentID: w.students[13].ID, Kind: zhixi.BookStudy, Slot: "2026-12-12T09:00"})
		wantKey(t, err, "err.study_needs_place")

		// The guardian cancels in time: the first waiting child gets the seat.
		promoted, err := w.svc.Cancel(ctx, &w.guardian, first.ID)
		must(t, err)
		if promoted == nil || promoted.StudentID != w.students[12].ID || promoted.Status != zhixi.BookingBooked {
			t.Fatalf("cancelling promoted %+v, want 学生12 booked", promoted)
		}
		_, err = w.svc.Cancel(ctx, &w.guardian, first.ID)
		wantKey(t, err, "err.booking_not_live")
		// Too late for a guardian two hours before (the default).
		b, err := w.book(&w.guardian, 0, "2026-12-11T18:00")
		must(t, err)
		if b.Status != zhixi.BookingWaiting || b.Position != 1 {
			t.Fatalf("booking a full slot gave %s at %d, want waiting at 1", b.Status, b.Position)
		}
		all, err := db.Bookings(ctx, zhixi.BookingFilter{StudentID: w.students[1].ID})
		must(t, err)
		if _, err := w.svc.Cancel(ctx, &w.staff, all[0].ID); err != nil {
			t.Fatal(err)
		}
		if b, err = db.Booking(ctx, b.ID); err != nil || b.Status != zhixi.BookingBooked || b.PromotedAt.IsZero() {
			t.Fatalf("after a seat freed the waiting booking is %+v, %v; want booked", b, err)
		}
		w.clk.set("2026-12-11 16:30")
		_, err = w.svc.Cancel(ctx, &w.guardian, b.ID)
		wantKey(t, err, "err.cancel_too_late")

		// Check-in before the room opens is refused with the rule.
		_, err = w.svc.CheckIn(ctx, &w.staff, w.room.ID, booking.CheckInInput{StudentID: w.students[13].ID})
		wantKey(t, err, "err.outside_hours")
		w.clk.set("2026-12-11 18:05")
		in, err := w.svc.CheckIn(ctx, &w.staff, w.room.ID, booking.CheckInInput{BookingID: b.ID})
		must(t, err)
		_, err = w.svc.CheckIn(ctx, &w.staff, w.room.ID, booking.CheckInInput{StudentID: w.students[0].ID})
		wantKey(t, err, "err.already_in")
		walk, err := w.svc.CheckIn(ctx, &w.staff, w.room.ID, booking.CheckInInput{StudentID: w.students[13].ID})
		must(t, err)
		if !walk.WalkIn {
			t.Error("a check-in without a booking is not a walk-in")
		}
		w.clk.set("2026-12-11 19:35")
		out, err := w.svc.CheckOut(ctx, &w.staff, w.room.ID, in.ID)
		must(t, err)
		if out.Minutes != 90 || out.FlaggedAutoCheckout {
			t.Errorf("checked out after %d minutes (flagged %v), want 90, not flagged", out.Minutes, out.FlaggedAutoCheckout)
		}
		_, err = w.svc.CheckOut(ctx, &w.staff, w.room.ID, in.ID)
		wantKey(t, err, "err.already_out")

		// The closing job checks the walk-in out at 21:00, flagged, and
		// marks the other booked children as no-shows.
		w.clk.set("2026-12-11 21:20")
		closer := &booking.Closer{Service: w.svc, Holder: "test"}
		n, err := closer.RunOnce(ctx)
		must(t, err)
		if n != 1 {
			t.Fatalf("closing checked out %d, want 1", n)
		}
		list, err := db.Attendances(ctx, w.room.ID, at("2026-12-11 00:00"), at("2026-12-12 00:00"), false)
		must(t, err)
		for _, x := range list {
			if x.ID == walk.ID && (!x.FlaggedAutoCheckout || x.Minutes != 175 || !x.CheckedOutAt.Equal(at("2026-12-11 21:00"))) {
				t.Errorf("walk-in after closing: %+v, want out at 21:00 after 175 minutes, flagged", x)
			}
		}
		noShows, err := db.Bookings(ctx, zhixi.BookingFilter{RoomID: w.room.ID, Status: zhixi.BookingNoShow})
		must(t, err)
		if len(noShows) != 11 {
			t.Errorf("%d no-shows, want 11", len(noShows))
		}
	})
}

func TestOverlapAcrossRooms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, 1)
		other := zhixi.Room{CommunityID: w.community.ID, Name: "第二智习室", Seats: 10}
		must(t, db.CreateRoom(ctx, &other))
		_, err := w.book(&w.guardian, 0, "2026-12-12T09:00")
		must(t, err)
		_, err = w.svc.Book(ctx, &w.guardian, other.ID, booking.BookInput{StudentID: w.students[0].ID, Kind: zhixi.BookScreening, Slot: "2026-12-12T09:00"})
		wantKey(t, err, "err.booking_overlap")
	})
}
