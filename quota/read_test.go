package quota_test

import (
	"context"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/quota"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
)

// TestBoardReadAudited: a community's applications write their audit row,
// the page's and the API's (which has always said only "API"); when the
// row cannot be written the read fails and returns nothing.
func TestBoardReadAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, 3)
		ctx := zhixi.WithClientIP(context.Background(), "203.0.113.9")
		now := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
		out := &storetest.AuditOutage{DB: db}
		out.Down.Store(true)
		down := quota.NewService(out, func() time.Time { return now })
		cid := w.students[0].CommunityID
		for _, tt := range []struct {
			name   string
			via    zhixi.Via
			detail string
		}{
			{"page", zhixi.ViaPage, "3 份申请"},
			{"API", zhixi.ViaAPI, "API"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				b, err := w.svc.CommunityBoard(ctx, &w.staff, cid, 2026, tt.via)
				if err != nil || len(b.Applications) != 3 {
					t.Fatalf("board: %+v, %v; want 3 applications", b, err)
				}
				es, _, err := db.AuditEntries(ctx, zhixi.AuditFilter{ActorID: w.staff.ID, Limit: 1})
				must(t, err)
				got := es[0]
				if !got.At.Equal(now) {
					t.Errorf("audit row at %v, want %v", got.At, now)
				}
				got.ID, got.At = 0, time.Time{}
				want := zhixi.AuditEntry{ActorID: w.staff.ID, ActorRole: zhixi.RoleStaff, Action: zhixi.AuditRead, Object: "quota_list",
					ObjectID: cid, Detail: tt.detail, IP: "203.0.113.9"}
				if got != want {
					t.Errorf("audit row %+v, want %+v", got, want)
				}
				if b, err := down.CommunityBoard(ctx, &w.staff, cid, 2026, tt.via); err == nil || b != nil {
					t.Errorf("audit log down: %+v, %v; want an error and nothing read", b, err)
				}
			})
		}
	})
}
