package screening

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
)

// Outcome is how a student answered an item.
type Outcome string

// The outcomes. Skip is the student's "I don't know": strong evidence of
// not knowing, yet not certain (people skip what they half know).
const (
	Correct   Outcome = "correct"
	Incorrect Outcome = "incorrect"
	Skip      Outcome = "skip"
)

// Config tunes a session. The zero value of every field means its default,
// so a snapshot stays valid when defaults are written down explicitly.
type Config struct {
	// StudentGrade centres the default prior (0 = unknown).
	StudentGrade int `json:"student_grade,omitempty"`
	// Seed makes the session reproducible: the same answers with the same
	// seed give the same result.
	Seed uint64 `json:"seed"`
	// Particles is the number of weighted states approximating the
	// posterior (default 2000).
	Particles int `json:"particles,omitempty"`
	// MaxQuestions ends the screening (default 40).
	MaxQuestions int `json:"max_questions,omitempty"`
	// Mastered and NotMastered are the classification thresholds on
	// P(mastered) (defaults 0.85 and 0.15); the screening stops once every
	// point is on one side or the other.
	Mastered    float64 `json:"mastered,omitempty"`
	NotMastered float64 `json:"not_mastered,omitempty"`
	// Lookahead is how many items, ranked by information about the answer,
	// get the full expected-uncertainty evaluation (default 12).
	Lookahead int `json:"lookahead,omitempty"`
	// MoveSteps is the number of MCMC proposals per particle after a
	// resampling, every fourth a cone move (default 20; -1 disables moves,
	// leaving plain importance sampling).
	MoveSteps int `json:"move_steps,omitempty"`
	// SkipSlip is P("I don't know" | mastered); P(skip | not mastered) is
	// taken as 1 (default 0.05).
	SkipSlip float64 `json:"skip_slip,omitempty"`
	// MaxPerPoint balances content: no more than this many items on one
	// point (0 = no limit).
	MaxPerPoint int `json:"max_per_point,omitempty"`
	// Contamination is the share of answers the model cannot explain: a
	// point known without its prerequisites, an item that behaves unlike
	// its slip and guess, a student who is not like the prior. Each
	// answer's likelihood is mixed with an uninformative one, so no single
	// answer, and no run of answers from a misspecified item, can make the
	// posterior overconfident (default 0.25, tuned on the tuning set of docs/screening.md; -1 for none).
	Contamination float64 `json:"contamination,omitempty"`
	// FitZ is the stopping rule's check of the posterior's calibration: a
	// confident posterior whose predictive surprise on the answers so far
	// exceeds its own expectation by more than FitZ standard deviations is
	// not trusted, and the screening goes on (default 2, tuned on the
	// tuning set of docs/screening.md; -1 disables the check).
	FitZ float64 `json:"fit_z,omitempty"`
	// FitChecks is how many answers the stopping rule wants given while
	// every point was already classified, to test a confident posterior
	// before it is believed (default 2, tuned like FitZ; -1 for none).
	FitChecks int `json:"fit_checks,omitempty"`
	// PastStop keeps asking after the stopping rule is met, up to the
	// budget or the last informative item, for evaluations that follow
	// the whole curve (Settled says where the rule would have stopped).
	// Not serialised.
	PastStop bool `json:"-"`
	// Prior replaces the default GradePrior (not serialised: pass it again
	// to Resume).
	Prior Prior `json:"-"`
}

