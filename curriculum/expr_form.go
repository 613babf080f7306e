package curriculum

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Answer forms of fill_expression items. An answer is a list of parts,
// compared as a set (order-free, each part used once):
//
//   - an expression: "2x+2", "(x+1)(x-1)", "√2/2"; equal by equiv.
//   - a solution in solved form, letter relation constant: "x=3", "x>2",
//     "2<x", "x₁=1" (subscripts and "x1" name the same unknown x). The
//     response must be solved too, with the same letter, relation and an
//     equal value; a bare value "3" is accepted for "x=3" when the answer
//     has a single unknown, so "x=1 或 x=2" accepts "1,2" and "x=2,x=1".
//   - any other relation L op R: "y=2x+1", "2x-y+1=0", "x+y>1"; the same
//     relation when L−R = c·(L'−R') for a constant c ≠ 0 (c > 0 for < ≤ >
//     ≥, after writing both as "> 0" or "≥ 0"). Chains split into pairs:
//     "1<x<3" is x>1 and x<3; "x₁=x₂=1" is x=1 and x=1.
//   - an interval or point "(1,3]", "(-∞,2)", "(1,2)": same brackets and
//     equal ends, in order.
//
// Parts are separated by "," ";" "、" "和" "与" (neutral), "或" "∪" (or) and
// "且" "∩" (and); empty parts are dropped; a response whose explicit connective contradicts the
// answer's ("x<1 且 x>3" for "x<1 或 x>3") is wrong. Braces around a set
// "{1,2}", set-builder "{x|x>2}" and "x∈" before an interval are dropped. A part with one "±" stands for its two cases joined
// by "or": "x=±√2" is "x=√2 或 x=-√2".
type form struct {
	parts []part
	conn  byte // 0 neutral, '|' or, '&' and
}

type partKind byte

const (
	partExpr partKind = iota
	partRel
	partTuple
)

type part struct {
	kind partKind
	text string // as understood, for Normalized

	x *expr // partExpr: the value; partRel: L−R, oriented to "> 0" / "≥ 0"

	rel    byte   // partRel: '=', '>', 'g' (≥), '!' (≠), after orientation
	solved string // partRel in solved form: the unknown's letter
	srel   byte   // solved: relation read as "letter srel value": = < > l g !
	val    *expr  // solved: the value

	open, close byte    // partTuple brackets
	elems       []*expr // partTuple; nil entry is ±∞
	infs        []int   // partTuple: sign of ∞ per entry, 0 when finite
}

// relOps in the order they are matched (longest first).
var relOps = []struct {
	s  string
	op byte
}{
	{"<=", 'l'}, {">=", 'g'}, {"!=", '!'}, {"==", '='},
	{"≤", 'l'}, {"≥", 'g'}, {"≠", '!'}, {"=", '='}, {"<", '<'}, {">", '>'},
}

// flip turns "a op b" into "b flip(op) a".
func flip(op byte) byte {
	switch op {
	case '<':
		return '>'
	case '>':
		return '<'
	case 'l':
		return 'g'
	case 'g':
		return 'l'
	}
	return op
}

var relText = map[byte]string{'=': "=", '<': "<", '>': ">", 'l': "≤", 'g': "≥", '!': "≠"}

// unknown matches a side that names an unknown: x, x1, x_1 (x₁ after
// foldMath).
var unknown = regexp.MustCompile(`^([A-Za-z])(?:_?[0-9]+)?$`)

// setBuilder matches the inside of {x|x>2} (also {x：x>2}), memberOf the
// "x∈" in front of an interval; both are dropped, leaving "x>2" and the
// interval.
var (
	setBuilder = regexp.MustCompile(`^\s*[A-Za-z]\s*[|:]\s*(.+)$`)
	memberOf   = regexp.MustCompile(`^[A-Za-z]\s*∈\s*(.+)$`)
)

