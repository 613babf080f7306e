package screening

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/zhixi-org/zhixi/curriculum"
)

func fp(v float64) *float64 { return &v }

// fixture: a -> b -> c, a -> d, {c, d} -> e, grades 1..3.
func fixtureKPs() []curriculum.KnowledgePoint {
	return []curriculum.KnowledgePoint{
		{ID: "a", Grade: 1},
		{ID: "b", Grade: 1, Prerequisites: []string{"a"}},
		{ID: "c", Grade: 2, Prerequisites: []string{"b"}},
		{ID: "d", Grade: 2, Prerequisites: []string{"a"}},
		{ID: "e", Grade: 3, Prerequisites: []string{"c", "d"}},
	}
}

// items gives every point n items with the given noise.
func items(ids []string, n int, slip, guess float64) []curriculum.Item {
	var out []curriculum.Item
	for _, id := range ids {
		for j := range n {
			out = append(out, curriculum.Item{ID: id + "-" + string(rune('0'+j)), KnowledgePoints: []string{id}, Slip: fp(slip), Guess: fp(guess)})
		}
	}
	return out
}

func fixtureBank(t testing.TB, n int, slip, guess float64) *Bank {
	t.Helper()
	g, err := curriculum.NewGraph(fixtureKPs())
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBank(g, items([]string{"a", "b", "c", "d", "e"}, n, slip, guess), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNewBankRejects(t *testing.T) {
	g, err := curriculum.NewGraph(fixtureKPs())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		items []curriculum.Item
		scope []string
		want  []string
	}{
		{"item without point", []curriculum.Item{{ID: "q1"}}, nil, []string{"item q1 has no knowledge point"}},
		{"point not in graph", []curriculum.Item{{ID: "q1", KnowledgePoints: []string{"a", "zz"}}}, nil, []string{"item q1", "zz is not in the graph"}},
		{"duplicate item", []curriculum.Item{{ID: "q1", KnowledgePoints: []string{"a"}}, {ID: "q1", KnowledgePoints: []string{"b"}}}, nil, []string{"item q1 is defined twice"}},
		{"bad slip", []curriculum.Item{{ID: "q1", KnowledgePoints: []string{"a"}, Slip: fp(0.7)}}, nil, []string{"item q1: slip 0.7"}},
		{"all problems at once", []curriculum.Item{{ID: "q1"}, {ID: "q2", KnowledgePoints: []string{"x"}}}, nil, []string{"q1 has no knowledge point", "q2: knowledge point x"}},
		{"scope without items", []curriculum.Item{{ID: "q1", KnowledgePoints: []string{"e"}}}, []string{"a", "b"}, []string{"scope has no items", "[a, b]"}},
		{"unknown scope id", []curriculum.Item{{ID: "q1", KnowledgePoints: []string{"a"}}}, []string{"a", "nope"}, []string{"unknown knowledge points in scope: nope"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewBank(g, tc.items, tc.scope)
			if err == nil {
				t.Fatal("NewBank accepted bad input")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// Bad graphs are rejected by curriculum.NewGraph before a bank exists; the
// errors name the ids so the screening front ends can pass them on.
func TestBadGraphsNameIDs(t *testing.T) {
	tests := []struct {
		name string
		kps  []curriculum.KnowledgePoint
		want []string
	}{
		{"cycle", []curriculum.KnowledgePoint{{ID: "x", Prerequisites: []string{"z"}}, {ID: "y", Prerequisites: []string{"x"}}, {ID: "z", Prerequisites: []string{"y"}}}, []string{"cycle", "x", "y", "z"}},
		{"dangling", []curriculum.KnowledgePoint{{ID: "x", Prerequisites: []string{"ghost"}}}, []string{"x: prerequisite ghost does not exist"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := curriculum.NewGraph(tc.kps)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestScopeRestrictsItems(t *testing.T) {
	g, _ := curriculum.NewGraph(fixtureKPs())
	its := append(items([]string{"a", "c"}, 1, 0.1, 0.2), curriculum.Item{ID: "ce", KnowledgePoints: []string{"c", "e"}})
	b, err := NewBank(g, its, []string{"a", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 2 || b.NumItems() != 2 {
		t.Fatalf("scope {a,c}: %d points, %d items; want 2, 2 (item ce leaves the scope)", b.Len(), b.NumItems())
	}
	// Restrict keeps a -> c through the missing b.
	c, _ := b.Graph().Index("c")
	if got := b.Graph().Prerequisites(c); len(got) != 1 {
		t.Fatalf("c's prerequisites in scope = %v, want [a]", got)
	}
}

// An item's "all points mastered" reduces to its last point when the
// others are that point's prerequisites, and not otherwise.
func TestItemTop(t *testing.T) {
	g, _ := curriculum.NewGraph(fixtureKPs())
	its := []curriculum.Item{
		{ID: "abc", KnowledgePoints: []string{"c", "a", "b"}},
		{ID: "bcd", KnowledgePoints: []string{"b", "c", "d"}},
		{ID: "bd", KnowledgePoints: []string{"d", "b"}},
		{ID: "e", KnowledgePoints: []string{"e"}},
	}
	b, err := NewBank(g, its, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"abc": "c", "bcd": "", "bd": "", "e": "e"}
	for i := range b.items {
		got := ""
		if top := b.items[i].top; top >= 0 {
			got = b.graph.Node(top).ID
		}
		if id := b.items[i].item.ID; got != want[id] {
			t.Errorf("item %s: top %q, want %q", id, got, want[id])
		}
	}
}

func TestAnswerInfo(t *testing.T) {
	tests := []struct {
		q, slip, guess float64
		want           float64
	}{
		{0, 0.1, 0.25, 0},
		{1, 0.1, 0.25, 0},
		{0.5, 0, 0, math.Log(2)}, // noiseless: one full bit (in nats)
	}
	for _, tc := range tests {
		if got := AnswerInfo(tc.q, tc.slip, tc.guess); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("AnswerInfo(%v, %v, %v) = %v, want %v", tc.q, tc.slip, tc.guess, got, tc.want)
		}
	}
	if AnswerInfo(0.5, 0.1, 0.25) >= AnswerInfo(0.5, 0.05, 0.1) {
		t.Error("a noisier item should carry less information")
	}
}

// uniformPrior draws uniformly among an explicit list of states; it has no
// density, so sessions on it do pure importance sampling.
type uniformPrior struct{ states [][]uint64 }

func (u uniformPrior) Sample(r *rand.Rand, s []uint64) int {
	copy(s, u.states[r.IntN(len(u.states))])
	return 0
}

// downsets enumerates every feasible state of b (small graphs only).
func downsets(b *Bank) [][]uint64 {
	var out [][]uint64
	n := b.Len()
	for m := range 1 << n {
		s := make([]uint64, b.words)
		for k := range n {
			if m&(1<<k) != 0 {
				set(s, k)
			}
		}
		if b.IsDownset(s) {
			out = append(out, s)
		}
	}
	return out
}

// TestLikelihoodUpdate checks the particle posterior against the exact
// posterior computed by enumeration, for correct, incorrect and skipped
// answers on single- and two-point items.
func TestLikelihoodUpdate(t *testing.T) {
	g, _ := curriculum.NewGraph(fixtureKPs())
	its := []curriculum.Item{
		{ID: "qc", KnowledgePoints: []string{"c"}, Slip: fp(0.1), Guess: fp(0.25)},
		{ID: "qd", KnowledgePoints: []string{"d"}, Slip: fp(0.1), Guess: fp(0.25)},
		{ID: "qbd", KnowledgePoints: []string{"b", "d"}, Slip: fp(0.05), Guess: fp(0.1)},
	}
	b, err := NewBank(g, its, nil)
	if err != nil {
		t.Fatal(err)
	}
	states := downsets(b)
	if len(states) != 8 {
		t.Fatalf("fixture has %d downsets, want 8", len(states))
	}
	answers := []Response{{"qc", Correct}, {"qd", Incorrect}, {"qbd", Skip}}
	s, err := NewSession(b, Config{Seed: 3, Particles: 200000, Prior: uniformPrior{states}, Contamination: -1})
	if err != nil {
		t.Fatal(err)
	}
	exact := make([]float64, len(states))
	for i := range exact {
		exact[i] = 1
	}
	for _, a := range answers {
		i, _ := b.ItemIndex(a.Item)
		s.pending = i // answer in a fixed order, whatever Next would pick
		if err := s.Answer(a.Item, a.Outcome); err != nil {
			t.Fatal(err)
		}
		it := &b.items[i]
		for j, st := range states {
			in := subset(it.mask, st)
			switch {
			case a.Outcome == Correct && in:
				exact[j] *= 1 - it.slip
			case a.Outcome == Correct:
				exact[j] *= it.guess
			case a.Outcome == Incorrect && in:
				exact[j] *= it.slip
			case a.Outcome == Incorrect:
				exact[j] *= 1 - it.guess
			case in: // skip
				exact[j] *= min(it.slip, 0.05)
			}
		}
	}
	got := s.Marginals()
	for k := range b.Len() {
		num, den := 0.0, 0.0
		for j, st := range states {
			den += exact[j]
			if has(st, k) {
				num += exact[j]
			}
		}
		if want := num / den; math.Abs(got[k]-want) > 0.01 {
			t.Errorf("P(%s) = %.4f, exact %.4f", b.graph.Node(k).ID, got[k], want)
		}
	}
}

// logDensity is the GradePrior density of s under component c, written
// from the definition independently of FlipLogRatio.
func logDensity(p *GradePrior, c int, s []uint64) float64 {
	g := p.b.graph
	l := 0.0
	switch p.kind[c] {
	case uniform:
		return -math.Log(float64(len(downsets(p.b))))
	case topDown:
		for k := range g.Len() {
			if !anyIn(g.Dependents(k), s) {
				if has(s, k) {
					l += p.logA[c][k]
				} else {
					l += p.log1A[c][k]
				}
			}
		}
		return l
	}
	for k := range g.Len() {
		if allIn(g.Prerequisites(k), s) {
			if has(s, k) {
				l += p.logA[c][k]
			} else {
				l += p.log1A[c][k]
			}
		}
	}
	return l
}

func TestFlipLogRatioMatchesDensity(t *testing.T) {
	b := fixtureBank(t, 1, 0.1, 0.25)
	p := NewGradePrior(b, 2)
	states := downsets(b)
	for c := range p.a {
		for _, st := range states {
			for k := range b.Len() {
				s2 := append([]uint64(nil), st...)
				flip(s2, k)
				if !b.IsDownset(s2) {
					continue
				}
				want := logDensity(p, c, s2) - logDensity(p, c, st)
				if got := p.FlipLogRatio(c, st, k); math.Abs(got-want) > 1e-9 {
					t.Fatalf("component %d, state %b, flip %d: ratio %v, want %v", c, st[0], k, got, want)
				}
			}
		}
	}
}

// TestResampleMove checks the full engine (prior mixture, reweighting,
// resampling and MCMC moves) against the exact posterior of its own prior.
func TestResampleMove(t *testing.T) {
	b := fixtureBank(t, 2, 0.1, 0.25)
	p := NewGradePrior(b, 2)
	states := downsets(b)
	s, err := NewSession(b, Config{StudentGrade: 2, Seed: 11, Particles: 40000, Contamination: -1})
	if err != nil {
		t.Fatal(err)
	}
	answers := []Response{{"c-0", Incorrect}, {"e-0", Incorrect}, {"d-0", Correct}, {"c-1", Incorrect}, {"b-0", Correct}}
	post := make([]float64, len(states))
	for j, st := range states {
		for c := range p.a {
			w := p.cum[c]
			if c > 0 {
				w -= p.cum[c-1]
			}
			post[j] += w * math.Exp(logDensity(p, c, st))
		}
	}
	for _, a := range answers {
		i, _ := b.ItemIndex(a.Item)
		s.pending = i
		if err := s.Answer(a.Item, a.Outcome); err != nil {
			t.Fatal(err)
		}
		for j, st := range states {
			it := &b.items[i]
			in := subset(it.mask, st)
			switch {
			case a.Outcome == Correct && in:
				post[j] *= 1 - it.slip
			case a.Outcome == Correct:
				post[j] *= it.guess
			case in:
				post[j] *= it.slip
			default:
				post[j] *= 1 - it.guess
			}
		}
	}
	for i := range s.w {
		if !b.IsDownset(s.state(i)) {
			t.Fatalf("particle %d is not a downset: %b", i, s.state(i)[0])
		}
	}
	got := s.Marginals()
	for k := range b.Len() {
		num, den := 0.0, 0.0
		for j, st := range states {
			den += post[j]
			if has(st, k) {
				num += post[j]
			}
		}
		if want := num / den; math.Abs(got[k]-want) > 0.02 {
			t.Errorf("P(%s) = %.4f, exact %.4f", b.graph.Node(k).ID, got[k], want)
		}
	}
}

// answerAll plays a screening to its end for a student who knows exactly
// the points in known, without noise.
func answerAll(t *testing.T, s *Session, known map[string]bool) {
	t.Helper()
	for {
		id, ok := s.Next()
		if !ok {
			return
		}
		i, _ := s.b.ItemIndex(id)
		o := Correct
		for _, k := range s.b.ItemPoints(i) {
			if !known[s.b.graph.Node(k).ID] {
				o = Incorrect
			}
		}
		if err := s.Answer(id, o); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFrontierAndRootCauses(t *testing.T) {
	b := fixtureBank(t, 4, 0.02, 0.02)
	s, err := NewSession(b, Config{StudentGrade: 3, Seed: 5, MaxQuestions: 20})
	if err != nil {
		t.Fatal(err)
	}
	// Knows a, b, d; misses c (and so e).
	answerAll(t, s, map[string]bool{"a": true, "b": true, "d": true})
	res := s.Result()
	if res.Stopped != StopConfident {
		t.Fatalf("stopped %q after %d questions, want confident", res.Stopped, res.Questions)
	}
	want := map[string]State{"a": Mastered, "b": Mastered, "c": NotMastered, "d": Mastered, "e": NotMastered}
	for _, kp := range res.KnowledgePoints {
		if kp.State != want[kp.ID] {
			t.Errorf("%s: %s (p %.3f), want %s", kp.ID, kp.State, kp.P, want[kp.ID])
		}
	}
	if !reflect.DeepEqual(res.ReadyToLearn, []string{"c"}) {
		t.Errorf("ready to learn %v, want [c]", res.ReadyToLearn)
	}
	if len(res.RootCauses) != 1 || res.RootCauses[0].ID != "c" || len(res.RootCauses[0].Explains) == 0 {
		t.Errorf("root causes %+v, want c explaining the failed items", res.RootCauses)
	}
	for _, kp := range res.KnowledgePoints {
		e := kp.Evidence
		if kp.ID == "e" && len(e.Direct) == 0 && len(e.FromPrerequisites) == 0 {
			t.Errorf("e is not mastered without evidence: %+v", e)
		}
	}
}

func TestEvidenceKinds(t *testing.T) {
	b := fixtureBank(t, 1, 0.1, 0.2)
	s, _ := NewSession(b, Config{Seed: 1})
	for _, a := range []Response{{"e-0", Correct}, {"b-0", Incorrect}} {
		i, _ := b.ItemIndex(a.Item)
		s.pending, s.asked[i] = i, true
		if err := s.Answer(a.Item, a.Outcome); err != nil {
			t.Fatal(err)
		}
	}
	ev := map[string]Evidence{}
	for _, kp := range s.Result().KnowledgePoints {
		ev[kp.ID] = kp.Evidence
	}
	if got := ev["a"].FromDependents; len(got) != 1 || got[0].Item != "e-0" {
		t.Errorf("a: correct e-0 should be evidence from a dependent, got %+v", ev["a"])
	}
	if got := ev["c"].FromPrerequisites; len(got) != 1 || got[0].Item != "b-0" {
		t.Errorf("c: failed b-0 should be evidence from a prerequisite, got %+v", ev["c"])
	}
	if got := ev["e"].Direct; len(got) != 1 || got[0].Item != "e-0" {
		t.Errorf("e: direct evidence %+v", ev["e"])
	}
}

func TestAnswerRejections(t *testing.T) {
	b := fixtureBank(t, 2, 0.1, 0.25)
	s, _ := NewSession(b, Config{Seed: 9})
	first, _ := s.Next()
	other := "a-0"
	if other == first {
		other = "a-1"
	}
	before, _ := json.Marshal(s.Snapshot())
	margBefore := append([]float64(nil), s.Marginals()...)
	tests := []struct {
		name, item string
		o          Outcome
		want       string
	}{
		{"not asked", other, Correct, "not asked (the pending question is " + first + ")"},
		{"unknown item", "zz", Correct, "no such item"},
		{"bad outcome", first, "maybe", "unknown outcome"},
	}
	for _, tc := range tests {
		err := s.Answer(tc.item, tc.o)
		var ae *AnswerError
		if !errors.As(err, &ae) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want an AnswerError with %q", tc.name, err, tc.want)
		}
	}
	after, _ := json.Marshal(s.Snapshot())
	if string(before) != string(after) || !reflect.DeepEqual(margBefore, s.Marginals()) {
		t.Fatal("a refused answer changed the session")
	}
	if err := s.Answer(first, Correct); err != nil {
		t.Fatal(err)
	}
	if err := s.Answer(first, Correct); err == nil || !strings.Contains(err.Error(), "already answered") {
		t.Errorf("second answer: %v, want already answered", err)
	}
}

// TestDeterminismAndResume: the same answers with the same seed give the
// same questions and result, also across a snapshot, a JSON round trip and
// a resume in the middle.
func TestDeterminismAndResume(t *testing.T) {
	b := fixtureBank(t, 3, 0.1, 0.25)
	known := map[string]bool{"a": true, "d": true}
	// play asks up to n questions; done is how many the session had
	// answered before, so that a resumed session gets the same answers.
	play := func(s *Session, n, done int) []string {
		var asked []string
		for range n {
			id, ok := s.Next()
			if !ok {
				break
			}
			asked = append(asked, id)
			i, _ := b.ItemIndex(id)
			o := Correct
			if !known[b.graph.Node(b.ItemPoints(i)[0]).ID] {
				o = Incorrect
			}
			if (done+len(asked))%4 == 0 {
				o = Skip
			}
			if err := s.Answer(id, o); err != nil {
				t.Fatal(err)
			}
		}
		return asked
	}
	cfg := Config{StudentGrade: 2, Seed: 42, MaxQuestions: 12, Particles: 500}
	whole, _ := NewSession(b, cfg)
	askedWhole := play(whole, 12, 0)

	part, _ := NewSession(b, cfg)
	askedPart := play(part, 5, 0)
	part.Next() // a pending question survives the snapshot
	data, err := json.Marshal(part.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	var snap Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	resumed, err := Resume(b, snap, nil)
	if err != nil {
		t.Fatal(err)
	}
	askedPart = append(askedPart, play(resumed, 12-5, 5)...)
	if !reflect.DeepEqual(askedWhole, askedPart) {
		t.Fatalf("questions differ after resume:\n%v\n%v", askedWhole, askedPart)
	}
	if !reflect.DeepEqual(whole.Result(), resumed.Result()) {
		t.Fatal("results differ after resume")
	}
	other := fixtureBank(t, 2, 0.1, 0.25)
	if _, err := Resume(other, snap, nil); err == nil || !strings.Contains(err.Error(), "scope") {
		t.Errorf("resume on another bank: %v, want a scope mismatch", err)
	}
}

func TestStopping(t *testing.T) {
	b := fixtureBank(t, 3, 0.1, 0.25)
	s, _ := NewSession(b, Config{Seed: 1, MaxQuestions: 3})
	answerAll(t, s, map[string]bool{"a": true})
	if s.Questions() != 3 || s.Stopped() != StopMax {
		t.Errorf("asked %d, stopped %q; want 3, %s", s.Questions(), s.Stopped(), StopMax)
	}
	s2, _ := NewSession(b, Config{Seed: 1})
	s2.Next()
	s2.Stop()
	if _, ok := s2.Next(); ok || s2.Stopped() != StopStudent {
		t.Error("a stopped screening asked again")
	}
	res := s2.Result()
	if res.Questions != 0 || len(res.KnowledgePoints) != 5 {
		t.Fatalf("early result %+v", res)
	}
	for _, kp := range res.KnowledgePoints {
		if !kp.Evidence.PriorOnly {
			t.Errorf("%s has evidence without answers", kp.ID)
		}
	}
}

func TestConfigRejects(t *testing.T) {
	b := fixtureBank(t, 1, 0.1, 0.25)
	for _, cfg := range []Config{{Particles: 3}, {Mastered: 0.4}, {NotMastered: 0.6}, {StudentGrade: 13}, {Lookahead: 100}} {
		if _, err := NewSession(b, cfg); err == nil {
			t.Errorf("NewSession(%+v) accepted", cfg)
		}
	}
}
