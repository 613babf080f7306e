package curriculum

import (
	"math"
	"math/big"
	"slices"
	"strings"
	"unicode"
)

// node is a parsed expression. Operators are binary except neg and sqrt.
type node struct {
	op   byte // one of the op* constants
	num  *big.Rat
	f    float64 // num as float64, for evaluation
	name string  // variable name: one letter, optionally with "_" subscript
	a, b *node
}

const (
	opNum  = 'n'
	opVar  = 'v'
	opPi   = 'p'
	opInf  = 'i' // ∞, only as an interval end
	opAdd  = '+'
	opSub  = '-'
	opMul  = '*'
	opDiv  = '/'
	opPow  = '^'
	opNeg  = '~'
	opSqrt = 'r'
)

// unsupported names functions a student may type; they would otherwise be
// read as products of letters (sin = s·i·n).
var unsupported = []string{"arcsin", "arccos", "arctan", "sin", "cos", "tan", "cot", "log", "ln", "lg", "exp", "abs"}

const reasonNotExpr = "表达式格式无法识别"

type tokKind int

const (
	tEOF tokKind = iota
	tNum
	tVar
	tPi
	tInf
	tSqrt
	tOp // + - * / ^
	tOpen
	tClose
)

type token struct {
	kind tokKind
	op   byte
	num  *big.Rat
	name string
}

// lexExpr splits folded text into tokens.
func lexExpr(s string) ([]token, error) {
	rs := []rune(s)
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isSpace(r):
			i++
		case r >= '0' && r <= '9' || r == '.':
			j := i
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || rs[j] == '.') {
				j++
			}
			n, err := parseDecimal(string(rs[i:j]))
			if err != nil {
				return nil, err
			}
			if j < len(rs) { // mixed number 1½
				if p, ok := vulgar[rs[j]]; ok {
					n.Add(n, big.NewRat(p[0], p[1]))
					j++
				}
			}
			toks = append(toks, token{kind: tNum, num: n})
			i = j
		case vulgar[r] != [2]int64{}:
			p := vulgar[r]
			toks = append(toks, token{kind: tNum, num: big.NewRat(p[0], p[1])})
			i++
		case r == 'π':
			toks = append(toks, token{kind: tPi})
			i++
		case r == '∞':
			toks = append(toks, token{kind: tInf})
			i++
		case r == '√':
			toks = append(toks, token{kind: tSqrt})
			i++
		case r == '*' && i+1 < len(rs) && rs[i+1] == '*':
			toks = append(toks, token{kind: tOp, op: '^'})
			i += 2
		case strings.ContainsRune("+-*/^", r):
			toks = append(toks, token{kind: tOp, op: byte(r)})
			i++
		case strings.ContainsRune("([{", r):
			toks = append(toks, token{kind: tOpen})
			i++
		case strings.ContainsRune(")]}", r):
			toks = append(toks, token{kind: tClose})
			i++
		case unicode.Is(unicode.Han, r):
			return nil, badInput("表达式里不能有汉字“%c”", "Chinese character %q in expression", r)
		case unicode.IsLetter(r):
			rest := strings.ToLower(string(rs[i:min(i+6, len(rs))]))
			switch {
			case strings.HasPrefix(rest, "sqrt"):
				toks = append(toks, token{kind: tSqrt})
				i += 4
				continue
			case strings.HasPrefix(rest, "pi"):
				toks = append(toks, token{kind: tPi})
				i += 2
				continue
			case strings.HasPrefix(rest, "inf"):
				toks = append(toks, token{kind: tInf})
				i += 3
				continue
			}
			for _, f := range unsupported {
				if strings.HasPrefix(rest, f) {
					return nil, badInput("暂不支持函数 %s，请化简后填写", "function %s is not supported", f)
				}
			}
			j := i + 1
			if j+1 < len(rs) && rs[j] == '_' && rs[j+1] >= '0' && rs[j+1] <= '9' {
				j++
				for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
					j++
				}
			}
			toks = append(toks, token{kind: tVar, name: string(rs[i:j])})
			i = j
		default:
			return nil, badInput("无法识别的符号“%c”", "unexpected character %q", r)
		}
	}
	return toks, nil
}

