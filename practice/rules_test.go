package practice

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
)

func TestMasteryRule(t *testing.T) {
	cases := []struct {
		name    string
		typ     curriculum.ItemType
		p0      float64
		answers string
		want    int // index of the answer that masters the point, -1 none
	}{
		{"two right from a good start", curriculum.FillNumber, 0.9, "11", 1},
		{"one right is not a streak", curriculum.FillNumber, 0.9, "1", -1},
		{"a wrong answer first, then two right", curriculum.FillNumber, 0.3, "011", 2},
		// After "10" P(known) is already above 0.95, but the last answer
		// was wrong: the rule waits for two right in a row.
		{"high P but a wrong answer in the last two", curriculum.FillNumber, 0.9, "1011", 3},
		// Guessable items: two right are not yet enough evidence.
		{"a streak but P below the threshold", curriculum.SingleChoice, 0.1, "1111", 3},
		{"never with alternating answers", curriculum.SingleChoice, 0.5, "101010", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := singleEngine(t, 8, tc.typ, func(c *Config) { c.RedirectWrong = 4 })
			st := start(t, e, map[string]float64{"x": tc.p0}, t0)
			got := -1
			sawHighP, sawStreak := false, false
			for i, a := range tc.answers {
				now := t0.Add(time.Duration(i) * time.Minute)
				_, s := answer(t, e, st, now, rng(uint64(i)), a == '1')
				streak := i >= 1 && tc.answers[i-1:i+1] == "11"
				rule := s.PKnownAfter >= 0.95 && streak
				sawHighP = sawHighP || (s.PKnownAfter >= 0.95 && !streak)
				sawStreak = sawStreak || (streak && s.PKnownAfter < 0.95)
				if s.Mastered != rule {
					t.Fatalf("answer %d: mastered=%v with P=%.3f streak=%v", i, s.Mastered, s.PKnownAfter, streak)
				}
				if s.Mastered {
					got = i
					break
				}
			}
			if got != tc.want {
				t.Errorf("mastered at answer %d, want %d", got, tc.want)
			}
			switch tc.name {
			case "high P but a wrong answer in the last two":
				if !sawHighP {
					t.Error("the case did not reach P >= 0.95 without a streak")
				}
			case "a streak but P below the threshold":
				if !sawStreak {
					t.Error("the case did not have a streak below the threshold")
				}
			}
		})
	}
}

func TestDecay(t *testing.T) {
	e := singleEngine(t, 1, curriculum.FillNumber, nil)
	day := 24 * time.Hour
	cases := []struct {
		name  string
		p     float64
		stage int
		dt    time.Duration
		want  float64
	}{
		{"no time passed", 0.95, 0, 0, 0.95},
		{"one half-life at the first interval", 0.95, 0, 2 * day, 0.3 + 0.65/2},
		{"one half-life at the 7-day interval", 0.95, 5, 14 * day, 0.3 + 0.65/2},
		{"due date of the 7-day interval", 0.95, 5, 7 * day, 0.3 + 0.65*math.Sqrt2/2},
		{"a stage beyond the schedule uses the last interval", 0.95, 99, 360 * day, 0.3 + 0.65/2},
		{"at or below the floor nothing fades", 0.25, 0, 30 * day, 0.25},
		{"a clock going backwards changes nothing", 0.8, 0, -day, 0.8},
	}
	for _, tc := range cases {
		pt := &Point{P: tc.p, At: t0, Stage: tc.stage}
		if got := e.decay(pt.P, pt, t0.Add(tc.dt)); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: known = %.6f, want %.6f", tc.name, got, tc.want)
		}
	}
}

