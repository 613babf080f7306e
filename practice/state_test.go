package practice

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/screening"
)

func TestRedirectToWeakestPrerequisite(t *testing.T) {
	cases := []struct {
		name    string
		answers string
		want    int // answer that redirects, -1 none
	}{
		{"three wrong in a row", "000", 2},
		{"three of four", "0100", 3},
		{"two of four", "1001", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := fixtureEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
			// m.b is the weaker prerequisite of m.d (both mastered, both
			// below the mastery threshold, as after a screening).
			st := start(t, e, map[string]float64{"m.a": 0.99, "m.e": 0.99, "m.b": 0.96, "m.c": 0.98, "m.d": 0.5}, t0)
			st.Points["m.b"].P, st.Points["m.c"].P = 0.88, 0.92
			r := rng(8)
			got := -1
			var step Step
			for i, a := range tc.answers {
				c, s := answer(t, e, st, t0.Add(time.Duration(i)*time.Minute), r, a == '1')
				if c.KP != "m.d" {
					t.Fatalf("answer %d on %s, want m.d", i, c.KP)
				}
				if s.Redirect != nil {
					got, step = i, s
					break
				}
			}
			if got != tc.want {
				t.Fatalf("redirected at answer %d, want %d", got, tc.want)
			}
			if got < 0 {
				return
			}
			wantReason := Reason{Code: ReasonPrerequisite, Point: "m.b", From: "m.d", Wrong: 3, Of: 4}
			if r := step.Redirect; r.KP != "m.b" || r.From != "m.d" || r.Reason != wantReason {
				t.Fatalf("redirect %+v, want to m.b with %+v", r, wantReason)
			}
			if b := st.Points["m.b"]; b.Mastered || b.Via != "m.d" || !b.Due.IsZero() {
				t.Fatalf("m.b after the redirect: %+v", b)
			}
			now := t0.Add(time.Hour)
			c, err := e.Next(st, now, r)
			if err != nil || c.KP != "m.b" || c.Kind != Prerequisite || c.Reason != (Reason{Code: ReasonPrerequisite, Point: "m.b", From: "m.d"}) {
				t.Fatalf("after the redirect: %+v, %v; want the prerequisite m.b", c, err)
			}
			// Two right answers re-master m.b; then back to m.d.
			e.Record(st, c.ItemID, true, now)
			_, s := answer(t, e, st, now.Add(time.Minute), r, true)
			if !s.Mastered || s.KP != "m.b" || st.Points["m.b"].Via != "" {
				t.Fatalf("m.b not re-mastered: %+v", s)
			}
			if c, _ := answer(t, e, st, now.Add(2*time.Minute), r, false); c.KP != "m.d" || c.Kind != Learn {
				t.Errorf("after the prerequisite: %+v, want back to m.d", c)
			}
			// The failing point starts afresh: one wrong answer is no redirect.
			if st.Points["m.d"].Recent != "0" {
				t.Errorf("m.d recent = %q, want a fresh start", st.Points["m.d"].Recent)
			}
			// Failing again: m.c (0.92) is now the weakest.
			for i := range 2 {
				_, s = answer(t, e, st, now.Add(time.Duration(3+i)*time.Minute), r, false)
			}
			if s.Redirect == nil || s.Redirect.KP != "m.c" {
				t.Fatalf("second redirect %+v, want m.c", s.Redirect)
			}
			// With both prerequisites just re-mastered, a third round of
			// failure calls the supervisor instead of looping.
			for i := range 2 {
				answer(t, e, st, now.Add(time.Duration(10+i)*time.Minute), r, true)
			}
			for i := range 3 {
				_, s = answer(t, e, st, now.Add(time.Duration(20+i)*time.Minute), r, false)
			}
			if s.Redirect != nil || s.Attention == nil || *s.Attention != (Reason{Code: AttentionPrerequisitesMastered, Point: "m.d", Wrong: 3, Of: 4}) {
				t.Errorf("third round: redirect %+v attention %+v, want the supervisor called", s.Redirect, s.Attention)
			}
		})
	}
}

