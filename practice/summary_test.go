package practice

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// TestProgressIsSummaryCounts: Progress gives Summary's counts (and no
// points) at every step of a practice with masteries, lapses and
// redirects, and at times when reviews fall due; NextProgress chooses as
// Next does, on a twin state, and gives the Progress of what it leaves.
func TestProgressIsSummaryCounts(t *testing.T) {
	e := fixtureEngine(t, func(c *Config) { c.MinGapItems, c.MinGapTime = 0, 0 })
	st := start(t, e, map[string]float64{"m.a": 0.99, "m.b": 0.6}, t0)
	raw, _ := st.MarshalBinary()
	var twin State
	if err := twin.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	r, rt := rng(4), rng(4)
	now := t0
	sawMastered, sawDue := false, false
	for i := range 200 {
		now = now.Add(time.Duration(1+i%5) * 6 * time.Hour)
		sum, err := e.Summary(st, now)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := e.Progress(st, now)
		if err != nil {
			t.Fatal(err)
		}
		if prog.Points != nil {
			t.Fatalf("Progress lists %d points", len(prog.Points))
		}
		sum.Points = nil
		if !reflect.DeepEqual(sum, prog) {
			t.Fatalf("step %d: Progress %+v, Summary %+v", i, prog, sum)
		}
		sawMastered, sawDue = sawMastered || sum.Mastered > 0, sawDue || sum.DueReviews > 0
		c, err := e.Next(st, now, r)
		ct, prog2, errt := e.NextProgress(&twin, now, rt)
		after, _ := e.Progress(st, now)
		sameErr := (err == nil) == (errt == nil) && (err == nil || err.Error() == errt.Error())
		if c != ct || !sameErr || !reflect.DeepEqual(prog2, after) {
			t.Fatalf("step %d: Next %+v %v, Progress %+v; NextProgress %+v %v %+v", i, c, err, after, ct, errt, prog2)
		}
		if errors.Is(err, ErrNothingToPractise) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		right := r.IntN(4) != 0
		rt.IntN(4)
		if _, err := e.Record(st, c.ItemID, right, now); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Record(&twin, ct.ItemID, right, now); err != nil {
			t.Fatal(err)
		}
	}
	if !sawMastered || !sawDue {
		t.Errorf("the run never had a mastered point (%v) or a due review (%v)", sawMastered, sawDue)
	}
	if _, err := e.Progress(nil, now); err == nil {
		t.Error("Progress of no state: no error")
	}
}
