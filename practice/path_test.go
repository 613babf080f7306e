package practice

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

// gradeKPs is a small graph over grades 3-7, shaped like issue 12's case:
// a 四年级 student whose screening found two 四年级 points missing.
func gradeKPs() []curriculum.KnowledgePoint {
	ex := &curriculum.WorkedExample{Stem: "例题", Steps: []string{"第一步"}, Answer: "1"}
	return []curriculum.KnowledgePoint{
		{ID: "g2.x", Name: "二年级", Grade: 2, Explanation: "解读"},
		{ID: "g3.a", Name: "三年级甲", Grade: 3, Explanation: "解读", Example: ex},
		{ID: "g4.a", Name: "大数的改写与近似数", Grade: 4, Prerequisites: []string{"g3.a"}, Explanation: "解读", Example: ex},
		{ID: "g4.b", Name: "用小数表示单位换算", Grade: 4, Prerequisites: []string{"g3.a"}, Explanation: "解读", Example: ex},
		{ID: "g4.c", Name: "四年级丙", Grade: 4, Prerequisites: []string{"g3.a"}, Explanation: "解读"},
		{ID: "g5.a", Name: "数对", Grade: 5, Prerequisites: []string{"g4.c"}, Explanation: "解读"},
		{ID: "g5.b", Name: "可能性", Grade: 5, Explanation: "解读"},
		{ID: "g6.a", Name: "六年级甲", Grade: 6, Prerequisites: []string{"g5.a"}},
		{ID: "g7.a", Name: "七年级甲", Grade: 7},
		{ID: "g9.a", Name: "九年级甲", Grade: 9},
	}
}