// A mastered point comes back when due, with P(known) decayed; passing the
// check lengthens the interval, failing it returns the point to learning.
func TestReviewScheduleAndKnowledgeCheck(t *testing.T) {
	e := singleEngine(t, 8, curriculum.FillNumber, func(c *Config) { c.MinGapTime = 0 })
	st := start(t, e, map[string]float64{"x": 0.9}, t0)
	r := rng(5)
	answer(t, e, st, t0, r, true)
	_, s := answer(t, e, st, t0.Add(time.Minute), r, true)
	mastered := t0.Add(time.Minute)
	if !s.Mastered || !s.NextReview.Equal(mastered.Add(24*time.Hour)) {
		t.Fatalf("step %+v: want mastered with a review a day later", s)
	}

	_, err := e.Next(st, mastered.Add(23*time.Hour), r)
	if err == nil || !strings.Contains(err.Error(), "next review is due "+mastered.Add(24*time.Hour).Format(time.RFC3339)) {
		t.Fatalf("before the due date: err = %v, want nothing to practise with the due date", err)
	}

	check := mastered.Add(25 * time.Hour)
	c, err := e.Next(st, check, r)
	if err != nil {
		t.Fatal(err)
	}
	wantP := e.decay(s.PKnownAfter, &Point{P: s.PKnownAfter, At: mastered}, check)
	if c.Kind != Review || c.Reason != (Reason{Code: ReasonReview, Point: "x", Elapsed: 25 * time.Hour}) || math.Abs(c.PKnown-wantP) > 1e-12 || wantP >= s.PKnownAfter {
		t.Fatalf("choice %+v, want a review with decayed P %.4f", c, wantP)
	}
	s, err = e.Record(st, c.ItemID, true, check)
	if err != nil {
		t.Fatal(err)
	}
	if s.Mastered || s.Lapsed || !s.NextReview.Equal(check.Add(e.cfg.Intervals[1])) || st.Points["x"].Stage != 1 {
		t.Fatalf("passed check: step %+v stage %d, want the second interval", s, st.Points["x"].Stage)
	}
	// Two more passed checks, then the schedule widens to two days.
	for i := 2; i <= 3; i++ {
		check = check.Add(e.cfg.Intervals[i-1] + time.Hour)
		if _, s = answer(t, e, st, check, r, true); s.Mastered || s.Lapsed || st.Points["x"].Stage != i || !s.NextReview.Equal(check.Add(e.cfg.Intervals[i])) {
			t.Fatalf("check %d: step %+v stage %d", i, s, st.Points["x"].Stage)
		}
	}
	if e.cfg.Intervals[3] != 2*24*time.Hour {
		t.Fatalf("fourth interval %v, want two days", e.cfg.Intervals[3])
	}

	check2 := check.Add(4 * 24 * time.Hour)
	c, s = answer(t, e, st, check2, r, false)
	if c.Kind != Review || c.Reason != (Reason{Code: ReasonReview, Point: "x", Elapsed: 4 * 24 * time.Hour}) || !s.Lapsed {
		t.Fatalf("failed check: choice %+v step %+v", c, s)
	}
	pt := st.Points["x"]
	if pt.Mastered || !pt.Due.IsZero() || pt.Stage != 0 || s.Feedback == nil || s.Feedback.KPExplanation != "X 的解读" {
		t.Fatalf("after a failed check: point %+v feedback %+v", pt, s.Feedback)
	}
	c, err = e.Next(st, check2.Add(time.Minute), r)
	if err != nil || c.Kind != Learn || c.Reason != (Reason{Code: ReasonRelearn, Point: "x"}) {
		t.Fatalf("after a failed check: choice %+v, %v; want relearning", c, err)
	}
	// Relearning: mastered again, the schedule starts over at one day.
	answer(t, e, st, check2.Add(time.Minute), r, true)
	_, s = answer(t, e, st, check2.Add(2*time.Minute), r, true)
	if !s.Mastered || !s.NextReview.Equal(check2.Add(2*time.Minute+24*time.Hour)) || st.Points["x"].Lapsed {
		t.Fatalf("relearnt: step %+v point %+v", s, st.Points["x"])
	}
}

// Due reviews take one answer in ReviewEvery, most overdue first, and all
// answers once nothing is left to learn.
func TestReviewShare(t *testing.T) {
	var kps []curriculum.KnowledgePoint
	var items []curriculum.Item
	init := map[string]float64{}
	for i := range 16 {
		id := string(rune('a'+i)) + ".kp"
		kps = append(kps, curriculum.KnowledgePoint{ID: id, Name: id})
		for j := range 3 {
			items = append(items, curriculum.Item{ID: id + string(rune('1'+j)), Type: curriculum.FillNumber, KnowledgePoints: []string{id}})
		}
		init[id] = 0.6 // to learn
		if i < 8 {
			init[id] = 0.99 // mastered, due after 7 days
		}
	}
	g, err := curriculum.NewGraph(kps)
	if err != nil {
		t.Fatal(err)
	}
	for _, every := range []int{1, 2, 4} {
		cfg := DefaultConfig()
		cfg.ReviewEvery = every
		e, err := New(g, items, nil, nil, cfg)
		if err != nil {
			t.Fatal(err)
		}
		st := start(t, e, init, t0)
		// Make h.kp the most overdue, then g.kp, ...
		for i := range 8 {
			st.Points[kps[i].ID].Due = t0.Add(time.Duration(8-i) * time.Hour)
		}
		now := t0.Add(10 * 24 * time.Hour)
		var kinds []Kind
		var reviewed []string
		r := rng(6)
		for n := 0; n < 40; n++ {
			c, err := e.Next(st, now, r)
			if err != nil {
				break
			}
			if _, err := e.Record(st, c.ItemID, true, now); err != nil {
				t.Fatal(err)
			}
			kinds = append(kinds, c.Kind)
			if c.Kind == Review {
				reviewed = append(reviewed, c.KP)
			}
			now = now.Add(time.Minute)
		}
		// While points are left to learn, review k falls on answer k*every.
		for i, k := range kinds[:min(len(kinds), 8)] {
			if want := (i+1)%every == 0; (k == Review) != want {
				t.Errorf("every %d: answer %d kind %s, kinds %v", every, i+1, k, kinds)
				break
			}
		}
		if len(reviewed) != 8 || reviewed[0] != "h.kp" || reviewed[1] != "g.kp" || reviewed[7] != "a.kp" {
			t.Errorf("every %d: reviewed %v, want all 8 most overdue first", every, reviewed)
		}
	}
}
