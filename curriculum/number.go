package curriculum

import (
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ParseNumber reads an exact rational number as students and authors write
// it: "0.5", "1/2", "½", "1 1/2", "1又1/2", "１／２", "-3", "−3", "－3",
// "1,000" (valid thousands grouping only), "1.2e3", "1.2×10^3",
// "1.2×10³", "(-3)", "60°", and "3。5" (the Chinese full stop typed for a
// decimal point).
// A trailing "。" or "." is ignored. Percentages are rejected here because
// whether "50%" means 0.5 is a per-item choice (CheckRule.Percent).
func ParseNumber(s string) (*big.Rat, error) {
	return parseNumber(s, false)
}

// FormatRat prints r canonically: integers plain, others as "a/b" in
// lowest terms with the sign in front ("-3/4").
func FormatRat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	return r.Num().String() + "/" + r.Denom().String()
}

// vulgar maps the Unicode vulgar fractions to numerator and denominator.
var vulgar = map[rune][2]int64{
	'½': {1, 2}, '⅓': {1, 3}, '⅔': {2, 3}, '¼': {1, 4}, '¾': {3, 4},
	'⅕': {1, 5}, '⅖': {2, 5}, '⅗': {3, 5}, '⅘': {4, 5}, '⅙': {1, 6},
	'⅚': {5, 6}, '⅐': {1, 7}, '⅛': {1, 8}, '⅜': {3, 8}, '⅝': {5, 8},
	'⅞': {7, 8}, '⅑': {1, 9}, '⅒': {1, 10},
}

const reasonNotNumber = "格式无法识别：请输入数字，如 3/4"

func parseNumber(s string, percent bool) (*big.Rat, error) {
	if n := len([]rune(s)); n > maxInputRunes {
		return nil, badInput("数字过长（最多 %d 个字符）", "number longer than %d characters", maxInputRunes)
	}
	s = squeezeSpaces(strings.TrimSpace(foldMath(s)), "/*^")
	if s == "" {
		return nil, badInput(reasonEmpty, "empty number")
	}
	if strings.ContainsAny(s, "=") {
		return nil, badInput("只需填写数值，如 3，不必写“x=”", "%q is an equation, not a number", s)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) && !strings.ContainsRune("eE又", r) }) {
		return nil, badInput("只能填写数字，不要带字母、单位或文字", "%q contains letters or other text", s)
	}
	if len(s) > 2 && s[0] == '(' && s[len(s)-1] == ')' { // "(-3)"
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	}
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
		s = strings.TrimSuffix(s, ".")
	}
	// A degree sign is the one unit accepted: angles are asked in degrees
	// and students write it out of habit; a radian answer (π/3) cannot be
	// matched by a number of degrees anyway.
	s = strings.TrimSpace(strings.TrimSuffix(s, "°"))
	pct := strings.HasSuffix(s, "%")
	if pct {
		if !percent {
			return nil, badInput("本题不接受百分数，请写成小数或分数", "percentage %q not allowed for this item", s)
		}
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	}
	r, err := parseUnsigned(s)
	if err != nil {
		return nil, err
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	if neg {
		r.Neg(r)
	}
	return r, nil
}

// parseUnsigned reads a number without sign or percent sign.
func parseUnsigned(s string) (*big.Rat, error) {
	if s == "" {
		return nil, badInput(reasonNotNumber, "missing digits")
	}
	// Mixed numbers: "1又1/2", "1 1/2", "1½", "1 ½".
	if whole, frac, ok := strings.Cut(s, "又"); ok {
		return mixed(strings.TrimSpace(whole), strings.TrimSpace(frac))
	}
	if last := []rune(s); len(last) > 1 {
		if _, ok := vulgar[last[len(last)-1]]; ok {
			whole := strings.TrimSpace(string(last[:len(last)-1]))
			return mixed(whole, string(last[len(last)-1]))
		}
	}
	if whole, frac, ok := strings.Cut(s, " "); ok && strings.Contains(frac, "/") && !strings.Contains(whole, "/") {
		return mixed(whole, strings.TrimSpace(frac))
	}
	if p, ok := vulgar[[]rune(s)[0]]; ok && len([]rune(s)) == 1 {
		return big.NewRat(p[0], p[1]), nil
	}
	if num, den, ok := strings.Cut(s, "/"); ok {
		if strings.Contains(den, "/") {
			return nil, badInput("分数线“/”只能有一个", "more than one \"/\" in %q", s)
		}
		n, err := parseDecimal(strings.TrimSpace(num))
		if err != nil {
			return nil, err
		}
		d, err := parseDecimal(strings.TrimSpace(den))
		if err != nil {
			return nil, err
		}
		if d.Sign() == 0 {
			return nil, badInput("分母不能为 0", "zero denominator in %q", s)
		}
		return n.Quo(n, d), nil
	}
	// Scientific notation written as in textbooks: 1.2×10^3 (× and ·
	// arrive here as *, superscripts as ^(3)).
	if mant, pow, ok := strings.Cut(s, "*"); ok {
		m, err := parseDecimal(strings.TrimSpace(mant))
		if err != nil {
			return nil, err
		}
		base, exp, ok := strings.Cut(strings.TrimSpace(pow), "^")
		if !ok || strings.TrimSpace(base) != "10" {
			return nil, badInput("科学记数法请写成 1.2×10^3", "%q: expected 10^n after ×", s)
		}
		exp = strings.TrimSpace(exp)
		if strings.HasPrefix(exp, "(") && strings.HasSuffix(exp, ")") {
			exp = strings.TrimSpace(exp[1 : len(exp)-1])
		}
		e, err := parseExponent(exp)
		if err != nil {
			return nil, err
		}
		return m.Mul(m, pow10(e)), nil
	}
	return parseDecimal(s)
}

