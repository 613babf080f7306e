package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/booking"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// TestReadsAudited: the room's day and a guardian's bookings write their
// audit row, the page's and the API's alike; when the row cannot be
// written the read fails and returns nothing.
func TestReadsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, 2)
		_, err := w.book(&w.guardian, 0, "2026-12-11T18:00")
		must(t, err)
		ctx := zhixi.WithClientIP(context.Background(), "203.0.113.9")
		out := &storetest.AuditOutage{DB: db}
		out.Down.Store(true)
		down := booking.NewService(out, w.cal)
		day := func(via zhixi.Via) func(*booking.Service) (int, error) {
			return func(s *booking.Service) (int, error) {
				d, err := s.RoomDay(ctx, &w.staff, w.room.ID, via)
				if d == nil {
					return -1, err
				}
				return len(d.Bookings), err
			}
		}
		family := func(via zhixi.Via) func(*booking.Service) (int, error) {
			return func(s *booking.Service) (int, error) {
				l, err := s.GuardianBookings(ctx, &w.guardian, via)
				if l == nil {
					return -1, err
				}
				return len(l), err
			}
		}
		tests := []struct {
			name  string
			read  func(*booking.Service) (int, error)
			actor *zhixi.User
			want  zhixi.AuditEntry
		}{
			{"room day, page", day(zhixi.ViaPage), &w.staff, zhixi.AuditEntry{Object: "attendance", ObjectID: w.room.ID}},
			{"room day, API", day(zhixi.ViaAPI), &w.staff, zhixi.AuditEntry{Object: "attendance", ObjectID: w.room.ID, Detail: "API"}},
			{"guardian's bookings, page", family(zhixi.ViaPage), &w.guardian,
				zhixi.AuditEntry{Object: "booking_list", ObjectID: w.guardian.ID, Detail: "监护人的 1 条预约"}},
			{"guardian's bookings, API", family(zhixi.ViaAPI), &w.guardian,
				zhixi.AuditEntry{Object: "booking_list", ObjectID: w.guardian.ID, Detail: "API: 监护人的 1 条预约"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := tt.read(w.svc)
				if err != nil || n != 1 {
					t.Fatalf("read: %d bookings, %v; want 1", n, err)
				}
				es, _, err := db.AuditEntries(ctx, zhixi.AuditFilter{ActorID: tt.actor.ID, Limit: 1})
				must(t, err)
				got, want := es[0], tt.want
				if !got.At.Equal(w.clk.now()) {
					t.Errorf("audit row at %v, want %v", got.At, w.clk.now())
				}
				got.ID, got.At = 0, time.Time{}
				want.ActorID, want.ActorRole, want.Action, want.IP = tt.actor.ID, tt.actor.Role, zhixi.AuditRead, "203.0.113.9"
				if got != want {
					t.Errorf("audit row %+v, want %+v", got, want)
				}
				if n, err := tt.read(down); err == nil || n != -1 {
					t.Errorf("audit log down: %d bookings, %v; want an error and nothing read", n, err)
				}
			})
		}
	})
}