func (c Config) withDefaults() (Config, error) {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Particles, 2000)
	def(&c.MaxQuestions, 40)
	def(&c.Lookahead, 12)
	def(&c.MoveSteps, 20)
	deff(&c.Mastered, 0.85)
	deff(&c.NotMastered, 0.15)
	deff(&c.SkipSlip, 0.05)
	deff(&c.Contamination, 0.25)
	deff(&c.FitZ, 2)
	def(&c.FitChecks, 2)
	var errs []error
	// A negative contamination (none) stays negative in the config, so
	// that a snapshot resumes with none rather than the default.
	if c.Contamination >= 1 {
		errs = append(errs, fmt.Errorf("contamination %g: want below 1", c.Contamination))
	}
	if c.Particles < 10 || c.Particles > 1<<20 {
		errs = append(errs, fmt.Errorf("particles %d: want 10..%d", c.Particles, 1<<20))
	}
	if c.MaxQuestions < 0 {
		errs = append(errs, fmt.Errorf("max questions %d is negative", c.MaxQuestions))
	}
	if !(c.NotMastered > 0 && c.NotMastered < 0.5 && c.Mastered > 0.5 && c.Mastered < 1) {
		errs = append(errs, fmt.Errorf("thresholds not mastered %g / mastered %g: want 0 < not mastered < 0.5 < mastered < 1", c.NotMastered, c.Mastered))
	}
	if c.Lookahead < 1 || c.Lookahead > 64 {
		errs = append(errs, fmt.Errorf("lookahead %d: want 1..64", c.Lookahead))
	}
	if !(c.SkipSlip > 0 && c.SkipSlip < 1) {
		errs = append(errs, fmt.Errorf("skip slip %g: want in (0, 1)", c.SkipSlip))
	}
	if c.StudentGrade < 0 || c.StudentGrade > 12 {
		errs = append(errs, fmt.Errorf("student grade %d: want 0 (unknown) or 1..12", c.StudentGrade))
	}
	if err := errors.Join(errs...); err != nil {
		return c, fmt.Errorf("screening config: %w", err)
	}
	return c, nil
}

// Session is one student's screening. It is not safe for concurrent use.
type Session struct {
	b     *Bank
	cfg   Config
	src   *rand.PCG // rng's source, saved by MarshalBinary
	rng   *rand.Rand
	prior Prior

	parts, spare []uint64 // P states of W words; spare is the resampling buffer
	comp, spComp []uint16 // mixture component of each particle
	w            []float64

	asked     []bool
	perKPAsk  []int
	responses []response
	byKP      [][]int // responses touching each point, for MCMC moves
	pending   int     // item asked and not answered yet, or -1
	stopped   string  // why the screening ended, "" while running

	marg     []float64 // posterior P(mastered) per point
	margOK   bool
	scratchA []float64 // lookahead accumulators
	sub      []int     // lookahead subsample
	cands    []candidate
	unc      []int    // the lookahead's uncertain points
	selBuf   []uint64 // the lookahead's bitsets
	selQ     []float64
	selMasks []uint64 // the lookahead's bitsets over the subsample
	selSum   []float64
	planes   []uint64 // uniformMarginals' counters
	sums     []float64
	coneBuf  []int    // points a cone move changes
	coneMask []uint64 // the same as a bitset
	touched  []uint64 // answers a cone move touches, a bitset over responses
	uPos     []int32
	fit      fit // the posterior's surprise on the answers so far

	// base is the number of answers in the state Save last wrote whole
	// (or Restore read), -1 before any: the stored log starts there.
	base int
}

type response struct {
	item    int
	outcome Outcome
	lik     [2]float64 // P(outcome | item's points not all mastered / all mastered)
	llik    [2]float64
}

// Response is one answered item, as recorded in snapshots and evidence.
type Response struct {
	Item    string  `json:"item"`
	Outcome Outcome `json:"outcome"`
}

// Why a screening stopped.
const (
	StopConfident = "confident"     // every point classified
	StopMax       = "max_questions" // question budget used
	StopNoItems   = "no_items"      // nothing useful left to ask
	StopStudent   = "student"       // the student ended early
)

// NewSession starts a screening on bank b.
func NewSession(b *Bank, cfg Config) (*Session, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := alloc(b, cfg, rand.NewPCG(cfg.Seed, 0x7a68697869))
	for i := range cfg.Particles {
		s.comp[i] = uint16(s.prior.Sample(s.rng, s.state(i)))
		s.w[i] = 1 / float64(cfg.Particles)
	}
	return s, nil
}

