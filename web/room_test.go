package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/locale"
)

func (w *world) roomID() int64 {
	w.t.Helper()
	rooms, err := w.db.Rooms(context.Background(), 0)
	if err != nil || len(rooms) == 0 {
		w.t.Fatalf("demo rooms: %v", err)
	}
	return rooms[0].ID
}

func TestRoomCalendarForms(t *testing.T) {
	w := newWorld(t)
	room := w.roomID()
	staff := w.login("minhe")
	resp, body := w.do(staff, "GET", fmt.Sprintf("/rooms/%d/calendar", room), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "每周开放时间与规则") || !strings.Contains(body, "18:00-21:00") {
		t.Fatalf("calendar page: %d\n%s", resp.StatusCode, body)
	}
	// A bad period is refused with a precise message; what was typed stays.
	form := url.Values{"form": {"settings"}, "week1": {"18:00-26:00"}, "week5": {"18:00-21:00"}, "latest_time": {"21:00"},
		"walkin_seats": {"2"}, "cancel_minutes": {"120"}, "holiday_weekday": {"-1"}, "makeup_weekday": {"1"}}
	resp, body = w.postForm(staff, fmt.Sprintf("/rooms/%d/settings", room), form)
	if resp.StatusCode != 400 || !strings.Contains(body, "周一的开放时段“18:00-26:00”格式不正确") || !strings.Contains(body, `value="18:00-26:00"`) {
		t.Fatalf("bad settings: %d\n%s", resp.StatusCode, body)
	}
	form.Set("week1", "18:30-21:00")
	if resp, body = w.postForm(staff, fmt.Sprintf("/rooms/%d/settings", room), form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("good settings: %d\n%s", resp.StatusCode, body)
	}
	// A space use needs a title; an overlapping one is refused.
	use := url.Values{"form": {"use"}, "kind": {"lecture"}, "title": {""}, "organiser": {"卫生服务站"}, "start": {"2030-01-05T09:00"}, "end": {"2030-01-05T11:00"}}
	if resp, body = w.postForm(staff, fmt.Sprintf("/rooms/%d/uses", room), use); resp.StatusCode != 400 || !strings.Contains(body, "请填写“活动名称”") || !strings.Contains(body, "卫生服务站") {
		t.Fatalf("use without title: %d\n%s", resp.StatusCode, body)
	}
	use.Set("title", "健康讲座")
	if resp, _ = w.postForm(staff, fmt.Sprintf("/rooms/%d/uses", room), use); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("use: %d", resp.StatusCode)
	}
	use.Set("title", "议事会")
	if resp, body = w.postForm(staff, fmt.Sprintf("/rooms/%d/uses", room), use); resp.StatusCode != 409 || !strings.Contains(body, "健康讲座") {
		t.Fatalf("overlapping use: %d\n%s", resp.StatusCode, body)
	}
	// A guardian cannot see the staff's calendar page.
	if resp, _ = w.do(w.login("wang_jz"), "GET", fmt.Sprintf("/rooms/%d/calendar", room), nil); resp.StatusCode != 404 {
		t.Errorf("a guardian got the calendar: %d", resp.StatusCode)
	}
}

