package practice

import (
	"math"
	"time"

	"github.com/zhixi-org/zhixi/kt"
)

// The engine's tracing model answers two questions: the predicted success
// of an item for a point, for this student given their history, and the
// mastery estimate of each point. Two models implement it (tracer):
//
//   - BKT (the default): the estimate is P(known) per point (Point.P),
//     moved by each answer with the point's BKT parameters; an item's
//     predicted success is P(known)(1-slip) + (1-P(known))guess.
//   - a history model (SetHistoryModel; zx-lr and the other logistic
//     models through LogisticModel): it predicts success on an item from
//     the student's whole answer history (State.Trace), and the estimate
//     of a point is its predicted success on the point's typical item (an
//     item of the point the student has not answered, as hard as the
//     point's items were in the fit). Mastered then means that estimate at
//     least Config.MasteryPCorrect with the mastery streak.
//
// Both share the engine's forgetting over time: the estimate decays
// towards DecayFloor since the point's last answer (the logistic models
// count answers, not days), and an item's predicted success moves with
// it.

// HistoryModel is a tracing model that predicts success from the
// student's whole answer history.
type HistoryModel interface {
	// Name names the model (e.g. "zx-lr").
	Name() string
	// NewHistory returns the history of a student with no answers.
	NewHistory() History
	// DecodeHistory reads a history written by History.MarshalBinary.
	DecodeHistory(data []byte) (History, error)
}

// History is one student's answers as a HistoryModel reads them.
type History interface {
	// Predict is P(right) on the item, tagged with points kps; it does
	// not change the history.
	Predict(item string, kps []string) float64
	// PredictSkill is P(right) on the point's typical item.
	PredictSkill(kp string) float64
	// Update folds in an answer.
	Update(item string, kps []string, correct bool)
	MarshalBinary() ([]byte, error)
}

// LogisticModel serves a fitted logistic model (kt.LoadLogistic: zx-lr,
// best-lr, pfa) as the engine's history model.
func LogisticModel(t *kt.LogisticTracer) HistoryModel { return logisticModel{t} }

type logisticModel struct{ t *kt.LogisticTracer }

func (m logisticModel) Name() string        { return m.t.Name() }
func (m logisticModel) NewHistory() History { return m.t.NewHistory() }
func (m logisticModel) DecodeHistory(data []byte) (History, error) {
	h, err := m.t.DecodeHistory(data)
	if err != nil {
		return nil, err
	}
	return h, nil
}

// SetHistoryModel makes the engine serve m instead of BKT (nil: BKT).
// Call it right after New, before the engine is shared.
func (e *Engine) SetHistoryModel(m HistoryModel) { e.hm = m }

// Model names the model the engine serves: "bkt" or the history model's
// name.
func (e *Engine) Model() string {
	if e.hm != nil {
		return e.hm.Name()
	}
	return "bkt"
}

// Answer is one earlier answer, for Replay.
type Answer struct {
	Item    string
	KPs     []string
	Correct bool
}

// NeedsHistory reports whether the engine serves a history model and st
// carries no history for it yet (practice started, or went on, under
// BKT): the caller then replays the student's earlier answers in the
// subject (Replay) before Next or Record.
func (e *Engine) NeedsHistory(st *State) bool { return e.hm != nil && len(st.Trace) == 0 }

// Replay builds st's history from the student's earlier answers, oldest
// first (screening and practice), and sets every point's estimate from
// it; it returns the points whose estimate changed. Under BKT it does
// nothing.
func (e *Engine) Replay(st *State, answers []Answer) ([]string, error) {
	if err := e.checkState(st); err != nil || e.hm == nil {
		return nil, err
	}
	h := e.hm.NewHistory()
	for _, a := range answers {
		h.Update(a.Item, a.KPs, a.Correct)
	}
	if err := e.keepHistory(st, h); err != nil {
		return nil, err
	}
	var changed []string
	for k := range e.g.Len() {
		id := e.g.Node(k).ID
		pt := e.point(st, k)
		if p := h.PredictSkill(id); p != pt.P {
			pt.P = p
			changed = append(changed, id)
		}
	}
	return changed, nil
}

// history returns st's history under the engine's history model (nil
// under BKT), decoding State.Trace once per state and model. A state
// without a trace, or with one that does not decode, starts from an
// empty history.
func (e *Engine) history(st *State) History {
	if e.hm == nil {
		return nil
	}
	if st.hist != nil && st.histBy == e.hm {
		return st.hist
	}
	h, err := e.hm.DecodeHistory(st.Trace)
	if len(st.Trace) == 0 || err != nil {
		h = e.hm.NewHistory()
	}
	st.hist, st.histBy = h, e.hm
	return h
}

func (e *Engine) keepHistory(st *State, h History) error {
	raw, err := h.MarshalBinary()
	if err != nil {
		return err
	}
	st.Trace, st.hist, st.histBy = raw, h, e.hm
	return nil
}

// base is node k's estimate before forgetting: P(known) under BKT, the
// predicted success on the point's typical item under a history model.
func (e *Engine) base(h History, k int, pt *Point) float64 {
	if h == nil {
		return pt.P
	}
	return h.PredictSkill(e.g.Node(k).ID)
}

// knownAt is node k's estimate at now, after forgetting.
func (e *Engine) knownAt(h History, k int, pt *Point, now time.Time) float64 {
	return e.decay(e.base(h, k, pt), pt, now)
}

// pCorrect is the predicted success of unit u answered for node k, whose
// estimate is base before forgetting and known now: under a history
// model, the model's prediction for the item moved (on the logit scale)
// as far as forgetting moved the point's estimate.
func (e *Engine) pCorrect(h History, u *unit, k int, base, known float64) float64 {
	if h == nil {
		return e.obs(u, k).PCorrect(known)
	}
	p := h.Predict(u.id(), e.kpIDs(u))
	if base != known {
		p = sigmoid(logit(p) + logit(known) - logit(base))
	}
	return p
}

func (e *Engine) kpIDs(u *unit) []string {
	ids := make([]string, len(u.kps))
	for i, k := range u.kps {
		ids[i] = e.g.Node(k).ID
	}
	return ids
}

// masteryP is the mastery rule's threshold on the estimate.
func (e *Engine) masteryP() float64 {
	if e.hm != nil {
		return e.cfg.MasteryPCorrect
	}
	return e.cfg.MasteryP
}

func logit(p float64) float64 {
	p = min(max(p, 1e-9), 1-1e-9)
	return math.Log(p / (1 - p))
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