// alloc makes a session with its buffers and no particles drawn yet;
// NewSession samples the prior into it, Restore decodes a saved state.
func alloc(b *Bank, cfg Config, src *rand.PCG) *Session {
	P, W := cfg.Particles, b.words
	s := &Session{
		b: b, cfg: cfg, prior: cfg.Prior, src: src,
		rng:      rand.New(src),
		parts:    make([]uint64, P*W),
		comp:     make([]uint16, P),
		w:        make([]float64, P),
		asked:    make([]bool, len(b.items)),
		perKPAsk: make([]int, b.Len()),
		byKP:     make([][]int, b.Len()),
		pending:  -1,
		base:     -1,
		marg:     make([]float64, b.Len()),
		uPos:     make([]int32, b.Len()),
		coneMask: make([]uint64, W),
	}
	if s.prior == nil {
		s.prior = b.DefaultPrior(cfg.StudentGrade)
	}
	if _, ok := s.prior.(Density); ok && cfg.MoveSteps > 0 {
		s.spare = make([]uint64, P*W)
		s.spComp = make([]uint16, P)
	}
	return s
}

func (s *Session) state(i int) []uint64 { W := s.b.words; return s.parts[i*W : (i+1)*W] }

// Bank is the scope the session screens.
func (s *Session) Bank() *Bank { return s.b }

// Questions is the number of answered items.
func (s *Session) Questions() int { return len(s.responses) }

// Stopped returns why the screening ended, or "" while it goes on.
func (s *Session) Stopped() string { return s.stopped }

// Next returns the item to ask, or ok == false when the screening is over
// (see Stopped). Asking again before an answer returns the same item.
func (s *Session) Next() (item string, ok bool) {
	if s.stopped != "" {
		return "", false
	}
	if s.pending >= 0 {
		return s.b.items[s.pending].item.ID, true
	}
	if len(s.responses) >= s.cfg.MaxQuestions {
		s.stopped = StopMax
		return "", false
	}
	if !s.cfg.PastStop && s.Settled(s.cfg.Mastered, s.cfg.NotMastered) {
		s.stopped = StopConfident
		return "", false
	}
	i := s.selectItem()
	if i < 0 {
		s.stopped = StopNoItems
		return "", false
	}
	s.pending = i
	s.asked[i] = true
	return s.b.items[i].item.ID, true
}

// Stop ends the screening at the student's request; the result keeps its
// honest uncertainty. A pending question is dropped.
func (s *Session) Stop() {
	if s.stopped == "" {
		s.stopped = StopStudent
	}
	if s.pending >= 0 {
		s.asked[s.pending] = false
		s.pending = -1
	}
}

// AnswerError says why an answer was refused; the session is unchanged.
type AnswerError struct {
	Item   string
	Reason string
}

func (e *AnswerError) Error() string {
	return fmt.Sprintf("answer for item %q refused: %s", e.Item, e.Reason)
}

// Answer records the outcome for the pending item. An answer for an item
// that was not asked, or was already answered, is refused with an
// *AnswerError and leaves the session unchanged.
func (s *Session) Answer(item string, o Outcome) error {
	i, known := s.b.byID[item]
	switch {
	case o != Correct && o != Incorrect && o != Skip:
		return &AnswerError{item, fmt.Sprintf("unknown outcome %q (want correct, incorrect or skip)", o)}
	case !known:
		return &AnswerError{item, "no such item in this screening's scope"}
	case s.answered(i):
		return &AnswerError{item, "already answered"}
	case s.pending != i:
		if s.pending < 0 {
			return &AnswerError{item, "it was not asked (no question is pending)"}
		}
		return &AnswerError{item, fmt.Sprintf("it was not asked (the pending question is %s)", s.b.items[s.pending].item.ID)}
	}
	s.pending = -1
	s.apply(i, o)
	return nil
}

func (s *Session) answered(i int) bool {
	return s.asked[i] && s.pending != i
}

// apply updates the posterior with an answer: reweight every particle by
// the answer's likelihood, and when the weights degenerate, resample and
// rejuvenate with MCMC moves.
func (s *Session) apply(i int, o Outcome) {
	it := &s.b.items[i]
	margBefore := s.margOK // s.marg still holds the marginals before this answer
	s.fit.confidentBefore(classified(s.Marginals(), s.cfg.Mastered, s.cfg.NotMastered))
	lik := s.record(i, o)
	total, sq, q := 0.0, 0.0, 0.0
	for p := range s.w {
		z := 0
		if subset(it.mask, s.state(p)) {
			z = 1
			q += s.w[p]
		}
		s.w[p] *= lik[z]
		total += s.w[p]
	}
	if o != Skip {
		// lik is P(outcome | z); the predictive P(correct) before the
		// answer mixes the correct answer's likelihoods by q.
		pz := q*lik[1] + (1-q)*lik[0]
		if o == Incorrect {
			pz = 1 - pz
		}
		s.fit.observe(pz, o == Correct)
	}
	for p := range s.w {
		s.w[p] /= total
		sq += s.w[p] * s.w[p]
	}
	s.margOK = false
	if ess := 1 / sq; ess < float64(len(s.w))/2 {
		s.resample()
		s.move(margBefore)
	}
}

