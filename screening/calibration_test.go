package screening

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/zhixi-org/zhixi/curriculum"
)

// openItems are fill-in items (uncalibrated: slip 0.1, guess 0.05 + 0.15)
// with no parameters of their own.
func openItems(ids []string, n int) []curriculum.Item {
	var out []curriculum.Item
	for _, id := range ids {
		for j := range n {
			out = append(out, curriculum.Item{ID: id + "-" + string(rune('0'+j)), Type: curriculum.FillNumber, KnowledgePoints: []string{id}})
		}
	}
	return out
}

func calBank(t *testing.T, cal map[string]Calibrated) *Bank {
	t.Helper()
	g, err := curriculum.NewGraph(fixtureKPs())
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBankWith(g, openItems([]string{"a", "b", "c", "d", "e"}, 2), nil, BankOptions{Calibration: cal})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCalibratedParameters(t *testing.T) {
	cal := map[string]Calibrated{
		"a-0": {Slip: 0.2, Guess: 0.3, Answers: 30},   // half estimate, half default
		"b-0": {Slip: 0.2, Guess: 0.3, Answers: 3000}, // nearly the estimate
		"c-0": {Slip: 0.2, Guess: 0.3, Answers: 0},    // no answers: the default
		"d-0": {Slip: 0.6, Guess: 0.9, Answers: 1e6},  // beyond what an item can be: bounded
		"e-0": {Slip: 0.1, Guess: 0.1, Answers: 50, Suspect: true},
	}
	b := calBank(t, cal)
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-3 }
	g0 := 0.05 + UncalibratedGuessAbove
	for _, tc := range []struct {
		id          string
		slip, guess float64
	}{
		{"a-0", 0.15, (0.3 + g0) / 2},
		{"b-0", (3000*0.2 + 30*DefaultSlip) / 3030, (3000*0.3 + 30*g0) / 3030},
		{"c-0", DefaultSlip, g0},
		{"a-1", DefaultSlip, g0}, // uncalibrated
		{"d-0", 0.9 * 0.45 / 1.05, 0.9 * 0.6 / 1.05},
	} {
		i, _ := b.ItemIndex(tc.id)
		s, g := b.ItemParams(i)
		if !near(s, tc.slip) || !near(g, tc.guess) {
			t.Errorf("%s: slip/guess %.4f/%.4f, want %.4f/%.4f", tc.id, s, g, tc.slip, tc.guess)
		}
	}
	// A suspect item is never asked, however informative it looks.
	i, _ := b.ItemIndex("e-0")
	if !b.ItemSuspect(i) {
		t.Fatal("e-0 should be flagged")
	}
	s, err := NewSession(b, Config{Seed: 3, MaxQuestions: 10, Mastered: 0.9999, NotMastered: 0.0001})
	if err != nil {
		t.Fatal(err)
	}
	for {
		id, ok := s.Next()
		if !ok {
			break
		}
		if id == "e-0" {
			t.Fatal("the suspect item e-0 was asked")
		}
		if err := s.Answer(id, Correct); err != nil {
			t.Fatal(err)
		}
	}
	if s.Questions() != 9 || s.Stopped() != StopNoItems {
		t.Fatalf("asked %d questions (%s), want the 9 unflagged items and then no_items", s.Questions(), s.Stopped())
	}
	// The calibration changes the fingerprint, not the scope's.
	plain := calBank(t, nil)
	if plain.Fingerprint() == b.Fingerprint() || plain.scope != b.scope {
		t.Fatalf("fingerprints %s/%s, scopes %s/%s", plain.Fingerprint(), b.Fingerprint(), plain.scope, b.scope)
	}
	// A bank of suspect items only has nothing to ask.
	all := map[string]Calibrated{}
	for _, it := range openItems([]string{"a", "b", "c", "d", "e"}, 2) {
		all[it.ID] = Calibrated{Slip: 0.5, Guess: 0.5, Answers: 20, Suspect: true}
	}
	g, _ := curriculum.NewGraph(fixtureKPs())
	if _, err := NewBankWith(g, openItems([]string{"a", "b", "c", "d", "e"}, 2), nil, BankOptions{Calibration: all}); err == nil {
		t.Fatal("a scope whose items are all suspect was accepted")
	}
}

// A screening saved before a new calibration continues under it: its
// answers are replayed with the new parameters (binary state and JSON
// snapshot alike); a state from another scope is still refused.
func TestRestoreAfterRecalibration(t *testing.T) {
	before := calBank(t, nil)
	after := calBank(t, map[string]Calibrated{"a-0": {Slip: 0.05, Guess: 0.3, Answers: 200}, "c-1": {Slip: 0.3, Guess: 0.2, Answers: 80}})
	s, err := NewSession(before, Config{Seed: 5, StudentGrade: 2})
	if err != nil {
		t.Fatal(err)
	}
	var log []Response
	for n := 0; n < 4; n++ {
		id, _ := s.Next()
		o := []Outcome{Correct, Incorrect, Correct, Skip}[n]
		if err := s.Answer(id, o); err != nil {
			t.Fatal(err)
		}
		log = append(log, Response{id, o})
	}
	pending, _ := s.Next()
	raw, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := json.Marshal(s.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	// What the new bank makes of the same answers.
	want, _ := NewSession(after, Config{Seed: 5, StudentGrade: 2})
	for _, r := range log {
		i := after.byID[r.Item]
		want.replay(i, r.Outcome)
	}
	restored, err := Restore(after, raw, nil)
	if err != nil {
		t.Fatalf("restore under a new calibration: %v", err)
	}
	var sn Snapshot
	if err := json.Unmarshal(snap, &sn); err != nil {
		t.Fatal(err)
	}
	resumed, err := Resume(after, sn, nil)
	if err != nil {
		t.Fatalf("resume under a new calibration: %v", err)
	}
	for name, r := range map[string]*Session{"restored": restored, "resumed": resumed} {
		if p, ok := r.Pending(); !ok || p != pending {
			t.Errorf("%s: pending %q, want %q", name, p, pending)
		}
		if r.Questions() != 4 {
			t.Errorf("%s: %d answers, want 4", name, r.Questions())
		}
		if !reflect.DeepEqual(r.Marginals(), want.Marginals()) {
			t.Errorf("%s: marginals %v, want the new bank's %v", name, r.Marginals(), want.Marginals())
		}
	}
	// Same parameters: the saved particles are kept as they are.
	same, err := Restore(before, raw, nil)
	if err != nil || !reflect.DeepEqual(same.Marginals(), s.Marginals()) {
		t.Fatalf("restore on the same bank: %v", err)
	}
	// A finished screening keeps the posterior it ended with.
	s.Stop()
	done, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	kept, err := Restore(after, done, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(kept.Marginals(), s.Marginals()) || kept.Stopped() != StopStudent {
		t.Fatalf("a finished screening under a new calibration changed: stopped %q", kept.Stopped())
	}
	// Another scope: refused.
	g, _ := curriculum.NewGraph(fixtureKPs())
	other, err := NewBank(g, openItems([]string{"a", "b", "c", "d"}, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(other, raw, nil); err == nil {
		t.Fatal("a state from another scope was restored")
	}
	if _, err := Resume(other, sn, nil); err == nil {
		t.Fatal("a snapshot from another scope was resumed")
	}
}
