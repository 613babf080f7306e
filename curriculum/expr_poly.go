package curriculum

import (
	"errors"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Exact normal form. A polynomial expression is expanded to a canonical
// multivariate polynomial with big.Rat coefficients; a rational
// expression is kept as a quotient N/D of two such polynomials, and two
// quotients are equal exactly when N1·D2 = N2·D1. No greatest common
// divisor is taken: cross-multiplication decides equality without one.

// Limits on the exact path; beyond them the comparison falls back to
// evaluation (see equiv).
const (
	maxTerms     = 1000 // terms in one polynomial
	maxCoefBits  = 2048 // bits of a coefficient's numerator or denominator
	maxVarDegree = 1024 // exponent of one variable in one monomial
)

// Work allowed for one response (or one answer): term products on the
// exact path, node evaluations on the numeric path. Many small steps add
// up, so the bound is on the total, not per operation.
const (
	maxTermWork = 20_000
	maxEvalWork = 2_000_000
)

// budget counts down the work left; it is not shared between goroutines.
type budget struct{ terms, evals int }

func newBudget() *budget { return &budget{terms: maxTermWork, evals: maxEvalWork} }

// errNotRational marks expressions outside the exact path: √, π, a
// non-integer or symbolic exponent.
var errNotRational = errors.New("not a rational expression")

// errTooComplex marks an expression past the exact-path limits; like
// errNotRational it sends the comparison to evaluation.
var errTooComplex = errors.New("expression too large for exact expansion")

// varPow is one factor v^e of a monomial.
type varPow struct {
	v string
	e int
}

// term is c·Π v^e with the factors sorted by variable.
type term struct {
	m []varPow
	c *big.Rat
}

// poly maps a monomial key to its term; no stored coefficient is zero.
type poly map[string]term

func monoKey(m []varPow) string {
	var b strings.Builder
	for _, f := range m {
		b.WriteString(f.v)
		b.WriteByte('^')
		b.WriteString(strconv.Itoa(f.e))
		b.WriteByte(' ')
	}
	return b.String()
}

func constPoly(c *big.Rat) poly {
	if c.Sign() == 0 {
		return poly{}
	}
	return poly{"": {c: new(big.Rat).Set(c)}}
}

func varPoly(v string) poly {
	m := []varPow{{v, 1}}
	return poly{monoKey(m): {m: m, c: big.NewRat(1, 1)}}
}

// constant returns the value of a constant polynomial.
func (p poly) constant() (*big.Rat, bool) {
	switch len(p) {
	case 0:
		return new(big.Rat), true
	case 1:
		t, ok := p[""]
		return t.c, ok
	}
	return nil, false
}

func (p poly) equal(q poly) bool {
	if len(p) != len(q) {
		return false
	}
	for k, t := range p {
		u, ok := q[k]
		if !ok || t.c.Cmp(u.c) != 0 {
			return false
		}
	}
	return true
}

// addScaled returns p + s·q.
func (p poly) addScaled(q poly, s *big.Rat) (poly, error) {
	out := make(poly, len(p)+len(q))
	for k, t := range p {
		out[k] = t
	}
	for k, u := range q {
		c := new(big.Rat).Mul(u.c, s)
		if t, ok := out[k]; ok {
			c.Add(c, t.c)
		}
		if c.Sign() == 0 {
			delete(out, k)
			continue
		}
		if tooBig(c) {
			return nil, errTooComplex
		}
		out[k] = term{m: u.m, c: c}
	}
	if len(out) > maxTerms {
		return nil, errTooComplex
	}
	return out, nil
}

func tooBig(c *big.Rat) bool {
	return c.Num().BitLen() > maxCoefBits || c.Denom().BitLen() > maxCoefBits
}

func (p poly) mul(q poly, bud *budget) (poly, error) {
	if bud.terms -= len(p) * len(q); bud.terms < 0 {
		return nil, errTooComplex
	}
	out := poly{}
	for _, t := range p {
		for _, u := range q {
			m, err := mulMono(t.m, u.m)
			if err != nil {
				return nil, err
			}
			k := monoKey(m)
			c := new(big.Rat).Mul(t.c, u.c)
			if old, ok := out[k]; ok {
				c.Add(c, old.c)
			}
			if tooBig(c) {
				return nil, errTooComplex
			}
			if c.Sign() == 0 {
				delete(out, k)
			} else {
				out[k] = term{m: m, c: c}
			}
		}
	}
	if len(out) > maxTerms {
		return nil, errTooComplex
	}
	return out, nil
}

// mulMono merges two sorted monomials.
func mulMono(a, b []varPow) ([]varPow, error) {
	out := make([]varPow, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].v < b[j].v:
			out = append(out, a[i])
			i++
		case i == len(a) || b[j].v < a[i].v:
			out = append(out, b[j])
			j++
		default:
			e := a[i].e + b[j].e
			if e > maxVarDegree {
				return nil, errTooComplex
			}
			out = append(out, varPow{a[i].v, e})
			i++
			j++
		}
	}
	return out, nil
}

