// Package screening is the AI knowledge-point screening engine (AI知识点筛查):
// an adaptive test that estimates, with as few questions as possible, which
// knowledge points of a scope a student has mastered, and explains the gaps.
//
// The model is a posterior over feasible knowledge states (downsets of the
// prerequisite DAG, as in Knowledge Space Theory) approximated by weighted
// particles with resample-move; answers are noisy (slip, guess, "I don't
// know"). Questions are chosen to reduce the expected uncertainty of every
// point's classification. See docs/screening.md for the model and figures.
//
// The package does no I/O; sessions serialise to a small JSON snapshot and
// replay deterministically.
package screening

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/zhixi-org/zhixi/curriculum"
)

// Default item parameters for uncalibrated items. Slip is the chance that a
// student who has mastered every point of an item still answers wrongly.
const DefaultSlip = 0.1

// DefaultGuess returns the guessing probability of an uncalibrated item from
// its type: one over the options for a choice item, less for open answers.
func DefaultGuess(it *curriculum.Item) float64 {
	switch it.Type {
	case curriculum.SingleChoice:
		if n := len(it.Options); n >= 2 {
			return 1 / float64(n)
		}
		return 0.25
	case curriculum.TrueFalse:
		return 0.5
	case curriculum.MultiChoice:
		return 0.1
	default:
		return 0.05
	}
}

// UncalibratedGuessAbove is how far above its type's floor (DefaultGuess)
// the engine puts the guess of an item nobody has calibrated. The floor is
// the blind guess (one over the options, 0.05 for an open answer); real
// items are guessed more often than that (options eliminated, a half-known
// rule, a common slip that lands on the key), by an unknown amount. A
// single answer's likelihood integrated over the item's unknown guess is
// the likelihood at the guess's prior mean, so the engine uses the mean of
// a prior spread over [floor, floor + 0.3]. Chosen on the tuning set of
// docs/screening.md (0.1, 0.15, 0.2 compared).
const UncalibratedGuessAbove = 0.15

// UncalibratedGuess is the guess the engine uses for an item without
// calibration or a guess in the content: DefaultGuess plus
// UncalibratedGuessAbove, at most 0.6.
func UncalibratedGuess(it *curriculum.Item) float64 {
	return min(0.6, DefaultGuess(it)+UncalibratedGuessAbove)
}

// Bank is a compiled scope: the prerequisite graph restricted to the scope
// and the items whose knowledge points all lie in it, with their Q-matrix
// rows as bitsets. It is immutable (but for a cache of default priors)
// and safe to share between concurrent sessions.
type Bank struct {
	graph  *curriculum.Graph
	words  int
	grade  []float64 // effective grade of each node, for the prior
	anc    []uint64  // ancestors of node k (excluding k): anc[k*words:]
	items  []bankItem
	byID   map[string]int
	perKP  [][]int // items measuring each node
	id     string  // fingerprint: snapshots refuse a different bank
	scope  string  // fingerprint of the points and items without their parameters
	graded bool    // whether any point carries a grade
	minGr  int
	maxGr  int

	priorMu     sync.Mutex
	priors      [13]*GradePrior // default prior by student grade, built on first use
	uniformOnce sync.Once
	uniform     [][]uint64 // uniform downsets for the priors, built on first use
}

type bankItem struct {
	item          *curriculum.Item
	kps           []int
	mask          []uint64
	slip, guess   float64
	hSlip, hGuess float64 // h(1 - slip), h(guess): AnswerInfo's constant terms
	// top is the item's only maximal point when the others are all its
	// prerequisites: in a downset "all points mastered" is then just
	// "top mastered" (-1 otherwise).
	top int
	// off: never asked (its calibration says the key or the stem is
	// suspect); it keeps its index so states stay valid.
	off bool
}

// InputError lists every problem with the items of a bank, by id, so an
// author fixes a file in one pass.
type InputError struct {
	Problems []string
}

func (e *InputError) Error() string {
	return "invalid screening input: " + strings.Join(e.Problems, "; ")
}

