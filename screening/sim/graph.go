// Package sim evaluates the screening engine on simulated students: it
// generates curriculum-like graphs, draws true knowledge states from
// several populations, answers with slips and guesses, and compares the
// engine with baselines and with an oracle that knows the population.
package sim

import (
	"fmt"
	"math/rand/v2"

	"github.com/zhixi-org/zhixi/curriculum"
)

// GraphSpec describes a generated curriculum-like graph.
type GraphSpec struct {
	Points      int // number of knowledge points
	Grades      int // grades 1..Grades, equal share of points each
	Strands     int // parallel strands (number, shape, algebra, data ...)
	ItemsPerKP  int
	Slip, Guess float64
	Seed        uint64
}

// Generate builds a graph layered by grade and shaped like the shipped
// maths (compare with `zhixi sim --graph-stats`): points come in chapters
// of two to six within parallel strands (number, shape, algebra, data
// ...). A chapter's first point builds on a point of the strand's previous
// chapter (usually a late one); a later point mostly continues the
// chapter, sometimes branches from an earlier point of it. Half the points
// also need a recent point of any strand (within about two grades), and
// one in thirty a point from anywhere before. With a strand per twelve
// points (as `zhixi sim` builds gen:N) that gives about 1.45 prerequisites
// per point, chains of 20-30 points and 30-35 ancestors per point, close to
// the shipped maths; an earlier generator that chained every strand's
// points had 10^5 downsets on 144 points where the maths has 10^17 on 165,
// and made screening far too easy. Every point
// gets ItemsPerKP one-point items, and one item in ten also needs one of
// the point's prerequisites.
func Generate(spec GraphSpec) *curriculum.Subject {
	r := rand.New(rand.NewPCG(spec.Seed, 0x6772617068))
	subj := &curriculum.Subject{ID: fmt.Sprintf("gen%d", spec.Points), Name: "generated"}
	chapter := make([][]int, spec.Strands) // the strand's current chapter
	prevChapter := make([][]int, spec.Strands)
	left := make([]int, spec.Strands) // points still to come in the chapter
	for i := range spec.Points {
		grade := 1 + i*spec.Grades/spec.Points
		strand := r.IntN(spec.Strands)
		kp := curriculum.KnowledgePoint{ID: fmt.Sprintf("k%04d", i), Name: fmt.Sprintf("point %d", i), Grade: grade}
		pre := map[int]bool{}
		if left[strand] == 0 {
			prevChapter[strand], chapter[strand] = chapter[strand], nil
			left[strand] = 2 + r.IntN(5)
			if pc := prevChapter[strand]; len(pc) > 0 {
				// a late point of the previous chapter, usually its last
				pre[pc[max(0, len(pc)-1-r.IntN(2)*r.IntN(len(pc)))]] = true
			}
		} else {
			ch := chapter[strand]
			if r.Float64() < 0.75 {
				pre[ch[len(ch)-1]] = true
			} else {
				pre[ch[r.IntN(len(ch))]] = true
			}
		}
		if i > 0 && r.Float64() < 0.5 {
			span := min(i, max(2, 2*spec.Points/spec.Grades))
			pre[i-1-r.IntN(span)] = true
		}
		if i > 0 && r.Float64() < 0.03 {
			pre[r.IntN(i)] = true
		}
		for j := range i {
			if pre[j] {
				kp.Prerequisites = append(kp.Prerequisites, fmt.Sprintf("k%04d", j))
			}
		}
		chapter[strand] = append(chapter[strand], i)
		left[strand]--
		subj.KnowledgePoints = append(subj.KnowledgePoints, kp)
	}
	for i, kp := range subj.KnowledgePoints {
		for j := range spec.ItemsPerKP {
			it := curriculum.Item{ID: fmt.Sprintf("q%04d-%d", i, j), Type: curriculum.FillNumber, KnowledgePoints: []string{kp.ID}}
			if r.IntN(10) == 0 && len(kp.Prerequisites) > 0 {
				it.KnowledgePoints = append(it.KnowledgePoints, kp.Prerequisites[r.IntN(len(kp.Prerequisites))])
			}
			slip, guess := spec.Slip, spec.Guess
			it.Slip, it.Guess = &slip, &guess
			subj.Items = append(subj.Items, it)
		}
	}
	return subj
}
