package board

import (
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
)

func TestDerive(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	ming := zhixi.Student{ID: 1, Name: "王小明"}
	hong := zhixi.Student{ID: 2, Name: "王小红"}
	li := zhixi.Student{ID: 3, Name: "李华"}
	at := func(min int) time.Time { return now.Add(time.Duration(min) * time.Minute) }
	d := &zhixi.BoardData{
		Room:     zhixi.Room{ID: 7, Seats: 4},
		Students: []zhixi.Student{ming, hong, li},
		Screenings: []zhixi.ScreeningSession{
			{ID: 10, StudentID: 1, Subject: "math", Status: "active"},
			{ID: 11, StudentID: 3, Subject: "math", Status: "finished", FinishedAt: at(-30)},
		},
		Attempts: []zhixi.Attempt{
			// 王小明: screening, three wrong in a row just now.
			{ID: 1, StudentID: 1, Source: "screening", SessionID: 10, Correct: true, At: at(-4)},
			{ID: 2, StudentID: 1, Source: "screening", SessionID: 10, At: at(-3)},
			{ID: 3, StudentID: 1, Source: "screening", SessionID: 10, At: at(-2)},
			{ID: 4, StudentID: 1, Source: "screening", SessionID: 10, At: at(-1)},
			// 王小红: practice, last answer 12 minutes ago.
			{ID: 5, StudentID: 2, Source: "practice", KnowledgePoints: []string{"math.g1.count"}, Correct: true, At: at(-14)},
			{ID: 6, StudentID: 2, Source: "practice", KnowledgePoints: []string{"math.g1.count"}, Correct: true, At: at(-12)},
		},
		// Summed by the query.
		Minutes:   map[int64]int{1: 3, 2: 2},
		Runs:      map[int64]zhixi.WrongRun{1: {First: 2, Len: 3}},
		Questions: map[int64]int{10: 4},
		// Practice asked for the supervisor about 王小红.
		Attention: []zhixi.AttentionEvent{{ID: 21, StudentID: 2, Subject: "math", Code: "attention_no_prerequisite", Point: "math.g1.count", At: at(-12)}},
		Hands:     []zhixi.Hand{{ID: 9, StudentID: 2, RaisedAt: at(-1)}},
		// The idle alert of 王小红 was raised and acknowledged already.
		Alerts: []zhixi.Alert{{ID: 5, StudentID: 2, Kind: zhixi.AlertIdle, Ref: "a6", AckedAt: at(-1)}},
	}
	v, fresh := (&Service{}).derive(d, now)
	if v.Present != 3 || len(v.Seats) != 4 || v.Seats[3].Student != nil {
		t.Fatalf("seats: %d present, %d seats", v.Present, len(v.Seats))
	}
	m, h, l := v.Seats[0], v.Seats[1], v.Seats[2]
	if m.Activity != Screening || m.Subject != "math" || m.Questions != 4 || m.Minutes != 3 {
		t.Errorf("王小明: %s %s question %d, %d minutes; want screening maths, 4 questions, 3 minutes", m.Activity, m.Subject, m.Questions, m.Minutes)
	}
	if len(m.Run) != 4 || !m.Run[0] || m.Run[3] {
		t.Errorf("王小明's run %v", m.Run)
	}
	if h.Activity != Idle || h.Hand == nil || len(h.Alerts) != 0 {
		t.Errorf("王小红: %s, hand %v, alerts %v; want idle with a raised hand and the acknowledged alert hidden", h.Activity, h.Hand, h.Alerts)
	}
	if l.Finished == nil || l.Activity != Idle {
		t.Errorf("李华: finished %v, %s", l.Finished, l.Activity)
	}
	want := map[string]bool{"1/wrong_run/a2": true, "3/screening_done/s11": true, "2/attention/e21": true}
	for _, a := range fresh {
		key := string(rune('0'+a.StudentID)) + "/" + a.Kind + "/" + a.Ref
		if !want[key] {
			t.Errorf("unexpected alert %s", key)
		}
		delete(want, key)
		if a.Kind == zhixi.AlertAttention && a.Detail != "math.g1.count" {
			t.Errorf("attention alert names %q, want the point (no content loaded: its id)", a.Detail)
		}
		if a.RoomID != 7 || !a.CreatedAt.Equal(now) {
			t.Errorf("alert %s: room %d at %s", key, a.RoomID, a.CreatedAt)
		}
	}
	for k := range want {
		t.Errorf("missing alert %s", k)
	}
}