// squeezeSpaces drops spaces next to any of ops, so "1 / 2" reads as "1/2"
// while "1 1/2" keeps the space that makes it a mixed number.
func squeezeSpaces(s, ops string) string {
	var b strings.Builder
	rs := []rune(strings.Join(strings.Fields(s), " "))
	for i, r := range rs {
		if r == ' ' && (i > 0 && strings.ContainsRune(ops, rs[i-1]) || i+1 < len(rs) && strings.ContainsRune(ops, rs[i+1])) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mixed reads a mixed number: a whole number and a proper fraction.
func mixed(whole, frac string) (*big.Rat, error) {
	w, err := parseDigits(whole)
	if err != nil {
		return nil, err
	}
	var f *big.Rat
	if p, ok := vulgar[[]rune(frac + " ")[0]]; ok && len([]rune(frac)) == 1 {
		f = big.NewRat(p[0], p[1])
	} else {
		num, den, ok := strings.Cut(frac, "/")
		if !ok {
			return nil, badInput("带分数请写成 1又1/2 或 1 1/2", "mixed number %q %q: fraction part lacks /", whole, frac)
		}
		n, err := parseDigits(strings.TrimSpace(num))
		if err != nil {
			return nil, err
		}
		d, err := parseDigits(strings.TrimSpace(den))
		if err != nil {
			return nil, err
		}
		if d.Sign() == 0 {
			return nil, badInput("分母不能为 0", "zero denominator in mixed number")
		}
		f = n.Quo(n, d)
	}
	if f.Cmp(big.NewRat(1, 1)) >= 0 {
		return nil, badInput("带分数的分数部分应小于 1", "fraction part of mixed number %s %s is not proper", whole, frac)
	}
	return w.Add(w, f), nil
}

// parseDigits reads a plain integer (no grouping, sign or point).
func parseDigits(s string) (*big.Rat, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return nil, badInput(reasonNotNumber, "%q is not a whole number", s)
	}
	n, _ := new(big.Int).SetString(s, 10)
	return new(big.Rat).SetInt(n), nil
}

// parseDecimal reads digits with optional thousands grouping, decimal point
// and e-exponent: "1,234.5e-3".
func parseDecimal(s string) (*big.Rat, error) {
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := parseExponent(s[i+1:])
		if err != nil {
			return nil, err
		}
		mant, exp = s[:i], e
	}
	intPart, fracPart, hasPoint := strings.Cut(mant, ".")
	if hasPoint && strings.Contains(fracPart, ".") {
		return nil, badInput("小数点多了一个", "two decimal points in %q", s)
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		ok := len(groups[0]) >= 1 && len(groups[0]) <= 3 && groups[0] != "0"
		for _, g := range groups[1:] {
			ok = ok && len(g) == 3
		}
		if !ok {
			return nil, badInput("数字中的逗号位置不对：千位分隔如 1,000；小数请用小数点", "bad thousands grouping in %q", s)
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" && fracPart == "" || strings.Trim(intPart+fracPart, "0123456789") != "" {
		return nil, badInput(reasonNotNumber, "%q is not a number", s)
	}
	n, _ := new(big.Int).SetString(intPart+fracPart+"0", 10) // "0" keeps "" parsable
	r := new(big.Rat).SetFrac(n, big.NewInt(10))
	r.Mul(r, pow10(exp-len(fracPart)))
	return r, nil
}

// parseExponent reads a signed integer exponent within ±maxExponent.
func parseExponent(s string) (int, error) {
	t := strings.TrimPrefix(strings.TrimPrefix(s, "+"), "-")
	if t == "" || len(t) > 3 || strings.Trim(t, "0123456789") != "" {
		return 0, badInput(reasonNotNumber, "bad exponent %q", s)
	}
	var e int
	fmt.Sscan(t, &e)
	if e > maxExponent {
		return 0, badInput("指数过大（最多 %[2]d）", "exponent %s exceeds %d", s, maxExponent)
	}
	if strings.HasPrefix(s, "-") {
		e = -e
	}
	return e, nil
}

// pow10 returns 10^e for any int e (|e| is bounded by input length).
func pow10(e int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(absInt(e))), nil)
	if e < 0 {
		return new(big.Rat).SetFrac(big.NewInt(1), p)
	}
	return new(big.Rat).SetInt(p)
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// numberChecker judges fill_number items.
type numberChecker struct {
	want        []*big.Rat // answer, then synonyms
	tol         *big.Rat   // nil: exact
	percent     bool
	decimals    int             // places the response must show; -1: any
	decimalForm bool            // 用小数表示: no fractions
	units       map[string]bool // unitKey of the units that may follow the number
}