// NewBank validates items against the full graph g and compiles the scope.
// scope lists knowledge point ids (nil means the whole graph); the graph is
// restricted with Graph.Restrict so indirect prerequisites survive. Items
// touching a point outside the scope are left out, since their answers
// would depend on points the session does not model. It is an error when an
// item has no knowledge point, names one that is not in g, has impossible
// parameters, or when the scope has no item at all.
func NewBank(g *curriculum.Graph, items []curriculum.Item, scope []string) (*Bank, error) {
	return NewBankWith(g, items, scope, BankOptions{})
}

// Calibrated is an item's slip and guess estimated from stored answers
// (kt.Calibration), with the number of answers behind them.
type Calibrated struct {
	Slip, Guess float64
	Answers     int
	// Suspect: the answers suggest a wrong key or an ambiguous stem; the
	// item is not asked.
	Suspect bool
}

// BankOptions carries what a bank knows beyond the content.
type BankOptions struct {
	// Calibration gives estimated parameters by item id. An item with an
	// estimate uses it shrunk towards its default (the content's slip and
	// guess, else UncalibratedGuess): with n answers the estimate weighs
	// n / (n + CalibrationStrength). Items without one keep the default.
	Calibration map[string]Calibrated
	// CalibrationStrength is the default's weight in answers (default 30).
	CalibrationStrength float64
}

// DefaultCalibrationStrength is BankOptions.CalibrationStrength's default:
// an item answered 30 times is half its estimate, half its default. The
// estimate itself is already shrunk (kt.Calibration, 10 pseudo-answers on
// each side), but it infers mastery from the same students' other answers
// and can be wrong for a whole population at once; a screening must not
// lean on a few dozen answers.
const DefaultCalibrationStrength = 30

// calibrated returns the parameters an item with default (slip, guess)
// uses given its estimate c.
func (o BankOptions) calibrated(slip, guess float64, c Calibrated) (float64, float64) {
	k := o.CalibrationStrength
	if k <= 0 {
		k = DefaultCalibrationStrength
	}
	n := float64(max(c.Answers, 0))
	w := n / (n + k)
	if math.IsNaN(c.Slip) || math.IsNaN(c.Guess) {
		return slip, guess
	}
	s := w*min(max(c.Slip, 0.01), 0.45) + (1-w)*slip
	g := w*min(max(c.Guess, 0.01), 0.6) + (1-w)*guess
	if s+g > 0.9 { // an item that barely tells masters from the others
		f := 0.9 / (s + g)
		s, g = s*f, g*f
	}
	return s, g
}

