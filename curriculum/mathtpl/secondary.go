package mathtpl

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/zhixi-org/zhixi/curriculum"
)

// This file holds the grade 7-12 templates. Stems print their data as TeX;
// each Verify reads it back (evalAlg, pointsIn, intsSigned) and checks the
// answer by another route than Generate: substituting a root into the
// printed equation, Cramer's rule, brute-force counting or enumeration,
// a difference quotient for a derivative, a defining identity
// (a²+b²=c², sin²+cos²=1) and so on.

// secondary lists the grade 7-12 templates grade by grade, then the
// later groups secExtra and secCoords.
var secondary = slices.Concat(secG7, secG8, secG9, secG10, secG10b, secG11, secExtra, secCoords)

// evalAlg evaluates the algebra a secondary stem prints: everything evalTeX
// reads plus \frac with letters, |…|, and powers a^n, a^{-n} and a^{p/q}
// (the latter only where the root is exact).
func evalAlg(s string, vars map[string]*big.Rat) (*big.Rat, error) {
	t, err := rewriteAlg(s, vars)
	if err != nil {
		return nil, fmt.Errorf("evaluate %q: %w", s, err)
	}
	return evalTeX(t, vars)
}

// rewriteAlg replaces \frac, |…| and powers by values or plain quotients,
// which evalTeX understands.
func rewriteAlg(s string, vars map[string]*big.Rat) (string, error) {
	for {
		i := strings.Index(s, `\frac`)
		if i < 0 {
			break
		}
		num, rest, err := bracedArg(s[i+5:])
		if err != nil {
			return "", err
		}
		den, rest, err := bracedArg(rest)
		if err != nil {
			return "", err
		}
		s = s[:i] + "((" + num + ")/(" + den + "))" + rest
	}
	for {
		i := strings.IndexByte(s, '|')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '|')
		if j < 0 {
			return "", fmt.Errorf("unbalanced |")
		}
		v, err := evalAlg(s[i+1:i+1+j], vars)
		if err != nil {
			return "", err
		}
		s = s[:i] + "(" + texFrac(v.Abs(v)) + ")" + s[i+2+j:]
	}
	for {
		k := strings.IndexByte(s, '^')
		if k < 0 {
			return s, nil
		}
		if k == 0 {
			return "", fmt.Errorf("power without base")
		}
		b := k - 1
		switch c := s[b]; {
		case c == ')' || c == '}':
			depth := 0
			for ; b >= 0; b-- {
				switch s[b] {
				case ')', '}':
					depth++
				case '(', '{':
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if b < 0 {
				return "", fmt.Errorf("unbalanced brackets before ^")
			}
		case c >= '0' && c <= '9' || c == '.':
			for b > 0 && (s[b-1] >= '0' && s[b-1] <= '9' || s[b-1] == '.') {
				b--
			}
		}
		rest := strings.TrimLeft(s[k+1:], " ")
		var exp string
		if strings.HasPrefix(rest, "{") {
			var err error
			if exp, rest, err = bracedArg(rest); err != nil {
				return "", err
			}
		} else if rest != "" {
			exp, rest = rest[:1], rest[1:]
		}
		bv, err := evalAlg(s[b:k], vars)
		if err != nil {
			return "", err
		}
		ev, err := evalAlg(exp, vars)
		if err != nil {
			return "", err
		}
		v, err := ratPow(bv, ev)
		if err != nil {
			return "", err
		}
		s = s[:b] + "(" + texFrac(v) + ")" + rest
	}
}

// ratPow raises b to a rational exponent exactly, or fails when the root
// is not rational.
func ratPow(b, e *big.Rat) (*big.Rat, error) {
	if !e.Denom().IsInt64() || !e.Num().IsInt64() || e.Num().Int64() > 4096 || e.Num().Int64() < -4096 || e.Denom().Int64() > 12 {
		return nil, fmt.Errorf("exponent %s out of range", e.RatString())
	}
	q := int(e.Denom().Int64())
	if q > 1 {
		num, okN := intRoot(b.Num(), q)
		den, okD := intRoot(b.Denom(), q)
		if !okN || !okD {
			return nil, fmt.Errorf("%s has no rational %d-th root", b.RatString(), q)
		}
		b = new(big.Rat).SetFrac(num, den)
	}
	p := e.Num().Int64()
	if p < 0 {
		if b.Sign() == 0 {
			return nil, fmt.Errorf("0 to a negative power")
		}
		b = new(big.Rat).Inv(b)
		p = -p
	}
	n := new(big.Int).Exp(b.Num(), big.NewInt(p), nil)
	d := new(big.Int).Exp(b.Denom(), big.NewInt(p), nil)
	return new(big.Rat).SetFrac(n, d), nil
}

// intRoot returns the exact q-th root of n (negative n only for odd q).
func intRoot(n *big.Int, q int) (*big.Int, bool) {
	if n.Sign() < 0 {
		if q%2 == 0 {
			return nil, false
		}
		r, ok := intRoot(new(big.Int).Neg(n), q)
		if !ok {
			return nil, false
		}
		return r.Neg(r), true
	}
	f, _ := new(big.Float).SetInt(n).Float64()
	guess := int64(math.Round(math.Pow(f, 1/float64(q))))
	for g := max(guess-1, 0); g <= guess+1; g++ {
		if new(big.Int).Exp(big.NewInt(g), big.NewInt(int64(q)), nil).Cmp(n) == 0 {
			return big.NewInt(g), true
		}
	}
	return nil, false
}

// algAt evaluates s with x (or another single letter) bound to v.
func algAt(s, name string, v *big.Rat) (*big.Rat, error) {
	return evalAlg(s, map[string]*big.Rat{name: v})
}

// sides splits an equation or inequality segment at its relation sign.
func sides(seg string) (lhs, rel, rhs string, err error) {
	for _, r := range []string{`\ge`, `\le`, "=", ">", "<"} {
		if i := strings.Index(seg, r); i >= 0 {
			return seg[:i], r, seg[i+len(r):], nil
		}
	}
	return "", "", "", fmt.Errorf("%q has no relation sign", seg)
}

// holds reports whether the relation printed in seg is true for x = v.
func holds(seg string, v *big.Rat) (bool, error) {
	l, rel, r, err := sides(seg)
	if err != nil {
		return false, err
	}
	a, err := algAt(l, "x", v)
	if err != nil {
		return false, err
	}
	b, err := algAt(r, "x", v)
	if err != nil {
		return false, err
	}
	c := a.Cmp(b)
	switch rel {
	case "=":
		return c == 0, nil
	case ">":
		return c > 0, nil
	case "<":
		return c < 0, nil
	case `\ge`:
		return c >= 0, nil
	default:
		return c <= 0, nil
	}
}

// segWith returns the first $…$ segment of the stem containing sub.
func segWith(stem, sub string) (string, error) {
	for _, s := range mathSegments(stem) {
		if strings.Contains(s, sub) {
			return s, nil
		}
	}
	return "", fmt.Errorf("stem has no segment with %q", sub)
}

var signedRun = regexp.MustCompile(`-?\d+`)

// intsSigned returns the integers, with their signs, in the $…$ segments.
func intsSigned(s string) []int64 { return intsMatching(s, signedRun) }

// needSigned reads at least n signed integers from the stem.
func needSigned(s string, n int) ([]int64, error) {
	v := intsSigned(s)
	if len(v) < n {
		return nil, fmt.Errorf("stem has %d integers, want %d", len(v), n)
	}
	return v, nil
}

var pointRe = regexp.MustCompile(`\((-?[0-9/\\{}a-z]+),\s*(-?[0-9/\\{}a-z]+)(?:,\s*(-?[0-9/\\{}a-z]+))?\)`)

// pointsIn reads the coordinate tuples "(a,b)" or "(a,b,c)" the stem prints.
func pointsIn(s string) ([][]*big.Rat, error) {
	var out [][]*big.Rat
	for _, seg := range mathSegments(s) {
		for _, m := range pointRe.FindAllStringSubmatch(seg, -1) {
			var p []*big.Rat
			for _, c := range m[1:] {
				if c == "" {
					continue
				}
				v, err := evalAlg(c, nil)
				if err != nil {
					return nil, err
				}
				p = append(p, v)
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// frac builds n/d.
func frac(n, d int64) *big.Rat { return big.NewRat(n, d) }

// nonZero draws a non-zero integer in [lo, hi].
func nonZero(r *rand.Rand, lo, hi int64) int64 {
	for {
		if v := pick(r, lo, hi); v != 0 {
			return v
		}
	}
}

// par prints x for a stem, in brackets when negative.
func par(x *big.Rat) string {
	if x.Sign() < 0 {
		return "(" + texFrac(x) + ")"
	}
	return texFrac(x)
}

// pari is par for an integer.
func pari(x int64) string { return par(rat(x)) }

// poly prints Σ c[i]·v^i, highest power first ("3x^2-x+5"); the same text
// is valid TeX and a fill_expression answer.
func poly(c []int64, v string) string {
	var b strings.Builder
	for i := len(c) - 1; i >= 0; i-- {
		term(&b, c[i], mono(v, i))
	}
	if b.Len() == 0 {
		return "0"
	}
	return b.String()
}

// mono prints v^i ("" for i = 0).
func mono(v string, i int) string {
	switch i {
	case 0:
		return ""
	case 1:
		return v
	}
	return fmt.Sprintf("%s^%d", v, i)
}

// term appends c·m to b with the right sign and without a coefficient 1.
func term(b *strings.Builder, c int64, m string) {
	if c == 0 {
		return
	}
	switch {
	case c < 0:
		b.WriteString("-")
	case b.Len() > 0:
		b.WriteString("+")
	}
	if a := iabs(c); a != 1 || m == "" {
		b.WriteString(strconv.FormatInt(a, 10))
	}
	b.WriteString(m)
}

// terms prints Σ c[i]·m[i] for monomials such as "xy" or "y^2".
func terms(c []int64, m []string) string {
	var b strings.Builder
	for i := range c {
		term(&b, c[i], m[i])
	}
	if b.Len() == 0 {
		return "0"
	}
	return b.String()
}

func iabs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func gcd(a, b int64) int64 {
	a, b = iabs(a), iabs(b)
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// polyAt evaluates Σ c[i]·x^i exactly.
func polyAt(c []int64, x *big.Rat) *big.Rat {
	v := new(big.Rat)
	for i := len(c) - 1; i >= 0; i-- {
		v.Mul(v, x)
		v.Add(v, rat(c[i]))
	}
	return v
}

// slopeAt approximates the derivative of the printed function at a by a
// symmetric difference quotient with an exact tiny step; for polynomials
// of degree ≤ 3 the error is below 1e-30, so an exact answer must match
// to that tolerance.
func slopeAt(expr, name string, a *big.Rat) (*big.Rat, error) {
	h := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil))
	hi, err := algAt(expr, name, new(big.Rat).Add(a, h))
	if err != nil {
		return nil, err
	}
	lo, err := algAt(expr, name, new(big.Rat).Sub(a, h))
	if err != nil {
		return nil, err
	}
	d := new(big.Rat).Sub(hi, lo)
	return d.Quo(d, new(big.Rat).Mul(h, rat(2))), nil
}

// near reports |a-b| < 1e-25.
func near(a, b *big.Rat) bool {
	d := new(big.Rat).Sub(a, b)
	return d.Abs(d).Cmp(new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(25), nil))) < 0
}

// sumR adds rationals.
func sumR(xs ...*big.Rat) *big.Rat {
	s := new(big.Rat)
	for _, x := range xs {
		s.Add(s, x)
	}
	return s
}

func mulR(xs ...*big.Rat) *big.Rat {
	p := big.NewRat(1, 1)
	for _, x := range xs {
		p.Mul(p, x)
	}
	return p
}

func subR(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }

func quoR(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }

// exprItem is a fill_expression item.
func exprItem(stem, ans, expl string) curriculum.Item {
	return curriculum.Item{Type: curriculum.FillExpr, Stem: stem, Answer: ans, Explanation: expl}
}

// numCheck adapts a Verify that needs the stem and the numeric answer.
func numCheck(f func(stem string, ans *big.Rat) error) func(curriculum.Item) error {
	return func(it curriculum.Item) error {
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		return f(it.Stem, ans)
	}
}

// checkSimplifyThenEvaluate verifies a "先化简，再求值" item by evaluating
// the unsimplified expression (first $…$) at the x given in the second.
var checkSimplifyThenEvaluate = numCheck(func(stem string, ans *big.Rat) error {
	segs := mathSegments(stem)
	_, _, xs, err := sides(segs[1])
	if err != nil {
		return err
	}
	x, err := evalAlg(xs, nil)
	if err != nil {
		return err
	}
	v, err := algAt(segs[0], "x", x)
	if err != nil {
		return err
	}
	return expect(ans, v, "evaluating the unsimplified expression")
})

// piCoef reads a fill_expression answer of the form kπ, kπ/d or π/d.
func piCoef(ans string) (*big.Rat, error) {
	s := strings.Replace(ans, "π", "", 1)
	if s == ans {
		return nil, fmt.Errorf("answer %q has no π", ans)
	}
	switch {
	case s == "":
		s = "1"
	case strings.HasPrefix(s, "/"):
		s = "1" + s
	case s == "-":
		s = "-1"
	case strings.HasPrefix(s, "-/"):
		s = "-1" + s[1:]
	}
	v, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("answer %q is not kπ", ans)
	}
	return v, nil
}

// piText prints k·π as an answer ("6π", "5π/6", "π/2", "-π/3").
func piText(k *big.Rat) string {
	n, d := k.Num().Int64(), k.Denom().Int64()
	var b strings.Builder
	if n < 0 {
		b.WriteString("-")
		n = -n
	}
	if n != 1 {
		b.WriteString(strconv.FormatInt(n, 10))
	}
	b.WriteString("π")
	if d != 1 {
		b.WriteString("/" + strconv.FormatInt(d, 10))
	}
	return b.String()
}

// piTeX prints k·π for a stem.
func piTeX(k *big.Rat) string {
	if k.IsInt() {
		s := strings.TrimSuffix(piText(k), "π")
		return s + `\pi`
	}
	n := k.Num().Int64()
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	num := strconv.FormatInt(n, 10) + `\pi`
	if n == 1 {
		num = `\pi`
	}
	return fmt.Sprintf(`%s\frac{%s}{%d}`, sign, num, k.Denom().Int64())
}

// triples are primitive Pythagorean triples (a, b, c), a²+b²=c².
var triples = [][3]int64{{3, 4, 5}, {5, 12, 13}, {8, 15, 17}, {7, 24, 25}, {20, 21, 29}, {9, 40, 41}}

// triple draws a triple scaled by k so that its legs stay small.
func triple(r *rand.Rand, maxScale int64) (a, b, c int64) {
	t := oneOf(r, triples[:4]...)
	k := pick(r, 1, maxScale)
	if r.IntN(2) == 0 {
		t[0], t[1] = t[1], t[0]
	}
	return t[0] * k, t[1] * k, t[2] * k
}

// isqrt returns the exact square root of n, or false.
func isqrt(n int64) (int64, bool) {
	if n < 0 {
		return 0, false
	}
	s := int64(math.Round(math.Sqrt(float64(n))))
	return s, s*s == n
}

// algCalc asks to compute a printed expression that may contain powers and
// absolute values; Verify evaluates the printed TeX with evalAlg.
// pointSlope writes the line through (x0, y0) with slope k as a teacher
// would: y-2=3(x-1), y+1=-(x+2), y=4x, y=5.
func pointSlope(k, x0, y0 *big.Rat) string {
	lhs := "y"
	switch y0.Sign() {
	case 1:
		lhs += "-" + texFrac(y0)
	case -1:
		lhs += "+" + texFrac(new(big.Rat).Neg(y0))
	}
	if k.Sign() == 0 {
		return "y=" + texFrac(y0)
	}
	inner := "x"
	switch x0.Sign() {
	case 1:
		inner += "-" + texFrac(x0)
	case -1:
		inner += "+" + texFrac(new(big.Rat).Neg(x0))
	}
	coef := texFrac(k)
	switch {
	case k.Cmp(big.NewRat(1, 1)) == 0:
		coef = ""
	case k.Cmp(big.NewRat(-1, 1)) == 0:
		coef = "-"
	}
	if x0.Sign() == 0 {
		return lhs + "=" + coef + "x"
	}
	if coef == "" {
		return lhs + "=" + inner
	}
	return lhs + "=" + coef + "(" + inner + ")"
}

func algCalc(id string, kps []string, draw func(r *rand.Rand) (expr string, val *big.Rat, expl string)) curriculum.Template {
	gen := func(r *rand.Rand) curriculum.Item {
		expr, val, expl := draw(r)
		return fillFrac("计算：$"+expr+"$", val, expl)
	}
	return tpl(id, kps, curriculum.FillNumber, gen, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		if len(segs) == 0 {
			return fmt.Errorf("stem prints no expression")
		}
		v, err := evalAlg(segs[0], nil)
		if err != nil {
			return err
		}
		return expect(ans, v, "evaluating the printed expression")
	}))
}

// smallFrac draws a non-zero rational with a small denominator.
func smallFrac(r *rand.Rand, maxNum int64) *big.Rat {
	return big.NewRat(nonZero(r, -maxNum, maxNum), oneOf[int64](r, 1, 2, 3, 4, 6))
}

// linEq is "a x + b" printed as TeX.
func linEq(a, b int64) string { return poly([]int64{b, a}, "x") }

func kpg(grade int, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("math.g%d.%s", grade, n)
	}
	return out
}