func compileNumber(it *Item) (checker, error) {
	c := numberChecker{percent: it.Check.Percent, decimals: -1, decimalForm: it.Check.Form == FormDecimal, units: map[string]bool{}}
	for _, a := range acceptedAnswers(it) {
		r, err := parseNumber(a, it.Check.Percent)
		if err != nil {
			return nil, fmt.Errorf("answer %q is not a number: %w", a, err)
		}
		c.want = append(c.want, r)
	}
	switch d := decimalPlaces(it.Answer); {
	case it.Check.Decimals != nil:
		c.decimals = *it.Check.Decimals
	case d > 0 && strings.HasSuffix(strings.TrimSpace(foldMath(it.Answer)), "0"):
		c.decimals = d // a key such as 23.60 shows the places it wants
	case d > 0 && stemPlaces(it.Stem) == d:
		c.decimals = d // the stem asks 保留一位小数 and the key shows it
	}
	if t := it.Check.Tolerance; t != "" {
		r, err := ParseNumber(t)
		if err != nil {
			return nil, fmt.Errorf("check.tolerance %q is not a number: %w", t, err)
		}
		if r.Sign() < 0 {
			return nil, fmt.Errorf("check.tolerance %q is negative", t)
		}
		c.tol = r
	}
	for _, u := range append(stemUnits(it.Stem), it.Check.Units...) {
		if k := unitKey(u); k != "" {
			c.units[k] = true
		}
	}
	return c, nil
}

func (c numberChecker) check(response string) Verdict {
	s := c.cutUnit(response)
	if cn, ok := cnNumeral(s); ok {
		s = cn
	}
	got, err := parseNumber(s, c.percent)
	if err != nil {
		if numberThenText(response) {
			if len(c.units) > 0 {
				return malformed(CodeUnit, fmt.Sprintf("单位不对：请只填数字，或带上题目中的单位 %s", strings.Join(slices.Sorted(maps.Keys(c.units)), "、")))
			}
			return malformed(CodeUnit, "只需填写数字，不要带单位或文字")
		}
		return malformed(CodeNotNumber, reasonOf(err))
	}
	norm := FormatRat(got)
	if c.decimalForm && !isDecimalForm(s) {
		return malformed(CodeForm, "请用小数表示")
	}
	diff := new(big.Rat)
	for _, w := range c.want {
		diff.Sub(got, w)
		if diff.Sign() == 0 || c.tol != nil && diff.Abs(diff).Cmp(c.tol) <= 0 {
			if c.decimals >= 0 && decimalPlaces(s) != c.decimals {
				return wrong(norm, CodeDecimals, fmt.Sprintf("要保留 %d 位小数（末尾的 0 也要写）", c.decimals))
			}
			return Verdict{Correct: true, Normalized: norm}
		}
	}
	// A rounded decimal for an answer like 1/3 is the commonest near miss.
	if c.tol == nil && isDecimalInput(s) && !isFiniteDecimal(c.want[0]) {
		diff.Sub(got, c.want[0])
		diff.Abs(diff)
		if diff.Cmp(big.NewRat(1, 100)) <= 0 {
			return wrong(norm, CodeExact, "需要精确值，请用分数表示")
		}
	}
	return wrong(norm, CodeWrong, reasonWrong)
}

