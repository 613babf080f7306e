package practice

import "time"

// Status is a point's place in the practice.
type Status string

// The statuses: mastered (with a review schedule), learning (ready: all
// prerequisites mastered) and locked (a prerequisite is not mastered yet).
const (
	StatusMastered Status = "mastered"
	StatusLearning Status = "learning"
	StatusLocked   Status = "locked"
)

// Summary is the progress view of one student's practice.
type Summary struct {
	Mastered   int `json:"mastered"`
	Learning   int `json:"learning"`
	Locked     int `json:"locked"`
	DueReviews int `json:"due_reviews"`
	// NextReview is the earliest review date of a mastered point.
	NextReview time.Time `json:"next_review,omitzero"`
	Answered   int       `json:"answered"`
	Correct    int       `json:"correct"`
	// Points are in learning order.
	Points []PointSummary `json:"points"`
}

// PointSummary is one point's line in the progress view.
type PointSummary struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Status    Status    `json:"status"`
	PKnown    float64   `json:"p_known"` // now, after decay
	ReviewDue bool      `json:"review_due,omitempty"`
	Due       time.Time `json:"due,omitzero"`
	Answers   int       `json:"answers,omitempty"`
	Right     int       `json:"right,omitempty"`
	// Reopened is the failing point whose redirect re-opened this one.
	Reopened string `json:"reopened,omitempty"`
}

// Summary reports the state's progress at now. It needs the engine for the
// graph (ready or locked) and the decay.
func (e *Engine) Summary(st *State, now time.Time) (Summary, error) {
	if err := e.checkState(st); err != nil {
		return Summary{}, err
	}
	v := e.view(st, now)
	s := Summary{Answered: st.Answered, Correct: st.Correct, Points: make([]PointSummary, 0, len(v.pts))}
	for k, pt := range v.pts {
		kp := e.g.Node(k)
		ps := PointSummary{ID: kp.ID, Name: kp.Name, PKnown: v.known(k), Answers: pt.Answers, Right: pt.Right, Reopened: pt.Via}
		switch {
		case v.mastered[k]:
			ps.Status, ps.Due, ps.ReviewDue = StatusMastered, pt.Due, !pt.Due.After(now)
			s.Mastered++
			if ps.ReviewDue {
				s.DueReviews++
			}
			if s.NextReview.IsZero() || pt.Due.Before(s.NextReview) {
				s.NextReview = pt.Due
			}
		case e.ready(&v, k):
			ps.Status = StatusLearning
			s.Learning++
		default:
			ps.Status = StatusLocked
			s.Locked++
		}
		s.Points = append(s.Points, ps)
	}
	return s, nil
}