// parser is a recursive-descent parser with precedence
//
//	sum     = product {("+"|"-") product}
//	product = unary {("*"|"/") unary | implicit power}
//	unary   = ("-"|"+") unary | power
//	power   = primary ["^" unary]      (right associative: 2^3^2 = 2^9)
//	primary = number | letter | π | "(" sum ")" | √ power | sqrt "(" sum ")"
//
// Implicit multiplication ("2x", "2(x+1)", "(x+1)(x-1)", "3xy") binds
// like "*", so "1/2x" is (1/2)·x, as on a calculator; the printed
// Normalized form shows that reading. A number may not follow a letter or
// bracket directly ("x2" is rejected rather than guessed as x²).
type parser struct {
	toks  []token
	pos   int
	depth int
}

// parseExpr parses one expression (no relations, no lists).
func parseExpr(s string) (*node, error) {
	toks, err := lexExpr(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, badInput(reasonEmpty, "empty expression")
	}
	p := &parser{toks: toks}
	n, err := p.sum()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tEOF {
		if p.peek().kind == tClose {
			return nil, badInput("右括号多了", "unbalanced closing bracket")
		}
		return nil, badInput(reasonNotExpr, "unexpected token after expression")
	}
	return n, nil
}

func (p *parser) peek() token {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return token{kind: tEOF}
}

func (p *parser) isOp(op byte) bool {
	t := p.peek()
	return t.kind == tOp && t.op == op
}

// enter guards recursion; every nesting construct passes through it.
func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return badInput("表达式嵌套过深（最多 %d 层）", "expression nested deeper than %d", maxDepth)
	}
	return nil
}

func (p *parser) sum() (*node, error) {
	l, err := p.product()
	if err != nil {
		return nil, err
	}
	for p.isOp('+') || p.isOp('-') {
		op := p.peek().op
		p.pos++
		r, err := p.product()
		if err != nil {
			return nil, err
		}
		l = &node{op: op, a: l, b: r}
	}
	return l, nil
}

func (p *parser) product() (*node, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		var op byte
		var r *node
		switch {
		case t.kind == tOp && (t.op == '*' || t.op == '/'):
			p.pos++
			op = t.op
			r, err = p.unary()
		case t.kind == tNum:
			return nil, badInput("数字应写在字母或括号前面，如 2x；乘方请用 ^", "number directly after an operand")
		case t.kind == tVar || t.kind == tPi || t.kind == tOpen || t.kind == tSqrt:
			op = '*'
			r, err = p.power()
		default:
			return l, nil
		}
		if err != nil {
			return nil, err
		}
		l = &node{op: op, a: l, b: r}
	}
}

func (p *parser) unary() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	switch {
	case p.isOp('-'):
		p.pos++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &node{op: opNeg, a: x}, nil
	case p.isOp('+'):
		p.pos++
		return p.unary()
	}
	return p.power()
}

func (p *parser) power() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	base, err := p.primary()
	if err != nil {
		return nil, err
	}
	if !p.isOp('^') {
		return base, nil
	}
	p.pos++
	exp, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &node{op: opPow, a: base, b: exp}, nil
}