// replay applies a logged answer as a live session did: a live answer
// always follows Next, which has computed the marginals the moves use.
func (s *Session) replay(i int, o Outcome) {
	s.Marginals()
	s.apply(i, o)
}

// record logs an answer (the bookkeeping apply and Restore share) and
// returns its likelihood given the item's points not all / all mastered.
func (s *Session) record(i int, o Outcome) [2]float64 {
	it := &s.b.items[i]
	var lik [2]float64
	switch o {
	case Correct:
		lik = [2]float64{it.guess, 1 - it.slip}
	case Incorrect:
		lik = [2]float64{1 - it.guess, it.slip}
	case Skip:
		lik = [2]float64{1, min(it.slip, s.cfg.SkipSlip)}
	}
	if o != Skip { // a skip is the student's own word, not an item's noise
		e := max(0, s.cfg.Contamination)
		lik[0], lik[1] = (1-e)*lik[0]+e/2, (1-e)*lik[1]+e/2
	}
	lik[0], lik[1] = max(lik[0], 1e-4), max(lik[1], 1e-4)
	s.asked[i] = true
	r := response{item: i, outcome: o, lik: lik, llik: [2]float64{math.Log(lik[0]), math.Log(lik[1])}}
	s.responses = append(s.responses, r)
	for _, k := range it.kps {
		s.byKP[k] = append(s.byKP[k], len(s.responses)-1)
		s.perKPAsk[k]++
	}
	return lik
}

// resample draws a new equally weighted particle set (systematic
// resampling: one uniform, lowest variance).
func (s *Session) resample() {
	if s.spare == nil {
		// no moves: keep importance weights, which is exact and avoids
		// duplicating particles that moves could not diversify.
		return
	}
	P, W := len(s.w), s.b.words
	u := s.rng.Float64() / float64(P)
	acc, j := s.w[0], 0
	for p := range P {
		for u > acc && j < P-1 {
			j++
			acc += s.w[j]
		}
		copy(s.spare[p*W:(p+1)*W], s.parts[j*W:(j+1)*W])
		s.spComp[p] = s.comp[j]
		u += 1 / float64(P)
	}
	s.parts, s.spare = s.spare, s.parts
	s.comp, s.spComp = s.spComp, s.comp
	for p := range s.w {
		s.w[p] = 1 / float64(P)
	}
}

// uniform01 is s.rng.Float64 (the same number from the same stream),
// drawn from the source directly: the moves draw millions.
func (s *Session) uniform01() float64 { return float64(s.src.Uint64()<<11>>11) / (1 << 53) }

// move runs Metropolis-Hastings on every particle with two symmetric
// proposals, each picking a point k independently of the particle:
//
//   - flip: add or remove k alone (only if the result is a downset);
//   - cone: if k is out, add k with all its missing prerequisites (only if
//     no maximal point of the state lies below k); if k is a maximal
//     point, remove it with every prerequisite nothing else needs.
//
// The cone moves are exact inverses of each other, so both kernels are
// reversible; cones let a particle gain or lose a whole chain of
// prerequisites in one step, which single flips would have to climb
// through unlikely intermediate states. Half the flips target the still
// uncertain points.
//
// The uncertain points are taken from the marginals before the last
// answer when they are at hand (stale is true): which points a proposal
// targets does not depend on the particle, so any choice keeps the
// kernel valid, and it saves a pass over all particles.
func (s *Session) move(stale bool) {
	dens, ok := s.prior.(Density)
	if !ok || s.cfg.MoveSteps <= 0 {
		return
	}
	g := s.b.graph
	m := s.marg
	if !stale {
		m = s.Marginals()
	}
	var unc []int
	for k, p := range m {
		if p > 0.002 && p < 0.998 {
			unc = append(unc, k)
		}
	}
	n := g.Len()
	for p := range s.w {
		st := s.state(p)
		c := int(s.comp[p])
		for step := range s.cfg.MoveSteps {
			// One draw: its top bit picks the kind of target, the rest
			// the point (multiply-shift, bias below 2^-60).
			r := s.src.Uint64() // s.rng.Uint64 without the interface call
			var k int
			if len(unc) > 0 && r>>63 == 0 {
				hi, _ := bits.Mul64(r<<1, uint64(len(unc)))
				k = unc[hi]
			} else {
				hi, _ := bits.Mul64(r<<1, uint64(n))
				k = int(hi)
			}
			if step%4 == 3 {
				s.coneMove(dens, c, st, k)
				continue
			}
			if has(st, k) {
				if anyIn(g.Dependents(k), st) {
					continue
				}
			} else if !allIn(g.Prerequisites(k), st) {
				continue
			}
			lr := dens.FlipLogRatio(c, st, k) + s.flipLogLik(st, k)
			if lr >= 0 || s.uniform01() < math.Exp(lr) {
				flip(st, k)
			}
		}
	}
	s.margOK = false
}