// gradeEngine gives every point three items: a fill-in, a single choice
// and a true/false (the easiest to get right by chance).
func gradeEngine(t testing.TB, mod func(*Config)) *Engine {
	t.Helper()
	g, err := curriculum.NewGraph(gradeKPs())
	if err != nil {
		t.Fatal(err)
	}
	var items []curriculum.Item
	for _, kp := range gradeKPs() {
		items = append(items,
			curriculum.Item{ID: kp.ID + ".fill", Type: curriculum.FillNumber, Answer: "1", KnowledgePoints: []string{kp.ID}},
			curriculum.Item{ID: kp.ID + ".choice", Type: curriculum.SingleChoice, Options: []string{"1", "2", "3", "4"}, Answer: "A", KnowledgePoints: []string{kp.ID}},
			curriculum.Item{ID: kp.ID + ".tf", Type: curriculum.TrueFalse, Answer: "对", KnowledgePoints: []string{kp.ID}})
	}
	cfg := DefaultConfig()
	if mod != nil {
		mod(&cfg)
	}
	e, err := New(g, items, nil, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// grade4Screening: g3.a and g4.c mastered, g4.a and g4.b not mastered (g4.a
// a root cause), g5.b (not in the 四年级 scope) not screened.
func grade4Screening() *screening.Result {
	pr := func(id string, p float64, s screening.State) screening.PointResult {
		return screening.PointResult{ID: id, P: p, State: s}
	}
	return &screening.Result{
		KnowledgePoints: []screening.PointResult{
			pr("g3.a", 0.97, screening.Mastered), pr("g4.c", 0.96, screening.Mastered),
			pr("g4.a", 0.08, screening.NotMastered), pr("g4.b", 0.12, screening.NotMastered)},
		ReadyToLearn: []string{"g4.a", "g4.b"},
		RootCauses:   []screening.RootCause{{ID: "g4.a", P: 0.08, Explains: []string{"g4.a.fill"}}},
	}
}

func startGrade4(t *testing.T, e *Engine) *State {
	t.Helper()
	st, err := e.StartScreening(grade4Screening(), t0)
	if err != nil {
		t.Fatal(err)
	}
	st.Grade = 4
	return st
}

// TestPracticeFollowsScreening is issue 12's case: the two missing 四年级
// points come first, with teaching, and while they are not mastered no
// 五年级 (or later) item is chosen, even after a dozen wrong answers;
// practice never ends in "nothing to practise".
func TestPracticeFollowsScreening(t *testing.T) {
	e := gradeEngine(t, nil)
	st := startGrade4(t, e)
	if !st.Points["g4.a"].Path || !st.Points["g4.b"].Path || st.Points["g3.a"].Path {
		t.Fatalf("path marks: %+v", st.Points)
	}
	c, err := e.Next(st, t0, rng(1))
	if err != nil {
		t.Fatal(err)
	}
	if c.KP != "g4.a" || !c.Teach || c.Reason.Code != ReasonPath {
		t.Fatalf("first choice %+v, want g4.a on the path, taught first", c)
	}
	if !strings.HasSuffix(c.ItemID, ".tf") {
		t.Errorf("first item %s, want the easiest (the true/false) on a point not under way", c.ItemID)
	}
	if err := e.Understood(st); err != nil {
		t.Fatal(err)
	}
	if !st.Points["g4.a"].Taught || st.Pending.Teach {
		t.Errorf("after Understood: taught %v, pending teach %v", st.Points["g4.a"].Taught, st.Pending.Teach)
	}
	if err := e.Understood(st); err == nil {
		t.Error("Understood twice: no error")
	}
	now := t0
	seen := map[string]int{}
	for i := range 14 {
		c, err := e.Next(st, now, rng(uint64(i)))
		if errors.Is(err, ErrNothingToPractise) {
			rest, rerr := e.Rest(st, now)
			if rerr != nil {
				t.Fatal(rerr)
			}
			if k, ok := e.g.Index(rest.Next); rest.Code != RestRecent || !ok || e.grade[k] > 4 {
				t.Fatalf("answer %d: rest %+v, want the next point (四年级 or below) offered", i, rest)
			}
			if c, err = e.Offer(st, now, rng(uint64(i)), OfferNext); err != nil {
				t.Fatal(err)
			}
			if c.Reason.Code != ReasonNextOnPath {
				t.Errorf("offered %+v", c)
			}
		} else if err != nil {
			t.Fatal(err)
		}
		seen[c.KP]++
		if k, _ := e.g.Index(c.KP); e.grade[k] > 4 {
			t.Fatalf("answer %d: %s (grade %d) while 四年级 points are not mastered", i, c.KP, e.grade[k])
		}
		if _, err := e.Record(st, c.ItemID, false, now); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
	}
	if seen["g4.a"] == 0 || seen["g4.b"] == 0 {
		t.Errorf("a dozen wrong answers practised %v, want both missing 四年级 points", seen)
	}
}

// A supervisor's choice lets a student go above the grade; without it,
// only once the grade's points are mastered.
func TestGradeCeiling(t *testing.T) {
	e := gradeEngine(t, nil)
	all := map[string]float64{}
	for _, kp := range gradeKPs() {
		all[kp.ID] = 0.99
	}
	all["g4.b"], all["g5.b"], all["g7.a"] = 0.2, 0.9, 0.9
	st := start(t, e, all, t0)
	st.Grade = 6
	c, err := e.Next(st, t0, rng(1))
	if err != nil || c.KP != "g4.b" {
		t.Fatalf("六年级 with g4.b open: %+v %v, want g4.b", c, err)
	}
	st.Pending = nil
	st.Points["g4.b"].Mastered = true
	st.Points["g4.b"].Due = t0.Add(48 * time.Hour)
	for i := range 3 {
		c, err := e.Next(st, t0, rng(uint64(i)))
		if err != nil || c.KP != "g5.b" {
			t.Fatalf("六年级 with g5.b open: %+v %v, want g5.b before 七年级", c, err)
		}
	}
	st.Pending = nil
	st.Points["g5.b"].Mastered = true
	st.Points["g5.b"].Due = t0.Add(48 * time.Hour)
	if c, err := e.Next(st, t0, rng(1)); err != nil || c.KP != "g7.a" {
		t.Fatalf("everything to 六年级 mastered: %+v %v, want g7.a", c, err)
	}

	// The supervisor's choice: above the grade while g5.b is open, in
	// learning order (g5.b comes first in the graph, g7.a after it).
	st.Points["g5.b"].Mastered = false
	st.Points["g5.b"].P = 0.2
	st.Grade = 4
	st.Pending = nil
	if c, err := e.Next(st, t0, rng(1)); err != nil || c.KP != "g5.b" {
		// g5.b is above 四年级 too, but all of 四年级 is mastered now.
		t.Fatalf("四年级, own grade mastered: %+v %v, want g5.b", c, err)
	}
	st.Points["g4.b"].Mastered = false
	st.Pending = nil
	if c, err := e.Next(st, t0, rng(1)); err != nil || c.KP != "g4.b" {
		t.Fatalf("四年级 with g4.b open: %+v %v", c, err)
	}
	st.Points["g4.b"].Mastered = true
	st.Points["g3.a"].Mastered, st.Points["g3.a"].P, st.Points["g3.a"].Path = true, 0.99, false
	st.Points["g7.a"].Path = true // e.g. a supervisor's own learning goal
	st.AboveGrade = true
	st.Pending = nil
	if c, err := e.Next(st, t0, rng(1)); err != nil || c.KP != "g7.a" {
		t.Fatalf("above grade allowed: %+v %v, want g7.a (on the path) first", c, err)
	}
}

// Items: the easiest while the point is not under way, the band once an
// answer on it was right.
func TestEasiestFirstThenBand(t *testing.T) {
	e := gradeEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	st := startGrade4(t, e)
	c, _ := answer(t, e, st, t0, rng(1), false)
	if !strings.HasSuffix(c.ItemID, ".tf") {
		t.Fatalf("first item %s, want the true/false", c.ItemID)
	}
	c, _ = answer(t, e, st, t0.Add(time.Minute), rng(2), true)
	if c.KP != "g4.a" || !strings.HasSuffix(c.ItemID, ".tf") {
		t.Fatalf("second item %s, want the true/false again (not under way, gap off)", c.ItemID)
	}
	st.Points["g4.a"].P = 0.75
	c, err := e.Next(st, t0.Add(2*time.Minute), rng(3))
	if err != nil {
		t.Fatal(err)
	}
	if c.PredictedCorrect < e.cfg.BandLow || c.PredictedCorrect > e.cfg.BandHigh {
		t.Errorf("under way at P=0.75: item %s predicted %.2f, want inside the band", c.ItemID, c.PredictedCorrect)
	}
}

// Everything mastered and no review due: the rest says so and offers an
// early review, which keeps the schedule when passed.
func TestRestOffersReview(t *testing.T) {
	e := gradeEngine(t, nil)
	all := map[string]float64{}
	for _, kp := range gradeKPs() {
		all[kp.ID] = 0.99
	}
	st := start(t, e, all, t0)
	if _, err := e.Next(st, t0, rng(1)); !errors.Is(err, ErrNothingToPractise) {
		t.Fatalf("all mastered: %v", err)
	}
	rest, err := e.Rest(st, t0)
	if err != nil {
		t.Fatal(err)
	}
	if rest.Code != RestAllMastered || rest.Review == "" || rest.Next != "" || !rest.NextReview.After(t0) {
		t.Fatalf("rest %+v", rest)
	}
	c, err := e.Offer(st, t0.Add(time.Hour), rng(1), OfferReview)
	if err != nil || c.Kind != Review || c.Reason.Code != ReasonReviewEarly || c.KP != rest.Review || c.Teach {
		t.Fatalf("offer review: %+v %v", c, err)
	}
	due := st.Points[c.KP].Due
	s, err := e.Record(st, c.ItemID, true, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !s.NextReview.Equal(due) || st.Points[c.KP].Stage != e.cfg.ScreenedStage {
		t.Errorf("a passed early review moved the schedule: due %v -> %v", due, s.NextReview)
	}
	if _, err := e.Offer(st, t0, rng(1), OfferNext); !errors.Is(err, ErrNothingToPractise) {
		t.Errorf("offer next with all mastered: %v", err)
	}
	if _, err := e.Offer(st, t0, rng(1), "bogus"); err == nil {
		t.Error("unknown offer accepted")
	}
}

// A redirect re-teaches the prerequisite; a failed review re-teaches the
// point.
func TestReteach(t *testing.T) {
	e := gradeEngine(t, nil)
	st := startGrade4(t, e)
	st.Points["g3.a"].P = 0.6 // weaker than the screening said
	now := t0
	var redirect *Redirect
	for i := range 6 {
		_, s := answer(t, e, st, now, rng(uint64(i)), false)
		now = now.Add(time.Minute)
		if s.Redirect != nil {
			redirect = s.Redirect
			break
		}
	}
	if redirect == nil || redirect.KP != "g3.a" {
		t.Fatalf("no redirect to g3.a: %+v", redirect)
	}
	c, err := e.Next(st, now, rng(9))
	if err != nil || c.KP != "g3.a" || c.Kind != Prerequisite || !c.Teach {
		t.Fatalf("after the redirect: %+v %v, want g3.a taught again", c, err)
	}
}

// A version 1 binary state (before grades) still decodes.
func TestCodecReadsVersion1(t *testing.T) {
	st := &State{Version: StateVersion, Points: map[string]*Point{"a": {P: 0.5, At: t0, Recent: "01"}}, Seen: map[string]Seen{}, Focus: "a"}
	raw, err := st.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// Rewrite as version 1: drop the grade (one byte) and the flags byte.
	head := len(stateMagic)
	d := decoder{buf: raw[head:]}
	for range 4 {
		d.uint()
	}
	d.str()
	cut := len(raw) - len(d.buf)
	v1 := append([]byte(stateMagicV1), raw[head:cut]...)
	v1 = append(v1, raw[cut+2:]...)
	var got State
	if err := got.UnmarshalBinary(v1); err != nil {
		t.Fatal(err)
	}
	if got.Focus != "a" || got.Points["a"].Recent != "01" || got.Grade != 0 {
		t.Errorf("decoded %+v", got)
	}
	st.Grade, st.AboveGrade = 6, true
	st.Points["a"].Taught, st.Points["a"].Path = true, true
	raw, _ = st.MarshalBinary()
	if err := got.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	if got.Grade != 6 || !got.AboveGrade || !got.Points["a"].Taught || !got.Points["a"].Path {
		t.Errorf("version 2 round trip: %+v %+v", got, got.Points["a"])
	}
}

// The screening's gaps (not mastered) come before its uncertain frontier
// points, even an uncertain point earlier in the graph.
func TestGapsBeforeUncertain(t *testing.T) {
	e := gradeEngine(t, nil)
	res := grade4Screening()
	res.KnowledgePoints = append(res.KnowledgePoints, screening.PointResult{ID: "g2.x", P: 0.6, State: screening.Uncertain})
	res.ReadyToLearn = append([]string{"g2.x"}, res.ReadyToLearn...)
	st, err := e.StartScreening(res, t0)
	if err != nil {
		t.Fatal(err)
	}
	st.Grade = 4
	if !st.Points["g4.b"].Gap || st.Points["g2.x"].Gap || !st.Points["g2.x"].Path {
		t.Fatalf("gap marks: g4.b %+v, g2.x %+v", st.Points["g4.b"], st.Points["g2.x"])
	}
	c, err := e.Next(st, t0, rng(1))
	if err != nil || c.KP != "g4.a" {
		t.Fatalf("first choice %+v %v, want the gap g4.a before the uncertain g2.x", c, err)
	}
	for _, id := range []string{"g4.a", "g4.b"} {
		st.Points[id].Mastered, st.Points[id].Due = true, t0.Add(72*time.Hour)
	}
	st.Focus, st.Pending = "", nil
	if c, err := e.Next(st, t0, rng(1)); err != nil || c.KP != "g2.x" {
		t.Fatalf("gaps mastered: %+v %v, want the uncertain g2.x next", c, err)
	}
}

// After the supervisor is called for a point, the other points to learn
// come first until it is answered right.
func TestHeldAfterAttention(t *testing.T) {
	e := gradeEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	st := startGrade4(t, e)
	now := t0
	var att *Reason
	for i := 0; att == nil && i < 8; i++ {
		_, s := answer(t, e, st, now, rng(uint64(i)), false)
		att, now = s.Attention, now.Add(time.Minute)
	}
	if att == nil || att.Point != "g4.a" || !st.Points["g4.a"].Held {
		t.Fatalf("no attention on g4.a: %+v", att)
	}
	c, s := answer(t, e, st, now, rng(20), true)
	if c.KP != "g4.b" || !s.Correct {
		t.Fatalf("after the attention: %s, want the other gap g4.b", c.KP)
	}
	st.Points["g4.b"].Held = true
	st.Points["g2.x"].Mastered, st.Points["g2.x"].Due = true, now.Add(72*time.Hour)
	if c, _ = answer(t, e, st, now.Add(time.Minute), rng(21), true); c.KP != "g4.a" || st.Points["g4.a"].Held {
		t.Fatalf("all points held: %s held=%v, want g4.a again and released by a right answer", c.KP, st.Points["g4.a"].Held)
	}
}
