package practice

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/screening"
)

// StateVersion is the version of the serialised State; a stored state of
// another version is rejected on decoding rather than misread.
const StateVersion = 1

// State is one student's practice on one scope. It is a plain value the
// web layer stores as JSON (encoding/json; decoding checks Version). Points
// are keyed by id, so a state survives content changes: points new to the
// graph start at their prior, points gone from it are ignored.
type State struct {
	Version int               `json:"version"`
	Points  map[string]*Point `json:"points"`
	// Seen records the last answer to each written item, for the
	// no-repeat rule (template instances are never repeated).
	Seen map[string]Seen `json:"seen"`
	// Answered and Correct count every recorded answer.
	Answered int `json:"answered"`
	Correct  int `json:"correct"`
	// SinceReview counts answers since the last review, for the review
	// share.
	SinceReview int `json:"since_review"`
	// Focus is the point being learnt; the engine stays on it while no
	// point is in the productive band.
	Focus string `json:"focus,omitempty"`
	// Pending is the choice waiting for an answer; Record accepts only it.
	Pending *Choice `json:"pending,omitempty"`
	// Grade is the student's grade (0: not known). While a point of this
	// grade or below with items is not mastered, no point above it is
	// chosen, unless AboveGrade (a supervisor's choice for this student)
	// is set. The caller sets both before Next; they are stored with the
	// state.
	Grade      int  `json:"grade,omitempty"`
	AboveGrade bool `json:"above_grade,omitempty"`
	// Trace is the student's answer history under the engine's history
	// model (zx-lr: counts, recent outcomes and residuals per point, per
	// item and overall; see model.go), encoded by the model; empty under
	// BKT.
	Trace []byte `json:"trace,omitempty"`
	// hist is Trace decoded by histBy.
	hist   History
	histBy HistoryModel

	// byNode is Points by node index of the graph byNodeOf, for view,
	// which reads every point for each question: a slice where the map
	// costs a string lookup per point. It holds while Points keeps the
	// length it had (only the engine adds points, and none are removed).
	byNode    []*Point
	byNodeOf  *curriculum.Graph
	byNodeLen int

	// changed holds the points changed since the state was last stored
	// (Changed, Stored), so that a store keeping points apart
	// (MarshalHead, MarshalPoint) rewrites only those; seenChanged the
	// same for seen items (SeenChanged).
	changed, seenChanged map[string]struct{}
}

// Changed returns the ids of the points changed since Stored was last
// called, sorted: every point of a new state (Start, StartScreening) or of
// one decoded with its points (JSON, MarshalBinary); then the points that
// Record, its redirect, and Understood changed.
func (s *State) Changed() []string { return slices.Sorted(maps.Keys(s.changed)) }

// SeenChanged returns the ids of the seen items changed since Stored was
// last called, sorted: every seen item of a state decoded with them
// (JSON, MarshalBinary, an older head), then the item each recorded
// answer showed.
func (s *State) SeenChanged() []string { return slices.Sorted(maps.Keys(s.seenChanged)) }

// Stored forgets the changed points and seen items: the caller has
// stored them.
func (s *State) Stored() {
	clear(s.changed)
	clear(s.seenChanged)
}

// see records that the answer counted n (Answered before it) showed item
// at at.
func (s *State) see(item string, n int, at time.Time) {
	s.Seen[item] = Seen{N: n, At: at}
	if s.seenChanged == nil {
		s.seenChanged = map[string]struct{}{}
	}
	s.seenChanged[item] = struct{}{}
}

// touch marks a point changed.
func (s *State) touch(id string) {
	if s.changed == nil {
		s.changed = map[string]struct{}{}
	}
	s.changed[id] = struct{}{}
}

// touchAll marks every point changed.
func (s *State) touchAll() {
	for id := range s.Points {
		s.touch(id)
	}
}

