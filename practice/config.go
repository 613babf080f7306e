package practice

import (
	"errors"
	"fmt"
	"time"
)

// Config holds the engine's tunable rules. Start from DefaultConfig and
// change fields; New rejects values that make no sense.
type Config struct {
	// BandLow and BandHigh bound the productive band: the engine prefers
	// items the student answers right with this predicted probability
	// (hard enough to learn from, easy enough not to discourage).
	BandLow, BandHigh float64
	// ReviewEvery mixes due reviews in: at most one review in every
	// ReviewEvery answers while there is something new to learn (1 = due
	// reviews always first). With nothing to learn, due reviews come one
	// after another.
	ReviewEvery int
	// MinGapItems and MinGapTime keep an item from coming back too soon:
	// a written item is shown again only after at least MinGapItems other
	// answers AND MinGapTime. After GapReset (a new study day) the count
	// of answers no longer holds an item back, so that a student with
	// little left to practise is not locked out of their own reviews.
	// Template items get a new seed every time.
	MinGapItems int
	MinGapTime  time.Duration
	GapReset    time.Duration
	// MasteryP and MasteryStreak are the mastery rule: P(known) at least
	// MasteryP and the last MasteryStreak answers on the point (since it
	// was opened) right.
	MasteryP      float64
	MasteryStreak int
	// MasteryPCorrect replaces MasteryP when a history model (zx-lr)
	// serves: it predicts success, not P(known), so a point is mastered
	// when its predicted success on the point's typical item is at least
	// MasteryPCorrect (with the streak). The default, 0.7, was the best of
	// 0.65-0.9 on the practice tuning set that keeps a margin above
	// BandLow (docs/practice.md): zx-lr's predictions are population
	// averages that climb slowly with each right answer, and at 0.85 it
	// held students on points they already knew.
	MasteryPCorrect float64
	// Intervals is the review schedule: a newly mastered point is due
	// after Intervals[0], each passed review moves one step on (the last
	// interval repeats), a failed review returns the point to learning.
	Intervals []time.Duration
	// ScreenedStage is the schedule step given to points the screening
	// found mastered: their first review comes after Intervals[ScreenedStage].
	ScreenedStage int
	// HalfLifeFactor ties forgetting to the schedule: P(known) above
	// DecayFloor halves its distance to DecayFloor every
	// HalfLifeFactor × (the point's current interval) without practice.
	HalfLifeFactor float64
	DecayFloor     float64
	// RedirectWrong of the last RedirectWindow answers on a point wrong
	// (the latest among them) with predicted success below BandLow sends
	// the student back to the point's weakest prerequisite.
	RedirectWrong, RedirectWindow int
}

// DefaultConfig returns the documented defaults (docs/practice.md).
func DefaultConfig() Config {
	const day = 24 * time.Hour
	return Config{
		BandLow:         0.60,
		BandHigh:        0.85,
		ReviewEvery:     3,
		MinGapItems:     6,
		MinGapTime:      30 * time.Minute,
		GapReset:        12 * time.Hour,
		MasteryP:        0.95,
		MasteryStreak:   2,
		MasteryPCorrect: 0.7,
		Intervals:       []time.Duration{1 * day, 1 * day, 1 * day, 2 * day, 4 * day, 7 * day, 21 * day, 60 * day, 180 * day},
		ScreenedStage:   5,
		HalfLifeFactor:  2,
		DecayFloor:      0.3,
		RedirectWrong:   3,
		RedirectWindow:  4,
	}
}

// validate reports every bad field at once.
func (c Config) validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !(c.BandLow > 0 && c.BandLow < c.BandHigh && c.BandHigh < 1) {
		bad("band [%v, %v]: want 0 < BandLow < BandHigh < 1", c.BandLow, c.BandHigh)
	}
	if c.ReviewEvery < 1 {
		bad("ReviewEvery = %d: want at least 1 (1 = due reviews first)", c.ReviewEvery)
	}
	if c.MinGapItems < 0 || c.MinGapTime < 0 {
		bad("minimum gap %d items / %v: want non-negative values", c.MinGapItems, c.MinGapTime)
	}
	if c.GapReset < c.MinGapTime {
		bad("GapReset = %v: want at least MinGapTime (%v)", c.GapReset, c.MinGapTime)
	}
	if !(c.MasteryP > 0 && c.MasteryP < 1) {
		bad("MasteryP = %v: want a probability strictly between 0 and 1", c.MasteryP)
	}
	if !(c.MasteryPCorrect > c.DecayFloor && c.MasteryPCorrect < 1) {
		bad("MasteryPCorrect = %v: want DecayFloor < MasteryPCorrect < 1", c.MasteryPCorrect)
	}
	if c.MasteryStreak < 1 {
		bad("MasteryStreak = %d: want at least 1", c.MasteryStreak)
	}
	if len(c.Intervals) == 0 {
		bad("Intervals is empty: want at least one review interval")
	}
	for i, d := range c.Intervals {
		if d <= 0 || (i > 0 && d < c.Intervals[i-1]) {
			bad("Intervals[%d] = %v: want positive, non-decreasing intervals", i, d)
		}
	}
	if c.ScreenedStage < 0 || c.ScreenedStage >= max(len(c.Intervals), 1) {
		bad("ScreenedStage = %d: want an index into Intervals (0..%d)", c.ScreenedStage, len(c.Intervals)-1)
	}
	if !(c.HalfLifeFactor > 0) {
		bad("HalfLifeFactor = %v: want a positive factor", c.HalfLifeFactor)
	}
	if !(c.DecayFloor >= 0 && c.DecayFloor < c.MasteryP) {
		bad("DecayFloor = %v: want 0 <= DecayFloor < MasteryP", c.DecayFloor)
	}
	if c.RedirectWindow < 1 || c.RedirectWrong < 1 || c.RedirectWrong > c.RedirectWindow {
		bad("redirect rule %d wrong of %d: want 1 <= RedirectWrong <= RedirectWindow", c.RedirectWrong, c.RedirectWindow)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("practice config: %w", err)
	}
	return nil
}

// interval is the review interval at schedule step stage (the last one
// repeats; a stored stage beyond a shortened schedule is clamped).
func (c Config) interval(stage int) time.Duration {
	return c.Intervals[min(max(stage, 0), len(c.Intervals)-1)]
}
