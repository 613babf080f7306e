package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
)

// The board's API: a student raises a hand (twice at once: one hand), the
// supervisor sees it on the board, answers it, writes a note and records a
// 解读 session; bad input gets a Chinese message, another room a 404.
func TestBoardAPI(t *testing.T) {
	w := newWorld(t, contentBank(t))
	ctx := context.Background()
	minhe := w.community("民和社区")
	rooms, err := w.db.Rooms(ctx, minhe.ID)
	if err != nil || len(rooms) == 0 {
		t.Fatal(err)
	}
	room := rooms[0].ID
	ming := w.student("王小明")
	kid, sup := w.login("xiaoming"), w.login("duxue")
	post := func(c *http.Client, path, body string) (int, string) {
		resp, b := w.do(c, "POST", path, strings.NewReader(body), "Content-Type", "application/json")
		return resp.StatusCode, b
	}
	var wg sync.WaitGroup
	ids := make([]string, 2)
	for i := range ids {
		wg.Go(func() { _, ids[i] = post(kid, fmt.Sprintf("/api/v1/students/%d/hand", ming.ID), `{}`) })
	}
	wg.Wait()
	var h1, h2 struct{ Hand struct{ ID int64 } }
	json.Unmarshal([]byte(ids[0]), &h1)
	json.Unmarshal([]byte(ids[1]), &h2)
	if h1.Hand.ID == 0 || h1.Hand.ID != h2.Hand.ID {
		t.Fatalf("two taps at once: %s / %s, want one hand", ids[0], ids[1])
	}
	resp, body := w.do(sup, "GET", fmt.Sprintf("/api/v1/rooms/%d/board", room), nil)
	var b struct {
		Board struct {
			Present int
			Seats   []struct {
				StudentID int64 `json:"student_id"`
				Name      string
				HandID    int64 `json:"hand_id"`
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &b); err != nil || resp.StatusCode != 200 {
		t.Fatalf("board: %d %s", resp.StatusCode, body)
	}
	if b.Board.Present != 1 || b.Board.Seats[0].Name != "王小明" || b.Board.Seats[0].HandID != h1.Hand.ID {
		t.Errorf("board %+v, want 王小明 with hand %d", b.Board, h1.Hand.ID)
	}
	if code, body := post(sup, fmt.Sprintf("/api/v1/rooms/%d/hands/%d/answer", room, h1.Hand.ID), `{}`); code != 200 {
		t.Errorf("answer hand: %d %s", code, body)
	}
	if code, body := post(sup, fmt.Sprintf("/api/v1/rooms/%d/hands/%d/answer", room, h1.Hand.ID), `{}`); code != 404 || !strings.Contains(body, "已经处理过了") {
		t.Errorf("answer the hand again: %d %s", code, body)
	}
	if code, body := post(sup, fmt.Sprintf("/api/v1/rooms/%d/notes", room), fmt.Sprintf(`{"student_id":%d,"body":"  "}`, ming.ID)); code != 400 || !strings.Contains(body, "请填写") {
		t.Errorf("empty note: %d %s", code, body)
	}
	if code, body := post(sup, fmt.Sprintf("/api/v1/rooms/%d/notes", room), fmt.Sprintf(`{"student_id":%d,"body":"今天状态很好"}`, ming.ID)); code != 200 {
		t.Errorf("note: %d %s", code, body)
	}
	for _, tt := range []struct {
		body string
		code int
		want string
	}{
		{`{"held_on":"2026-12-05","mode":"phone","attendee":"奶奶","notes":"讲了分数"}`, 200, `"id"`},
		{`{"held_on":"5.12.2026","mode":"phone","attendee":"奶奶"}`, 400, "日期格式"},
		{`{"held_on":"2026-12-05","mode":"letter","attendee":"奶奶"}`, 400, "当面"},
		{`{"held_on":"2026-12-05","mode":"in_person","attendee":""}`, 400, "参加的家人"},
	} {
		if code, body := post(sup, fmt.Sprintf("/api/v1/students/%d/interpretations", ming.ID), tt.body); code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("interpretation %s: %d %s, want %d with %q", tt.body, code, body, tt.code, tt.want)
		}
	}
	recs, err := w.db.Interpretations(ctx, ming.ID)
	if err != nil || len(recs) != 1 || recs[0].Attendee != "奶奶" || recs[0].Mode != "phone" {
		t.Errorf("interpretations %+v (err %v), want one by phone with 奶奶", recs, err)
	}
	entries, _, err := w.db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: ming.ID})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Object] = true
	}
	for _, o := range []string{"hand", "board_note", "interpretation"} {
		if !seen[o] {
			t.Errorf("no audit entry for %s", o)
		}
	}
	// 李华's father does not see this board; 民懋's staff (the room serves
	// both communities) sees it without 民和's children.
	if resp, _ := w.do(w.login("li_jz"), "GET", fmt.Sprintf("/api/v1/rooms/%d/board", room), nil); resp.StatusCode != 404 {
		t.Errorf("a guardian reads the board: %d", resp.StatusCode)
	}
	if resp, body := w.do(w.login("minmao"), "GET", fmt.Sprintf("/api/v1/rooms/%d/board", room), nil); resp.StatusCode != 200 || strings.Contains(body, "王小明") {
		t.Errorf("民懋's staff reads the board: %d %s", resp.StatusCode, body)
	}
}

