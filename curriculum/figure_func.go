package curriculum

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// plotFunc compiles the y = f(x) of a graph figure. It reads the answer
// syntax ("x^2-2x", "2(x+1)", "sqrt(4-x^2)") and, because senior-high
// graphs need them, the elementary functions sin cos tan exp ln lg log2
// sqrt abs and the constants pi (π) and e. (Answers do not accept these
// functions; a figure only draws them.)
func plotFunc(src string) (func(x float64) float64, error) {
	p := &plotParser{s: strings.ToLower(strings.NewReplacer("π", "pi", "·", "*", "×", "*", "−", "-", " ", "").Replace(src))}
	f, err := p.sum()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.s) {
		return nil, fmt.Errorf("多余的 %q", p.s[p.i:])
	}
	return f, nil
}

type plotParser struct {
	s string
	i int
}

type fx = func(float64) float64

func (p *plotParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *plotParser) sum() (fx, error) {
	l, err := p.product()
	if err != nil {
		return nil, err
	}
	for c := p.peek(); c == '+' || c == '-'; c = p.peek() {
		p.i++
		r, err := p.product()
		if err != nil {
			return nil, err
		}
		a, b := l, r
		if c == '+' {
			l = func(x float64) float64 { return a(x) + b(x) }
		} else {
			l = func(x float64) float64 { return a(x) - b(x) }
		}
	}
	return l, nil
}

// product reads factors joined by * or /, or written side by side (2x,
// 3sin(x), (x+1)(x-1)).
func (p *plotParser) product() (fx, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		c := p.peek()
		div := false
		switch {
		case c == '*' || c == '/':
			div = c == '/'
			p.i++
		case c == '(' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z':
			// implicit multiplication
		default:
			return l, nil
		}
		r, err := p.power()
		if err != nil {
			return nil, err
		}
		a, b := l, r
		if div {
			l = func(x float64) float64 { return a(x) / b(x) }
		} else {
			l = func(x float64) float64 { return a(x) * b(x) }
		}
	}
}

func (p *plotParser) unary() (fx, error) {
	if p.peek() == '-' {
		p.i++
		a, err := p.unary()
		if err != nil {
			return nil, err
		}
		return func(x float64) float64 { return -a(x) }, nil
	}
	if p.peek() == '+' {
		p.i++
	}
	return p.power()
}

func (p *plotParser) power() (fx, error) {
	base, err := p.primary()
	if err != nil {
		return nil, err
	}
	if p.peek() != '^' {
		return base, nil
	}
	p.i++
	exp, err := p.unary() // right-associative; allows x^-1
	if err != nil {
		return nil, err
	}
	return func(x float64) float64 { return math.Pow(base(x), exp(x)) }, nil
}

var plotFuncs = []struct {
	name string
	f    func(float64) float64
}{
	{"sqrt", math.Sqrt}, {"sin", math.Sin}, {"cos", math.Cos}, {"tan", math.Tan}, {"exp", math.Exp},
	{"ln", math.Log}, {"lg", math.Log10}, {"log2", math.Log2}, {"abs", math.Abs},
}

func (p *plotParser) primary() (fx, error) {
	c := p.peek()
	switch {
	case c == '(':
		p.i++
		a, err := p.sum()
		if err != nil {
			return nil, err
		}
		if p.peek() != ')' {
			return nil, fmt.Errorf("缺少右括号")
		}
		p.i++
		return a, nil
	case c >= '0' && c <= '9' || c == '.':
		j := p.i
		for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '.') {
			j++
		}
		v, err := strconv.ParseFloat(p.s[p.i:j], 64)
		if err != nil {
			return nil, fmt.Errorf("数 %q 不对", p.s[p.i:j])
		}
		p.i = j
		return func(float64) float64 { return v }, nil
	case c >= 'a' && c <= 'z':
		rest := p.s[p.i:]
		for _, f := range plotFuncs {
			if strings.HasPrefix(rest, f.name) {
				p.i += len(f.name)
				arg, err := p.power()
				if err != nil {
					return nil, err
				}
				g := f.f
				return func(x float64) float64 { return g(arg(x)) }, nil
			}
		}
		switch {
		case strings.HasPrefix(rest, "pi"):
			p.i += 2
			return func(float64) float64 { return math.Pi }, nil
		case c == 'x':
			p.i++
			return func(x float64) float64 { return x }, nil
		case c == 'e':
			p.i++
			return func(float64) float64 { return math.E }, nil
		}
		return nil, fmt.Errorf("只能含变量 x，不能含 %q", rest[:1])
	case c == 0:
		return nil, fmt.Errorf("表达式不完整")
	}
	return nil, fmt.Errorf("不认识的符号 %q", string(c))
}
