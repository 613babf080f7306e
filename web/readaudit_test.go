package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/store"
	"github.com/zhixi-org/zhixi/store/storetest"
	"github.com/zhixi-org/zhixi/web"
)

// TestReadsAreAuditedInTheirActions: every read of children's data (and
// of the audit log) that pages and the API serve writes its audit row,
// the same from a page and from the API but for the detail; and when the
// row cannot be written the read fails and shows nothing.
func TestReadsAreAuditedInTheirActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := &storetest.AuditOutage{DB: db}
		w := newWorldOn(t, db, func(cfg *web.Config) { cfg.Store = st })
		ctx := context.Background()
		minhe := w.community("民和社区")
		ming := w.student("王小明")
		room := w.roomID()
		user := func(name string) *zhixi.User {
			u, err := db.UserByUsername(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		wang := user("wang_jz")
		count := func(n int, err error) int {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		list := func(f zhixi.StudentFilter) (int, error) { l, err := db.Students(ctx, f); return len(l), err }
		inMinhe := count(list(zhixi.StudentFilter{CommunityID: minhe.ID}))
		inRoom := 0
		rs, err := db.Room(ctx, room)
		if err != nil {
			t.Fatal(err)
		}
		for _, cid := range rs.Communities {
			inRoom += count(list(zhixi.StudentFilter{CommunityID: cid}))
		}
		kids := count(list(zhixi.StudentFilter{GuardianID: wang.ID}))
		apps, err := db.QuotaApplications(ctx, zhixi.QuotaFilter{CommunityID: minhe.ID, Year: time.Now().In(calendar.Beijing).Year()})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := db.QuotaApplications(ctx, zhixi.QuotaFilter{GuardianID: wang.ID})
		if err != nil {
			t.Fatal(err)
		}
		month := time.Now().In(calendar.Beijing).Format("2006-01")
		acts, err := db.Activities(ctx, room, time.Now().AddDate(0, 0, -30), time.Now().AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		registered := 0
		for _, a := range acts {
			registered += count(func() (int, error) { r, err := db.Registrations(ctx, a.ID); return len(r), err }())
		}
		lent := count(list(zhixi.StudentFilter{CommunityID: rs.CommunityID}))
		activities := fmt.Sprintf("%d 项活动，%d 人次报名，%d 名孩子", len(acts), registered, lent)
		clients := map[string]*http.Client{}
		for _, name := range []string{"admin", "minhe", "duxue", "wang_jz"} {
			clients[name] = w.login(name)
		}

		type row struct {
			action, object      string
			objectID, studentID int64
			detail              string
		}
		tests := []struct {
			name, user, path string
			want             row
			shows            string // in the page when read, never when refused
		}{
			{"community students page", "minhe", fmt.Sprintf("/communities/%d", minhe.ID),
				row{zhixi.AuditRead, "student_list", minhe.ID, 0, fmt.Sprintf("%d 名学生", inMinhe)}, "王小明"},
			{"community students API", "minhe", fmt.Sprintf("/api/v1/communities/%d/students", minhe.ID),
				row{zhixi.AuditRead, "student_list", minhe.ID, 0, fmt.Sprintf("API: %d 名学生", inMinhe)}, "王小明"},
			{"student API", "minhe", fmt.Sprintf("/api/v1/students/%d", ming.ID),
				row{zhixi.AuditRead, "student", ming.ID, ming.ID, "API"}, "王小明"},
			{"audit log page", "admin", "/admin/audit?action=login",
				row{zhixi.AuditRead, "audit_log", 0, 0, "action=login"}, "127.0.0.1"},
			{"audit log API", "admin", fmt.Sprintf("/api/v1/audit?student=%d", ming.ID),
				row{zhixi.AuditRead, "audit_log", 0, ming.ID, fmt.Sprintf("API student=%d", ming.ID)}, `"entries"`},
			{"paper consent form", "minhe", fmt.Sprintf("/students/%d/consent/form", ming.ID),
				row{zhixi.AuditRead, "consent_form", ming.ID, ming.ID, "打印纸质同意书"}, "王小明"},
			{"consents API", "minhe", fmt.Sprintf("/api/v1/students/%d/consents", ming.ID),
				row{zhixi.AuditRead, "consent", ming.ID, ming.ID, "API"}, `"consents"`},
			{"ledger export", "minhe", fmt.Sprintf("/ledger.xlsx?room=%d", room),
				row{zhixi.AuditExport, "ledger", room, 0, "room " + month}, "PK\x03\x04"},
			{"guardian's children", "wang_jz", "/guardian",
				row{zhixi.AuditRead, "student_list", wang.ID, 0, fmt.Sprintf("监护人的 %d 名孩子", kids)}, "王小红"},
			{"guardian's bookings page", "wang_jz", "/guardian/bookings",
				row{zhixi.AuditRead, "booking_list", wang.ID, 0, "监护人的 0 条预约"}, "王小红"},
			{"guardian's bookings API", "wang_jz", "/api/v1/bookings",
				row{zhixi.AuditRead, "booking_list", wang.ID, 0, "API: 监护人的 0 条预约"}, `"bookings"`},
			{"guardian's applications API", "wang_jz", "/api/v1/quota",
				row{zhixi.AuditRead, "quota_list", wang.ID, 0, fmt.Sprintf("API: 监护人的 %d 份申请", len(mine))}, `"applications"`},
			{"guardian's applications on the bookings page", "wang_jz", "/guardian/bookings",
				row{zhixi.AuditRead, "quota_list", wang.ID, 0, fmt.Sprintf("监护人的 %d 份申请", len(mine))}, "王小红"},
			{"quota list page", "minhe", fmt.Sprintf("/communities/%d/quota", minhe.ID),
				row{zhixi.AuditRead, "quota_list", minhe.ID, 0, fmt.Sprintf("%d 份申请", len(apps))}, "王小明"},
			{"quota list API", "minhe", fmt.Sprintf("/api/v1/communities/%d/quota", minhe.ID),
				row{zhixi.AuditRead, "quota_list", minhe.ID, 0, "API"}, `"applications"`},
			{"room's students", "duxue", fmt.Sprintf("/rooms/%d", room),
				row{zhixi.AuditRead, "student_list", room, 0, fmt.Sprintf("智习室 %d 名学生", inRoom)}, "王小明"},
			{"room day page", "duxue", fmt.Sprintf("/rooms/%d", room),
				row{zhixi.AuditRead, "attendance", room, 0, ""}, "王小明"},
			{"room day API", "duxue", fmt.Sprintf("/api/v1/rooms/%d/day", room),
				row{zhixi.AuditRead, "attendance", room, 0, "API"}, `"capacity"`},
			{"activities page", "duxue", fmt.Sprintf("/rooms/%d/activities", room),
				row{zhixi.AuditRead, "activities", room, 0, activities}, "王小明"},
			{"activities API", "duxue", fmt.Sprintf("/api/v1/rooms/%d/activities", room),
				row{zhixi.AuditRead, "activities", room, 0, "API: " + activities}, `"activities"`},
			{"materials API", "duxue", fmt.Sprintf("/api/v1/rooms/%d/materials", room),
				row{zhixi.AuditRead, "activities", room, 0, "API: " + activities}, `"materials"`},
		}
		rows := func(u *zhixi.User, after int64) []row {
			t.Helper()
			es, _, err := db.AuditEntries(ctx, zhixi.AuditFilter{ActorID: u.ID, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var out []row
			for _, e := range es {
				if e.ID <= after {
					continue
				}
				if e.IP != "127.0.0.1" || e.ActorRole != u.Role {
					t.Errorf("row %+v: want the reader's role %s and address 127.0.0.1", e, u.Role)
				}
				out = append(out, row{e.Action, e.Object, e.ObjectID, e.StudentID, e.Detail})
			}
			return out
		}
		last := func() int64 {
			es, _, err := db.AuditEntries(ctx, zhixi.AuditFilter{Limit: 1})
			if err != nil || len(es) == 0 {
				t.Fatalf("audit log: %v", err)
			}
			return es[0].ID
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := user(tt.user)
				before := last()
				resp, body := w.do(clients[tt.user], "GET", tt.path, nil)
				if resp.StatusCode != http.StatusOK || !strings.Contains(body, tt.shows) {
					t.Fatalf("GET %s: %d, want 200 showing %q\n%.300s", tt.path, resp.StatusCode, tt.shows, body)
				}
				got := rows(u, before)
				found := 0
				for _, r := range got {
					if r == tt.want {
						found++
					}
				}
				if found != 1 {
					t.Errorf("GET %s wrote %+v, want one row %+v", tt.path, got, tt.want)
				}

				st.Down.Store(true)
				defer st.Down.Store(false)
				before = last()
				resp, body = w.do(clients[tt.user], "GET", tt.path, nil)
				if resp.StatusCode != http.StatusInternalServerError || strings.Contains(body, tt.shows) {
					t.Errorf("GET %s with the audit log down: %d, want 500 showing nothing read\n%.300s", tt.path, resp.StatusCode, body)
				}
				if got := rows(u, before); len(got) != 0 {
					t.Errorf("audit log down, yet rows %+v", got)
				}
			})
		}
	})
}
