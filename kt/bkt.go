package kt

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// BKTParams are one knowledge point's Bayesian knowledge tracing
// parameters: a two-state hidden Markov model (known / not known) with
// noisy answers. They are what the practice engine stores per knowledge
// point.
type BKTParams struct {
	Prior  float64 `json:"prior"`  // P(known) before the first answer
	Learn  float64 `json:"learn"`  // P(not known -> known) after an answer
	Forget float64 `json:"forget"` // P(known -> not known) after an answer; 0 in classic BKT
	Slip   float64 `json:"slip"`   // P(wrong | known)
	Guess  float64 `json:"guess"`  // P(right | not known)
}

// PCorrect is P(right answer) given P(known).
func (p BKTParams) PCorrect(known float64) float64 {
	return known*(1-p.Slip) + (1-known)*p.Guess
}

// Update returns P(known) before the next answer, given P(known) before
// this one and its outcome: the Bayes posterior, then one learning step.
// Callers that keep P(known) as one number (the practice engine) would lose
// P(not known) to rounding after a long run of right answers, so the
// result stays within [updateFloor, 1-updateFloor]: a later run of wrong
// answers can always bring it down again.
func (p BKTParams) Update(known float64, correct bool) float64 {
	_, k := p.step(1-known, known, correct)
	return min(max(k, updateFloor), 1-updateFloor)
}

// updateFloor bounds Update's result away from 0 and 1; at 1e-6 about seven
// wrong answers (with slip .1, guess .25) bring a certain point back to
// even odds.
const updateFloor = 1e-6

// step is Update on both states, P(not known) u and P(known) k, kept
// apart: after a long run of right answers u falls below 1e-16, where
// 1-k would round it to 0 for good (without forgetting no run of wrong
// answers could then bring it back).
func (p BKTParams) step(u, k float64, correct bool) (float64, float64) {
	if correct {
		u, k = u*p.Guess, k*(1-p.Slip)
	} else {
		u, k = u*(1-p.Guess), k*p.Slip
	}
	z := u + k
	u, k = u/z, k/z
	return k*p.Forget + u*(1-p.Learn), k*(1-p.Forget) + u*p.Learn
}

// Validate reports parameters outside (0,1) (Forget may be 0).
func (p BKTParams) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"prior", p.Prior}, {"learn", p.Learn}, {"slip", p.Slip}, {"guess", p.Guess}} {
		if !(f.v > 0 && f.v < 1) {
			return fmt.Errorf("bkt %s = %v, want a probability strictly between 0 and 1", f.name, f.v)
		}
	}
	if !(p.Forget >= 0 && p.Forget < 1) {
		return fmt.Errorf("bkt forget = %v, want 0 <= forget < 1", p.Forget)
	}
	return nil
}

// BKT fits BKTParams per skill by EM (Baum-Welch) with random restarts,
// keeping the restart of highest likelihood. Skills and restarts are
// fitted in parallel; each restart draws from its own seeded stream, so
// results do not depend on scheduling.
type BKT struct {
	Options
	Forget bool // fit the forgetting probability too

	Skills  []BKTParams // by Vocab skill index
	Default BKTParams   // for skills unseen in training: observation-weighted mean
	LogLik  float64     // of the training data under the fitted parameters
	names   []string    // skill names, by index
}

// BKTModel is the serialisable form of a fitted BKT: parameters by
// knowledge-point name. The practice engine loads it (JSON) to track
// P(known) per knowledge point with BKTParams.Update.
type BKTModel struct {
	Forget  bool                 `json:"forget"`
	Default BKTParams            `json:"default"`
	Skills  map[string]BKTParams `json:"skills"`
}

// Params returns the parameters of a knowledge point, Default if it was
// not in the training data.
func (m *BKTModel) Params(kp string) BKTParams {
	if p, ok := m.Skills[kp]; ok {
		return p
	}
	return m.Default
}

