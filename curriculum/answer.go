package curriculum

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Verdict is the judgement of one response: correct, wrong, or malformed
// (not an answer to this item at all).
type Verdict struct {
	Correct bool
	// Malformed says the response is not an answer to the item: it cannot
	// be read for the item's type (500N, a sentence where a number is
	// asked), has a unit the item does not take, or has the right value in
	// a form the item rules out. It is neither right nor wrong: the student
	// sees Reason and answers again, and nothing is recorded.
	Malformed bool
	// Code is the stable reason code (Code* constants); empty when correct.
	Code string
	// Normalized is the response as the checker understood it (e.g. "3/4"
	// for "0.75", "2*(x+1)" for "2(x+1)"), shown back to the student so a
	// misread is visible, and logged.
	Normalized string
	// Reason says briefly, in Chinese, why a response was not accepted.
	Reason string
}

// Limits that keep checking bounded on any input; each has its own reason.
const (
	maxInputRunes = 500 // longest response or answer
	maxDepth      = 64  // nesting of brackets, signs and powers
	maxExponent   = 64  // largest |n| in x^n and 1.2e±n
	maxParts      = 20  // solutions or list entries in one answer
)

// Reasons shared by several checkers.
const (
	reasonEmpty = "未作答"
	reasonWrong = "答案不正确"
)

// Reason codes of a Verdict. The first group marks a wrong answer, the
// second a malformed one.
const (
	CodeWrong    = "wrong"
	CodeDecimals = "decimals" // the right value without the places the item asks for
	CodeExact    = "exact"    // a rounded decimal where an exact value is asked

	CodeEmpty        = "empty"
	CodeTooLong      = "too_long"
	CodeNotNumber    = "not_number"
	CodeUnit         = "unit"
	CodeNotChoice    = "not_choice"
	CodeNotTrueFalse = "not_true_false"
	CodeNotExpr      = "not_expression"
	CodeUndecidable  = "undecidable"
	CodeForm         = "form" // a form the item rules out (用小数表示, 一般式, 列举法)
)

// malformed is the verdict on a response that is not an answer.
func malformed(code, reason string) Verdict {
	return Verdict{Malformed: true, Code: code, Reason: reason}
}

// wrong is the verdict on a readable, wrong response.
func wrong(normalized, code, reason string) Verdict {
	return Verdict{Normalized: normalized, Code: code, Reason: reason}
}

// inputError is an answer that cannot be read. Error() is for authors and
// logs; zh is the short Chinese reason shown to the student.
type inputError struct{ msg, zh string }

func (e *inputError) Error() string { return e.msg }

// badInput builds an inputError. Both formats take the same arguments; a
// zh without verbs is used as is.
func badInput(zh, en string, args ...any) error {
	if strings.Contains(zh, "%") {
		zh = fmt.Sprintf(zh, args...)
	}
	return &inputError{msg: fmt.Sprintf(en, args...), zh: zh}
}

// reasonOf turns a parse error into a reason for the student.
func reasonOf(err error) string {
	if ie, ok := errors.AsType[*inputError](err); ok {
		return ie.zh
	}
	return "答案格式无法识别"
}

// checker judges responses against one item's parsed answer.
type checker interface {
	check(response string) Verdict
}

// Check judges a student's response to an item. A response that is wrong or
// unreadable gives Correct=false and a Reason; the error is reserved for a
// broken item (its answer does not parse for its type, unknown type), which
// ValidateItem reports before content ships.
func Check(it *Item, response string) (Verdict, error) {
	if it == nil {
		return Verdict{}, errors.New("check: nil item")
	}
	c, err := compileItem(it)
	if err != nil {
		return Verdict{}, fmt.Errorf("item %s: %w", it.ID, err)
	}
	if n := utf8.RuneCountInString(response); n > maxInputRunes {
		return malformed(CodeTooLong, fmt.Sprintf("答案过长（%d 个字符，最多 %d 个）", n, maxInputRunes)), nil
	}
	if strings.TrimFunc(response, isSpace) == "" {
		return malformed(CodeEmpty, reasonEmpty), nil
	}
	return c.check(response), nil
}

// ValidateItem reports whether an item can be checked: its answer (and
// every synonym) parses for its type, its options are consistent, its
// check rule fits its type, and its own answer checks correct. Messages
// name the item; the caller adds file and line.
func ValidateItem(it *Item) error {
	if it == nil {
		return errors.New("nil item")
	}
	if err := validateRule(it); err != nil {
		return fmt.Errorf("item %s: %w", it.ID, err)
	}
	if _, err := compileItem(it); err != nil {
		return fmt.Errorf("item %s: %w", it.ID, err)
	}
	for _, a := range acceptedAnswers(it) {
		v, err := Check(it, a)
		if err != nil {
			return err
		}
		if !v.Correct {
			return fmt.Errorf("item %s: answer %q does not check correct against the item (%s)", it.ID, a, v.Reason)
		}
	}
	return nil
}

