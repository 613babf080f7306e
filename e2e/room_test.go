package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/demo"
	"github.com/zhixi-org/zhixi/store"
)

// beijing is the room's clock.
var beijing = time.FixedZone("CST", 8*3600)

// demoRoom is the demo's AI智习室.
func (a *app) demoRoom(t *testing.T) int64 {
	t.Helper()
	rooms, err := a.db.Rooms(context.Background(), 0)
	if err != nil || len(rooms) == 0 {
		t.Fatalf("demo rooms: %v", err)
	}
	return rooms[0].ID
}

// openAllDay opens the room to minors all day, every day (holidays and
// make-up days too), as staff could on the calendar page, so a journey on
// a room tablet passes at any hour: the compliance guard refuses a
// tablet's screening and practice outside opening hours.
func openAllDay(t *testing.T, db *store.DB, roomID int64) {
	t.Helper()
	st := calendar.DefaultSettings(roomID)
	for wd := range st.Week {
		st.Week[wd] = []zhixi.Period{{Start: 0, End: 24 * 60}}
	}
	st.LatestMinute, st.HolidayWeekday, st.MakeupWeekday, st.UpdatedAt = 24*60, 0, 0, time.Now()
	e := &zhixi.AuditEntry{At: time.Now(), Action: zhixi.AuditUpdate, Object: "room_settings", ObjectID: roomID, Detail: "e2e: open all day"}
	if err := db.SaveRoomSettings(context.Background(), st, e); err != nil {
		t.Fatalf("open room %d all day: %v", roomID, err)
	}
}

// setField sets a form field's value as a person replacing its text would.
func (tb *tab) setField(selector, value string) {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.value = %q; return true })()`, selector, value)
	if !eval[bool](tb, js) {
		tb.t.Fatalf("no field %s on %s", selector, tb.path())
	}
}

// pick chooses the option of select name whose text contains label.
func (tb *tab) pick(name, label string) {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => { const s = document.querySelector('select[name=%q]'); if (!s) return false;
		const o = [...s.options].find(o => o.text.includes(%q)); if (!o) return false; s.value = o.value; return true })()`, name, label)
	if !eval[bool](tb, js) {
		tb.t.Fatalf("no option %q in select %s on %s", label, name, tb.path())
	}
}

// press clicks the button with this accessible name and waits for the page
// it loads.
func (tb *tab) press(ariaLabel string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[aria-label=%q]`, ariaLabel)))); err != nil {
		tb.t.Fatalf("press %s on %s: %v", ariaLabel, tb.path(), err)
	}
}

// testBooking: staff open the room all day today (so the journey runs at any
// hour), a guardian books a seat on a phone, the supervisor checks the
// child in and out on the room page, and the attendance shows.
func (a *app) testBooking(t *testing.T) {
	room := a.demoRoom(t)
	today := int(time.Now().In(beijing).Weekday())

	staff := a.tab(t)
	staff.login("minhe", demo.Password)
	staff.open(fmt.Sprintf("/rooms/%d/calendar", room))
	staff.wantText("每周开放时间与规则")
	staff.setField(fmt.Sprintf("input[name=week%d]", today), "00:00-24:00")
	staff.setField("input[name=latest_time]", "24:00")
	staff.setField("select[name=holiday_weekday]", strconv.Itoa(today))
	staff.setField("select[name=makeup_weekday]", strconv.Itoa(today))
	if st := staff.submit("保存开放规则"); st != 200 {
		t.Fatalf("saving the hours: status %d: %s", st, staff.text())
	}

	g := a.tab(t)
	g.phone()
	g.login("wang_jz", demo.Password)
	g.do("open the booking page", chromedp.Click(chromedp.Search(`//a[contains(., "预约座位")]`)), chromedp.WaitVisible(button("预约座位")))
	g.wantText("近期开放")
	g.pick("student_id", "王小明")
	g.pick("kind", "知识点筛查")
	if st := g.submit("预约座位"); st != 200 {
		t.Fatalf("booking: status %d: %s", st, g.text())
	}
	g.wantText("王小明", "已预约")
	g.noHorizontalScroll()
	g.screenshot("booking-guardian-phone")

	sup := a.tab(t)
	sup.login("duxue", demo.Password)
	sup.open(fmt.Sprintf("/rooms/%d", room))
	sup.wantText("签到台", "王小明", "已预约")
	sup.press("签到 王小明")
	sup.wantText("在室（1）")
	sup.press("签退 王小明")
	sup.wantText("现在没有孩子在室", "今日出勤")
	row := eval[string](sup, `[...document.querySelectorAll("table tr")].map(r => r.innerText).find(t => t.includes("王小明") && t.includes("分钟")) || ""`)
	if row == "" {
		t.Errorf("today's attendance has no row for 王小明 with minutes:\n%s", sup.text())
	}
	sup.screenshot("booking-supervisor-desk")
	g.open("/guardian/bookings")
	g.wantText("已签到")
}

