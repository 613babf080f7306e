// Package report turns a finished screening into the family's 解读 report:
// a short summary, the root causes with the chain of points each one
// holds back, the evidence (the questions and the child's answers) behind
// every conclusion, a knowledge map, a bar per chapter, a child-friendly
// version and progress since the screening. It reads nothing itself: the
// caller hands it the screening's result, the content and the answers.
package report

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
	"github.com/zhixi-org/zhixi/locale"
	"github.com/zhixi-org/zhixi/screening"
)

// Input is what a report is built from.
type Input struct {
	Student     *zhixi.Student
	Subject     string
	ScreeningID int64
	FinishedAt  time.Time
	Result      *screening.Result
	Content     *curriculum.Bank
	// Attempts are the student's answers; those of this screening supply
	// the child's own answers as evidence, later practice the progress.
	Attempts []zhixi.Attempt
	// Visits are the student's room visits since the screening.
	Visits []zhixi.Attendance
}

// Report is the 解读 of one screening.
type Report struct {
	ScreeningID int64
	StudentID   int64
	StudentName string
	Grade       int
	Subject     string
	SubjectName string
	Date        time.Time
	Questions   int
	// Summary is a few plain sentences a grandparent can read first.
	Summary []string
	// Stopped says why the screening ended.
	Stopped                          string
	Mastered, NotMastered, Uncertain int
	Causes                           []Cause
	// Path is what can be learnt now: not mastered, every prerequisite
	// mastered, in learning order.
	Path     []*Point
	Points   []*Point
	Chapters []Chapter
	Kid      Kid
	Progress Progress
}

// Point is one knowledge point of the scope with its conclusion.
type Point struct {
	ID, Name    string
	Grade       int
	Chapter     string
	Explanation string
	State       screening.State
	P           float64
	// Prerequisites are the point's direct prerequisites inside the scope.
	Prerequisites []string
	Root          bool
	// Evidence are the questions that decided the point, with the answers.
	Evidence  []Answer
	PriorOnly bool
}

// StateName is the state in Chinese.
func (p *Point) StateName() string { return locale.Text("report.state." + string(p.State)) }

// Answer is one question and what the child answered.
type Answer struct {
	ItemID   string
	Stem     string
	Response string
	Outcome  screening.Outcome
	// How: direct (a question on the point), from a later point answered
	// right, or from an earlier point answered wrong.
	How string
}

// OutcomeName is the outcome in Chinese.
func (a Answer) OutcomeName() string { return locale.Text("report.outcome." + string(a.Outcome)) }

// HowName says in Chinese how the answer bears on the point.
func (a Answer) HowName() string { return locale.Text("report.how." + a.How) }

// Cause is a root cause: the earliest missing point, what it holds back,
// and the sentence that says so.
type Cause struct {
	Point    *Point
	Affected []*Point
	Sentence string
	// Failed are the wrong or skipped questions it explains.
	Failed []Answer
	// Unsure names prerequisites still uncertain: the cause may lie earlier.
	Unsure []string
	// Foundations name the point's prerequisites in other subjects
	// ("数学·比和比例"): not screened here, but worth a look.
	Foundations []string
}

// Chapter counts a chapter's points by state for the bar chart.
type Chapter struct {
	ID, Name                         string
	Grade                            int
	Mastered, NotMastered, Uncertain int
}

// Total is the chapter's number of points.
func (c Chapter) Total() int { return c.Mastered + c.NotMastered + c.Uncertain }

// Kid is the version for the student: what they can do and what comes
// next, never a list of failures.
type Kid struct {
	Can      []string
	CanMore  int
	Next     []string
	Greeting string
	Cheer    string
}