func TestRepeatedFailureWithoutPrerequisiteAsksSupervisor(t *testing.T) {
	e := fixtureEngine(t, nil)
	st := start(t, e, map[string]float64{"m.a": 0.4, "m.e": 0.99}, t0)
	var s Step
	for i := range 3 {
		_, s = answer(t, e, st, t0.Add(time.Duration(i)*time.Minute), rng(9), false)
	}
	if s.Redirect != nil || s.Attention == nil || *s.Attention != (Reason{Code: AttentionNoPrerequisite, Point: "m.a", Wrong: 3, Of: 4}) {
		t.Errorf("step %+v, want a call for the supervisor", s)
	}
	if s.Feedback == nil || s.Feedback.KPExplanation != "数的认识：读数、写数、比较大小。" || !strings.HasPrefix(s.Feedback.Explanation, "数的认识 第 ") {
		t.Errorf("feedback %+v, want the item's explanation and the 解读", s.Feedback)
	}
}

func TestRecordRejectsOtherItems(t *testing.T) {
	e := fixtureEngine(t, nil)
	st := start(t, e, map[string]float64{"m.a": 0.99}, t0)
	if _, err := e.Record(st, "m.e1", true, t0); err == nil || !strings.Contains(err.Error(), "no item is pending") {
		t.Errorf("record without Next: %v", err)
	}
	c, err := e.Next(st, t0, rng(1))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(st)
	other := "m.a1"
	if c.ItemID == other {
		other = "m.a2"
	}
	_, err = e.Record(st, other, true, t0)
	if err == nil || !strings.Contains(err.Error(), "item "+other+" is not the current choice "+c.ItemID) {
		t.Errorf("record of another item: %v", err)
	}
	after, _ := json.Marshal(st)
	if !bytes.Equal(before, after) {
		t.Errorf("a rejected record changed the state:\n%s\n%s", before, after)
	}
	if _, err := e.Record(st, c.ItemID, true, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Record(st, c.ItemID, true, t0); err == nil {
		t.Error("the same answer was recorded twice")
	}
	for _, bad := range []*State{nil, {Version: 2}, {Version: StateVersion}} {
		if _, err := e.Next(bad, t0, rng(1)); err == nil {
			t.Errorf("Next accepted state %+v", bad)
		}
	}
	if _, err := e.Next(st, t0, nil); err == nil {
		t.Error("Next accepted a nil random source")
	}
}

func TestStartRejectsBadInput(t *testing.T) {
	e := fixtureEngine(t, nil)
	if _, err := e.Start(map[string]float64{"m.a": 0.5, "m.zz": 0.1, "m.yy": 0.2}, t0); err == nil || !strings.Contains(err.Error(), "not in the graph: m.yy, m.zz") {
		t.Errorf("unknown points: %v", err)
	}
	if _, err := e.Start(map[string]float64{"m.a": 1.2}, t0); err == nil || !strings.Contains(err.Error(), "point m.a: P(known) = 1.2") {
		t.Errorf("bad probability: %v", err)
	}
	if _, err := e.StartScreening(nil, t0); err == nil {
		t.Error("nil screening result accepted")
	}
}

func TestStartScreening(t *testing.T) {
	e := fixtureEngine(t, nil)
	res := &screening.Result{KnowledgePoints: []screening.PointResult{
		{ID: "m.a", P: 0.9, State: screening.Mastered},
		{ID: "m.b", P: 0.5, State: screening.Uncertain},
		{ID: "m.c", P: 0.97, State: screening.Uncertain}, // high p, but the screening did not conclude
		{ID: "m.d", P: 0.05, State: screening.NotMastered},
	}}
	st, err := e.StartScreening(res, t0)
	if err != nil {
		t.Fatal(err)
	}
	a := st.Points["m.a"]
	if !a.Mastered || a.Stage != e.cfg.ScreenedStage || !a.Due.Equal(t0.Add(7*24*time.Hour)) || a.P != 0.9 {
		t.Errorf("m.a %+v, want mastered with a 7-day review", a)
	}
	if st.Points["m.c"].Mastered || st.Points["m.b"].Mastered || st.Points["m.d"].P != 0.05 {
		t.Errorf("uncertain or not mastered points: %+v %+v %+v", st.Points["m.b"], st.Points["m.c"], st.Points["m.d"])
	}
	if e := st.Points["m.e"]; e.P != DefaultParams().Prior || !e.At.IsZero() {
		t.Errorf("m.e not covered by the screening: %+v, want the prior", e)
	}
	sum, err := e.Summary(st, t0)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Mastered != 1 || sum.Learning != 3 || sum.Locked != 1 || sum.DueReviews != 0 || !sum.NextReview.Equal(a.Due) {
		t.Errorf("summary %+v", sum)
	}
	if sum, _ = e.Summary(st, t0.Add(8*24*time.Hour)); sum.DueReviews != 1 || !sum.Points[0].ReviewDue || sum.Points[0].PKnown >= 0.9 {
		t.Errorf("summary after 8 days %+v", sum)
	}
	if _, err := e.StartScreening(&screening.Result{KnowledgePoints: []screening.PointResult{{ID: "m.q"}}}, t0); err == nil {
		t.Error("screening result with an unknown point accepted")
	}
}

// A state stored as JSON and read back continues exactly as the original.
func TestStateJSONRoundTrip(t *testing.T) {
	e := fixtureEngine(t, nil)
	st := start(t, e, map[string]float64{"m.a": 0.99, "m.b": 0.5}, t0)
	r := rng(10)
	now := t0
	for i := range 12 {
		answer(t, e, st, now, r, i%2 == 0)
		now = now.Add(7 * time.Minute)
	}
	if _, err := e.Next(st, now, r); err != nil { // leave a pending choice
		t.Fatal(err)
	}
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	st.byNode, st.byNodeOf, st.byNodeLen = nil, nil, 0 // view's cache, not the state
	if !reflect.DeepEqual(&back, st) {
		t.Fatalf("round trip differs:\n%+v\n%+v", back, *st)
	}
	again, _ := json.Marshal(&back)
	if !bytes.Equal(data, again) {
		t.Fatalf("re-encoding differs:\n%s\n%s", data, again)
	}
	r1, r2 := rng(11), rng(11)
	answered := 0
	for i := range 40 {
		now = now.Add(3 * time.Hour)
		c1, err1 := e.Next(st, now, r1)
		c2, err2 := e.Next(&back, now, r2)
		if c1 != c2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("choice %d differs after the round trip: %+v %v / %+v %v", i, c1, err1, c2, err2)
		}
		if err1 != nil {
			continue
		}
		s1, err1 := e.Record(st, c1.ItemID, i%4 != 1, now)
		s2, err2 := e.Record(&back, c2.ItemID, i%4 != 1, now)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(s1, s2) {
			t.Fatalf("step %d differs after the round trip: %+v %v / %+v %v", i, s1, err1, s2, err2)
		}
		answered++
	}
	if answered < 10 {
		t.Errorf("only %d answers compared after the round trip", answered)
	}
}

