// Package mathtpl holds the parametric maths item templates: Go code that
// draws numbers from a seed, computes the answer exactly with math/big.Rat
// and re-checks it by an independent route. The templates cover the
// computational knowledge points; hand-written items in content/math cover
// the conceptual ones.
package mathtpl

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/zhixi-org/zhixi/curriculum"
)

// All returns every maths template, primary (grades 1-6) then secondary
// (grades 7-12).
func All() []curriculum.Template {
	return append(append([]curriculum.Template{}, primary...), secondary...)
}

// The helpers below are shared by the template files: exact number
// formatting and a small evaluator for the TeX that stems print, which the
// Verify functions use to recompute a stem independently of Generate.

// decStr prints x as an exact decimal ("0.25", "12", "-1.5") when its
// expansion terminates, and as "a/b" otherwise.
func decStr(x *big.Rat) string {
	p := new(big.Rat).Set(x)
	for n := 0; n <= 18; n++ {
		if p.IsInt() {
			return x.FloatString(n)
		}
		p.Mul(p, big.NewRat(10, 1))
	}
	return x.RatString()
}

// texFrac prints x for a stem: integers plain, other values as \frac.
func texFrac(x *big.Rat) string {
	if x.IsInt() {
		return x.Num().String()
	}
	if x.Sign() < 0 {
		return "-" + texFrac(new(big.Rat).Neg(x))
	}
	return fmt.Sprintf(`\frac{%s}{%s}`, x.Num(), x.Denom())
}

// texMixed prints a positive x as a mixed number (2\frac{3}{4}) when it
// exceeds 1 and is not whole.
func texMixed(x *big.Rat) string {
	if x.IsInt() || x.Cmp(big.NewRat(1, 1)) < 0 {
		return texFrac(x)
	}
	whole := new(big.Int).Quo(x.Num(), x.Denom())
	rest := new(big.Rat).Sub(x, new(big.Rat).SetInt(whole))
	return whole.String() + texFrac(rest)
}

// mathSegments returns the contents of the $...$ segments of s in order.
func mathSegments(s string) []string {
	parts := strings.Split(s, "$")
	var segs []string
	for i := 1; i < len(parts); i += 2 {
		segs = append(segs, parts[i])
	}
	return segs
}

// segmentValues evaluates every $...$ segment of s (a trailing "=" is
// ignored), so a Verify can read back the numbers a stem shows.
func segmentValues(s string) ([]*big.Rat, error) {
	var vs []*big.Rat
	for _, seg := range mathSegments(s) {
		v, err := evalTeX(strings.TrimSuffix(strings.TrimSpace(seg), "="), nil)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// evalTeX evaluates the arithmetic TeX that stems use: numbers, decimals,
// \frac{}{} (also after a whole number as a mixed number), + - \times
// \div \cdot : (ratio), ( ) [ ], \% and single-letter variables from vars.
// Multiplication may be implicit (3x, 2(x+1)).
func evalTeX(s string, vars map[string]*big.Rat) (*big.Rat, error) {
	toks, err := lexTeX(s)
	if err != nil {
		return nil, fmt.Errorf("evaluate %q: %w", s, err)
	}
	p := &texParser{toks: toks, vars: vars}
	v, err := p.sum()
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.pos].op)
	}
	if err != nil {
		return nil, fmt.Errorf("evaluate %q: %w", s, err)
	}
	return v, nil
}

type texTok struct {
	op   string   // "num", "var", or the operator / bracket itself
	val  *big.Rat // for num
	name string   // for var
	frac bool     // num came from \frac (may complete a mixed number)
}

var texWords = []struct{ word, op string }{
	{`\times`, "*"}, {`\cdot`, "*"}, {`\div`, "/"}, {`\%`, "%"},
	{`\left`, ""}, {`\right`, ""}, {`\,`, ""}, {`\ `, ""},
}