var secG7 = []curriculum.Template{
	algCalc("math.g7.rational_add_sub.t1", kpg(7, "rational_add_sub"), func(r *rand.Rand) (string, *big.Rat, string) {
		a, b, c := smallFrac(r, 9), smallFrac(r, 9), smallFrac(r, 9)
		op1, op2 := oneOf(r, "+", "-"), oneOf(r, "+", "-")
		expr := texFrac(a) + op1 + par(b) + op2 + par(c)
		b2, c2 := new(big.Rat).Set(b), new(big.Rat).Set(c)
		if op1 == "-" {
			b2.Neg(b2)
		}
		if op2 == "-" {
			c2.Neg(c2)
		}
		v := sumR(a, b2, c2)
		return expr, v, fmt.Sprintf("减去一个数等于加上它的相反数：原式 $=%s+%s+%s=%s$。先统一成加法，再把同号的数结合、异分母先通分。", texFrac(a), par(b2), par(c2), texFrac(v))
	}),
	algCalc("math.g7.rational_mul_div.t1", kpg(7, "rational_mul_div"), func(r *rand.Rand) (string, *big.Rat, string) {
		a, b, c := smallFrac(r, 8), smallFrac(r, 8), smallFrac(r, 8)
		expr := texFrac(a) + `\times` + par(b) + `\div` + par(c)
		v := quoR(mulR(a, b), c)
		neg := 0
		for _, x := range []*big.Rat{a, b, c} {
			if x.Sign() < 0 {
				neg++
			}
		}
		sign := "正"
		if neg%2 == 1 {
			sign = "负"
		}
		return expr, v, fmt.Sprintf("除以一个数等于乘它的倒数：原式 $=%s\\times%s\\times%s$。负因数有 %d 个，积的符号为%s，结果为 $%s$。", texFrac(a), par(b), par(new(big.Rat).Inv(c)), neg, sign, texFrac(v))
	}),
	algCalc("math.g7.rational_power.t1", kpg(7, "rational_power"), func(r *rand.Rand) (string, *big.Rat, string) {
		a, b, n, k := pick(r, 2, 5), pick(r, 2, 4), pick(r, 2, 3), pick(r, 2021, 2030)
		expr := fmt.Sprintf("-%d^2+(-%d)^%d-(-1)^{%d}", a, b, n, k)
		p1, _ := ratPow(rat(-b), rat(n))
		p2, _ := ratPow(rat(-1), rat(k))
		v := sumR(rat(-a*a), p1, new(big.Rat).Neg(p2))
		return expr, v, fmt.Sprintf("注意底数：$-%d^2=-%d$（底数是 $%d$），$(-%d)^%d=%s$，$(-1)^{%d}=%s$。所以原式 $=%s$。", a, a*a, a, b, n, texFrac(p1), k, texFrac(p2), texFrac(v))
	}),
	algCalc("math.g7.rational_mixed.t1", kpg(7, "rational_mixed"), func(r *rand.Rand) (string, *big.Rat, string) {
		a, d := pick(r, 2, 3), pick(r, 2, 5)
		p := big.NewRat(pick(r, 1, d-1), d)
		c := pick(r, 2, 6)
		expr := fmt.Sprintf(`-%d^3\div%s\times(-%s)^2-%d`, a, texFrac(mulR(p, p)), texFrac(p), c)
		v := sumR(rat(-a*a*a), rat(-c))
		return expr, v, fmt.Sprintf("先算乘方：$-%d^3=%d$，$(-%s)^2=%s$；再从左到右算乘除：$%d\\div%s\\times%s=%d$；最后算减法，得 $%s$。注意不能先算 $%s\\times%s$。", a, -a*a*a, texFrac(p), texFrac(mulR(p, p)), -a*a*a, texFrac(mulR(p, p)), texFrac(mulR(p, p)), -a*a*a, texFrac(v), texFrac(mulR(p, p)), texFrac(mulR(p, p)))
	}),
	algCalc("math.g7.opposite_abs.t1", kpg(7, "opposite_abs"), func(r *rand.Rand) (string, *big.Rat, string) {
		a, b, c, d := smallFrac(r, 9), pick(r, 1, 9), pick(r, 10, 20), pick(r, 1, 9)
		if a.Sign() > 0 {
			a.Neg(a)
		}
		expr := fmt.Sprintf("|%s|-|%d-%d|+(-(-%d))", texFrac(a), b, c, d)
		v := sumR(new(big.Rat).Abs(a), rat(-(c - b)), rat(d))
		return expr, v, fmt.Sprintf("$|%s|=%s$，$|%d-%d|=|%d|=%d$，$-(-%d)=%d$，所以原式 $=%s-%d+%d=%s$。负数的绝对值是它的相反数。", texFrac(a), texFrac(new(big.Rat).Abs(a)), b, c, b-c, c-b, d, d, texFrac(new(big.Rat).Abs(a)), c-b, d, texFrac(v))
	}),
	tpl("math.g7.sci_notation.t1", kpg(7, "sci_notation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		digits := pick(r, 101, 999)
		for digits%10 == 0 {
			digits = pick(r, 101, 999)
		}
		n := pick(r, 4, 9)
		big10 := new(big.Int).Exp(big.NewInt(10), big.NewInt(n-2), nil)
		num := new(big.Int).Mul(big.NewInt(digits), big10)
		a := big.NewRat(digits, 100)
		stem := fmt.Sprintf("把 $%s$ 用科学记数法表示为 $a\\times10^{n}$（$1\\le a<10$，$n$ 为整数），", num)
		expl := fmt.Sprintf("$%s=%s\\times10^{%d}$：$a$ 要满足 $1\\le a<10$，$n$ 等于原数的整数位数减 1，即 $%d-1=%d$。", num, decStr(a), n, n+1, n)
		if r.IntN(2) == 0 {
			return fill(stem+"则 $n=$____。", rat(n), expl)
		}
		return fill(stem+"则 $a=$____。", a, expl)
	}, func(it curriculum.Item) error {
		ans, err := answerOf(it)
		if err != nil {
			return err
		}
		segs := mathSegments(it.Stem)
		num, ok := new(big.Int).SetString(segs[0], 10)
		if !ok {
			return fmt.Errorf("first segment %q is not an integer", segs[0])
		}
		n := int64(len(num.String()) - 1)
		a := new(big.Rat).SetFrac(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil))
		if strings.Contains(it.Stem, "$n=$") {
			return expect(ans, rat(n), "counting digits")
		}
		return expect(ans, a, "dividing by a power of ten")
	}),
	tpl("math.g7.algebraic_expr.t1", kpg(7, "algebraic_expr"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		monos := []string{"x^2", "xy", "y^2", "x", "y"}
		r.Shuffle(len(monos), func(i, j int) { monos[i], monos[j] = monos[j], monos[i] })
		ms := monos[:3]
		cs := []int64{nonZero(r, -4, 4), nonZero(r, -4, 4), nonZero(r, -4, 4)}
		x, y := rat(nonZero(r, -3, 3)), oneOf(r, rat(nonZero(r, -3, 3)), frac(oneOf[int64](r, -1, 1), 2))
		vals := map[string]*big.Rat{"x^2": mulR(x, x), "xy": mulR(x, y), "y^2": mulR(y, y), "x": x, "y": y}
		v := new(big.Rat)
		var steps []string
		for i, m := range ms {
			t := mulR(rat(cs[i]), vals[m])
			v.Add(v, t)
			steps = append(steps, par(t))
		}
		e := terms(cs, ms)
		stem := fmt.Sprintf("当 $x=%s$，$y=%s$ 时，代数式 $%s$ 的值是____。", texFrac(x), texFrac(y), e)
		expl := fmt.Sprintf("把 $x=%s$、$y=%s$ 代入，负数和分数代入时要加括号：各项依次为 $%s$，和为 $%s$。", texFrac(x), texFrac(y), strings.Join(steps, "$、$"), texFrac(v))
		return fillFrac(stem, v, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		if len(segs) < 3 {
			return fmt.Errorf("stem has %d segments", len(segs))
		}
		vars := map[string]*big.Rat{}
		for _, s := range segs[:2] {
			l, _, rhs, err := sides(s)
			if err != nil {
				return err
			}
			v, err := evalAlg(rhs, nil)
			if err != nil {
				return err
			}
			vars[strings.TrimSpace(l)] = v
		}
		v, err := evalAlg(segs[2], vars)
		if err != nil {
			return err
		}
		return expect(ans, v, "substituting into the printed expression")
	})),
	tpl("math.g7.like_terms.t1", kpg(7, "like_terms", "monomial_polynomial"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		e1, e2 := pick(r, 2, 5), pick(r, 1, 4)
		p, q := pick(r, 1, e1-1), pick(r, 1, 3)
		c1, c2 := nonZero(r, -6, 6), nonZero(r, -6, 6)
		stem := fmt.Sprintf("若 $%dx^{m+%d}y^{%d}$ 与 $%dx^{%d}y^{n-%d}$ 是同类项，则 $m+n=$____。", c1, p, e2, c2, e1, q)
		m, n := e1-p, e2+q
		expl := fmt.Sprintf("同类项要求相同字母的指数分别相同，与系数无关：$m+%d=%d$，$n-%d=%d$，得 $m=%d$，$n=%d$，所以 $m+n=%d$。", p, e1, q, e2, m, n, m+n)
		return fill(stem, rat(m+n), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		// A power 1 is not printed: y rather than y^{1}, x rather than x^{1}.
		re := regexp.MustCompile(`x\^\{m\+(\d+)\}y(?:\^\{(\d+)\})?.*x(?:\^\{(\d+)\})?y\^\{n-(\d+)\}`)
		g := re.FindStringSubmatch(stem)
		if g == nil {
			return fmt.Errorf("stem does not print the two monomials")
		}
		v := make([]int64, 4)
		for i := range v {
			v[i] = 1
			if g[i+1] != "" {
				v[i], _ = strconv.ParseInt(g[i+1], 10, 64)
			}
		}
		// x exponents: m+p = e1; y exponents: e2 = n-q.
		return expect(ans, rat((v[2]-v[0])+(v[1]+v[3])), "matching the exponents")
	})),
	tpl("math.g7.poly_add_sub.t1", kpg(7, "poly_add_sub"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		m := pick(r, 2, 4)
		p := []int64{0, nonZero(r, -5, 5), nonZero(r, -3, 3)}
		q := []int64{nonZero(r, -6, 6), nonZero(r, -5, 5), nonZero(r, -4, 4)}
		x := nonZero(r, -3, 3)
		s := []int64{m*p[0] - q[0], m*p[1] - q[1], m*p[2] - q[2]}
		expr := fmt.Sprintf("%d(%s)-(%s)", m, poly(p, "x"), poly(q, "x"))
		v := polyAt(s, rat(x))
		stem := fmt.Sprintf("先化简，再求值：$%s$，其中 $x=%d$。结果为____。", expr, x)
		expl := fmt.Sprintf("去括号时括号前是“-”号，括号内各项都变号：原式 $=%s$。当 $x=%d$ 时，原式 $=%s$。", poly(s, "x"), x, texFrac(v))
		return fill(stem, v, expl)
	}, checkSimplifyThenEvaluate),
	tpl("math.g7.linear_eq1.t1", kpg(7, "linear_eq1"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x0 := pick(r, -9, 9)
		a, c := nonZero(r, -9, 9), nonZero(r, -9, 9)
		for a == c {
			c = nonZero(r, -9, 9)
		}
		b := pick(r, -15, 15)
		d := (a-c)*x0 + b
		stem := fmt.Sprintf("解方程：$%s=%s$，$x=$____。", linEq(a, b), linEq(c, d))
		expl := fmt.Sprintf("移项（移项要变号）：$%s=%d%s$，合并得 $%dx=%d$，系数化为 1 得 $x=%d$。代回原方程，两边都等于 $%d$。", terms([]int64{a, -c}, []string{"x", "x"}), d, func() string {
			var sb strings.Builder
			sb.WriteString("0")
			term(&sb, -b, "")
			return strings.TrimPrefix(sb.String(), "0")
		}(), a-c, d-b, x0, a*x0+b)
		return fill(stem, rat(x0), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		ok, err := holds(mathSegments(stem)[0], ans)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("x=%s does not satisfy the equation", ans.RatString())
		}
		return nil
	})),
	tpl("math.g7.linear_eq1.t2", kpg(7, "linear_eq1"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		var m, n, a, b, x0 int64
		var k *big.Rat
		for {
			m, n = pick(r, 2, 6), pick(r, 2, 6)
			a, b, x0 = pick(r, 1, 9), pick(r, 1, 9), pick(r, -8, 8)
			if m == n {
				continue
			}
			k = subR(frac(x0+a, m), frac(x0-b, n))
			if k.IsInt() {
				break
			}
		}
		stem := fmt.Sprintf(`解方程：$\frac{x+%d}{%d}-\frac{x-%d}{%d}=%s$，$x=$____。`, a, m, b, n, texFrac(k))
		l := m * n / gcd(m, n)
		expl := fmt.Sprintf("两边同乘最简公分母 $%d$：$%d(x+%d)-%d(x-%d)=%s$。注意分子是多项式要加括号、右边也要乘 $%d$。去括号、移项、合并后解得 $x=%d$。", l, l/m, a, l/n, b, texFrac(mulR(k, rat(l))), l, x0)
		return fill(stem, rat(x0), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		ok, err := holds(mathSegments(stem)[0], ans)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("x=%s does not satisfy the equation", ans.RatString())
		}
		return nil
	})),
	tpl("math.g7.linear_eq1_app.t1", kpg(7, "linear_eq1_app"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		if r.IntN(2) == 0 {
			v1, v2 := pick(r, 3, 12)*5, pick(r, 3, 12)*5
			t := frac(pick(r, 2, 9), 2)
			s := mulR(t, rat(v1+v2))
			stem := fmt.Sprintf("甲、乙两地相距 $%s$ 千米，两车分别从两地同时出发相向而行，速度分别为每小时 $%d$ 千米和 $%d$ 千米，经过____小时两车相遇。", decStr(s), v1, v2)
			expl := fmt.Sprintf("设 $x$ 小时后相遇，相遇时两车路程之和等于总路程：$%dx+%dx=%s$，解得 $x=%s$。", v1, v2, decStr(s), decStr(t))
			return fill(stem, t, expl)
		}
		a := pick(r, 2, 12)
		b := pick(r, 2, 12)
		for a == b || (a*b)%(a+b) != 0 && r.IntN(3) > 0 {
			a, b = pick(r, 2, 12), pick(r, 2, 12)
		}
		t := frac(a*b, a+b)
		stem := fmt.Sprintf("一项工程，甲单独做需要 $%d$ 天完成，乙单独做需要 $%d$ 天完成。两人合作，需要____天完成。", a, b)
		expl := fmt.Sprintf("把总工作量看作 1，设合作 $x$ 天完成：$\\frac{x}{%d}+\\frac{x}{%d}=1$，解得 $x=%s$。", a, b, texFrac(t))
		return fillFrac(stem, t, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := segmentValues(stem)
		if err != nil {
			return err
		}
		if strings.Contains(stem, "相遇") {
			return expect(v[0], mulR(ans, sumR(v[1], v[2])), "distance = time × closing speed")
		}
		return expect(rat(1), sumR(quoR(ans, v[0]), quoR(ans, v[1])), "work fractions add up to 1")
	})),
	tpl("math.g7.complementary_angles.t1", kpg(7, "complementary_angles"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		k := pick(r, 2, 8)
		if r.IntN(2) == 0 {
			k++
			x := frac(90*k-180, k-1)
			stem := fmt.Sprintf("一个角的补角是它的余角的 $%d$ 倍，这个角是____度。", k)
			expl := fmt.Sprintf("设这个角为 $x^\\circ$，则补角为 $(180-x)^\\circ$，余角为 $(90-x)^\\circ$。列方程 $180-x=%d(90-x)$，解得 $x=%s$。", k, decStr(x))
			return fill(stem, x, expl)
		}
		x := frac(90*k, k+1)
		stem := fmt.Sprintf("一个角等于它的余角的 $%d$ 倍，这个角是____度。", k)
		expl := fmt.Sprintf("设这个角为 $x^\\circ$，余角为 $(90-x)^\\circ$，列方程 $x=%d(90-x)$，解得 $x=%s$。", k, decStr(x))
		return fill(stem, x, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		k, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		comp := subR(rat(90), ans)
		if strings.Contains(stem, "补角") {
			return expect(subR(rat(180), ans), mulR(rat(k[0]), comp), "supplement = k × complement")
		}
		return expect(ans, mulR(rat(k[0]), comp), "angle = k × complement")
	})),
	tpl("math.g7.angle.t1", kpg(7, "angle"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		h, m := pick(r, 1, 11), pick(r, 1, 11)*5
		hour := sumR(rat(30*h), frac(m, 2))
		min := rat(6 * m)
		raw := subR(hour, min)
		raw.Abs(raw)
		d, note := raw, ""
		if raw.Cmp(rat(180)) > 0 {
			d = subR(rat(360), raw)
			note = fmt.Sprintf("，超过 $180^\\circ$，所以所成的角为 $360^\\circ-%s^\\circ=%s^\\circ$", decStr(raw), decStr(d))
		}
		stem := fmt.Sprintf("钟面上 $%d$ 点 $%d$ 分时，时针与分针所成的角（不超过 $180^\\circ$）是____度。", h, m)
		expl := fmt.Sprintf("分针每分钟转 $6^\\circ$，时针每分钟转 $0.5^\\circ$。从 12 点位置算起，分针转过 $%d^\\circ$，时针转过 $30\\times%d+0.5\\times%d=%s^\\circ$，两者相差 $%s^\\circ$%s。容易忽略时针也在走。", 6*m, h, m, decStr(hour), decStr(raw), note)
		return fill(stem, d, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		total := v[0]*60 + v[1] // minutes after 12:00; hands at total/2 and 6·(total mod 60) degrees
		hour := frac(total, 2)
		min := rat(6 * (total % 60))
		best := rat(360)
		for _, c := range []*big.Rat{subR(hour, min), subR(min, hour), sumR(subR(hour, min), rat(360)), sumR(subR(min, hour), rat(360))} {
			if c.Sign() >= 0 && c.Cmp(best) < 0 {
				best = c
			}
		}
		return expect(ans, best, "placing both hands")
	})),
	tpl("math.g7.parallel_properties.t1", kpg(7, "parallel_properties"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a := pick(r, 25, 155)
		kind := oneOf(r, "同位角", "内错角", "同旁内角")
		v := rat(a)
		rule := "两直线平行，" + kind + "相等"
		if kind == "同旁内角" {
			v = rat(180 - a)
			rule = "两直线平行，同旁内角互补"
		}
		stem := fmt.Sprintf("直线 $a\\parallel b$，直线 $c$ 与 $a$、$b$ 都相交，$\\angle1$ 与 $\\angle2$ 是一对%s。若 $\\angle1=%d^\\circ$，则 $\\angle2=$____度。", kind, a)
		return fill(stem, v, fmt.Sprintf("由“%s”得 $\\angle2=%s^\\circ$。", rule, decStr(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		g := regexp.MustCompile(`angle1=(\d+)\^`).FindStringSubmatch(stem)
		if g == nil {
			return fmt.Errorf("stem gives no angle 1")
		}
		a, _ := new(big.Rat).SetString(g[1])
		if strings.Contains(stem, "同旁内角") {
			return expect(rat(180), sumR(a, ans), "co-interior angles sum to 180°")
		}
		return expect(a, ans, "corresponding/alternate angles are equal")
	})),
	tpl("math.g7.square_root.t1", kpg(7, "square_root"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x := big.NewRat(pick(r, 1, 15), oneOf[int64](r, 1, 2, 3, 4, 5, 7))
		sq := mulR(x, x)
		if r.IntN(2) == 0 {
			x.Neg(x)
			stem := fmt.Sprintf("若 $x^2=%s$，且 $x<0$，则 $x=$____。", texFrac(sq))
			return fillFrac(stem, x, fmt.Sprintf("$%s$ 的平方根是 $\\pm%s$，又 $x<0$，所以 $x=%s$。", texFrac(sq), texFrac(new(big.Rat).Neg(x)), texFrac(x)))
		}
		stem := fmt.Sprintf("$%s$ 的算术平方根是____。", texFrac(sq))
		return fillFrac(stem, x, fmt.Sprintf("因为 $(%s)^2=%s$，且算术平方根是非负的那一个，所以答案是 $%s$，不是 $\\pm%s$。", texFrac(x), texFrac(sq), texFrac(x), texFrac(x)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		seg := mathSegments(stem)[0]
		if _, _, rhs, err := sides(seg); err == nil {
			seg = rhs
		}
		sq, err := evalAlg(seg, nil)
		if err != nil {
			return err
		}
		if err := expect(sq, mulR(ans, ans), "squaring the answer"); err != nil {
			return err
		}
		if strings.Contains(stem, "x<0") != (ans.Sign() < 0) {
			return fmt.Errorf("answer %s has the wrong sign", ans.RatString())
		}
		return nil
	})),
	tpl("math.g7.cube_root.t1", kpg(7, "cube_root"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x := big.NewRat(nonZero(r, -6, 6), oneOf[int64](r, 1, 1, 2, 3, 4, 5))
		cube := mulR(x, x, x)
		stem := fmt.Sprintf("若 $x^3=%s$，则 $x=$____。", texFrac(cube))
		return fillFrac(stem, x, fmt.Sprintf("因为 $(%s)^3=%s$，所以 $x=\\sqrt[3]{%s}=%s$。任何数都有唯一的立方根，负数的立方根是负数。", texFrac(x), texFrac(cube), texFrac(cube), texFrac(x)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		_, _, rhs, err := sides(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		c, err := evalAlg(rhs, nil)
		if err != nil {
			return err
		}
		return expect(c, mulR(ans, ans, ans), "cubing the answer")
	})),
	tpl("math.g7.coordinates.t1", kpg(7, "coordinates", "translation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := nonZero(r, -9, 9), nonZero(r, -9, 9)
		m, n := pick(r, 1, 6), pick(r, 1, 6)
		lr, ud := oneOf(r, "左", "右"), oneOf(r, "上", "下")
		qa, qb := a+m, b+n
		if lr == "左" {
			qa = a - m
		}
		if ud == "下" {
			qb = b - n
		}
		axis, v, which := "x", iabs(qb), "纵"
		if r.IntN(2) == 0 {
			axis, v, which = "y", iabs(qa), "横"
		}
		stem := fmt.Sprintf("把点 $P(%d,%d)$ 向%s平移 $%d$ 个单位，再向%s平移 $%d$ 个单位得到点 $Q$，则点 $Q$ 到 $%s$ 轴的距离是____。", a, b, lr, m, ud, n, axis)
		expl := fmt.Sprintf("左右平移改变横坐标（左减右加），上下平移改变纵坐标（下减上加），得 $Q(%d,%d)$。点到 $%s$ 轴的距离等于它的%s坐标的绝对值，为 $%d$。", qa, qb, axis, which, v)
		return fill(stem, rat(v), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 4)
		if err != nil {
			return err
		}
		x, y := v[0], v[1]
		if strings.Contains(stem, "向左") {
			x -= v[2]
		} else {
			x += v[2]
		}
		if strings.Contains(stem, "向下") {
			y -= v[3]
		} else {
			y += v[3]
		}
		d := iabs(y)
		if strings.Contains(stem, "到 $y$ 轴") {
			d = iabs(x)
		}
		return expect(ans, rat(d), "moving the point")
	})),
	tpl("math.g7.linear_system.t1", kpg(7, "linear_system"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x, y := pick(r, -6, 6), pick(r, -6, 6)
		var a1, b1, a2, b2 int64
		for a1*b2-a2*b1 == 0 {
			a1, b1, a2, b2 = nonZero(r, -5, 5), nonZero(r, -5, 5), nonZero(r, -5, 5), oneOf[int64](r, 1, -1, nonZero(r, -5, 5))
		}
		c1, c2 := a1*x+b1*y, a2*x+b2*y
		e1 := terms([]int64{a1, b1}, []string{"x", "y"})
		e2 := terms([]int64{a2, b2}, []string{"x", "y"})
		ask, v := "x", x
		if r.IntN(2) == 0 {
			ask, v = "y", y
		}
		stem := fmt.Sprintf("解方程组 $\\begin{cases}%s=%d\\\\%s=%d\\end{cases}$，则 $%s=$____。", e1, c1, e2, c2, ask)
		expl := fmt.Sprintf("用加减消元法或代入消元法消去一个未知数，解得 $x=%d$，$y=%d$。把这组值代入两个方程检验：$%s=%d$，$%s=%d$。", x, y, e1, c1, e2, c2)
		return fill(stem, rat(v), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		seg := mathSegments(stem)[0]
		seg = strings.TrimSuffix(strings.TrimPrefix(seg, `\begin{cases}`), `\end{cases}`)
		var a, b, c [2]*big.Rat
		for i, eq := range strings.Split(seg, `\\`) {
			l, _, rhs, err := sides(eq)
			if err != nil {
				return err
			}
			at := func(x, y int64) (*big.Rat, error) {
				return evalAlg(l, map[string]*big.Rat{"x": rat(x), "y": rat(y)})
			}
			if a[i], err = at(1, 0); err != nil {
				return err
			}
			if b[i], err = at(0, 1); err != nil {
				return err
			}
			if c[i], err = evalAlg(rhs, nil); err != nil {
				return err
			}
		}
		det := subR(mulR(a[0], b[1]), mulR(a[1], b[0]))
		if det.Sign() == 0 {
			return fmt.Errorf("system is singular")
		}
		if strings.HasSuffix(stem, "$y=$____。") {
			return expect(ans, quoR(subR(mulR(a[0], c[1]), mulR(a[1], c[0])), det), "Cramer's rule for y")
		}
		return expect(ans, quoR(subR(mulR(c[0], b[1]), mulR(c[1], b[0])), det), "Cramer's rule for x")
	})),
	tpl("math.g7.linear_system_app.t1", kpg(7, "linear_system_app", "linear_system"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		big, small := pick(r, 5, 8), pick(r, 2, 4)
		nb, ns := pick(r, 2, 9), pick(r, 2, 9)
		boats, people := nb+ns, nb*big+ns*small
		stem := fmt.Sprintf("某班 $%d$ 名同学去划船，大船每条坐 $%d$ 人，小船每条坐 $%d$ 人，共租了 $%d$ 条船且每条船都恰好坐满，其中大船有____条。", people, big, small, boats)
		expl := fmt.Sprintf("设大船 $x$ 条、小船 $y$ 条，则 $\\begin{cases}x+y=%d\\\\%dx+%dy=%d\\end{cases}$。由第一个方程得 $y=%d-x$，代入第二个方程解得 $x=%d$，$y=%d$。", boats, big, small, people, boats, nb, ns)
		return fill(stem, rat(nb), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 4)
		if err != nil {
			return err
		}
		people, big, small, boats := v[0], v[1], v[2], v[3]
		// brute force over the number of big boats
		for x := int64(0); x <= boats; x++ {
			if x*big+(boats-x)*small == people {
				return expect(ans, rat(x), "trying every split of the boats")
			}
		}
		return fmt.Errorf("no split of the boats fits")
	})),
	tpl("math.g7.linear_ineq.t1", kpg(7, "linear_ineq", "inequality_property"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, c := nonZero(r, -6, 6), nonZero(r, -6, 6)
		for a == c {
			c = nonZero(r, -6, 6)
		}
		b, d := pick(r, -12, 12), pick(r, -12, 12)
		rel := oneOf(r, ">", `\ge`)
		k := a - c
		t := frac(d-b, k) // boundary
		// k>0: x > t (or ≥); k<0: x < t (or ≤)
		var v *big.Rat
		ask := "最小"
		flip := ""
		if k > 0 {
			fl := new(big.Int).Div(t.Num(), t.Denom()) // floor
			v = new(big.Rat).SetInt(fl)
			if rel == ">" || !t.IsInt() {
				v.Add(v, rat(1))
			}
		} else {
			ask = "最大"
			flip = "，两边除以负数，不等号方向改变"
			cl := new(big.Int).Div(t.Num(), t.Denom())
			v = new(big.Rat).SetInt(cl)
			if t.IsInt() && rel == ">" {
				v.Sub(v, rat(1))
			}
		}
		stem := fmt.Sprintf("不等式 $%s%s%s$ 的%s整数解是____。", linEq(a, b), rel, linEq(c, d), ask)
		sign := map[bool]string{true: ">", false: "<"}[k > 0]
		if rel == `\ge` {
			sign = map[bool]string{true: `\ge`, false: `\le`}[k > 0]
		}
		expl := fmt.Sprintf("移项、合并得 $%dx%s%d$%s，所以 $x%s%s$，%s整数解是 $%s$。", k, rel, d-b, flip, sign, texFrac(t), ask, texFrac(v))
		return fill(stem, v, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		if !ans.IsInt() {
			return fmt.Errorf("answer %s is not an integer", ans.RatString())
		}
		seg := mathSegments(stem)[0]
		ok, err := holds(seg, ans)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("x=%s does not satisfy the inequality", ans.RatString())
		}
		next := sumR(ans, rat(-1))
		if strings.Contains(stem, "最大") {
			next = sumR(ans, rat(1))
		}
		if ok, _ := holds(seg, next); ok {
			return fmt.Errorf("x=%s also satisfies it, so %s is not extreme", next.RatString(), ans.RatString())
		}
		return nil
	})),
	tpl("math.g7.ineq_system.t1", kpg(7, "ineq_system"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		for {
			a1, b1, c1 := pick(r, 1, 4), pick(r, -9, 9), pick(r, -9, 9)
			a2, b2, c2 := -pick(r, 1, 4), pick(r, -9, 9), pick(r, -9, 9)
			lo, hi := frac(c1-b1, a1), frac(c2-b2, a2) // x > lo, x ≤ hi
			n := int64(0)
			for x := int64(-40); x <= 40; x++ {
				if rat(x).Cmp(lo) > 0 && rat(x).Cmp(hi) <= 0 {
					n++
				}
			}
			if n < 1 || n > 8 {
				continue
			}
			stem := fmt.Sprintf("不等式组 $\\begin{cases}%s>%d\\\\%s\\ge%d\\end{cases}$ 的整数解共有____个。", linEq(a1, b1), c1, linEq(a2, b2), c2)
			expl := fmt.Sprintf("解第一个不等式得 $x>%s$；解第二个不等式，两边除以负数 $%d$ 要改变不等号方向，得 $x\\le%s$。公共部分是 $%s<x\\le%s$，在数轴上数出整数解共 $%d$ 个。", texFrac(lo), a2, texFrac(hi), texFrac(lo), texFrac(hi), n)
			return fill(stem, rat(n), expl)
		}
	}, numCheck(func(stem string, ans *big.Rat) error {
		seg := mathSegments(stem)[0]
		seg = strings.TrimSuffix(strings.TrimPrefix(seg, `\begin{cases}`), `\end{cases}`)
		parts := strings.Split(seg, `\\`)
		n := int64(0)
		for x := int64(-100); x <= 100; x++ {
			all := true
			for _, p := range parts {
				ok, err := holds(p, rat(x))
				if err != nil {
					return err
				}
				all = all && ok
			}
			if all {
				n++
			}
		}
		return expect(ans, rat(n), "testing every integer from -100 to 100")
	})),
	tpl("math.g7.data_collection.t1", kpg(7, "data_collection"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := oneOf[int64](r, 40, 50, 60, 80, 120, 200)
		step := n / gcd(n, 360)
		c := step * pick(r, 1, (n/step)-1)
		subj := oneOf(r, "喜欢篮球", "选择步行上学", "每天阅读超过半小时", "参加科技小组")
		ang := frac(360*c, n)
		stem := fmt.Sprintf("某校随机调查了 $%d$ 名学生，其中%s的有 $%d$ 人。在扇形统计图中，表示这部分学生的扇形的圆心角是____度。", n, subj, c)
		expl := fmt.Sprintf("先求这部分所占百分比 $\\frac{%d}{%d}$，再乘 $360^\\circ$：$360\\times\\frac{%d}{%d}=%s$。", c, n, c, n, decStr(ang))
		return fill(stem, ang, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		return expect(rat(v[1]), quoR(mulR(ans, rat(v[0])), rat(360)), "angle/360 × total = part")
	})),
}

// sameAt reports whether two printed expressions in x agree at x = -3…3
// (enough points to identify polynomials of degree ≤ 6).
func sameAt(e1, e2 string) (bool, error) {
	for x := int64(-3); x <= 3; x++ {
		a, err := algAt(e1, "x", rat(x))
		if err != nil {
			return false, err
		}
		b, err := algAt(e2, "x", rat(x))
		if err != nil {
			return false, err
		}
		if a.Cmp(b) != 0 {
			return false, nil
		}
	}
	return true, nil
}

// identityChoice verifies a choice item whose right option is the only one
// equal, as a polynomial in x, to the expression in the stem's first
// segment.
func identityChoice(it curriculum.Item) error {
	right, err := chosen(it)
	if err != nil {
		return err
	}
	expr := mathSegments(it.Stem)[0]
	for _, o := range it.Options {
		same, err := sameAt(expr, strings.Trim(o, "$"))
		if err != nil {
			return err
		}
		if same != (o == right) {
			return fmt.Errorf("option %q equal to the stem: %v", o, same)
		}
	}
	return nil
}

// linFactor prints (ax+b).
func linFactor(a, b int64) string { return "(" + linEq(a, b) + ")" }

// data prints a list of numbers for a stem.
func data(xs []int64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.FormatInt(x, 10)
	}
	return strings.Join(s, ",\\ ")
}

