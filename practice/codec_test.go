package practice

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestCodecRoundTrip: a state in the middle of practice (pending choice,
// mastered, lapsed and redirected points, seen items) survives the binary
// encoding, and the engine goes on from it exactly as from the original.
func TestCodecRoundTrip(t *testing.T) {
	e := fixtureEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	st := start(t, e, map[string]float64{"m.a": 0.99, "m.e": 0.99, "m.b": 0.88, "m.c": 0.92, "m.d": 0.5}, t0)
	r := rng(8)
	for i, right := range []bool{false, true, false, false, true} {
		answer(t, e, st, t0.Add(time.Duration(i)*time.Minute), r, right)
	}
	if _, err := e.Next(st, t0.Add(time.Hour), r); err != nil {
		t.Fatal(err)
	}
	st.Points["m.b"].Lapsed = true
	raw, err := st.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got State
	if err := got.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	// Compare as JSON: times decode in UTC, equal instants.
	want, _ := json.Marshal(st)
	have, _ := json.Marshal(&got)
	if string(want) != string(have) {
		t.Fatalf("round trip changed the state:\n%s\n%s", want, have)
	}
	asJSON, _ := json.Marshal(st)
	if len(raw) >= len(asJSON) {
		t.Errorf("binary state %d bytes, JSON %d: no smaller", len(raw), len(asJSON))
	}
	now := t0.Add(2 * time.Hour)
	c1, err1 := e.Next(st, now, rng(5))
	c2, err2 := e.Next(&got, now, rng(5))
	if c1 != c2 || (err1 == nil) != (err2 == nil) {
		t.Fatalf("next differs after the round trip: %+v %v / %+v %v", c1, err1, c2, err2)
	}
	st.Trace = []byte("ZLH\x01history")
	raw, _ = st.MarshalBinary()
	if err := got.UnmarshalBinary(raw); err != nil || string(got.Trace) != string(st.Trace) {
		t.Fatalf("trace %q after the round trip (%v), want %q", got.Trace, err, st.Trace)
	}
	for name, bad := range map[string][]byte{"json": asJSON, "truncated": raw[:len(raw)-3], "trailing": append(raw, 0)} {
		if err := new(State).UnmarshalBinary(bad); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestCodecCoversFields fails when a field is added to a type the binary
// codec writes by hand: add it to MarshalBinary and UnmarshalBinary, then
// here.
func TestCodecCoversFields(t *testing.T) {
	for typ, n := range map[reflect.Type]int{reflect.TypeFor[State](): 13, reflect.TypeFor[Point](): 14, reflect.TypeFor[Seen](): 2} {
		if typ.NumField() != n {
			t.Errorf("%s has %d fields, the codec writes %d", typ, typ.NumField(), n)
		}
	}
}

// FuzzStateUnmarshalBinary: no input makes the decoder panic.
func FuzzStateUnmarshalBinary(f *testing.F) {
	st := &State{Version: StateVersion, Points: map[string]*Point{"a": {P: 0.5, At: t0, Recent: "01"}}, Seen: map[string]Seen{"i": {N: 1, At: t0}},
		Pending: &Choice{ItemID: "i", KP: "a", Kind: Learn}}
	raw, _ := st.MarshalBinary()
	f.Add(raw)
	f.Fuzz(func(t *testing.T, data []byte) {
		var s State
		_ = s.UnmarshalBinary(data)
	})
}
