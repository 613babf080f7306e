package curriculum

import "sort"

// GradeCoverage counts one subject's content in one grade. Items and
// templates count in the grade of their first knowledge point.
type GradeCoverage struct {
	KnowledgePoints int `json:"knowledge_points"`
	// Items are hand-written items; Templates are counted separately.
	Items     int `json:"items"`
	Templates int `json:"templates"`
	// WorkedExamples counts points with a worked example.
	WorkedExamples int `json:"worked_examples"`
	// Calibrated counts items with a calibrated difficulty, slip or guess.
	Calibrated int `json:"calibrated"`
}

// Coverage counts a subject's content per grade (1-12); grades without
// knowledge points are absent.
func (b *Bank) Coverage(subject string) map[int]*GradeCoverage {
	out := map[int]*GradeCoverage{}
	s := b.subjects[subject]
	if s == nil {
		return out
	}
	at := func(kps []string) *GradeCoverage {
		if len(kps) == 0 {
			return nil
		}
		g := b.Grade(kps[0])
		if g == 0 {
			return nil
		}
		if out[g] == nil {
			out[g] = &GradeCoverage{}
		}
		return out[g]
	}
	for i := range s.KnowledgePoints {
		kp := &s.KnowledgePoints[i]
		if c := at([]string{kp.ID}); c != nil {
			c.KnowledgePoints++
			if kp.Example != nil {
				c.WorkedExamples++
			}
		}
	}
	for i := range s.Items {
		it := &s.Items[i]
		if c := at(it.KnowledgePoints); c != nil {
			c.Items++
			if it.Difficulty != nil || it.Slip != nil || it.Guess != nil {
				c.Calibrated++
			}
		}
	}
	for _, t := range b.templates {
		if len(t.KnowledgePoints) > 0 && subjectPrefix(t.KnowledgePoints[0]) == subject {
			if c := at(t.KnowledgePoints); c != nil {
				c.Templates++
			}
		}
	}
	return out
}

// Grades lists the grades in which a subject has knowledge points.
func (b *Bank) Grades(subject string) []int {
	var gs []int
	for g, c := range b.Coverage(subject) {
		if c.KnowledgePoints > 0 {
			gs = append(gs, g)
		}
	}
	sort.Ints(gs)
	return gs
}

// Covers says whether a subject's content covers a grade: some knowledge
// point of exactly that grade has items or templates. A student is offered
// a subject only where it does, so a 高二 student is not screened on
// 初中 content alone.
func (b *Bank) Covers(subject string, grade int) bool {
	for id, e := range b.kps {
		if e.subject == subject && b.Grade(id) == grade && b.ItemCount(id) > 0 {
			return true
		}
	}
	return false
}
