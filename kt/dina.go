package kt

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// DINA is the deterministic-input, noisy-and-gate cognitive diagnosis
// model: a student masters a subset of K skills; an item is answered right
// with probability 1-slip if the student masters every skill its Q-matrix
// row requires, else with probability guess. Fitted by marginal maximum
// likelihood (EM) over all 2^K mastery patterns.
type DINA struct {
	Q     [][]bool  `json:"q"`     // item x skill
	Slip  []float64 `json:"slip"`  // per item
	Guess []float64 `json:"guess"` // per item
	Prior []float64 `json:"prior"` // per mastery pattern (bit k = skill k)

	eta [][]bool // pattern x item: masters all required skills
	// logP[j][e][v] = log P(response v on item j | eta e), logPrior[c];
	// refreshed by logs.
	logP     [][2][2]float64
	logPrior []float64
}

func (m *DINA) logs() {
	m.logP = make([][2][2]float64, len(m.Q))
	for j := range m.Q {
		m.logP[j][0] = [2]float64{math.Log(1 - m.Guess[j]), math.Log(m.Guess[j])}
		m.logP[j][1] = [2]float64{math.Log(m.Slip[j]), math.Log(1 - m.Slip[j])}
	}
	m.logPrior = make([]float64, len(m.Prior))
	for c, p := range m.Prior {
		m.logPrior[c] = math.Log(p)
	}
}

// Missing marks an unobserved response in a response matrix.
const Missing = -1

const (
	dinaMaxSkills = 16
	dinaMaxIter   = 500
	dinaTol       = 1e-7
)

// FitDINA fits DINA to responses (student x item, 0, 1 or Missing).
func FitDINA(ctx context.Context, resp [][]int8, q [][]bool) (*DINA, error) {
	if len(q) == 0 || len(q[0]) == 0 {
		return nil, fmt.Errorf("dina: empty Q-matrix")
	}
	nI, nK := len(q), len(q[0])
	if nK > dinaMaxSkills {
		return nil, fmt.Errorf("dina: %d skills, at most %d (2^K mastery patterns)", nK, dinaMaxSkills)
	}
	for i, row := range q {
		if len(row) != nK {
			return nil, fmt.Errorf("dina: Q-matrix row %d has %d skills, row 1 has %d", i+1, len(row), nK)
		}
	}
	for s, row := range resp {
		if len(row) != nI {
			return nil, fmt.Errorf("dina: student %d has %d responses, the Q-matrix has %d items", s+1, len(row), nI)
		}
	}
	m := &DINA{Q: q, Slip: make([]float64, nI), Guess: make([]float64, nI)}
	nC := 1 << nK
	m.Prior = make([]float64, nC)
	for c := range m.Prior {
		m.Prior[c] = 1 / float64(nC)
	}
	for j := range nI {
		m.Slip[j], m.Guess[j] = 0.2, 0.2
	}
	m.patterns()
	post := make([]float64, nC)
	prev := math.Inf(-1)
	for range dinaMaxIter {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Expected counts: right answers and answers among students who
		// master (1) or lack (0) an item's skills.
		r1, n1 := make([]float64, nI), make([]float64, nI)
		r0, n0 := make([]float64, nI), make([]float64, nI)
		prior := make([]float64, nC)
		var ll float64
		m.logs()
		for _, x := range resp {
			ll += m.posterior(x, post)
			for c, p := range post {
				prior[c] += p
				if p < 1e-12 {
					continue
				}
				for j, v := range x {
					if v == Missing {
						continue
					}
					if m.eta[c][j] {
						n1[j] += p
						r1[j] += p * float64(v)
					} else {
						n0[j] += p
						r0[j] += p * float64(v)
					}
				}
			}
		}
		// Beta(1,1)-like pseudo-counts keep rarely informed items finite.
		for j := range nI {
			m.Slip[j] = min((n1[j]-r1[j]+0.1)/(n1[j]+0.2), 0.5)
			m.Guess[j] = min((r0[j]+0.1)/(n0[j]+0.2), 0.5)
		}
		for c := range prior {
			m.Prior[c] = (prior[c] + 1e-3) / (float64(len(resp)) + 1e-3*float64(nC))
		}
		if ll-prev < dinaTol*math.Abs(ll) {
			break
		}
		prev = ll
	}
	m.logs()
	return m, nil
}

func (m *DINA) patterns() {
	nC := len(m.Prior)
	m.eta = make([][]bool, nC)
	for c := range m.eta {
		m.eta[c] = make([]bool, len(m.Q))
		for j, row := range m.Q {
			all := true
			for k, need := range row {
				if need && c>>k&1 == 0 {
					all = false
				}
			}
			m.eta[c][j] = all
		}
	}
}

// posterior writes P(pattern | x) into post and returns log P(x).
func (m *DINA) posterior(x []int8, post []float64) float64 {
	top := math.Inf(-1)
	for c := range post {
		lp := m.logPrior[c]
		eta := m.eta[c]
		for j, v := range x {
			if v == Missing {
				continue
			}
			e := 0
			if eta[j] {
				e = 1
			}
			lp += m.logP[j][e][v]
		}
		post[c] = lp
		top = max(top, lp)
	}
	var sum float64
	for c, lp := range post {
		post[c] = math.Exp(lp - top)
		sum += post[c]
	}
	for c := range post {
		post[c] /= sum
	}
	return top + math.Log(sum)
}

// Predict returns P(right) on every item for a student with responses x
// (Missing where unanswered), and the per-skill mastery probabilities.
func (m *DINA) Predict(x []int8) (items, mastery []float64) {
	if m.eta == nil {
		m.patterns()
	}
	if m.logP == nil {
		m.logs()
	}
	post := make([]float64, len(m.Prior))
	m.posterior(x, post)
	items = make([]float64, len(m.Q))
	mastery = make([]float64, len(m.Q[0]))
	for c, p := range post {
		for j := range items {
			if m.eta[c][j] {
				items[j] += p * (1 - m.Slip[j])
			} else {
				items[j] += p * m.Guess[j]
			}
		}
		for k := range mastery {
			if c>>k&1 == 1 {
				mastery[k] += p
			}
		}
	}
	return items, mastery
}

// EvaluateDINA holds out testFrac of each student's answered items (drawn
// from seed), fits DINA on the rest and scores the held-out predictions.
func EvaluateDINA(ctx context.Context, resp [][]int8, q [][]bool, testFrac float64, seed uint64) (Metrics, error) {
	rng := rand.New(rand.NewPCG(seed, 0xd1a))
	train := make([][]int8, len(resp))
	type cell struct{ s, j int }
	var held []cell
	for s, x := range resp {
		train[s] = append([]int8(nil), x...)
		var answered []int
		for j, v := range x {
			if v != Missing {
				answered = append(answered, j)
			}
		}
		rng.Shuffle(len(answered), func(a, b int) { answered[a], answered[b] = answered[b], answered[a] })
		nTest := int(math.Round(testFrac * float64(len(answered))))
		for _, j := range answered[:nTest] {
			train[s][j] = Missing
			held = append(held, cell{s, j})
		}
	}
	m, err := FitDINA(ctx, train, q)
	if err != nil {
		return Metrics{}, err
	}
	p := make([]float64, len(held))
	y := make([]bool, len(held))
	var cache []float64
	last := -1
	for i, c := range held {
		if c.s != last {
			cache, _ = m.Predict(train[c.s])
			last = c.s
		}
		p[i] = cache[c.j]
		y[i] = resp[c.s][c.j] == 1
	}
	return Score(p, y), nil
}
