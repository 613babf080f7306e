package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/learn"
)

// TestAdminPageSaysWhichModelServes: the admin page shows each subject's
// held-out AUCs and the model practice serves: zx-lr when it won and its
// parameters are saved, else the better BKT variant with the reason.
func TestAdminPageSaysWhichModelServes(t *testing.T) {
	w := newWorld(t, contentBank(t))
	ctx := context.Background()
	admin := w.login("admin")
	choice := `[{"subject":"math","best":"zx-lr","auc":{"bkt":0.70,"bkt-forget":0.72,"pfa":0.71,"best-lr":0.76,"zx-lr":0.781},"test_answers":900}]`
	if err := w.db.SaveModel(ctx, learn.ModelChoice, []byte(choice), time.Now()); err != nil {
		t.Fatal(err)
	}
	served := func() string {
		t.Helper()
		resp, body := w.do(admin, "GET", "/admin", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("GET /admin: %d", resp.StatusCode)
		}
		if !strings.Contains(body, "<td>0.781</td>") {
			t.Errorf("admin page lacks zx-lr's AUC: %.400s", body)
		}
		_, rest, ok := strings.Cut(body, "<td>zx-lr</td><td>")
		if !ok {
			t.Fatalf("admin page lacks the best model: %.2000s", body)
		}
		cell, _, _ := strings.Cut(rest, "</td>")
		return cell
	}
	if got := served(); got != "bkt-forget（zx-lr 的参数将在下次拟合后保存并启用）" {
		t.Errorf("served before zx-lr's parameters are saved: %q", got)
	}
	if err := w.db.SaveModel(ctx, learn.LogisticModelName("zx-lr", "math"), []byte("{}"), time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := served(); got != "zx-lr" {
		t.Errorf("served with zx-lr's parameters saved: %q, want zx-lr", got)
	}
}
