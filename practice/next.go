package practice

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
)

// ErrNothingToPractise is returned (wrapped, with the detail) by Next when
// no item can be shown now: every point is mastered and no review is due,
// or the remaining points' items were all shown too recently.
var ErrNothingToPractise = errors.New("nothing to practise now")

// view is one Next call's snapshot of the state: the points and their
// mastery by node, and P(known) now, computed only for the points a
// choice looks at.
type view struct {
	e        *Engine
	now      time.Time
	h        History // the student's history under a history model, else nil
	pts      []*Point
	mastered []bool
	p        []float64 // NaN until known(k) computes it
	base     []float64 // the estimate before forgetting, set with p
}

func (e *Engine) view(st *State, now time.Time) view {
	n := e.g.Len()
	v := view{e: e, now: now, h: e.history(st), pts: make([]*Point, n), mastered: make([]bool, n), p: make([]float64, n), base: make([]float64, n)}
	nodes := e.byNode(st)
	for k := range n {
		pt := nodes[k]
		if pt == nil {
			pt = &Point{P: e.params[k].Prior}
		}
		v.pts[k], v.mastered[k], v.p[k] = pt, pt.Mastered, math.NaN()
	}
	return v
}

// byNode returns st.Points by node index (nil where a point has no
// state yet), kept with st while its points stay the same.
func (e *Engine) byNode(st *State) []*Point {
	if st.byNodeOf == e.g && st.byNodeLen == len(st.Points) {
		return st.byNode
	}
	nodes := make([]*Point, e.g.Len())
	for k := range nodes {
		nodes[k] = st.Points[e.g.Node(k).ID]
	}
	st.byNode, st.byNodeOf, st.byNodeLen = nodes, e.g, len(st.Points)
	return nodes
}

// known is node k's P(known) now.
func (v *view) known(k int) float64 {
	if math.IsNaN(v.p[k]) {
		v.base[k] = v.e.base(v.h, k, v.pts[k])
		v.p[k] = v.e.decay(v.base[k], v.pts[k], v.now)
	}
	return v.p[k]
}

// ready reports a point to learn: not mastered, all prerequisites mastered.
func (e *Engine) ready(v *view, k int) bool {
	if v.mastered[k] {
		return false
	}
	for _, p := range e.g.Prerequisites(k) {
		if !v.mastered[p] {
			return false
		}
	}
	return true
}

// pick is a candidate item for one point.
type pick struct {
	unit int
	pc   float64 // predicted P(correct)
	dist float64 // distance of pc from the band, 0 inside
}

// Next chooses the next item and records it as the pending choice. In
// order: a due review when it is the review's turn (one in ReviewEvery
// answers), a prerequisite re-opened by repeated failure, a point ready to
// learn whose predicted success is in the band (the current focus first,
// then the earliest in learning order; with none in the band the focus,
// else the point closest to the band), and due reviews when nothing else
// is left. r breaks ties between equally good items and draws template
// seeds; the same state, time and seed give the same choice.
func (e *Engine) Next(st *State, now time.Time, r *rand.Rand) (Choice, error) {
	c, _, err := e.next(st, now, r, false)
	return c, err
}

// NextProgress is Next and then Progress of the state it leaves, both
// from one look at the points (choosing changes only the pending choice,
// which the progress does not count): a reply to an answer needs both.
// The progress is there with ErrNothingToPractise too.
func (e *Engine) NextProgress(st *State, now time.Time, r *rand.Rand) (Choice, Summary, error) {
	return e.next(st, now, r, true)
}

