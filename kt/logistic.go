package kt

import (
	"context"
	"math"
)

// featureSet selects the features of a logistic model.
type featureSet int

const (
	// pfaFeatures: per-skill easiness and per-skill log(1+attempts) and
	// log(1+successes), the PFA variant of Gervet et al. 2020 (on this
	// data it scores higher than raw success and failure counts).
	pfaFeatures featureSet = iota
	// bestLRFeatures: item and skill one-hots; per-skill, total and
	// same-item log(1+attempts) and log(1+successes) (Gervet et al. 2020,
	// features i, s, ic, sc, tc, a, w; their time windows need timestamps,
	// which the data lacks).
	bestLRFeatures
	// zxFeatures: Best-LR plus the last outcomes on the skill and
	// overall, the last outcome on the skill with a weight per skill,
	// recency, the current run and streak of right answers on the skill,
	// a running ability (mean and decayed residual against item
	// difficulty, overall and per skill) and the item's difficulty.
	zxFeatures
)

// Per-feature-set L2 strengths (on the summed log loss), chosen on a
// validation split of the Gervet training users (docs/kt.md).
var lrLambda = map[featureSet]float64{pfaFeatures: 1, bestLRFeatures: 1, zxFeatures: 3}

// itemPriorWeight is how many pseudo-answers at the global success rate
// smooth an item's success rate.
const itemPriorWeight = 5

// itemFolds is the number of student folds for out-of-fold item rates.
const itemFolds = 5

// Logistic is a logistic-regression tracing model over count features of
// the student's history.
type Logistic struct {
	Options
	set    featureSet
	Lambda float64

	hasItems        bool
	nItems, nSkills int
	// Offsets of the feature groups; -1 when absent.
	oItem, oSkill, oSkillA, oSkillB, oSkillLast, oTotal, oExtra, nFeat int
	W                                                                  []float64 // nFeat weights, then the bias

	// Training answers and successes per item, in total and per fold of
	// students, for item difficulty.
	itemN, itemW []float64
	foldN, foldW [][]float64
	global       float64
}

func newLogistic(o Options, set featureSet) *Logistic {
	return &Logistic{Options: o, set: set, Lambda: lrLambda[set]}
}

// Extra features of zxFeatures, relative to oExtra.
const (
	xSkillLast = iota // 3 x {wrong, right}: last three outcomes on the skill
	_
	_
	_
	_
	_
	xLast // 5 x {wrong, right}: last five outcomes overall
	_
	_
	_
	_
	_
	_
	_
	_
	_
	xGap      // log(1+answers since the skill was last practised)
	xNewSkill // first answer on the skill
	xResid    // mean residual (outcome - item success rate), shrunk
	xResidEMA // exponentially decayed residual
	xSkillRes // mean residual on the skill, shrunk
	xItemDiff // logit of the item's smoothed success rate
	xStreak   // log(1+current run of right answers on the skill)
	xRun      // log(1+answers in the current unbroken run on the skill)
	nExtra
)

const (
	skillLastK = 3
	lastK      = 5
	residDecay = 0.8
)

func (m *Logistic) layout(d *Dataset) {
	m.layoutFor(d.HasItems, len(d.Vocab.Items), len(d.Vocab.Skills))
}

// layoutFor places the feature groups for a vocabulary of nItems items
// and nSkills skills.
func (m *Logistic) layoutFor(hasItems bool, nItems, nSkills int) {
	m.hasItems = hasItems
	m.nItems, m.nSkills = nItems, nSkills
	n := 0
	grab := func(k int) int { o := n; n += k; return o }
	m.oItem, m.oExtra = -1, -1
	if m.set != pfaFeatures && m.hasItems {
		m.oItem = grab(m.nItems)
	}
	m.oSkill = grab(m.nSkills)
	m.oSkillA = grab(m.nSkills)
	m.oSkillB = grab(m.nSkills)
	m.oTotal = -1
	if m.set != pfaFeatures {
		m.oTotal = grab(4)
	}
	m.oSkillLast = -1
	if m.set == zxFeatures {
		m.oExtra = grab(nExtra)
		m.oSkillLast = grab(2 * m.nSkills)
	}
	m.nFeat = n
}

// Fit implements Model.
func (m *Logistic) Fit(ctx context.Context, d *Dataset) error {
	m.layout(d)
	m.itemN = make([]float64, m.nItems)
	m.itemW = make([]float64, m.nItems)
	m.foldN = make([][]float64, itemFolds)
	m.foldW = make([][]float64, itemFolds)
	for f := range itemFolds {
		m.foldN[f] = make([]float64, m.nItems)
		m.foldW[f] = make([]float64, m.nItems)
	}
	var wins float64
	for i, s := range d.Seqs {
		f := i % itemFolds
		for _, r := range s.Rows {
			m.itemN[r.Item]++
			m.foldN[f][r.Item]++
			if r.Correct {
				m.itemW[r.Item]++
				m.foldW[f][r.Item]++
				wins++
			}
		}
	}
	m.global = wins / float64(max(d.Rows, 1))
	X := &sparseRows{nFeat: m.nFeat}
	var buf []feature
	for i := range d.Seqs {
		if err := ctx.Err(); err != nil {
			return err
		}
		st := m.newState(i % itemFolds)
		d.Seqs[i].Steps(func(rows []Row) {
			for j := range rows {
				buf = st.features(&rows[j], buf[:0])
				X.add(buf, rows[j].Correct)
			}
			for j := range rows {
				st.update(&rows[j])
			}
		})
	}
	w, err := fitLR(ctx, X, m.Lambda, m.workers())
	if err != nil {
		return err
	}
	m.W = w
	return nil
}