func lexTeX(s string) ([]texTok, error) {
	var toks []texTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			i++
		case strings.HasPrefix(s[i:], `\frac`):
			num, rest, err := bracedArg(s[i+5:])
			if err != nil {
				return nil, err
			}
			den, rest, err := bracedArg(rest)
			if err != nil {
				return nil, err
			}
			n, err := evalTeX(num, nil)
			if err != nil {
				return nil, err
			}
			d, err := evalTeX(den, nil)
			if err != nil {
				return nil, err
			}
			if d.Sign() == 0 {
				return nil, fmt.Errorf("zero denominator")
			}
			toks = append(toks, texTok{op: "num", val: n.Quo(n, d), frac: true})
			i = len(s) - len(rest)
		case c == '\\':
			found := false
			for _, w := range texWords {
				if strings.HasPrefix(s[i:], w.word) {
					if w.op != "" {
						toks = append(toks, texTok{op: w.op})
					}
					i += len(w.word)
					found = true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("unknown command at %q", s[i:])
			}
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			v, ok := new(big.Rat).SetString(s[i:j])
			if !ok {
				return nil, fmt.Errorf("bad number %q", s[i:j])
			}
			toks = append(toks, texTok{op: "num", val: v})
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			toks = append(toks, texTok{op: "var", name: string(c)})
			i++
		case strings.ContainsRune("+-*/:()[]{}", rune(c)):
			op := string(c)
			switch op {
			case "{":
				op = "("
			case "}":
				op = ")"
			case ":":
				op = "/"
			}
			toks = append(toks, texTok{op: op})
			i++
		default:
			return nil, fmt.Errorf("unexpected character %q", c)
		}
	}
	// A whole number directly followed by a \frac is a mixed number.
	var out []texTok
	for _, t := range toks {
		if t.frac && len(out) > 0 && out[len(out)-1].op == "num" && !out[len(out)-1].frac && out[len(out)-1].val.IsInt() {
			prev := out[len(out)-1]
			out[len(out)-1] = texTok{op: "num", val: new(big.Rat).Add(prev.val, t.val), frac: true}
			continue
		}
		out = append(out, t)
	}
	return out, nil
}

// bracedArg splits "{a}rest" into a and rest, honouring nested braces.
func bracedArg(s string) (arg, rest string, err error) {
	s = strings.TrimLeft(s, " ")
	if !strings.HasPrefix(s, "{") {
		return "", "", fmt.Errorf(`\frac needs {…}{…}`)
	}
	depth := 0
	for i, c := range s {
		switch c {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return s[1:i], s[i+1:], nil
			}
		}
	}
	return "", "", fmt.Errorf("unbalanced braces")
}

type texParser struct {
	toks []texTok
	pos  int
	vars map[string]*big.Rat
}

func (p *texParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos].op
	}
	return ""
}

func (p *texParser) sum() (*big.Rat, error) {
	v, err := p.product()
	for err == nil && (p.peek() == "+" || p.peek() == "-") {
		op := p.peek()
		p.pos++
		var w *big.Rat
		if w, err = p.product(); err == nil {
			if op == "+" {
				v.Add(v, w)
			} else {
				v.Sub(v, w)
			}
		}
	}
	return v, err
}

func (p *texParser) product() (*big.Rat, error) {
	v, err := p.unary()
	for err == nil {
		op := p.peek()
		switch op {
		case "*", "/":
			p.pos++
		case "num", "var", "(", "[":
			op = "*" // implicit multiplication
		default:
			return v, nil
		}
		var w *big.Rat
		if w, err = p.unary(); err != nil {
			break
		}
		if op == "*" {
			v.Mul(v, w)
		} else if w.Sign() == 0 {
			err = fmt.Errorf("division by zero")
		} else {
			v.Quo(v, w)
		}
	}
	return v, err
}

func (p *texParser) unary() (*big.Rat, error) {
	if p.peek() == "-" {
		p.pos++
		v, err := p.unary()
		if err != nil {
			return nil, err
		}
		return v.Neg(v), nil
	}
	v, err := p.primary()
	if err == nil && p.peek() == "%" {
		p.pos++
		v.Quo(v, big.NewRat(100, 1))
	}
	return v, err
}

func (p *texParser) primary() (*big.Rat, error) {
	if p.pos >= len(p.toks) {
		return nil, fmt.Errorf("unexpected end")
	}
	t := p.toks[p.pos]
	p.pos++
	switch t.op {
	case "num":
		return new(big.Rat).Set(t.val), nil
	case "var":
		v, ok := p.vars[t.name]
		if !ok {
			return nil, fmt.Errorf("unknown variable %s", t.name)
		}
		return new(big.Rat).Set(v), nil
	case "(", "[":
		closer := map[string]string{"(": ")", "[": "]"}[t.op]
		v, err := p.sum()
		if err != nil {
			return nil, err
		}
		if p.peek() != closer {
			return nil, fmt.Errorf("missing %s", closer)
		}
		p.pos++
		return v, nil
	}
	return nil, fmt.Errorf("unexpected %q", t.op)
}