// NewBankWith is NewBank with options (calibrated item parameters).
func NewBankWith(g *curriculum.Graph, items []curriculum.Item, scope []string, opt BankOptions) (*Bank, error) {
	var probs []string
	seen := make(map[string]bool, len(items))
	for i := range items {
		it := &items[i]
		switch {
		case it.ID == "":
			probs = append(probs, fmt.Sprintf("item #%d has no id", i+1))
		case seen[it.ID]:
			probs = append(probs, fmt.Sprintf("item %s is defined twice", it.ID))
		}
		seen[it.ID] = true
		if len(it.KnowledgePoints) == 0 {
			probs = append(probs, fmt.Sprintf("item %s has no knowledge point", it.ID))
		}
		for _, kp := range it.KnowledgePoints {
			if _, ok := g.Index(kp); !ok {
				probs = append(probs, fmt.Sprintf("item %s: knowledge point %s is not in the graph", it.ID, kp))
			}
		}
		if p := it.Slip; p != nil && !(*p >= 0 && *p < 0.5) {
			probs = append(probs, fmt.Sprintf("item %s: slip %v must be in [0, 0.5)", it.ID, *p))
		}
		if p := it.Guess; p != nil && !(*p >= 0 && *p < 0.5) {
			probs = append(probs, fmt.Sprintf("item %s: guess %v must be in [0, 0.5)", it.ID, *p))
		}
	}
	if len(probs) > 0 {
		return nil, &InputError{Problems: probs}
	}
	sg := g
	if scope != nil {
		var err error
		if sg, err = g.Restrict(scope); err != nil {
			return nil, fmt.Errorf("screening scope: %w", err)
		}
	}
	n := sg.Len()
	b := &Bank{graph: sg, words: words(n), byID: map[string]int{}, perKP: make([][]int, n)}
	b.compileGrades()
	b.compileAncestors()
	hp, hs := sha256.New(), sha256.New()
	for _, id := range sg.IDs() {
		fmt.Fprintf(hp, "kp %s %v\n", id, sg.Node(mustIndex(sg, id)).Prerequisites)
		fmt.Fprintf(hs, "kp %s %v\n", id, sg.Node(mustIndex(sg, id)).Prerequisites)
	}
	for i := range items {
		it := &items[i]
		kps := make([]int, 0, len(it.KnowledgePoints))
		for _, id := range it.KnowledgePoints {
			if k, ok := sg.Index(id); ok {
				kps = append(kps, k)
			}
		}
		if len(kps) < len(it.KnowledgePoints) {
			continue
		}
		slices.Sort(kps)
		kps = slices.Compact(kps)
		bi := bankItem{item: it, kps: kps, mask: make([]uint64, b.words), slip: DefaultSlip, guess: UncalibratedGuess(it)}
		for _, k := range kps {
			set(bi.mask, k)
			b.perKP[k] = append(b.perKP[k], len(b.items))
		}
		bi.top = kps[len(kps)-1] // topological order: the last is maximal
		for _, k := range kps[:len(kps)-1] {
			if !has(b.ancestors(kps[len(kps)-1]), k) {
				bi.top = -1
			}
		}
		if it.Slip != nil {
			bi.slip = *it.Slip
		}
		if it.Guess != nil {
			bi.guess = *it.Guess
		}
		if c, ok := opt.Calibration[it.ID]; ok {
			bi.slip, bi.guess = opt.calibrated(bi.slip, bi.guess, c)
			bi.off = c.Suspect
		}
		bi.hSlip, bi.hGuess = h(1-bi.slip), h(bi.guess)
		b.byID[it.ID] = len(b.items)
		b.items = append(b.items, bi)
		fmt.Fprintf(hp, "item %s %v %g %g\n", it.ID, kps, bi.slip, bi.guess)
		if bi.off {
			fmt.Fprintf(hp, "off %s\n", it.ID)
		}
		fmt.Fprintf(hs, "item %s %v\n", it.ID, kps)
	}
	if len(b.items) == 0 {
		ids := sg.IDs()
		if len(ids) > 8 {
			ids = append(ids[:8], fmt.Sprintf("... (%d points)", n))
		}
		return nil, fmt.Errorf("screening scope has no items: none of the %d items measures only points of the scope [%s]; add items or widen the scope", len(items), strings.Join(ids, ", "))
	}
	if !slices.ContainsFunc(b.items, func(it bankItem) bool { return !it.off }) {
		return nil, fmt.Errorf("screening scope has no items to ask: all %d are flagged as suspect by their calibration", len(b.items))
	}
	b.id = hex.EncodeToString(hp.Sum(nil)[:12])
	b.scope = hex.EncodeToString(hs.Sum(nil)[:12])
	return b, nil
}

func mustIndex(g *curriculum.Graph, id string) int {
	i, _ := g.Index(id)
	return i
}

// compileGrades gives every node an effective grade: its own, or, when the
// content has none, the highest grade among its prerequisites (a point
// cannot be learnt before what it needs).
func (b *Bank) compileGrades() {
	g := b.graph
	b.grade = make([]float64, g.Len())
	b.minGr, b.maxGr = math.MaxInt, 0
	for k := range g.Len() {
		gr := g.Node(k).Grade
		if gr > 0 {
			b.graded = true
			b.minGr = min(b.minGr, gr)
			b.maxGr = max(b.maxGr, gr)
		}
		for _, p := range g.Prerequisites(k) {
			gr = max(gr, int(b.grade[p]))
		}
		b.grade[k] = float64(gr)
	}
	if !b.graded {
		b.minGr, b.maxGr = 0, 0
	}
}