// coneMove proposes the cone move at k on state st and accepts it with the
// Metropolis-Hastings ratio. The change is applied one point at a time in
// an order that keeps every intermediate state a downset, so the prior
// ratio is a sum of single-flip ratios.
func (s *Session) coneMove(dens Density, c int, st []uint64, k int) {
	g := s.b.graph
	anc := s.b.ancestors(k)
	changed := s.coneBuf[:0]
	if !has(st, k) {
		if subset(anc, st) {
			return // a single flip: the flip kernel covers it
		}
		// Refuse when a maximal point of st is below k: adding the cone
		// would make it non-maximal and the inverse move would drop it.
		for j, w := range anc {
			for x := w & st[j]; x != 0; x &= x - 1 {
				if !anyIn(g.Dependents(j<<6|bits.TrailingZeros64(x)), st) {
					return
				}
			}
		}
		for j, w := range anc {
			for x := w &^ st[j]; x != 0; x &= x - 1 {
				changed = append(changed, j<<6|bits.TrailingZeros64(x))
			}
		}
		changed = append(changed, k) // topological order
	} else {
		if anyIn(g.Dependents(k), st) {
			return
		}
		changed = append(changed, k)
		// Prerequisites no longer needed by any remaining point, in
		// reverse topological order (dependents decided first).
		flip(st, k)
		for j := len(anc) - 1; j >= 0; j-- {
			for x := anc[j] & st[j]; x != 0; {
				b := 63 - bits.LeadingZeros64(x)
				x &^= 1 << uint(b)
				if a := j<<6 | b; !anyIn(g.Dependents(a), st) {
					changed = append(changed, a)
					flip(st, a)
				}
			}
		}
		for _, a := range changed {
			flip(st, a)
		}
	}
	s.coneBuf = changed
	if len(changed) == 1 {
		return // a single flip: the flip kernel covers it
	}
	cm := s.coneMask
	clear(cm)
	lr := 0.0
	for _, a := range changed {
		lr += dens.FlipLogRatio(c, st, a)
		flip(st, a)
		set(cm, a)
	}
	lr += s.deltaLogLik(st, cm, changed)
	if !(lr >= 0 || s.uniform01() < math.Exp(lr)) {
		for _, a := range changed {
			flip(st, a)
		}
	}
}

// deltaLogLik is the log likelihood of the answers given state st minus
// that given st with the points of cm (the list changed) flipped back:
// only the answers to items touching cm count. They are found through
// byKP and summed in answer order, as a pass over every answer would.
func (s *Session) deltaLogLik(st, cm []uint64, changed []int) float64 {
	nw := words(len(s.responses))
	if cap(s.touched) < nw {
		s.touched = make([]uint64, nw)
	}
	touched := s.touched[:nw]
	clear(touched)
	for _, a := range changed {
		for _, ri := range s.byKP[a] {
			set(touched, ri)
		}
	}
	d := 0.0
	for j, x := range touched {
		for ; x != 0; x &= x - 1 {
			r := &s.responses[j<<6|bits.TrailingZeros64(x)]
			m := s.b.items[r.item].mask
			now, before := true, true
			for j, w := range m {
				if w&^st[j] != 0 {
					now = false
				}
				if w&^(st[j]^cm[j]) != 0 {
					before = false
				}
			}
			if now == before {
				continue
			}
			if now {
				d += r.llik[1] - r.llik[0]
			} else {
				d += r.llik[0] - r.llik[1]
			}
		}
	}
	return d
}