func (e *Engine) next(st *State, now time.Time, r *rand.Rand, progress bool) (Choice, Summary, error) {
	if err := e.checkState(st); err != nil {
		return Choice{}, Summary{}, err
	}
	if r == nil {
		return Choice{}, Summary{}, errors.New("practice next: no random source")
	}
	v := e.view(st, now)
	var sum Summary
	if progress {
		sum = e.summaryOf(st, &v, now, false)
	}
	due := e.dueReviews(&v, now)
	reviewTurn := len(due) > 0 && st.SinceReview+1 >= e.cfg.ReviewEvery
	try := []func() (Choice, bool, error){
		func() (Choice, bool, error) {
			if !reviewTurn {
				return Choice{}, false, nil
			}
			return e.review(st, &v, due, now, r)
		},
		func() (Choice, bool, error) { return e.prerequisite(st, &v, now, r) },
		func() (Choice, bool, error) { return e.learn(st, &v, now, r) },
		func() (Choice, bool, error) { return e.review(st, &v, due, now, r) },
	}
	for _, f := range try {
		c, ok, err := f()
		if err != nil {
			return Choice{}, Summary{}, err
		}
		if ok {
			e.setTeach(st, &c)
			c.At = now
			st.Pending = &c
			return c, sum, nil
		}
	}
	return Choice{}, sum, e.nothing(&v, due)
}

// dueReviews lists mastered points whose review is due, most overdue
// first (ties in learning order).
func (e *Engine) dueReviews(v *view, now time.Time) []int {
	var due []int
	for k, pt := range v.pts {
		if v.mastered[k] && !pt.Due.After(now) {
			due = append(due, k)
		}
	}
	slices.SortStableFunc(due, func(a, b int) int { return v.pts[a].Due.Compare(v.pts[b].Due) })
	return due
}

func (e *Engine) review(st *State, v *view, due []int, now time.Time, r *rand.Rand) (Choice, bool, error) {
	for _, k := range due {
		pk, ok := e.bestItem(st, v, k, now, r, false)
		if !ok {
			continue
		}
		reason := Reason{Code: ReasonReview, Point: e.g.Node(k).ID, Elapsed: now.Sub(v.pts[k].At)}
		c, err := e.choice(k, pk, Review, v.known(k), reason, r)
		return c, err == nil, err
	}
	return Choice{}, false, nil
}

// prerequisite picks the earliest re-opened prerequisite that is ready.
func (e *Engine) prerequisite(st *State, v *view, now time.Time, r *rand.Rand) (Choice, bool, error) {
	for k, pt := range v.pts {
		if pt.Via == "" || !e.ready(v, k) {
			continue
		}
		if pk, ok := e.bestItem(st, v, k, now, r, false); ok {
			reason := Reason{Code: ReasonPrerequisite, Point: e.g.Node(k).ID, From: pt.Via}
			c, err := e.choice(k, pk, Prerequisite, v.known(k), reason, r)
			return c, err == nil, err
		}
	}
	return Choice{}, false, nil
}

// learn picks the point to learn (pathOrder: the point being learnt,
// then the screening's learning path, then the student's grade and below,
// in the graph's order) and its item.
func (e *Engine) learn(st *State, v *view, now time.Time, r *rand.Rand) (Choice, bool, error) {
	for _, k := range e.pathOrder(st, v) {
		pk, ok := e.bestItem(st, v, k, now, r, false)
		if !ok {
			continue
		}
		c, err := e.choice(k, pk, Learn, v.known(k), e.learnReason(v, k, pk), r)
		return c, err == nil, err
	}
	return Choice{}, false, nil
}

// pathOrder lists the points ready to learn now in the order they are
// learnt: the point being learnt (the focus) first; then the screening's
// learning path and every point it needs: first the gaps (root causes and
// frontier points the screening found not mastered), then the rest of
// the ready-to-learn frontier (uncertain points); then the other points
// of the student's grade and below;
// then points above the grade; last, points held for the supervisor after
// repeated failure (Point.Held). Within each group the graph's (learning)
// order holds. While a point of the student's grade or below with items is
// not mastered, points above the grade are left out, unless the state's
// AboveGrade (a supervisor's choice) is set.
func (e *Engine) pathOrder(st *State, v *view) []int {
	n := e.g.Len()
	// need[k]: 2 when a gap (a path point the screening found not
	// mastered) needs k, 1 when another path point does.
	need := make([]int8, n)
	for k := n - 1; k >= 0; k-- { // dependents before prerequisites
		if pt := v.pts[k]; pt.Path && !v.mastered[k] {
			need[k] = max(need[k], 1)
			if pt.Gap {
				need[k] = 2
			}
		}
		for _, p := range e.g.Prerequisites(k) {
			need[p] = max(need[p], need[k])
		}
	}
	ceiling := e.ceiling(st, v)
	focus, hasFocus := e.g.Index(st.Focus)
	var order, path, own, above, held []int
	if hasFocus && e.ready(v, focus) && (ceiling == 0 || e.grade[focus] <= ceiling) && !v.pts[focus].Held {
		order = append(order, focus)
	}
	for k := range n {
		switch {
		case hasFocus && k == focus && !v.pts[k].Held, !e.ready(v, k), ceiling > 0 && e.grade[k] > ceiling:
		case v.pts[k].Held:
			held = append(held, k)
		case need[k] == 2:
			order = append(order, k)
		case need[k] == 1:
			path = append(path, k)
		case st.Grade <= 0 || e.grade[k] <= st.Grade:
			own = append(own, k)
		default:
			above = append(above, k)
		}
	}
	return append(append(append(append(order, path...), own...), above...), held...)
}