func TestStateJSONRejectsBadData(t *testing.T) {
	cases := []struct{ json, want string }{
		{`{"version":2,"points":{}}`, "version 2"},
		{`{"points":{}}`, "version 0"},
		{`{"version":1,"points":{"m.a":{"p":1.5}}}`, "point m.a: p = 1.5"},
		{`{"version":1,"points":{"m.a":null}}`, "point m.a is null"},
		{`{"version":1,"points":{"m.a":{"p":0.5,"stage":-1}}}`, "negative review stage"},
		{`{"version":1,"points":{"m.a":{"p":0.5,"recent":"1x"}}}`, `recent outcomes "1x"`},
		{`{"version":1,"points":[]}`, "cannot unmarshal"},
	}
	for _, tc := range cases {
		var st State
		err := json.Unmarshal([]byte(tc.json), &st)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.json, err, tc.want)
		}
	}
	var st State
	if err := json.Unmarshal([]byte(`{"version":1}`), &st); err != nil || st.Points == nil || st.Seen == nil {
		t.Errorf("minimal state: %v %+v", err, st)
	}
}

// A state from before a content change: points gone from the graph are
// ignored, new points start at their prior.
func TestStateSurvivesContentChange(t *testing.T) {
	e := fixtureEngine(t, nil)
	st := start(t, e, map[string]float64{"m.a": 0.99, "m.b": 0.99, "m.c": 0.99, "m.d": 0.99, "m.e": 0.99}, t0)
	delete(st.Points, "m.e")
	st.Points["m.gone"] = &Point{P: 0.2}
	c, err := e.Next(st, t0, rng(1))
	if err != nil || c.KP != "m.e" {
		t.Fatalf("choice %+v, %v; want the new point m.e", c, err)
	}
	if _, err := e.Record(st, c.ItemID, true, t0); err != nil || st.Points["m.e"] == nil {
		t.Fatalf("record on the new point: %v", err)
	}
}