// Practice's request for the supervisor (an attention_events row, as the
// answer action writes it) shows on the board page as an alert; the
// supervisor acknowledges it and the acknowledgement is audited.
func TestBoardAttentionAlert(t *testing.T) {
	w := newWorld(t, contentBank(t))
	ctx := context.Background()
	room, ming := w.roomID(), w.student("王小明")
	if err := w.db.SavePractice(ctx, &zhixi.PracticeChange{State: &zhixi.PracticeState{StudentID: ming.ID, Subject: "math", State: []byte("s")},
		Events: []zhixi.AttentionEvent{{Code: "attention_no_prerequisite", Point: "math.g3.frac_add", Wrong: 3, Of: 4}}}); err != nil {
		t.Fatal(err)
	}
	// The student is on the board once checked in.
	if err := w.db.CheckIn(ctx, &zhixi.Attendance{RoomID: room, StudentID: ming.ID, WalkIn: true, CheckedInAt: time.Now(), CheckedInBy: 1},
		&zhixi.AuditEntry{Action: zhixi.AuditCreate, Object: "attendance"}); err != nil {
		t.Fatal(err)
	}
	sup := w.login("duxue")
	resp, body := w.do(sup, "GET", fmt.Sprintf("/rooms/%d", room), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "练习需要督学帮助：“同分母分数加法”反复答错") {
		t.Fatalf("board page: %d, want the attention alert naming the point:\n%s", resp.StatusCode, body)
	}
	m := regexp.MustCompile(`/rooms/\d+/alerts/(\d+)/ack`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no acknowledge form on the board:\n%s", body)
	}
	resp, body = w.do(sup, "POST", fmt.Sprintf("/api/v1/rooms/%d/alerts/%s/ack", room, m[1]), strings.NewReader(`{}`), "Content-Type", "application/json")
	if resp.StatusCode != 200 {
		t.Fatalf("acknowledge: %d %s", resp.StatusCode, body)
	}
	if _, body = w.do(sup, "GET", fmt.Sprintf("/rooms/%d", room), nil); strings.Contains(body, "练习需要督学帮助") {
		t.Errorf("the alert still shows after it was acknowledged")
	}
	entries, _, err := w.db.AuditEntries(ctx, zhixi.AuditFilter{StudentID: ming.ID, Action: zhixi.AuditUpdate})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(entries, func(e zhixi.AuditEntry) bool { return e.Object == "alert" && fmt.Sprint(e.ObjectID) == m[1] }) {
		t.Errorf("the acknowledgement is not in the audit log: %+v", entries)
	}
}
