package screening

import (
	"reflect"
	"strings"
	"testing"
)

// TestRestoreContinuesExactly: a session saved with MarshalBinary and
// restored after every answer asks the same questions and reaches the
// same result as one that was never saved, and the saved state does not
// grow with the number of answers beyond the log itself.
func TestRestoreContinuesExactly(t *testing.T) {
	b := fixtureBank(t, 4, 0.1, 0.25)
	known := map[string]bool{"a": true, "b": true, "d": true}
	outcome := func(id string, n int) Outcome {
		i, _ := b.ItemIndex(id)
		switch {
		case n%5 == 4:
			return Skip
		case known[b.graph.Node(b.ItemPoints(i)[0]).ID]:
			return Correct
		}
		return Incorrect
	}
	cfg := Config{StudentGrade: 2, Seed: 7, MaxQuestions: 15, Particles: 400}
	whole, _ := NewSession(b, cfg)
	saved, _ := NewSession(b, cfg)
	for n := 0; ; n++ {
		data, err := saved.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !IsBinaryState(data) {
			t.Fatal("MarshalBinary output not recognised as a binary state")
		}
		if saved, err = Restore(b, data, nil); err != nil {
			t.Fatalf("answer %d: %v", n, err)
		}
		a, okA := whole.Next()
		c, okC := saved.Next()
		if a != c || okA != okC {
			t.Fatalf("question %d: never saved asks %q (%v), restored asks %q (%v)", n, a, okA, c, okC)
		}
		if !okA {
			break
		}
		if n == 6 { // a pending question survives a save too
			data, _ := saved.MarshalBinary()
			if saved, err = Restore(b, data, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := whole.Answer(a, outcome(a, n)); err != nil {
			t.Fatal(err)
		}
		if err := saved.Answer(a, outcome(a, n)); err != nil {
			t.Fatal(err)
		}
	}
	if whole.Questions() < 5 {
		t.Fatalf("only %d questions: the fixture does not exercise the engine", whole.Questions())
	}
	if !reflect.DeepEqual(whole.Result(), saved.Result()) {
		t.Fatal("results differ after save and restore")
	}
}

func TestRestoreRejects(t *testing.T) {
	b := fixtureBank(t, 2, 0.1, 0.25)
	s, _ := NewSession(b, Config{Seed: 3, Particles: 100})
	s.Next()
	data, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	other := fixtureBank(t, 3, 0.1, 0.25)
	if _, err := Restore(other, data, nil); err == nil || !strings.Contains(err.Error(), "scope") {
		t.Errorf("restore on another bank: %v, want a scope mismatch", err)
	}
	for name, bad := range map[string][]byte{
		"json":      []byte(`{"version":1}`),
		"truncated": data[:len(data)/2],
		"empty":     []byte(stateMagic),
	} {
		if _, err := Restore(b, bad, nil); err == nil {
			t.Errorf("%s: restored", name)
		}
	}
}

// FuzzRestore: no input makes Restore panic.
func FuzzRestore(f *testing.F) {
	b := fixtureBank(f, 2, 0.1, 0.25)
	s, _ := NewSession(b, Config{Seed: 3, Particles: 20})
	s.Next()
	data, _ := s.MarshalBinary()
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		if s, err := Restore(b, data, nil); err == nil {
			s.Next()
		}
	})
}