// testQuota: a guardian applies for a 公益名额 on a phone, staff verify and
// approve; with the places full the family waits, and gets the place when
// staff release another.
func (a *app) testQuota(t *testing.T) {
	minhe := a.community(t, "民和社区")
	g := a.tab(t)
	g.phone()
	g.login("wang_jz", demo.Password)
	g.open("/guardian/bookings")
	g.pick("category", "低保")
	g.setField(`form[action="/guardian/quota"] select[name=student_id]`, fmt.Sprint(a.student(t, "王小红").ID))
	if st := g.submit("申请公益名额"); st != 200 {
		t.Fatalf("applying: status %d: %s", st, g.text())
	}
	g.wantText("王小红", "待核对")

	s := a.tab(t)
	s.login("minhe", demo.Password)
	s.open(fmt.Sprintf("/communities/%d/quota", minhe.ID))
	s.wantText("王小红", "待核对")
	s.setField("input[name=places]", "2")
	s.submit("修改名额数")
	s.wantText("名额：2")
	s.setField(`tr:has(button[aria-label="核对 王小红"]) input[name=certificate_type]`, "低保证")
	s.press("核对 王小红")
	s.wantText("已核对，待批准")
	s.press("批准 王小红")
	s.wantText("候补第 1 位")
	s.setField(`tr:has(button[aria-label="释放 陈思远"]) input[name=reason]`, "搬离本社区")
	s.press("释放 陈思远")
	row := eval[string](s, `[...document.querySelectorAll("tr")].map(r => r.innerText).find(t => t.includes("王小红")) || ""`)
	if !strings.Contains(row, "已获名额") {
		t.Errorf("after a place was released 王小红's row is %q, want 已获名额", row)
	}
	s.screenshot("quota-staff")
	g.open("/guardian/bookings")
	g.wantText("已获名额")
}

// testLedger: last month of the demo in the ledger page and its Excel
// file, both agreeing with the database: attendance, free screenings done
// and 解读 sessions (run through the real actions by the demo seed),
// activities and materials, all non-zero.
func (a *app) testLedger(t *testing.T) {
	room := a.demoRoom(t)
	ctx0 := context.Background()
	l := time.Now().In(beijing)
	from := time.Date(l.Year(), l.Month()-1, 1, 0, 0, 0, 0, beijing)
	period := from.Format("2006-01")
	att, err := a.db.Attendances(ctx0, room, from, from.AddDate(0, 1, 0), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(att) < 20 {
		t.Fatalf("the demo has %d attendances in %s, want a month of them", len(att), period)
	}
	r, err := a.db.Room(ctx0, room)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := a.db.LedgerCounts(ctx0, []int64{room}, r.Communities, 1, 12, from.Year(), from, from.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	// section, column, the database's figure
	figures := []struct {
		section, column string
		want            int
	}{
		{"预约与出勤", "出勤人次", len(att)},
		{"筛查与解读", "完成免费筛查", counts.ScreeningsDone},
		{"筛查与解读", "完成解读", counts.Interpretations},
		{"活动与物料", "主题活动", counts.Activities},
		{"活动与物料", "发放物料（件）", counts.MaterialsGiven},
	}
	for _, f := range figures {
		if f.want == 0 {
			t.Errorf("the demo's %s in %s is 0 in the database, want a month of activity", f.column, period)
		}
	}

	s := a.tab(t)
	s.login("minhe", demo.Password)
	s.open(fmt.Sprintf("/ledger?room=%d&period=%s", room, period))
	s.wantText("空间换服务台账", period, "预约与出勤", "出勤人次", "座位利用率", "公益名额", "完成免费筛查", "完成解读")
	if n := eval[int](s, `document.querySelectorAll("svg rect").length`); n < 2 {
		t.Errorf("the hours chart has %d bars", n)
	}
	for _, f := range figures {
		cell := eval[string](s, fmt.Sprintf(`(() => { const h = [...document.querySelectorAll("h2")].find(h => h.innerText === %q);
			const tab = h.parentElement.querySelector("table"); const col = [...tab.querySelectorAll("th")].findIndex(th => th.innerText === %q);
			return tab.querySelector("tbody tr").children[col].innerText })()`, f.section, f.column))
		if cell != strconv.Itoa(f.want) {
			t.Errorf("the page shows %s %s in %s, the database has %d", cell, f.column, period, f.want)
		}
	}
	s.screenshot("ledger")

	ctx, cancel := context.WithTimeout(s.ctx, stepTimeout)
	defer cancel()
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch("/ledger.xlsx?room=%d&period=%s").then(r => r.arrayBuffer()).then(b => {
		let s = ""; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); return btoa(s) })`, room, period), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download the Excel file: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the Excel file does not open: %v", err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) < 7 {
		t.Errorf("the Excel file has sheets %v, want one per section", sheets)
	}
	for _, fig := range figures {
		rows, err := f.GetRows(fig.section)
		if err != nil || len(rows) < 3 {
			t.Fatalf("sheet %s: %v %v", fig.section, rows, err)
		}
		col := slices.Index(rows[1], fig.column)
		if col < 0 || col >= len(rows[2]) || rows[2][col] != strconv.Itoa(fig.want) {
			t.Errorf("the Excel file's %s row %v (column %d), want %d", fig.column, rows[2], col, fig.want)
		}
	}
}