// validateRule rejects check options and options that do not fit the type,
// so an author learns that e.g. a tolerance on a text item has no effect.
func validateRule(it *Item) error {
	r := it.Check
	if r.Tolerance != "" && it.Type != FillNumber {
		return fmt.Errorf("check.tolerance applies only to %s items, not %s", FillNumber, it.Type)
	}
	if r.Percent && it.Type != FillNumber {
		return fmt.Errorf("check.percent applies only to %s items, not %s", FillNumber, it.Type)
	}
	if r.CaseSensitive && it.Type != FillText {
		return fmt.Errorf("check.case_sensitive applies only to %s items, not %s", FillText, it.Type)
	}
	if r.Decimals != nil {
		switch {
		case it.Type != FillNumber:
			return fmt.Errorf("check.decimals applies only to %s items, not %s", FillNumber, it.Type)
		case *r.Decimals < 0 || *r.Decimals > 12:
			return fmt.Errorf("check.decimals %d is not between 0 and 12", *r.Decimals)
		case r.Tolerance != "":
			return errors.New("check.decimals is a rounding rule; it cannot go with check.tolerance")
		}
	}
	if len(r.Units) > 0 && it.Type != FillNumber {
		return fmt.Errorf("check.units apply only to %s items, not %s", FillNumber, it.Type)
	}
	if len(r.Optional) > 0 && it.Type != FillText {
		return fmt.Errorf("check.optional applies only to %s items, not %s", FillText, it.Type)
	}
	switch r.Form {
	case "":
	case FormDecimal:
		if it.Type != FillNumber {
			return fmt.Errorf("check.form %q applies only to %s items, not %s", r.Form, FillNumber, it.Type)
		}
	case FormGeneral, FormRoster:
		if it.Type != FillExpr {
			return fmt.Errorf("check.form %q applies only to %s items, not %s", r.Form, FillExpr, it.Type)
		}
	default:
		return fmt.Errorf("check.form %q is not one of %s, %s, %s", r.Form, FormDecimal, FormGeneral, FormRoster)
	}
	switch it.Type {
	case SingleChoice, MultiChoice, TrueFalse:
		if len(r.Synonyms) > 0 {
			return fmt.Errorf("check.synonyms do not apply to %s items", it.Type)
		}
	}
	switch it.Type {
	case SingleChoice, MultiChoice:
		if len(it.Options) < 2 {
			return fmt.Errorf("%s item needs at least 2 options, has %d", it.Type, len(it.Options))
		}
		if len(it.Options) > 26 {
			return fmt.Errorf("%s item has %d options, at most 26 (A-Z)", it.Type, len(it.Options))
		}
		seen := map[string]int{}
		for i, o := range it.Options {
			k := normText(o, false)
			if k == "" {
				return fmt.Errorf("option %c is empty", 'A'+i)
			}
			if j, dup := seen[k]; dup {
				return fmt.Errorf("options %c and %c are the same (%q)", 'A'+j, 'A'+i, o)
			}
			seen[k] = i
		}
	case TrueFalse, FillNumber, FillExpr, FillText:
		if len(it.Options) > 0 {
			return fmt.Errorf("%s item must not have options", it.Type)
		}
	}
	return nil
}

// acceptedAnswers is the answer followed by its synonyms.
func acceptedAnswers(it *Item) []string {
	return append([]string{it.Answer}, it.Check.Synonyms...)
}

// compileItem parses the item's answer for its type.
func compileItem(it *Item) (checker, error) {
	if strings.TrimSpace(it.Answer) == "" {
		return nil, errors.New("answer is empty")
	}
	for _, a := range acceptedAnswers(it) {
		if n := utf8.RuneCountInString(a); n > maxInputRunes {
			return nil, fmt.Errorf("answer %.20q… is %d characters long, at most %d", a, n, maxInputRunes)
		}
	}
	switch it.Type {
	case SingleChoice, MultiChoice:
		multi := it.Type == MultiChoice
		want, err := parseChoice(it.Answer, len(it.Options), multi)
		if err != nil {
			return nil, fmt.Errorf("answer %q is not a valid %s answer: %w", it.Answer, it.Type, err)
		}
		return choiceChecker{want: want, n: len(it.Options), multi: multi}, nil
	case TrueFalse:
		want, err := parseTrueFalse(it.Answer)
		if err != nil {
			return nil, fmt.Errorf("answer %q is not a true/false answer: %w", it.Answer, err)
		}
		return tfChecker(want), nil
	case FillNumber:
		return compileNumber(it)
	case FillExpr:
		return compileExpr(it)
	case FillText:
		return compileText(it)
	case "":
		return nil, errors.New("item has no type")
	default:
		return nil, fmt.Errorf("unknown item type %q", it.Type)
	}
}

// choiceChecker judges single and multiple choice; want holds the sorted
// letters of the right options.
type choiceChecker struct {
	want  string
	n     int
	multi bool
}

func (c choiceChecker) check(response string) Verdict {
	got, err := parseChoice(response, c.n, c.multi)
	if err != nil {
		return malformed(CodeNotChoice, reasonOf(err))
	}
	if got == c.want {
		return Verdict{Correct: true, Normalized: got}
	}
	if c.multi && !strings.ContainsFunc(got, func(r rune) bool { return !strings.ContainsRune(c.want, r) }) {
		return wrong(got, CodeWrong, "选项不全")
	}
	return wrong(got, CodeWrong, reasonWrong)
}

