package loadtest

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/zhixi-org/zhixi/curriculum"
)

// A learner's answers are right with probability 1-slip when it knows
// every point an item tests, and guess otherwise.
const (
	slip  = 0.1
	guess = 0.2
	// learnRate is the chance that practising a point the learner does not
	// know yet (with its prerequisites known) teaches it.
	learnRate = 0.15
)

// learner is a simulated student's hidden knowledge of one subject: a
// down-closed set of points of the subject's prerequisite graph, drawn
// from an ability and the student's grade. It is drawn here, not from the
// screening engine's prior, so the server is driven by a state its engine
// did not make.
type learner struct {
	graph *curriculum.Graph
	known []bool
	r     *rand.Rand
}

func newLearner(b *curriculum.Bank, subject string, grade int, seed uint64) (*learner, error) {
	g, err := b.Graph(subject)
	if err != nil {
		return nil, err
	}
	l := &learner{graph: g, known: make([]bool, g.Len()), r: rand.New(rand.NewPCG(seed, 0x6c6561726e6572))}
	ability := l.r.NormFloat64()
	// Graph indices are in topological order, so prerequisites come first.
	for i := range g.Len() {
		if !l.ready(i) {
			continue
		}
		x := ability + 0.5 + 1.2*float64(grade-g.Node(i).Grade)
		l.known[i] = l.r.Float64() < 1/(1+math.Exp(-x))
	}
	return l, nil
}

// ready reports whether every prerequisite of point i is known.
func (l *learner) ready(i int) bool {
	for _, p := range l.graph.Prerequisites(i) {
		if !l.known[p] {
			return false
		}
	}
	return true
}

func (l *learner) knows(it *curriculum.Item) bool {
	for _, kp := range it.KnowledgePoints {
		if i, ok := l.graph.Index(kp); !ok || !l.known[i] {
			return false
		}
	}
	return true
}

// respond answers an item: the right answer, a wrong one, or a skip
// ("I don't know").
func (l *learner) respond(it *curriculum.Item) (answer string, skip bool) {
	p := guess
	if l.knows(it) {
		p = 1 - slip
	}
	if l.r.Float64() < p {
		return it.Answer, false
	}
	if l.r.Float64() < 0.25 {
		return "", true
	}
	if w := l.wrong(it); w != "" {
		return w, false
	}
	return "", true
}

// practise may teach the points of an item just practised whose
// prerequisites are known.
func (l *learner) practise(it *curriculum.Item) {
	for _, kp := range it.KnowledgePoints {
		if i, ok := l.graph.Index(kp); ok && !l.known[i] && l.ready(i) && l.r.Float64() < learnRate {
			l.known[i] = true
		}
	}
}

// wrong returns a well-formed answer the checker judges wrong, or "".
func (l *learner) wrong(it *curriculum.Item) string {
	var cands []string
	switch it.Type {
	case curriculum.SingleChoice, curriculum.MultiChoice:
		for i := range it.Options {
			cands = append(cands, string(rune('A'+i)))
		}
	case curriculum.TrueFalse:
		cands = []string{"对", "错"}
	case curriculum.FillNumber:
		cands = []string{"0", "1", strconv.Itoa(2 + l.r.IntN(97))}
	case curriculum.FillExpr:
		cands = []string{"0", "x+1", "2"}
	default:
		cands = []string{"不知道", "abc"}
	}
	l.r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	i := slices.IndexFunc(cands, func(c string) bool {
		v, err := curriculum.Check(it, c)
		return err == nil && !v.Correct && !v.Malformed
	})
	if i < 0 {
		return ""
	}
	return cands[i]
}