func parseForm(s string, bud *budget) (*form, error) {
	s = strings.TrimSpace(foldMath(s))
	s = strings.TrimRight(strings.TrimLeft(s, " ,;、"), " .,;、") // "x=1，x=2。" ends a sentence
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && matchingClose(s, 0) == len(s)-1 {
		s = s[1 : len(s)-1]
		if m := setBuilder.FindStringSubmatch(s); m != nil {
			s = m[1]
		}
	}
	pieces, conn, err := splitTop(s)
	if err != nil {
		return nil, err
	}
	f := &form{conn: conn}
	pieces, err = expandPlusMinus(pieces)
	if err != nil {
		return nil, err
	}
	if len(pieces) > 1 && f.conn == 0 && strings.Contains(s, "±") {
		f.conn = '|'
	}
	for _, p := range pieces {
		ps, chained, err := parsePart(p, bud)
		if err != nil {
			return nil, err
		}
		if chained && f.conn == 0 && len(pieces) == 1 {
			f.conn = '&'
		}
		f.parts = append(f.parts, ps...)
	}
	if len(f.parts) > maxParts {
		return nil, badInput("内容过多（最多 %d 项）", "more than %d parts", maxParts)
	}
	return f, nil
}

// splitTop splits at separators outside brackets.
func splitTop(s string) (pieces []string, conn byte, err error) {
	depth, start := 0, 0
	rs := []rune(s)
	for i, r := range rs {
		var c byte
		switch {
		case strings.ContainsRune("([{", r):
			depth++
		case strings.ContainsRune(")]}", r):
			depth--
			if depth < 0 {
				return nil, 0, badInput("右括号多了", "unbalanced closing bracket")
			}
		case depth > 0:
		case strings.ContainsRune(",;、和与", r): // 和 lists roots: "1和2"
			c = ','
		case strings.ContainsRune("或∪", r):
			c = '|'
		case strings.ContainsRune("且∩", r):
			c = '&'
		}
		if c == 0 {
			continue
		}
		if c != ',' {
			if conn != 0 && conn != c {
				return nil, 0, badInput("“或”与“且”不能混用", "mixed 或 and 且")
			}
			conn = c
		}
		pieces = append(pieces, string(rs[start:i]))
		start = i + 1
		if len(pieces) > maxParts {
			return nil, 0, badInput("内容过多（最多 %d 项）", "more than %d parts", maxParts)
		}
	}
	if depth > 0 {
		return nil, 0, badInput("括号没有配对", "missing closing bracket")
	}
	pieces = append(pieces, string(rs[start:]))
	// Empty pieces, as in "x=1，或x=2", are dropped.
	pieces = slices.DeleteFunc(pieces, func(p string) bool { return strings.TrimSpace(p) == "" })
	if len(pieces) == 0 {
		return nil, 0, badInput(reasonEmpty, "empty")
	}
	return pieces, conn, nil
}

// expandPlusMinus turns a piece with one "±" into its two cases:
// "x=±√2" into "x=+√2" and "x=-√2", "1±√2" into "1+√2" and "1-√2".
func expandPlusMinus(pieces []string) ([]string, error) {
	var out []string
	for _, p := range pieces {
		switch strings.Count(p, "±") {
		case 0:
			out = append(out, p)
		case 1:
			out = append(out, strings.Replace(p, "±", "+", 1), strings.Replace(p, "±", "-", 1))
		default:
			return nil, badInput("每一项最多一个“±”，请分开写", "more than one ± in %q", p)
		}
	}
	return out, nil
}

// matchingClose returns the index (in bytes) of the bracket closing the
// one at i, or -1.
func matchingClose(s string, i int) int {
	depth := 0
	for j, r := range s[i:] {
		switch {
		case strings.ContainsRune("([{", r):
			depth++
		case strings.ContainsRune(")]}", r):
			depth--
			if depth == 0 {
				return i + j
			}
		}
	}
	return -1
}

