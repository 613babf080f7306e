package curriculum

import (
	"errors"
	"math"
	"math/rand/v2"
)

// Equivalence of two expressions.
//
// Exact path: when both sides are rational expressions in their letters
// (numbers, letters, + - * /, integer powers), they are brought to N/D
// with N, D expanded canonical polynomials over big.Rat, and judged equal
// exactly when N1·D2 = N2·D1 as polynomials. No probability is involved.
// (A factor that cancels, as in x/x, is cancelled: x/x ≡ 1, as school
// algebra does.)
//
// Numeric path: when a side contains √, π, a fractional or symbolic
// exponent, or is too large to expand (maxTerms, maxCoefBits,
// maxVarDegree, the work budget), both sides are evaluated in float64 at
// up to numAttempts pseudo-random points (fixed seed, so a verdict is
// reproducible). Each letter takes a value ±10^u with u uniform in [-1, 2].
// A point is skipped when either side is undefined there (√ of a negative,
// division by zero, overflow or underflow) or ill-conditioned: the
// rounding bound relTol·(m1+m2), where m is the magnitude of the
// computation (the value with every sum taken over absolute values),
// exceeds both maxLoose relative to the values and absTol. The sides must
// agree within that bound at every remaining point, and numPoints such
// points are required (one when there are no letters); otherwise they are
// judged not equivalent.
//
// Error bound: the difference f−g of two non-equivalent expressions of
// this kind is a non-zero algebraic function of the letters, whose zero
// set has measure zero, so a random point is a root with probability 0 —
// the continuous analogue of the Schwartz–Zippel bound (a non-zero
// polynomial of degree d vanishes at a point drawn from S^n with
// probability at most d/|S|). What remains is rounding: a false
// "equivalent" needs f and g to agree within at most maxLoose (1e-7)
// relative, and usually relTol (1e-11), at every one of numPoints
// independent points, e.g. π against 3.14159265358 does, π against
// 3.1416 does not; a false "not equivalent" needs float64 rounding beyond
// relTol times the magnitude: 500 characters give at most about 250
// operations, each adding at most 2^-53 relative, i.e. below 3e-14, which
// only a large power (its exponent multiplies the relative error) brings
// near 1e-11 — far beyond school expressions.
const (
	numPoints   = 8
	numAttempts = 64
	relTol      = 1e-11
	maxLoose    = 1e-7
	absTol      = 1e-9
)

// expr is a parsed expression with its exact form when it has one.
type expr struct {
	n     *node
	size  int // nodes, the cost of one evaluation
	r     ratFunc
	exact bool
}

// compileNode prepares a parsed expression for comparison, taking the
// exact path when it can. Errors are limits and domain errors (division by
// zero) with a reason for the student.
func compileNode(n *node, bud *budget) (*expr, error) {
	r, err := toRat(n, bud)
	switch {
	case err == nil:
		return &expr{n: n, size: n.size(), r: r, exact: true}, nil
	case errors.Is(err, errNotRational) || errors.Is(err, errTooComplex):
		return &expr{n: n, size: n.size()}, nil
	}
	return nil, err
}

// constant reports whether x has no letters.
func (x *expr) constant() bool { return len(sortedVars(x.n)) == 0 }

// crossProducts returns N1·D2 and N2·D1, or ok=false past the limits.
func crossProducts(x, y *expr, bud *budget) (p, q poly, ok bool) {
	if !x.exact || !y.exact {
		return nil, nil, false
	}
	p, err1 := x.r.n.mul(y.r.d, bud)
	q, err2 := y.r.n.mul(x.r.d, bud)
	return p, q, err1 == nil && err2 == nil
}

// equiv reports whether x and y are the same expression.
func equiv(x, y *expr, bud *budget) bool {
	if p, q, ok := crossProducts(x, y, bud); ok {
		return p.equal(q)
	}
	return sampleAll(x, y, bud, func(a, b, tol float64) bool { return math.Abs(a-b) <= tol })
}