func (p *parser) primary() (*node, error) {
	t := p.peek()
	p.pos++
	switch t.kind {
	case tNum:
		f, _ := t.num.Float64()
		return &node{op: opNum, num: t.num, f: f}, nil
	case tVar:
		return &node{op: opVar, name: t.name}, nil
	case tPi:
		return &node{op: opPi}, nil
	case tInf:
		return nil, badInput("∞ 只能用在区间端点", "∞ outside an interval")
	case tSqrt:
		var x *node
		var err error
		if p.peek().kind == tOpen {
			x, err = p.primary()
		} else {
			x, err = p.power()
		}
		if err != nil {
			return nil, err
		}
		return &node{op: opSqrt, a: x}, nil
	case tOpen:
		x, err := p.sum()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != tClose {
			return nil, badInput("括号没有配对", "missing closing bracket")
		}
		p.pos++
		return x, nil
	case tEOF:
		return nil, badInput("表达式不完整", "expression ends early")
	case tClose:
		return nil, badInput("括号里缺少内容或括号多了", "unexpected closing bracket")
	}
	return nil, badInput("运算符“%c”前缺少数或字母", "operator %q without left operand", t.op)
}

// format prints a node with explicit "*" and the fewest brackets that keep
// its meaning; a quotient or fraction multiplied on the left is bracketed,
// so "1/2x" and "0.5x" show as "(1/2)*x".
func (n *node) format() string {
	var b strings.Builder
	n.write(&b, 0)
	return b.String()
}

// precedence levels for printing.
func (n *node) prec() int {
	switch n.op {
	case opAdd, opSub:
		return 1
	case opMul, opDiv:
		return 2
	case opNeg:
		return 3
	case opPow:
		return 4
	case opNum:
		if n.num.Sign() < 0 || !n.num.IsInt() {
			return 2
		}
	}
	return 5
}

func (n *node) write(b *strings.Builder, ctx int) {
	p := n.prec()
	if p < ctx {
		b.WriteByte('(')
		defer b.WriteByte(')')
	}
	switch n.op {
	case opNum:
		b.WriteString(FormatRat(n.num))
	case opVar:
		b.WriteString(n.name)
	case opPi:
		b.WriteString("π")
	case opInf:
		b.WriteString("∞")
	case opNeg:
		b.WriteByte('-')
		n.a.write(b, 3) // -(x+1), -(2*x), -x^2, --x
	case opSqrt:
		b.WriteString("√(")
		n.a.write(b, 0)
		b.WriteByte(')')
	case opPow:
		n.a.write(b, 5)
		b.WriteByte('^')
		n.b.write(b, 3) // x^-2, x^(1/2)
	case opAdd, opSub, opMul, opDiv:
		left := p
		if n.op == opMul && (n.a.op == opDiv || n.a.op == opNum && !n.a.num.IsInt()) {
			left = 3 // (1/2)*x, not 1/2*x
		}
		n.a.write(b, left)
		b.WriteByte(n.op)
		n.b.write(b, p+1)
	}
}

// vars adds the variable names in n to set.
func (n *node) vars(set map[string]bool) {
	if n == nil {
		return
	}
	if n.op == opVar {
		set[n.name] = true
	}
	n.a.vars(set)
	n.b.vars(set)
}

func sortedVars(ns ...*node) []string {
	set := map[string]bool{}
	for _, n := range ns {
		n.vars(set)
	}
	var vs []string
	for v := range set {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// eval computes n in float64 at the point env; NaN outside the domain
// (division by zero, √ of a negative, overflow).
func (n *node) eval(env map[string]float64) float64 {
	switch n.op {
	case opNum:
		return n.f
	case opVar:
		return env[n.name]
	case opPi:
		return math.Pi
	case opNeg:
		return -n.a.eval(env)
	case opSqrt:
		x := n.a.eval(env)
		if x < 0 {
			return math.NaN()
		}
		return math.Sqrt(x)
	case opAdd:
		return n.a.eval(env) + n.b.eval(env)
	case opSub:
		return n.a.eval(env) - n.b.eval(env)
	case opMul:
		return n.a.eval(env) * n.b.eval(env)
	case opDiv:
		d := n.b.eval(env)
		if d == 0 {
			return math.NaN()
		}
		return n.a.eval(env) / d
	case opPow:
		return math.Pow(n.a.eval(env), n.b.eval(env))
	}
	return math.NaN()
}