// parseChoice reads option letters: "B", "b", "Ｂ", "(B)", "A,C", "AC",
// "C、A". It returns the distinct letters sorted; n > 0 bounds them to the
// item's options.
func parseChoice(s string, n int, multi bool) (string, error) {
	s = strings.ToUpper(foldWidth(s))
	var letters []rune
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			if n > 0 && int(r-'A') >= n {
				return "", badInput("没有选项 %c（共 %d 个选项）", "there is no option %c (the item has %d)", r, n)
			}
			if !slices.Contains(letters, r) {
				letters = append(letters, r)
			}
		case isSpace(r) || strings.ContainsRune(",;、()[].。", r):
			// separators and wrapping such as "(B)" or "B."
		default:
			return "", badInput("请填写选项字母，如 B", "%q is not an option letter", r)
		}
	}
	switch {
	case len(letters) == 0:
		return "", badInput("请填写选项字母，如 B", "no option letter")
	case !multi && len(letters) > 1:
		return "", badInput("单选题只能选一个选项", "single choice needs exactly one letter, got %d", len(letters))
	}
	slices.Sort(letters)
	return string(letters), nil
}

// tfChecker judges a true/false item; its value is the right answer.
type tfChecker bool

func (c tfChecker) check(response string) Verdict {
	got, err := parseTrueFalse(response)
	if err != nil {
		return malformed(CodeNotTrueFalse, reasonOf(err))
	}
	if got != bool(c) {
		return wrong(tfWord(got), CodeWrong, reasonWrong)
	}
	return Verdict{Correct: true, Normalized: tfWord(got)}
}

func tfWord(b bool) string {
	if b {
		return "对"
	}
	return "错"
}

// tfWords are the accepted spellings, after width and case folding.
var tfWords = map[string]bool{
	"对": true, "√": true, "✓": true, "✔": true, "t": true, "true": true, "正确": true, "是": true, "y": true, "yes": true,
	"错": false, "×": false, "x": false, "✗": false, "✘": false, "f": false, "false": false, "错误": false, "否": false, "n": false, "no": false,
}

func parseTrueFalse(s string) (bool, error) {
	k := strings.ToLower(strings.TrimFunc(foldWidth(s), func(r rune) bool {
		return isSpace(r) || strings.ContainsRune(".。!()", r)
	}))
	b, ok := tfWords[k]
	if !ok {
		return false, badInput("请回答“对”或“错”", "%q is not one of 对/错/√/×/T/F/true/false/正确/错误", s)
	}
	return b, nil
}

// foldWidth maps full-width ASCII (Ａ，１，（）) and the ideographic space
// to their ASCII forms; Chinese input methods produce them constantly.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// foldMath brings the many ways of typing mathematics to one ASCII-like
// form: full width folded, every minus-like dash to '-', × · to '*', ÷ and
// the fraction slash to '/', "。" to '.', superscript digits to "^(n)" and
// subscript digits to "_n" (x₁ → x_1). Vulgar fractions, √, π and the
// relation signs ≤ ≥ ≠ stay, for the parsers to handle.
func foldMath(s string) string {
	var b strings.Builder
	sup, sub := false, false // inside a run of superscripts, subscripts
	for _, r := range foldWidth(s) {
		d, isSup := superscript(r)
		if sup && !isSup {
			b.WriteByte(')')
		}
		if isSup {
			if !sup {
				b.WriteString("^(")
			}
			b.WriteRune(d)
			sup = true
			continue
		}
		sup = false
		if r >= '₀' && r <= '₉' {
			if !sub {
				b.WriteByte('_')
			}
			b.WriteRune('0' + r - '₀')
			sub = true
			continue
		}
		sub = false
		switch {
		case strings.ContainsRune("−‐‑‒–—﹣", r):
			b.WriteByte('-')
		case strings.ContainsRune("×✕✖·⋅∙•", r):
			b.WriteByte('*')
		case strings.ContainsRune("÷∕⁄", r):
			b.WriteByte('/')
		case r == '。':
			b.WriteByte('.')
		case r == '【':
			b.WriteByte('[')
		case r == '】':
			b.WriteByte(']')
		case r == '〔':
			b.WriteByte('(')
		case r == '〕':
			b.WriteByte(')')
		case r == '≦' || r == '⩽':
			b.WriteRune('≤')
		case r == '≧' || r == '⩾':
			b.WriteRune('≥')
		default:
			b.WriteRune(r)
		}
	}
	if sup {
		b.WriteByte(')')
	}
	return b.String()
}

// superscript maps ⁰-⁹, ⁺ and ⁻ to their ASCII forms.
func superscript(r rune) (rune, bool) {
	switch {
	case r == '¹':
		return '1', true
	case r == '²':
		return '2', true
	case r == '³':
		return '3', true
	case r == '⁰' || r >= '⁴' && r <= '⁹':
		return '0' + r - '⁰', true
	case r == '⁺':
		return '+', true
	case r == '⁻':
		return '-', true
	}
	return 0, false
}
