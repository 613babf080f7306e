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

// Generate builds a graph layered by grade: each point continues its
// strand (an edge from the strand's previous point) and has up to two more
// prerequisites among earlier points, mostly from the same or the previous
// grade, sometimes across strands. Every point gets ItemsPerKP one-point
// items, and one item in ten also needs one of the point's prerequisites.
func Generate(spec GraphSpec) *curriculum.Subject {
	r := rand.New(rand.NewPCG(spec.Seed, 0x6772617068))
	subj := &curriculum.Subject{ID: fmt.Sprintf("gen%d", spec.Points), Name: "generated"}
	type node struct{ grade, strand int }
	var nodes []node
	last := make([]int, spec.Strands)
	for s := range last {
		last[s] = -1
	}
	for i := range spec.Points {
		grade := 1 + i*spec.Grades/spec.Points
		strand := r.IntN(spec.Strands)
		kp := curriculum.KnowledgePoint{ID: fmt.Sprintf("k%04d", i), Name: fmt.Sprintf("point %d", i), Grade: grade}
		pre := map[int]bool{}
		if last[strand] >= 0 {
			pre[last[strand]] = true
		}
		extra := r.IntN(3)
		for range extra {
			if i == 0 {
				break
			}
			// mostly recent points: search back within about two grades
			span := min(i, max(2, 2*spec.Points/spec.Grades))
			j := i - 1 - r.IntN(span)
			if r.Float64() < 0.15 {
				j = r.IntN(i)
			}
			pre[j] = true
		}
		for j := range i {
			if pre[j] {
				kp.Prerequisites = append(kp.Prerequisites, fmt.Sprintf("k%04d", j))
			}
		}
		last[strand] = i
		nodes = append(nodes, node{grade, strand})
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