// Build makes the report.
func Build(in Input) *Report {
	res := in.Result
	r := &Report{ScreeningID: in.ScreeningID, StudentID: in.Student.ID, StudentName: in.Student.Name, Grade: in.Student.Grade,
		Subject: in.Subject, SubjectName: curriculum.Subjects[in.Subject], Date: in.FinishedAt, Questions: res.Questions}
	if r.SubjectName == "" {
		r.SubjectName = in.Subject
	}
	if res.Stopped != "" {
		r.Stopped = locale.Text("report.stopped." + res.Stopped)
	}
	answers := map[string]zhixi.Attempt{}
	for _, a := range in.Attempts {
		if a.Source == "screening" && a.SessionID == in.ScreeningID {
			answers[a.ItemID] = a
		}
	}
	answer := func(resp screening.Response, how string) Answer {
		a := Answer{ItemID: resp.Item, Outcome: resp.Outcome, How: how, Response: answers[resp.Item].Response}
		if it, ok := in.Content.Item(resp.Item); ok {
			a.Stem = it.Stem
		}
		return a
	}
	byID := map[string]*Point{}
	for _, pr := range res.KnowledgePoints {
		p := &Point{ID: pr.ID, Name: pr.Name, State: pr.State, P: pr.P, PriorOnly: pr.Evidence.PriorOnly}
		if kp, ok := in.Content.KnowledgePoint(pr.ID); ok {
			p.Name, p.Grade, p.Chapter, p.Explanation = kp.Name, kp.Grade, kp.Chapter, kp.Explanation
		}
		for _, e := range pr.Evidence.Direct {
			p.Evidence = append(p.Evidence, answer(e, "direct"))
		}
		for _, e := range pr.Evidence.FromDependents {
			p.Evidence = append(p.Evidence, answer(e, "dependent"))
		}
		for _, e := range pr.Evidence.FromPrerequisites {
			p.Evidence = append(p.Evidence, answer(e, "prerequisite"))
		}
		switch p.State {
		case screening.Mastered:
			r.Mastered++
		case screening.NotMastered:
			r.NotMastered++
		default:
			r.Uncertain++
		}
		r.Points = append(r.Points, p)
		byID[p.ID] = p
	}
	g, _ := in.Content.Graph(in.Subject)
	for _, p := range r.Points {
		if kp, ok := in.Content.KnowledgePoint(p.ID); ok {
			for _, pre := range kp.Prerequisites {
				if _, in := byID[pre]; in {
					p.Prerequisites = append(p.Prerequisites, pre)
				}
			}
		}
	}
	for _, rc := range res.RootCauses {
		p := byID[rc.ID]
		if p == nil {
			continue
		}
		p.Root = true
		c := Cause{Point: p, Affected: affected(g, byID, p.ID)}
		for _, item := range rc.Explains {
			c.Failed = append(c.Failed, answer(screening.Response{Item: item, Outcome: outcomeOf(answers[item])}, "direct"))
		}
		for _, id := range rc.UncertainPrerequisites {
			if q := byID[id]; q != nil {
				c.Unsure = append(c.Unsure, q.Name)
			}
		}
		for _, pk := range in.Content.CrossPrerequisites(p.ID) {
			if sid, ok := in.Content.SubjectOf(pk.ID); ok {
				c.Foundations = append(c.Foundations, in.Content.Subject(sid).Name+"·"+pk.Name)
			}
		}
		c.Sentence = ChainSentence(p.Name, names(c.Affected))
		r.Causes = append(r.Causes, c)
	}
	for _, id := range res.ReadyToLearn {
		if p := byID[id]; p != nil {
			r.Path = append(r.Path, p)
		}
	}
	r.Chapters = chapters(in.Content, r.Points)
	r.Summary = summary(r)
	r.Kid = kid(r)
	r.Progress = progress(r, in)
	return r
}

func outcomeOf(a zhixi.Attempt) screening.Outcome {
	switch {
	case a.Skipped:
		return screening.Skip
	case a.Correct:
		return screening.Correct
	}
	return screening.Incorrect
}

