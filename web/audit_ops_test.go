package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/learn"
)

// Reading the audit log and fitting the models are themselves audited.
func TestAuditReadsAndFitsAreAudited(t *testing.T) {
	bank := contentBank(t)
	w := newWorld(t, bank)
	ctx := context.Background()
	if _, err := learn.SyncContent(ctx, w.db, bank, time.Now()); err != nil {
		t.Fatal(err)
	}
	admin := w.login("admin")
	count := func(action, object string) int {
		t.Helper()
		es, _, err := w.db.AuditEntries(ctx, zhixi.AuditFilter{Action: action, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range es {
			if e.Object == object && e.ActorRole == zhixi.RoleAdmin {
				n++
			}
		}
		return n
	}
	for i, path := range []string{"/admin/audit?action=read", "/api/v1/audit?page=1"} {
		if resp, body := w.do(admin, "GET", path, nil); resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %.200s", path, resp.StatusCode, body)
		}
		if n := count(zhixi.AuditRead, "audit_log"); n != i+1 {
			t.Errorf("after GET %s: %d audit-log reads recorded, want %d", path, n, i+1)
		}
	}

	ming := w.student("王小明")
	code, r := w.screening(admin, "POST", fmt.Sprintf("/api/v1/students/%d/screenings", ming.ID), `{"subject":"math"}`)
	if code != 200 || r.Screening.Question == nil {
		t.Fatalf("start: %d %+v", code, r.Error)
	}
	body := fmt.Sprintf(`{"item":%q,"skip":true,"version":%d}`, r.Screening.Question.ItemID, r.Screening.Version)
	if code, r := w.screening(admin, "POST", fmt.Sprintf("/api/v1/screenings/%d/answers", r.Screening.ID), body); code != 200 {
		t.Fatalf("answer: %d %+v", code, r.Error)
	}
	if resp, body := w.do(admin, "POST", "/admin/models/fit", nil); resp.StatusCode != 200 {
		t.Fatalf("fit: %d %.300s", resp.StatusCode, body)
	}
	if n := count(zhixi.AuditFit, "model"); n != 1 {
		t.Errorf("model fit audited %d times, want 1", n)
	}
}