// proportional reports whether x = c·y for a constant c ≠ 0 and returns
// the sign of c; it decides whether x=0 and y=0 (or x>0 and y>0, with
// sign 1) are the same relation. Both zero counts as proportional.
func proportional(x, y *expr, bud *budget) (sign int, ok bool) {
	if p, q, ok := crossProducts(x, y, bud); ok {
		if len(q) == 0 || len(p) == 0 {
			return 1, len(p) == len(q)
		}
		c, ok := p.ratio(q)
		if !ok {
			return 0, false
		}
		return c.Sign(), true
	}
	var c float64
	found := false
	ok = sampleAll(x, y, bud, func(a, b, tol float64) bool {
		if !found {
			if math.Abs(b) <= tol || math.Abs(a) <= tol {
				return math.Abs(a) <= tol && math.Abs(b) <= tol
			}
			c, found = a/b, true
			return true
		}
		return math.Abs(a-c*b) <= tol*math.Max(1, math.Abs(c))
	})
	switch {
	case !ok:
		return 0, false
	case !found: // both zero at every point, as on the exact path
		return 1, true
	}
	if c > 0 {
		return 1, true
	}
	return -1, true
}

// sampleAll evaluates x and y at the sample points and reports whether
// agree holds at every defined one, with at least numPoints defined (one
// for constants). tol is relTol times the magnitude at that point.
func sampleAll(x, y *expr, bud *budget, agree func(a, b, tol float64) bool) bool {
	vars := sortedVars(x.n, y.n)
	need, attempts := numPoints, numAttempts
	if len(vars) == 0 {
		need, attempts = 1, 1
	}
	rng := rand.New(rand.NewPCG(0x7a68, 0x7869)) // fixed: same verdict every time
	env := make(map[string]float64, len(vars))
	defined := 0
	for i := 0; i < attempts && defined < need; i++ {
		for _, v := range vars {
			f := math.Pow(10, rng.Float64()*3-1)
			if rng.IntN(2) == 0 {
				f = -f
			}
			env[v] = f
		}
		if bud.evals -= x.size + y.size; bud.evals < 0 {
			return false
		}
		a, ma := x.n.evalMag(env)
		b, mb := y.n.evalMag(env)
		if !finite(a) || !finite(b) || !finite(ma) || !finite(mb) {
			continue
		}
		tol := relTol * (ma + mb)
		if tol > maxLoose*math.Max(math.Abs(a), math.Abs(b)) && tol > absTol {
			continue // ill-conditioned: rounding could hide a difference
		}
		defined++
		if !agree(a, b, tol) {
			return false
		}
	}
	return defined >= need
}

func (n *node) size() int {
	if n == nil {
		return 0
	}
	return 1 + n.a.size() + n.b.size()
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// evalMag returns the value of n at env and its magnitude: the value with
// every sum taken over absolute values, which bounds the size of the
// intermediate results and so the rounding error.
func (n *node) evalMag(env map[string]float64) (v, mag float64) {
	switch n.op {
	case opNum, opVar, opPi:
		v = n.eval(env)
		return v, math.Abs(v)
	case opNeg:
		v, mag = n.a.evalMag(env)
		return -v, mag
	case opSqrt:
		a, ma := n.a.evalMag(env)
		if a < 0 {
			return math.NaN(), math.NaN()
		}
		return math.Sqrt(a), math.Sqrt(ma)
	}
	a, ma := n.a.evalMag(env)
	b, mb := n.b.evalMag(env)
	switch n.op {
	case opAdd:
		return a + b, ma + mb
	case opSub:
		return a - b, ma + mb
	case opMul:
		return underflow(a*b, a != 0 && b != 0), ma * mb
	case opDiv:
		if b == 0 {
			return math.NaN(), math.NaN()
		}
		return underflow(a/b, a != 0), ma / math.Abs(b)
	case opPow:
		v = underflow(math.Pow(a, b), a != 0)
		return v, math.Pow(ma, b) + math.Abs(v)
	}
	return math.NaN(), math.NaN()
}

// underflow turns a zero that should not be zero into NaN, so that x^4096
// at x = 0.5 counts as undefined rather than as agreeing with 0.
func underflow(v float64, nonzero bool) float64 {
	if v == 0 && nonzero {
		return math.NaN()
	}
	return v
}
