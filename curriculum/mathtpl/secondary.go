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

// secondary lists the grade 7-12 templates in curriculum order.
var secondary = slices.Concat(secG7, secG8, secG9, secG10, secG11, secG12)

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
func intsSigned(s string) []int64 {
	var out []int64
	for _, seg := range mathSegments(s) {
		for _, f := range signedRun.FindAllString(seg, -1) {
			n, _ := strconv.ParseInt(f, 10, 64)
			out = append(out, n)
		}
	}
	return out
}

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

// fracItem is a fill_number item whose answer is printed as a fraction.
func fracItem(stem string, ans *big.Rat, expl string) curriculum.Item {
	return fillFrac(stem, ans, expl)
}

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

// want compares a recomputed value with the answer.
func want(ans, got *big.Rat, how string) error { return expect(ans, got, how) }

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
func algCalc(id string, kps []string, draw func(r *rand.Rand) (expr string, val *big.Rat, expl string)) curriculum.Template {
	gen := func(r *rand.Rand) curriculum.Item {
		expr, val, expl := draw(r)
		return fracItem("计算：$"+expr+"$", val, expl)
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
		return want(ans, v, "evaluating the printed expression")
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
		a, p := pick(r, 2, 3), big.NewRat(pick(r, 1, 4), pick(r, 2, 5))
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
		stem := fmt.Sprintf("把 $%s$ 用科学记数法表示为 $a\\times10^{n}$（$1\\le a<10$，$n$ 为整数）。", num)
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
			return want(ans, rat(n), "counting digits")
		}
		return want(ans, a, "dividing by a power of ten")
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
		expl := fmt.Sprintf("把 $x=%s$、$y=%s$ 代入，负数和分数代入时要加括号：各项依次为 $%s$，和为 $%s$。", texFrac(x), texFrac(y), strings.Join(steps, "、"), texFrac(v))
		return fracItem(stem, v, expl)
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
		return want(ans, v, "substituting into the printed expression")
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
		re := regexp.MustCompile(`x\^\{m\+(\d+)\}y\^\{(\d+)\}.*x\^\{(\d+)\}y\^\{n-(\d+)\}`)
		g := re.FindStringSubmatch(stem)
		if g == nil {
			return fmt.Errorf("stem does not print the two monomials")
		}
		v := make([]int64, 4)
		for i := range v {
			v[i], _ = strconv.ParseInt(g[i+1], 10, 64)
		}
		// x exponents: m+p = e1; y exponents: e2 = n-q.
		return want(ans, rat((v[2]-v[0])+(v[1]+v[3])), "matching the exponents")
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
	}, numCheck(func(stem string, ans *big.Rat) error {
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
		return want(ans, v, "evaluating the unsimplified expression")
	})),
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
		return fracItem(stem, t, expl)
	}, numCheck(func(stem string, ans *big.Rat) error {
		v, err := segmentValues(stem)
		if err != nil {
			return err
		}
		if strings.Contains(stem, "相遇") {
			return want(v[0], mulR(ans, sumR(v[1], v[2])), "distance = time × closing speed")
		}
		return want(rat(1), sumR(quoR(ans, v[0]), quoR(ans, v[1])), "work fractions add up to 1")
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
			return want(subR(rat(180), ans), mulR(rat(k[0]), comp), "supplement = k × complement")
		}
		return want(ans, mulR(rat(k[0]), comp), "angle = k × complement")
	})),
	tpl("math.g7.angle.t1", kpg(7, "angle"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		h, m := pick(r, 1, 11), pick(r, 1, 11)*5
		hour := sumR(rat(30*h), frac(m, 2))
		min := rat(6 * m)
		d := subR(hour, min)
		d.Abs(d)
		if d.Cmp(rat(180)) > 0 {
			d = subR(rat(360), d)
		}
		stem := fmt.Sprintf("钟面上 $%d$ 点 $%d$ 分时，时针与分针所成的角（不超过 $180^\\circ$）是____度。", h, m)
		expl := fmt.Sprintf("分针每分钟转 $6^\\circ$，时针每分钟转 $0.5^\\circ$。从 12 点位置算起，分针转过 $%d^\\circ$，时针转过 $30\\times%d+0.5\\times%d=%s^\\circ$，两者相差 $%s^\\circ$。容易忽略时针也在走。", 6*m, h, m, decStr(hour), decStr(d))
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
		return want(ans, best, "placing both hands")
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
			return want(rat(180), sumR(a, ans), "co-interior angles sum to 180°")
		}
		return want(a, ans, "corresponding/alternate angles are equal")
	})),
	tpl("math.g7.square_root.t1", kpg(7, "square_root"), curriculum.FillNumber, func(r *rand.Rand) curriculum.Item {
		x := big.NewRat(pick(r, 1, 15), oneOf[int64](r, 1, 2, 3, 4, 5, 7))
		sq := mulR(x, x)
		if r.IntN(2) == 0 {
			x.Neg(x)
			stem := fmt.Sprintf("若 $x^2=%s$，且 $x<0$，则 $x=$____。", texFrac(sq))
			return fracItem(stem, x, fmt.Sprintf("$%s$ 的平方根是 $\\pm%s$，又 $x<0$，所以 $x=%s$。", texFrac(sq), texFrac(new(big.Rat).Neg(x)), texFrac(x)))
		}
		stem := fmt.Sprintf("$%s$ 的算术平方根是____。", texFrac(sq))
		return fracItem(stem, x, fmt.Sprintf("因为 $(%s)^2=%s$，且算术平方根是非负的那一个，所以答案是 $%s$，不是 $\\pm%s$。", texFrac(x), texFrac(sq), texFrac(x), texFrac(x)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		seg := mathSegments(stem)[0]
		if _, _, rhs, err := sides(seg); err == nil {
			seg = rhs
		}
		sq, err := evalAlg(seg, nil)
		if err != nil {
			return err
		}
		if err := want(sq, mulR(ans, ans), "squaring the answer"); err != nil {
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
		return fracItem(stem, x, fmt.Sprintf("因为 $(%s)^3=%s$，所以 $x=\\sqrt[3]{%s}=%s$。任何数都有唯一的立方根，负数的立方根是负数。", texFrac(x), texFrac(cube), texFrac(cube), texFrac(x)))
	}, numCheck(func(stem string, ans *big.Rat) error {
		_, _, rhs, err := sides(mathSegments(stem)[0])
		if err != nil {
			return err
		}
		c, err := evalAlg(rhs, nil)
		if err != nil {
			return err
		}
		return want(c, mulR(ans, ans, ans), "cubing the answer")
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
		return want(ans, rat(d), "moving the point")
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
			return want(ans, quoR(subR(mulR(a[0], c[1]), mulR(a[1], c[0])), det), "Cramer's rule for y")
		}
		return want(ans, quoR(subR(mulR(c[0], b[1]), mulR(c[1], b[0])), det), "Cramer's rule for x")
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
				return want(ans, rat(x), "trying every split of the boats")
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
		return want(ans, rat(n), "testing every integer from -100 to 100")
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
		return want(rat(v[1]), quoR(mulR(ans, rat(v[0])), rat(360)), "angle/360 × total = part")
	})),
}
var secG8, secG9, secG10, secG11, secG12 []curriculum.Template
