package practice

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/kt"
)

func TestNewRejectsBadInput(t *testing.T) {
	bad := 1.5
	item := func(id string, kps ...string) curriculum.Item {
		return curriculum.Item{ID: id, Type: curriculum.FillNumber, KnowledgePoints: kps}
	}
	cases := []struct {
		name   string
		g      bool
		items  []curriculum.Item
		tpls   []curriculum.Template
		params func(string) kt.BKTParams
		mod    func(*Config)
		want   []string
	}{
		{name: "no graph", want: []string{"no knowledge graph"}},
		{name: "unknown point", g: true, items: []curriculum.Item{item("x1", "m.a", "m.zz")},
			want: []string{"item x1: knowledge point m.zz is not in the graph"}},
		{name: "two bad items named together", g: true, items: []curriculum.Item{item("x1", "m.q"), item("x2")},
			want: []string{"item x1: knowledge point m.q", "item x2: no knowledge points"}},
		{name: "duplicate id", g: true, items: []curriculum.Item{item("x1", "m.a"), item("x1", "m.b")},
			want: []string{"item x1: id used twice"}},
		{name: "empty id", g: true, items: []curriculum.Item{item("", "m.a")}, want: []string{"item with an empty id (knowledge points m.a)"}},
		{name: "calibration out of range", g: true,
			items: []curriculum.Item{{ID: "x1", KnowledgePoints: []string{"m.a"}, Slip: &bad}},
			want:  []string{"item x1: calibrated slip = 1.5"}},
		{name: "template without generator", g: true, tpls: []curriculum.Template{{ID: "t1", KnowledgePoints: []string{"m.a"}}},
			want: []string{"template t1: no Generate function"}},
		{name: "template on unknown point", g: true, tpls: []curriculum.Template{sumTemplate("t1", "m.nope")},
			want: []string{"template t1: knowledge point m.nope is not in the graph"}},
		{name: "template id clashes with an item", g: true, items: []curriculum.Item{item("t1", "m.a")},
			tpls: []curriculum.Template{sumTemplate("t1", "m.a")}, want: []string{"template t1: id used twice"}},
		{name: "bad parameters name the point", g: true, params: func(kp string) kt.BKTParams {
			p := DefaultParams()
			if kp == "m.c" {
				p.Slip = 0
			}
			return p
		}, want: []string{"knowledge point m.c: bkt slip = 0"}},
		{name: "band reversed", g: true, mod: func(c *Config) { c.BandLow, c.BandHigh = 0.9, 0.6 }, want: []string{"band [0.9, 0.6]"}},
		{name: "review share", g: true, mod: func(c *Config) { c.ReviewEvery = 0 }, want: []string{"ReviewEvery = 0"}},
		{name: "negative gap", g: true, mod: func(c *Config) { c.MinGapTime = -time.Minute }, want: []string{"minimum gap"}},
		{name: "gap reset shorter than the time gap", g: true, mod: func(c *Config) { c.GapReset = time.Minute }, want: []string{"GapReset = 1m0s"}},
		{name: "mastery threshold", g: true, mod: func(c *Config) { c.MasteryP = 1 }, want: []string{"MasteryP = 1"}},
		{name: "intervals shrink", g: true, mod: func(c *Config) { c.Intervals = []time.Duration{48 * time.Hour, time.Hour} },
			want: []string{"Intervals[1] = 1h0m0s"}},
		{name: "no intervals", g: true, mod: func(c *Config) { c.Intervals = nil; c.ScreenedStage = 0 }, want: []string{"Intervals is empty"}},
		{name: "screened stage", g: true, mod: func(c *Config) { c.ScreenedStage = 9 }, want: []string{"ScreenedStage = 9"}},
		{name: "redirect rule", g: true, mod: func(c *Config) { c.RedirectWrong = 5 }, want: []string{"redirect rule 5 wrong of 4"}},
		{name: "several config errors at once", g: true, mod: func(c *Config) { c.MasteryStreak, c.HalfLifeFactor = 0, -1 },
			want: []string{"MasteryStreak = 0", "HalfLifeFactor = -1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var g *curriculum.Graph
			if tc.g {
				g = fixtureGraph(t)
			}
			cfg := DefaultConfig()
			if tc.mod != nil {
				tc.mod(&cfg)
			}
			_, err := New(g, tc.items, tc.tpls, tc.params, cfg)
			if err == nil {
				t.Fatal("New accepted bad input")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// Points are chosen in learning order, not by the productive band: a weak
// point (predicted success far below the band) is learnt before a later
// point in the band (issue 12: the weak points were passed over).
func TestNextFollowsLearningOrder(t *testing.T) {
	e := fixtureEngine(t, nil)
	cases := []struct {
		name       string
		init       map[string]float64
		wantKP     string
		wantReason Reason
	}{
		{"a weak point before a later one in the band", map[string]float64{"m.a": 0.99, "m.e": 0.99, "m.b": 0.2, "m.c": 0.75},
			"m.b", Reason{Code: ReasonNew, Point: "m.b"}},
		{"both in the band: learning order", map[string]float64{"m.a": 0.99, "m.e": 0.99, "m.b": 0.7, "m.c": 0.8},
			"m.b", Reason{Code: ReasonNew, Point: "m.b"}},
		{"only roots are ready: the first root", map[string]float64{"m.a": 0.2, "m.e": 0.3, "m.b": 0.9, "m.c": 0.9, "m.d": 0.9},
			"m.a", Reason{Code: ReasonNewRoot, Point: "m.a"}},
		{"a point above mastery but not mastered is locked behind it", map[string]float64{"m.a": 0.5, "m.b": 0.99, "m.c": 0.99, "m.e": 0.99},
			"m.a", Reason{Code: ReasonNewRoot, Point: "m.a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := start(t, e, tc.init, t0)
			c, err := e.Next(st, t0, rng(1))
			if err != nil {
				t.Fatal(err)
			}
			if c.KP != tc.wantKP || c.Kind != Learn || c.Reason != tc.wantReason || !c.Teach {
				t.Errorf("got %+v, want %s learn %+v with teaching first", c, tc.wantKP, tc.wantReason)
			}
			if c.ItemID == "m.bd" {
				t.Error("chose an item measuring a point not yet mastered")
			}
			if st.Pending == nil || *st.Pending != c {
				t.Errorf("pending = %+v, want the choice", st.Pending)
			}
		})
	}
}

// The engine stays on the point it is working on; a wrong answer does not
// make it hop to another point.
func TestNextStaysOnFocus(t *testing.T) {
	e := fixtureEngine(t, nil)
	st := start(t, e, map[string]float64{"m.a": 0.99, "m.e": 0.99, "m.b": 0.3, "m.c": 0.35}, t0)
	c, _ := answer(t, e, st, t0, rng(1), false)
	if c.KP != "m.b" {
		t.Fatalf("first choice %s, want m.b (learning order)", c.KP)
	}
	st.Points["m.c"].P = 0.7
	c, err := e.Next(st, t0.Add(time.Minute), rng(2))
	if err != nil {
		t.Fatal(err)
	}
	if c.KP != "m.b" || c.Reason.Code != ReasonContinue || c.Reason.PKnown != c.PKnown || c.Reason.PCorrect != c.PredictedCorrect || c.Teach {
		t.Errorf("second choice %s %+v teach=%v, want to stay on m.b with a continue reason and no teaching", c.KP, c.Reason, c.Teach)
	}
}

func TestNoRepeatTooSoon(t *testing.T) {
	// Neither mastery nor redirect may end the run early.
	never := func(gi int, gt time.Duration) func(*Config) {
		return func(c *Config) {
			c.MinGapItems, c.MinGapTime = gi, gt
			c.MasteryP, c.MasteryStreak, c.RedirectWrong = 0.999999, 1000, 4
		}
	}
	cases := []struct {
		name  string
		items int
		gapN  int
		gapT  time.Duration
		step  time.Duration
		stuck bool // the run must hit ErrNothingToPractise
	}{
		{"item gap binds", 5, 4, 0, time.Minute, false},
		{"time gap binds", 4, 1, 20 * time.Minute, 2 * time.Minute, true},
		{"both", 6, 5, 10 * time.Minute, 3 * time.Minute, false},
		// Stuck until GapReset lets the items back on a new day.
		{"too few items for the item gap", 3, 3, 0, time.Minute, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := singleEngine(t, tc.items, curriculum.FillNumber, never(tc.gapN, tc.gapT))
			st := start(t, e, map[string]float64{"x": 0.5}, t0)
			r := rng(3)
			last := map[string]struct {
				n  int
				at time.Time
			}{}
			now, stuck := t0, false
			for n := 0; n < 40; {
				c, err := e.Next(st, now, r)
				if errors.Is(err, ErrNothingToPractise) {
					stuck = true
					now = now.Add(time.Minute)
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				// The answer count holds an item back for GapReset (12h) at most.
				if l, ok := last[c.ItemID]; ok && (now.Sub(l.at) < tc.gapT || (n-l.n <= tc.gapN && now.Sub(l.at) < 12*time.Hour)) {
					t.Fatalf("answer %d: %s again after %d answers and %v", n, c.ItemID, n-l.n-1, now.Sub(l.at))
				}
				if _, err := e.Record(st, c.ItemID, n%2 == 0, now); err != nil {
					t.Fatal(err)
				}
				last[c.ItemID] = struct {
					n  int
					at time.Time
				}{n, now}
				n++
				now = now.Add(tc.step)
			}
			if stuck != tc.stuck {
				t.Errorf("stuck = %v, want %v", stuck, tc.stuck)
			}
		})
	}
}

func TestTemplateGetsANewSeedEachTime(t *testing.T) {
	g, err := curriculum.NewGraph([]curriculum.KnowledgePoint{{ID: "x", Name: "X"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.MasteryStreak = 1000
	e, err := New(g, nil, []curriculum.Template{sumTemplate("tpl.x", "x")}, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	st := start(t, e, nil, t0)
	seen := map[string]bool{}
	r := rng(4)
	for i := range 30 {
		c, s := answer(t, e, st, t0.Add(time.Duration(i)*time.Second), r, false)
		if c.Template != "tpl.x" || c.Seed <= 0 || c.ItemID != "tpl.x#"+strconv.FormatInt(c.Seed, 10) {
			t.Fatalf("choice %+v is not a template instance", c)
		}
		if seen[c.ItemID] {
			t.Fatalf("instance %s repeated", c.ItemID)
		}
		seen[c.ItemID] = true
		it, err := sumTemplate("tpl.x", "x").Instance(c.Seed)
		if err != nil || s.Feedback == nil || s.Feedback.Explanation != it.Explanation {
			t.Fatalf("feedback %+v, want the instance's explanation %q (%v)", s.Feedback, it.Explanation, err)
		}
	}
	if len(st.Seen) != 0 {
		t.Errorf("template instances recorded as seen: %v", st.Seen)
	}
}

// A template whose instances fail their self-check is an error, not a
// wrong item shown to a student.
func TestBrokenTemplateIsAnError(t *testing.T) {
	g, err := curriculum.NewGraph([]curriculum.KnowledgePoint{{ID: "x", Name: "X"}})
	if err != nil {
		t.Fatal(err)
	}
	tpl := sumTemplate("tpl.bad", "x")
	tpl.Verify = func(curriculum.Item) error { return errors.New("answer does not check") }
	panicky := curriculum.Template{ID: "tpl.panic", KnowledgePoints: []string{"x"},
		Generate: func(*rand.Rand) curriculum.Item { panic("boom") }}
	for _, tp := range []curriculum.Template{tpl, panicky} {
		e, err := New(g, nil, []curriculum.Template{tp}, nil, DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		st := start(t, e, nil, t0)
		if _, err := e.Next(st, t0, rng(1)); err == nil || !strings.Contains(err.Error(), "template "+tp.ID) {
			t.Errorf("%s: err = %v, want the template named", tp.ID, err)
		}
		if st.Pending != nil {
			t.Errorf("%s: a failed Next left a pending choice", tp.ID)
		}
	}
}

// Predicted success uses the item's calibrated slip and guess, else the
// point's fitted ones, else (no fitted model) the chance level by type.
func TestItemParameters(t *testing.T) {
	g, err := curriculum.NewGraph([]curriculum.KnowledgePoint{{ID: "x", Name: "X"}})
	if err != nil {
		t.Fatal(err)
	}
	f := func(v float64) *float64 { return &v }
	model := &kt.BKTModel{
		Default: kt.BKTParams{Prior: 0.5, Learn: 0.1, Slip: 0.2, Guess: 0.2},
		Skills:  map[string]kt.BKTParams{"x": {Prior: 0.4, Learn: 0.2, Slip: 0.15, Guess: 0.3}},
	}
	const p = 0.6
	cases := []struct {
		name  string
		item  curriculum.Item
		model *kt.BKTModel
		slip  float64
		guess float64
	}{
		{"fill-in, no model", curriculum.Item{Type: curriculum.FillNumber}, nil, 0.1, 0.05},
		{"single choice of 3, no model", curriculum.Item{Type: curriculum.SingleChoice, Options: []string{"A", "B", "C"}}, nil, 0.1, 1.0 / 3},
		{"true/false, no model", curriculum.Item{Type: curriculum.TrueFalse}, nil, 0.1, 0.5},
		{"multiple choice of 4, no model", curriculum.Item{Type: curriculum.MultiChoice, Options: []string{"A", "B", "C", "D"}}, nil, 0.1, 1.0 / 15},
		{"calibrated, no model", curriculum.Item{Type: curriculum.TrueFalse, Slip: f(0.05), Guess: f(0.4)}, nil, 0.05, 0.4},
		{"fitted point", curriculum.Item{Type: curriculum.TrueFalse}, model, 0.15, 0.3},
		{"calibrated guess over the fitted point", curriculum.Item{Type: curriculum.FillNumber, Guess: f(0.02)}, model, 0.15, 0.02},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.item.ID, tc.item.KnowledgePoints = "x1", []string{"x"}
			var params func(string) kt.BKTParams
			if tc.model != nil {
				params = tc.model.Params
			}
			e, err := New(g, []curriculum.Item{tc.item}, nil, params, DefaultConfig())
			if err != nil {
				t.Fatal(err)
			}
			st := start(t, e, map[string]float64{"x": p}, t0)
			c, err := e.Next(st, t0, rng(1))
			if err != nil {
				t.Fatal(err)
			}
			want := p*(1-tc.slip) + (1-p)*tc.guess
			if math.Abs(c.PredictedCorrect-want) > 1e-12 {
				t.Errorf("predicted %.4f, want %.4f (slip %.3f guess %.3f)", c.PredictedCorrect, want, tc.slip, tc.guess)
			}
			s, err := e.Record(st, c.ItemID, true, t0)
			if err != nil {
				t.Fatal(err)
			}
			k := p * (1 - tc.slip)
			post := k / (k + (1-p)*tc.guess)
			learn := DefaultParams().Learn
			if tc.model != nil {
				learn = tc.model.Params("x").Learn
			}
			if wantAfter := post + (1-post)*learn; math.Abs(s.PKnownAfter-wantAfter) > 1e-12 || s.Feedback != nil {
				t.Errorf("P after a right answer %.4f (feedback %+v), want %.4f and no feedback", s.PKnownAfter, s.Feedback, wantAfter)
			}
		})
	}
}