// Export returns the fitted parameters by skill name.
func (b *BKT) Export() *BKTModel {
	m := &BKTModel{Forget: b.Forget, Default: b.Default, Skills: make(map[string]BKTParams, len(b.names))}
	for k, name := range b.names {
		m.Skills[name] = b.Skills[k]
	}
	return m
}

// EM settings: at most bktMaxIter iterations per restart, stopping early
// when the log-likelihood gains less than bktTol per observation. pyBKT
// stops at a total gain below 1 (its log-likelihood is an integer), the
// same as 1e-4 per observation on a skill of 10,000 answers; on the DKT
// split 1e-4 gives the AUC of 1e-5 (within .0005) in 37% less CPU.
const (
	bktMaxIter = 100
	bktTol     = 1e-4
	probFloor  = 1e-6
)

// skillSeqs holds one skill's per-student outcome sequences, identical
// sequences merged with a weight (short sequences repeat a lot).
type skillSeqs struct {
	obs   []bool
	end   []int32
	w     []float64
	total float64 // weighted number of observations
}

// bktSequences splits the data into per-skill outcome sequences. A row
// with several skills is an observation of each.
func bktSequences(d *Dataset) []skillSeqs {
	nSkills := len(d.Vocab.Skills)
	counts := make([]map[string]float64, nSkills)
	for i := range counts {
		counts[i] = map[string]float64{}
	}
	per := make([][]byte, nSkills)
	var touched []int32
	for si := range d.Seqs {
		for _, r := range d.Seqs[si].Rows {
			for _, k := range r.Skills {
				if len(per[k]) == 0 {
					touched = append(touched, k)
				}
				b := byte('0')
				if r.Correct {
					b = '1'
				}
				per[k] = append(per[k], b)
			}
		}
		for _, k := range touched {
			counts[k][string(per[k])]++
			per[k] = per[k][:0]
		}
		touched = touched[:0]
	}
	out := make([]skillSeqs, nSkills)
	for k, m := range counts {
		keys := make([]string, 0, len(m))
		for s := range m {
			keys = append(keys, s)
		}
		sort.Strings(keys)
		ss := &out[k]
		for _, s := range keys {
			for i := 0; i < len(s); i++ {
				ss.obs = append(ss.obs, s[i] == '1')
			}
			ss.end = append(ss.end, int32(len(ss.obs)))
			ss.w = append(ss.w, m[s])
			ss.total += m[s] * float64(len(s))
		}
	}
	return out
}

// Fit implements Model.
func (b *BKT) Fit(ctx context.Context, d *Dataset) error {
	seqs := bktSequences(d)
	b.names = d.Vocab.Skills[:len(seqs):len(seqs)]
	restarts := max(b.Restarts, 1)
	type fit struct {
		p  BKTParams
		ll float64
	}
	fits := make([]fit, len(seqs)*restarts)
	order := bySizeDesc(len(seqs), func(i int) int { return len(seqs[i].obs) })
	bufs := make(chan *emBuf, b.workers())
	for range b.workers() {
		bufs <- &emBuf{}
	}
	err := parallel(ctx, len(fits), b.workers(), func(j int) {
		k, r := order[j/restarts], j%restarts
		if len(seqs[k].obs) == 0 {
			fits[k*restarts+r] = fit{ll: math.Inf(-1)}
			return
		}
		rng := rand.New(rand.NewPCG(b.Seed, uint64(k)<<20|uint64(r)))
		buf := <-bufs
		p, ll := emBKT(&seqs[k], randomBKT(rng, b.Forget), b.Forget, buf)
		bufs <- buf
		if math.IsNaN(ll) || p.Validate() != nil {
			ll = math.Inf(-1) // a diverged restart never wins
		}
		fits[k*restarts+r] = fit{p, ll}
	})
	if err != nil {
		return err
	}
	b.Skills = make([]BKTParams, len(seqs))
	b.LogLik = 0
	var mean [5]float64
	var total float64
	for k := range seqs {
		best := fits[k*restarts]
		for _, f := range fits[k*restarts+1 : (k+1)*restarts] {
			if f.ll > best.ll {
				best = f
			}
		}
		b.Skills[k] = best.p
		if seqs[k].total == 0 {
			continue
		}
		if err := best.p.Validate(); err != nil {
			return fmt.Errorf("skill %s: every EM restart diverged: %w", d.Vocab.Skills[k], err)
		}
		b.LogLik += best.ll
		w := seqs[k].total
		total += w
		for i, v := range []float64{best.p.Prior, best.p.Learn, best.p.Forget, best.p.Slip, best.p.Guess} {
			mean[i] += w * v
		}
	}
	if total == 0 {
		return fmt.Errorf("no answers to fit")
	}
	b.Default = BKTParams{mean[0] / total, mean[1] / total, mean[2] / total, mean[3] / total, mean[4] / total}
	for k := range seqs {
		if seqs[k].total == 0 {
			b.Skills[k] = b.Default
		}
	}
	return nil
}

