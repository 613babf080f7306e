package screening

import (
	"encoding/binary"
	"math"
)

// fit tracks how well the posterior predicted the answers it was given,
// one answer at a time (prequential): before each answer the posterior
// predicts P(correct); the answer's surprise is -log of the probability it
// gave the outcome. A posterior that knows what it does not know is, on
// average, as surprised as it expects to be (the entropy of its own
// prediction). One that is overconfident, because the items are not what
// the bank says, the student is unlike the prior, or the graph does not
// hold for this student, is surprised more. The stopping rule does not
// trust a confident posterior whose surprise exceeds its own expectation
// by more than FitZ standard deviations; the screening goes on.
//
// An engine that asks the most informative item asks where it is unsure:
// its predictions for those answers are near even, and they cannot show
// that it is too sure of the rest. So the stopping rule also wants the
// confident posterior tested: FitChecks answers given while every point
// was already classified (the predictions then are confident ones), and
// the surprise still within its expectation after them.
type fit struct {
	surprise, expected, variance float64
	checks                       int // answers in a row given while every point was classified
}

// observe adds one answer: pc is the posterior's predictive P(correct)
// before the answer.
func (f *fit) observe(pc float64, correct bool) {
	pc = min(1-1e-9, max(1e-9, pc))
	if correct {
		f.surprise -= math.Log(pc)
	} else {
		f.surprise -= math.Log(1 - pc)
	}
	f.expected += h(pc)
	l := math.Log(pc / (1 - pc))
	f.variance += pc * (1 - pc) * l * l
}

// excess is the observed surprise above its expectation, in standard
// deviations of the expectation (0 before any scored answer).
func (f *fit) excess() float64 {
	if f.variance <= 0 {
		return 0
	}
	return (f.surprise - f.expected) / math.Sqrt(f.variance)
}

// Fit reports the posterior's own calibration on the answers so far:
// the total surprise (−log predictive probability of each answer, in
// nats), what the posterior expected it to be, and the excess in
// standard deviations. Skips are not scored.
func (s *Session) Fit() (surprise, expected, z float64) {
	return s.fit.surprise, s.fit.expected, s.fit.excess()
}

// confidentBefore records whether the posterior had every point
// classified when the answer came.
func (f *fit) confidentBefore(yes bool) {
	if yes {
		f.checks++
	} else {
		f.checks = 0
	}
}

// Overconfident reports whether the answers so far surprised the
// posterior more than it expected by more than FitZ standard deviations.
func (s *Session) Overconfident() bool {
	return s.cfg.FitZ > 0 && s.fit.excess() > s.cfg.FitZ
}

// Settled is the stopping rule on the given thresholds: every point's
// P(mastered) at or beyond them, FitChecks answers given while that was
// already so, and the posterior not overconfident (see Overconfident).
// The session uses its configured thresholds; the simulator asks with
// its own.
func (s *Session) Settled(mastered, notMastered float64) bool {
	return classified(s.Marginals(), mastered, notMastered) && s.fit.checks >= s.cfg.FitChecks && !s.Overconfident()
}

func classified(m []float64, mastered, notMastered float64) bool {
	for _, p := range m {
		if p > notMastered && p < mastered {
			return false
		}
	}
	return true
}

// fitBytes is the size of the fit at the end of a saved state.
const fitBytes = 32

// append adds the fit to a saved state.
func (f *fit) append(raw []byte) []byte {
	for _, v := range [4]float64{f.surprise, f.expected, f.variance, float64(f.checks)} {
		raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(v))
	}
	return raw
}

// read restores the fit from the end of a saved state; a state saved
// before the fit was kept has none (the check then counts the answers
// from the restore on).
func (f *fit) read(buf []byte) {
	if len(buf) != fitBytes {
		return
	}
	v := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:])) }
	f.surprise, f.expected, f.variance, f.checks = v(0), v(1), v(2), int(v(3))
}