// parsePart reads one part; a chain of relations yields several.
func parsePart(s string, bud *budget) ([]part, bool, error) {
	if m := memberOf.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	if t, ok, err := parseTuple(s, bud); ok || err != nil {
		return []part{t}, false, err
	}
	sides, ops := splitRelations(s)
	if len(ops) == 0 {
		n, err := parseExpr(s)
		if err != nil {
			return nil, false, err
		}
		x, err := compileNode(n, bud)
		if err != nil {
			return nil, false, err
		}
		return []part{{kind: partExpr, x: x, text: n.format()}}, false, nil
	}
	nodes := make([]*node, len(sides))
	unknowns := make([]string, len(sides))
	for i, side := range sides {
		side = strings.TrimSpace(side)
		if side == "" {
			return nil, false, badInput("关系符号两边都要有内容", "empty side of a relation")
		}
		if m := unknown.FindStringSubmatch(side); m != nil {
			unknowns[i] = m[1]
			nodes[i] = &node{op: opVar, name: m[1]}
			continue
		}
		n, err := parseExpr(side)
		if err != nil {
			return nil, false, err
		}
		nodes[i] = n
	}
	var parts []part
	allEq := !slices.ContainsFunc(ops, func(op byte) bool { return op != '=' })
	for i, op := range ops {
		l, r := i, i+1
		if allEq {
			r = len(sides) - 1 // x₁ = x₂ = 1: each side equals the last
		}
		p, err := relation(nodes[l], op, nodes[r], unknowns[l], unknowns[r], bud)
		if err != nil {
			return nil, false, err
		}
		parts = append(parts, p)
	}
	return parts, len(ops) > 1, nil
}

// splitRelations splits s at relation signs outside brackets.
func splitRelations(s string) (sides []string, ops []byte) {
	depth, start := 0, 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case strings.IndexByte("([{", c) >= 0:
			depth++
		case strings.IndexByte(")]}", c) >= 0:
			depth--
		case depth == 0:
			if op, n := relAt(s[i:]); n > 0 {
				sides = append(sides, s[start:i])
				ops = append(ops, op)
				i += n
				start = i
				continue
			}
		}
		i++
	}
	return append(sides, s[start:]), ops
}

// relAt returns the relation sign s starts with and its length in bytes.
func relAt(s string) (op byte, n int) {
	for _, ro := range relOps {
		if strings.HasPrefix(s, ro.s) {
			return ro.op, len(ro.s)
		}
	}
	return 0, 0
}

// relation builds the part for "l op r"; ul and ur name the unknown when
// that side is just a letter.
func relation(l *node, op byte, r *node, ul, ur string, bud *budget) (part, error) {
	p := part{kind: partRel, text: l.format() + relText[op] + r.format()}
	lx, err := compileNode(l, bud)
	if err != nil {
		return p, err
	}
	rx, err := compileNode(r, bud)
	if err != nil {
		return p, err
	}
	switch {
	case ul != "" && rx.constant():
		p.solved, p.srel, p.val = ul, op, rx
	case ur != "" && lx.constant():
		p.solved, p.srel, p.val = ur, flip(op), lx
	}
	if op == '<' || op == 'l' { // orient to "> 0" / "≥ 0"
		l, r, op = r, l, flip(op)
	}
	p.rel = op
	p.x, err = compileNode(&node{op: opSub, a: l, b: r}, bud)
	return p, err
}

// parseTuple reads "(a,b)" or "[a,b)" etc.; ok is false when s is not
// one bracket pair around a comma-separated list.
func parseTuple(s string, bud *budget) (part, bool, error) {
	if len(s) < 2 || !strings.ContainsRune("([", rune(s[0])) || !strings.ContainsRune(")]", rune(s[len(s)-1])) {
		return part{}, false, nil
	}
	if matchingClose(s, 0) != len(s)-1 {
		return part{}, false, nil
	}
	inner := s[1 : len(s)-1]
	var elems []string
	depth, start := 0, 0
	for i, r := range inner {
		switch {
		case strings.ContainsRune("([{", r):
			depth++
		case strings.ContainsRune(")]}", r):
			depth--
		case r == ',' && depth == 0:
			elems = append(elems, inner[start:i])
			start = i + 1
		}
	}
	if len(elems) == 0 {
		return part{}, false, nil
	}
	elems = append(elems, inner[start:])
	p := part{kind: partTuple, open: s[0], close: s[len(s)-1]}
	var texts []string
	for _, e := range elems {
		e = strings.TrimSpace(e)
		if inf := infSign(e); inf != 0 {
			p.elems, p.infs = append(p.elems, nil), append(p.infs, inf)
			texts = append(texts, map[int]string{1: "+∞", -1: "-∞"}[inf])
			continue
		}
		n, err := parseExpr(e)
		if err != nil {
			return p, true, err
		}
		x, err := compileNode(n, bud)
		if err != nil {
			return p, true, err
		}
		p.elems, p.infs = append(p.elems, x), append(p.infs, 0)
		texts = append(texts, n.format())
	}
	p.text = string(p.open) + strings.Join(texts, ",") + string(p.close)
	return p, true, nil
}