// randomBKT draws an EM start from pyBKT's ranges (random_model_uni.py):
// prior U(0,1), learn U(0,.4), guess U(0,.4), slip U(0,.3). Forget is
// drawn from U(0,.3), not pyBKT's U(0,1) (Model._fit): on the DKT split
// both reach AUC .8266, and the narrower range fits in 30% less CPU.
func randomBKT(rng *rand.Rand, forget bool) BKTParams {
	u := func(hi float64) float64 { return probFloor + (hi-2*probFloor)*rng.Float64() }
	p := BKTParams{Prior: u(1), Learn: u(0.4), Guess: u(0.4), Slip: u(0.3)}
	if forget {
		p.Forget = u(0.3)
	}
	return p
}

type emBuf struct{ a []float64 }

// emBKT runs Baum-Welch from p and returns the fitted parameters with the
// log-likelihood they reach.
func emBKT(s *skillSeqs, p BKTParams, forget bool, buf *emBuf) (BKTParams, float64) {
	prev := math.Inf(-1)
	var ll float64
	for range bktMaxIter {
		var next BKTParams
		next, ll = emStep(s, p, forget, buf)
		if ll-prev < bktTol*s.total {
			if ll < prev { // a numerically flat step; keep what we had
				ll = prev
			} else {
				p = next
			}
			break
		}
		prev = ll
		p = next
	}
	return p, ll
}

