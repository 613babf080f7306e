package practice

import (
	"errors"
	"slices"
	"time"

	"github.com/zhixi-org/zhixi/screening"
)

// Remark makes a newer screening's learning path the one practice
// follows: the old path and gap marks are cleared, and the new
// result's frontier and root causes are marked as StartScreening marks
// them. A point of the new path that the newer screening found not
// mastered is re-opened (it is learnt again, from the screening's
// P(known)) even where practice had it mastered: the screening is the
// newer evidence. A pending question is dropped (it was chosen on the
// old path); the rest of the tracing (P(known), reviews, answers) is
// kept.
func (e *Engine) Remark(st *State, res *screening.Result, now time.Time) error {
	if res == nil {
		return errors.New("practice remark: no screening result")
	}
	for _, pt := range st.Points {
		pt.Path, pt.Gap = false, false
	}
	onPath := path(res)
	for _, pr := range res.KnowledgePoints {
		if k, ok := e.g.Index(pr.ID); ok && pr.State == screening.NotMastered && slices.Contains(onPath, pr.ID) {
			if pt := e.point(st, k); pt.Mastered {
				pt.Mastered, pt.Stage, pt.Due, pt.Taught, pt.Recent = false, 0, time.Time{}, false, ""
				pt.P, pt.At = min(pt.P, pr.P), now
			}
		}
	}
	markPath(st, res)
	st.Pending = nil
	if pt := st.Points[st.Focus]; pt != nil && !pt.Path && pt.Via == "" {
		st.Focus = "" // the engine takes the next focus from the new path
	}
	st.touchAll() // the path's marks may have moved on any point
	return nil
}

// path is a screening result's learning path: the ready-to-learn
// frontier, then the root causes.
func path(res *screening.Result) []string {
	p := slices.Clone(res.ReadyToLearn)
	for _, rc := range res.RootCauses {
		p = append(p, rc.ID)
	}
	return p
}

// markPath marks the not-mastered points of res's learning path (Path)
// and those the screening found not mastered rather than uncertain (Gap).
func markPath(st *State, res *screening.Result) {
	notMastered := map[string]bool{}
	for _, pr := range res.KnowledgePoints {
		notMastered[pr.ID] = pr.State == screening.NotMastered
	}
	for _, id := range path(res) {
		if pt := st.Points[id]; pt != nil && !pt.Mastered {
			pt.Path, pt.Gap = true, notMastered[id]
		}
	}
}