// ceiling is the highest grade practice may choose from now: the student's
// grade while a point of that grade or below with items is not mastered,
// else 0 (no limit). Points of unknown grade (0) do not hold the limit.
// A state without a grade, or with the supervisor's AboveGrade choice, has
// no limit.
func (e *Engine) ceiling(st *State, v *view) int {
	if st.Grade <= 0 || st.AboveGrade {
		return 0
	}
	for k := range v.pts {
		if !v.mastered[k] && e.grade[k] > 0 && e.grade[k] <= st.Grade && len(e.byKP[k]) > 0 {
			return st.Grade
		}
	}
	return 0
}

func (e *Engine) learnReason(v *view, k int, pk pick) Reason {
	pt, id := v.pts[k], e.g.Node(k).ID
	switch {
	case pt.Lapsed:
		return Reason{Code: ReasonRelearn, Point: id}
	case pt.Answers > 0:
		return Reason{Code: ReasonContinue, Point: id, PKnown: v.known(k), PCorrect: pk.pc}
	case pt.Path:
		return Reason{Code: ReasonPath, Point: id}
	case len(e.g.Prerequisites(k)) == 0:
		return Reason{Code: ReasonNewRoot, Point: id}
	}
	return Reason{Code: ReasonNew, Point: id}
}

// bestItem picks node k's item: only items whose other points are all
// mastered (so the answer speaks about k), only items not shown too
// recently (unless relaxed, which prefers the item shown longest ago).
// Then, on a point under way (an answer on it right since it was opened,
// or a mastered point's review), the smallest distance of predicted
// success from the band; on a point not under way yet the easiest item
// (highest predicted success). Then never-shown items and templates
// before shown ones (the longest ago first), then r among equals.
func (e *Engine) bestItem(st *State, v *view, k int, now time.Time, r *rand.Rand, relaxed bool) (pick, bool) {
	underway := v.mastered[k] || strings.Contains(v.pts[k].Recent, "1")
	var ties []pick
	var bestKey [2]float64
	for _, ui := range e.byKP[k] {
		u := &e.units[ui]
		if !e.othersMastered(v, u, k) {
			continue
		}
		fresh := -1.0 // never shown (or a template)
		if u.item != nil {
			if s, ok := st.Seen[u.item.ID]; ok {
				if !relaxed && e.tooSoon(st, s, now) {
					continue
				}
				fresh = float64(s.N)
			}
		}
		pc := e.pCorrect(v.h, u, k, v.base[k], v.known(k))
		pk := pick{unit: ui, pc: pc, dist: e.bandDist(pc)}
		key := [2]float64{pk.dist, fresh}
		if !underway {
			key[0] = 1 - pc
		}
		switch {
		case len(ties) == 0 || key[0] < bestKey[0] || (key[0] == bestKey[0] && key[1] < bestKey[1]):
			ties, bestKey = append(ties[:0], pk), key
		case key == bestKey:
			ties = append(ties, pk)
		}
	}
	switch len(ties) {
	case 0:
		return pick{}, false
	case 1:
		return ties[0], true
	}
	return ties[r.IntN(len(ties))], true
}