// Point is the tracing state of one knowledge point.
type Point struct {
	// P is P(known) right after the last answer (or the start); the value
	// now is lower by the decay since At.
	P  float64   `json:"p"`
	At time.Time `json:"at,omitzero"`
	// Mastered points have a review schedule: Stage indexes
	// Config.Intervals and Due is when the next review is due.
	Mastered bool      `json:"mastered,omitempty"`
	Stage    int       `json:"stage,omitempty"`
	Due      time.Time `json:"due,omitzero"`
	// Recent holds the outcomes since the point was (re)opened, oldest
	// first, '1' right and '0' wrong, at most as many as the rules need.
	Recent string `json:"recent,omitempty"`
	// Lapsed is set when a failed review returned the point to learning.
	Lapsed bool `json:"lapsed,omitempty"`
	// Via is the failing point whose prerequisite redirect re-opened this
	// point; the point is practised first until mastered again.
	Via string `json:"via,omitempty"`
	// Answers and Right count the answers on the point.
	Answers int `json:"answers,omitempty"`
	Right   int `json:"right,omitempty"`
	// Path marks a point of the screening's learning path (a root cause
	// or on the ready-to-learn frontier): it and what it needs come first.
	// Gap marks the path points the screening found not mastered (rather
	// than uncertain): they come before the rest of the path.
	Path bool `json:"path,omitempty"`
	Gap  bool `json:"gap,omitempty"`
	// Held is set when repeated failure asked the supervisor to explain
	// the point (Step.Attention): the other points to learn come first
	// until it is answered right again.
	Held bool `json:"held,omitempty"`
	// Taught is set once the student has been shown the point's 解读 and
	// worked example since it was (re)opened.
	Taught bool `json:"taught,omitempty"`
}

// Seen is the last answer to one written item.
type Seen struct {
	N  int       `json:"n"` // State.Answered before that answer
	At time.Time `json:"at,omitzero"`
}

// Kind says why an item was chosen.
type Kind string

// The kinds of choice.
const (
	Learn        Kind = "learn"        // a point ready to learn
	Review       Kind = "review"       // a knowledge check of a mastered point
	Prerequisite Kind = "prerequisite" // a prerequisite re-opened by repeated failure
)

// Choice is the next item to show and why.
type Choice struct {
	ItemID string `json:"item_id"`
	KP     string `json:"kp"`
	Kind   Kind   `json:"kind"`
	// PKnown is the point's P(known) now (after decay) and
	// PredictedCorrect = PKnown(1-slip) + (1-PKnown)guess for this item.
	PKnown           float64 `json:"p_known"`
	PredictedCorrect float64 `json:"predicted_correct"`
	// Reason says why it was chosen.
	Reason Reason `json:"reason"`
	// Teach asks to show the point's 解读 and worked example before the
	// item: the point is not mastered and was not taught since it was
	// (re)opened. Understood (or an answer) clears it.
	Teach bool `json:"teach,omitempty"`
	// Template and Seed are set for a template instance; ItemID is then
	// "<template>#<seed>", which curriculum.Bank.Item regenerates.
	Template string    `json:"template,omitempty"`
	Seed     int64     `json:"seed,omitempty"`
	At       time.Time `json:"at"`
}

// UnmarshalJSON decodes a stored state, rejecting other versions and
// values no engine writes.
func (s *State) UnmarshalJSON(b []byte) error {
	type plain State
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("practice state: %w", err)
	}
	*s = State(p)
	return s.valid()
}

// valid rejects a decoded state of another version or with values no
// engine writes, and fills in empty maps.
func (s *State) valid() error {
	if s.Version != StateVersion {
		return fmt.Errorf("practice state: version %d, this engine reads version %d", s.Version, StateVersion)
	}
	ids := make([]string, 0, len(s.Points))
	for id := range s.Points {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := validPoint(id, s.Points[id]); err != nil {
			return err
		}
	}
	if s.Points == nil {
		s.Points = map[string]*Point{}
	}
	s.touchAll() // none of them is stored apart yet
	if s.Seen == nil {
		s.Seen = map[string]Seen{}
	}
	for id, sn := range s.Seen {
		s.see(id, sn.N, sn.At) // nor are these
	}
	return nil
}

// validPoint rejects a decoded point with values no engine writes.
func validPoint(id string, pt *Point) error {
	switch {
	case pt == nil:
		return fmt.Errorf("practice state: point %s is null", id)
	case !(pt.P >= 0 && pt.P <= 1):
		return fmt.Errorf("practice state: point %s: p = %v, want a probability", id, pt.P)
	case pt.Stage < 0:
		return fmt.Errorf("practice state: point %s: negative review stage %d", id, pt.Stage)
	case strings.Trim(pt.Recent, "01") != "":
		return fmt.Errorf("practice state: point %s: recent outcomes %q, want only 0 and 1", id, pt.Recent)
	}
	return nil
}

