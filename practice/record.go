package practice

import (
	"fmt"
	"strings"
	"time"
)

// Step is what one answer changed, for the student's feedback and the
// supervisor board.
type Step struct {
	ItemID  string `json:"item_id"`
	KP      string `json:"kp"`
	Kind    Kind   `json:"kind"`
	Correct bool   `json:"correct"`
	// PKnownBefore is P(known) just before the answer (after decay),
	// PKnownAfter the traced value after it.
	PKnownBefore float64 `json:"p_known_before"`
	PKnownAfter  float64 `json:"p_known_after"`
	// Mastered is set when this answer met the mastery rule; Lapsed when
	// it failed a review and returned the point to learning.
	Mastered bool `json:"mastered,omitempty"`
	Lapsed   bool `json:"lapsed,omitempty"`
	// NextReview is when the point is due for review, after a mastery or
	// a passed review.
	NextReview time.Time `json:"next_review,omitzero"`
	// Feedback is set on a wrong answer.
	Feedback *Feedback `json:"feedback,omitempty"`
	// Redirect is set when repeated failure re-opened a prerequisite.
	Redirect *Redirect `json:"redirect,omitempty"`
	// Attention asks the supervisor to step in: repeated failure on a
	// point with no prerequisite to go back to (an Attention* code).
	Attention *Reason `json:"attention,omitempty"`
}

// Feedback is what a student sees after a wrong answer: the item's worked
// explanation and the point's 解读.
type Feedback struct {
	Explanation   string `json:"explanation,omitempty"`
	KPName        string `json:"kp_name,omitempty"`
	KPExplanation string `json:"kp_explanation,omitempty"`
}

// Redirect sends the student from a failing point back to a prerequisite.
type Redirect struct {
	KP     string `json:"kp"`
	Name   string `json:"name"`
	From   string `json:"from"`
	Reason Reason `json:"reason"`
}

// Record applies the answer to the pending choice: it traces P(known) of
// the chosen point (an item measuring several points counts for the one
// it was chosen for; the others were mastered), applies the mastery rule
// or the review schedule, and on repeated failure re-opens the weakest
// prerequisite. An item that is not the pending choice is rejected with
// the state unchanged.
func (e *Engine) Record(st *State, itemID string, correct bool, now time.Time) (Step, error) {
	if err := e.checkState(st); err != nil {
		return Step{}, err
	}
	c := st.Pending
	switch {
	case c == nil:
		return Step{}, fmt.Errorf("practice record: item %s: no item is pending (call Next first)", itemID)
	case c.ItemID != itemID:
		return Step{}, fmt.Errorf("practice record: item %s is not the current choice %s", itemID, c.ItemID)
	}
	k, ok := e.g.Index(c.KP)
	ui, uok := e.byID[c.ItemID]
	if c.Template != "" {
		ui, uok = e.tplID[c.Template]
	}
	if !ok || !uok {
		return Step{}, fmt.Errorf("practice record: pending item %s on point %s is no longer in the content (call Next again)", c.ItemID, c.KP)
	}
	u := &e.units[ui]
	kp := e.g.Node(k)
	step := Step{ItemID: itemID, KP: kp.ID, Kind: c.Kind, Correct: correct}
	if !correct {
		fb := &Feedback{KPName: kp.Name, KPExplanation: kp.Explanation}
		if u.item != nil {
			fb.Explanation = u.item.Explanation
		} else {
			it, err := instance(u.tpl, c.Seed)
			if err != nil {
				return Step{}, fmt.Errorf("practice record: %w", err)
			}
			fb.Explanation = it.Explanation
		}
		step.Feedback = fb
	}

	// Validated: from here on the state changes.
	pt := e.point(st, k)
	st.touch(kp.ID)
	h := e.history(st)
	before := e.knownAt(h, k, pt, now)
	var after, pcAfter float64
	if h == nil {
		params := e.obs(u, k)
		after = params.Update(before, correct)
		pcAfter = params.PCorrect(after)
		st.Trace, st.hist = nil, nil // the history misses this answer: rebuilt (Replay) if a history model serves again
	} else {
		h.Update(u.id(), e.kpIDs(u), correct)
		if err := e.keepHistory(st, h); err != nil {
			return Step{}, fmt.Errorf("practice record: %w", err)
		}
		after, pcAfter = h.PredictSkill(kp.ID), h.Predict(u.id(), e.kpIDs(u))
	}
	step.PKnownBefore, step.PKnownAfter = before, after
	pt.P, pt.At = after, now
	pt.Answers++
	pt.Recent = e.push(pt.Recent, correct)
	if c.Kind != Review {
		pt.Taught = true // shown (or passed over) with the item
	}
	if u.item != nil {
		st.see(u.item.ID, st.Answered, now)
	}
	st.Answered++
	if correct {
		st.Correct++
		pt.Right++
		pt.Held = false
	}
	st.Pending = nil
	if c.Kind == Review {
		st.SinceReview = 0
	} else {
		st.SinceReview++
	}

	switch {
	case pt.Mastered && correct && c.Reason.Code == ReasonReviewEarly: // passed ahead of its date: the schedule holds
		step.NextReview = pt.Due
	case pt.Mastered && correct: // a passed knowledge check
		pt.Stage = min(pt.Stage+1, len(e.cfg.Intervals)-1)
		pt.Due = now.Add(e.cfg.interval(pt.Stage))
		step.NextReview = pt.Due
	case pt.Mastered: // a failed knowledge check: back to learning
		pt.Mastered, pt.Lapsed, pt.Stage, pt.Due, pt.Taught = false, true, 0, time.Time{}, false
		step.Lapsed = true
	case after >= e.masteryP() && e.streak(pt.Recent):
		pt.Mastered, pt.Lapsed, pt.Via, pt.Recent = true, false, "", ""
		pt.Stage, pt.Due = 0, now.Add(e.cfg.Intervals[0])
		step.Mastered, step.NextReview = true, pt.Due
		if st.Focus == kp.ID {
			st.Focus = ""
		}
	case !correct && e.wrongRecent(pt.Recent) >= e.cfg.RedirectWrong && (pcAfter < e.cfg.BandLow || e.windowWrong(h, pt.Recent)):
		e.redirect(st, k, now, &step)
	case c.Kind == Learn:
		st.Focus = kp.ID
	}
	return step, nil
}

