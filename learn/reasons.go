package learn

import (
	"strings"

	"github.com/zhixi-org/zhixi/locale"
	"github.com/zhixi-org/zhixi/practice"
)

// reasonText says an engine reason in Chinese from the message catalogue,
// naming points by their names.
func (s *Service) reasonText(r practice.Reason) string {
	key := "practice." + r.Code
	switch r.Code {
	case practice.ReasonReview:
		return locale.Text(key, locale.Span(r.Elapsed))
	case practice.ReasonContinue:
		return locale.Text(key, percent(r.PKnown), percent(r.PCorrect))
	case practice.ReasonPrerequisite:
		if r.Of > 0 {
			return locale.Text(key+"_counts", s.pointName(r.From), r.Of, r.Wrong, s.pointName(r.Point))
		}
		return locale.Text(key, s.pointName(r.From), s.pointName(r.Point))
	case practice.AttentionNoPrerequisite, practice.AttentionPrerequisitesMastered:
		return locale.Text(key, s.pointName(r.Point), r.Of, r.Wrong)
	case "":
		return ""
	}
	return locale.Text(key)
}

// stepNote says what an answer set off: a redirect to a prerequisite or a
// call for the supervisor.
func (s *Service) stepNote(step *practice.Step) string {
	switch {
	case step.Attention != nil:
		return s.reasonText(*step.Attention)
	case step.Redirect != nil:
		return s.reasonText(step.Redirect.Reason)
	}
	return ""
}

// rule is the engine's mastery and review rule as the student and the
// supervisor read it.
func rule(c practice.Config) string {
	spans := make([]string, len(c.Intervals))
	for i, d := range c.Intervals {
		spans[i] = locale.Span(d)
	}
	return locale.Text("practice.rule", percent(c.MasteryP), c.MasteryStreak, strings.Join(spans, "、"), c.RedirectWindow, c.RedirectWrong)
}

func percent(p float64) int { return int(p*100 + 0.5) }