// emStep does one forward-backward pass under p and returns the
// re-estimated parameters and the log-likelihood of the data under p.
func emStep(s *skillSeqs, p BKTParams, forget bool, buf *emBuf) (BKTParams, float64) {
	T, F, S, G := p.Learn, p.Forget, p.Slip, p.Guess
	var ll, prior0, n01, n0, n10, n1, kAll, kWrong, uAll, uRight, wSum float64
	start := int32(0)
	for q, end := range s.end {
		obs := s.obs[start:end]
		start = end
		w := s.w[q]
		L := len(obs)
		if cap(buf.a) < 2*L {
			buf.a = make([]float64, 2*L)
		}
		a := buf.a[:2*L]
		// Forward: a[2t], a[2t+1] = P(not known, known at t | o_0..o_t);
		// ct = P(o_t | o_<t). Both states are carried, never one as 1
		// minus the other: after a long run of right answers P(not known)
		// falls below 1e-16, and 1-P(known) would round it to 0 for good,
		// so that no later run of wrong answers could bring it back.
		// The log-likelihood takes one log per 16 answers: a product of
		// 16 probabilities stays far from underflow.
		p0, p1 := 1-p.Prior, p.Prior
		var sll float64
		prod := 1.0
		for t, o := range obs {
			var e1, e0 float64
			if o {
				e1, e0 = 1-S, G
			} else {
				e1, e0 = S, 1-G
			}
			k0, k1 := p0*e0, p1*e1
			ct := k0 + k1
			inv := 1 / ct
			a0, a1 := k0*inv, k1*inv
			a[2*t], a[2*t+1] = a0, a1
			prod *= ct
			if t&15 == 15 {
				sll += math.Log(prod)
				prod = 1
			}
			p0, p1 = a1*F+a0*(1-T), a1*(1-F)+a0*T
		}
		sll += math.Log(prod)
		ll += w * sll
		// Backward in smoothing form (as pyBKT's E_step): the posterior
		// of the transition t -> t+1 follows from the filtered state at t
		// and the smoothed posterior (h0, h1) at t+1, divided by the
		// one-step prediction. Unlike a scaled beta it cannot overflow: a
		// student with 3,585 answers on one skill (DKT test file, skill
		// 81) drove beta to Inf and the counts to NaN.
		g1 := a[2*L-1]
		h0, h1 := a[2*L-2], g1 // smoothed P(not known), P(known) at t+1
		if obs[L-1] {
			uRight += w * h0
		} else {
			kWrong += w * h1
		}
		kAll += w * h1
		uAll += w * h0
		for t := L - 2; t >= 0; t-- {
			a0, a1 := a[2*t], a[2*t+1]
			p0, p1 := a1*F+a0*(1-T), a1*(1-F)+a0*T
			var r0, r1 float64
			if p0 > 0 {
				r0 = h0 / p0
			}
			if p1 > 0 {
				r1 = h1 / p1
			}
			x01 := a0 * T * r1
			x00 := a0 * (1 - T) * r0
			x10 := a1 * F * r0
			x11 := a1 * (1 - F) * r1
			gg0, gg1 := x00+x01, x10+x11
			n01 += w * x01
			n0 += w * gg0
			n10 += w * x10
			n1 += w * gg1
			kAll += w * gg1
			uAll += w * gg0
			if obs[t] {
				uRight += w * gg0
			} else {
				kWrong += w * gg1
			}
			h0, h1 = gg0, gg1
			if t == 0 {
				prior0 += w * gg1 / (gg0 + gg1)
			}
		}
		if L == 1 {
			prior0 += w * g1
		}
		wSum += w
	}
	clamp := func(num, den float64) float64 {
		if den <= 0 {
			return probFloor
		}
		return min(max(num/den, probFloor), 1-probFloor)
	}
	next := BKTParams{
		Prior: clamp(prior0, wSum),
		Learn: clamp(n01, n0),
		Slip:  min(clamp(kWrong, kAll), 0.5),
		Guess: min(clamp(uRight, uAll), 0.5),
	}
	if forget {
		next.Forget = clamp(n10, n1)
	}
	return next, ll
}

// NewLearner implements Model.
func (b *BKT) NewLearner() Learner { return &bktLearner{m: b} }

// bktLearner holds P(not known) and P(known) per skill, both 0 for
// skills not yet seen.
type bktLearner struct {
	m     *BKT
	state [][2]float64
}

func (l *bktLearner) params(k int32) BKTParams {
	if int(k) < len(l.m.Skills) {
		return l.m.Skills[k]
	}
	return l.m.Default
}

func (l *bktLearner) get(k int32) (float64, float64) {
	if int(k) < len(l.state) && l.state[k] != [2]float64{} {
		return l.state[k][0], l.state[k][1]
	}
	p := l.params(k).Prior
	return 1 - p, p
}

// Predict averages the skills' P(correct) for a multi-skill row.
func (l *bktLearner) Predict(r *Row) float64 {
	var s float64
	for _, k := range r.Skills {
		p := l.params(k)
		u, kn := l.get(k)
		s += kn*(1-p.Slip) + u*p.Guess
	}
	return s / float64(len(r.Skills))
}

func (l *bktLearner) Update(r *Row) {
	for _, k := range r.Skills {
		for int(k) >= len(l.state) {
			l.state = append(l.state, [2]float64{})
		}
		u, kn := l.get(k)
		u, kn = l.params(k).step(u, kn, r.Correct)
		l.state[k] = [2]float64{u, kn}
	}
}