func anyIn(ks []int, s []uint64) bool {
	for _, k := range ks {
		if has(s, k) {
			return true
		}
	}
	return false
}

// flipLogLik is the change in log likelihood of the answers when point k
// of st flips.
func (s *Session) flipLogLik(st []uint64, k int) float64 {
	d := 0.0
	for _, ri := range s.byKP[k] {
		r := &s.responses[ri]
		if subset(s.b.items[r.item].mask, st) {
			d -= r.llik[1]
		} else {
			d -= r.llik[0]
		}
	}
	flip(st, k)
	for _, ri := range s.byKP[k] {
		r := &s.responses[ri]
		if subset(s.b.items[r.item].mask, st) {
			d += r.llik[1]
		} else {
			d += r.llik[0]
		}
	}
	flip(st, k)
	return d
}

// Marginals returns P(mastered) for every point in the scope's
// topological order (shared; do not modify).
func (s *Session) Marginals() []float64 {
	if s.margOK {
		return s.marg
	}
	if s.uniform() {
		s.uniformMarginals()
		s.margOK = true
		return s.marg
	}
	clear(s.marg)
	W := s.b.words
	for p, w := range s.w {
		for j, x := range s.parts[p*W : (p+1)*W] {
			for x != 0 {
				s.marg[j<<6|bits.TrailingZeros64(x)] += w
				x &= x - 1
			}
		}
	}
	for k, v := range s.marg {
		s.marg[k] = min(1, max(0, v))
	}
	s.margOK = true
	return s.marg
}

// uniform reports whether every particle has the same weight, as after
// a resampling.
func (s *Session) uniform() bool {
	w := s.w[0]
	for _, x := range s.w {
		if x != w {
			return false
		}
	}
	return true
}

// uniformMarginals is Marginals for equal weights w: a point held by n
// particles gets w added n times in a row, S[n], which is what adding w
// particle by particle gives. The counts come from bit-sliced counters
// (plane b holds bit b of every point's count), a few word operations per
// particle instead of one addition per point it holds.
func (s *Session) uniformMarginals() {
	P, W := len(s.w), s.b.words
	nb := bits.Len(uint(P))
	if cap(s.planes) < W*nb {
		s.planes = make([]uint64, W*nb)
	}
	planes := s.planes[:W*nb]
	clear(planes)
	for p := range P {
		for j, x := range s.parts[p*W : (p+1)*W] {
			pl := planes[j*nb : (j+1)*nb]
			for b := 0; x != 0; b++ {
				pl[b], x = pl[b]^x, pl[b]&x
			}
		}
	}
	if cap(s.sums) < P+1 {
		s.sums = make([]float64, P+1)
	}
	S, w := s.sums[:P+1], s.w[0]
	S[0] = 0
	for i := 1; i <= P; i++ {
		S[i] = S[i-1] + w
	}
	for k := range s.marg {
		pl := planes[(k>>6)*nb : (k>>6+1)*nb]
		n := 0
		for b, x := range pl {
			n |= int(x>>(uint(k)&63)&1) << b
		}
		s.marg[k] = min(1, max(0, S[n]))
	}
}

// PCorrect predicts the answer to an item from the current posterior:
// guess + (1 - slip - guess) * P(all its points mastered). Reports false
// for an item not in the scope.
func (s *Session) PCorrect(item string) (float64, bool) {
	i, ok := s.b.byID[item]
	if !ok {
		return 0, false
	}
	it := &s.b.items[i]
	return it.guess + (1-it.slip-it.guess)*s.conj(i), true
}

// conj is the posterior probability that every point of item i is
// mastered, i.e. that a student without slips would get it right.
func (s *Session) conj(i int) float64 {
	it := &s.b.items[i]
	if it.top >= 0 {
		return s.Marginals()[it.top]
	}
	q := 0.0
	for p, w := range s.w {
		if subset(it.mask, s.state(p)) {
			q += w
		}
	}
	return q
}