// itemRate is the item's smoothed training success rate. A training
// student in fold f sees rates from the other folds only: the feature
// then means on training rows what it means for an unseen test student,
// and never encodes the row's own outcome.
func (m *Logistic) itemRate(item int32, fold int) float64 {
	var n, w float64
	if int(item) < m.nItems {
		n, w = m.itemN[item], m.itemW[item]
		if fold >= 0 {
			n -= m.foldN[fold][item]
			w -= m.foldW[fold][item]
		}
	}
	return (w + itemPriorWeight*m.global) / (n + itemPriorWeight)
}

// NewLearner implements Model.
func (m *Logistic) NewLearner() Learner { return &lrLearner{st: m.newState(-1)} }

type skillHist struct {
	att, win float64
	last     uint8 // outcomes, newest in bit 0
	nLast    uint8
	lastAt   int // answer index of the last attempt
	resid    float64
	streak   float64 // right answers in a row on the skill
	run      float64 // answers on the skill since the student last worked on another
}

type itemHist struct{ att, win float64 }

// lrState is one student's history as the features need it.
type lrState struct {
	m     *Logistic
	fold  int // the training fold of the student, -1 for a new student
	skill []skillHist
	item  map[int32]itemHist
	att   float64
	win   float64
	last  uint32
	nLast int
	resid float64
	ema   float64
}

func (m *Logistic) newState(fold int) *lrState {
	return &lrState{m: m, fold: fold, skill: make([]skillHist, m.nSkills), item: map[int32]itemHist{}}
}

func (s *lrState) skillOf(k int32) *skillHist {
	for int(k) >= len(s.skill) {
		s.skill = append(s.skill, skillHist{})
	}
	return &s.skill[k]
}

func lastBits(out []feature, base int, bits uint32, n, k int) []feature {
	for j := range min(n, k) {
		v := int32(base + 2*j)
		if bits>>j&1 == 1 {
			v++
		}
		out = append(out, feature{v, 1})
	}
	return out
}

// features appends r's features given the history so far.
func (s *lrState) features(r *Row, out []feature) []feature {
	m := s.m
	if m.oItem >= 0 && int(r.Item) < m.nItems {
		out = append(out, feature{int32(m.oItem) + r.Item, 1})
	}
	for _, k := range r.Skills {
		if int(k) >= m.nSkills {
			continue
		}
		h := s.skillOf(k)
		out = append(out, feature{int32(m.oSkill) + k, 1})
		out = append(out, feature{int32(m.oSkillA) + k, math.Log1p(h.att)}, feature{int32(m.oSkillB) + k, math.Log1p(h.win)})
	}
	if m.oTotal >= 0 {
		ih := s.item[r.Item]
		out = append(out,
			feature{int32(m.oTotal), math.Log1p(s.att)}, feature{int32(m.oTotal) + 1, math.Log1p(s.win)},
			feature{int32(m.oTotal) + 2, math.Log1p(ih.att)}, feature{int32(m.oTotal) + 3, math.Log1p(ih.win)})
	}
	if m.oExtra < 0 {
		return out
	}
	x := m.oExtra
	add := func(i int, v float64) { out = append(out, feature{int32(x + i), v}) }
	for _, k := range r.Skills {
		h := s.skillOf(k)
		out = lastBits(out, x+xSkillLast, uint32(h.last), int(h.nLast), skillLastK)
		if h.att == 0 {
			add(xNewSkill, 1)
		} else {
			add(xGap, math.Log1p(s.att-float64(h.lastAt)))
		}
		add(xSkillRes, h.resid/(h.att+2))
		add(xStreak, math.Log1p(h.streak))
		if m.oSkillLast >= 0 && h.nLast > 0 && int(k) < m.nSkills {
			out = append(out, feature{int32(m.oSkillLast) + 2*k + int32(h.last&1), 1})
		}
		if h.att > 0 && h.lastAt == int(s.att)-1 {
			add(xRun, math.Log1p(h.run))
		}
	}
	out = lastBits(out, x+xLast, s.last, s.nLast, lastK)
	add(xResid, s.resid/(s.att+2))
	add(xResidEMA, s.ema)
	p := m.itemRate(r.Item, s.fold)
	add(xItemDiff, math.Log(p/(1-p)))
	return out
}

// update folds in r's outcome.
func (s *lrState) update(r *Row) {
	y := 0.0
	if r.Correct {
		y = 1
	}
	res := y - s.m.itemRate(r.Item, s.fold)
	for _, k := range r.Skills {
		h := s.skillOf(k)
		h.att++
		h.win += y
		h.last = h.last<<1 | uint8(y)
		h.nLast = min(h.nLast+1, 8)
		if h.lastAt == int(s.att)-1 && h.att > 1 {
			h.run++
		} else {
			h.run = 1
		}
		h.lastAt = int(s.att)
		h.resid += res
		if r.Correct {
			h.streak++
		} else {
			h.streak = 0
		}
	}
	ih := s.item[r.Item]
	ih.att++
	ih.win += y
	s.item[r.Item] = ih
	s.att++
	s.win += y
	s.last = s.last<<1 | uint32(y)
	s.nLast = min(s.nLast+1, 32)
	s.resid += res
	s.ema = residDecay*s.ema + (1-residDecay)*res
}

type lrLearner struct {
	st  *lrState
	buf []feature
}

func (l *lrLearner) Predict(r *Row) float64 {
	l.buf = l.st.features(r, l.buf[:0])
	w := l.st.m.W
	z := w[len(w)-1]
	for _, f := range l.buf {
		z += w[f.i] * f.v
	}
	return sigmoid(z)
}

func (l *lrLearner) Update(r *Row) { l.st.update(r) }
