package curriculum

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// textChecker judges fill_text items: the response must equal the answer or
// a synonym after normText.
type textChecker struct {
	accepted      []string
	caseSensitive bool
	optional      []string // normText of CheckRule.Optional
}

func compileText(it *Item) (checker, error) {
	c := textChecker{caseSensitive: it.Check.CaseSensitive}
	for _, o := range it.Check.Optional {
		if k := normText(o, c.caseSensitive); k != "" {
			c.optional = append(c.optional, k)
		}
	}
	for _, a := range acceptedAnswers(it) {
		k := c.key(a)
		if k == "" {
			return nil, fmt.Errorf("answer %q is empty after normalisation", a)
		}
		c.accepted = append(c.accepted, k)
	}
	return c, nil
}

// key is the comparison key: normText without the optional words at
// either end (铁元素 → 铁 with optional 元素); a response that is only an
// optional word keeps it.
func (c textChecker) key(s string) string {
	k := normText(s, c.caseSensitive)
	for _, o := range c.optional {
		if t := strings.TrimSuffix(strings.TrimPrefix(k, o), o); t != "" {
			k = t
		}
	}
	return k
}

func (c textChecker) check(response string) Verdict {
	got := c.key(response)
	if got == "" {
		return malformed(CodeEmpty, reasonEmpty)
	}
	if slices.Contains(c.accepted, got) {
		return Verdict{Correct: true, Normalized: got}
	}
	if c.caseSensitive && slices.ContainsFunc(c.accepted, func(a string) bool { return strings.EqualFold(got, a) }) {
		return wrong(got, CodeWrong, "注意大小写")
	}
	return wrong(got, CodeWrong, reasonWrong)
}

// textPunct maps Chinese punctuation that NFKC leaves alone to ASCII.
var textPunct = strings.NewReplacer(
	"。", ".", "、", ",", "“", `"`, "”", `"`, "„", `"`, "‘", "'", "’", "'",
	"「", `"`, "」", `"`, "『", `"`, "』", `"`, "【", "[", "】", "]",
)

// endPunct is trimmed from both ends: a sentence-final "。" or quotes
// around the answer do not change it.
const endPunct = `.,;:!?"'`

// normText is the comparison key of a text answer: NFKC (full width to
// half width, compatibility forms), Chinese punctuation to ASCII, case
// folded unless caseSensitive, whitespace collapsed and dropped next to Han
// characters and punctuation ("光合 作用" = "光合作用", "a , b" = "a,b"),
// punctuation and spaces trimmed at the ends.
func normText(s string, caseSensitive bool) string {
	s = textPunct.Replace(norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD")))
	if !caseSensitive {
		s = strings.ToLower(s)
	}
	rs := []rune(strings.Join(strings.Fields(s), " "))
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && (tight(rs[i-1]) || tight(rs[i+1])) { // Fields left no space at the ends
			continue
		}
		b.WriteRune(r)
	}
	return strings.Trim(b.String(), endPunct+" ")
}

// tight reports whether spaces next to r carry no meaning.
func tight(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.IsPunct(r)
}