// h is the binary entropy in nats.
func h(p float64) float64 {
	if p <= 0 || p >= 1 {
		return 0
	}
	return -p*math.Log(p) - (1-p)*math.Log(1-p)
}

// AnswerInfo is the mutual information between an item's answer and the
// whole knowledge state. The answer depends on the state only through
// "all the item's points mastered" (probability q), so it is
// H(answer) - E[H(answer | state)].
func AnswerInfo(q, slip, guess float64) float64 {
	pc := guess + (1-slip-guess)*q
	return h(pc) - q*h(1-slip) - (1-q)*h(guess)
}

type candidate struct {
	item  int
	score float64
}

// selectItem ranks the unasked items by the information their answer
// carries about the state, then evaluates the best Lookahead of them by
// the expected total entropy of all points' classifications after the
// answer, and returns the best (lowest index on ties), or -1.
func (s *Session) selectItem() int {
	b := s.b
	m := s.Marginals()
	// Items whose points are not one chain have no single marginal to read
	// their q from: for ranking, count them on the lookahead's subsample
	// instead of every particle (the lookahead recounts its candidates).
	sub := s.subsample(lookaheadParticles)
	// Keep the best Lookahead candidates by score, ties to the lower index
	// (the order a stable sort of all of them gave), by insertion: no
	// list of every item, no sort.
	K := s.cfg.Lookahead
	cands := s.cands[:0]
	for i := range b.items {
		if s.asked[i] || b.items[i].off || !s.balanced(i) {
			continue
		}
		it := &b.items[i]
		var q float64
		if it.top >= 0 {
			q = m[it.top]
		} else {
			for _, p := range sub {
				if subset(it.mask, s.state(p)) {
					q++
				}
			}
			q /= float64(len(sub))
		}
		// AnswerInfo with the item's constant entropies precomputed.
		c := candidate{i, h(it.guess+(1-it.slip-it.guess)*q) - q*it.hSlip - (1-q)*it.hGuess}
		if len(cands) == K && !(c.score > cands[K-1].score) {
			continue // items come in index order: a tie keeps the earlier
		}
		if len(cands) < K {
			cands = append(cands, c)
		}
		j := len(cands) - 1
		for ; j > 0 && c.score > cands[j-1].score; j-- {
			cands[j] = cands[j-1]
		}
		cands[j] = c
	}
	s.cands = cands
	if len(cands) == 0 {
		return -1
	}
	if cands[0].score <= 1e-9 {
		return -1
	}
	K = len(cands)
	// Score on an equally weighted subsample of the particles (systematic,
	// fixed offset: no random numbers, so Next stays a pure function of
	// the posterior). Only uncertain points change entropy noticeably.
	wsub := 1 / float64(len(sub))
	W := b.words
	if cap(s.selBuf) < W {
		s.selBuf = make([]uint64, W)
	}
	umask := s.selBuf[:W]
	clear(umask)
	unc := s.unc[:0]
	for k, p := range m {
		s.uPos[k] = -1
		if p > 0.005 && p < 0.995 {
			s.uPos[k] = int32(len(unc))
			unc = append(unc, k)
			set(umask, k)
		}
	}
	s.unc = unc
	U := len(unc)
	if U == 0 {
		return cands[0].item
	}
	// Bitsets over the subsample: Z[c] holds the particles that have all
	// of candidate c's points, Z[K] all of them, B[u] those that have
	// uncertain point u. A[u, c] is then the subsample's weight with u and
	// c, counted by popcount: every particle weighs wsub, and S[n] is n of
	// them added one by one, so the sums are those of adding wsub particle
	// by particle.
	n := len(sub)
	PW := words(n)
	if need := (K + 1 + U) * PW; cap(s.selMasks) < need {
		s.selMasks = make([]uint64, need)
	}
	Z := s.selMasks[:(K+1)*PW]
	B := s.selMasks[(K+1)*PW : (K+1+U)*PW]
	clear(Z)
	clear(B)
	for i, p := range sub {
		st := s.state(p)
		wi, bit := i>>6, uint64(1)<<(uint(i)&63)
		for c, cd := range cands {
			if subset(b.items[cd.item].mask, st) {
				Z[c*PW+wi] |= bit
			}
		}
		Z[K*PW+wi] |= bit
		for j := range W {
			for x := st[j] & umask[j]; x != 0; x &= x - 1 {
				B[int(s.uPos[j<<6|bits.TrailingZeros64(x)])*PW+wi] |= bit
			}
		}
	}
	if cap(s.selSum) < n+1 {
		s.selSum = make([]float64, n+1)
	}
	S := s.selSum[:n+1]
	S[0] = 0
	for i := 1; i <= n; i++ {
		S[i] = S[i-1] + wsub
	}
	need := U * (K + 1) // column K: the subsample's own marginals
	if cap(s.scratchA) < need {
		s.scratchA = make([]float64, need)
	}
	A := s.scratchA[:need]
	if cap(s.selQ) < K {
		s.selQ = make([]float64, K)
	}
	q := s.selQ[:K]
	for c := range K {
		q[c] = S[popCount(Z[c*PW:(c+1)*PW])]
	}
	for u := range U {
		bu := B[u*PW : (u+1)*PW]
		for c := range K + 1 {
			zc := Z[c*PW : (c+1)*PW]
			cnt := 0
			for j, x := range bu {
				cnt += bits.OnesCount64(x & zc[j])
			}
			A[u*(K+1)+c] = S[cnt]
		}
	}
	best, bestScore := cands[0].item, math.Inf(-1)
	for c, cd := range cands {
		it := &b.items[cd.item]
		qc := min(1, max(0, q[c]))
		pc := it.guess + (1-it.slip-it.guess)*qc // P(correct)
		eh := 0.0
		for u := range unc {
			a, mk := A[u*(K+1)+c], A[u*(K+1)+K]
			if pc > 0 {
				eh += pc * h(((1-it.slip)*a+it.guess*(mk-a))/pc)
			}
			if pc < 1 {
				eh += (1 - pc) * h((it.slip*a+(1-it.guess)*(mk-a))/(1-pc))
			}
		}
		if sc := -eh; sc > bestScore {
			best, bestScore = cd.item, sc
		}
	}
	return best
}

