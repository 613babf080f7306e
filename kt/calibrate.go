package kt

import (
	"math"
	"slices"
)

// ItemParams are an item's answer noise estimated from answers: slip is
// P(wrong | the student masters the item's points), guess P(right | not).
type ItemParams struct {
	Item    string  `json:"item"`
	Slip    float64 `json:"slip"`
	Guess   float64 `json:"guess"`
	Answers int     `json:"answers"`
	Correct int     `json:"correct"`
	// Suspect marks an item whose answers contradict what the students
	// show around it: those who master its points fail it (slip above
	// SuspectSlip), or masters do no better than the others (slip + guess
	// ≥ 1) — a wrong key or an ambiguous stem. Only set with at least
	// SuspectMinAnswers answers.
	Suspect bool `json:"suspect,omitempty"`
}

// Thresholds of ItemParams.Suspect.
const (
	SuspectSlip       = 0.4
	SuspectMinAnswers = 10
)

// Calibration estimates slip and guess per item.
type Calibration struct {
	// Prior gives an item's default slip and guess (from its type); the
	// estimate shrinks towards it while the item has few answers.
	Prior func(item string) (slip, guess float64)
	// Strength is the prior's weight in pseudo-answers (default 10): an
	// item with 10 answers is half prior, half data.
	Strength float64
	// Iterations of the alternating estimate (default 30).
	Iterations int
	// Context is how many of the student's nearest answers on the same
	// points (before and after) say whether the student masters them
	// (default 8 each side).
	Context int
}

// evidenceWeight tempers the other answers' evidence about mastery: they
// are not independent (learning between them, shared misconceptions), so
// each counts as half an independent observation.
const evidenceWeight = 0.5

// calAnswer is one answer with the answers that tell about its student's
// mastery of its points.
type calAnswer struct {
	item    int32
	correct bool
	context []int32 // indexes of other answers: same student and points, other items
}

// Fit estimates every item's slip and guess from the answers in d. The
// student's mastery behind an answer is not observed; it is inferred from
// the same student's nearest answers to other items on the same points,
// weighed by those items' current estimates, and each item's parameters
// are then the Beta-prior posterior means given those inferred masteries
// (an EM-like alternation; the prior keeps items with few answers near
// their type defaults).
func (c Calibration) Fit(d *Dataset) []ItemParams {
	if c.Strength <= 0 {
		c.Strength = 10
	}
	if c.Iterations <= 0 {
		c.Iterations = 30
	}
	if c.Context <= 0 {
		c.Context = 8
	}
	answers := c.collect(d)
	n := len(d.Vocab.Items)
	prior := make([][2]float64, n)
	for i, name := range d.Vocab.Items {
		s, g := 0.1, 0.2
		if c.Prior != nil {
			s, g = c.Prior(name)
		}
		prior[i] = [2]float64{clampP(s), clampP(g)}
	}
	params := slices.Clone(prior)
	pi := make([]float64, len(answers))
	for range c.Iterations {
		for j, a := range answers {
			logit := 0.0
			for _, o := range a.context {
				b := answers[o]
				s, g := params[b.item][0], params[b.item][1]
				if b.correct {
					logit += evidenceWeight * math.Log((1-s)/g)
				} else {
					logit += evidenceWeight * math.Log(s/(1-g))
				}
			}
			p0 := 1 / (1 + math.Exp(-logit))
			s, g := params[a.item][0], params[a.item][1]
			l1, l0 := 1-s, g
			if !a.correct {
				l1, l0 = s, 1-g
			}
			pi[j] = p0 * l1 / (p0*l1 + (1-p0)*l0)
		}
		// Beta prior posterior means: slip = wrong among masters, guess =
		// right among non-masters, with Strength pseudo-answers at the prior.
		num := make([][2]float64, n)
		den := make([][2]float64, n)
		for j, a := range answers {
			den[a.item][0] += pi[j]
			den[a.item][1] += 1 - pi[j]
			if a.correct {
				num[a.item][1] += 1 - pi[j]
			} else {
				num[a.item][0] += pi[j]
			}
		}
		for i := range params {
			for k := range 2 {
				params[i][k] = clampP((num[i][k] + c.Strength*prior[i][k]) / (den[i][k] + c.Strength))
			}
		}
	}
	out := make([]ItemParams, n)
	for i, name := range d.Vocab.Items {
		out[i] = ItemParams{Item: name, Slip: params[i][0], Guess: params[i][1]}
	}
	for _, a := range answers {
		out[a.item].Answers++
		if a.correct {
			out[a.item].Correct++
		}
	}
	for i := range out {
		p := &out[i]
		p.Suspect = p.Answers >= SuspectMinAnswers && (p.Slip > SuspectSlip || p.Slip+p.Guess >= 1)
	}
	return out
}

// collect flattens d into answers, each with its context: the student's
// nearest answers (up to c.Context before and after) to other items
// sharing a point.
func (c Calibration) collect(d *Dataset) []calAnswer {
	var out []calAnswer
	for si := range d.Seqs {
		seq := &d.Seqs[si]
		base := int32(len(out))
		var skills [][]int32
		seq.Steps(func(rows []Row) {
			var sk []int32
			for _, r := range rows {
				sk = append(sk, r.Skills...)
			}
			out = append(out, calAnswer{item: rows[0].Item, correct: rows[0].Correct})
			skills = append(skills, sk)
		})
		bySkill := map[int32][]int32{} // skill -> answers of this student, in order
		for j, sk := range skills {
			for _, k := range sk {
				bySkill[k] = append(bySkill[k], int32(j))
			}
		}
		for j, sk := range skills {
			a := &out[base+int32(j)]
			for _, k := range sk {
				list := bySkill[k]
				at, _ := slices.BinarySearch(list, int32(j))
				for o := max(0, at-c.Context); o < min(len(list), at+c.Context+1); o++ {
					other := base + list[o]
					if list[o] != int32(j) && out[other].item != a.item && !slices.Contains(a.context, other) {
						a.context = append(a.context, other)
					}
				}
			}
		}
	}
	return out
}

// clampP keeps a probability away from 0 and 1, where logs diverge.
func clampP(p float64) float64 { return min(0.95, max(0.01, p)) }