var secG8 = []curriculum.Template{
	tpl("math.g8.triangle_sides.t1", kpg(8, "triangle_sides"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 2, 12), pick(r, 2, 12)
		lo, hi := iabs(a-b), a+b
		n := hi - lo - 1
		stem := fmt.Sprintf("三角形的两边长分别为 $%d$ 和 $%d$，第三边长为整数，则第三边的长共有____种可能。", a, b)
		expl := fmt.Sprintf("第三边 $c$ 满足两边之差小于第三边、两边之和大于第三边：$%d<c<%d$，整数 $c$ 有 $%d$ 个。注意两端都不能取等号。", lo, hi, n)
		return fill(stem, rat(n), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		n := int64(0)
		for c := int64(1); c < 100; c++ {
			if v[0]+v[1] > c && v[0]+c > v[1] && v[1]+c > v[0] {
				n++
			}
		}
		return expect(ans, rat(n), "testing every length")
	})),
	tpl("math.g8.triangle_angles.t1", kpg(8, "triangle_angles"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p := []int64{pick(r, 1, 4), pick(r, 1, 5), pick(r, 2, 7)}
		s := p[0] + p[1] + p[2]
		if r.IntN(2) == 0 {
			m := slices.Max(p)
			v := frac(180*m, s)
			stem := fmt.Sprintf("三角形三个内角的度数之比为 $%d:%d:%d$，则最大的内角是____度。", p[0], p[1], p[2])
			return fill(stem, v, fmt.Sprintf("设三个角分别为 $%dx^\\circ$、$%dx^\\circ$、$%dx^\\circ$，由内角和 $180^\\circ$ 得 $%dx=180$，$x=%s$，最大角为 $%d\\times%s=%s^\\circ$。", p[0], p[1], p[2], s, decStr(frac(180, s)), m, decStr(frac(180, s)), decStr(v)))
		}
		a, b := pick(r, 20, 80), pick(r, 20, 80)
		stem := fmt.Sprintf("在 $\\triangle ABC$ 中，$\\angle A=%d^\\circ$，$\\angle B=%d^\\circ$，则 $\\angle C$ 的外角是____度。", a, b)
		return fill(stem, rat(a+b), fmt.Sprintf("三角形的一个外角等于与它不相邻的两个内角之和：$%d^\\circ+%d^\\circ=%d^\\circ$。也可以先求 $\\angle C=%d^\\circ$，再用 $180^\\circ$ 减去它。", a, b, a+b, 180-a-b))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		if strings.Contains(stem, "外角") {
			c := 180 - v[0] - v[1]
			return expect(rat(180), sumR(ans, rat(c)), "exterior + interior = 180°")
		}
		s := rat(v[0] + v[1] + v[2])
		unit := quoR(ans, rat(slices.Max(v[:3])))
		return expect(rat(180), mulR(unit, s), "angles add to 180°")
	})),
	tpl("math.g8.polygon_angles.t1", kpg(8, "polygon_angles"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		switch r.IntN(3) {
		case 0:
			n := pick(r, 5, 12)
			return fill(fmt.Sprintf("$%d$ 边形的内角和是____度。", n), rat((n-2)*180), fmt.Sprintf("$n$ 边形内角和为 $(n-2)\\cdot180^\\circ$：$(%d-2)\\times180^\\circ=%d^\\circ$。", n, (n-2)*180))
		case 1:
			n := oneOf[int64](r, 5, 6, 8, 9, 10, 12, 15, 18, 20)
			return fill(fmt.Sprintf("一个正多边形的每个外角都是 $%d^\\circ$，它是正____边形。", 360/n), rat(n), fmt.Sprintf("多边形外角和恒为 $360^\\circ$，所以边数为 $360\\div%d=%d$。", 360/n, n))
		}
		n := pick(r, 5, 14)
		return fill(fmt.Sprintf("一个多边形的内角和是 $%d^\\circ$，它是____边形。", (n-2)*180), rat(n), fmt.Sprintf("由 $(n-2)\\cdot180=%d$ 得 $n-2=%d$，$n=%d$。", (n-2)*180, n-2, n))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		switch {
		case strings.Contains(stem, "外角"):
			return expect(rat(360), mulR(ans, rat(v[0])), "exterior angles add to 360°")
		case strings.Contains(stem, "内角和是 $") && strings.HasSuffix(stem, "边形。"):
			// triangulate from one vertex: n-2 triangles
			return expect(rat(v[0]), mulR(subR(ans, rat(2)), rat(180)), "n-2 triangles of 180°")
		}
		return expect(ans, mulR(rat(v[0]-2), rat(180)), "n-2 triangles of 180°")
	})),
	tpl("math.g8.power_rules.t1", kpg(8, "power_rules"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		m, n, k, j := pick(r, 2, 5), pick(r, 2, 4), pick(r, 1, 6), pick(r, 1, 9)
		e := m*n + k - j
		stem := fmt.Sprintf("若 $(a^{%d})^{%d}\\cdot a^{%d}\\div a^{%d}=a^{p}$（$a\\ne0$），则 $p=$____。", m, n, k, j)
		expl := fmt.Sprintf("幂的乘方指数相乘：$(a^{%d})^{%d}=a^{%d}$；同底数幂相乘指数相加、相除指数相减：$%d+%d-%d=%d$。常见错误是把幂的乘方写成指数相加。", m, n, m*n, m*n, k, j, e)
		return fill(stem, rat(e), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		l, _, _, err := sides(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		// evaluate at a = 2 and read off the exponent
		v, err := evalAlg(l, map[string]*big.Rat{"a": rat(2)})
		if err != nil {
			return err
		}
		p, err := ratPow(rat(2), ans)
		if err != nil {
			return err
		}
		return expect(v, p, "evaluating at a = 2")
	})),
	algCalc("math.g8.negative_exponent.t1", kpg(8, "negative_exponent"), func(r *rand.Rand) (string, *big.Rat, string) {
		p, q := pick(r, 1, 3), pick(r, 2, 5)
		n := pick(r, 1, 3)
		c := nonZero(r, -9, 9)
		k := pick(r, 2, 4)
		base := big.NewRat(p, q)
		expr := fmt.Sprintf(`(%s)^{-%d}+(%d)^0-%d^{-2}`, texFrac(base), n, c, k)
		a, _ := ratPow(base, rat(-n))
		v := sumR(a, rat(1), frac(-1, k*k))
		return expr, v, fmt.Sprintf("$a^{-n}=\\frac{1}{a^n}$：$(%s)^{-%d}=%s$；任何非零数的 0 次幂都是 1；$%d^{-2}=\\frac{1}{%d}$。所以原式 $=%s$。", texFrac(base), n, texFrac(a), k, k*k, texFrac(v))
	}),
	tpl("math.g8.poly_multiply.t1", kpg(8, "poly_multiply"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, c, d := nonZero(r, -5, 5), nonZero(r, -7, 7), nonZero(r, -5, 5), nonZero(r, -7, 7)
		e := fmt.Sprintf("%s%s", linFactor(a, b), linFactor(c, d))
		stem := fmt.Sprintf("整式 $%s$ 展开后，$x$ 的一次项系数是____。", e)
		ax, cx := linEq(a, 0), linEq(c, 0)
		if c < 0 {
			cx = "(" + cx + ")"
		}
		expl := fmt.Sprintf("用一个多项式的每一项乘另一个多项式的每一项：$%s=%s$。一次项由 $%s\\cdot%s$ 与 $%s\\cdot%s$ 合并而来，系数为 $%s\\times%s+%s\\times%s=%d$。", e, poly([]int64{b * d, a*d + b*c, a * c}, "x"), ax, pari(d), pari(b), cx, pari(a), pari(d), pari(b), pari(c), a*d+b*c)
		return fill(stem, rat(a*d+b*c), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		e := mathSegments(stem)[0]
		f1, err := algAt(e, "x", rat(1))
		if err != nil {
			return err
		}
		fm1, err := algAt(e, "x", rat(-1))
		if err != nil {
			return err
		}
		return expect(ans, quoR(subR(f1, fm1), rat(2)), "(f(1)-f(-1))/2 of a quadratic")
	})),
	tpl("math.g8.special_products.t1", kpg(8, "special_products"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 2, 5), nonZero(r, -6, 6)
		if r.IntN(2) == 0 {
			e := fmt.Sprintf("(%s)^2", linEq(a, b))
			right := "$" + poly([]int64{b * b, 2 * a * b, a * a}, "x") + "$"
			wrong := []string{
				"$" + poly([]int64{b * b, 0, a * a}, "x") + "$",
				"$" + poly([]int64{b * b, a * b, a * a}, "x") + "$",
				"$" + poly([]int64{b * b, 2 * a * b, a}, "x") + "$",
			}
			return choice(r, fmt.Sprintf("计算 $%s$ 的结果是（　）", e), right, wrong, fmt.Sprintf("完全平方公式 $(p+q)^2=p^2+2pq+q^2$，这里 $p=%dx$，$q=%s$：结果为 %s。最常见的错误是漏掉中间项 $2pq$，或把 $(%dx)^2$ 写成 $%dx^2$。", a, pari(b), right, a, a))
		}
		e := fmt.Sprintf("%s%s", linFactor(a, b), linFactor(a, -b))
		right := "$" + poly([]int64{-b * b, 0, a * a}, "x") + "$"
		wrong := []string{
			"$" + poly([]int64{b * b, 0, a * a}, "x") + "$",
			"$" + poly([]int64{-b * b, 0, a}, "x") + "$",
			"$" + poly([]int64{-b * b, -2 * a * b, a * a}, "x") + "$",
		}
		return choice(r, fmt.Sprintf("计算 $%s$ 的结果是（　）", e), right, wrong, fmt.Sprintf("平方差公式 $(p+q)(p-q)=p^2-q^2$，这里 $p=%dx$，$q=%s$，结果为 %s。注意 $p^2=%dx^2$，系数也要平方。", a, pari(b), right, a*a))
	}, identityChoice),
	tpl("math.g8.factorization.t1", kpg(8, "factorization"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		if r.IntN(2) == 0 {
			p, q := nonZero(r, -7, 7), nonZero(r, -7, 7)
			for p == q || p == -q {
				q = nonZero(r, -7, 7)
			}
			e := poly([]int64{p * q, p + q, 1}, "x")
			right := "$" + linFactor(1, p) + linFactor(1, q) + "$"
			wrong := []string{"$" + linFactor(1, -p) + linFactor(1, -q) + "$", "$" + linFactor(1, p) + linFactor(1, -q) + "$", "$" + linFactor(1, -p) + linFactor(1, q) + "$"}
			return choice(r, fmt.Sprintf("把 $%s$ 因式分解，结果是（　）", e), right, wrong, fmt.Sprintf("找两个数，积为 $%d$、和为 $%d$：它们是 $%d$ 和 $%d$，所以 $%s=%s$。分解后可以展开检验。", p*q, p+q, p, q, e, strings.Trim(right, "$")))
		}
		k, a := pick(r, 2, 5), pick(r, 1, 6)
		e := poly([]int64{-k * a * a, 0, k}, "x")
		right := fmt.Sprintf("$%d(x+%d)(x-%d)$", k, a, a)
		wrong := []string{fmt.Sprintf("$%d(x-%d)^2$", k, a), fmt.Sprintf("$(%dx+%d)(x-%d)$", k, a, a), fmt.Sprintf("$%d(x+%d)^2$", k, a)}
		return choice(r, fmt.Sprintf("把 $%s$ 因式分解，结果是（　）", e), right, wrong, fmt.Sprintf("先提公因式 $%d$，得 $%d(x^2-%d)$，再用平方差公式：%s。因式分解要分解到每个因式都不能再分解为止。", k, k, a*a, right))
	}, identityChoice),
	tpl("math.g8.fraction_concept.t1", kpg(8, "fraction_concept"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a := nonZero(r, -8, 8)
		stem := fmt.Sprintf("若分式 $\\frac{x^2-%d}{%s}$ 的值为 $0$，则 $x=$____。", a*a, linEq(1, a))
		expl := fmt.Sprintf("分式值为 0 要求分子为 0 且分母不为 0：由 $x^2-%d=0$ 得 $x=\\pm%d$；但 $x=%d$ 时分母 $%s=0$，舍去，所以 $x=%d$。", a*a, iabs(a), -a, linEq(1, a), a)
		return fill(stem, rat(a), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		seg := mathSegments(stem)[0]
		num, rest, err := bracedArg(strings.TrimPrefix(seg, `\frac`))
		if err != nil {
			return err
		}
		den, _, err := bracedArg(rest)
		if err != nil {
			return err
		}
		for x := int64(-20); x <= 20; x++ {
			n, err1 := algAt(num, "x", rat(x))
			d, err2 := algAt(den, "x", rat(x))
			if err1 != nil || err2 != nil {
				return fmt.Errorf("cannot evaluate the fraction")
			}
			if n.Sign() == 0 && d.Sign() != 0 {
				return expect(ans, rat(x), "searching for a zero of the numerator with a non-zero denominator")
			}
		}
		return fmt.Errorf("fraction is never 0")
	})),
	tpl("math.g8.fraction_ops.t1", kpg(8, "fraction_ops"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a := pick(r, 1, 5)
		x := nonZero(r, -6, 6)
		for x == a || x == -a {
			x = nonZero(r, -6, 6)
		}
		e := fmt.Sprintf(`\frac{x^2-%d}{x^2+%dx+%d}\div\frac{x-%d}{x}`, a*a, 2*a, a*a, a)
		v := frac(x, x+a)
		stem := fmt.Sprintf("先化简，再求值：$%s$，其中 $x=%d$。结果为____。", e, x)
		expl := fmt.Sprintf("把分子分母因式分解：原式 $=\\frac{(x+%d)(x-%d)}{(x+%d)^2}\\cdot\\frac{x}{x-%d}=\\frac{x}{x+%d}$。当 $x=%d$ 时，原式 $=%s$。", a, a, a, a, a, x, texFrac(v))
		return fillFrac(stem, v, expl)
	}, checkSimplifyThenEvaluate),
	tpl("math.g8.fraction_eq.t1", kpg(8, "fraction_eq"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		for {
			a, c, b := pick(r, 1, 6), pick(r, 1, 6), nonZero(r, -5, 5)
			if a == c {
				continue
			}
			x := frac(-c*b, a-c) // a x = c (x - b)
			if x.Sign() == 0 || x.Cmp(rat(b)) == 0 {
				continue
			}
			stem := fmt.Sprintf("解分式方程 $\\frac{%d}{%s}=\\frac{%d}{x}$，$x=$____。", a, linEq(1, -b), c)
			expl := fmt.Sprintf("两边同乘最简公分母 $x(%s)$，得 $%dx=%d(%s)$，解得 $x=%s$。检验：$x=%s$ 时最简公分母不为 0，所以它是原方程的解。", linEq(1, -b), a, c, linEq(1, -b), texFrac(x), texFrac(x))
			return fillFrac(stem, x, expl)
		}
	}, numCheck(func(stem string, ans *big.Rat) error {
		ok, err := holds(mathSegments(stem)[0], ans)
		if err != nil {
			return fmt.Errorf("x=%s: %w", ans.RatString(), err)
		}
		if !ok {
			return fmt.Errorf("x=%s does not satisfy the equation", ans.RatString())
		}
		return nil
	})),
	tpl("math.g8.radical_mul_div.t1", kpg(8, "radical_mul_div", "radical_concept"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 2, 6), oneOf[int64](r, 2, 3, 5, 6, 7, 10)
		n := a * a * b
		stem := fmt.Sprintf("把 $\\sqrt{%d}$ 化成最简二次根式 $a\\sqrt{b}$（$a$、$b$ 为正整数），则 $a=$____。", n)
		expl := fmt.Sprintf("把被开方数分解出完全平方因数：$%d=%d\\times%d$，所以 $\\sqrt{%d}=\\sqrt{%d}\\cdot\\sqrt{%d}=%d\\sqrt{%d}$。注意被开方数 $%d$ 中已不含能开得尽方的因数。", n, a*a, b, n, a*a, b, a, b, b)
		return fill(stem, rat(a), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		n := v[0]
		best := int64(1)
		for d := int64(1); d*d <= n; d++ {
			if n%(d*d) == 0 {
				best = d
			}
		}
		return expect(ans, rat(best), "largest square factor")
	})),
	tpl("math.g8.radical_add_sub.t1", kpg(8, "radical_add_sub"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		m := oneOf[int64](r, 2, 3, 5, 6)
		a, b, c := pick(r, 1, 5), pick(r, 2, 5), pick(r, 1, 6)
		for b == a {
			b = pick(r, 2, 5)
		}
		for c == a || c == b {
			c = pick(r, 1, 6)
		}
		k := a + b - c
		stem := fmt.Sprintf("计算 $\\sqrt{%d}+\\sqrt{%d}-\\sqrt{%d}$ 的结果为 $k\\sqrt{%d}$，则 $k=$____。", a*a*m, b*b*m, c*c*m, m)
		expl := fmt.Sprintf("先化成最简二次根式：$\\sqrt{%d}=%d\\sqrt{%d}$，$\\sqrt{%d}=%d\\sqrt{%d}$，$\\sqrt{%d}=%d\\sqrt{%d}$，再合并被开方数相同的项：$(%d+%d-%d)\\sqrt{%d}=%d\\sqrt{%d}$。", a*a*m, a, m, b*b*m, b, m, c*c*m, c, m, a, b, c, m, k, m)
		return fill(stem, rat(k), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		g := regexp.MustCompile(`\\sqrt\{(\d+)\}\+\\sqrt\{(\d+)\}-\\sqrt\{(\d+)\}.*k\\sqrt\{(\d+)\}`).FindStringSubmatch(stem)
		if g == nil {
			return fmt.Errorf("stem does not print the radicals")
		}
		var v [4]int64
		for i := range v {
			v[i], _ = strconv.ParseInt(g[i+1], 10, 64)
		}
		k := int64(0)
		for i, sign := range []int64{1, 1, -1} {
			c, ok := isqrt(v[i] / v[3])
			if !ok || v[i]%v[3] != 0 {
				return fmt.Errorf("√%d is not a multiple of √%d", v[i], v[3])
			}
			k += sign * c
		}
		return expect(ans, rat(k), "simplifying each radical")
	})),
	tpl("math.g8.pythagoras.t1", kpg(8, "pythagoras"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, c := triple(r, 3)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("在 $\\mathrm{Rt}\\triangle ABC$ 中，$\\angle C=90^\\circ$，$AC=%d$，$BC=%d$，则 $AB=$____。", a, b)
			return fill(stem, rat(c), fmt.Sprintf("$AB$ 是斜边，$AB^2=AC^2+BC^2=%d+%d=%d$，所以 $AB=%d$。", a*a, b*b, c*c, c))
		}
		stem := fmt.Sprintf("在 $\\mathrm{Rt}\\triangle ABC$ 中，$\\angle C=90^\\circ$，斜边 $AB=%d$，$AC=%d$，则 $BC=$____。", c, a)
		return fill(stem, rat(b), fmt.Sprintf("$BC^2=AB^2-AC^2=%d-%d=%d$，所以 $BC=%d$。先确认哪条边是斜边，不要把两边平方直接相加。", c*c, a*a, b*b, b))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		if len(v) < 2 {
			return fmt.Errorf("stem has too few numbers")
		}
		p, q := rat(v[len(v)-2]), rat(v[len(v)-1])
		if strings.Contains(stem, "斜边") {
			return expect(mulR(p, p), sumR(mulR(q, q), mulR(ans, ans)), "hyp² = leg² + leg²")
		}
		return expect(mulR(ans, ans), sumR(mulR(p, p), mulR(q, q)), "hyp² = leg² + leg²")
	})),
	tpl("math.g8.pythagoras_converse.t1", kpg(8, "pythagoras_converse"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		a, b, c := triple(r, 2)
		if a > b {
			a, b = b, a
		}
		right := fmt.Sprintf("$%d,\\ %d,\\ %d$", a, b, c)
		var wrong []string
		for _, d := range [][3]int64{{a, b, c + 1}, {a + 1, b, c}, {a, b + 1, c + 1}, {a, a + 1, b}} {
			if d[0]*d[0]+d[1]*d[1] != d[2]*d[2] && d[0]+d[1] > d[2] && len(wrong) < 3 {
				wrong = append(wrong, fmt.Sprintf("$%d,\\ %d,\\ %d$", d[0], d[1], d[2]))
			}
		}
		return choice(r, "以下列各组数为三边长的三角形中，是直角三角形的是（　）", right, wrong, fmt.Sprintf("用勾股定理的逆定理检验：两条较短边的平方和是否等于最长边的平方。$%d^2+%d^2=%d=%d^2$，所以 %s 能构成直角三角形，其余各组都不满足。", a, b, c*c, c, right))
	}, func(it curriculum.Item) error {
		right, err := chosen(it)
		if err != nil {
			return err
		}
		for _, o := range it.Options {
			v := intsSigned(o)
			slices.Sort(v)
			isRight := len(v) == 3 && v[0]*v[0]+v[1]*v[1] == v[2]*v[2]
			if isRight != (o == right) {
				return fmt.Errorf("option %s right-angled: %v", o, isRight)
			}
		}
		return nil
	}),
	tpl("math.g8.midline.t1", kpg(8, "midline"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := pick(r, 4, 15), pick(r, 4, 15)
		c := pick(r, iabs(a-b)+1, a+b-1)
		p := frac(a+b+c, 2)
		stem := fmt.Sprintf("$\\triangle ABC$ 的三边长分别为 $%d$、$%d$、$%d$，$D$、$E$、$F$ 分别是三边的中点，则 $\\triangle DEF$ 的周长是____。", a, b, c)
		return fill(stem, p, fmt.Sprintf("三角形的中位线等于第三边的一半，$\\triangle DEF$ 的三边分别是原三角形三边的一半，周长为 $\\frac{%d+%d+%d}{2}=%s$。", a, b, c, decStr(p)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 3)
		if err != nil {
			return err
		}
		return expect(sumR(frac(v[0], 2), frac(v[1], 2), frac(v[2], 2)), ans, "halving each side")
	})),
	tpl("math.g8.rectangle_rhombus.t1", kpg(8, "rectangle_rhombus", "pythagoras"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q, s := triple(r, 3)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("菱形的两条对角线长分别为 $%d$ 和 $%d$，则菱形的边长是____。", 2*p, 2*q)
			return fill(stem, rat(s), fmt.Sprintf("菱形的对角线互相垂直平分，一半分别为 $%d$ 和 $%d$，与边构成直角三角形，边长 $=\\sqrt{%d^2+%d^2}=%d$。", p, q, p, q, s))
		}
		stem := fmt.Sprintf("菱形的两条对角线长分别为 $%d$ 和 $%d$，则菱形的面积是____。", 2*p, 2*q)
		return fill(stem, rat(2*p*q), fmt.Sprintf("菱形面积等于对角线乘积的一半：$\\frac{%d\\times%d}{2}=%d$。不要忘记除以 2。", 2*p, 2*q, 2*p*q))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		hp, hq := frac(v[0], 2), frac(v[1], 2)
		if strings.Contains(stem, "面积") {
			return expect(ans, mulR(rat(4), frac(1, 2), hp, hq), "four right triangles")
		}
		return expect(mulR(ans, ans), sumR(mulR(hp, hp), mulR(hq, hq)), "half-diagonals and side")
	})),
	tpl("math.g8.linear_function.t1", kpg(8, "linear_function"), curriculum.FillExpr, func(r *rand.Rand) curriculum.Item {
		k, b := nonZero(r, -5, 5), pick(r, -8, 8)
		x1 := pick(r, -4, 4)
		x2 := x1 + pick(r, 1, 4)
		y1, y2 := k*x1+b, k*x2+b
		stem := fmt.Sprintf("一次函数的图像经过点 $(%d,%d)$ 和 $(%d,%d)$，则它的解析式为 $y=$____。", x1, y1, x2, y2)
		ans := linEq(k, b)
		return exprItem(stem, ans, fmt.Sprintf("设 $y=kx+b$，代入两点得 $\\begin{cases}%s=%d\\\\%s=%d\\end{cases}$，两式相减得 $k=%d$，再求得 $b=%d$，所以 $y=%s$。", terms([]int64{x1, 1}, []string{"k", "b"}), y1, terms([]int64{x2, 1}, []string{"k", "b"}), y2, k, b, ans))
	}, func(it curriculum.Item) error {
		pts, err := pointsIn(it.Stem)
		if err != nil {
			return err
		}
		if len(pts) != 2 {
			return fmt.Errorf("stem has %d points", len(pts))
		}
		for _, p := range pts {
			y, err := algAt(it.Answer, "x", p[0])
			if err != nil {
				return err
			}
			if y.Cmp(p[1]) != 0 {
				return fmt.Errorf("y=%s misses the point (%s,%s)", it.Answer, p[0].RatString(), p[1].RatString())
			}
		}
		// linear: the second difference vanishes
		y0, _ := algAt(it.Answer, "x", rat(0))
		y1, _ := algAt(it.Answer, "x", rat(1))
		y2, err := algAt(it.Answer, "x", rat(2))
		if err != nil {
			return err
		}
		if sumR(y0, y2).Cmp(mulR(rat(2), y1)) != 0 {
			return fmt.Errorf("answer %q is not linear", it.Answer)
		}
		return nil
	}),
	tpl("math.g8.linear_function_graph.t1", kpg(8, "linear_function_graph"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		k, b := nonZero(r, -4, 4), nonZero(r, -8, 8)
		xi := frac(-b, k)
		area := mulR(frac(1, 2), new(big.Rat).Abs(xi), rat(iabs(b)))
		stem := fmt.Sprintf("直线 $y=%s$ 与两条坐标轴围成的三角形的面积是____。", linEq(k, b))
		return fillFrac(stem, area, fmt.Sprintf("令 $x=0$ 得与 $y$ 轴交点 $(0,%d)$；令 $y=0$ 得与 $x$ 轴交点 $(%s,0)$。面积 $=\\frac12\\times|%s|\\times|%d|=%s$。边长要取绝对值。", b, texFrac(xi), texFrac(xi), b, texFrac(area)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		_, _, rhs, err := sides(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		b, err := algAt(rhs, "x", rat(0))
		if err != nil {
			return err
		}
		y1, err := algAt(rhs, "x", rat(1))
		if err != nil {
			return err
		}
		k := subR(y1, b)
		xi := quoR(new(big.Rat).Neg(b), k)
		return expect(ans, new(big.Rat).Abs(mulR(frac(1, 2), xi, b)), "intercepts from the printed line")
	})),
	tpl("math.g8.linear_function_eq.t1", kpg(8, "linear_function_eq"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x0, y0 := pick(r, -5, 5), pick(r, -6, 6)
		k1, k2 := nonZero(r, -4, 4), nonZero(r, -4, 4)
		for k1 == k2 {
			k2 = nonZero(r, -4, 4)
		}
		b1, b2 := y0-k1*x0, y0-k2*x0
		ask, v := "横", x0
		if r.IntN(2) == 0 {
			ask, v = "纵", y0
		}
		stem := fmt.Sprintf("直线 $y=%s$ 与直线 $y=%s$ 的交点的%s坐标是____。", linEq(k1, b1), linEq(k2, b2), ask)
		return fill(stem, rat(v), fmt.Sprintf("两直线交点的坐标就是方程组的解。令 $%s=%s$，解得 $x=%d$，代入得 $y=%d$，交点为 $(%d,%d)$。", linEq(k1, b1), linEq(k2, b2), x0, y0, x0, y0))
	}, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		var lines [2]string
		for i := range lines {
			_, _, rhs, err := sides(segs[i])
			if err != nil {
				return err
			}
			lines[i] = rhs
		}
		// scan x in small steps is impossible for rationals; solve by bisection-free substitution
		for x := int64(-20); x <= 20; x++ {
			a, err := algAt(lines[0], "x", rat(x))
			if err != nil {
				return err
			}
			b, _ := algAt(lines[1], "x", rat(x))
			if a.Cmp(b) == 0 {
				if strings.Contains(stem, "横坐标") {
					return expect(ans, rat(x), "scanning for the common point")
				}
				return expect(ans, a, "scanning for the common point")
			}
		}
		return fmt.Errorf("no integer intersection found")
	})),
	tpl("math.g8.central_tendency.t1", kpg(8, "central_tendency"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 6, 9)
		xs := make([]int64, n)
		for i := range xs {
			xs[i] = pick(r, 60, 99)
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		if r.IntN(2) == 0 {
			var med *big.Rat
			if n%2 == 1 {
				med = rat(sorted[n/2])
			} else {
				med = frac(sorted[n/2-1]+sorted[n/2], 2)
			}
			stem := fmt.Sprintf("一组数据 $%s$ 的中位数是____。", data(xs))
			return fill(stem, med, fmt.Sprintf("先从小到大排序：$%s$。共 $%d$ 个数据，中位数是%s，为 $%s$。", data(sorted), n, map[bool]string{true: "正中间的那个数", false: "中间两个数的平均数"}[n%2 == 1], decStr(med)))
		}
		w := []int64{pick(r, 1, 4), pick(r, 1, 4), pick(r, 2, 6)}
		sc := []int64{pick(r, 70, 99), pick(r, 70, 99), pick(r, 70, 99)}
		v := frac(w[0]*sc[0]+w[1]*sc[1]+w[2]*sc[2], w[0]+w[1]+w[2])
		stem := fmt.Sprintf("某同学平时、期中、期末成绩分别为 $%d$、$%d$、$%d$ 分，按 $%d:%d:%d$ 的权重计算总评成绩，总评成绩是____分。", sc[0], sc[1], sc[2], w[0], w[1], w[2])
		return fill(stem, v, fmt.Sprintf("加权平均数 $=\\frac{%d\\times%d+%d\\times%d+%d\\times%d}{%d+%d+%d}=%s$。不能直接求三个分数的算术平均。", sc[0], w[0], sc[1], w[1], sc[2], w[2], w[0], w[1], w[2], decStr(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		if strings.Contains(stem, "中位数") {
			// at most half the values lie on either side of the median
			// (and for an even count it is the midpoint of its neighbours)
			below, above := 0, 0
			lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
			for _, x := range v {
				switch c := rat(x).Cmp(ans); {
				case c < 0:
					below++
					lo = max(lo, x)
				case c > 0:
					above++
					hi = min(hi, x)
				default:
					lo, hi = max(lo, x), min(hi, x)
				}
			}
			if 2*below > len(v) || 2*above > len(v) {
				return fmt.Errorf("%s splits the data %d/%d", ans.RatString(), below, above)
			}
			if len(v)%2 == 0 {
				return expect(ans, frac(lo+hi, 2), "midpoint of the middle pair")
			}
			return nil
		}
		if len(v) != 6 {
			return fmt.Errorf("stem has %d numbers", len(v))
		}
		// weighted mean m satisfies Σ w_i (x_i - m) = 0
		dev := new(big.Rat)
		for i := 0; i < 3; i++ {
			dev.Add(dev, mulR(rat(v[3+i]), subR(rat(v[i]), ans)))
		}
		if dev.Sign() != 0 {
			return fmt.Errorf("weighted deviations do not cancel")
		}
		return nil
	})),
	tpl("math.g8.variance.t1", kpg(8, "variance"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 4, 6)
		m := pick(r, 3, 12)
		xs := make([]int64, n)
		var s int64
		for i := int64(0); i < n-1; i++ {
			xs[i] = m + pick(r, -4, 4)
			s += xs[i]
		}
		xs[n-1] = m*n - s // mean is exactly m
		var ss int64
		for _, x := range xs {
			ss += (x - m) * (x - m)
		}
		v := frac(ss, n)
		stem := fmt.Sprintf("数据 $%s$ 的方差是____。", data(xs))
		return fillFrac(stem, v, fmt.Sprintf("平均数 $\\bar x=%d$；方差 $s^2=\\frac1{%d}\\sum(x_i-\\bar x)^2=\\frac{%d}{%d}=%s$。每一项都要先平方再求和。", m, n, ss, n, texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		n := rat(int64(len(v)))
		s, s2 := new(big.Rat), new(big.Rat)
		for _, x := range v {
			s.Add(s, rat(x))
			s2.Add(s2, rat(x*x))
		}
		mean := quoR(s, n)
		return expect(ans, subR(quoR(s2, n), mulR(mean, mean)), "E[x²] − (E[x])²")
	})),
}

// quadRoots draws a monic quadratic with distinct non-zero integer roots.
func quadRoots(r *rand.Rand) (p, q int64) {
	p, q = nonZero(r, -9, 9), nonZero(r, -9, 9)
	for p == q {
		q = nonZero(r, -9, 9)
	}
	return p, q
}

// rootsOf finds the integer roots in [-60, 60] of the printed equation.
func rootsOf(eq string) ([]int64, error) {
	var out []int64
	for x := int64(-60); x <= 60; x++ {
		ok, err := holds(eq, rat(x))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, x)
		}
	}
	return out, nil
}

