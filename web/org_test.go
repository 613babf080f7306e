package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi"
)

// The seed's one room serves 民和社区 and 民懋社区: 民懋's staff see it on
// their community page and can open it.
func TestSharedRoomVisibleToBothCommunities(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct{ user, community string }{{"minhe", "民和社区"}, {"minmao", "民懋社区"}} {
		t.Run(tt.user, func(t *testing.T) {
			c := w.login(tt.user)
			resp, body := w.do(c, "GET", fmt.Sprintf("/communities/%d", w.community(tt.community).ID), nil)
			if resp.StatusCode != http.StatusOK || strings.Contains(body, "暂无智习室") || !strings.Contains(body, "AI智习室") {
				t.Fatalf("community page: %d %.400s", resp.StatusCode, body)
			}
			i := strings.Index(body, `href="/rooms/`)
			path := body[i+6 : i+6+strings.Index(body[i+6:], `"`)]
			resp, body = w.do(c, "GET", path, nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "服务社区：民和社区、民懋社区") {
				t.Fatalf("room page %s: %d %.600s", path, resp.StatusCode, body)
			}
		})
	}
}

// An admin builds the organisation with the forms; a refused form says
// why in Chinese and keeps what was typed; every change is audited; a
// disabled account cannot log in; staff may not use the admin forms.
func TestOrgAdminForms(t *testing.T) {
	w := newWorld(t)
	c := w.login("admin")
	ctx := context.Background()

	resp, body := w.postForm(c, "/admin/org/streets", url.Values{"name": {"新华街道"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create street: %d %.300s", resp.StatusCode, body)
	}
	streets, _ := w.db.Streets(ctx)
	street := streets[len(streets)-1]
	if street.Name != "新华街道" {
		t.Fatalf("streets = %+v", streets)
	}
	sid := fmt.Sprint(street.ID)
	for _, name := range []string{"东社区", "西社区"} {
		resp, body = w.postForm(c, "/admin/org/communities", url.Values{"name": {name}, "street_id": {sid}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create community %s: %d %.300s", name, resp.StatusCode, body)
		}
	}
	cs, _ := w.db.Communities(ctx, street.ID)
	east, west := fmt.Sprint(cs[0].ID), fmt.Sprint(cs[1].ID)

	refused := []struct {
		path     string
		form     url.Values
		message  string
		keepText string
	}{
		{"/admin/org/communities", url.Values{"name": {"东社区"}, "street_id": {sid}}, "已存在同名记录", "东社区"},
		{"/admin/org/communities", url.Values{"name": {"北社区"}}, "请填写“所属街道”", "北社区"},
		{"/admin/org/rooms", url.Values{"name": {"一号智习室"}, "location": {"党群服务中心二楼"}, "seats": {"十二"}, "community_id": {east}},
			"“座位数”应为数字，收到“十二”", "党群服务中心二楼"},
		{"/admin/org/rooms", url.Values{"name": {strings.Repeat("长", 51)}, "seats": {"12"}, "community_id": {east}}, "“名称”最多 50 个字", strings.Repeat("长", 51)},
		{"/admin/org/accounts", url.Values{"username": {"dong_staff"}, "display_name": {"东社区刘老师"}, "role": {"staff"}, "password": {"short"}, "community_id": {east}},
			"密码至少 8 个字符", "东社区刘老师"},
		{"/admin/org/accounts", url.Values{"username": {"刘老师"}, "display_name": {"刘"}, "role": {"staff"}, "password": {"long-enough-1"}, "community_id": {east}},
			"用户名只能包含英文字母", "刘老师"},
		{"/admin/org/accounts", url.Values{"username": {"parent"}, "display_name": {"家长"}, "role": {"guardian"}, "password": {"long-enough-1"}},
			"这里只能创建工作人员", "parent"},
		{"/admin/org/accounts", url.Values{"username": {"admin"}, "display_name": {"另一个"}, "role": {"admin"}, "password": {"long-enough-1"}},
			"用户名已被使用", "另一个"},
	}
	for _, tt := range refused {
		resp, body = w.postForm(c, tt.path, tt.form)
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusConflict {
			t.Errorf("%s %v: status %d, want 400 or 409", tt.path, tt.form, resp.StatusCode)
		}
		if !strings.Contains(body, tt.message) || !strings.Contains(body, `value="`+tt.keepText+`"`) {
			t.Errorf("%s %v: want %q and the typed %q kept:\n%.2000s", tt.path, tt.form, tt.message, tt.keepText, body)
		}
	}

	resp, body = w.postForm(c, "/admin/org/accounts", url.Values{"username": {"zhao_dx"}, "display_name": {"赵督学"},
		"role": {"supervisor"}, "password": {"supervisor-pw-1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create supervisor: %d %.500s", resp.StatusCode, body)
	}
	sup, err := w.db.UserByUsername(ctx, "zhao_dx")
	if err != nil {
		t.Fatal(err)
	}
	resp, body = w.postForm(c, "/admin/org/rooms", url.Values{"name": {"一号智习室"}, "location": {"党群服务中心二楼"}, "seats": {"12"},
		"community_id": {east}, "communities": {west}, "supervisors": {fmt.Sprint(sup.ID)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create room: %d %.500s", resp.StatusCode, body)
	}
	rooms, _ := w.db.Rooms(ctx, cs[1].ID)
	if len(rooms) != 1 || len(rooms[0].Communities) != 2 || len(rooms[0].Supervisors) != 1 {
		t.Fatalf("west's rooms = %+v", rooms)
	}
	// The edit form shows what is stored.
	_, body = w.do(c, "GET", fmt.Sprintf("/admin/org/rooms/%d", rooms[0].ID), nil)
	if !strings.Contains(body, `value="党群服务中心二楼"`) || strings.Count(body, "checked") != 3 {
		t.Errorf("room edit form:\n%.3000s", body)
	}
	resp, _ = w.postForm(c, fmt.Sprintf("/admin/org/accounts/%d/disable", sup.ID), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	resp, _ = w.postForm(w.client(), "/login", url.Values{"username": {"zhao_dx"}, "password": {"supervisor-pw-1"}})
	if resp.StatusCode == http.StatusSeeOther {
		t.Error("a disabled supervisor logged in")
	}
	entries, _, err := w.db.AuditEntries(ctx, zhixi.AuditFilter{ActorID: 1, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	objects := map[string]int{}
	for _, e := range entries {
		if e.Action == zhixi.AuditCreate || e.Action == zhixi.AuditUpdate {
			objects[e.Object]++
		}
	}
	if objects["street"] != 1 || objects["community"] != 2 || objects["room"] != 1 || objects["user"] != 2 {
		t.Errorf("audited changes by object = %v, want street 1, community 2, room 1, user 2", objects)
	}

	staff := w.login("minhe")
	resp, _ = w.postForm(staff, "/admin/org/streets", url.Values{"name": {"偷建街道"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("staff creating a street: %d, want 403", resp.StatusCode)
	}
}

func TestOrgAdminAPI(t *testing.T) {
	w := newWorld(t)
	c := w.login("admin")
	post := func(method, path, body string) (int, map[string]any) {
		resp, b := w.do(c, method, path, strings.NewReader(body), "Content-Type", "application/json")
		var out map[string]any
		_ = json.Unmarshal([]byte(b), &out)
		return resp.StatusCode, out
	}
	st, out := post("POST", "/api/v1/streets", `{"name":"新华街道"}`)
	if st != http.StatusCreated {
		t.Fatalf("create street: %d %v", st, out)
	}
	sid := int64(out["street"].(map[string]any)["id"].(float64))
	st, out = post("POST", "/api/v1/communities", fmt.Sprintf(`{"name":"东社区","street_id":%d}`, sid))
	if st != http.StatusCreated {
		t.Fatalf("create community: %d %v", st, out)
	}
	cid := int64(out["community"].(map[string]any)["id"].(float64))
	st, out = post("POST", "/api/v1/rooms", fmt.Sprintf(`{"name":"智习室","seats":0,"community_id":%d}`, cid))
	if st != http.StatusBadRequest || out["error"].(map[string]any)["key"] != "err.invalid_seats" {
		t.Fatalf("room with no seats: %d %v", st, out)
	}
	st, out = post("POST", "/api/v1/rooms", fmt.Sprintf(`{"name":"智习室","seats":8,"community_id":%d}`, cid))
	if st != http.StatusCreated {
		t.Fatalf("create room: %d %v", st, out)
	}
	rid := int64(out["room"].(map[string]any)["id"].(float64))
	st, out = post("PUT", fmt.Sprintf("/api/v1/rooms/%d", rid), fmt.Sprintf(`{"name":"智习室","location":"二楼","seats":10,"community_id":%d}`, cid))
	if st != http.StatusOK || out["room"].(map[string]any)["seats"].(float64) != 10 {
		t.Fatalf("update room: %d %v", st, out)
	}
	st, out = post("POST", "/api/v1/accounts", fmt.Sprintf(`{"username":"dong","display_name":"东社区工作人员","role":"staff","community_id":%d,"password":"staff-pass-1"}`, cid))
	if st != http.StatusCreated {
		t.Fatalf("create account: %d %v", st, out)
	}
	aid := int64(out["account"].(map[string]any)["id"].(float64))
	if st, out = post("POST", fmt.Sprintf("/api/v1/accounts/%d/disable", aid), ""); st != http.StatusNoContent {
		t.Fatalf("disable: %d %v", st, out)
	}
	st, out = post("GET", "/api/v1/org", "")
	if st != http.StatusOK || len(out["rooms"].([]any)) != 2 {
		t.Fatalf("org: %d %v", st, out)
	}
	staff := w.login("minhe")
	resp, _ := w.do(staff, "POST", "/api/v1/streets", strings.NewReader(`{"name":"x"}`), "Content-Type", "application/json")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("staff creating a street through the API: %d", resp.StatusCode)
	}
}

// The shared room shows in both communities' rows of the street view but
// once in the street's total.
func TestStreetTotalsCountSharedRoomOnce(t *testing.T) {
	w := newWorld(t)
	minhe := w.community("民和社区")
	_, body := w.do(w.login("jiedao"), "GET", fmt.Sprintf("/streets/%d", minhe.StreetID), nil)
	if !strings.Contains(body, "<th>合计</th><th>1</th><th>12</th>") || strings.Count(body, "<td>1</td><td>12</td>") != 2 {
		t.Fatalf("street view:\n%.2000s", body)
	}
}