func (p poly) pow(k int, bud *budget) (poly, error) {
	out := constPoly(big.NewRat(1, 1))
	base := p
	var err error
	for ; k > 0; k >>= 1 {
		if k&1 == 1 {
			if out, err = out.mul(base, bud); err != nil {
				return nil, err
			}
		}
		if k > 1 {
			if base, err = base.mul(base, bud); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// ratio returns c with p = c·q, if there is one; q must be non-zero.
func (p poly) ratio(q poly) (*big.Rat, bool) {
	if len(p) != len(q) {
		return nil, false
	}
	var c *big.Rat
	for k, t := range p {
		u, ok := q[k]
		if !ok {
			return nil, false
		}
		r := new(big.Rat).Quo(t.c, u.c)
		if c == nil {
			c = r
		} else if c.Cmp(r) != 0 {
			return nil, false
		}
	}
	return c, c != nil
}

// String prints p in a canonical order, for tests and debugging.
func (p poly) String() string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		t := p[k]
		s := FormatRat(t.c)
		for _, f := range t.m {
			s += "*" + f.v
			if f.e != 1 {
				s += "^" + strconv.Itoa(f.e)
			}
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, " + ")
}

// ratFunc is N/D; D is never zero and is 1 when the expression is a
// polynomial.
type ratFunc struct{ n, d poly }

var ratOne = big.NewRat(1, 1)

// makeRat returns n/d normalized, or err from computing n or d (when n
// and d are not to be used).
func makeRat(n, d poly, err error) (ratFunc, error) {
	if err != nil {
		return ratFunc{}, err
	}
	return ratFunc{n, d}.normalize(), nil
}

// normalize folds a constant denominator into the numerator.
func (f ratFunc) normalize() ratFunc {
	if c, ok := f.d.constant(); ok {
		n, _ := f.n.addScaled(nil, ratOne) // copy
		for k, t := range n {
			n[k] = term{m: t.m, c: new(big.Rat).Quo(t.c, c)}
		}
		return ratFunc{n: n, d: constPoly(ratOne)}
	}
	return f
}

// toRat converts n to a rational function, or errNotRational, or a limit
// or domain error.
func toRat(n *node, bud *budget) (ratFunc, error) {
	switch n.op {
	case opNum:
		return ratFunc{constPoly(n.num), constPoly(ratOne)}, nil
	case opVar:
		return ratFunc{varPoly(n.name), constPoly(ratOne)}, nil
	case opPi, opSqrt, opInf:
		return ratFunc{}, errNotRational
	case opNeg:
		a, err := toRat(n.a, bud)
		if err != nil {
			return a, err
		}
		neg, err := poly{}.addScaled(a.n, big.NewRat(-1, 1))
		return ratFunc{neg, a.d}, err
	case opPow:
		return powRat(n, bud)
	}
	a, err := toRat(n.a, bud)
	if err != nil {
		return a, err
	}
	b, err := toRat(n.b, bud)
	if err != nil {
		return b, err
	}
	switch n.op {
	case opAdd, opSub:
		s := big.NewRat(1, 1)
		if n.op == opSub {
			s.Neg(s)
		}
		if a.d.equal(b.d) {
			sum, err := a.n.addScaled(b.n, s)
			return makeRat(sum, a.d, err)
		}
		x, err := a.n.mul(b.d, bud)
		if err != nil {
			return ratFunc{}, err
		}
		y, err := b.n.mul(a.d, bud)
		if err != nil {
			return ratFunc{}, err
		}
		sum, err := x.addScaled(y, s)
		if err != nil {
			return ratFunc{}, err
		}
		d, err := a.d.mul(b.d, bud)
		return makeRat(sum, d, err)
	case opMul:
		return mulRat(a, b, bud)
	case opDiv:
		if len(b.n) == 0 {
			return ratFunc{}, badInput("除数不能为 0", "division by zero")
		}
		return mulRat(a, ratFunc{b.d, b.n}, bud)
	}
	return ratFunc{}, errNotRational
}

func mulRat(a, b ratFunc, bud *budget) (ratFunc, error) {
	n, err := a.n.mul(b.n, bud)
	if err != nil {
		return ratFunc{}, err
	}
	d, err := a.d.mul(b.d, bud)
	return makeRat(n, d, err)
}

// powRat handles x^k for a constant integer k with |k| <= maxExponent.
func powRat(n *node, bud *budget) (ratFunc, error) {
	e, err := toRat(n.b, bud)
	if err != nil {
		return e, err
	}
	k, ok := e.n.constant()
	if !ok || !k.IsInt() {
		return ratFunc{}, errNotRational
	}
	if !k.Num().IsInt64() || abs64(k.Num().Int64()) > maxExponent {
		return ratFunc{}, badInput("指数过大（最多 %[2]d）", "exponent %s exceeds %d", FormatRat(k), maxExponent)
	}
	base, err := toRat(n.a, bud)
	if err != nil {
		return base, err
	}
	kk := int(k.Num().Int64())
	if kk < 0 {
		if len(base.n) == 0 {
			return ratFunc{}, badInput("0 不能取负数次幂", "zero to a negative power")
		}
		base, kk = ratFunc{base.d, base.n}, -kk
	}
	num, err := base.n.pow(kk, bud)
	if err != nil {
		return ratFunc{}, err
	}
	den, err := base.d.pow(kk, bud)
	return makeRat(num, den, err)
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
