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
	return e.summary(st, now, true)
}

// Progress is Summary without the list of points: the counts a tablet
// shows after every answer, at a fraction of the cost (no P(known) with
// its decay, no line per point).
func (e *Engine) Progress(st *State, now time.Time) (Summary, error) {
	return e.summary(st, now, false)
}

func (e *Engine) summary(st *State, now time.Time, points bool) (Summary, error) {
	if err := e.checkState(st); err != nil {
		return Summary{}, err
	}
	v := e.view(st, now)
	return e.summaryOf(st, &v, now, points), nil
}

// summaryOf is the summary of st seen as v.
func (e *Engine) summaryOf(st *State, v *view, now time.Time, points bool) Summary {
	s := Summary{Answered: st.Answered, Correct: st.Correct}
	if points {
		s.Points = make([]PointSummary, 0, len(v.pts))
	}
	for k, pt := range v.pts {
		var status Status
		switch {
		case v.mastered[k]:
			status = StatusMastered
			s.Mastered++
			if !pt.Due.After(now) {
				s.DueReviews++
			}
			if s.NextReview.IsZero() || pt.Due.Before(s.NextReview) {
				s.NextReview = pt.Due
			}
		case e.ready(v, k):
			status = StatusLearning
			s.Learning++
		default:
			status = StatusLocked
			s.Locked++
		}
		if !points {
			continue
		}
		kp := e.g.Node(k)
		ps := PointSummary{ID: kp.ID, Name: kp.Name, Status: status, PKnown: v.known(k), Answers: pt.Answers, Right: pt.Right, Reopened: pt.Via}
		if status == StatusMastered {
			ps.Due, ps.ReviewDue = pt.Due, !pt.Due.After(now)
		}
		s.Points = append(s.Points, ps)
	}
	return s
}