// tooSoon is the no-repeat rule for an item last answered as s.
func (e *Engine) tooSoon(st *State, s Seen, now time.Time) bool {
	since := now.Sub(s.At)
	others := st.Answered - s.N - 1
	return since < e.cfg.MinGapTime || (others < e.cfg.MinGapItems && since < e.cfg.GapReset)
}

func (e *Engine) othersMastered(v *view, u *unit, k int) bool {
	for _, j := range u.kps {
		if j != k && !v.mastered[j] {
			return false
		}
	}
	return true
}

func (e *Engine) bandDist(pc float64) float64 {
	switch {
	case pc < e.cfg.BandLow:
		return e.cfg.BandLow - pc
	case pc > e.cfg.BandHigh:
		return pc - e.cfg.BandHigh
	}
	return 0
}

// maxSeedTries bounds the seeds tried when a template instance fails its
// self-check.
const maxSeedTries = 8

// choice builds the Choice for unit pk.unit on node k; a template gets a
// fresh seed whose instance passes the template's self-check.
func (e *Engine) choice(k int, pk pick, kind Kind, pKnown float64, reason Reason, r *rand.Rand) (Choice, error) {
	u := &e.units[pk.unit]
	c := Choice{KP: e.g.Node(k).ID, Kind: kind, PKnown: pKnown, PredictedCorrect: pk.pc, Reason: reason}
	if u.item != nil {
		c.ItemID = u.item.ID
		return c, nil
	}
	var err error
	for range maxSeedTries {
		seed := r.Int64N(1<<31-1) + 1
		var it curriculum.Item
		if it, err = instance(u.tpl, seed); err == nil {
			c.ItemID, c.Template, c.Seed = it.ID, u.tpl.ID, seed
			return c, nil
		}
	}
	return Choice{}, fmt.Errorf("practice next: template %s failed its self-check %d times, last: %w", u.tpl.ID, maxSeedTries, err)
}

// instance generates a template item, turning a panicking template into
// an error.
func instance(t *curriculum.Template, seed int64) (it curriculum.Item, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("template %s seed %d panicked: %v", t.ID, seed, p)
		}
	}()
	return t.Instance(seed)
}

// nothing explains why Next found no item.
func (e *Engine) nothing(v *view, due []int) error {
	var ready int
	var next time.Time
	for k, pt := range v.pts {
		if e.ready(v, k) {
			ready++
		}
		if v.mastered[k] && (next.IsZero() || pt.Due.Before(next)) {
			next = pt.Due
		}
	}
	if ready > 0 || len(due) > 0 {
		return fmt.Errorf("practice next: %w: none of the %d points to learn and %d reviews due has an item to show "+
			"(all were shown in the last %d answers or %v, measure points not yet mastered, or there are none: add items or templates)",
			ErrNothingToPractise, ready, len(due), e.cfg.MinGapItems, e.cfg.MinGapTime)
	}
	return fmt.Errorf("practice next: %w: every point is mastered, the next review is due %s", ErrNothingToPractise, next.Format(time.RFC3339))
}

// teachable reports a point with something to teach: a 解读 or a worked
// example.
func (e *Engine) teachable(k int) bool {
	n := e.g.Node(k)
	return n.Explanation != "" || n.Example != nil
}

// setTeach marks a learning choice on a point not taught since it was
// (re)opened: the 解读 and worked example come before the item.
func (e *Engine) setTeach(st *State, c *Choice) {
	k, ok := e.g.Index(c.KP)
	if !ok || c.Kind == Review {
		return
	}
	pt := st.Points[c.KP]
	c.Teach = (pt == nil || (!pt.Taught && !pt.Mastered)) && e.teachable(k)
}

// Understood records that the student has read the teaching of the
// pending choice (its point's 解读 and worked example): the item comes
// next, and the point is not taught again until it is re-opened.
func (e *Engine) Understood(st *State) error {
	if err := e.checkState(st); err != nil {
		return err
	}
	c := st.Pending
	if c == nil || !c.Teach {
		return errors.New("practice understood: no teaching is pending")
	}
	k, ok := e.g.Index(c.KP)
	if !ok {
		return fmt.Errorf("practice understood: point %s is no longer in the content (call Next again)", c.KP)
	}
	e.point(st, k).Taught = true
	st.touch(e.g.Node(k).ID)
	c.Teach = false
	return nil
}