func (b *Bank) compileAncestors() {
	g, W := b.graph, b.words
	b.anc = make([]uint64, g.Len()*W)
	for k := range g.Len() { // topological: prerequisites are done
		a := b.anc[k*W : (k+1)*W]
		for _, p := range g.Prerequisites(k) {
			set(a, p)
			for i, w := range b.anc[p*W : (p+1)*W] {
				a[i] |= w
			}
		}
	}
}

func (b *Bank) ancestors(k int) []uint64 { return b.anc[k*b.words : (k+1)*b.words] }

// DefaultPrior returns the GradePrior for a student grade (0 = unknown),
// shared by every session on the bank: it only depends on the scope and
// the grade, and it is the largest structure a session would otherwise
// carry.
func (b *Bank) DefaultPrior(studentGrade int) *GradePrior {
	b.priorMu.Lock()
	defer b.priorMu.Unlock()
	if b.priors[studentGrade] == nil {
		b.priors[studentGrade] = NewGradePrior(b, studentGrade)
	}
	return b.priors[studentGrade]
}

// uniformPool is the bank's pool of uniform downsets for its priors (a
// fixed seed: sessions stay reproducible).
func (b *Bank) uniformPool() [][]uint64 {
	b.uniformOnce.Do(func() { b.uniform = b.UniformPool(uniformPriorPool, 0x706f6f6c) })
	return b.uniform
}

// Graph is the scope's prerequisite graph.
func (b *Bank) Graph() *curriculum.Graph { return b.graph }

// Len is the number of knowledge points in scope.
func (b *Bank) Len() int { return b.graph.Len() }

// NumItems is the number of items usable in the scope.
func (b *Bank) NumItems() int { return len(b.items) }

// Item returns item i of the bank (items are numbered 0..NumItems()-1).
func (b *Bank) Item(i int) *curriculum.Item { return b.items[i].item }

// ItemIndex returns the bank index of an item id.
func (b *Bank) ItemIndex(id string) (int, bool) {
	i, ok := b.byID[id]
	return i, ok
}

// ItemPoints returns the node indexes item i measures (do not modify).
func (b *Bank) ItemPoints(i int) []int { return b.items[i].kps }

// ItemParams returns the slip and guess the engine uses for item i.
func (b *Bank) ItemParams(i int) (slip, guess float64) { return b.items[i].slip, b.items[i].guess }

// Grade is the effective grade of node k (0 when the content has no grades).
func (b *Bank) Grade(k int) int { return int(b.grade[k]) }

// Grades returns the lowest and highest grade in scope (0, 0 when ungraded).
func (b *Bank) Grades() (lo, hi int) { return b.minGr, b.maxGr }

// Fingerprint identifies the scope and item parameters; a snapshot taken on
// one bank is refused by another, unless only the item parameters differ
// (a newer calibration): then its answers are replayed under the new ones.
func (b *Bank) Fingerprint() string { return b.id }

// ItemSuspect reports whether item i is left out of the questions because
// its calibration flags it.
func (b *Bank) ItemSuspect(i int) bool { return b.items[i].off }

// Unmeasured lists the points no item measures; their state is inferred
// from the graph alone.
func (b *Bank) Unmeasured() []string {
	var ids []string
	for k, its := range b.perKP {
		if len(its) == 0 {
			ids = append(ids, b.graph.Node(k).ID)
		}
	}
	return ids
}

// IsDownset reports whether state (a bitset over the scope) is a feasible
// knowledge state: every mastered point has all its prerequisites mastered.
func (b *Bank) IsDownset(state []uint64) bool {
	ok := true
	forEach(state, func(k int) {
		if ok && !subset(b.ancestors(k), state) {
			ok = false
		}
	})
	return ok
}

// ScopeByGrade returns the ids of g's points with lo <= grade <= hi, in
// topological order.
func ScopeByGrade(g *curriculum.Graph, lo, hi int) []string {
	var ids []string
	for k := range g.Len() {
		if gr := g.Node(k).Grade; gr >= lo && gr <= hi {
			ids = append(ids, g.Node(k).ID)
		}
	}
	return ids
}