// push appends an outcome to a point's recent outcomes, keeping as many as
// the mastery and redirect rules look at.
func (e *Engine) push(recent string, correct bool) string {
	o := "0"
	if correct {
		o = "1"
	}
	recent += o
	if keep := max(e.cfg.MasteryStreak, e.cfg.RedirectWindow); len(recent) > keep {
		recent = recent[len(recent)-keep:]
	}
	return recent
}

// streak reports the mastery rule's run of right answers.
func (e *Engine) streak(recent string) bool {
	n := e.cfg.MasteryStreak
	return len(recent) >= n && strings.Count(recent[len(recent)-n:], "1") == n
}

// wrongRecent counts the wrong answers in the redirect rule's window.
func (e *Engine) wrongRecent(recent string) int {
	if len(recent) > e.cfg.RedirectWindow {
		recent = recent[len(recent)-e.cfg.RedirectWindow:]
	}
	return strings.Count(recent, "0")
}

// windowWrong reports, under a history model, a redirect window that is
// all wrong: such a model can keep predicting success in the band for a
// student it rates strong elsewhere (the logistic models weigh attempts
// as learning), but a whole window of failures is evidence enough.
func (e *Engine) windowWrong(h History, recent string) bool {
	return h != nil && len(recent) >= e.cfg.RedirectWindow && e.wrongRecent(recent) == e.cfg.RedirectWindow
}

// redirect re-opens node k's weakest direct prerequisite (lowest P(known)
// now, the earliest on ties), or asks the supervisor when k has none or
// all of them are at or above the mastery threshold. The
// failing point's outcomes start afresh so that it gets a new chance when
// the student comes back.
func (e *Engine) redirect(st *State, k int, now time.Time, step *Step) {
	kp := e.g.Node(k)
	pt := e.point(st, k)
	wrong := e.wrongRecent(pt.Recent)
	pt.Recent = ""
	if st.Focus == kp.ID {
		st.Focus = ""
	}
	pres := e.g.Prerequisites(k)
	if len(pres) == 0 {
		step.Attention = &Reason{Code: AttentionNoPrerequisite, Point: kp.ID, Wrong: wrong, Of: e.cfg.RedirectWindow}
		pt.Held = true
		return
	}
	weakest, wp := -1, 2.0
	h := e.history(st)
	for _, j := range pres {
		if p := e.knownAt(h, j, e.point(st, j), now); p < wp {
			weakest, wp = j, p
		}
	}
	if wp >= e.masteryP() {
		// Every prerequisite is solid (e.g. just re-mastered after an
		// earlier redirect): going back again would only loop.
		step.Attention = &Reason{Code: AttentionPrerequisitesMastered, Point: kp.ID, Wrong: wrong, Of: e.cfg.RedirectWindow}
		pt.Held = true
		return
	}
	pre := e.g.Node(weakest)
	reason := Reason{Code: ReasonPrerequisite, Point: pre.ID, From: kp.ID, Wrong: wrong, Of: e.cfg.RedirectWindow}
	ppt := e.point(st, weakest)
	st.touch(pre.ID)
	// Freeze the decayed value: the shorter learning interval must not
	// change what the point's past already decayed to.
	ppt.P, ppt.At = wp, now
	ppt.Mastered, ppt.Stage, ppt.Due, ppt.Recent, ppt.Lapsed, ppt.Via, ppt.Taught = false, 0, time.Time{}, "", false, kp.ID, false
	step.Redirect = &Redirect{KP: pre.ID, Name: pre.Name, From: kp.ID, Reason: reason}
}