// cutUnit removes a unit the item accepts from the end of a response
// ("24个", "3.5 V", "11℃" for °C, "71%" when the stem shows ____%).
func (c numberChecker) cutUnit(response string) string {
	rs := []rune(strings.TrimSpace(response))
	for k := min(len(rs)-1, maxUnitRunes); k >= 1; k-- {
		if c.units[unitKey(string(rs[len(rs)-k:]))] {
			return strings.TrimSpace(string(rs[:len(rs)-k]))
		}
	}
	return string(rs)
}

// maxUnitRunes bounds a unit: "立方厘米", "kW·h", "g/cm³".
const maxUnitRunes = 6

// unitKey is the comparison form of a unit: NFKC (℃ = °C, full width to
// ASCII) without spaces.
func unitKey(u string) string {
	return strings.Join(strings.Fields(norm.NFKC.String(u)), "")
}

// blankUnit finds the text printed right after the first blank of a stem
// (____个, （　）米, ____ V).
var blankUnit = regexp.MustCompile(`(?:_{2,}|（[ \x{3000}]*）|\([ \x{3000}]*\))[ \x{3000}]*([^\s。，,；;：:（(）)！？!?、$.0-9]{1,6})`)

// stemUnits returns the unit after the stem's blank, and its first
// character when that is a Chinese measure word followed by more text
// (____个圆 takes 个).
func stemUnits(stem string) []string {
	m := blankUnit.FindStringSubmatch(stem)
	if m == nil {
		return nil
	}
	u := []string{m[1]}
	if first, _ := utf8.DecodeRuneInString(m[1]); unicode.Is(unicode.Han, first) && utf8.RuneCountInString(m[1]) > 1 {
		u = append(u, string(first))
	}
	return u
}

// stemRounding finds a rounding instruction in a stem: 保留一位小数,
// 保留两位小数, 精确到百分位, 精确到0.01.
var stemRounding = regexp.MustCompile(`保留\s*([一二两三四1-4])\s*位小数|精确到\s*(十分位|百分位|千分位|0\.0*1)`)

// stemPlaces is the number of decimal places a stem's rounding
// instruction asks for, or -1 when it has none (or more than one).
func stemPlaces(stem string) int {
	ms := stemRounding.FindAllStringSubmatch(stem, -1)
	if len(ms) != 1 {
		return -1
	}
	m := ms[0]
	switch {
	case m[1] != "":
		return map[string]int{"一": 1, "1": 1, "二": 2, "两": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4}[m[1]]
	case m[2] == "十分位":
		return 1
	case m[2] == "百分位":
		return 2
	case m[2] == "千分位":
		return 3
	}
	if d := len(m[2]) - 2; d <= 12 { // 0.01 → 2
		return d
	}
	return -1
}

// numberThenText reports whether s starts like a number and goes on with
// text, as "500N" or "3.5伏" do.
func numberThenText(s string) bool {
	s = strings.TrimLeft(strings.TrimSpace(foldMath(s)), "+-")
	i := strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.' || r == '/') })
	return i > 0 && strings.ContainsFunc(s[i:], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsSymbol(r) })
}

// decimalPlaces is the number of digits after the decimal point as
// written (3.00 → 2, 3 → 0), or -1 for a fraction or mixed number.
func decimalPlaces(s string) int {
	s = strings.TrimSpace(foldMath(s))
	if !isDecimalForm(s) {
		return -1
	}
	_, frac, ok := strings.Cut(s, ".")
	if !ok {
		return 0
	}
	n := 0
	for n < len(frac) && frac[n] >= '0' && frac[n] <= '9' {
		n++
	}
	return n
}

// isDecimalForm reports whether a number is written without fractions,
// mixed numbers or percent (用小数表示).
func isDecimalForm(s string) bool {
	return !strings.ContainsFunc(foldMath(s), func(r rune) bool {
		_, v := vulgar[r]
		return v || strings.ContainsRune("/又%", r)
	})
}

// isDecimalInput reports whether a response was typed with a decimal point.
func isDecimalInput(s string) bool {
	return strings.ContainsAny(foldMath(s), ".")
}

// isFiniteDecimal reports whether r has a terminating decimal expansion,
// i.e. its reduced denominator has no prime factors but 2 and 5.
func isFiniteDecimal(r *big.Rat) bool {
	d := new(big.Int).Set(r.Denom())
	m := new(big.Int)
	for _, p := range []int64{2, 5} {
		bp := big.NewInt(p)
		for {
			q, rem := new(big.Int).QuoRem(d, bp, m)
			if rem.Sign() != 0 {
				break
			}
			d = q
		}
	}
	return d.IsInt64() && d.Int64() == 1
}
