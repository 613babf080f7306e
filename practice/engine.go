// Package practice is the adaptive practice engine a student meets after
// the screening: it traces P(known) per knowledge point with Bayesian
// knowledge tracing, picks the next item in a productive band of predicted
// success among the points ready to learn, mixes in spaced reviews of
// mastered points, lets mastery decay and be re-checked, and sends a
// student who keeps failing back to the weakest prerequisite. Every choice
// carries a short Chinese reason for the supervisor board.
//
// The engine is pure: time and randomness are injected, the per-student
// State is a plain JSON-serialisable value, and an Engine is read-only
// after New, so one Engine serves all students concurrently.
package practice

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/kt"
)

// Engine holds one scope's graph, items and parameters. It is read-only
// after New.
type Engine struct {
	g      *curriculum.Graph
	cfg    Config
	params []kt.BKTParams // by node
	fitted bool           // params came from a fitted model, not defaults
	units  []unit
	grade  []int          // node -> grade (0: not known)
	byKP   [][]int        // node -> units that measure it
	byID   map[string]int // static item id -> unit
	tplID  map[string]int // template id -> unit
	hm     HistoryModel   // the history model served instead of BKT (nil: BKT)
}

// unit is something the engine can show: a written item or a template
// (which yields a fresh instance, seed by seed).
type unit struct {
	item *curriculum.Item     // nil for a template
	tpl  *curriculum.Template // nil for a written item
	kps  []int
	typ  curriculum.ItemType
	nOpt int
}

func (u *unit) id() string {
	if u.tpl != nil {
		return u.tpl.ID
	}
	return u.item.ID
}

// DefaultParams are the BKT parameters used when no fitted model is
// given: a modest learning rate, a 10% slip, no forgetting per answer
// (forgetting over time is the engine's decay). Without a fitted model
// an item's guess is its chance level by type (see chanceGuess) unless
// the item is calibrated.
func DefaultParams() kt.BKTParams {
	return kt.BKTParams{Prior: 0.3, Learn: 0.15, Forget: 0, Slip: 0.1, Guess: 0.2}
}

// New builds an engine. params gives each knowledge point's BKT parameters
// (kt.BKTModel.Params of a fitted model); nil uses DefaultParams. Every
// item and template must measure only points of g. templates may be nil.
func New(g *curriculum.Graph, items []curriculum.Item, templates []curriculum.Template, params func(kp string) kt.BKTParams, cfg Config) (*Engine, error) {
	if g == nil {
		return nil, errors.New("practice: no knowledge graph")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg.Intervals = slices.Clone(cfg.Intervals)
	e := &Engine{g: g, cfg: cfg, fitted: params != nil, byKP: make([][]int, g.Len()), grade: make([]int, g.Len()),
		byID: map[string]int{}, tplID: map[string]int{}, params: make([]kt.BKTParams, g.Len())}
	var errs []error
	for k := range g.Len() {
		id := g.Node(k).ID
		p := DefaultParams()
		if params != nil {
			p = params(id)
		}
		if err := p.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("knowledge point %s: %w", id, err))
		}
		e.params[k] = p
		e.grade[k] = g.Node(k).Grade
	}
	for i := range items {
		it := items[i]
		errs = append(errs, e.add(unit{item: &it, typ: it.Type, nOpt: len(it.Options)}, it.KnowledgePoints)...)
	}
	for i := range templates {
		t := templates[i]
		if t.Generate == nil {
			errs = append(errs, fmt.Errorf("template %s: no Generate function", t.ID))
			continue
		}
		errs = append(errs, e.add(unit{tpl: &t, typ: t.Type}, t.KnowledgePoints)...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("practice: %w", err)
	}
	return e, nil
}

// add validates one item or template and indexes it.
func (e *Engine) add(u unit, kps []string) []error {
	kind, id := "item", u.id()
	if u.tpl != nil {
		kind = "template"
	}
	var errs []error
	switch _, dupItem := e.byID[id]; {
	case id == "":
		return []error{fmt.Errorf("%s with an empty id (knowledge points %s)", kind, strings.Join(kps, ", "))}
	case dupItem:
		return []error{fmt.Errorf("%s %s: id used twice", kind, id)}
	}
	if _, dup := e.tplID[id]; dup {
		return []error{fmt.Errorf("%s %s: id used twice", kind, id)}
	}
	if len(kps) == 0 {
		errs = append(errs, fmt.Errorf("%s %s: no knowledge points", kind, id))
	}
	seen := map[int]bool{}
	for _, kp := range kps {
		k, ok := e.g.Index(kp)
		if !ok {
			errs = append(errs, fmt.Errorf("%s %s: knowledge point %s is not in the graph", kind, id, kp))
			continue
		}
		if !seen[k] {
			seen[k] = true
			u.kps = append(u.kps, k)
		}
	}
	if it := u.item; it != nil {
		for _, f := range []struct {
			name string
			v    *float64
		}{{"slip", it.Slip}, {"guess", it.Guess}} {
			if f.v != nil && !(*f.v > 0 && *f.v < 1) {
				errs = append(errs, fmt.Errorf("item %s: calibrated %s = %v, want a probability strictly between 0 and 1", id, f.name, *f.v))
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	n := len(e.units)
	e.units = append(e.units, u)
	if u.tpl != nil {
		e.tplID[id] = n
	} else {
		e.byID[id] = n
	}
	for _, k := range u.kps {
		e.byKP[k] = append(e.byKP[k], n)
	}
	return nil
}

// SetGrades gives the grade of every point (for points whose grade comes
// from their chapter): grade(id) for each point, 0 when not known. By
// default a point's grade is its KnowledgePoint.Grade. Call it right
// after New, before the engine is shared.
func (e *Engine) SetGrades(grade func(kp string) int) {
	for k := range e.g.Len() {
		e.grade[k] = grade(e.g.Node(k).ID)
	}
}

// Config returns a copy of the engine's configuration (for Rule and the
// progress view).
func (e *Engine) Config() Config {
	c := e.cfg
	c.Intervals = slices.Clone(c.Intervals)
	return c
}

// obs returns the BKT parameters for answering unit u as evidence on node
// k: the point's learning and forgetting, with the item's own calibrated
// slip and guess when it has them. Without a fitted model the guess of an
// uncalibrated item is its chance level.
func (e *Engine) obs(u *unit, k int) kt.BKTParams {
	p := e.params[k]
	if !e.fitted {
		p.Guess = chanceGuess(u.typ, u.nOpt)
	}
	if it := u.item; it != nil {
		if it.Slip != nil {
			p.Slip = *it.Slip
		}
		if it.Guess != nil {
			p.Guess = *it.Guess
		}
	}
	return p
}

// chanceGuess is P(right | not known) by answering at random: one option
// of a single choice (four when the options are generated), one of two
// for true/false, one non-empty subset for multiple choice, and a small
// constant for answers typed in.
func chanceGuess(t curriculum.ItemType, options int) float64 {
	switch t {
	case curriculum.TrueFalse:
		return 0.5
	case curriculum.SingleChoice:
		if options < 2 {
			options = 4
		}
		return 1 / float64(options)
	case curriculum.MultiChoice:
		if options < 2 {
			options = 4
		}
		return max(1/(math.Exp2(float64(options))-1), 0.05)
	}
	return 0.05
}