// affected lists the points of the scope that depend, directly or not, on
// id and are not mastered: the chain a root cause holds back, in
// learning order.
func affected(g *curriculum.Graph, byID map[string]*Point, id string) []*Point {
	if g == nil {
		return nil
	}
	start, ok := g.Index(id)
	if !ok {
		return nil
	}
	seen := map[int]bool{}
	stack := slices.Clone(g.Dependents(start))
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[j] {
			continue
		}
		seen[j] = true
		stack = append(stack, g.Dependents(j)...)
	}
	var out []int
	for j := range seen {
		if p := byID[g.Node(j).ID]; p != nil && p.State != screening.Mastered {
			out = append(out, j)
		}
	}
	sort.Ints(out) // the graph's order is topological: learning order
	ps := make([]*Point, len(out))
	for i, j := range out {
		ps[i] = byID[g.Node(j).ID]
	}
	return ps
}

func names(ps []*Point) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// chainNames is how many affected points a chain sentence names before
// "等 N 个知识点".
const chainNames = 3

// ChainSentence says what a missing point holds back:
// 因为'分数的加减法'还没掌握，'分数乘除法”一元一次方程'也受影响。
func ChainSentence(cause string, affected []string) string {
	if len(affected) == 0 {
		return locale.Text("report.chain_alone", cause)
	}
	shown := affected[:min(len(affected), chainNames)]
	list := "'" + strings.Join(shown, "''") + "'"
	if len(affected) > chainNames {
		list += locale.Text("report.chain_more", len(affected))
	}
	return locale.Text("report.chain", cause, list)
}

func chapters(content *curriculum.Bank, ps []*Point) []Chapter {
	var out []Chapter
	at := map[string]int{}
	for _, p := range ps {
		i, ok := at[p.Chapter]
		if !ok {
			c := Chapter{ID: p.Chapter, Name: p.Chapter, Grade: p.Grade}
			if ch, found := content.Chapter(p.Chapter); found {
				c.Name, c.Grade = ch.Name, ch.Grade
			}
			if c.Name == "" {
				c.Name = locale.Text("report.no_chapter")
			}
			i = len(out)
			at[p.Chapter] = i
			out = append(out, c)
		}
		switch p.State {
		case screening.Mastered:
			out[i].Mastered++
		case screening.NotMastered:
			out[i].NotMastered++
		default:
			out[i].Uncertain++
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Grade < out[b].Grade })
	return out
}

// summary is the report's opening in plain Chinese.
func summary(r *Report) []string {
	total := r.Mastered + r.NotMastered + r.Uncertain
	s := []string{locale.Text("report.summary.counts", r.StudentName, r.SubjectName, r.Questions, total, r.Mastered, r.NotMastered, r.Uncertain)}
	switch len(r.Causes) {
	case 0:
		if r.NotMastered == 0 {
			s = append(s, locale.Text("report.summary.no_gaps"))
		} else {
			s = append(s, locale.Text("report.summary.no_causes"))
		}
	default:
		var ns []string
		for _, c := range r.Causes {
			ns = append(ns, "'"+c.Point.Name+"'")
		}
		s = append(s, locale.Text("report.summary.causes", len(r.Causes), strings.Join(ns, "、")))
	}
	if len(r.Path) > 0 {
		s = append(s, locale.Text("report.summary.next", r.Path[0].Name))
	}
	return s
}

// kidCan is how many mastered points the child version lists by name.
const kidCan = 8

func kid(r *Report) Kid {
	k := Kid{Greeting: locale.Text("report.kid.greeting", r.StudentName, r.Questions)}
	// The latest mastered points first: they are the child's proudest.
	for i := len(r.Points) - 1; i >= 0; i-- {
		if p := r.Points[i]; p.State == screening.Mastered {
			if len(k.Can) < kidCan {
				k.Can = append(k.Can, p.Name)
			} else {
				k.CanMore++
			}
		}
	}
	for _, p := range r.Path[:min(len(r.Path), 3)] {
		k.Next = append(k.Next, p.Name)
	}
	k.Cheer = locale.Text("report.kid.cheer")
	return k
}