// lookaheadParticles bounds the particles the lookahead scores on: the
// choice among a few good items needs far less precision than the
// posterior itself.
const lookaheadParticles = 256

// subsample returns n particle indexes drawn systematically by weight.
func (s *Session) subsample(n int) []int {
	if cap(s.sub) < n {
		s.sub = make([]int, n)
	}
	out := s.sub[:n]
	u, acc, j := 0.5/float64(n), s.w[0], 0
	for i := range n {
		for u > acc && j < len(s.w)-1 {
			j++
			acc += s.w[j]
		}
		out[i] = j
		u += 1 / float64(n)
	}
	return out
}

// balanced reports whether item i may be asked under MaxPerPoint.
func (s *Session) balanced(i int) bool {
	if s.cfg.MaxPerPoint <= 0 {
		return true
	}
	for _, k := range s.b.items[i].kps {
		if s.perKPAsk[k] >= s.cfg.MaxPerPoint {
			return false
		}
	}
	return true
}

// MemoryBytes counts the memory the session holds beyond the shared bank:
// particles, buffers and the answer log.
func (s *Session) MemoryBytes() int {
	n := 8*(cap(s.parts)+cap(s.spare)+cap(s.w)+cap(s.marg)+cap(s.scratchA)+cap(s.sub)+cap(s.coneBuf)) +
		2*(cap(s.comp)+cap(s.spComp)) + cap(s.asked) + 8*cap(s.perKPAsk) + 4*cap(s.uPos) +
		48*cap(s.responses) + 24*cap(s.byKP) +
		16*cap(s.cands) + 8*(cap(s.unc)+cap(s.selBuf)+cap(s.selQ)+cap(s.selMasks)+cap(s.selSum)+cap(s.touched)+cap(s.planes)+cap(s.sums))
	for _, l := range s.byKP {
		n += 8 * cap(l)
	}
	return n + 256
}

// MaxQuestions is the session's question budget.
func (s *Session) MaxQuestions() int { return s.cfg.MaxQuestions }

// Pending returns the question asked and not answered yet, if any,
// without choosing one (Next would).
func (s *Session) Pending() (string, bool) {
	if s.pending < 0 {
		return "", false
	}
	return s.b.items[s.pending].item.ID, true
}