// Rest says why Next found nothing to show and what can be offered
// instead, so that practice never ends in a dead end.
type Rest struct {
	Code string `json:"code"` // a Rest* code
	// Next is the next point on the learning path whose items were all
	// shown recently: Offer(OfferNext) practises it anyway, with the item
	// shown longest ago.
	Next string `json:"next,omitempty"`
	// Review is the mastered point whose review comes first:
	// Offer(OfferReview) checks it now.
	Review     string    `json:"review,omitempty"`
	NextReview time.Time `json:"next_review,omitzero"`
}

// Rest explains a state in which Next finds nothing (call it after
// ErrNothingToPractise).
func (e *Engine) Rest(st *State, now time.Time) (Rest, error) {
	if err := e.checkState(st); err != nil {
		return Rest{}, err
	}
	v := e.view(st, now)
	var rest Rest
	if k, ok := e.offerNext(st, &v); ok {
		rest.Next = e.g.Node(k).ID
	}
	if k, ok := e.offerReview(st, &v); ok {
		rest.Review, rest.NextReview = e.g.Node(k).ID, v.pts[k].Due
	}
	all := true
	for k := range v.pts {
		all = all && v.mastered[k]
	}
	switch {
	case all:
		rest.Code = RestAllMastered
	case rest.Next != "":
		rest.Code = RestRecent
	default:
		rest.Code = RestNoItems
	}
	return rest, nil
}

// offerNext is the first point in learning order that has an item to
// show when the no-repeat rule is set aside.
func (e *Engine) offerNext(st *State, v *view) (int, bool) {
	for _, k := range e.pathOrder(st, v) {
		for _, ui := range e.byKP[k] {
			if e.othersMastered(v, &e.units[ui], k) {
				return k, true
			}
		}
	}
	return -1, false
}

// offerReview is the mastered point due first that has an item.
func (e *Engine) offerReview(st *State, v *view) (int, bool) {
	best := -1
	for k, pt := range v.pts {
		if !v.mastered[k] || (best >= 0 && !pt.Due.Before(v.pts[best].Due)) {
			continue
		}
		for _, ui := range e.byKP[k] {
			if e.othersMastered(v, &e.units[ui], k) {
				best = k
				break
			}
		}
	}
	return best, best >= 0
}

// Offer makes one of Rest's offers the pending choice: OfferNext the next
// point on the learning path (the item shown longest ago), OfferReview a
// knowledge check of the mastered point due first, ahead of its date (a
// passed early check keeps the schedule; a failed one re-opens the point).
// It is an error when there is nothing to offer of that kind.
func (e *Engine) Offer(st *State, now time.Time, r *rand.Rand, offer string) (Choice, error) {
	if err := e.checkState(st); err != nil {
		return Choice{}, err
	}
	if r == nil {
		return Choice{}, errors.New("practice offer: no random source")
	}
	v := e.view(st, now)
	var k int
	var ok bool
	kind, code := Learn, ReasonNextOnPath
	switch offer {
	case OfferNext:
		k, ok = e.offerNext(st, &v)
	case OfferReview:
		k, ok = e.offerReview(st, &v)
		kind, code = Review, ReasonReviewEarly
		if ok && !v.pts[k].Due.After(now) {
			code = ReasonReview
		}
	default:
		return Choice{}, fmt.Errorf("practice offer: unknown offer %q (want %q or %q)", offer, OfferNext, OfferReview)
	}
	if !ok {
		return Choice{}, fmt.Errorf("practice offer %s: %w", offer, ErrNothingToPractise)
	}
	pk, _ := e.bestItem(st, &v, k, now, r, true)
	reason := Reason{Code: code, Point: e.g.Node(k).ID}
	if kind == Review {
		reason.Elapsed = now.Sub(v.pts[k].At)
	}
	c, err := e.choice(k, pk, kind, v.known(k), reason, r)
	if err != nil {
		return Choice{}, err
	}
	e.setTeach(st, &c)
	c.At = now
	st.Pending = &c
	return c, nil
}