// Start begins practice from initial P(known) by point id (e.g. from an
// earlier tracing). A point at or above Config.MasteryP counts as mastered
// with its first review after Intervals[ScreenedStage]; points not in init
// start at their BKT prior. Unknown ids are an error naming them.
func (e *Engine) Start(init map[string]float64, now time.Time) (*State, error) {
	return e.start(init, func(_ string, p float64) bool { return p >= e.cfg.MasteryP }, now)
}

// StartScreening begins practice from a screening result: each point's
// probability becomes its P(known), points the screening found mastered
// are mastered (first review after Intervals[ScreenedStage]), uncertain
// and not-mastered points are to learn. Points the screening did not
// cover start at their prior.
func (e *Engine) StartScreening(res *screening.Result, now time.Time) (*State, error) {
	if res == nil {
		return nil, errors.New("practice start: no screening result")
	}
	init := make(map[string]float64, len(res.KnowledgePoints))
	mastered := make(map[string]bool, len(res.KnowledgePoints))
	for _, pr := range res.KnowledgePoints {
		init[pr.ID], mastered[pr.ID] = pr.P, pr.State == screening.Mastered
	}
	st, err := e.start(init, func(id string, _ float64) bool { return mastered[id] }, now)
	if err != nil {
		return nil, err
	}
	markPath(st, res)
	return st, nil
}

func (e *Engine) start(init map[string]float64, mastered func(id string, p float64) bool, now time.Time) (*State, error) {
	st := e.newState()
	ids := make([]string, 0, len(init))
	for id := range init {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var unknown []string
	for _, id := range ids {
		p := init[id]
		k, ok := e.g.Index(id)
		switch {
		case !ok:
			unknown = append(unknown, id)
			continue
		case !(p >= 0 && p <= 1):
			return nil, fmt.Errorf("practice start: point %s: P(known) = %v, want a probability", id, p)
		}
		pt := &Point{P: p, At: now, Mastered: mastered(id, p)}
		if pt.Mastered {
			pt.Stage = e.cfg.ScreenedStage
			pt.Due = now.Add(e.cfg.interval(pt.Stage))
		}
		st.Points[e.g.Node(k).ID] = pt
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("practice start: knowledge points not in the graph: %s", strings.Join(unknown, ", "))
	}
	st.touchAll()
	return st, nil
}

func (e *Engine) newState() *State {
	st := &State{Version: StateVersion, Points: map[string]*Point{}, Seen: map[string]Seen{}}
	for k := range e.g.Len() {
		st.Points[e.g.Node(k).ID] = &Point{P: e.params[k].Prior}
	}
	return st
}

// point returns node k's state, creating it at the prior for a point new
// to the graph.
func (e *Engine) point(st *State, k int) *Point {
	id := e.g.Node(k).ID
	pt := st.Points[id]
	if pt == nil {
		pt = &Point{P: e.params[k].Prior}
		st.Points[id] = pt
	}
	return pt
}

// decay is the estimate p of point pt at now: above DecayFloor it halves
// its distance to the floor every HalfLifeFactor × the point's review
// interval since the last answer (the longer a point has held, the
// slower it fades).
func (e *Engine) decay(p float64, pt *Point, now time.Time) float64 {
	if pt.At.IsZero() || !now.After(pt.At) || p <= e.cfg.DecayFloor {
		return p
	}
	half := e.cfg.HalfLifeFactor * float64(e.cfg.interval(pt.Stage))
	f := e.cfg.DecayFloor
	return f + (p-f)*math.Exp2(-float64(now.Sub(pt.At))/half)
}

func (e *Engine) checkState(st *State) error {
	switch {
	case st == nil:
		return errors.New("practice: no state (call Start or StartScreening first)")
	case st.Version != StateVersion:
		return fmt.Errorf("practice: state version %d, this engine uses version %d", st.Version, StateVersion)
	case st.Points == nil || st.Seen == nil:
		return errors.New("practice: state not initialised (call Start or StartScreening, or decode a stored one)")
	}
	return nil
}
