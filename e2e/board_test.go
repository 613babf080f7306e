package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store/storetest"
	"github.com/zhixi-org/zhixi/web"
)

// boardLatency is the target: a change reaches the board within
// 3 s of the answer that caused it.
const boardLatency = 3 * time.Second

// secondServer serves the app from another store on the same database,
// as a second server behind a load balancer would.
func (a *app) secondServer(t *testing.T) string {
	t.Helper()
	db2 := storetest.OpenDSN(t, a.dsn)
	h := password.NewHasher(password.Params{Time: 1, Memory: 64, Threads: 1}, 4)
	srv, err := web.New(web.Config{Store: db2, Hasher: h, Content: a.bank,
		Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs.URL
}

// waitText waits up to within for the page to show want, and returns how
// long it took.
func (tb *tab) waitText(want string, within time.Duration) time.Duration {
	tb.t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if strings.Contains(tb.text(), want) {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Errorf("%s did not show %q within %s; it shows:\n%s", tb.path(), want, within, tb.text())
	return within
}

func (a *app) testRoomBoard(t *testing.T) {
	a.reportScreening(t) // 王小明 has finished his maths screening: practice is open
	ctx := context.Background()
	minhe := a.community(t, "民和社区")
	rooms, err := a.db.Rooms(ctx, minhe.ID)
	if err != nil || len(rooms) == 0 {
		t.Fatalf("民和社区's room: %v", err)
	}
	ming := a.student(t, "王小明")

	// The server first: its Close waits for the board's event stream,
	// which ends when the tab (cleaned up first) closes.
	second := a.secondServer(t)
	sup := a.tab(t)
	sup.base = second
	sup.login("duxue", demo.Password)
	sup.open(fmt.Sprintf("/rooms/%d", rooms[0].ID))
	sup.wantText("AI智习室", "记录一次解读")
	sup.do("the live stream connects", chromedp.WaitVisible(chromedp.CSS("#live")))

	kid := a.tab(t)
	kid.tablet()
	kid.login("xiaoming", demo.Password)
	kid.open(fmt.Sprintf("/students/%d/practice/math", ming.ID))
	kid.submit("开始练习")
	kid.submit("我看懂了，开始练习") // a new point is taught first
	kid.submit("✋ 求助")
	kid.wantText("已经举手求助")
	took := sup.waitText("✋ 求助", boardLatency)
	t.Logf("raised hand on the board of the second server after %s", took.Round(time.Millisecond))

	kid.submit("不会")
	took = sup.waitText("练习中", boardLatency)
	t.Logf("the answer on the board of the second server after %s", took.Round(time.Millisecond))
	if !strings.Contains(sup.text(), "✗") {
		t.Errorf("the board shows no wrong answer in 王小明's run:\n%s", sup.text())
	}
	sup.screenshot("room-board")

	// The supervisor answers the hand and acknowledges the alert that the
	// screening is ready to be explained.
	sup.submit("已回应")
	if strings.Contains(sup.text(), "✋ 求助") {
		t.Errorf("the hand still shows after 已回应:\n%s", sup.text())
	}
	sup.wantText("筛查已完成，可以为家长解读")
	ctx2, cancel := context.WithTimeout(sup.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx2, chromedp.Click(chromedp.Search(`//form[contains(., "筛查已完成")]//button`))); err != nil {
		t.Fatalf("确认 the screening alert: %v", err)
	}
	if strings.Contains(sup.text(), "筛查已完成，可以为家长解读") {
		t.Errorf("the alert still shows after 确认:\n%s", sup.text())
	}
	entries, _, err := a.db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: ming.ID, Action: zhixi.AuditUpdate})
	if err != nil {
		t.Fatal(err)
	}
	var acked, answered bool
	for _, e := range entries {
		acked = acked || e.Object == "alert"
		answered = answered || e.Object == "hand"
	}
	if !acked || !answered {
		t.Errorf("audit: alert acknowledged %v, hand answered %v; want both", acked, answered)
	}
}