// infSign reads "∞", "+∞", "-∞" (and "inf"): 1, 1, -1; 0 otherwise.
func infSign(s string) int {
	t := strings.TrimSpace(strings.TrimLeft(s, "+- "))
	if t != "∞" && !strings.EqualFold(t, "inf") {
		return 0
	}
	if strings.HasPrefix(strings.TrimSpace(s), "-") {
		return -1
	}
	return 1
}

// singleUnknown returns x when every part of f is "x = value" for the
// same x, else "".
func (f *form) singleUnknown() string {
	u := ""
	for _, p := range f.parts {
		if p.kind != partRel || p.solved == "" || p.srel != '=' || u != "" && p.solved != u {
			return ""
		}
		u = p.solved
	}
	return u
}

// matches reports whether response part r gives answer part a; single is
// the answer's single unknown, if any.
func (a *part) matches(r *part, single string, bud *budget) bool {
	switch a.kind {
	case partTuple:
		if r.kind != partTuple || a.open != r.open || a.close != r.close || len(a.elems) != len(r.elems) {
			return false
		}
		for i := range a.elems {
			if a.infs[i] != r.infs[i] || a.infs[i] == 0 && !equiv(a.elems[i], r.elems[i], bud) {
				return false
			}
		}
		return true
	case partExpr:
		switch {
		case r.kind == partExpr:
			return equiv(a.x, r.x, bud)
		case r.kind == partRel && r.solved != "" && r.srel == '=':
			return a.x.constant() && equiv(a.x, r.val, bud)
		}
		return false
	}
	if a.solved != "" {
		switch {
		case r.kind == partRel && r.solved != "":
			return a.solved == r.solved && a.srel == r.srel && equiv(a.val, r.val, bud)
		case r.kind == partExpr && single != "":
			return r.x.constant() && equiv(a.val, r.x, bud)
		}
		return false
	}
	if r.kind != partRel || a.rel != r.rel {
		return false
	}
	sign, ok := proportional(a.x, r.x, bud)
	return ok && (sign > 0 || a.rel == '=' || a.rel == '!')
}