var secG9 = []curriculum.Template{
	tpl("math.g9.solve_by_factoring.t1", kpg(9, "solve_by_factoring", "quadratic_eq_concept"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q := quadRoots(r)
		eq := poly([]int64{p * q, -(p + q), 1}, "x") + "=0"
		hi := max(p, q)
		stem := fmt.Sprintf("方程 $%s$ 的两个根中，较大的根是____。", eq)
		return fill(stem, rat(hi), fmt.Sprintf("因式分解得 $%s%s=0$，所以 $x_1=%d$，$x_2=%d$，较大的根是 $%d$。两个因式中只要有一个为 0，方程就成立。", linFactor(1, -p), linFactor(1, -q), p, q, hi))
	}, numCheck(func(stem string, ans *big.Rat) error {
		roots, err := rootsOf(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		if len(roots) != 2 {
			return fmt.Errorf("found roots %v", roots)
		}
		return expect(ans, rat(roots[1]), "searching the integer roots")
	})),
	tpl("math.g9.completing_square.t1", kpg(9, "completing_square"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		m := nonZero(r, -6, 6)
		q := pick(r, -20, m*m)
		n := m*m - q
		stem := fmt.Sprintf("用配方法解方程 $%s=0$，配方后得到 $(x%s)^2=n$，则 $n=$____。", poly([]int64{q, 2 * m, 1}, "x"), signed(m))
		expl := fmt.Sprintf("移项得 $%s=%d$，两边同时加上一次项系数一半的平方 $%s^2=%d$：$%s+%d=%d$，即 $(x%s)^2=%d$。注意方程两边都要加。", poly([]int64{0, 2 * m, 1}, "x"), -q, pari(m), m*m, poly([]int64{0, 2 * m, 1}, "x"), m*m, n, signed(m), n)
		return fill(stem, rat(n), expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		l, _, _, err := sides(segs[0])
		if err != nil {
			return err
		}
		sq := strings.TrimSuffix(segs[1], "=n")
		// (x+m)^2 - n must equal the printed polynomial
		same, err := sameAt(l, sq+"-("+texFrac(ans)+")")
		if err != nil {
			return err
		}
		if !same {
			return fmt.Errorf("(x+m)²-n differs from the equation")
		}
		return nil
	})),
	tpl("math.g9.quadratic_formula.t1", kpg(9, "quadratic_formula"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		// (a x - p)(x - q) = 0 with a > 1 so the roots are p/a and q
		a, p, q := pick(r, 2, 6), nonZero(r, -9, 9), nonZero(r, -6, 6)
		for gcd(a, p) != 1 {
			p = nonZero(r, -9, 9)
		}
		A, B, C := a, -(p + a*q), p*q
		r1, r2 := frac(p, a), rat(q)
		hi := r1
		if r2.Cmp(r1) > 0 {
			hi = r2
		}
		disc := B*B - 4*A*C
		s, _ := isqrt(disc)
		stem := fmt.Sprintf("方程 $%s=0$ 的两个根中，较大的根是____。", poly([]int64{C, B, A}, "x"))
		expl := fmt.Sprintf("$a=%d$，$b=%d$，$c=%d$，$\\Delta=b^2-4ac=%d$，$x=\\frac{%d\\pm%d}{%d}$，两根为 $%s$ 和 $%s$，较大的根是 $%s$。分母是 $2a$，不要漏乘 $a$。", A, B, C, disc, -B, s, 2*A, texFrac(r1), texFrac(r2), texFrac(hi))
		return fillFrac(stem, hi, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		eq := mathSegments(stem)[0]
		ok, err := holds(eq, ans)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("x=%s is not a root", ans.RatString())
		}
		// the other root is (sum of roots) - ans; it must not be larger
		l, _, _, _ := sides(eq)
		c, _ := algAt(l, "x", rat(0))
		f1, _ := algAt(l, "x", rat(1))
		fm1, _ := algAt(l, "x", rat(-1))
		a := subR(quoR(sumR(f1, fm1), rat(2)), c)
		b := quoR(subR(f1, fm1), rat(2))
		other := subR(quoR(new(big.Rat).Neg(b), a), ans)
		if other.Cmp(ans) > 0 {
			return fmt.Errorf("the other root %s is larger", other.RatString())
		}
		return nil
	})),
	tpl("math.g9.discriminant.t1", kpg(9, "discriminant"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := nonZero(r, -4, 4), nonZero(r, -8, 8)
		k := frac(b*b, 4*a)
		stem := fmt.Sprintf("关于 $x$ 的一元二次方程 $%s+k=0$ 有两个相等的实数根，则 $k=$____。", terms([]int64{a, b}, []string{"x^2", "x"}))
		expl := fmt.Sprintf("有两个相等的实数根 $\\Leftrightarrow\\Delta=0$：$%s^2-4\\times%s\\times k=0$，解得 $k=%s$。", pari(b), pari(a), texFrac(k))
		return fillFrac(stem, k, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		eq := strings.Replace(mathSegments(stem)[1], "k", "("+texFrac(ans)+")", 1)
		l, _, _, err := sides(eq)
		if err != nil {
			return err
		}
		c, err := algAt(l, "x", rat(0))
		if err != nil {
			return err
		}
		f1, _ := algAt(l, "x", rat(1))
		fm1, _ := algAt(l, "x", rat(-1))
		a := subR(quoR(sumR(f1, fm1), rat(2)), c)
		b := quoR(subR(f1, fm1), rat(2))
		// a double root sits at the vertex: f(-b/2a) = 0
		v, err := algAt(l, "x", quoR(new(big.Rat).Neg(b), mulR(rat(2), a)))
		if err != nil {
			return err
		}
		if v.Sign() != 0 {
			return fmt.Errorf("k=%s leaves the vertex off the axis", ans.RatString())
		}
		return nil
	})),
	tpl("math.g9.vieta.t1", kpg(9, "vieta"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q := quadRoots(r)
		eq := poly([]int64{p * q, -(p + q), 1}, "x") + "=0"
		s, m := p+q, p*q
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("设 $x_1$、$x_2$ 是方程 $%s$ 的两个根，则 $x_1^2+x_2^2=$____。", eq)
			return fill(stem, rat(s*s-2*m), fmt.Sprintf("由根与系数的关系，$x_1+x_2=%d$，$x_1x_2=%d$，所以 $x_1^2+x_2^2=(x_1+x_2)^2-2x_1x_2=%d-%d=%d$。", s, m, s*s, 2*m, s*s-2*m))
		}
		stem := fmt.Sprintf("设 $x_1$、$x_2$ 是方程 $%s$ 的两个根，则 $\\frac{1}{x_1}+\\frac{1}{x_2}=$____。", eq)
		v := frac(s, m)
		return fillFrac(stem, v, fmt.Sprintf("$\\frac{1}{x_1}+\\frac{1}{x_2}=\\frac{x_1+x_2}{x_1x_2}=\\frac{%d}{%d}=%s$。注意两根之和是 $-\\frac ba$，别漏负号。", s, m, texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		roots, err := rootsOf(mathSegments(stem)[2])
		if err != nil {
			return err
		}
		if len(roots) != 2 {
			return fmt.Errorf("found roots %v", roots)
		}
		a, b := rat(roots[0]), rat(roots[1])
		if strings.Contains(stem, "x_1^2") {
			return expect(ans, sumR(mulR(a, a), mulR(b, b)), "solving and squaring")
		}
		return expect(ans, sumR(new(big.Rat).Inv(a), new(big.Rat).Inv(b)), "solving and inverting")
	})),
	tpl("math.g9.quadratic_eq_app.t1", kpg(9, "quadratic_eq_app"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		m := pick(r, 4, 10)
		n := m + pick(r, 1, 3)
		k := oneOf[int64](r, 1, 2, 4, 5, 10)
		a, b := m*m*k, n*n*k
		x := frac(n-m, m)
		item := oneOf(r, "某工厂一月份产值为", "某商店一月份营业额为", "某景区一月份接待游客")
		stem := fmt.Sprintf("%s $%d$ 万，三月份为 $%d$ 万，若二、三月份的月平均增长率相同，则月平均增长率是____（填小数或百分数）。", item, a, b)
		it := fill(stem, x, fmt.Sprintf("设月平均增长率为 $x$，则 $%d(1+x)^2=%d$，$(1+x)^2=%s$，$1+x=\\pm%s$，得 $x=%s$ 或 $x=%s$。增长率不能为负，舍去负值，答案为 $%s$（即 $%s\\%%$）。", a, b, texFrac(frac(b, a)), texFrac(frac(n, m)), texFrac(x), texFrac(frac(-n-m, m)), decStr(x), decStr(mulR(x, rat(100)))))
		it.Check.Percent = true
		return it
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		g := sumR(rat(1), ans)
		if ans.Sign() <= 0 {
			return fmt.Errorf("growth rate %s is not positive", ans.RatString())
		}
		return expect(rat(v[1]), mulR(rat(v[0]), g, g), "growing twice")
	})),
	tpl("math.g9.quadratic_vertex.t1", kpg(9, "quadratic_vertex", "quadratic_function_graph"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, h, k := nonZero(r, -3, 3), nonZero(r, -5, 5), pick(r, -9, 9)
		c := []int64{a*h*h + k, -2 * a * h, a}
		f := poly(c, "x")
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("二次函数 $y=%s$ 图像的对称轴是直线 $x=$____。", f)
			return fill(stem, rat(h), fmt.Sprintf("对称轴 $x=-\\frac{b}{2a}=-\\frac{%d}{2\\times%s}=%d$。也可以配方：$y=%d(x%s)^2%s$。", c[1], pari(a), h, a, signed(-h), signed(k)))
		}
		word := "最小值"
		if a < 0 {
			word = "最大值"
		}
		stem := fmt.Sprintf("二次函数 $y=%s$ 的%s是____。", f, word)
		return fill(stem, rat(k), fmt.Sprintf("配方得 $y=%d(x%s)^2%s$，顶点为 $(%d,%d)$。$a=%d$，开口向%s，所以当 $x=%d$ 时取得%s $%d$。", a, signed(-h), signed(k), h, k, a, map[bool]string{true: "上", false: "下"}[a > 0], h, word, k))
	}, numCheck(func(stem string, ans *big.Rat) error {
		_, _, f, err := sides(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		// the vertex h satisfies f(h-1) = f(h+1); scan integers for it
		for h := int64(-20); h <= 20; h++ {
			l, _ := algAt(f, "x", rat(h-1))
			rr, err := algAt(f, "x", rat(h+1))
			if err != nil {
				return err
			}
			if l.Cmp(rr) == 0 {
				if strings.Contains(stem, "对称轴") {
					return expect(ans, rat(h), "symmetry f(h-1)=f(h+1)")
				}
				v, _ := algAt(f, "x", rat(h))
				return expect(ans, v, "value at the axis of symmetry")
			}
		}
		return fmt.Errorf("no integer axis found")
	})),
	tpl("math.g9.quadratic_function_roots.t1", kpg(9, "quadratic_function_roots"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q := quadRoots(r)
		a := oneOf[int64](r, 1, -1, 2, -2)
		c := []int64{a * p * q, -a * (p + q), a}
		d := iabs(p - q)
		stem := fmt.Sprintf("抛物线 $y=%s$ 与 $x$ 轴两个交点之间的距离是____。", poly(c, "x"))
		return fill(stem, rat(d), fmt.Sprintf("令 $y=0$，解方程 $%s=0$ 得 $x_1=%d$，$x_2=%d$，两交点为 $(%d,0)$、$(%d,0)$，距离为 $|%d-(%d)|=%d$。", poly(c, "x"), p, q, p, q, p, q, d))
	}, numCheck(func(stem string, ans *big.Rat) error {
		_, _, f, err := sides(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		roots, err := rootsOf(f + "=0")
		if err != nil {
			return err
		}
		if len(roots) != 2 {
			return fmt.Errorf("found roots %v", roots)
		}
		return expect(ans, rat(roots[1]-roots[0]), "distance between the roots")
	})),
	tpl("math.g9.quadratic_function_app.t1", kpg(9, "quadratic_function_app"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		l := pick(r, 3, 15) * 4
		area := frac(l*l, 8)
		stem := fmt.Sprintf("用长为 $%d$ 米的篱笆围一个矩形菜园，一边靠足够长的墙（靠墙一边不用篱笆），菜园的最大面积是____平方米。", l)
		return fill(stem, area, fmt.Sprintf("设垂直于墙的边长为 $x$ 米，则平行于墙的边长为 $(%d-2x)$ 米，面积 $S=x(%d-2x)=-2x^2+%dx=-2(x-%s)^2+%s$。当 $x=%s$ 时 $S$ 最大，为 $%s$ 平方米。", l, l, l, decStr(frac(l, 4)), decStr(area), decStr(frac(l, 4)), decStr(area)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		l := rat(v[0])
		// scan widths on a grid of 1/8 metre; the best area must equal ans
		best := new(big.Rat)
		for i := int64(1); i < v[0]*4; i++ {
			x := frac(i, 8)
			s := mulR(x, subR(l, mulR(rat(2), x)))
			if s.Cmp(best) > 0 {
				best = s
			}
		}
		return expect(ans, best, "scanning the widths")
	})),
	tpl("math.g9.classical_probability.t1", kpg(9, "classical_probability"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		red, white := pick(r, 2, 5), pick(r, 1, 4)
		n := red + white
		if r.IntN(2) == 0 {
			p := frac(red*(red-1), n*(n-1))
			stem := fmt.Sprintf("袋中有 $%d$ 个红球和 $%d$ 个白球，除颜色外都相同。从中随机摸出一个球，不放回，再摸出一个球，两次都摸到红球的概率是____。", red, white)
			return fillFrac(stem, p, fmt.Sprintf("用列表法：第一次有 $%d$ 种结果，第二次有 $%d$ 种，共 $%d$ 种等可能结果；两次都是红球的有 $%d\\times%d=%d$ 种，概率为 $%s$。注意“不放回”时第二次只剩 $%d$ 个球。", n, n-1, n*(n-1), red, red-1, red*(red-1), texFrac(p), n-1))
		}
		p := frac(red*red, n*n)
		stem := fmt.Sprintf("袋中有 $%d$ 个红球和 $%d$ 个白球，除颜色外都相同。从中随机摸出一个球，记下颜色后放回，再摸出一个球，两次都摸到红球的概率是____。", red, white)
		return fillFrac(stem, p, fmt.Sprintf("放回摸球，两次各有 $%d$ 种等可能结果，共 $%d$ 种；两次都是红球的有 $%d$ 种，概率为 $%s$。", n, n*n, red*red, texFrac(p)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		balls := make([]bool, 0, v[0]+v[1])
		for i := int64(0); i < v[0]+v[1]; i++ {
			balls = append(balls, i < v[0])
		}
		replace := strings.Contains(stem, "放回，再") && !strings.Contains(stem, "不放回")
		var fav, all int64
		for i := range balls {
			for j := range balls {
				if i == j && !replace {
					continue
				}
				all++
				if balls[i] && balls[j] {
					fav++
				}
			}
		}
		return expect(ans, frac(fav, all), "listing all ordered draws")
	})),
	tpl("math.g9.inverse_function.t1", kpg(9, "inverse_function"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := nonZero(r, -6, 6), nonZero(r, -6, 6)
		c := nonZero(r, -8, 8)
		k := a * b
		v := frac(k, c)
		stem := fmt.Sprintf("反比例函数 $y=\\frac{k}{x}$ 的图像经过点 $(%d,%d)$，则当 $x=%d$ 时，$y=$____。", a, b, c)
		return fillFrac(stem, v, fmt.Sprintf("把点 $(%d,%d)$ 代入得 $k=%d\\times%s=%d$，所以 $y=\\frac{%d}{x}$；当 $x=%d$ 时 $y=%s$。", a, b, a, pari(b), k, k, c, texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 1 {
			return fmt.Errorf("stem point: %v", err)
		}
		v := intsSigned(stem)
		c := rat(v[len(v)-1])
		// on y = k/x the product x·y is the same for every point
		return expect(mulR(pts[0][0], pts[0][1]), mulR(c, ans), "x·y is constant")
	})),
	tpl("math.g9.inverse_function_app.t1", kpg(9, "inverse_function_app"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		s := frac(pick(r, 1, 12), oneOf[int64](r, 1, 2))
		quad := oneOf(r, "一、三", "二、四")
		k := mulR(rat(2), s)
		if quad == "二、四" {
			k.Neg(k)
		}
		stem := fmt.Sprintf("点 $P$ 在反比例函数 $y=\\frac{k}{x}$ 的图像上，图像位于第%s象限。过 $P$ 作 $x$ 轴的垂线，垂足为 $A$，$O$ 为原点，$\\triangle OPA$ 的面积为 $%s$，则 $k=$____。", quad, decStr(s))
		return fill(stem, k, fmt.Sprintf("$\\triangle OPA$ 的面积等于 $\\frac{|k|}{2}$，所以 $|k|=%s$。图像在第%s象限，$k$ %s 0，故 $k=%s$。", decStr(mulR(rat(2), s)), quad, map[bool]string{true: "大于", false: "小于"}[k.Sign() > 0], decStr(k)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		s, err := evalAlg(mathSegments(stem)[len(mathSegments(stem))-2], nil)
		if err != nil {
			return err
		}
		// take the point P with x = 1: P(1, k), A(1, 0); area = |k|/2
		area := new(big.Rat).Abs(quoR(ans, rat(2)))
		if area.Cmp(s) != 0 {
			return fmt.Errorf("area with k=%s is %s, not %s", ans.RatString(), area.RatString(), s.RatString())
		}
		if (ans.Sign() > 0) != strings.Contains(stem, "一、三") {
			return fmt.Errorf("k=%s is in the wrong quadrants", ans.RatString())
		}
		return nil
	})),
	tpl("math.g9.proportional_segments.t1", kpg(9, "proportional_segments"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		ad, db, ae := pick(r, 2, 9), pick(r, 2, 9), pick(r, 2, 12)
		ec := frac(db*ae, ad)
		stem := fmt.Sprintf("在 $\\triangle ABC$ 中，点 $D$、$E$ 分别在 $AB$、$AC$ 上，$DE\\parallel BC$。若 $AD=%d$，$DB=%d$，$AE=%d$，则 $EC=$____。", ad, db, ae)
		return fillFrac(stem, ec, fmt.Sprintf("平行于三角形一边的直线截其他两边，所得对应线段成比例：$\\frac{AD}{DB}=\\frac{AE}{EC}$，即 $\\frac{%d}{%d}=\\frac{%d}{EC}$，$EC=%s$。", ad, db, ae, texFrac(ec)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		ad, db, ae := v[len(v)-3], v[len(v)-2], v[len(v)-1]
		// similar triangles ADE ~ ABC: AE/AC = AD/AB
		return expect(quoR(rat(ad), rat(ad+db)), quoR(rat(ae), sumR(rat(ae), ans)), "AD/AB = AE/AC")
	})),
	tpl("math.g9.similar_props.t1", kpg(9, "similar_props", "similar_criteria"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q := pick(r, 1, 5), pick(r, 2, 6)
		for p >= q || gcd(p, q) != 1 {
			p, q = pick(r, 1, 5), pick(r, 2, 6)
		}
		s := pick(r, 2, 9) * p * p
		big := frac(s*q*q, p*p)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("$\\triangle ABC\\sim\\triangle DEF$，相似比为 $%d:%d$，$\\triangle ABC$ 的面积为 $%d$，则 $\\triangle DEF$ 的面积为____。", p, q, s)
			return fillFrac(stem, big, fmt.Sprintf("相似三角形面积比等于相似比的平方：$\\frac{S_{ABC}}{S_{DEF}}=\\frac{%d}{%d}$，所以 $S_{DEF}=%d\\times\\frac{%d}{%d}=%s$。常见错误是直接按相似比计算。", p*p, q*q, s, q*q, p*p, texFrac(big)))
		}
		per := pick(r, 2, 9) * p
		stem := fmt.Sprintf("$\\triangle ABC\\sim\\triangle DEF$，相似比为 $%d:%d$，$\\triangle ABC$ 的周长为 $%d$，则 $\\triangle DEF$ 的周长为____。", p, q, per)
		v := frac(per*q, p)
		return fillFrac(stem, v, fmt.Sprintf("相似三角形周长比等于相似比：$%d\\times\\frac{%d}{%d}=%s$。", per, q, p, texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 3)
		if err != nil {
			return err
		}
		k := frac(v[1], v[0]) // DEF : ABC scale
		if strings.Contains(stem, "面积") {
			// scale a concrete triangle with base b, height h
			b, h := rat(v[2]), rat(2)
			s := mulR(frac(1, 2), b, h)
			scaled := mulR(frac(1, 2), mulR(b, k), mulR(h, k))
			return expect(ans, mulR(scaled, quoR(rat(v[2]), s)), "scaling base and height")
		}
		return expect(ans, mulR(rat(v[2]), k), "scaling each side")
	})),
	tpl("math.g9.trig_ratio.t1", kpg(9, "trig_ratio"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, c := triple(r, 2)
		fn := oneOf(r, "sin", "cos", "tan")
		var v *big.Rat
		switch fn {
		case "sin":
			v = frac(a, c)
		case "cos":
			v = frac(b, c)
		default:
			v = frac(a, b)
		}
		stem := fmt.Sprintf("在 $\\mathrm{Rt}\\triangle ABC$ 中，$\\angle C=90^\\circ$，$BC=%d$，$AC=%d$，则 $\\%s A=$____。", a, b, fn)
		return fillFrac(stem, v, fmt.Sprintf("由勾股定理，斜边 $AB=\\sqrt{%d^2+%d^2}=%d$。$\\angle A$ 的对边是 $BC=%d$，邻边是 $AC=%d$，所以 $\\sin A=%s$，$\\cos A=%s$，$\\tan A=%s$，答案为 $%s$。", a, b, c, a, b, texFrac(frac(a, c)), texFrac(frac(b, c)), texFrac(frac(a, b)), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		opp, adj := v[len(v)-2], v[len(v)-1]
		hyp, ok := isqrt(opp*opp + adj*adj)
		if !ok {
			return fmt.Errorf("legs %d, %d give no whole hypotenuse", opp, adj)
		}
		// the answer must fit sin² + cos² = 1 with the other ratio of the legs
		switch {
		case strings.Contains(stem, `\sin A`):
			c := frac(adj, hyp)
			return expect(rat(1), sumR(mulR(ans, ans), mulR(c, c)), "sin²+cos²=1")
		case strings.Contains(stem, `\cos A`):
			s := frac(opp, hyp)
			return expect(rat(1), sumR(mulR(ans, ans), mulR(s, s)), "sin²+cos²=1")
		}
		return expect(ans, quoR(frac(opp, hyp), frac(adj, hyp)), "tan = sin/cos")
	})),
	tpl("math.g9.special_angles.t1", kpg(9, "special_angles"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		type piece struct {
			tex string
			val *big.Rat
		}
		pieces := []piece{
			{`\sin30^\circ`, frac(1, 2)}, {`\cos60^\circ`, frac(1, 2)}, {`\tan45^\circ`, rat(1)},
			{`\sin^2 45^\circ`, frac(1, 2)}, {`\cos^2 30^\circ`, frac(3, 4)}, {`\tan^2 60^\circ`, rat(3)},
			{`\sin^2 60^\circ`, frac(3, 4)}, {`\cos^2 45^\circ`, frac(1, 2)}, {`\tan^2 30^\circ`, frac(1, 3)},
		}
		r.Shuffle(len(pieces), func(i, j int) { pieces[i], pieces[j] = pieces[j], pieces[i] })
		c := []int64{nonZero(r, -3, 3), nonZero(r, -3, 3), nonZero(r, -3, 3)}
		var b strings.Builder
		v := new(big.Rat)
		var vals []string
		for i := 0; i < 3; i++ {
			term(&b, c[i], pieces[i].tex)
			v.Add(v, mulR(rat(c[i]), pieces[i].val))
			vals = append(vals, pieces[i].tex+"="+texFrac(pieces[i].val))
		}
		stem := fmt.Sprintf("计算：$%s=$____。", b.String())
		return fillFrac(stem, v, fmt.Sprintf("代入特殊角的三角函数值：$%s$，所以原式 $=%s$。", strings.Join(vals, "$，$"), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		e := strings.TrimSuffix(mathSegments(stem)[0], "=")
		// squares of sines from the 30-60-90 and 45-45-90 triangles
		sin2 := map[string]*big.Rat{"30": frac(1, 4), "45": frac(1, 2), "60": frac(3, 4)}
		re := regexp.MustCompile(`\\(sin|cos|tan)(\^2)? ?(30|45|60)\^\\circ`)
		var err error
		e = re.ReplaceAllStringFunc(e, func(m string) string {
			g := re.FindStringSubmatch(m)
			s2 := sin2[g[3]]
			var sq *big.Rat
			switch g[1] {
			case "sin":
				sq = s2
			case "cos":
				sq = subR(rat(1), s2)
			default:
				sq = quoR(s2, subR(rat(1), s2))
			}
			if g[2] != "" {
				return "(" + texFrac(sq) + ")"
			}
			v, rerr := ratPow(sq, frac(1, 2))
			if rerr != nil {
				err = rerr
				return "0"
			}
			return "(" + texFrac(v) + ")"
		})
		if err != nil {
			return err
		}
		v, err := evalAlg(e, nil)
		if err != nil {
			return err
		}
		return expect(ans, v, "values from the special triangles")
	})),
	tpl("math.g9.solve_right_triangle.t1", kpg(9, "solve_right_triangle"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, _ := triple(r, 3)
		stem := fmt.Sprintf("在 $\\mathrm{Rt}\\triangle ABC$ 中，$\\angle C=90^\\circ$，$\\tan A=%s$，$BC=%d$，则 $AC=$____。", texFrac(frac(a, b)), a)
		return fill(stem, rat(b), fmt.Sprintf("$\\tan A=\\frac{BC}{AC}$，所以 $AC=\\frac{BC}{\\tan A}=%d\\div%s=%d$。$\\tan A$ 是对边比邻边，不要写反。", a, texFrac(frac(a, b)), b))
	}, numCheck(func(stem string, ans *big.Rat) error {
		ts, err := segWith(stem, `\tan A=`)
		if err != nil {
			return err
		}
		bs, err := segWith(stem, "BC=")
		if err != nil {
			return err
		}
		_, _, t, _ := sides(ts)
		tan, err := evalAlg(t, nil)
		if err != nil {
			return err
		}
		_, _, bcs, _ := sides(bs)
		bc, err := evalAlg(bcs, nil)
		if err != nil {
			return err
		}
		return expect(tan, quoR(bc, ans), "tan A = BC/AC")
	})),
	tpl("math.g9.circle_chord.t1", kpg(9, "circle_chord"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d, h, rr := triple(r, 3)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("$\\odot O$ 的半径为 $%d$，弦 $AB$ 到圆心 $O$ 的距离为 $%d$，则弦 $AB$ 的长为____。", rr, d)
			return fill(stem, rat(2*h), fmt.Sprintf("作 $OM\\perp AB$ 于 $M$，由垂径定理 $AM=\\frac12AB$。在 $\\mathrm{Rt}\\triangle OAM$ 中，$AM=\\sqrt{%d^2-%d^2}=%d$，所以 $AB=%d$。别忘了乘 2。", rr, d, h, 2*h))
		}
		stem := fmt.Sprintf("$\\odot O$ 中，弦 $AB$ 的长为 $%d$，圆心 $O$ 到 $AB$ 的距离为 $%d$，则 $\\odot O$ 的半径为____。", 2*h, d)
		return fill(stem, rat(rr), fmt.Sprintf("由垂径定理，半弦长为 $%d$，半径 $r=\\sqrt{%d^2+%d^2}=%d$。", h, h, d, rr))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		if strings.Contains(stem, "半径为 $") {
			half := quoR(ans, rat(2))
			return expect(rat(v[0]*v[0]), sumR(mulR(half, half), rat(v[1]*v[1])), "r² = (AB/2)² + d²")
		}
		half := frac(v[0], 2)
		return expect(mulR(ans, ans), sumR(mulR(half, half), rat(v[1]*v[1])), "r² = (AB/2)² + d²")
	})),
	tpl("math.g9.inscribed_angle.t1", kpg(9, "inscribed_angle"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		if r.IntN(2) == 0 {
			c := 2 * pick(r, 10, 85)
			stem := fmt.Sprintf("在 $\\odot O$ 中，弧 $AB$ 所对的圆心角 $\\angle AOB=%d^\\circ$，点 $C$ 在优弧 $AB$ 上，则 $\\angle ACB=$____度。", c)
			return fill(stem, rat(c/2), fmt.Sprintf("同弧所对的圆周角等于圆心角的一半：$\\angle ACB=\\frac12\\times%d^\\circ=%d^\\circ$。", c, c/2))
		}
		a := pick(r, 40, 140)
		stem := fmt.Sprintf("四边形 $ABCD$ 内接于 $\\odot O$，$\\angle A=%d^\\circ$，则 $\\angle C=$____度。", a)
		return fill(stem, rat(180-a), fmt.Sprintf("圆内接四边形的对角互补，$\\angle C=180^\\circ-%d^\\circ=%d^\\circ$。", a, 180-a))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		x := rat(v[len(v)-1])
		if strings.Contains(stem, "内接于") {
			// opposite angles subtend arcs that make up the whole circle
			return expect(rat(360), mulR(rat(2), sumR(x, ans)), "opposite arcs add to 360°")
		}
		return expect(x, mulR(rat(2), ans), "central = 2 × inscribed")
	})),
	tpl("math.g9.arc_sector.t1", kpg(9, "arc_sector"), curriculum.FillExpr, func(r *rand.Rand) curriculum.Item {
		n := oneOf[int64](r, 30, 45, 60, 72, 90, 120, 135, 150, 240)
		rr := pick(r, 2, 12)
		if r.IntN(2) == 0 {
			k := frac(n*rr*rr, 360)
			stem := fmt.Sprintf("半径为 $%d$、圆心角为 $%d^\\circ$ 的扇形面积是____（结果保留 $\\pi$）。", rr, n)
			return exprItem(stem, piText(k), fmt.Sprintf("$S=\\frac{n\\pi r^2}{360}=\\frac{%d\\pi\\times%d^2}{360}=%s$。", n, rr, piTeX(k)))
		}
		k := frac(n*rr, 180)
		stem := fmt.Sprintf("半径为 $%d$、圆心角为 $%d^\\circ$ 的扇形的弧长是____（结果保留 $\\pi$）。", rr, n)
		return exprItem(stem, piText(k), fmt.Sprintf("$l=\\frac{n\\pi r}{180}=\\frac{%d\\pi\\times%d}{180}=%s$。不要与面积公式混淆。", n, rr, piTeX(k)))
	}, func(it curriculum.Item) error {
		k, err := piCoef(it.Answer)
		if err != nil {
			return err
		}
		v, err := needSigned(it.Stem, 2)
		if err != nil {
			return err
		}
		rr, n := rat(v[0]), rat(v[1])
		// the sector is n/360 of the whole circle
		part := quoR(n, rat(360))
		if strings.Contains(it.Stem, "面积") {
			return expect(k, mulR(part, rr, rr), "fraction of the disc area πr²")
		}
		return expect(k, mulR(part, rat(2), rr), "fraction of the circumference 2πr")
	}),
}

// signed prints a non-zero integer with its sign ("+3", "-2").
func signed(n int64) string {
	if n >= 0 {
		return "+" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// cplx prints a+bi.
func cplx(a, b int64) string {
	var sb strings.Builder
	if a != 0 {
		sb.WriteString(strconv.FormatInt(a, 10))
	}
	term(&sb, b, "i")
	if sb.Len() == 0 {
		return "0"
	}
	return sb.String()
}

// cplxParts reads a+bi printed by cplx: the value at i=0 is the real part,
// the change from i=0 to i=1 the imaginary part.
func cplxParts(s string) (re, im *big.Rat, err error) {
	re, err = evalAlg(s, map[string]*big.Rat{"i": rat(0)})
	if err != nil {
		return nil, nil, err
	}
	one, err := evalAlg(s, map[string]*big.Rat{"i": rat(1)})
	if err != nil {
		return nil, nil, err
	}
	return re, subR(one, re), nil
}

// cmul multiplies complex numbers as the matrices [[a,-b],[b,a]].
func cmul(a, b, c, d *big.Rat) (re, im *big.Rat) {
	m := [2][2]*big.Rat{{a, new(big.Rat).Neg(b)}, {b, a}}
	n := [2][2]*big.Rat{{c, new(big.Rat).Neg(d)}, {d, c}}
	re = sumR(mulR(m[0][0], n[0][0]), mulR(m[0][1], n[1][0]))
	im = sumR(mulR(m[1][0], n[0][0]), mulR(m[1][1], n[1][0]))
	return re, im
}

var intervalRe = regexp.MustCompile(`(-?\d+)(<|\\le )x(<|\\le )(-?\d+)`)

// inInterval tests lo <(=) x <(=) hi as printed.
func inInterval(m []string, x int64) bool {
	lo, _ := strconv.ParseInt(m[1], 10, 64)
	hi, _ := strconv.ParseInt(m[4], 10, 64)
	left := lo < x || m[2] != "<" && lo == x
	right := x < hi || m[3] != "<" && x == hi
	return left && right
}

// angleTriple draws sin and cos of an angle in the given quadrant (1-4)
// from a Pythagorean triple.
func angleTriple(r *rand.Rand, quadrant int) (sin, cos *big.Rat) {
	a, b, c := triple(r, 1)
	sin, cos = frac(a, c), frac(b, c)
	if quadrant == 2 || quadrant == 3 {
		cos.Neg(cos)
	}
	if quadrant == 3 || quadrant == 4 {
		sin.Neg(sin)
	}
	return sin, cos
}

var quadrantName = []string{"", "第一", "第二", "第三", "第四"}

var secG10 = []curriculum.Template{
	tpl("math.g10.set_operation.t1", kpg(10, "set_operation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a := pick(r, -6, 2)
		b := a + pick(r, 3, 8)
		c := pick(r, a-2, b-1)
		d := c + pick(r, 2, 8)
		relA1, relA2 := oneOf(r, "<", `\le `), oneOf(r, "<", `\le `)
		relB1, relB2 := oneOf(r, "<", `\le `), oneOf(r, "<", `\le `)
		op, name := oneOf(r, `\cap`, `\cup`), "交集"
		if op == `\cup` {
			name = "并集"
		}
		A := fmt.Sprintf(`%d%sx%s%d`, a, relA1, relA2, b)
		B := fmt.Sprintf(`%d%sx%s%d`, c, relB1, relB2, d)
		n := int64(0)
		ma, mb := intervalRe.FindStringSubmatch(A), intervalRe.FindStringSubmatch(B)
		var members []string
		for x := int64(-20); x <= 20; x++ {
			inA, inB := inInterval(ma, x), inInterval(mb, x)
			if op == `\cap` && inA && inB || op == `\cup` && (inA || inB) {
				n++
				members = append(members, strconv.FormatInt(x, 10))
			}
		}
		stem := fmt.Sprintf("已知集合 $A=\\{x\\mid %s\\}$，$B=\\{x\\mid %s\\}$，则 $A%s B$ 中的整数共有____个。", A, B, op)
		return fill(stem, rat(n), fmt.Sprintf("在数轴上画出 $A$、$B$，注意端点的实心与空心，取它们的%s。其中的整数为 $%s$，共 $%d$ 个。", name, strings.Join(members, ",\\ "), n))
	}, numCheck(func(stem string, ans *big.Rat) error {
		ms := intervalRe.FindAllStringSubmatch(stem, -1)
		if len(ms) != 2 {
			return fmt.Errorf("stem has %d intervals", len(ms))
		}
		union := strings.Contains(stem, `\cup`)
		n := int64(0)
		for x := int64(-100); x <= 100; x++ {
			a, b := inInterval(ms[0], x), inInterval(ms[1], x)
			if union && (a || b) || !union && a && b {
				n++
			}
		}
		return expect(ans, rat(n), "testing each integer")
	})),
	tpl("math.g10.quadratic_inequality.t1", kpg(10, "quadratic_inequality"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q := quadRoots(r)
		lo, hi := min(p, q), max(p, q)
		rel := oneOf(r, "<", `\le`)
		n := hi - lo - 1
		if rel == `\le` {
			n += 2
		}
		a := oneOf[int64](r, 1, -1)
		c := []int64{a * p * q, -a * (p + q), a}
		shown := rel
		if a < 0 {
			shown = map[string]string{"<": ">", `\le`: `\ge`}[rel]
		}
		stem := fmt.Sprintf("不等式 $%s%s0$ 的整数解共有____个。", poly(c, "x"), shown)
		note := ""
		if a < 0 {
			note = "先两边乘 $-1$ 把二次项系数化为正，不等号方向改变；"
		}
		return fill(stem, rat(n), fmt.Sprintf("%s对应方程的两根为 $%d$ 和 $%d$，开口向上，“小于取中间”，解集为 $%d%s x%s %d$，其中整数有 $%d$ 个。", note, lo, hi, lo, rel, rel, hi, n))
	}, numCheck(func(stem string, ans *big.Rat) error {
		seg := mathSegments(stem)[0]
		n := int64(0)
		for x := int64(-100); x <= 100; x++ {
			ok, err := holds(seg, rat(x))
			if err != nil {
				return err
			}
			if ok {
				n++
			}
		}
		return expect(ans, rat(n), "testing each integer")
	})),
	tpl("math.g10.basic_inequality.t1", kpg(10, "basic_inequality"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, x0 := pick(r, 1, 5), pick(r, 1, 6)
		b := a * x0 * x0
		m := 2 * a * x0
		stem := fmt.Sprintf("当 $x>0$ 时，$%s+\\frac{%d}{x}$ 的最小值是____。", linEq(a, 0), b)
		return fill(stem, rat(m), fmt.Sprintf("$x>0$ 时由基本不等式，$%s+\\frac{%d}{x}\\ge2\\sqrt{%s\\cdot\\frac{%d}{x}}=2\\sqrt{%d}=%d$，当且仅当 $%s=\\frac{%d}{x}$，即 $x=%d$ 时取等号，所以最小值为 $%d$。", linEq(a, 0), b, linEq(a, 0), b, a*b, m, linEq(a, 0), b, x0, m))
	}, numCheck(func(stem string, ans *big.Rat) error {
		f := mathSegments(stem)[1]
		best := (*big.Rat)(nil)
		for k := int64(1); k <= 400; k++ {
			v, err := algAt(f, "x", frac(k, 8))
			if err != nil {
				return err
			}
			if best == nil || v.Cmp(best) < 0 {
				best = v
			}
		}
		return expect(ans, best, "scanning x on a grid of 1/8")
	})),
	tpl("math.g10.parity.t1", kpg(10, "parity"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		b, c := nonZero(r, -5, 5), pick(r, -6, 6)
		a := pick(r, 1, 5)
		kind := oneOf(r, "奇", "偶")
		f := poly([]int64{c, b, 1}, "x")
		fa := a*a + b*a + c
		v := fa
		rule := "f(-x)=f(x)"
		if kind == "奇" {
			v = -fa
			rule = "f(-x)=-f(x)"
			f = poly([]int64{0, b, 1}, "x")
			fa = a*a + b*a
			v = -fa
		}
		stem := fmt.Sprintf("已知 $f(x)$ 是定义在 $\\mathbf R$ 上的%s函数，当 $x>0$ 时，$f(x)=%s$，则 $f(-%d)=$____。", kind, f, a)
		return fill(stem, rat(v), fmt.Sprintf("%s函数满足 $%s$，所以 $f(-%d)=%sf(%d)$。而 $f(%d)=%d$，故 $f(-%d)=%d$。不能把 $-%d$ 直接代入 $x>0$ 时的解析式。", kind, rule, a, map[bool]string{true: "-", false: ""}[kind == "奇"], a, a, fa, a, v, a))
	}, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		fs, err := segWith(stem, "f(x)=")
		if err != nil {
			return err
		}
		_, _, f, _ := sides(fs)
		v := intsSigned("$" + segs[len(segs)-1] + "$")
		a := rat(-v[0])
		fa, err := algAt(f, "x", a)
		if err != nil {
			return err
		}
		if strings.Contains(stem, "奇函数") {
			// odd: the graph is symmetric about the origin
			return expect(new(big.Rat).Neg(fa), ans, "point symmetry about O")
		}
		return expect(fa, ans, "mirror symmetry in the y-axis")
	})),
	algCalc("math.g10.rational_exponent.t1", kpg(10, "rational_exponent"), func(r *rand.Rand) (string, *big.Rat, string) {
		b1 := oneOf[int64](r, 8, 27, 64, 125)
		cube, _ := intRoot(big.NewInt(b1), 3)
		e1 := oneOf[int64](r, 1, 2)
		b2 := oneOf[int64](r, 4, 9, 16, 25, 36, 49)
		sq, _ := isqrt(b2)
		b3 := oneOf[int64](r, 16, 81)
		four, _ := intRoot(big.NewInt(b3), 4)
		expr := fmt.Sprintf(`%d^{\frac{%d}{3}}+(\frac{1}{%d})^{-\frac{1}{2}}-%d^{\frac{3}{4}}`, b1, e1, b2, b3)
		v1, _ := ratPow(rat(b1), frac(e1, 3))
		v3, _ := ratPow(rat(b3), frac(3, 4))
		v := sumR(v1, rat(sq), new(big.Rat).Neg(v3))
		first := fmt.Sprintf("$%d^{\\frac{%d}{3}}=(\\sqrt[3]{%d})^{%d}=%s^{%d}=%s$", b1, e1, b1, e1, cube, e1, texFrac(v1))
		if e1 == 1 {
			first = fmt.Sprintf("$%d^{\\frac{1}{3}}=\\sqrt[3]{%d}=%s$", b1, b1, texFrac(v1))
		}
		return expr, v, fmt.Sprintf("先开方再乘方：%s；$(\\frac{1}{%d})^{-\\frac{1}{2}}=%d^{\\frac12}=%d$；$%d^{\\frac34}=(\\sqrt[4]{%d})^3=%s^3=%s$。所以原式 $=%s$。", first, b2, b2, sq, b3, b3, four, texFrac(v3), texFrac(v))
	}),
	tpl("math.g10.logarithm.t1", kpg(10, "logarithm"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		b1, k1 := oneOf[int64](r, 2, 3, 5), pick(r, 2, 5)
		b2, k2 := oneOf[int64](r, 2, 3, 4), -pick(r, 1, 3)
		k3 := pick(r, 2, 5) // lg 10 = 1 would read "10^1 = 10"
		n1, _ := ratPow(rat(b1), rat(k1))
		n2, _ := ratPow(rat(b2), rat(k2))
		n3, _ := ratPow(rat(10), rat(k3))
		v := rat(k1 + k2 - k3)
		stem := fmt.Sprintf("计算：$\\log_{%d}%s+\\log_{%d}%s-\\lg %s=$____。", b1, texFrac(n1), b2, texFrac(n2), texFrac(n3))
		return fill(stem, v, fmt.Sprintf("由对数定义 $a^x=N\\Leftrightarrow x=\\log_aN$：$%d^{%d}=%s$，$%d^{%d}=%s$，$10^{%d}=%s$，所以原式 $=%d+(%d)-%d=%d$。$\\lg$ 是以 10 为底的对数。", b1, k1, texFrac(n1), b2, k2, texFrac(n2), k3, texFrac(n3), k1, k2, k3, k1+k2-k3))
	}, numCheck(func(stem string, ans *big.Rat) error {
		e := strings.TrimSuffix(mathSegments(stem)[0], "=")
		re := regexp.MustCompile(`\\(?:log_\{(\d+)\}|lg )(\\frac\{\d+\}\{\d+\}|\d+)`)
		var err error
		e = re.ReplaceAllStringFunc(e, func(m string) string {
			g := re.FindStringSubmatch(m)
			base := int64(10)
			if g[1] != "" {
				base, _ = strconv.ParseInt(g[1], 10, 64)
			}
			n, nerr := evalAlg(g[2], nil)
			if nerr != nil {
				err = nerr
				return "0"
			}
			// search the exponent k with base^k = n
			for k := int64(-12); k <= 12; k++ {
				if p, _ := ratPow(rat(base), rat(k)); p.Cmp(n) == 0 {
					return "(" + strconv.FormatInt(k, 10) + ")"
				}
			}
			err = fmt.Errorf("%s is no integer power of %d", n.RatString(), base)
			return "0"
		})
		if err != nil {
			return err
		}
		v, err := evalAlg(e, nil)
		if err != nil {
			return err
		}
		return expect(ans, v, "searching each exponent")
	})),
	tpl("math.g10.function_zeros.t1", kpg(10, "function_zeros", "exponential_function"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		m := pick(r, 0, 3)
		lo, hi := (int64(1)<<m)+m, (int64(1)<<(m+1))+m+1
		k := pick(r, lo+1, hi-1)
		f := fmt.Sprintf("2^x+x-%d", k)
		right := fmt.Sprintf("$(%d,%d)$", m, m+1)
		var wrong []string
		for j := int64(0); j <= 4 && len(wrong) < 3; j++ {
			if j != m {
				wrong = append(wrong, fmt.Sprintf("$(%d,%d)$", j, j+1))
			}
		}
		fm, _ := ratPow(rat(2), rat(m))
		fm.Add(fm, rat(m-k))
		fm1, _ := ratPow(rat(2), rat(m+1))
		fm1.Add(fm1, rat(m+1-k))
		return choice(r, fmt.Sprintf("函数 $f(x)=%s$ 的零点所在的区间是（　）", f), right, wrong, fmt.Sprintf("$f(x)$ 在 $\\mathbf R$ 上单调递增，最多一个零点。$f(%d)=%s<0$，$f(%d)=%s>0$，由零点存在定理，零点在 %s 内。", m, texFrac(fm), m+1, texFrac(fm1), right))
	}, func(it curriculum.Item) error {
		right, err := chosen(it)
		if err != nil {
			return err
		}
		_, _, f, err := sides(mathSegments(it.Stem)[0])
		if err != nil {
			return err
		}
		for _, o := range it.Options {
			pts, err := pointsIn(o)
			if err != nil || len(pts) != 1 {
				return fmt.Errorf("option %s is not an interval", o)
			}
			a, err := algAt(f, "x", pts[0][0])
			if err != nil {
				return err
			}
			b, err := algAt(f, "x", pts[0][1])
			if err != nil {
				return err
			}
			change := a.Sign()*b.Sign() < 0
			if change != (o == right) {
				return fmt.Errorf("option %s: sign change %v", o, change)
			}
		}
		return nil
	}),
	tpl("math.g10.radian.t1", kpg(10, "radian"), curriculum.FillExpr, func(r *rand.Rand) curriculum.Item {
		deg := oneOf[int64](r, 15, 18, 30, 36, 45, 60, 72, 120, 135, 150, 210, 225, 240, 270, 300, 315, 330) * oneOf[int64](r, 1, 1, 1, -1)
		k := frac(deg, 180)
		stem := fmt.Sprintf("$%d^\\circ$ 化为弧度是____。", deg)
		return exprItem(stem, piText(k), fmt.Sprintf("$180^\\circ=\\pi$，所以 $%d^\\circ=%d\\times\\frac{\\pi}{180}=%s$。", deg, deg, piTeX(k)))
	}, func(it curriculum.Item) error {
		k, err := piCoef(it.Answer)
		if err != nil {
			return err
		}
		v := intsSigned(it.Stem)
		// a full turn is 2π and 360°
		return expect(mulR(k, rat(360)), mulR(rat(v[0]), rat(2)), "full turn 2π = 360°")
	}),
	tpl("math.g10.trig_identities.t1", kpg(10, "trig_identities", "trig_definition"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		q := int(pick(r, 2, 4))
		sin, cos := angleTriple(r, q)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("已知 $\\sin\\alpha=%s$，且 $\\alpha$ 是%s象限角，则 $\\cos\\alpha=$____。", texFrac(sin), quadrantName[q])
			return fillFrac(stem, cos, fmt.Sprintf("由 $\\sin^2\\alpha+\\cos^2\\alpha=1$ 得 $\\cos^2\\alpha=%s$；$\\alpha$ 在%s象限，$\\cos\\alpha$ %s 0，所以 $\\cos\\alpha=%s$。开方后一定要按象限定符号。", texFrac(mulR(cos, cos)), quadrantName[q], map[bool]string{true: "大于", false: "小于"}[cos.Sign() > 0], texFrac(cos)))
		}
		tan := quoR(sin, cos)
		stem := fmt.Sprintf("已知 $\\cos\\alpha=%s$，且 $\\alpha$ 是%s象限角，则 $\\tan\\alpha=$____。", texFrac(cos), quadrantName[q])
		return fillFrac(stem, tan, fmt.Sprintf("$\\sin^2\\alpha=1-\\cos^2\\alpha=%s$，$\\alpha$ 在%s象限，$\\sin\\alpha=%s$，所以 $\\tan\\alpha=\\frac{\\sin\\alpha}{\\cos\\alpha}=%s$。", texFrac(mulR(sin, sin)), quadrantName[q], texFrac(sin), texFrac(tan)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		q := slices.Index(quadrantName, regexp.MustCompile(`(第.)象限`).FindStringSubmatch(stem)[1])
		_, _, g, err := sides(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		given, err := evalAlg(g, nil)
		if err != nil {
			return err
		}
		// signs of (cos, sin) by quadrant: a point on the terminal side
		cosPos, sinPos := q == 1 || q == 4, q <= 2
		if strings.Contains(stem, `\sin\alpha=`) {
			if ans.Sign() > 0 != cosPos {
				return fmt.Errorf("cos has the wrong sign for quadrant %d", q)
			}
			return expect(rat(1), sumR(mulR(given, given), mulR(ans, ans)), "sin²+cos²=1")
		}
		// tan = sin/cos: then sin = tan·cos must satisfy sin²+cos²=1
		s := mulR(ans, given)
		if s.Sign() > 0 != sinPos {
			return fmt.Errorf("sin has the wrong sign for quadrant %d", q)
		}
		return expect(rat(1), sumR(mulR(s, s), mulR(given, given)), "sin²+cos²=1")
	})),
	tpl("math.g10.trig_sum_formulas.t1", kpg(10, "trig_sum_formulas"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		sa, ca := angleTriple(r, 1)
		sb, cb := angleTriple(r, 1)
		switch r.IntN(3) {
		case 0:
			v := sumR(mulR(sa, cb), mulR(ca, sb))
			stem := fmt.Sprintf("已知 $\\alpha$、$\\beta$ 都是锐角，$\\sin\\alpha=%s$，$\\cos\\beta=%s$，则 $\\sin(\\alpha+\\beta)=$____。", texFrac(sa), texFrac(cb))
			return fillFrac(stem, v, fmt.Sprintf("由锐角得 $\\cos\\alpha=%s$，$\\sin\\beta=%s$。$\\sin(\\alpha+\\beta)=\\sin\\alpha\\cos\\beta+\\cos\\alpha\\sin\\beta=%s$。", texFrac(ca), texFrac(sb), texFrac(v)))
		case 1:
			v := sumR(mulR(ca, cb), mulR(sa, sb))
			stem := fmt.Sprintf("已知 $\\alpha$、$\\beta$ 都是锐角，$\\sin\\alpha=%s$，$\\cos\\beta=%s$，则 $\\cos(\\alpha-\\beta)=$____。", texFrac(sa), texFrac(cb))
			return fillFrac(stem, v, fmt.Sprintf("由锐角得 $\\cos\\alpha=%s$，$\\sin\\beta=%s$。$\\cos(\\alpha-\\beta)=\\cos\\alpha\\cos\\beta+\\sin\\alpha\\sin\\beta=%s$。注意差角余弦中间是加号。", texFrac(ca), texFrac(sb), texFrac(v)))
		}
		v := mulR(rat(2), sa, ca)
		stem := fmt.Sprintf("已知 $\\alpha$ 是锐角，$\\sin\\alpha=%s$，则 $\\sin2\\alpha=$____。", texFrac(sa))
		return fillFrac(stem, v, fmt.Sprintf("$\\cos\\alpha=\\sqrt{1-\\sin^2\\alpha}=%s$，$\\sin2\\alpha=2\\sin\\alpha\\cos\\alpha=%s$。", texFrac(ca), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		read := func(prefix string) (*big.Rat, error) {
			s, err := segWith(stem, prefix)
			if err != nil {
				return nil, err
			}
			_, _, v, _ := sides(s)
			return evalAlg(v, nil)
		}
		other := func(x *big.Rat) (*big.Rat, error) { return ratPow(subR(rat(1), mulR(x, x)), frac(1, 2)) }
		sa, err := read(`\sin\alpha=`)
		if err != nil {
			return err
		}
		ca, err := other(sa)
		if err != nil {
			return err
		}
		// rotate (cos α, sin α) by β or -β: complex multiplication
		if strings.Contains(stem, `2\alpha`) {
			_, im := cmul(ca, sa, ca, sa)
			return expect(ans, im, "squaring cos α + i sin α")
		}
		cb, err := read(`\cos\beta=`)
		if err != nil {
			return err
		}
		sb, err := other(cb)
		if err != nil {
			return err
		}
		if strings.Contains(stem, `\alpha+\beta`) {
			_, im := cmul(ca, sa, cb, sb)
			return expect(ans, im, "rotating by β")
		}
		re, _ := cmul(ca, sa, cb, new(big.Rat).Neg(sb))
		return expect(ans, re, "rotating by -β")
	})),
	tpl("math.g10.vector_dot.t1", kpg(10, "vector_dot", "vector_coordinates"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a1, a2, b1 := nonZero(r, -5, 5), nonZero(r, -5, 5), nonZero(r, -5, 5)
		switch r.IntN(3) {
		case 0:
			b2 := nonZero(r, -5, 5)
			stem := fmt.Sprintf("已知向量 $\\boldsymbol a=(%d,%d)$，$\\boldsymbol b=(%d,%d)$，则 $\\boldsymbol a\\cdot\\boldsymbol b=$____。", a1, a2, b1, b2)
			return fill(stem, rat(a1*b1+a2*b2), fmt.Sprintf("$\\boldsymbol a\\cdot\\boldsymbol b=x_1x_2+y_1y_2=%d\\times%s+%d\\times%s=%d$。数量积的结果是一个数。", a1, pari(b1), a2, pari(b2), a1*b1+a2*b2))
		case 1:
			m := frac(-a1*b1, a2)
			stem := fmt.Sprintf("已知向量 $\\boldsymbol a=(%d,%d)$，$\\boldsymbol b=(%d,m)$，且 $\\boldsymbol a\\perp\\boldsymbol b$，则 $m=$____。", a1, a2, b1)
			return fillFrac(stem, m, fmt.Sprintf("$\\boldsymbol a\\perp\\boldsymbol b\\Leftrightarrow\\boldsymbol a\\cdot\\boldsymbol b=0$：$%d\\times%s+%d m=0$，$m=%s$。", a1, pari(b1), a2, texFrac(m)))
		}
		m := frac(a2*b1, a1)
		stem := fmt.Sprintf("已知向量 $\\boldsymbol a=(%d,%d)$，$\\boldsymbol b=(%d,m)$，且 $\\boldsymbol a\\parallel\\boldsymbol b$，则 $m=$____。", a1, a2, b1)
		return fillFrac(stem, m, fmt.Sprintf("$\\boldsymbol a\\parallel\\boldsymbol b\\Leftrightarrow x_1y_2-x_2y_1=0$：$%d m-%s\\times%s=0$，$m=%s$。不要和垂直条件混淆。", a1, pari(b1), pari(a2), texFrac(m)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(strings.ReplaceAll(stem, ",m)", ","+texFrac(ans)+")"))
		if err != nil {
			return err
		}
		if len(pts) != 2 {
			return fmt.Errorf("stem has %d vectors", len(pts))
		}
		a, b := pts[0], pts[1]
		dot := sumR(mulR(a[0], b[0]), mulR(a[1], b[1]))
		switch {
		case strings.Contains(stem, `\perp`):
			return expect(rat(0), dot, "dot product of perpendicular vectors")
		case strings.Contains(stem, `\parallel`):
			// parallel: b is a multiple of a, so |a·b|² = |a|²|b|²
			aa := sumR(mulR(a[0], a[0]), mulR(a[1], a[1]))
			bb := sumR(mulR(b[0], b[0]), mulR(b[1], b[1]))
			return expect(mulR(aa, bb), mulR(dot, dot), "Cauchy–Schwarz equality")
		}
		return expect(ans, dot, "coordinate dot product")
	})),
	tpl("math.g10.sine_cosine_law.t1", kpg(10, "sine_cosine_law"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		t := oneOf(r, [4]int64{3, 8, 7, 60}, [4]int64{5, 8, 7, 60}, [4]int64{7, 15, 13, 60}, [4]int64{8, 15, 13, 60}, [4]int64{5, 21, 19, 60}, [4]int64{3, 5, 7, 120}, [4]int64{7, 8, 13, 120}, [4]int64{5, 16, 19, 120})
		k := pick(r, 1, 3)
		a, b, c := t[0]*k, t[1]*k, t[2]*k
		sign := "-"
		if t[3] == 120 {
			sign = "+"
		}
		stem := fmt.Sprintf("在 $\\triangle ABC$ 中，$a=%d$，$b=%d$，$C=%d^\\circ$，则 $c=$____。", a, b, t[3])
		return fill(stem, rat(c), fmt.Sprintf("由余弦定理 $c^2=a^2+b^2-2ab\\cos C=%d+%d%s%d=%d$，所以 $c=%d$。$\\cos%d^\\circ=%s$，符号别弄错。", a*a, b*b, sign, a*b, c*c, c, t[3], map[bool]string{true: "-\\frac12", false: "\\frac12"}[t[3] == 120]))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 3)
		if err != nil {
			return err
		}
		a, b := rat(v[0]), rat(v[1])
		// put C at the origin, B on the x-axis: A = b(cos C, sin C); only
		// cos C and sin²C are needed, from the unit circle at 60°/120°
		cosC := frac(1, 2)
		if v[2] == 120 {
			cosC = frac(-1, 2)
		}
		sin2 := frac(3, 4)
		dx := subR(mulR(b, cosC), a)
		d2 := sumR(mulR(dx, dx), mulR(b, b, sin2))
		return expect(mulR(ans, ans), d2, "distance between the coordinates of A and B")
	})),
	tpl("math.g10.complex_ops.t1", kpg(10, "complex_ops"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, c, d := nonZero(r, -5, 5), nonZero(r, -5, 5), nonZero(r, -5, 5), nonZero(r, -5, 5)
		part := oneOf(r, "实部", "虚部")
		if r.IntN(2) == 0 {
			re, im := a*c-b*d, a*d+b*c
			v := re
			if part == "虚部" {
				v = im
			}
			stem := fmt.Sprintf("复数 $(%s)(%s)$ 的%s是____。", cplx(a, b), cplx(c, d), part)
			return fill(stem, rat(v), fmt.Sprintf("按多项式乘法展开并用 $i^2=-1$：实部 $%d\\times%s-%s\\times%s=%d$，虚部 $%d\\times%s+%s\\times%s=%d$，结果为 $%s$，%s为 $%d$。虚部不带 $i$。", a, pari(c), pari(b), pari(d), re, a, pari(d), pari(b), pari(c), im, cplx(re, im), part, v))
		}
		// (x+yi)(c+di) = numerator, so numerator/(c+di) = x+yi
		x, y := pick(r, -4, 4), nonZero(r, -4, 4)
		nre, nim := x*c-y*d, x*d+y*c
		v := x
		if part == "虚部" {
			v = y
		}
		stem := fmt.Sprintf("复数 $\\frac{%s}{%s}$ 的%s是____。", cplx(nre, nim), cplx(c, d), part)
		return fill(stem, rat(v), fmt.Sprintf("分子分母同乘分母的共轭复数 $%s$：分母变为 $%d^2+%d^2=%d$，分子为 $(%s)(%s)=%s$，所以结果为 $%s$，%s为 $%d$。", cplx(c, -d), c, d, c*c+d*d, cplx(nre, nim), cplx(c, -d), cplx((c*c+d*d)*x, (c*c+d*d)*y), cplx(x, y), part, v))
	}, numCheck(func(stem string, ans *big.Rat) error {
		seg := mathSegments(stem)[0]
		var p, q string
		if strings.HasPrefix(seg, `\frac`) {
			num, rest, err := bracedArg(seg[5:])
			if err != nil {
				return err
			}
			den, _, err := bracedArg(rest)
			if err != nil {
				return err
			}
			p, q = num, den
		} else {
			g := regexp.MustCompile(`^\(([^)]*)\)\(([^)]*)\)$`).FindStringSubmatch(seg)
			if g == nil {
				return fmt.Errorf("stem %q is not a product", seg)
			}
			p, q = g[1], g[2]
		}
		a, b, err := cplxParts(p)
		if err != nil {
			return err
		}
		c, d, err := cplxParts(q)
		if err != nil {
			return err
		}
		var re, im *big.Rat
		if strings.HasPrefix(seg, `\frac`) {
			// divide: multiply by the inverse matrix of c+di
			n := sumR(mulR(c, c), mulR(d, d))
			re, im = cmul(a, b, quoR(c, n), quoR(new(big.Rat).Neg(d), n))
		} else {
			re, im = cmul(a, b, c, d)
		}
		if strings.Contains(stem, "实部") {
			return expect(ans, re, "matrix product")
		}
		return expect(ans, im, "matrix product")
	})),
	tpl("math.g10.complex_concept.t1", kpg(10, "complex_concept"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q := quadRoots(r)
		stem := fmt.Sprintf("若复数 $z=(%s)+(%s)i$ 是纯虚数，则实数 $m=$____。", poly([]int64{p * q, -(p + q), 1}, "m"), poly([]int64{-p, 1}, "m"))
		return fill(stem, rat(q), fmt.Sprintf("纯虚数要求实部为 0 且虚部不为 0：由 $%s=0$ 得 $m=%d$ 或 $m=%d$；当 $m=%d$ 时虚部 $%s=0$，舍去，所以 $m=%d$。", poly([]int64{p * q, -(p + q), 1}, "m"), p, q, p, poly([]int64{-p, 1}, "m"), q))
	}, numCheck(func(stem string, ans *big.Rat) error {
		g := regexp.MustCompile(`z=\(([^)]*)\)\+\(([^)]*)\)i`).FindStringSubmatch(stem)
		if g == nil {
			return fmt.Errorf("stem prints no z")
		}
		re, err := algAt(g[1], "m", ans)
		if err != nil {
			return err
		}
		im, err := algAt(g[2], "m", ans)
		if err != nil {
			return err
		}
		if re.Sign() != 0 || im.Sign() == 0 {
			return fmt.Errorf("m=%s gives z=%s+%si", ans.RatString(), re.RatString(), im.RatString())
		}
		return nil
	})),
}

// triples3 are integer vectors with whole lengths.
var triples3 = [][4]int64{{1, 2, 2, 3}, {2, 3, 6, 7}, {1, 4, 8, 9}, {4, 4, 7, 9}, {2, 6, 9, 11}, {2, 1, 2, 3}}

// vec3 draws a vector with a whole length, its signs and order shuffled.
func vec3(r *rand.Rand) ([3]int64, int64) {
	t := oneOf(r, triples3...)
	v := [3]int64{t[0], t[1], t[2]}
	r.Shuffle(3, func(i, j int) { v[i], v[j] = v[j], v[i] })
	for i := range v {
		if r.IntN(2) == 0 {
			v[i] = -v[i]
		}
	}
	return v, t[3]
}

// lineText prints Ax+By+C=0.
func lineText(a, b, c int64) string {
	return terms([]int64{a, b}, []string{"x", "y"}) + func() string {
		if c == 0 {
			return ""
		}
		return signed(c)
	}() + "=0"
}

// lineCoefs reads A, B, C from a printed line Ax+By+C=0.
func lineCoefs(s string) (a, b, c *big.Rat, err error) {
	l, _, _, err := sides(s)
	if err != nil {
		return nil, nil, nil, err
	}
	at := func(x, y int64) (*big.Rat, error) {
		return evalAlg(l, map[string]*big.Rat{"x": rat(x), "y": rat(y)})
	}
	if c, err = at(0, 0); err != nil {
		return nil, nil, nil, err
	}
	a1, _ := at(1, 0)
	b1, _ := at(0, 1)
	return subR(a1, c), subR(b1, c), c, nil
}

// secG10b covers 必修第二册's solid geometry, statistics and probability
// (grade 10), then 选择性必修第一册 (grade 11).
var secG10b = []curriculum.Template{
	tpl("math.g10.surface_volume.t1", kpg(10, "surface_volume"), curriculum.FillExpr, func(r *rand.Rand) curriculum.Item {
		rr, h := pick(r, 1, 9), pick(r, 2, 12)
		switch r.IntN(3) {
		case 0:
			k := frac(rr*rr*h, 3)
			stem := fmt.Sprintf("圆锥的底面半径为 $%d$，高为 $%d$，它的体积是____（结果保留 $\\pi$）。", rr, h)
			return exprItem(stem, piText(k), fmt.Sprintf("$V=\\frac13\\pi r^2h=\\frac13\\pi\\times%d^2\\times%d=%s$。锥体体积是等底等高柱体的三分之一。", rr, h, piTeX(k)))
		case 1:
			k := frac(4*rr*rr*rr, 3)
			stem := fmt.Sprintf("球的半径为 $%d$，它的体积是____（结果保留 $\\pi$）。", rr)
			return exprItem(stem, piText(k), fmt.Sprintf("$V=\\frac43\\pi R^3=\\frac43\\pi\\times%d^3=%s$。", rr, piTeX(k)))
		}
		k := rat(4 * rr * rr)
		stem := fmt.Sprintf("球的半径为 $%d$，它的表面积是____（结果保留 $\\pi$）。", rr)
		return exprItem(stem, piText(k), fmt.Sprintf("$S=4\\pi R^2=4\\pi\\times%d^2=%s$。", rr, piTeX(k)))
	}, func(it curriculum.Item) error {
		k, err := piCoef(it.Answer)
		if err != nil {
			return err
		}
		v, err := needSigned(it.Stem, 1)
		if err != nil {
			return err
		}
		rr := rat(v[0])
		switch {
		case strings.Contains(it.Stem, "圆锥"):
			// a cone is a frustum whose top radius is 0: V = πh(R²+Rr+r²)/3
			h := rat(v[1])
			return expect(k, mulR(h, sumR(mulR(rr, rr), rat(0), rat(0)), frac(1, 3)), "frustum formula with r = 0")
		case strings.Contains(it.Stem, "体积"):
			// Archimedes: the ball is 2/3 of its circumscribed cylinder πR²·2R
			return expect(k, mulR(frac(2, 3), rr, rr, rat(2), rr), "two thirds of the cylinder")
		}
		// Archimedes: the sphere's area equals the cylinder's lateral area 2πR·2R
		return expect(k, mulR(rat(2), rr, rat(2), rr), "lateral area of the cylinder")
	}),
	tpl("math.g10.sampling.t1", kpg(10, "sampling"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		unit := pick(r, 2, 6)
		a, b, c := pick(r, 2, 9), pick(r, 2, 9), pick(r, 2, 9)
		per := oneOf[int64](r, 10, 20, 50)
		n := (a + b + c) * unit
		stem := fmt.Sprintf("某校高一、高二、高三年级分别有学生 $%d$、$%d$、$%d$ 人，用分层抽样的方法抽取一个容量为 $%d$ 的样本，则应从高二年级抽取____人。", a*unit*per, b*unit*per, c*unit*per, n)
		return fill(stem, rat(b*unit), fmt.Sprintf("抽样比为 $\\frac{%d}{%d}=\\frac{1}{%d}$，各层按同一比例抽取，高二应抽 $%d\\times\\frac1{%d}=%d$ 人。", n, (a+b+c)*unit*per, per, b*unit*per, per, b*unit))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 4)
		if err != nil {
			return err
		}
		// the stratum's share of the sample equals its share of the population
		return expect(quoR(ans, rat(v[3])), quoR(rat(v[1]), rat(v[0]+v[1]+v[2])), "equal sampling fractions")
	})),
	tpl("math.g10.frequency_estimation.t1", kpg(10, "frequency_estimation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		start, w := oneOf[int64](r, 40, 50, 60), int64(10)
		var f []int64
		var tot int64
		for tot == 0 || 20%tot != 0 {
			f = []int64{pick(r, 1, 3), pick(r, 2, 4), pick(r, 3, 6), pick(r, 1, 4)}
			tot = f[0] + f[1] + f[2] + f[3]
		}
		var groups []string
		mean := new(big.Rat)
		for i, fi := range f {
			lo := start + int64(i)*w
			groups = append(groups, fmt.Sprintf("$[%d,%d)$ 的频率为 $%s$", lo, lo+w, decStr(frac(fi, tot))))
			mean.Add(mean, mulR(frac(2*lo+w, 2), frac(fi, tot)))
		}
		stem := fmt.Sprintf("某次测试成绩分为四组：%s。用各组区间的中点值估计，这次测试的平均成绩约为____分。", strings.Join(groups, "，"))
		return fill(stem, mean, fmt.Sprintf("平均数的估计值等于各组中点值乘该组频率再求和，结果为 $%s$。注意频率分布直方图中矩形的高是“频率/组距”，面积才是频率。", decStr(mean)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := segmentValues(strings.NewReplacer("[", "", ")", "", ",", "$ $").Replace(stem))
		if err != nil {
			return err
		}
		// v holds lo, hi, frequency per group
		mean, total := new(big.Rat), new(big.Rat)
		for i := 0; i+2 < len(v); i += 3 {
			mid := quoR(sumR(v[i], v[i+1]), rat(2))
			mean.Add(mean, mulR(mid, v[i+2]))
			total.Add(total, v[i+2])
		}
		if total.Cmp(rat(1)) != 0 {
			return fmt.Errorf("frequencies add up to %s", total.RatString())
		}
		return expect(ans, mean, "midpoints weighted by frequency")
	})),
	tpl("math.g10.percentile.t1", kpg(10, "percentile"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 8, 12)
		xs := make([]int64, n)
		for i := range xs {
			xs[i] = pick(r, 1, 30)
		}
		p := oneOf[int64](r, 25, 30, 40, 60, 75, 80, 90)
		s := slices.Clone(xs)
		slices.Sort(s)
		i := frac(n*p, 100)
		var v *big.Rat
		how := ""
		if i.IsInt() {
			k := i.Num().Int64()
			v = frac(s[k-1]+s[k], 2)
			how = fmt.Sprintf("$i=%d$ 是整数，取第 $%d$ 项与第 $%d$ 项的平均数", k, k, k+1)
		} else {
			k := new(big.Int).Quo(i.Num(), i.Denom()).Int64() + 1
			v = rat(s[k-1])
			how = fmt.Sprintf("$i=%s$ 不是整数，取第 $%d$ 项", decStr(i), k)
		}
		stem := fmt.Sprintf("数据 $%s$ 的第 $%d$ 百分位数是____。", data(xs), p)
		return fill(stem, v, fmt.Sprintf("先从小到大排列：$%s$。计算 $i=%d\\times%d\\%%=%s$，%s，得 $%s$。", data(s), n, p, decStr(i), how, decStr(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		p := v[len(v)-1]
		xs := v[:len(v)-1]
		// rank-based: the smallest value whose cumulative count reaches k
		atRank := func(k *big.Rat) int64 {
			best := int64(math.MaxInt64)
			for _, x := range xs {
				le := int64(0)
				for _, y := range xs {
					if y <= x {
						le++
					}
				}
				if rat(le).Cmp(k) >= 0 && x < best {
					best = x
				}
			}
			return best
		}
		i := frac(int64(len(xs))*p, 100)
		if i.IsInt() {
			return expect(ans, frac(atRank(i)+atRank(sumR(i, rat(1))), 2), "ranks i and i+1")
		}
		return expect(ans, rat(atRank(i)), "rank ⌈i⌉")
	})),
	tpl("math.g10.classical_model.t1", kpg(10, "classical_model", "sample_space"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		s := pick(r, 3, 11)
		cnt := 6 - iabs(s-7)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("同时掷两枚质地均匀的骰子，向上的点数之和为 $%d$ 的概率是____。", s)
			return fillFrac(stem, frac(cnt, 36), fmt.Sprintf("样本空间共有 $6\\times6=36$ 个等可能的样本点（两枚骰子要区分先后），点数之和为 $%d$ 的有 $%d$ 个，概率为 $%s$。", s, cnt, texFrac(frac(cnt, 36))))
		}
		le := int64(0)
		for t := int64(2); t <= s; t++ {
			le += 6 - iabs(t-7)
		}
		stem := fmt.Sprintf("同时掷两枚质地均匀的骰子，向上的点数之和不超过 $%d$ 的概率是____。", s)
		return fillFrac(stem, frac(le, 36), fmt.Sprintf("共 $36$ 个等可能的样本点，点数之和不超过 $%d$ 的有 $%d$ 个（可列表逐一数出，或用对立事件），概率为 $%s$。", s, le, texFrac(frac(le, 36))))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		n := int64(0)
		for a := int64(1); a <= 6; a++ {
			for b := int64(1); b <= 6; b++ {
				if a+b == v[0] || strings.Contains(stem, "不超过") && a+b <= v[0] {
					n++
				}
			}
		}
		return expect(ans, frac(n, 36), "listing the 36 outcomes")
	})),
	tpl("math.g10.independence.t1", kpg(10, "independence"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p, q := frac(pick(r, 1, 9), 10), frac(pick(r, 1, 9), 10)
		np, nq := subR(rat(1), p), subR(rat(1), q)
		if r.IntN(2) == 0 {
			v := subR(rat(1), mulR(np, nq))
			stem := fmt.Sprintf("甲、乙两人独立地破译一份密码，破译成功的概率分别为 $%s$ 和 $%s$，则密码被破译（至少一人成功）的概率是____。", decStr(p), decStr(q))
			return fill(stem, v, fmt.Sprintf("“至少一人成功”的对立事件是“两人都失败”，概率为 $(1-%s)(1-%s)=%s$，所以所求概率为 $1-%s=%s$。不能直接把两个概率相加。", decStr(p), decStr(q), decStr(mulR(np, nq)), decStr(mulR(np, nq)), decStr(v)))
		}
		v := sumR(mulR(p, nq), mulR(np, q))
		stem := fmt.Sprintf("甲、乙两人独立地破译一份密码，破译成功的概率分别为 $%s$ 和 $%s$，则恰有一人破译成功的概率是____。", decStr(p), decStr(q))
		return fill(stem, v, fmt.Sprintf("恰有一人成功包括“甲成乙败”和“甲败乙成”两个互斥事件：$%s\\times%s+%s\\times%s=%s$。", decStr(p), decStr(nq), decStr(np), decStr(q), decStr(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := segmentValues(stem)
		if err != nil {
			return err
		}
		p, q := v[0], v[1]
		// sum over the four outcomes of the two independent trials
		total := new(big.Rat)
		for _, a := range []bool{true, false} {
			for _, b := range []bool{true, false} {
				pa, pb := p, q
				if !a {
					pa = subR(rat(1), p)
				}
				if !b {
					pb = subR(rat(1), q)
				}
				if strings.Contains(stem, "至少") && (a || b) || strings.Contains(stem, "恰有") && a != b {
					total.Add(total, mulR(pa, pb))
				}
			}
		}
		return expect(ans, total, "summing the four outcomes")
	})),
	tpl("math.g11.space_vector_coords.t1", kpg(11, "space_vector_coords", "space_vector_ops"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, la := vec3(r)
		b := [3]int64{pick(r, -4, 4), pick(r, -4, 4), pick(r, -4, 4)}
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("已知 $\\boldsymbol a=(%d,%d,%d)$，则 $|\\boldsymbol a|=$____。", a[0], a[1], a[2])
			return fill(stem, rat(la), fmt.Sprintf("$|\\boldsymbol a|=\\sqrt{%s^2+%s^2+%s^2}=\\sqrt{%d}=%d$。", pari(a[0]), pari(a[1]), pari(a[2]), la*la, la))
		}
		d := a[0]*b[0] + a[1]*b[1] + a[2]*b[2]
		stem := fmt.Sprintf("已知 $\\boldsymbol a=(%d,%d,%d)$，$\\boldsymbol b=(%d,%d,%d)$，则 $\\boldsymbol a\\cdot\\boldsymbol b=$____。", a[0], a[1], a[2], b[0], b[1], b[2])
		return fill(stem, rat(d), fmt.Sprintf("$\\boldsymbol a\\cdot\\boldsymbol b=x_1x_2+y_1y_2+z_1z_2=%d$。", d))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil {
			return err
		}
		if len(pts) == 1 {
			a := pts[0]
			return expect(mulR(ans, ans), sumR(mulR(a[0], a[0]), mulR(a[1], a[1]), mulR(a[2], a[2])), "|a|² = a·a")
		}
		// polarisation: a·b = (|a+b|² - |a-b|²)/4
		a, b := pts[0], pts[1]
		var plus, minus *big.Rat = new(big.Rat), new(big.Rat)
		for i := 0; i < 3; i++ {
			s, d := sumR(a[i], b[i]), subR(a[i], b[i])
			plus.Add(plus, mulR(s, s))
			minus.Add(minus, mulR(d, d))
		}
		return expect(ans, quoR(subR(plus, minus), rat(4)), "polarisation identity")
	})),
	tpl("math.g11.vector_parallel_perp.t1", kpg(11, "vector_parallel_perp"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a1, a3 := nonZero(r, -4, 4), nonZero(r, -4, 4)
		b1, b2, b3 := nonZero(r, -4, 4), nonZero(r, -4, 4), nonZero(r, -4, 4)
		m := frac(-(a1*b1 + a3*b3), b2)
		stem := fmt.Sprintf("直线 $l$ 的方向向量为 $\\boldsymbol u=(%d,m,%d)$，平面 $\\alpha$ 的法向量为 $\\boldsymbol n=(%d,%d,%d)$。若 $l\\parallel\\alpha$，则 $m=$____。", a1, a3, b1, b2, b3)
		return fillFrac(stem, m, fmt.Sprintf("$l\\parallel\\alpha$ 时方向向量与法向量垂直：$\\boldsymbol u\\cdot\\boldsymbol n=%d\\times%s+%s m+%d\\times%s=0$，解得 $m=%s$。线面平行对应“垂直”，线面垂直才对应“平行”。", a1, pari(b1), pari(b2), a3, pari(b3), texFrac(m)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(strings.Replace(stem, ",m,", ","+texFrac(ans)+",", 1))
		if err != nil {
			return err
		}
		if len(pts) != 2 || len(pts[0]) != 3 {
			return fmt.Errorf("stem has %d vectors", len(pts))
		}
		u, n := pts[0], pts[1]
		return expect(rat(0), sumR(mulR(u[0], n[0]), mulR(u[1], n[1]), mulR(u[2], n[2])), "u·n = 0")
	})),
	tpl("math.g11.vector_angles_distance.t1", kpg(11, "vector_angles_distance"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n, ln := vec3(r)
		a := [3]int64{pick(r, -3, 3), pick(r, -3, 3), pick(r, -3, 3)}
		p := [3]int64{pick(r, -5, 5), pick(r, -5, 5), pick(r, -5, 5)}
		dot := int64(0)
		for i := range n {
			dot += (p[i] - a[i]) * n[i]
		}
		d := frac(iabs(dot), ln)
		stem := fmt.Sprintf("平面 $\\alpha$ 经过点 $A(%d,%d,%d)$，法向量为 $\\boldsymbol n=(%d,%d,%d)$，则点 $P(%d,%d,%d)$ 到平面 $\\alpha$ 的距离是____。", a[0], a[1], a[2], n[0], n[1], n[2], p[0], p[1], p[2])
		return fillFrac(stem, d, fmt.Sprintf("$\\overrightarrow{AP}=(%d,%d,%d)$，$|\\boldsymbol n|=%d$，距离 $d=\\frac{|\\overrightarrow{AP}\\cdot\\boldsymbol n|}{|\\boldsymbol n|}=%s$。", p[0]-a[0], p[1]-a[1], p[2]-a[2], ln, fracEq(iabs(dot), ln)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 3 {
			return fmt.Errorf("stem points: %v", err)
		}
		a, n, p := pts[0], pts[1], pts[2]
		// drop a perpendicular: Q = P - t n with (Q - A)·n = 0, d = |t|·|n|
		var num, nn = new(big.Rat), new(big.Rat)
		for i := 0; i < 3; i++ {
			num.Add(num, mulR(subR(p[i], a[i]), n[i]))
			nn.Add(nn, mulR(n[i], n[i]))
		}
		t := quoR(num, nn)
		d2 := mulR(t, t, nn)
		return expect(mulR(ans, ans), d2, "foot of the perpendicular")
	})),
	tpl("math.g11.inclination_slope.t1", kpg(11, "inclination_slope"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x1, y1 := pick(r, -6, 6), pick(r, -6, 6)
		x2 := x1 + nonZero(r, -6, 6)
		y2 := pick(r, -6, 6)
		k := frac(y2-y1, x2-x1)
		stem := fmt.Sprintf("经过点 $A(%d,%d)$ 和 $B(%d,%d)$ 的直线的斜率是____。", x1, y1, x2, y2)
		return fillFrac(stem, k, fmt.Sprintf("$k=\\frac{y_2-y_1}{x_2-x_1}=\\frac{%d-%s}{%d-%s}=%s$。分子分母的顺序要对应。", y2, pari(y1), x2, pari(x1), texFrac(k)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 2 {
			return fmt.Errorf("stem points: %v", err)
		}
		// B must lie on the line through A with slope ans
		return expect(pts[1][1], sumR(pts[0][1], mulR(ans, subR(pts[1][0], pts[0][0]))), "walking from A with that slope")
	})),
	tpl("math.g11.lines_position.t1", kpg(11, "lines_position", "line_equation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a1, b1, c1 := nonZero(r, -5, 5), nonZero(r, -5, 5), pick(r, -9, 9)
		b2, c2 := nonZero(r, -5, 5), pick(r, -9, 9)
		if r.IntN(2) == 0 {
			m := frac(-b1*b2, a1)
			stem := fmt.Sprintf("直线 $l_1:%s$ 与直线 $l_2:mx%s=0$ 垂直，则 $m=$____。", lineText(a1, b1, c1), tail(b2, c2))
			return fillFrac(stem, m, fmt.Sprintf("用一般式判断垂直：$A_1A_2+B_1B_2=0$，即 $%d m+%s\\times%s=0$，得 $m=%s$。这样不必讨论斜率是否存在。", a1, pari(b1), pari(b2), texFrac(m)))
		}
		m := frac(a1*b2, b1)
		if c2*b1 == c1*b2 {
			c2++
		}
		stem := fmt.Sprintf("直线 $l_1:%s$ 与直线 $l_2:mx%s=0$ 平行，则 $m=$____。", lineText(a1, b1, c1), tail(b2, c2))
		return fillFrac(stem, m, fmt.Sprintf("平行时 $A_1B_2-A_2B_1=0$：$%d\\times%s-%s m=0$，得 $m=%s$，再检验两直线不重合。", a1, pari(b2), pari(b1), texFrac(m)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		a1, b1, _, err := lineCoefs(strings.TrimPrefix(segs[0], "l_1:"))
		if err != nil {
			return err
		}
		l2 := strings.Replace(strings.TrimPrefix(segs[1], "l_2:"), "mx", "("+texFrac(ans)+")x", 1)
		a2, b2, _, err := lineCoefs(l2)
		if err != nil {
			return err
		}
		// direction vectors (B, -A): perpendicular lines have orthogonal ones
		d1, d2 := [2]*big.Rat{b1, new(big.Rat).Neg(a1)}, [2]*big.Rat{b2, new(big.Rat).Neg(a2)}
		dot := sumR(mulR(d1[0], d2[0]), mulR(d1[1], d2[1]))
		cross := subR(mulR(d1[0], d2[1]), mulR(d1[1], d2[0]))
		if strings.Contains(stem, "垂直") {
			return expect(rat(0), dot, "orthogonal directions")
		}
		return expect(rat(0), cross, "parallel directions")
	})),
	tpl("math.g11.distance_formulas.t1", kpg(11, "distance_formulas"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, c := triple(r, 1)
		if r.IntN(2) == 0 {
			a = -a
		}
		cc := pick(r, -12, 12)
		x0, y0 := pick(r, -5, 5), pick(r, -5, 5)
		num := iabs(a*x0 + b*y0 + cc)
		d := frac(num, c)
		stem := fmt.Sprintf("点 $P(%d,%d)$ 到直线 $%s$ 的距离是____。", x0, y0, lineText(a, b, cc))
		return fillFrac(stem, d, fmt.Sprintf("$d=\\frac{|Ax_0+By_0+C|}{\\sqrt{A^2+B^2}}=\\frac{|%d\\times%s+%d\\times%s%s|}{\\sqrt{%s^2+%d^2}}=%s$。", a, pari(x0), b, pari(y0), signedOrEmpty(cc), pari(a), b, fracEq(num, c)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 1 {
			return fmt.Errorf("stem point: %v", err)
		}
		a, b, c, err := lineCoefs(mathSegments(stem)[1])
		if err != nil {
			return err
		}
		// foot of the perpendicular Q = P - t(A,B), on the line
		p := pts[0]
		nn := sumR(mulR(a, a), mulR(b, b))
		t := quoR(sumR(mulR(a, p[0]), mulR(b, p[1]), c), nn)
		return expect(mulR(ans, ans), mulR(t, t, nn), "foot of the perpendicular")
	})),
	tpl("math.g11.circle_equation.t1", kpg(11, "circle_equation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, rr := pick(r, -5, 5), pick(r, -5, 5), pick(r, 1, 6)
		d, e, f := -2*a, -2*b, a*a+b*b-rr*rr
		eq := terms([]int64{1, 1, d, e}, []string{"x^2", "y^2", "x", "y"})
		if f != 0 {
			eq += signed(f)
		}
		eq += "=0"
		stem := fmt.Sprintf("圆 $%s$ 的半径是____。", eq)
		return fill(stem, rat(rr), fmt.Sprintf("配方得 $(x%s)^2+(y%s)^2=%d$，圆心为 $(%d,%d)$，半径为 $%d$。也可用 $r=\\frac12\\sqrt{D^2+E^2-4F}$。", signedOrEmpty(-a), signedOrEmpty(-b), rr*rr, a, b, rr))
	}, numCheck(func(stem string, ans *big.Rat) error {
		l, _, _, err := sides(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		at := func(x, y int64) *big.Rat {
			v, _ := evalAlg(l, map[string]*big.Rat{"x": rat(x), "y": rat(y)})
			return v
		}
		// F = value at the origin; D, E from first differences
		f := at(0, 0)
		d := subR(subR(at(1, 0), f), rat(1))
		e := subR(subR(at(0, 1), f), rat(1))
		r2 := subR(quoR(sumR(mulR(d, d), mulR(e, e)), rat(4)), f)
		return expect(mulR(ans, ans), r2, "r² = (D²+E²)/4 - F")
	})),
	tpl("math.g11.line_circle.t1", kpg(11, "line_circle"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		dist, half, rr := triple(r, 1)
		a, b, c := triple(r, 1)
		// line A x + B y + C = 0 at distance dist from the centre (p, q)
		p, q := pick(r, -4, 4), pick(r, -4, 4)
		cc := dist*c - a*p - b*q
		circle := fmt.Sprintf("(x%s)^2+(y%s)^2=%d", signedOrEmpty(-p), signedOrEmpty(-q), rr*rr)
		stem := fmt.Sprintf("直线 $%s$ 被圆 $%s$ 截得的弦长是____。", lineText(a, b, cc), circle)
		return fill(stem, rat(2*half), fmt.Sprintf("圆心 $(%d,%d)$ 到直线的距离 $d=\\frac{|%d\\times%s+%d\\times%s%s|}{%d}=%d$，半径 $r=%d$，弦长 $=2\\sqrt{r^2-d^2}=2\\sqrt{%d-%d}=%d$。", p, q, a, pari(p), b, pari(q), signed(cc), c, dist, rr, rr*rr, dist*dist, 2*half))
	}, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		a, b, c, err := lineCoefs(segs[0])
		if err != nil {
			return err
		}
		cl, _, cr, err := sides(segs[1])
		if err != nil {
			return err
		}
		r2, err := evalAlg(cr, nil)
		if err != nil {
			return err
		}
		// substitute the line into the circle and measure the chord from
		// the quadratic's roots: Δx² = disc/A² along the line direction
		var x0, y0, dx, dy *big.Rat
		if b.Sign() != 0 {
			x0, y0 = rat(0), quoR(new(big.Rat).Neg(c), b)
			dx, dy = rat(1), quoR(new(big.Rat).Neg(a), b)
		} else {
			x0, y0 = quoR(new(big.Rat).Neg(c), a), rat(0)
			dx, dy = rat(0), rat(1)
		}
		g := func(t *big.Rat) (*big.Rat, error) {
			v, err := evalAlg(cl, map[string]*big.Rat{"x": sumR(x0, mulR(t, dx)), "y": sumR(y0, mulR(t, dy))})
			if err != nil {
				return nil, err
			}
			return subR(v, r2), nil
		}
		g0, err := g(rat(0))
		if err != nil {
			return err
		}
		g1, _ := g(rat(1))
		gm1, _ := g(rat(-1))
		qa := subR(quoR(sumR(g1, gm1), rat(2)), g0)
		qb := quoR(subR(g1, gm1), rat(2))
		disc := subR(mulR(qb, qb), mulR(rat(4), qa, g0))
		// (t1-t2)² = disc/qa², chord² = (t1-t2)²·|direction|²
		chord2 := mulR(quoR(disc, mulR(qa, qa)), sumR(mulR(dx, dx), mulR(dy, dy)))
		return expect(mulR(ans, ans), chord2, "intersecting the line with the circle")
	})),
	tpl("math.g11.ellipse.t1", kpg(11, "ellipse"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		b, c, a := triple(r, 2)
		onY := r.IntN(2) == 0
		eq := fmt.Sprintf(`\frac{x^2}{%d}+\frac{y^2}{%d}=1`, a*a, b*b)
		if onY {
			eq = fmt.Sprintf(`\frac{x^2}{%d}+\frac{y^2}{%d}=1`, b*b, a*a)
		}
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("椭圆 $%s$ 的离心率是____。", eq)
			return fillFrac(stem, frac(c, a), fmt.Sprintf("较大的分母是 $a^2=%d$，所以 $a=%d$，$b=%d$，$c=\\sqrt{a^2-b^2}=%d$，$e=\\frac ca=%s$。", a*a, a, b, c, texFrac(frac(c, a))))
		}
		stem := fmt.Sprintf("椭圆 $%s$ 的焦距是____。", eq)
		return fill(stem, rat(2*c), fmt.Sprintf("$a^2=%d$，$b^2=%d$，$c^2=a^2-b^2=%d$，$c=%d$，焦距 $2c=%d$。焦距指两焦点间的距离，是 $2c$ 而不是 $c$。", a*a, b*b, c*c, c, 2*c))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := conicDens(stem)
		if err != nil {
			return err
		}
		big2, small2 := max(v[0], v[1]), min(v[0], v[1])
		a, ok1 := isqrt(big2)
		c, ok2 := isqrt(big2 - small2)
		if !ok1 || !ok2 {
			return fmt.Errorf("a or c is not whole")
		}
		// the vertex on the major axis is at distance a from the centre and
		// the sum of focal distances there is (a-c)+(a+c) = 2a
		if strings.Contains(stem, "离心率") {
			return expect(mulR(ans, rat(2*a)), rat((a+c)-(a-c)), "focal distances at a vertex")
		}
		return expect(ans, rat((a+c)-(a-c)), "focal distances at a vertex")
	})),
	tpl("math.g11.hyperbola.t1", kpg(11, "hyperbola"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, c := triple(r, 2)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("双曲线 $\\frac{x^2}{%d}-\\frac{y^2}{%d}=1$ 的离心率是____。", a*a, b*b)
			return fillFrac(stem, frac(c, a), fmt.Sprintf("$a^2=%d$，$b^2=%d$，双曲线中 $c^2=a^2+b^2=%d$，$c=%d$，$e=\\frac ca=%s$。注意与椭圆的 $c^2=a^2-b^2$ 区分。", a*a, b*b, c*c, c, texFrac(frac(c, a))))
		}
		stem := fmt.Sprintf("双曲线 $\\frac{x^2}{%d}-\\frac{y^2}{%d}=1$ 的渐近线方程为 $y=\\pm kx$（$k>0$），则 $k=$____。", a*a, b*b)
		return fillFrac(stem, frac(b, a), fmt.Sprintf("焦点在 $x$ 轴上的双曲线渐近线为 $y=\\pm\\frac bax$，这里 $a=%d$，$b=%d$，$k=%s$。也可令等号右边为 0 得 $\\frac{x^2}{%d}=\\frac{y^2}{%d}$。", a, b, texFrac(frac(b, a)), a*a, b*b))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := conicDens(stem)
		if err != nil {
			return err
		}
		a2, b2 := rat(v[0]), rat(v[1])
		if strings.Contains(stem, "渐近线") {
			// setting the right-hand side to 0: x²/a² = y²/b², y = kx
			return expect(mulR(b2, rat(1)), mulR(ans, ans, a2), "x²/a² - (kx)²/b² = 0")
		}
		return expect(mulR(ans, ans), quoR(sumR(a2, b2), a2), "e² = (a²+b²)/a²")
	})),
	tpl("math.g11.parabola.t1", kpg(11, "parabola"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		p := pick(r, 1, 6)
		t := nonZero(r, -4, 4)
		x0, y0 := 2*p*t*t, 2*p*t // y0² = 2p·x0
		d := frac(2*x0+p, 2)
		stem := fmt.Sprintf("抛物线 $y^2=%dx$ 上一点 $M(%d,%d)$ 到焦点的距离是____。", 2*p, x0, y0)
		return fill(stem, d, fmt.Sprintf("$2p=%d$，$p=%d$，焦点 $(%s,0)$，准线 $x=-%s$。由定义，点到焦点的距离等于到准线的距离：$%d+%s=%s$。", 2*p, p, decStr(frac(p, 2)), decStr(frac(p, 2)), x0, decStr(frac(p, 2)), decStr(d)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 1 {
			return fmt.Errorf("stem point: %v", err)
		}
		v := intsSigned(stem)
		focus := frac(v[1], 4) // y² = 2px has focus (p/2, 0); the stem prints 2p
		m := pts[0]
		dx := subR(m[0], focus)
		return expect(mulR(ans, ans), sumR(mulR(dx, dx), mulR(m[1], m[1])), "distance formula to the focus")
	})),
}

// signedOrEmpty prints +n/-n, or nothing for 0.
func signedOrEmpty(n int64) string {
	if n == 0 {
		return ""
	}
	return signed(n)
}

// tail prints "+By+C" after a leading term.
func tail(b, c int64) string {
	return strings.TrimPrefix(terms([]int64{1, b, c}, []string{"Q", "y", ""}), "Q")
}

var conicRe = regexp.MustCompile(`\\frac\{x\^2\}\{(\d+)\}[+-]\\frac\{y\^2\}\{(\d+)\}`)

// conicDens reads the denominators under x² and y² of a printed conic.
func conicDens(stem string) ([2]int64, error) {
	g := conicRe.FindStringSubmatch(stem)
	if g == nil {
		return [2]int64{}, fmt.Errorf("stem prints no conic")
	}
	a, _ := strconv.ParseInt(g[1], 10, 64)
	b, _ := strconv.ParseInt(g[2], 10, 64)
	return [2]int64{a, b}, nil
}

// fracEq prints \frac{n}{d}, followed by its lowest terms when they differ.
func fracEq(n, d int64) string {
	s := fmt.Sprintf(`\frac{%d}{%d}`, n, d)
	if v := frac(n, d); v.Num().Int64() != n {
		s += "=" + texFrac(v)
	}
	return s
}

// binom is C(n, k).
func binom(n, k int64) int64 {
	if k < 0 || k > n {
		return 0
	}
	v := int64(1)
	for i := int64(1); i <= k; i++ {
		v = v * (n - k + i) / i
	}
	return v
}

// subsets calls f with every k-subset of {0..n-1} as a bit mask.
func subsets(n, k int, f func(mask int)) {
	for m := 0; m < 1<<n; m++ {
		if popcount(m) == k {
			f(m)
		}
	}
}

func popcount(m int) int {
	c := 0
	for ; m > 0; m &= m - 1 {
		c++
	}
	return c
}

// permutations calls f with every ordering of 0..n-1.
func permutations(n int, f func(p []int)) {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var rec func(k int)
	rec = func(k int) {
		if k == n {
			f(p)
			return
		}
		for i := k; i < n; i++ {
			p[k], p[i] = p[i], p[k]
			rec(k + 1)
			p[k], p[i] = p[i], p[k]
		}
	}
	rec(0)
}

// sumTo adds f(k) for k = 1..n.
func sumTo(n int64, f func(k int64) *big.Rat) *big.Rat {
	s := new(big.Rat)
	for k := int64(1); k <= n; k++ {
		s.Add(s, f(k))
	}
	return s
}

// cubic draws a cubic polynomial with small integer coefficients.
func cubic(r *rand.Rand) []int64 {
	return []int64{pick(r, -6, 6), pick(r, -6, 6), pick(r, -4, 4), nonZero(r, -3, 3)}
}

// deriv differentiates Σ c[i] x^i.
func deriv(c []int64) []int64 {
	d := make([]int64, len(c)-1)
	for i := 1; i < len(c); i++ {
		d[i-1] = int64(i) * c[i]
	}
	return d
}

// fnOf returns the right-hand side of "f(x)=…" in the stem.
func fnOf(stem string) (string, error) {
	s, err := segWith(stem, "f(x)=")
	if err != nil {
		return "", err
	}
	_, _, f, err := sides(s)
	return f, err
}

// secG11 covers 选择性必修第二、三册 (grade 11).
var secG11 = []curriculum.Template{
	tpl("math.g11.sequence_concept.t1", kpg(11, "sequence_concept"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := nonZero(r, -4, 4), pick(r, -6, 6)
		k := pick(r, 2, 9)
		v := a*(2*k-1) + b
		stem := fmt.Sprintf("数列 $\\{a_n\\}$ 的前 $n$ 项和 $S_n=%s$，则 $a_{%d}=$____。", poly([]int64{0, b, a}, "n"), k)
		return fill(stem, rat(v), fmt.Sprintf("$a_{%d}=S_{%d}-S_{%d}=%d-(%d)=%d$。$n\\ge2$ 时都可以用 $a_n=S_n-S_{n-1}$。", k, k, k-1, a*k*k+b*k, a*(k-1)*(k-1)+b*(k-1), v))
	}, numCheck(func(stem string, ans *big.Rat) error {
		s, err := segWith(stem, "S_n=")
		if err != nil {
			return err
		}
		_, _, f, _ := sides(s)
		k := intsSigned(stem)
		idx := k[len(k)-1]
		// the first idx terms sum to S_idx: add the earlier terms one by one
		prev := new(big.Rat)
		var term *big.Rat
		for n := int64(1); n <= idx; n++ {
			sn, err := algAt(f, "n", rat(n))
			if err != nil {
				return err
			}
			term = subR(sn, prev)
			prev = sn
		}
		return expect(ans, term, "differences of consecutive partial sums")
	})),
	tpl("math.g11.arithmetic_sequence.t1", kpg(11, "arithmetic_sequence"), curriculum.FillExpr, func(r *rand.Rand) curriculum.Item {
		a1, d := pick(r, -9, 9), nonZero(r, -5, 5)
		m := pick(r, 2, 4)
		n := m + pick(r, 2, 5)
		am, an := a1+(m-1)*d, a1+(n-1)*d
		ans := poly([]int64{a1 - d, d}, "n")
		stem := fmt.Sprintf("等差数列 $\\{a_n\\}$ 中，$a_{%d}=%d$，$a_{%d}=%d$，则通项公式 $a_n=$____。", m, am, n, an)
		return exprItem(stem, ans, fmt.Sprintf("$d=\\frac{a_{%d}-a_{%d}}{%d-%d}=\\frac{%d}{%d}=%d$，$a_1=a_{%d}-%d d=%d$，所以 $a_n=a_1+(n-1)d=%s$。", n, m, n, m, an-am, n-m, d, m, m-1, a1, ans))
	}, func(it curriculum.Item) error {
		g := regexp.MustCompile(`a_\{(\d+)\}=(-?\d+)`).FindAllStringSubmatch(it.Stem, -1)
		if len(g) != 2 {
			return fmt.Errorf("stem gives %d terms", len(g))
		}
		for _, t := range g {
			n, _ := strconv.ParseInt(t[1], 10, 64)
			v, _ := strconv.ParseInt(t[2], 10, 64)
			got, err := algAt(it.Answer, "n", rat(n))
			if err != nil {
				return err
			}
			if got.Cmp(rat(v)) != 0 {
				return fmt.Errorf("a_%d = %s, stem says %d", n, got.RatString(), v)
			}
		}
		// arithmetic: constant first difference
		d1, _ := algAt(it.Answer, "n", rat(1))
		d2, _ := algAt(it.Answer, "n", rat(2))
		d3, err := algAt(it.Answer, "n", rat(3))
		if err != nil {
			return err
		}
		if subR(d2, d1).Cmp(subR(d3, d2)) != 0 {
			return fmt.Errorf("answer %q is not arithmetic", it.Answer)
		}
		return nil
	}),
	tpl("math.g11.arithmetic_sum.t1", kpg(11, "arithmetic_sum"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a1, d, n := pick(r, -10, 10), nonZero(r, -4, 5), pick(r, 5, 20)
		s := n*a1 + n*(n-1)/2*d
		stem := fmt.Sprintf("等差数列 $\\{a_n\\}$ 的首项 $a_1=%d$，公差 $d=%d$，则前 $%d$ 项和 $S_{%d}=$____。", a1, d, n, n)
		return fill(stem, rat(s), fmt.Sprintf("$S_n=na_1+\\frac{n(n-1)}{2}d=%d\\times%s+\\frac{%d\\times%d}{2}\\times%s=%d$。也可以先求 $a_{%d}=%d$，再用 $S_n=\\frac{n(a_1+a_n)}{2}$。", n, pari(a1), n, n-1, pari(d), s, n, a1+(n-1)*d))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		a1, d, n := v[1], v[2], v[3]
		return expect(ans, sumTo(n, func(k int64) *big.Rat { return rat(a1 + (k-1)*d) }), "adding the terms")
	})),
	tpl("math.g11.geometric_sequence.t1", kpg(11, "geometric_sequence"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a1 := nonZero(r, -5, 5)
		q := oneOf(r, rat(2), rat(-2), rat(3), frac(1, 2), rat(-3), frac(-1, 2))
		m := pick(r, 1, 3)
		n := m + pick(r, 2, 3)
		qm, _ := ratPow(q, rat(m-1))
		qn, _ := ratPow(q, rat(n-1))
		am, an := mulR(rat(a1), qm), mulR(rat(a1), qn)
		k := n + pick(r, 1, 2)
		qk, _ := ratPow(q, rat(k-1))
		ak := mulR(rat(a1), qk)
		stem := fmt.Sprintf("等比数列 $\\{a_n\\}$ 中，$a_{%d}=%s$，$a_{%d}=%s$，且公比 $q$ 为%s，则 $a_{%d}=$____。", m, texFrac(am), n, texFrac(an), map[bool]string{true: "正数", false: "负数"}[q.Sign() > 0], k)
		return fillFrac(stem, ak, fmt.Sprintf("$q^{%d}=\\frac{a_{%d}}{a_{%d}}=%s$，结合 $q$ 的符号得 $q=%s$，所以 $a_{%d}=a_{%d}q^{%d}=%s$。", n-m, n, m, texFrac(quoR(an, am)), texFrac(q), k, n, k-n, texFrac(ak)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		g := regexp.MustCompile(`a_\{(\d+)\}=(-?(?:\\frac\{\d+\}\{\d+\}|\d+))`).FindAllStringSubmatch(stem, -1)
		if len(g) != 2 {
			return fmt.Errorf("stem gives %d terms", len(g))
		}
		m, _ := strconv.ParseInt(g[0][1], 10, 64)
		n, _ := strconv.ParseInt(g[1][1], 10, 64)
		am, _ := evalAlg(g[0][2], nil)
		an, _ := evalAlg(g[1][2], nil)
		ks := intsSigned(stem)
		k := ks[len(ks)-1]
		// search the ratio among small fractions with the stated sign
		for num := int64(-6); num <= 6; num++ {
			for den := int64(1); den <= 6; den++ {
				q := frac(num, den)
				if q.Sign() == 0 || (q.Sign() > 0) != strings.Contains(stem, "正数") {
					continue
				}
				if p, _ := ratPow(q, rat(n-m)); mulR(am, p).Cmp(an) == 0 {
					pk, _ := ratPow(q, rat(k-n))
					return expect(ans, mulR(an, pk), "searching the ratio")
				}
			}
		}
		return fmt.Errorf("no ratio fits")
	})),
	tpl("math.g11.geometric_sum.t1", kpg(11, "geometric_sum"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a1 := nonZero(r, -4, 4)
		q := oneOf[int64](r, 2, 3, -2, -3)
		n := pick(r, 3, 7)
		qn, _ := ratPow(rat(q), rat(n))
		s := quoR(mulR(rat(a1), subR(rat(1), qn)), rat(1-q))
		stem := fmt.Sprintf("等比数列 $\\{a_n\\}$ 的首项 $a_1=%d$，公比 $q=%d$，则前 $%d$ 项和 $S_{%d}=$____。", a1, q, n, n)
		return fill(stem, s, fmt.Sprintf("$q\\ne1$，$S_n=\\frac{a_1(1-q^n)}{1-q}=\\frac{%d\\times(1-%s)}{1-%s}=%s$。", a1, par(qn), pari(q), texFrac(s)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		a1, q, n := v[1], v[2], v[3]
		t := rat(a1)
		return expect(ans, sumTo(n, func(int64) *big.Rat {
			cur := new(big.Rat).Set(t)
			t = mulR(t, rat(q))
			return cur
		}), "adding the terms")
	})),
	tpl("math.g11.sequence_sum_methods.t1", kpg(11, "sequence_sum_methods"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 5, 30)
		if r.IntN(2) == 0 {
			v := frac(n, n+1)
			stem := fmt.Sprintf("求和：$\\frac{1}{1\\times2}+\\frac{1}{2\\times3}+\\cdots+\\frac{1}{%d\\times%d}=$____。", n, n+1)
			return fillFrac(stem, v, fmt.Sprintf("裂项：$\\frac{1}{k(k+1)}=\\frac1k-\\frac1{k+1}$，相加后中间项相互抵消，剩下 $1-\\frac{1}{%d}=%s$。", n+1, texFrac(v)))
		}
		v := frac(n, 2*n+1)
		stem := fmt.Sprintf("求和：$\\frac{1}{1\\times3}+\\frac{1}{3\\times5}+\\cdots+\\frac{1}{%d\\times%d}=$____。", 2*n-1, 2*n+1)
		return fillFrac(stem, v, fmt.Sprintf("裂项：$\\frac{1}{(2k-1)(2k+1)}=\\frac12(\\frac{1}{2k-1}-\\frac{1}{2k+1})$，别漏掉系数 $\\frac12$。相消后得 $\\frac12(1-\\frac{1}{%d})=%s$。", 2*n+1, texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v := intsSigned(stem)
		last, step := v[len(v)-1], v[2]-v[1] // the factors of a term differ by step
		return expect(ans, sumTo((last-1)/step, func(k int64) *big.Rat {
			a := 1 + (k-1)*step
			return frac(1, a*(a+step))
		}), "adding the terms")
	})),
	tpl("math.g11.derivative_rules.t1", kpg(11, "derivative_rules", "derivative_concept"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		c := cubic(r)
		a := pick(r, -3, 3)
		d := deriv(c)
		v := polyAt(d, rat(a))
		stem := fmt.Sprintf("已知 $f(x)=%s$，则 $f'(%d)=$____。", poly(c, "x"), a)
		return fill(stem, v, fmt.Sprintf("逐项求导：$f'(x)=%s$，所以 $f'(%d)=%s$。常数项的导数为 0。", poly(d, "x"), a, texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		f, err := fnOf(stem)
		if err != nil {
			return err
		}
		g := regexp.MustCompile(`f'\((-?\d+)\)`).FindStringSubmatch(stem)
		a, _ := strconv.ParseInt(g[1], 10, 64)
		s, err := slopeAt(f, "x", rat(a))
		if err != nil {
			return err
		}
		if !near(s, ans) {
			return fmt.Errorf("difference quotient %s is far from %s", s.FloatString(6), ans.RatString())
		}
		return nil
	})),
	tpl("math.g11.derivative_rules.t2", kpg(11, "derivative_rules"), curriculum.FillExpr, func(r *rand.Rand) curriculum.Item {
		c := cubic(r)
		d := deriv(c)
		stem := fmt.Sprintf("函数 $f(x)=%s$ 的导函数 $f'(x)=$____。", poly(c, "x"))
		return exprItem(stem, poly(d, "x"), fmt.Sprintf("由 $(x^n)'=nx^{n-1}$ 和求导的和差法则逐项求导：$f'(x)=%s$。", poly(d, "x")))
	}, func(it curriculum.Item) error {
		f, err := fnOf(it.Stem)
		if err != nil {
			return err
		}
		for x := int64(-2); x <= 2; x++ {
			s, err := slopeAt(f, "x", rat(x))
			if err != nil {
				return err
			}
			got, err := algAt(it.Answer, "x", rat(x))
			if err != nil {
				return err
			}
			if !near(s, got) {
				return fmt.Errorf("f'(%d): answer gives %s, difference quotient %s", x, got.RatString(), s.FloatString(6))
			}
		}
		return nil
	}),
	tpl("math.g11.composite_derivative.t1", kpg(11, "composite_derivative"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, n := nonZero(r, -3, 3), pick(r, -4, 4), pick(r, 2, 4)
		x0 := pick(r, -2, 2)
		inner := a*x0 + b
		p, _ := ratPow(rat(inner), rat(n-1))
		v := mulR(rat(n*a), p)
		stem := fmt.Sprintf("已知 $f(x)=(%s)^{%d}$，则 $f'(%d)=$____。", linEq(a, b), n, x0)
		return fill(stem, v, fmt.Sprintf("令 $u=%s$，$f'(x)=%d u^{%d}\\cdot u'=%d(%s)^{%d}\\cdot%s$。当 $x=%d$ 时 $u=%d$，$f'(%d)=%s$。别漏乘内层导数 $%d$。", linEq(a, b), n, n-1, n, linEq(a, b), n-1, pari(a), x0, inner, x0, texFrac(v), a))
	}, numCheck(func(stem string, ans *big.Rat) error {
		f, err := fnOf(stem)
		if err != nil {
			return err
		}
		g := regexp.MustCompile(`f'\((-?\d+)\)`).FindStringSubmatch(stem)
		a, _ := strconv.ParseInt(g[1], 10, 64)
		s, err := slopeAt(f, "x", rat(a))
		if err != nil {
			return err
		}
		if !near(s, ans) {
			return fmt.Errorf("difference quotient %s is far from %s", s.FloatString(6), ans.RatString())
		}
		return nil
	})),
	tpl("math.g11.tangent_line.t1", kpg(11, "tangent_line"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		c := cubic(r)
		a := pick(r, -2, 2)
		d := deriv(c)
		k, y0 := polyAt(d, rat(a)), polyAt(c, rat(a))
		b := subR(y0, mulR(k, rat(a)))
		stem := fmt.Sprintf("曲线 $f(x)=%s$ 在点 $(%d,%s)$ 处的切线在 $y$ 轴上的截距是____。", poly(c, "x"), a, texFrac(y0))
		return fill(stem, b, fmt.Sprintf("$f'(x)=%s$，切线斜率 $k=f'(%d)=%s$，切线方程为 $%s$。令 $x=0$ 得截距 $%s$。", poly(d, "x"), a, texFrac(k), pointSlope(k, rat(a), y0), texFrac(b)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		f, err := fnOf(stem)
		if err != nil {
			return err
		}
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 1 {
			return fmt.Errorf("stem point: %v", err)
		}
		a := pts[0][0]
		y0, err := algAt(f, "x", a)
		if err != nil || y0.Cmp(pts[0][1]) != 0 {
			return fmt.Errorf("the point is not on the curve")
		}
		k, err := slopeAt(f, "x", a)
		if err != nil {
			return err
		}
		if !near(subR(y0, mulR(k, a)), ans) {
			return fmt.Errorf("intercept from the difference quotient differs")
		}
		return nil
	})),
	tpl("math.g11.derivative_monotonic.t1", kpg(11, "derivative_monotonic"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		// f'(x) = 3(x-p)(x-q): f = x³ - 3(p+q)/2 x² + 3pq x + c, with p+q even
		p := pick(r, -4, 3)
		q := p + 2*pick(r, 1, 3)
		c := []int64{pick(r, -5, 5), 3 * p * q, -3 * (p + q) / 2, 1}
		stem := fmt.Sprintf("函数 $f(x)=%s$ 的单调递减区间为 $(m,n)$，则 $n-m=$____。", poly(c, "x"))
		return fill(stem, rat(q-p), fmt.Sprintf("$f'(x)=%s=3(x%s)(x%s)$，令 $f'(x)<0$ 得 $%d<x<%d$，递减区间为 $(%d,%d)$，$n-m=%d$。", poly(deriv(c), "x"), signedOrEmpty(-p), signedOrEmpty(-q), p, q, p, q, q-p))
	}, numCheck(func(stem string, ans *big.Rat) error {
		f, err := fnOf(stem)
		if err != nil {
			return err
		}
		// find where the difference quotient changes sign on a grid of 1/2
		var crit []*big.Rat
		for i := int64(-30); i <= 30; i++ {
			x := frac(i, 2)
			s, err := slopeAt(f, "x", x)
			if err != nil {
				return err
			}
			if near(s, new(big.Rat)) {
				crit = append(crit, x)
			}
		}
		if len(crit) != 2 {
			return fmt.Errorf("found %d critical points", len(crit))
		}
		mid := quoR(sumR(crit[0], crit[1]), rat(2))
		if s, _ := slopeAt(f, "x", mid); s.Sign() >= 0 {
			return fmt.Errorf("f is not decreasing between the critical points")
		}
		return expect(ans, subR(crit[1], crit[0]), "distance between the critical points")
	})),
	tpl("math.g11.extrema.t1", kpg(11, "extrema"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, k := pick(r, 1, 3), pick(r, -6, 6)
		c := []int64{k, -3 * a * a, 0, 1}
		which := oneOf(r, "极大值", "极小值")
		x0 := -a
		if which == "极小值" {
			x0 = a
		}
		v := polyAt(c, rat(x0))
		stem := fmt.Sprintf("函数 $f(x)=%s$ 的%s是____。", poly(c, "x"), which)
		return fill(stem, v, fmt.Sprintf("$f'(x)=3x^2-%d=3(x+%d)(x-%d)$。$x<-%d$ 时 $f'>0$，$-%d<x<%d$ 时 $f'<0$，$x>%d$ 时 $f'>0$，所以 $x=-%d$ 处取极大值 $%d$，$x=%d$ 处取极小值 $%d$。答案是 $%s$。", 3*a*a, a, a, a, a, a, a, a, polyAt(c, rat(-a)).Num().Int64(), a, polyAt(c, rat(a)).Num().Int64(), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		f, err := fnOf(stem)
		if err != nil {
			return err
		}
		// scan integer points for a local extremum of the right kind
		maxi := strings.Contains(stem, "极大值")
		for x := int64(-10); x <= 10; x++ {
			s, err := slopeAt(f, "x", rat(x))
			if err != nil {
				return err
			}
			if !near(s, new(big.Rat)) {
				continue
			}
			v, _ := algAt(f, "x", rat(x))
			l, _ := algAt(f, "x", sumR(rat(x), frac(-1, 10)))
			rr, _ := algAt(f, "x", sumR(rat(x), frac(1, 10)))
			if maxi && v.Cmp(l) > 0 && v.Cmp(rr) > 0 || !maxi && v.Cmp(l) < 0 && v.Cmp(rr) < 0 {
				return expect(ans, v, "value at the turning point")
			}
		}
		return fmt.Errorf("no extremum found")
	})),
	tpl("math.g11.counting_principles.t1", kpg(11, "counting_principles"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n, m := pick(r, 2, 4), pick(r, 2, 5)
		v, _ := ratPow(rat(m), rat(n))
		stem := fmt.Sprintf("$%d$ 名同学各自报名参加 $%d$ 个兴趣小组中的一个（每人限报一个），不同的报名方法共有____种。", n, m)
		return fill(stem, v, fmt.Sprintf("分 $%d$ 步完成，每名同学都有 $%d$ 种选择，由分步乘法计数原理共有 $%d^{%d}=%s$ 种。注意底数是每人的选择数，不是 $%d^{%d}$。", n, m, m, n, texFrac(v), n, m))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		n, m := v[0], v[1]
		// enumerate all choice tuples as base-m numbers
		count := int64(0)
		for code := int64(0); ; code++ {
			t := code
			for i := int64(0); i < n; i++ {
				t /= m
			}
			if t > 0 { // code needs more than n base-m digits
				break
			}
			count++
		}
		return expect(ans, rat(count), "listing every choice tuple")
	})),
	tpl("math.g11.permutation.t1", kpg(11, "permutation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 4, 6)
		fact := func(k int64) int64 {
			f := int64(1)
			for i := int64(2); i <= k; i++ {
				f *= i
			}
			return f
		}
		if r.IntN(2) == 0 {
			v := 2 * fact(n-1)
			stem := fmt.Sprintf("$%d$ 名同学站成一排照相，其中甲、乙两人必须相邻，不同的站法共有____种。", n)
			return fill(stem, rat(v), fmt.Sprintf("捆绑法：把甲、乙看成一个整体，与其余 $%d$ 人共 $%d$ 个元素全排列，有 $A_{%d}^{%d}=%d$ 种；甲、乙内部还有 $2$ 种顺序，共 $%d$ 种。", n-2, n-1, n-1, n-1, fact(n-1), v))
		}
		v := fact(n-2) * (n - 1) * (n - 2)
		stem := fmt.Sprintf("$%d$ 名同学站成一排照相，其中甲、乙两人不相邻，不同的站法共有____种。", n)
		return fill(stem, rat(v), fmt.Sprintf("插空法：先排其余 $%d$ 人，有 $%d$ 种；他们之间及两端形成 $%d$ 个空位，甲、乙插入其中两个，有 $A_{%d}^{2}=%d$ 种，共 $%d$ 种。", n-2, fact(n-2), n-1, n-1, (n-1)*(n-2), v))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		adj := !strings.Contains(stem, "不相邻")
		count := int64(0)
		permutations(int(v[0]), func(p []int) {
			// people 0 and 1 are 甲 and 乙
			pos := [2]int{}
			for i, x := range p {
				if x < 2 {
					pos[x] = i
				}
			}
			d := pos[0] - pos[1]
			if (d == 1 || d == -1) == adj {
				count++
			}
		})
		return expect(ans, rat(count), "listing all line-ups")
	})),
	tpl("math.g11.combination.t1", kpg(11, "combination"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		b, g := pick(r, 3, 6), pick(r, 2, 5)
		k := pick(r, 2, 4)
		v := binom(b+g, k) - binom(b, k)
		stem := fmt.Sprintf("从 $%d$ 名男生和 $%d$ 名女生中选 $%d$ 人参加活动，要求至少有 $1$ 名女生，不同的选法共有____种。", b, g, k)
		return fill(stem, rat(v), fmt.Sprintf("用间接法：从 $%d$ 人中任选 $%d$ 人有 $C_{%d}^{%d}=%d$ 种，其中全是男生的有 $C_{%d}^{%d}=%d$ 种，所以共 $%d-%d=%d$ 种。直接用“先选 1 名女生再任选”会重复计数。", b+g, k, b+g, k, binom(b+g, k), b, k, binom(b, k), binom(b+g, k), binom(b, k), v))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 3)
		if err != nil {
			return err
		}
		b, g, k := int(v[0]), int(v[1]), int(v[2])
		count := int64(0)
		subsets(b+g, k, func(m int) {
			if m>>b != 0 { // bits b.. are the girls
				count++
			}
		})
		return expect(ans, rat(count), "listing all groups")
	})),
	tpl("math.g11.binomial_theorem.t1", kpg(11, "binomial_theorem"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := nonZero(r, -3, 3), nonZero(r, -3, 3)
		n := pick(r, 3, 7)
		k := pick(r, 1, n-1)
		pa, _ := ratPow(rat(a), rat(k))
		pb, _ := ratPow(rat(b), rat(n-k))
		v := mulR(rat(binom(n, k)), pa, pb)
		stem := fmt.Sprintf("$(%s)^{%d}$ 的展开式中 $%s$ 的系数是____。", linEq(a, b), n, mono("x", int(k)))
		return fill(stem, v, fmt.Sprintf("通项 $T_{r+1}=C_{%d}^{r}(%s)^{r}\\cdot%s^{%d-r}$，令 $r=%d$：系数为 $C_{%d}^{%d}\\times%s^{%d}\\times%s^{%d}=%d\\times%s\\times%s=%s$。系数要连同符号一起算。", n, linEq(a, 0), pari(b), n, k, n, k, pari(a), k, pari(b), n-k, binom(n, k), par(pa), par(pb), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		g := regexp.MustCompile(`\(([^)]*)\)\^\{(\d+)\}`).FindStringSubmatch(stem)
		if g == nil {
			return fmt.Errorf("stem prints no power")
		}
		n, _ := strconv.ParseInt(g[2], 10, 64)
		// expand by repeated multiplication of coefficient lists
		b, err := algAt(g[1], "x", rat(0))
		if err != nil {
			return err
		}
		a1, _ := algAt(g[1], "x", rat(1))
		a := subR(a1, b)
		coef := []*big.Rat{rat(1)}
		for i := int64(0); i < n; i++ {
			next := make([]*big.Rat, len(coef)+1)
			for j := range next {
				next[j] = new(big.Rat)
			}
			for j, c := range coef {
				next[j].Add(next[j], mulR(c, b))
				next[j+1].Add(next[j+1], mulR(c, a))
			}
			coef = next
		}
		k := int64(1)
		if m := regexp.MustCompile(`中 \$x\^(\d+)\$`).FindStringSubmatch(stem); m != nil {
			k, _ = strconv.ParseInt(m[1], 10, 64)
		}
		return expect(ans, coef[k], "expanding the power")
	})),
	tpl("math.g11.conditional_probability.t1", kpg(11, "conditional_probability"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		red, white := pick(r, 2, 6), pick(r, 2, 6)
		n := red + white
		v := frac(red-1, n-1)
		stem := fmt.Sprintf("袋中有 $%d$ 个红球、$%d$ 个白球，不放回地依次摸出 $2$ 个球。在第一次摸到红球的条件下，第二次也摸到红球的概率是____。", red, white)
		return fillFrac(stem, v, fmt.Sprintf("设 $A$=“第一次红”，$B$=“第二次红”，$P(A)=\\frac{%d}{%d}$，$P(AB)=\\frac{%d\\times%d}{%d\\times%d}$，$P(B|A)=\\frac{P(AB)}{P(A)}=%s$。也可以直接在缩小的样本空间里算：剩下 $%d$ 个球中有 $%d$ 个红球。", red, n, red, red-1, n, n-1, texFrac(v), n-1, red-1))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		red, n := int(v[0]), int(v[0]+v[1])
		var a, ab int64
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i == j || i >= red {
					continue
				}
				a++
				if j < red {
					ab++
				}
			}
		}
		return expect(ans, frac(ab, a), "counting ordered draws")
	})),
	tpl("math.g11.total_probability.t1", kpg(11, "total_probability"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		s1 := pick(r, 2, 8) * 10
		d1, d2 := pick(r, 1, 5), pick(r, 1, 5)
		p1, p2 := frac(s1, 100), frac(100-s1, 100)
		v := sumR(mulR(p1, frac(d1, 100)), mulR(p2, frac(d2, 100)))
		stem := fmt.Sprintf("某产品由甲、乙两厂生产，甲厂产量占 $%d\\%%$，乙厂占 $%d\\%%$；甲厂的次品率为 $%d\\%%$，乙厂为 $%d\\%%$。从中任取一件，它是次品的概率是____。", s1, 100-s1, d1, d2)
		return fill(stem, v, fmt.Sprintf("由全概率公式，$P(B)=P(A_1)P(B|A_1)+P(A_2)P(B|A_2)=%s\\times%s+%s\\times%s=%s$。", decStr(p1), decStr(frac(d1, 100)), decStr(p2), decStr(frac(d2, 100)), decStr(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := segmentValues(stem)
		if err != nil {
			return err
		}
		// complement route: 1 - P(good) with P(good) = Σ share·(1 - defect rate)
		good := sumR(mulR(v[0], subR(rat(1), v[2])), mulR(v[1], subR(rat(1), v[3])))
		return expect(ans, subR(rat(1), good), "1 - P(not defective)")
	})),
	tpl("math.g11.expectation_variance.t1", kpg(11, "expectation_variance", "discrete_distribution"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		xs := []int64{pick(r, -2, 0), pick(r, 1, 2), pick(r, 3, 5)}
		ws := []int64{pick(r, 1, 4), pick(r, 1, 4), pick(r, 1, 4)}
		tot := ws[0] + ws[1] + ws[2]
		e := new(big.Rat)
		var cells []string
		for i := range xs {
			e.Add(e, mulR(rat(xs[i]), frac(ws[i], tot)))
			cells = append(cells, fmt.Sprintf("$P(X=%d)=%s$", xs[i], texFrac(frac(ws[i], tot))))
		}
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("离散型随机变量 $X$ 的分布列为：%s，则 $E(X)=$____。", strings.Join(cells, "，"))
			var parts []string
			for i := range xs {
				parts = append(parts, pari(xs[i])+`\times`+texFrac(frac(ws[i], tot)))
			}
			return fillFrac(stem, e, fmt.Sprintf("先检查概率之和为 1。$E(X)=\\sum x_ip_i=%s=%s$。", strings.Join(parts, "+"), texFrac(e)))
		}
		a, b := nonZero(r, -3, 3), pick(r, -5, 5)
		d := new(big.Rat)
		for i := range xs {
			dx := subR(rat(xs[i]), e)
			d.Add(d, mulR(dx, dx, frac(ws[i], tot)))
		}
		v := mulR(rat(a*a), d)
		stem := fmt.Sprintf("离散型随机变量 $X$ 的分布列为：%s，则 $D(%s)=$____。", strings.Join(cells, "，"), poly([]int64{b, a}, "X"))
		return fillFrac(stem, v, fmt.Sprintf("$E(X)=%s$，$D(X)=\\sum(x_i-E(X))^2p_i=%s$，$D(aX+b)=a^2D(X)=%d\\times%s=%s$。加上常数不改变方差。", texFrac(e), texFrac(d), a*a, texFrac(d), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		g := regexp.MustCompile(`P\(X=(-?\d+)\)=(\\frac\{\d+\}\{\d+\}|\d+)`).FindAllStringSubmatch(stem, -1)
		var xs, ps []*big.Rat
		total := new(big.Rat)
		for _, m := range g {
			x, _ := new(big.Rat).SetString(m[1])
			p, err := evalAlg(m[2], nil)
			if err != nil {
				return err
			}
			xs, ps = append(xs, x), append(ps, p)
			total.Add(total, p)
		}
		if total.Cmp(rat(1)) != 0 {
			return fmt.Errorf("probabilities add up to %s", total.RatString())
		}
		ex, ex2 := new(big.Rat), new(big.Rat)
		for i := range xs {
			ex.Add(ex, mulR(xs[i], ps[i]))
			ex2.Add(ex2, mulR(xs[i], xs[i], ps[i]))
		}
		if strings.Contains(stem, "E(X)=$") {
			return expect(ans, ex, "Σ x p")
		}
		// D(Y) for Y = aX+b computed directly from Y's values: E(Y²)-E(Y)²
		seg, err := segWith(stem, "D(")
		if err != nil {
			return err
		}
		y := strings.TrimSuffix(strings.TrimPrefix(seg, "D("), ")=")
		ey, ey2 := new(big.Rat), new(big.Rat)
		for i := range xs {
			yv, err := evalAlg(y, map[string]*big.Rat{"X": xs[i]})
			if err != nil {
				return err
			}
			ey.Add(ey, mulR(yv, ps[i]))
			ey2.Add(ey2, mulR(yv, yv, ps[i]))
		}
		return expect(ans, subR(ey2, mulR(ey, ey)), "E(Y²) - E(Y)²")
	})),
	tpl("math.g11.binomial_distribution.t1", kpg(11, "binomial_distribution"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := pick(r, 3, 5)
		p := oneOf(r, frac(1, 2), frac(1, 3), frac(2, 3), frac(1, 4), frac(3, 4))
		if r.IntN(2) == 0 {
			k := pick(r, 1, n-1)
			pk, _ := ratPow(p, rat(k))
			qk, _ := ratPow(subR(rat(1), p), rat(n-k))
			v := mulR(rat(binom(n, k)), pk, qk)
			stem := fmt.Sprintf("某射手每次射击命中的概率为 $%s$，各次射击相互独立。他射击 $%d$ 次，恰好命中 $%d$ 次的概率是____。", texFrac(p), n, k)
			return fillFrac(stem, v, fmt.Sprintf("命中次数 $X\\sim B(%d,%s)$，$P(X=%d)=C_{%d}^{%d}(%s)^{%d}(%s)^{%d}=%s$。不要漏掉组合数 $C_{%d}^{%d}$。", n, texFrac(p), k, n, k, texFrac(p), k, texFrac(subR(rat(1), p)), n-k, texFrac(v), n, k))
		}
		v := mulR(rat(n), p, subR(rat(1), p))
		stem := fmt.Sprintf("某射手每次射击命中的概率为 $%s$，各次射击相互独立。他射击 $%d$ 次，命中次数 $X$ 的方差 $D(X)=$____。", texFrac(p), n)
		return fillFrac(stem, v, fmt.Sprintf("$X\\sim B(%d,%s)$，$D(X)=np(1-p)=%d\\times%s\\times%s=%s$。", n, texFrac(p), n, texFrac(p), texFrac(subR(rat(1), p)), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		vals := make([]*big.Rat, 3)
		for i := range vals {
			v, err := evalAlg(segs[i], nil)
			if err != nil && i < 2 {
				return err
			}
			vals[i] = v
		}
		p, n := vals[0], vals[1].Num().Int64()
		// enumerate all 2^n hit/miss sequences
		dist := make([]*big.Rat, n+1)
		for i := range dist {
			dist[i] = new(big.Rat)
		}
		for m := 0; m < 1<<n; m++ {
			pr := rat(1)
			for i := int64(0); i < n; i++ {
				if m>>i&1 == 1 {
					pr = mulR(pr, p)
				} else {
					pr = mulR(pr, subR(rat(1), p))
				}
			}
			dist[popcount(m)].Add(dist[popcount(m)], pr)
		}
		if strings.Contains(stem, "恰好") {
			return expect(ans, dist[vals[2].Num().Int64()], "enumerating the sequences")
		}
		ex, ex2 := new(big.Rat), new(big.Rat)
		for k, pr := range dist {
			ex.Add(ex, mulR(rat(int64(k)), pr))
			ex2.Add(ex2, mulR(rat(int64(k*k)), pr))
		}
		return expect(ans, subR(ex2, mulR(ex, ex)), "variance of the enumerated distribution")
	})),
	tpl("math.g11.hypergeometric.t1", kpg(11, "hypergeometric"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		nn, m := pick(r, 6, 10), pick(r, 2, 4)
		n := pick(r, 2, 4)
		k := pick(r, 1, min(m, n))
		v := frac(binom(m, k)*binom(nn-m, n-k), binom(nn, n))
		stem := fmt.Sprintf("$%d$ 件产品中有 $%d$ 件次品，从中不放回地任取 $%d$ 件，恰好取到 $%d$ 件次品的概率是____。", nn, m, n, k)
		return fillFrac(stem, v, fmt.Sprintf("次品数 $X$ 服从超几何分布，$P(X=%d)=\\frac{C_{%d}^{%d}C_{%d}^{%d}}{C_{%d}^{%d}}=\\frac{%d\\times%d}{%d}=%s$。", k, m, k, nn-m, n-k, nn, n, binom(m, k), binom(nn-m, n-k), binom(nn, n), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 4)
		if err != nil {
			return err
		}
		nn, m, n, k := int(v[0]), int(v[1]), int(v[2]), v[3]
		var hit, all int64
		subsets(nn, n, func(mask int) {
			all++
			if int64(popcount(mask&(1<<m-1))) == k { // items 0..m-1 are defective
				hit++
			}
		})
		return expect(ans, frac(hit, all), "listing all samples")
	})),
	tpl("math.g11.linear_regression.t1", kpg(11, "linear_regression"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		xs := []int64{1, 2, 3, 4, 5}
		b0, a0 := pick(r, 1, 4), pick(r, 0, 6)
		ys := make([]int64, 5)
		for i, x := range xs {
			ys[i] = a0 + b0*x + pick(r, -2, 2)
		}
		var sxy, sxx, sy int64
		for i, x := range xs {
			sxy += (x - 3) * ys[i]
			sxx += (x - 3) * (x - 3)
			sy += ys[i]
		}
		bh := frac(sxy, sxx)
		ybar := frac(sy, 5)
		ah := subR(ybar, mulR(bh, rat(3)))
		var pairs []string
		for i := range xs {
			pairs = append(pairs, fmt.Sprintf("(%d,%d)", xs[i], ys[i]))
		}
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("根据样本数据 $%s$，用最小二乘法求得经验回归方程 $\\hat y=\\hat bx+\\hat a$，则 $\\hat b=$____。", strings.Join(pairs, ",\\ "))
			return fillFrac(stem, bh, fmt.Sprintf("$\\bar x=3$，$\\bar y=%s$，$\\hat b=\\frac{\\sum(x_i-\\bar x)(y_i-\\bar y)}{\\sum(x_i-\\bar x)^2}=\\frac{%d}{%d}=%s$。", texFrac(ybar), sxy, sxx, texFrac(bh)))
		}
		stem := fmt.Sprintf("根据样本数据 $%s$，用最小二乘法求得经验回归方程 $\\hat y=\\hat bx+\\hat a$，则 $\\hat a=$____。", strings.Join(pairs, ",\\ "))
		return fillFrac(stem, ah, fmt.Sprintf("$\\bar x=3$，$\\bar y=%s$，$\\hat b=\\frac{%d}{%d}=%s$，回归直线过样本中心 $(\\bar x,\\bar y)$，所以 $\\hat a=\\bar y-\\hat b\\bar x=%s$。", texFrac(ybar), sxy, sxx, texFrac(bh), texFrac(ah)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 5 {
			return fmt.Errorf("stem points: %v", err)
		}
		// solve the normal equations Σ(y - a - bx) = 0, Σx(y - a - bx) = 0
		var n, sx, sy, sxx, sxy = rat(int64(len(pts))), new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat)
		for _, p := range pts {
			sx.Add(sx, p[0])
			sy.Add(sy, p[1])
			sxx.Add(sxx, mulR(p[0], p[0]))
			sxy.Add(sxy, mulR(p[0], p[1]))
		}
		det := subR(mulR(n, sxx), mulR(sx, sx))
		b := quoR(subR(mulR(n, sxy), mulR(sx, sy)), det)
		a := quoR(subR(mulR(sxx, sy), mulR(sx, sxy)), det)
		if strings.Contains(stem, `\hat b=$____`) {
			return expect(ans, b, "normal equations")
		}
		return expect(ans, a, "normal equations")
	})),
	tpl("math.g11.independence_test.t1", kpg(11, "independence_test"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b, c, d := pick(r, 10, 40), pick(r, 10, 40), pick(r, 10, 40), pick(r, 10, 40)
		n := a + b + c + d
		chi := frac(n*(a*d-b*c)*(a*d-b*c), (a+b)*(c+d)*(a+c)*(b+d))
		stem := fmt.Sprintf("调查性别与是否喜欢某项运动的关系，得到 $2\\times2$ 列联表：男生中喜欢 $%d$ 人、不喜欢 $%d$ 人；女生中喜欢 $%d$ 人、不喜欢 $%d$ 人。计算 $\\chi^2$ 的值（精确到 $0.01$）为____。", a, b, c, d)
		it := fill(stem, roundTo2(chi), fmt.Sprintf("$n=%d$，$\\chi^2=\\frac{n(ad-bc)^2}{(a+b)(c+d)(a+c)(b+d)}=\\frac{%d\\times(%d)^2}{%d\\times%d\\times%d\\times%d}\\approx%s$。再与临界值（如 $\\alpha=0.05$ 时的 $3.841$）比较作出推断。", n, n, a*d-b*c, a+b, c+d, a+c, b+d, chi.FloatString(2)))
		it.Check.Tolerance = "0.01"
		return it
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 6)
		if err != nil {
			return err
		}
		o := [2][2]int64{{v[2], v[3]}, {v[4], v[5]}}
		n := rat(v[2] + v[3] + v[4] + v[5])
		// Pearson's Σ (O-E)²/E with E = row·column/n
		chi := new(big.Rat)
		for i := 0; i < 2; i++ {
			for j := 0; j < 2; j++ {
				e := quoR(mulR(rat(o[i][0]+o[i][1]), rat(o[0][j]+o[1][j])), n)
				diff := subR(rat(o[i][j]), e)
				chi.Add(chi, quoR(mulR(diff, diff), e))
			}
		}
		if d := subR(ans, chi); d.Abs(d).Cmp(frac(1, 200)) > 0 {
			return fmt.Errorf("χ² by Σ (O-E)²/E is %s, answer %s is not it to two places", chi.FloatString(4), ans.RatString())
		}
		return nil
	})),
}

// roundTo2 rounds x to two decimal places.
func roundTo2(x *big.Rat) *big.Rat {
	v, _ := new(big.Rat).SetString(x.FloatString(2))
	return v
}

// secExtra holds templates for points whose first templates above do not
// reach: estimating roots, isosceles angles, polygons and tangents, sets,
// piecewise functions and sinusoid periods.
var secExtra = []curriculum.Template{
	tpl("math.g7.real_numbers.t1", kpg(7, "real_numbers"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		k := pick(r, 2, 12)
		n := pick(r, k*k+1, (k+1)*(k+1)-1)
		stem := fmt.Sprintf("$\\sqrt{%d}$ 的整数部分是____。", n)
		return fill(stem, rat(k), fmt.Sprintf("用相邻的平方数夹逼：$%d^2=%d<%d<%d=%d^2$，所以 $%d<\\sqrt{%d}<%d$，整数部分是 $%d$。$\\sqrt{%d}$ 是无理数，只能估算。", k, k*k, n, (k+1)*(k+1), k+1, k, n, k+1, k, n))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		// the integer part k is the largest k with k² ≤ n
		k := int64(0)
		for (k+1)*(k+1) <= v[0] {
			k++
		}
		return expect(ans, rat(k), "counting up squares")
	})),
	tpl("math.g8.isosceles_triangle.t1", kpg(8, "isosceles_triangle"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		if r.IntN(2) == 0 {
			top := 2 * pick(r, 10, 80)
			stem := fmt.Sprintf("等腰三角形的顶角为 $%d^\\circ$，则它的底角为____度。", top)
			return fill(stem, rat((180-top)/2), fmt.Sprintf("等腰三角形两底角相等：$\\frac{180^\\circ-%d^\\circ}{2}=%d^\\circ$。", top, (180-top)/2))
		}
		base := pick(r, 20, 85)
		stem := fmt.Sprintf("等腰三角形的一个底角为 $%d^\\circ$，则它的顶角为____度。", base)
		return fill(stem, rat(180-2*base), fmt.Sprintf("两个底角都是 $%d^\\circ$，顶角 $=180^\\circ-2\\times%d^\\circ=%d^\\circ$。", base, base, 180-2*base))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		g := rat(v[0])
		if strings.Contains(stem, "顶角为 $") {
			return expect(rat(180), sumR(g, ans, ans), "top + two equal base angles")
		}
		return expect(rat(180), sumR(g, g, ans), "top + two equal base angles")
	})),
	tpl("math.g9.regular_polygon.t1", kpg(9, "regular_polygon"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		n := oneOf[int64](r, 3, 4, 5, 6, 8, 9, 10, 12, 15, 18, 20)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("正 $%d$ 边形的中心角是____度。", n)
			return fill(stem, frac(360, n), fmt.Sprintf("正 $n$ 边形的 $n$ 个中心角相等且合起来是一个周角：$\\frac{360^\\circ}{%d}=%s^\\circ$。", n, decStr(frac(360, n))))
		}
		stem := fmt.Sprintf("正 $%d$ 边形的每个内角是____度。", n)
		v := frac((n-2)*180, n)
		return fill(stem, v, fmt.Sprintf("内角和为 $(%d-2)\\times180^\\circ=%d^\\circ$，每个内角为 $%d^\\circ\\div%d=%s^\\circ$。也可以用 $180^\\circ$ 减去中心角 $%s^\\circ$。", n, (n-2)*180, (n-2)*180, n, decStr(v), decStr(frac(360, n))))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		// the centre and one side form an isosceles triangle whose base
		// angles are half an interior angle: central + interior = 180°
		central := frac(360, v[0])
		if strings.Contains(stem, "中心角") {
			return expect(rat(360), mulR(ans, rat(v[0])), "n central angles make a full turn")
		}
		return expect(rat(180), sumR(central, ans), "central + interior = 180°")
	})),
	tpl("math.g9.tangent.t1", kpg(9, "tangent"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		rr, pa, op := triple(r, 3)
		stem := fmt.Sprintf("$PA$ 切 $\\odot O$ 于点 $A$，$\\odot O$ 的半径为 $%d$，$OP=%d$，则切线长 $PA=$____。", rr, op)
		return fill(stem, rat(pa), fmt.Sprintf("切线垂直于过切点的半径，$OA\\perp PA$。在 $\\mathrm{Rt}\\triangle OAP$ 中，$PA=\\sqrt{OP^2-OA^2}=\\sqrt{%d-%d}=%d$。", op*op, rr*rr, pa))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		rr, op := rat(v[0]), rat(v[1])
		return expect(mulR(op, op), sumR(mulR(rr, rr), mulR(ans, ans)), "right angle at the point of contact")
	})),
	tpl("math.g10.set_relation.t1", kpg(10, "set_relation"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a := pick(r, -3, 3)
		n := pick(r, 2, 5)
		b := a + n
		proper := r.IntN(2) == 0
		v := int64(1) << n
		word := "子集"
		if proper {
			v--
			word = "真子集"
		}
		stem := fmt.Sprintf("集合 $A=\\{x\\in\\mathbf Z\\mid %d\\le x<%d\\}$ 的%s共有____个。", a, b, word)
		return fill(stem, rat(v), fmt.Sprintf("$A$ 中的整数为 $%d$ 到 $%d$，共 $%d$ 个元素。含 $n$ 个元素的集合有 $2^n$ 个子集，其中真子集要去掉集合本身，所以答案为 $%d$。", a, b-1, n, v))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 2)
		if err != nil {
			return err
		}
		n := int(v[1] - v[0])
		count := int64(0)
		for m := 0; m < 1<<n; m++ { // each bit mask is a subset
			if strings.Contains(stem, "真子集") && m == 1<<n-1 {
				continue
			}
			count++
		}
		return expect(ans, rat(count), "listing the subsets")
	})),
	tpl("math.g10.function_definition.t1", kpg(10, "function_definition"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		c := pick(r, -2, 2)
		p, q := nonZero(r, -3, 3), pick(r, -4, 4)
		s := pick(r, -3, 3)
		a := pick(r, c-4, c+4)
		f := func(x *big.Rat) *big.Rat {
			if x.Cmp(rat(c)) <= 0 {
				return sumR(mulR(x, x), rat(s))
			}
			return sumR(mulR(rat(p), x), rat(q))
		}
		inner := f(rat(a))
		v := f(inner)
		pieces := fmt.Sprintf(`\begin{cases}%s,&x\le %d\\%s,&x>%d\end{cases}`, poly([]int64{s, 0, 1}, "x"), c, linEq(p, q), c)
		stem := fmt.Sprintf("已知 $f(x)=%s$，则 $f(f(%d))=$____。", pieces, a)
		return fillFrac(stem, v, fmt.Sprintf("由内到外求值，每一步先判断自变量在哪一段：$f(%d)=%s$，再求 $f(%s)=%s$。", a, texFrac(inner), texFrac(inner), texFrac(v)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		g := regexp.MustCompile(`\\begin\{cases\}(.*),&x\\le (-?\d+)\\\\(.*),&x>(-?\d+)\\end\{cases\}`).FindStringSubmatch(stem)
		if g == nil {
			return fmt.Errorf("stem prints no piecewise function")
		}
		c, _ := new(big.Rat).SetString(g[2])
		f := func(x *big.Rat) (*big.Rat, error) {
			if x.Cmp(c) <= 0 {
				return algAt(g[1], "x", x)
			}
			return algAt(g[3], "x", x)
		}
		m := regexp.MustCompile(`f\(f\((-?\d+)\)\)`).FindStringSubmatch(stem)
		a, _ := new(big.Rat).SetString(m[1])
		in, err := f(a)
		if err != nil {
			return err
		}
		out, err := f(in)
		if err != nil {
			return err
		}
		return expect(ans, out, "evaluating the printed pieces")
	})),
	tpl("math.g10.sinusoid.t1", kpg(10, "sinusoid"), curriculum.FillExpr, func(r *rand.Rand) curriculum.Item {
		w := oneOf(r, rat(1), rat(2), rat(3), rat(4), frac(1, 2), frac(1, 3), frac(2, 3))
		a := pick(r, 1, 5)
		phi := oneOf(r, `\frac{\pi}{3}`, `\frac{\pi}{6}`, `\frac{\pi}{4}`, `-\frac{\pi}{3}`, `-\frac{\pi}{6}`)
		wx := texFrac(w) + "x"
		if w.Cmp(rat(1)) == 0 {
			wx = "x"
		}
		sign := "+"
		if strings.HasPrefix(phi, "-") {
			sign = ""
		}
		t := quoR(rat(2), w)
		stem := fmt.Sprintf("函数 $y=%d\\sin(%s%s%s)$ 的最小正周期是____。", a, wx, sign, phi)
		return exprItem(stem, piText(t), fmt.Sprintf("$T=\\frac{2\\pi}{|\\omega|}$，这里 $\\omega=%s$，所以 $T=%s$。振幅 $%d$ 和初相不影响周期。", texFrac(w), piTeX(t), a))
	}, func(it curriculum.Item) error {
		k, err := piCoef(it.Answer)
		if err != nil {
			return err
		}
		g := regexp.MustCompile(`\\sin\(((?:\\frac\{\d+\}\{\d+\})|\d*)x`).FindStringSubmatch(it.Stem)
		if g == nil {
			return fmt.Errorf("stem prints no sine")
		}
		w := rat(1)
		if g[1] != "" {
			if w, err = evalAlg(g[1], nil); err != nil {
				return err
			}
		}
		// shifting x by the period must advance the phase by exactly 2π
		return expect(rat(2), mulR(w, k), "ω·T = 2π")
	}),
}

