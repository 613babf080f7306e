package practice

import (
	"encoding/json"
	"errors"
	"maps"
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

// TestHeadAndPoints: a state written as its head (MarshalHead), one
// record per point (MarshalPoint) and its seen items decodes to the same
// state as the whole encoding, the head is far smaller, and damaged
// points are refused.
func TestHeadAndPoints(t *testing.T) {
	e := fixtureEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	st := start(t, e, map[string]float64{"m.a": 0.99, "m.e": 0.99, "m.b": 0.88, "m.c": 0.92, "m.d": 0.5}, t0)
	r := rng(8)
	for i, right := range []bool{false, true, false, false, true} {
		answer(t, e, st, t0.Add(time.Duration(i)*time.Minute), r, right)
	}
	if _, err := e.Next(st, t0.Add(time.Hour), r); err != nil {
		t.Fatal(err)
	}
	st.Points["m.b"].Lapsed, st.Points["m.c"].Held, st.Points["m.d"].Via = true, true, "m.e"
	head, err := st.MarshalHead()
	if err != nil {
		t.Fatal(err)
	}
	whole, _ := st.MarshalBinary()
	if HasPoints(head) || !HasPoints(whole) || !IsBinaryState(head) {
		t.Fatalf("HasPoints(head) = %v, HasPoints(whole) = %v, IsBinaryState(head) = %v", HasPoints(head), HasPoints(whole), IsBinaryState(head))
	}
	var got State
	if err := got.UnmarshalBinary(head); err != nil {
		t.Fatal(err)
	}
	if len(got.Points) != 0 || len(got.Seen) != 0 || HasSeen(head) || !HasSeen(whole) {
		t.Fatalf("a head decoded with %d points and %d seen items; HasSeen(head) = %v, HasSeen(whole) = %v",
			len(got.Points), len(got.Seen), HasSeen(head), HasSeen(whole))
	}
	if len(st.Seen) == 0 {
		t.Fatal("the fixture saw no items")
	}
	for id, sn := range st.Seen {
		got.Seen[id] = sn // kept apart, one record per item, as points are
	}
	for id, pt := range st.Points {
		raw := MarshalPoint(pt)
		if got.Points[id], err = UnmarshalPoint(id, raw); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string][]byte{"empty": nil, "truncated": raw[:len(raw)-1], "trailing": append(raw, 0), "state": head} {
			if _, err := UnmarshalPoint(id, bad); err == nil {
				t.Errorf("point %s %s: decoded", id, name)
			}
		}
	}
	want, _ := json.Marshal(st)
	have, _ := json.Marshal(&got)
	if string(want) != string(have) {
		t.Fatalf("head and points changed the state:\n%s\n%s", want, have)
	}
	if len(head) >= len(whole) {
		t.Errorf("head %d bytes, whole state %d", len(head), len(whole))
	}
	bad := *st.Points["m.a"]
	bad.P = 2
	if _, err := UnmarshalPoint("m.a", MarshalPoint(&bad)); err == nil {
		t.Error("a point with P = 2 decoded")
	}
}

// TestOlderHeadKeepsSeenItems: a head written before the seen items were
// kept apart (headMagic, the seen items inside) still decodes with them,
// all marked changed, so the first save moves them into their rows.
func TestOlderHeadKeepsSeenItems(t *testing.T) {
	e := fixtureEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	st := start(t, e, map[string]float64{"m.a": 0.99, "m.b": 0.6, "m.c": 0.4}, t0)
	r := rng(5)
	for i, right := range []bool{true, false, true} {
		answer(t, e, st, t0.Add(time.Duration(i)*time.Minute), r, right)
	}
	if len(st.Seen) == 0 {
		t.Fatal("the fixture saw no items")
	}
	enc, err := st.head(headMagic, 0) // as MarshalHead wrote it then
	if err != nil {
		t.Fatal(err)
	}
	enc.seen(st.Seen)
	enc.trace(st.Trace)
	older := enc.buf
	var got State
	if err := got.UnmarshalBinary(older); err != nil {
		t.Fatal(err)
	}
	if HasPoints(older) || !HasSeen(older) || !maps.Equal(got.Seen, st.Seen) || len(got.SeenChanged()) != len(st.Seen) {
		t.Fatalf("HasPoints %v, HasSeen %v, seen %v (want %v), %d changed", HasPoints(older), HasSeen(older), got.Seen, st.Seen, len(got.SeenChanged()))
	}
}