// match pairs every answer part with a distinct response part: a
// bipartite matching (augmenting paths), because part matching is not
// transitive across kinds — "3" matches both "3" and "x=3", "x=3" only
// the latter. Pair verdicts are computed once, on demand.
func (f *form) match(r *form, bud *budget) (bool, string) {
	if f.conn != 0 && r.conn != 0 && f.conn != r.conn {
		return false, "注意“或”与“且”的区别"
	}
	switch {
	case len(r.parts) < len(f.parts):
		return false, "答案不完整"
	case len(r.parts) > len(f.parts):
		return false, "多写了内容"
	}
	single := f.singleUnknown()
	n := len(f.parts)
	memo := make([]int8, n*n) // 0 unknown, 1 match, -1 no match
	pairs := func(i, j int) bool {
		if memo[i*n+j] == 0 {
			memo[i*n+j] = -1
			if f.parts[i].matches(&r.parts[j], single, bud) {
				memo[i*n+j] = 1
			}
		}
		return memo[i*n+j] == 1
	}
	owner := make([]int, n) // answer part holding response part j, or -1
	for j := range owner {
		owner[j] = -1
	}
	var seen []bool
	var augment func(i int) bool
	augment = func(i int) bool {
		for j := range n {
			if seen[j] || !pairs(i, j) {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || augment(owner[j]) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for i := range n {
		seen = make([]bool, n)
		if !augment(i) {
			return false, f.missReason(&f.parts[i], r)
		}
	}
	return true, ""
}

// missReason explains the commonest near miss: an unsolved relation where
// a solved form was asked for.
func (f *form) missReason(a *part, r *form) string {
	if a.solved != "" {
		for _, p := range r.parts {
			if p.kind == partRel && p.solved == "" {
				return fmt.Sprintf("请化简到 %s%s… 的形式", a.solved, relText[a.srel])
			}
		}
	}
	return "与正确答案不等价"
}

func (f *form) String() string {
	sep := ", "
	switch f.conn {
	case '|':
		sep = " 或 "
	case '&':
		sep = " 且 "
	}
	texts := make([]string, len(f.parts))
	for i, p := range f.parts {
		texts[i] = p.text
	}
	return strings.Join(texts, sep)
}

// exprs lists the expressions of p; entries may be nil.
func (p *part) exprs() []*expr {
	return append([]*expr{p.x, p.val}, p.elems...)
}

// letters returns the letters used in f.
func (f *form) letters() map[string]bool {
	set := map[string]bool{}
	for _, p := range f.parts {
		for _, x := range p.exprs() {
			if x != nil {
				x.n.vars(set)
			}
		}
	}
	return set
}

// exprChecker judges fill_expression items against the answer and its
// synonyms; form is the CheckRule.Form the response must have.
type exprChecker struct {
	answers []*form
	form    string
}

func compileExpr(it *Item) (checker, error) {
	c := exprChecker{form: it.Check.Form}
	for _, a := range acceptedAnswers(it) {
		f, err := parseForm(a, newBudget())
		if err != nil {
			return nil, fmt.Errorf("answer %q is not a valid expression: %w", a, err)
		}
		c.answers = append(c.answers, f)
	}
	return c, nil
}

func (c exprChecker) check(response string) Verdict {
	bud := newBudget()
	f, err := parseForm(response, bud)
	if err != nil {
		return malformed(CodeNotExpr, reasonOf(err))
	}
	if reason := formMiss(c.form, response); reason != "" {
		return malformed(CodeForm, reason)
	}
	v := Verdict{Normalized: f.String(), Code: CodeWrong}
	for _, a := range c.answers {
		ok, reason := a.match(f, bud)
		if ok {
			return Verdict{Correct: true, Normalized: v.Normalized}
		}
		if v.Reason == "" {
			v.Reason = reason
		}
	}
	for _, p := range f.parts {
		for _, x := range p.exprs() {
			if x != nil && !equiv(x, x, bud) {
				return malformed(CodeUndecidable, "无法判定：表达式在取值点上无定义或数值过大")
			}
		}
	}
	known := map[string]bool{}
	for _, a := range c.answers {
		for l := range a.letters() {
			known[l] = true
		}
	}
	for _, l := range slices.Sorted(maps.Keys(f.letters())) {
		if !known[l] {
			v.Reason = fmt.Sprintf("出现了答案中没有的字母 %s", l)
			break
		}
	}
	return v
}

// formMiss says why a response does not have the form an item asks for,
// or "" when it does: FormGeneral is one equation "… = 0" with the other
// side expanded (no brackets or fractions), FormRoster lists the elements
// (no set-builder, interval or inequality).
func formMiss(want, response string) string {
	s := strings.Join(strings.Fields(foldMath(response)), "")
	switch want {
	case FormGeneral:
		l, r, ok := strings.Cut(s, "=")
		if l == "0" {
			l, r = r, l
		}
		if !ok || r != "0" || strings.ContainsAny(l, "=<>≤≥≠()[]{}/,;、") {
			return "请写成一般式，如 3x+y-5=0"
		}
	case FormRoster:
		inner := strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
		interval := len(inner) > 1 && strings.ContainsRune("([", rune(inner[0])) && strings.ContainsRune(")]", rune(inner[len(inner)-1])) && !strings.HasPrefix(s, "{")
		if interval || strings.ContainsAny(s, "|<>≤≥=∈∞") {
			return "请用列举法表示，如 {1,2,3}"
		}
	}
	return ""
}
