package learn

import (
	"testing"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/kt"
)

// TestCalibratedItems: practice uses the nightly calibration's slip and
// guess where an item has them, keeps the content's own values, and falls
// back to the item-type defaults (nil) for items without a calibration
// and for items the calibration flags or cannot use.
func TestCalibratedItems(t *testing.T) {
	own := 0.3
	items := []curriculum.Item{{ID: "a"}, {ID: "b"}, {ID: "c", Guess: &own}, {ID: "d"}, {ID: "e"}}
	cal := map[string]kt.ItemParams{
		"a": {Item: "a", Slip: 0.08, Guess: 0.4},
		"c": {Item: "c", Slip: 0.12, Guess: 0.1},
		"d": {Item: "d", Slip: 0.5, Guess: 0.45, Suspect: true},
		"e": {Item: "e", Slip: 0.6, Guess: 0.5},
	}
	out := calibrated(items, cal)
	if items[0].Slip != nil {
		t.Fatal("calibrated changed the cached items")
	}
	check := func(i int, slip, guess float64) {
		t.Helper()
		it := out[i]
		switch {
		case slip < 0 && (it.Slip != nil || it.Guess != nil):
			t.Errorf("%s: slip %v guess %v, want the defaults", it.ID, it.Slip, it.Guess)
		case slip >= 0 && (it.Slip == nil || it.Guess == nil || *it.Slip != slip || *it.Guess != guess):
			t.Errorf("%s: slip %v guess %v, want %v / %v", it.ID, it.Slip, it.Guess, slip, guess)
		}
	}
	check(0, 0.08, 0.4) // calibrated
	check(1, -1, 0)     // no answers yet: defaults
	check(2, 0.12, 0.3) // the content's own guess stays
	check(3, -1, 0)     // flagged: a wrong key or an ambiguous stem
	check(4, -1, 0)     // slip + guess >= 1: unusable
	if got := calibrated(items, nil); &got[0] != &items[0] {
		t.Error("without a calibration the items should be used as they are")
	}
}