// secCoords holds templates on the number line, coordinates and the
// transformations of points, plus a few single-formula points.
var secCoords = []curriculum.Template{
	tpl("math.g7.number_line.t1", kpg(7, "number_line"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		a, b := smallFrac(r, 9), smallFrac(r, 9)
		for a.Cmp(b) == 0 {
			b = smallFrac(r, 9)
		}
		d := new(big.Rat).Abs(subR(a, b))
		stem := fmt.Sprintf("数轴上点 $A$ 表示 $%s$，点 $B$ 表示 $%s$，则 $A$、$B$ 两点之间的距离是____。", texFrac(a), texFrac(b))
		return fillFrac(stem, d, fmt.Sprintf("两点间的距离等于右边的数减去左边的数，也就是差的绝对值：$|%s-%s|=%s$。", texFrac(a), par(b), texFrac(d)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := segmentValues(strings.NewReplacer("$A$", "", "$B$", "").Replace(stem))
		if err != nil {
			return err
		}
		// walk from the smaller point to the larger one
		lo, hi := v[0], v[1]
		if lo.Cmp(hi) > 0 {
			lo, hi = hi, lo
		}
		return expect(ans, subR(hi, lo), "walking from left to right")
	})),
	tpl("math.g7.rational_compare.t1", kpg(7, "rational_compare"), curriculum.SingleChoice, func(r *rand.Rand) curriculum.Item {
		seen := map[string]bool{}
		var vals []*big.Rat
		for len(vals) < 4 {
			v := big.NewRat(-pick(r, 1, 9), oneOf[int64](r, 1, 2, 3, 4, 5))
			if r.IntN(4) == 0 {
				v.Neg(v)
			}
			if !seen[v.RatString()] {
				seen[v.RatString()] = true
				vals = append(vals, v)
			}
		}
		word, pickMin := oneOf(r, "最小", "最大"), true
		if word == "最大" {
			pickMin = false
		}
		best := vals[0]
		for _, v := range vals[1:] {
			if (v.Cmp(best) < 0) == pickMin {
				best = v
			}
		}
		var wrong []string
		for _, v := range vals {
			if v != best {
				wrong = append(wrong, "$"+texFrac(v)+"$")
			}
		}
		return choice(r, fmt.Sprintf("下列各数中%s的是（　）", word), "$"+texFrac(best)+"$", wrong, fmt.Sprintf("正数大于负数；两个负数比较，绝对值大的反而小。把各数化成小数或通分后比较，%s的是 $%s$。", word, texFrac(best)))
	}, func(it curriculum.Item) error {
		right, err := chosen(it)
		if err != nil {
			return err
		}
		rv, err := evalAlg(strings.Trim(right, "$"), nil)
		if err != nil {
			return err
		}
		for _, o := range it.Options {
			v, err := evalAlg(strings.Trim(o, "$"), nil)
			if err != nil {
				return err
			}
			// on the number line the answer lies left (right) of every option
			if c := v.Cmp(rv); strings.Contains(it.Stem, "最小") && c < 0 || strings.Contains(it.Stem, "最大") && c > 0 {
				return fmt.Errorf("%s beats the answer %s", o, right)
			}
		}
		return nil
	}),
	tpl("math.g7.equation_property.t1", kpg(7, "equation_property"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x0, a, b := nonZero(r, -5, 5), nonZero(r, -6, 6), pick(r, -9, 9)
		c := pick(r, -9, 9)
		m := c - a*x0 - b*x0 // a x + m + b x = c at x = x0
		stem := fmt.Sprintf("已知 $x=%d$ 是关于 $x$ 的方程 $%s+m=%s$ 的解，则 $m=$____。", x0, linEq(a, 0), linEq(-b, c))
		return fill(stem, rat(m), fmt.Sprintf("方程的解能使两边相等。把 $x=%d$ 代入：$%d\\times%s+m=%d\\times%s%s$，解得 $m=%d$。", x0, a, pari(x0), -b, pari(x0), signedOrEmpty(c), m))
	}, numCheck(func(stem string, ans *big.Rat) error {
		x, err := segWith(stem, "x=")
		if err != nil {
			return err
		}
		_, _, xs, _ := sides(x)
		xv, err := evalAlg(xs, nil)
		if err != nil {
			return err
		}
		eq, err := segWith(stem, "+m=")
		if err != nil {
			return err
		}
		l, _, rr, _ := sides(eq)
		lv, err := evalAlg(l, map[string]*big.Rat{"x": xv, "m": ans})
		if err != nil {
			return err
		}
		rv, err := algAt(rr, "x", xv)
		if err != nil {
			return err
		}
		return expect(lv, rv, "substituting x and m")
	})),
	tpl("math.g8.axial_symmetry.t1", kpg(8, "axial_symmetry"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x, y := nonZero(r, -8, 8), nonZero(r, -8, 8)
		axis := oneOf(r, "x", "y")
		qx, qy := x, -y
		if axis == "y" {
			qx, qy = -x, y
		}
		stem := fmt.Sprintf("点 $P(%d,%d)$ 关于 $%s$ 轴的对称点为 $Q(a,b)$，则 $a+b=$____。", x, y, axis)
		rule := "横坐标不变，纵坐标互为相反数"
		if axis == "y" {
			rule = "纵坐标不变，横坐标互为相反数"
		}
		return fill(stem, rat(qx+qy), fmt.Sprintf("关于 $%s$ 轴对称的点%s，所以 $Q(%d,%d)$，$a+b=%d$。", axis, rule, qx, qy, qx+qy))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(strings.Replace(stem, "Q(a,b)", "", 1))
		if err != nil || len(pts) != 1 {
			return fmt.Errorf("stem point: %v", err)
		}
		p := pts[0]
		// the axis is the perpendicular bisector of PQ: Q = 2·foot − P
		foot := []*big.Rat{p[0], rat(0)}
		if strings.Contains(stem, "$y$ 轴") {
			foot = []*big.Rat{rat(0), p[1]}
		}
		qx := subR(mulR(rat(2), foot[0]), p[0])
		qy := subR(mulR(rat(2), foot[1]), p[1])
		return expect(ans, sumR(qx, qy), "reflecting through the foot on the axis")
	})),
	tpl("math.g9.rotation.t1", kpg(9, "rotation", "central_symmetry"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x, y := nonZero(r, -7, 7), nonZero(r, -7, 7)
		turn := oneOf(r, "逆时针旋转 $90^\\circ$", "顺时针旋转 $90^\\circ$", "旋转 $180^\\circ$")
		var qx, qy int64
		rule := ""
		switch turn {
		case "逆时针旋转 $90^\\circ$":
			qx, qy, rule = -y, x, "$(a,b)\\to(-b,a)$"
		case "顺时针旋转 $90^\\circ$":
			qx, qy, rule = y, -x, "$(a,b)\\to(b,-a)$"
		default:
			qx, qy, rule = -x, -y, "$(a,b)\\to(-a,-b)$，即关于原点中心对称"
		}
		ask, v := "横", qx
		if r.IntN(2) == 0 {
			ask, v = "纵", qy
		}
		stem := fmt.Sprintf("把点 $P(%d,%d)$ 绕原点 $O$ %s得到点 $Q$，则点 $Q$ 的%s坐标是____。", x, y, turn, ask)
		return fill(stem, rat(v), fmt.Sprintf("绕原点%s时 %s，所以 $Q(%d,%d)$。可以画图检验：$OQ=OP$，且 $\\angle POQ$ 等于旋转角。", turn, rule, qx, qy))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 1 {
			return fmt.Errorf("stem point: %v", err)
		}
		// rotate by multiplying x+yi by i, -i or -1
		var c, s int64 = -1, 0
		switch {
		case strings.Contains(stem, "逆时针旋转 $90"):
			c, s = 0, 1
		case strings.Contains(stem, "顺时针旋转 $90"):
			c, s = 0, -1
		}
		re, im := cmul(pts[0][0], pts[0][1], rat(c), rat(s))
		if strings.Contains(stem, "横坐标") {
			return expect(ans, re, "multiplying by a unit complex number")
		}
		return expect(ans, im, "multiplying by a unit complex number")
	})),
	tpl("math.g9.homothety.t1", kpg(9, "homothety"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x, y := nonZero(r, -6, 6), nonZero(r, -6, 6)
		k := oneOf(r, rat(2), rat(3), frac(1, 2), frac(3, 2))
		side := oneOf(r, "同侧", "异侧")
		kk := new(big.Rat).Set(k)
		if side == "异侧" {
			kk.Neg(kk)
		}
		qx := mulR(kk, rat(x))
		stem := fmt.Sprintf("以原点 $O$ 为位似中心，把 $\\triangle ABC$ 按相似比 $%s$ 变换得到 $\\triangle A'B'C'$，且两个三角形位于位似中心的%s。若 $A(%d,%d)$，则 $A'$ 的横坐标是____。", texFrac(k), side, x, y)
		return fillFrac(stem, qx, fmt.Sprintf("以原点为位似中心、相似比为 $k$ 时，对应点坐标乘 $k$（同侧）或 $-k$（异侧）。这里乘 $%s$，$A'(%s,%s)$。", texFrac(kk), texFrac(qx), texFrac(mulR(kk, rat(y)))))
	}, numCheck(func(stem string, ans *big.Rat) error {
		pts, err := pointsIn(stem)
		if err != nil || len(pts) != 1 {
			return fmt.Errorf("stem point: %v", err)
		}
		g := regexp.MustCompile(`相似比 \$([^$]+)\$`).FindStringSubmatch(stem)
		if g == nil {
			return fmt.Errorf("stem gives no ratio")
		}
		k, err := evalAlg(g[1], nil)
		if err != nil {
			return err
		}
		// A' lies on line OA with OA' = k·OA: A' = t·A, |t| = k, sign by side
		t := quoR(ans, pts[0][0])
		if new(big.Rat).Abs(t).Cmp(k) != 0 {
			return fmt.Errorf("OA'/OA = %s, not %s", t.RatString(), k.RatString())
		}
		if (t.Sign() > 0) != strings.Contains(stem, "同侧") {
			return fmt.Errorf("A' is on the wrong side of O")
		}
		return nil
	})),
	tpl("math.g8.square.t1", kpg(8, "square"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := pick(r, 2, 14)
		if r.IntN(2) == 0 {
			stem := fmt.Sprintf("正方形的对角线长为 $%d$，则它的面积是____。", d)
			return fill(stem, frac(d*d, 2), fmt.Sprintf("正方形也是菱形，面积等于两条对角线乘积的一半：$\\frac{%d\\times%d}{2}=%s$。", d, d, decStr(frac(d*d, 2))))
		}
		stem := fmt.Sprintf("正方形的面积为 $%d$，则它的对角线长的平方是____。", d*d)
		return fill(stem, rat(2*d*d), fmt.Sprintf("边长的平方等于面积 $%d$，对角线把正方形分成两个等腰直角三角形，由勾股定理，对角线的平方 $=%d+%d=%d$。", d*d, d*d, d*d, 2*d*d))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		if strings.Contains(stem, "对角线长为") {
			// side² = diagonal²/2 by Pythagoras, area = side²
			return expect(mulR(ans, rat(2)), rat(v[0]*v[0]), "side² + side² = diagonal²")
		}
		return expect(ans, rat(2*v[0]), "side² + side² = diagonal²")
	})),
	tpl("math.g8.parallelogram_props.t1", kpg(8, "parallelogram_props"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		d := 2 * pick(r, 5, 60)
		big := (180 + d) / 2
		stem := fmt.Sprintf("在 $\\square ABCD$ 中，$\\angle A-\\angle B=%d^\\circ$，则 $\\angle C=$____度。", d)
		return fill(stem, rat(big), fmt.Sprintf("平行四边形邻角互补：$\\angle A+\\angle B=180^\\circ$，又 $\\angle A-\\angle B=%d^\\circ$，得 $\\angle A=%d^\\circ$；对角相等，$\\angle C=\\angle A=%d^\\circ$。", d, big, big))
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := needSigned(stem, 1)
		if err != nil {
			return err
		}
		// angles A, B, C, D = C, 180-C, C, 180-C must differ by the given amount
		b := subR(rat(180), ans)
		if sumR(ans, b, ans, b).Cmp(rat(360)) != 0 {
			return fmt.Errorf("angles do not add to 360°")
		}
		return expect(rat(v[0]), subR(ans, b), "A − B")
	})),
	tpl("math.g11.normal_distribution.t1", kpg(11, "normal_distribution"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		mu, a := pick(r, 60, 100), pick(r, 2, 15)
		p := frac(pick(r, 5, 40), 100)
		if r.IntN(2) == 0 {
			v := subR(rat(1), mulR(rat(2), p))
			stem := fmt.Sprintf("已知 $X\\sim N(%d,\\sigma^2)$，$P(X>%d)=%s$，则 $P(%d<X<%d)=$____。", mu, mu+a, decStr(p), mu-a, mu+a)
			return fill(stem, v, fmt.Sprintf("正态曲线关于 $x=%d$ 对称，$P(X<%d)=P(X>%d)=%s$，所以 $P(%d<X<%d)=1-2\\times%s=%s$。", mu, mu-a, mu+a, decStr(p), mu-a, mu+a, decStr(p), decStr(v)))
		}
		stem := fmt.Sprintf("已知 $X\\sim N(%d,\\sigma^2)$，$P(X>%d)=%s$，则 $P(X<%d)=$____。", mu, mu+a, decStr(p), mu-a)
		return fill(stem, p, fmt.Sprintf("$%d$ 与 $%d$ 关于 $x=%d$ 对称，由正态曲线的对称性，$P(X<%d)=P(X>%d)=%s$。", mu-a, mu+a, mu, mu-a, mu+a, decStr(p)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		segs := mathSegments(stem)
		mu := intsSigned("$" + segs[0] + "$")[0]
		g := regexp.MustCompile(`P\(X>(\d+)\)=([0-9.]+)`).FindStringSubmatch(stem)
		hi, _ := strconv.ParseInt(g[1], 10, 64)
		p, _ := new(big.Rat).SetString(g[2])
		lo := 2*mu - hi // mirror image of hi in x = μ
		// total probability splits into left tail, middle and right tail
		if strings.Contains(stem, fmt.Sprintf("P(%d<X<%d)", lo, hi)) {
			return expect(ans, subR(rat(1), sumR(p, p)), "tails + middle = 1")
		}
		if !strings.Contains(stem, fmt.Sprintf("P(X<%d)", lo)) {
			return fmt.Errorf("stem asks about a value that is not the mirror of %d", hi)
		}
		return expect(ans, p, "mirror symmetry about μ")
	})),
}
