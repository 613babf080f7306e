package kt

import "context"

// Elo is an Elo-style online rating model (Pelánek 2016):
// P(right) = sigmoid(theta + theta_skill - b_item). After each answer the
// ratings move by K(n) * (outcome - P), with K(n) = eloAlpha/(1+eloBeta*n)
// shrinking as a rating accumulates answers. Fitting replays the training
// students to rate the items; a new student's ratings start at 0 and
// update online while item ratings stay fixed.
type Elo struct {
	Difficulty []float64 // by item index
	meanB      float64
}

const (
	eloAlpha = 1.0
	eloBeta  = 0.05
)

func eloK(n float64) float64 { return eloAlpha / (1 + eloBeta*n) }

// Fit implements Model.
func (m *Elo) Fit(ctx context.Context, d *Dataset) error {
	nI := len(d.Vocab.Items)
	m.Difficulty = make([]float64, nI)
	count := make([]float64, nI)
	for i := range d.Seqs {
		if err := ctx.Err(); err != nil {
			return err
		}
		l := m.NewLearner().(*eloLearner)
		d.Seqs[i].Steps(func(rows []Row) {
			ps := make([]float64, len(rows))
			for j := range rows {
				ps[j] = l.Predict(&rows[j])
			}
			for j := range rows {
				r := &rows[j]
				y := 0.0
				if r.Correct {
					y = 1
				}
				m.Difficulty[r.Item] -= eloK(count[r.Item]) * (y - ps[j])
				count[r.Item]++
				l.Update(r)
			}
		})
	}
	var sum, n float64
	for i, b := range m.Difficulty {
		sum += b * count[i]
		n += count[i]
	}
	m.meanB = sum / max(n, 1)
	return nil
}

// NewLearner implements Model.
func (m *Elo) NewLearner() Learner { return &eloLearner{m: m, skill: map[int32][2]float64{}} }

type eloLearner struct {
	m            *Elo
	theta, count float64
	skill        map[int32][2]float64 // rating, answers
}

func (l *eloLearner) logit(r *Row) float64 {
	b := l.m.meanB
	if int(r.Item) < len(l.m.Difficulty) {
		b = l.m.Difficulty[r.Item]
	}
	z := l.theta - b
	for _, k := range r.Skills {
		z += l.skill[k][0] / float64(len(r.Skills))
	}
	return z
}

func (l *eloLearner) Predict(r *Row) float64 { return sigmoid(l.logit(r)) }

func (l *eloLearner) Update(r *Row) {
	y := 0.0
	if r.Correct {
		y = 1
	}
	e := y - sigmoid(l.logit(r))
	l.theta += eloK(l.count) * e
	l.count++
	for _, k := range r.Skills {
		s := l.skill[k]
		s[0] += eloK(s[1]) * e
		s[1]++
		l.skill[k] = s
	}
}
