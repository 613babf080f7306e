package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/demo"
)

// testActivityRegistration: staff schedule a holiday activity with one
// place; a guardian on a phone registers one child (a place) and the other
// (the waiting list), then cancels the first: the second moves up and the
// page shows it.
func (a *app) testActivityRegistration(t *testing.T) {
	ctx := context.Background()
	room := a.demoRoom(t)
	staff, err := a.db.UserByUsername(ctx, "minhe")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(beijing).AddDate(0, 0, 10)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, beijing)
	act := &zhixi.Activity{RoomID: room, Title: "寒假科学小实验", Start: start, End: start.Add(2 * time.Hour), MinAge: 6, MaxAge: 16,
		Capacity: 1, CreatedBy: staff.ID, CreatedAt: time.Now()}
	if err := a.db.CreateActivity(ctx, act, &zhixi.AuditEntry{At: time.Now(), ActorID: staff.ID, ActorRole: staff.Role, Action: zhixi.AuditCreate, Object: "activity"}); err != nil {
		t.Fatal(err)
	}

	g := a.tab(t)
	g.phone()
	g.login("wang_jz", demo.Password)
	g.open("/guardian")
	g.follow("节假日活动报名")
	g.wantText("节假日活动", "寒假科学小实验", "名额 1 个", "王小明", "王小红")
	g.press("报名 王小明")
	g.wantText("报名已提交", "已报名")
	g.press("报名 王小红")
	g.wantText("候补第 1 位")
	row := func(name string) string {
		return eval[string](g, `[...document.querySelectorAll("li")].map(l => l.innerText).find(t => t.includes("`+name+`")) || ""`)
	}
	if r := row("王小明"); !strings.Contains(r, "已报名") {
		t.Errorf("王小明's row %q, want 已报名", r)
	}
	g.noHorizontalScroll()
	g.screenshot("activity-guardian-phone")

	g.press("取消报名 王小明")
	g.wantText("已取消报名")
	if r := row("王小红"); !strings.Contains(r, "已报名") {
		t.Errorf("after the cancellation 王小红's row is %q, want 已报名 (moved up from the waiting list)", r)
	}
	if r := row("王小明"); !strings.Contains(r, "报名") || strings.Contains(r, "已报名") {
		t.Errorf("after the cancellation 王小明's row is %q, want the 报名 button again", r)
	}
}