func TestGuardianBooksFromPhonePage(t *testing.T) {
	w := newWorld(t)
	room := w.roomID()
	g := w.login("wang_jz")
	resp, body := w.do(g, "GET", fmt.Sprintf("/api/v1/rooms/%d/openings?n=2", room), nil)
	var out struct {
		Openings []struct{ Start string } `json:"openings"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || resp.StatusCode != 200 || len(out.Openings) == 0 {
		t.Fatalf("openings: %d %v\n%s", resp.StatusCode, err, body)
	}
	xiaoming := w.student("王小明")
	slot := strings.TrimSuffix(out.Openings[0].Start, "Z")
	resp, body = w.do(g, "POST", fmt.Sprintf("/api/v1/rooms/%d/bookings", room),
		strings.NewReader(fmt.Sprintf(`{"student_id": %d, "kind": "screening", "slot": %q}`, xiaoming.ID, out.Openings[0].Start)),
		"Content-Type", "application/json")
	if resp.StatusCode != 200 || !strings.Contains(body, `"status":"booked"`) {
		t.Fatalf("API booking (%s): %d\n%s", slot, resp.StatusCode, body)
	}
	resp, body = w.do(g, "GET", "/guardian/bookings", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "已预约") || !strings.Contains(body, "王小明") {
		t.Fatalf("guardian page: %d\n%s", resp.StatusCode, body)
	}
	resp, body = w.postForm(g, "/guardian/quota", url.Values{"form": {"quota"}, "student_id": {fmt.Sprint(xiaoming.ID)}, "category": {""}, "note": {"家里困难"}})
	if resp.StatusCode != 400 || !strings.Contains(body, "请选择困难类别") || !strings.Contains(body, "家里困难") {
		t.Fatalf("quota without category: %d\n%s", resp.StatusCode, body)
	}
	// The supervisor sees the booking on the room page.
	resp, body = w.do(w.login("duxue"), "GET", fmt.Sprintf("/rooms/%d", room), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "签到台") {
		t.Fatalf("room page for the supervisor: %d\n%s", resp.StatusCode, body)
	}
}

// TestRoomKeysTranslated: every message key the room's packages return
// has Chinese text.
func TestRoomKeysTranslated(t *testing.T) {
	re := regexp.MustCompile(`"((?:err|booking|quota|space|weekday)\.[a-z_.0-9]+)"`)
	for _, dir := range []string{"../calendar", "../booking", "../quota", "../activity", "../ledger"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				if !locale.Has(m[1]) {
					t.Errorf("%s: key %s has no message", f, m[1])
				}
			}
		}
	}
}

func TestLedgerOfTheDemoMonth(t *testing.T) {
	w := newWorld(t)
	room := w.roomID()
	staff := w.login("minhe")
	resp, body := w.do(staff, "GET", fmt.Sprintf("/api/v1/ledger?room=%d&period=%s", room, time.Now().In(beijingZone).Format("2006-01")), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("ledger API: %d\n%s", resp.StatusCode, body)
	}
	var rep struct {
		Sections []struct {
			Title  string
			Header []string
			Rows   [][]string
		}
	}
	if err := json.Unmarshal([]byte(body), &rep); err != nil || len(rep.Sections) != 7 {
		t.Fatalf("ledger API: %v\n%s", err, body)
	}
	resp, body = w.do(staff, "GET", fmt.Sprintf("/ledger?room=%d", room), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "空间换服务台账") || !strings.Contains(body, "<svg") || !strings.Contains(body, "座位利用率") {
		t.Fatalf("ledger page: %d\n%s", resp.StatusCode, body)
	}
	resp, body = w.do(staff, "GET", fmt.Sprintf("/ledger.xlsx?room=%d", room), nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
		t.Fatalf("ledger Excel: %d %q", resp.StatusCode, body[:min(len(body), 100)])
	}
	// The street viewer sees aggregates, small counts hidden.
	minhe := w.community("民和社区")
	resp, body = w.do(w.login("jiedao"), "GET", fmt.Sprintf("/ledger?street=%d&period=%d", minhe.StreetID, time.Now().Year()), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "&lt;5") {
		t.Fatalf("street ledger: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ = w.do(w.login("jiedao"), "GET", fmt.Sprintf("/ledger?community=%d&period=2026-13", minhe.ID), nil); resp.StatusCode != 400 {
		t.Errorf("a bad period: %d", resp.StatusCode)
	}
	if resp, _ = w.do(w.login("wang_jz"), "GET", fmt.Sprintf("/ledger?room=%d", room), nil); resp.StatusCode != 403 {
		t.Errorf("a guardian read the room's ledger: %d", resp.StatusCode)
	}
	admin := w.login("admin")
	resp, body = w.do(admin, "GET", "/ledger/compliance", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "未成年人个人信息保护合规报告") || !strings.Contains(body, "同意（按告知书版本）") {
		t.Fatalf("compliance: %d\n%s", resp.StatusCode, body)
	}
	// The demo's consents were given this year to notice version 1; a
	// withdrawal now counts against that version.
	ming := w.student("王小明")
	if err := w.db.WithdrawConsent(context.Background(), ming.ID, time.Now(), zhixi.AuditEntry{Action: zhixi.AuditDelete, Object: "consent"}); err != nil {
		t.Fatal(err)
	}
	resp, body = w.do(admin, "GET", "/ledger/compliance.xlsx", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("compliance Excel: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("compliance Excel does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("同意（按告知书版本）")
	if err != nil || len(rows) < 3 || rows[2][0] != "第 1 版" || rows[2][1] == "0" || rows[2][3] != "1" {
		t.Errorf("consents by version in the Excel file: %q %v; want 第 1 版 with consents given and 1 withdrawn", rows, err)
	}
	if roles, err := f.GetRows("访问日志（按角色）"); err != nil || len(roles) < 3 {
		t.Errorf("access by role in the Excel file: %q %v", roles, err)
	}
}

var beijingZone = time.FixedZone("CST", 8*3600)