// TestCodecCoversFields fails when a field is added to a type the binary
// codec writes by hand: add it to MarshalBinary and UnmarshalBinary, then
// here.
func TestCodecCoversFields(t *testing.T) {
	for typ, n := range map[reflect.Type]int{reflect.TypeFor[State](): 11, reflect.TypeFor[Point](): 14, reflect.TypeFor[Seen](): 2} {
		exported := 0 // unexported fields (State.changed, the decoded history) are bookkeeping, never stored
		for i := range typ.NumField() {
			if typ.Field(i).IsExported() {
				exported++
			}
		}
		if exported != n {
			t.Errorf("%s has %d exported fields, the codec writes %d", typ, exported, n)
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

// TestChangedCoversEveryChange: whatever Record (with its redirects and
// lapses), Understood, Next and Offer change in the points is in Changed,
// and in the seen items in SeenChanged,
// so a store that writes only the changed points loses nothing; a new or
// decoded whole state has every point changed, and Stored clears them.
func TestChangedCoversEveryChange(t *testing.T) {
	e := fixtureEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	st := start(t, e, map[string]float64{"m.a": 0.99, "m.b": 0.6, "m.c": 0.4}, t0)
	if got := st.Changed(); len(got) != len(st.Points) {
		t.Fatalf("a new state has %d of %d points changed", len(got), len(st.Points))
	}
	whole, _ := st.MarshalBinary()
	var back State
	if err := back.UnmarshalBinary(whole); err != nil || len(back.Changed()) != len(back.Points) {
		t.Fatalf("decoded whole state: %v, %d of %d points changed", err, len(back.Changed()), len(back.Points))
	}
	head, _ := st.MarshalHead()
	if err := back.UnmarshalBinary(head); err != nil || len(back.Changed()) != 0 || len(back.SeenChanged()) != 0 {
		t.Fatalf("decoded head: %v, %d points and %d seen items changed", err, len(back.Changed()), len(back.SeenChanged()))
	}
	st.Stored()
	if got, seen := st.Changed(), st.SeenChanged(); len(got) != 0 || len(seen) != 0 {
		t.Fatalf("after Stored: changed %v, seen %v", got, seen)
	}
	snapshot := func() map[string]Point {
		m := map[string]Point{}
		for id, pt := range st.Points {
			m[id] = *pt
		}
		return m
	}
	r := rng(21)
	now := t0
	kinds := map[string]int{}
	for i := range 300 {
		before := snapshot()
		seenBefore := maps.Clone(st.Seen)
		now = now.Add(time.Duration(1+i%7) * time.Hour)
		c, err := e.Next(st, now, r)
		if errors.Is(err, ErrNothingToPractise) {
			if _, err = e.Offer(st, now, r, OfferReview); err != nil {
				continue
			}
			c = *st.Pending
			kinds["offer"]++
		} else if err != nil {
			t.Fatal(err)
		}
		if c.Teach {
			if err := e.Understood(st); err != nil {
				t.Fatal(err)
			}
			kinds["understood"]++
		}
		step, err := e.Record(st, c.ItemID, r.IntN(3) == 0, now)
		if err != nil {
			t.Fatal(err)
		}
		if step.Redirect != nil {
			kinds["redirect"]++
		}
		if step.Lapsed {
			kinds["lapsed"]++
		}
		changed := map[string]bool{}
		for _, id := range st.Changed() {
			changed[id] = true
		}
		for id, pt := range st.Points {
			if b, ok := before[id]; (!ok || b != *pt) && !changed[id] {
				t.Fatalf("answer %d (%+v): point %s changed from %+v to %+v but is not in Changed %v", i, step, id, b, *pt, st.Changed())
			}
		}
		seenChanged := map[string]bool{}
		for _, id := range st.SeenChanged() {
			seenChanged[id] = true
		}
		for id, sn := range st.Seen {
			if b, ok := seenBefore[id]; (!ok || b != sn) && !seenChanged[id] {
				t.Fatalf("answer %d: seen item %s changed from %+v to %+v but is not in SeenChanged %v", i, id, b, sn, st.SeenChanged())
			}
		}
		st.Stored()
	}
	whole, _ = st.MarshalBinary()
	if err := back.UnmarshalBinary(whole); err != nil || len(back.Seen) == 0 || len(back.SeenChanged()) != len(back.Seen) {
		t.Fatalf("decoded whole state: %v, %d of %d seen items changed", err, len(back.SeenChanged()), len(back.Seen))
	}
	for _, k := range []string{"understood", "redirect", "lapsed"} {
		if kinds[k] == 0 {
			t.Errorf("no %s in 300 answers (%v): the test does not cover it", k, kinds)
		}
	}
}
