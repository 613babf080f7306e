package practice

import (
	"encoding/json"
	"time"
)

// Reason says why the engine chose an item, or what an answer set off.
// Code names it (the message catalogue says it in Chinese under
// "practice."+Code); the other fields are its arguments. Nothing the
// engine returns or stores is prose.
type Reason struct {
	Code  string `json:"code"`
	Point string `json:"point,omitempty"` // the point concerned
	// From is the failing point a prerequisite redirect came from.
	From string `json:"from,omitempty"`
	// PKnown and PCorrect are the point's P(known) now and the item's
	// predicted P(correct) (ReasonContinue).
	PKnown   float64 `json:"p_known,omitempty"`
	PCorrect float64 `json:"p_correct,omitempty"`
	// Elapsed is the time since the point's last answer (ReasonReview).
	Elapsed time.Duration `json:"elapsed,omitempty"`
	// Wrong of the last Of answers on From (a redirect) or Point (an
	// attention) were wrong.
	Wrong int `json:"wrong,omitempty"`
	Of    int `json:"of,omitempty"`
}

// Reason codes of a choice.
const (
	ReasonReview       = "review"       // a mastered point's knowledge check is due
	ReasonRelearn      = "relearn"      // a failed review returned the point to learning
	ReasonContinue     = "continue"     // the point being learnt
	ReasonNewRoot      = "new_root"     // a new point without prerequisites
	ReasonNew          = "new"          // a new point whose prerequisites are mastered
	ReasonPrerequisite = "prerequisite" // repeated failure on From re-opened Point
	ReasonPath         = "path"         // a point of the screening's learning path
	ReasonNextOnPath   = "next_on_path" // offered at a rest: the next point on the path, an item shown before
	ReasonReviewEarly  = "review_early" // offered at a rest: a review before it is due
)

// Rest codes: why Next found nothing to show now (Rest.Code).
const (
	RestAllMastered = "rest_all_mastered" // every point mastered, no review due
	RestRecent      = "rest_recent"       // the items left were all shown in the last answers or minutes
	RestNoItems     = "rest_no_items"     // the points left to learn have no items
)

// Offers at a rest (Engine.Offer).
const (
	OfferNext   = "next"   // the next point on the learning path
	OfferReview = "review" // a review of a mastered point ahead of its date
)

// Attention codes: repeated failure on a point with nowhere to go back to,
// so a supervisor should explain it.
const (
	AttentionNoPrerequisite        = "attention_no_prerequisite"
	AttentionPrerequisitesMastered = "attention_prerequisites_mastered"
)

// UnmarshalJSON reads a reason, and a state saved before reasons were
// codes (a Chinese sentence) as no reason: the choice stays valid.
func (r *Reason) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*r = Reason{}
		return nil
	}
	type plain Reason
	return json.Unmarshal(b, (*plain)(r))
}
