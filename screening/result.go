package screening

// State is a point's classification.
type State string

// The classifications; Uncertain means the evidence is not enough for the
// requested confidence either way.
const (
	Mastered    State = "mastered"
	NotMastered State = "not_mastered"
	Uncertain   State = "uncertain"
)

// Result is the screening's report.
type Result struct {
	Questions       int           `json:"questions"`
	Stopped         string        `json:"stopped,omitempty"`
	KnowledgePoints []PointResult `json:"knowledge_points"`
	// ReadyToLearn is the learning frontier: points not mastered whose
	// prerequisites are all mastered, in learning order.
	ReadyToLearn []string `json:"ready_to_learn"`
	// RootCauses are the earliest missing points that explain failed
	// answers: not mastered, no direct or indirect prerequisite not mastered,
	// and the point
	// itself or a prerequisite of a failed item's missing point.
	RootCauses []RootCause `json:"root_causes"`
}

// PointResult is one point's conclusion with the evidence behind it.
type PointResult struct {
	ID       string   `json:"id"`
	Name     string   `json:"name,omitempty"`
	P        float64  `json:"p"`
	State    State    `json:"state"`
	Evidence Evidence `json:"evidence"`
}

// Evidence lists the answers a conclusion rests on. Direct answers are on
// items of the point itself; a correct answer on a later point that needs
// this one implies it (FromDependents); a failed answer on a point this one
// needs makes it unlikely (FromPrerequisites). With no answer at all the
// conclusion is the prior's (grade and graph) alone.
type Evidence struct {
	Direct            []Response `json:"direct,omitempty"`
	FromDependents    []Response `json:"from_dependents,omitempty"`
	FromPrerequisites []Response `json:"from_prerequisites,omitempty"`
	PriorOnly         bool       `json:"prior_only,omitempty"`
}

// RootCause is a missing point with the failed items it explains. When
// some of its prerequisites are still uncertain, the cause may lie even
// earlier; they are listed so the report says so.
type RootCause struct {
	ID                     string   `json:"id"`
	Name                   string   `json:"name,omitempty"`
	P                      float64  `json:"p"`
	Explains               []string `json:"explains"`
	UncertainPrerequisites []string `json:"uncertain_prerequisites,omitempty"`
}

// Classify maps a probability of mastery to a state under the session's
// thresholds.
func (s *Session) Classify(p float64) State {
	switch {
	case p >= s.cfg.Mastered:
		return Mastered
	case p <= s.cfg.NotMastered:
		return NotMastered
	}
	return Uncertain
}

// Result computes the report from the current posterior; it may be called
// at any time (an early stop reports honest uncertainty).
func (s *Session) Result() *Result {
	b, g := s.b, s.b.graph
	m := s.Marginals()
	n := g.Len()
	res := &Result{Questions: len(s.responses), Stopped: s.stopped,
		ReadyToLearn: []string{}, RootCauses: []RootCause{}}
	states := make([]State, n)
	for k := range n {
		states[k] = s.Classify(m[k])
	}
	for k := range n {
		kp := g.Node(k)
		pr := PointResult{ID: kp.ID, Name: kp.Name, P: round3(m[k]), State: states[k]}
		for _, r := range s.responses {
			it := &b.items[r.item]
			resp := Response{Item: it.item.ID, Outcome: r.outcome}
			switch {
			case has(it.mask, k):
				pr.Evidence.Direct = append(pr.Evidence.Direct, resp)
			case r.outcome == Correct && s.needs(it, k):
				pr.Evidence.FromDependents = append(pr.Evidence.FromDependents, resp)
			case r.outcome != Correct && s.neededBy(it, k):
				pr.Evidence.FromPrerequisites = append(pr.Evidence.FromPrerequisites, resp)
			}
		}
		e := &pr.Evidence
		e.PriorOnly = len(e.Direct)+len(e.FromDependents)+len(e.FromPrerequisites) == 0
		res.KnowledgePoints = append(res.KnowledgePoints, pr)
	}
	for k := range n {
		if states[k] != Mastered && s.prereqsAll(k, states, Mastered) {
			res.ReadyToLearn = append(res.ReadyToLearn, g.Node(k).ID)
		}
		if states[k] != NotMastered || s.ancestorIn(k, states, NotMastered) {
			continue
		}
		rc := RootCause{ID: g.Node(k).ID, Name: g.Node(k).Name, P: round3(m[k]), Explains: []string{}}
		for _, r := range s.responses {
			if r.outcome != Correct && s.explains(k, &b.items[r.item], states) {
				rc.Explains = append(rc.Explains, b.items[r.item].item.ID)
			}
		}
		for _, p := range g.Prerequisites(k) {
			if states[p] == Uncertain {
				rc.UncertainPrerequisites = append(rc.UncertainPrerequisites, g.Node(p).ID)
			}
		}
		if len(rc.Explains) > 0 {
			res.RootCauses = append(res.RootCauses, rc)
		}
	}
	return res
}

// needs reports whether item it measures a point that has k as an
// ancestor.
func (s *Session) needs(it *bankItem, k int) bool {
	for _, j := range it.kps {
		if has(s.b.ancestors(j), k) {
			return true
		}
	}
	return false
}

// neededBy reports whether item it measures an ancestor of k.
func (s *Session) neededBy(it *bankItem, k int) bool {
	a := s.b.ancestors(k)
	for _, j := range it.kps {
		if has(a, j) {
			return true
		}
	}
	return false
}

// explains reports whether missing point k accounts for the failed item:
// one of the item's points is not mastered and is k or depends on k.
func (s *Session) explains(k int, it *bankItem, states []State) bool {
	for _, j := range it.kps {
		if states[j] != Mastered && (j == k || has(s.b.ancestors(j), k)) {
			return true
		}
	}
	return false
}

func (s *Session) prereqsAll(k int, states []State, want State) bool {
	for _, p := range s.b.graph.Prerequisites(k) {
		if states[p] != want {
			return false
		}
	}
	return true
}

// ancestorIn reports whether any direct or indirect prerequisite of k is
// in state st.
func (s *Session) ancestorIn(k int, states []State, st State) bool {
	found := false
	forEach(s.b.ancestors(k), func(a int) { found = found || states[a] == st })
	return found
}

func round3(p float64) float64 {
	return float64(int(p*1000+0.5)) / 1000
}
