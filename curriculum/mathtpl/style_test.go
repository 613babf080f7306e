package mathtpl

import (
	"regexp"
	"strings"
	"testing"
)

// styleSeeds is how many instances of every template the style and
// variety tests generate.
const styleSeeds = 200

// clumsy are forms no teacher writes, each with what it should read.
var clumsy = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`(^|[=+\-(\s,])1\s*(\\cdot\s*)?([a-zA-Z]|\()`), "coefficient 1 (write x, not 1x)"},
	{regexp.MustCompile(`\(-1\)\s*[a-zA-Z(]`), "coefficient -1 (write -x, not (-1)x)"},
	{regexp.MustCompile(`(^|[=+\-(\s,])0\s*(\\cdot\s*)?([a-zA-Z]|\()`), "coefficient 0 (drop the term)"},
	{regexp.MustCompile(`\(([a-zA-Z]|\d+)\)\^`), "brackets round a single letter or number before ^"},
	{regexp.MustCompile(`\^\{?1\}?([^0-9.]|$)`), "power 1 (write a, not a^{1})"},
	{regexp.MustCompile(`\\frac\{[^{}]*\}\{1\}`), "denominator 1"},
	{regexp.MustCompile(`([a-zA-Z)]|\^\{?\d+\}?)\s*[+-]\s*0([^0-9.]|$)`), "adding or subtracting 0 to an expression"},
	{regexp.MustCompile(`\+\s*-|-\s*-|-\s*\+`), "two signs in a row (+-, --)"},
	{regexp.MustCompile(`(^|[^a-zA-Z\\])([a-zA-Z])\s*\\cdot\s*([a-zA-Z])([^a-zA-Z'_]|$)`), "letters multiplied with a dot (write x^2 or xy)"},
}

// notation removes what legitimately looks like the forms above: the
// ellipsis of a division with remainder (\cdots) and combinatorial
// symbols C_5^1, A_5^1.
var notation = strings.NewReplacer(`\cdots`, "…")
var combinatorial = regexp.MustCompile(`[CA]_\{?\d+\}?\^\{?\d+\}?`)

// mathText returns what a student reads as maths: the $…$ segments of the
// stem, options and explanation, and the answer.
func mathText(stem string, options []string, explanation, answer string) []string {
	out := mathSegments(stem)
	for _, o := range options {
		out = append(out, mathSegments(o)...)
	}
	out = append(out, mathSegments(explanation)...)
	return append(out, answer)
}

// TestTemplatesReadAsATeacherWrites rejects 1x, (x)^2, a^{1},
// \frac{1}{1}, x·x-0 and the like in every template's output.
func TestTemplatesReadAsATeacherWrites(t *testing.T) {
	for _, tp := range All() {
		bad := map[string]string{}
		for seed := int64(1); seed <= styleSeeds && len(bad) < 3; seed++ {
			it, err := tp.Instance(seed)
			if err != nil {
				t.Fatalf("%s: %v", tp.ID, err)
			}
			for _, s := range mathText(it.Stem, it.Options, it.Explanation, it.Answer) {
				s = combinatorial.ReplaceAllString(notation.Replace(s), "C")
				for _, c := range clumsy {
					if loc := c.re.FindStringIndex(s); loc != nil {
						if _, seen := bad[c.what]; !seen {
							bad[c.what] = s
						}
					}
				}
			}
		}
		for what, s := range bad {
			t.Errorf("%s: %s in %q", tp.ID, what, s)
		}
	}
}

// distinctSeeds is the number of seeds in which a template must make at
// least 3 distinct questions (the seeds a screening or practice session
// draws from are of this order, and `content check` generates 50).
const distinctSeeds = 50

// TestTemplatesYieldDistinctItems: a template counts as items only when
// it makes at least 3 distinct questions in 50 seeds.
func TestTemplatesYieldDistinctItems(t *testing.T) {
	for _, tp := range All() {
		stems := map[string]bool{}
		for seed := int64(1); seed <= distinctSeeds; seed++ {
			it, err := tp.Instance(seed)
			if err != nil {
				t.Fatalf("%s: %v", tp.ID, err)
			}
			stems[strings.Join(append([]string{it.Stem}, it.Options...), "\x00")] = true
		}
		if len(stems) < 3 {
			t.Errorf("%s: %d distinct items in %d seeds, want at least 3", tp.ID, len(stems), distinctSeeds)
		}
	}
}

func TestTidyTeX(t *testing.T) {
	cases := []struct{ in, want string }{
		{"1x+2", "x+2"},
		{"-1x=-9", "-x=-9"},
		{"y=-1(x-5)^2+3", "y=-(x-5)^2+3"},
		{"10x+0.1y", "10x+0.1y"},
		{`\frac{1}{2}x`, `\frac{1}{2}x`},
		{"(x)^2+(y+4)^2=625", "x^2+(y+4)^2=625"},
		{"(5)^2=25", "5^2=25"},
		{"a_{5}q^{1}", "a_{5}q"},
		{`C_{5}^{1}\times3^{1}`, `C_{5}^{1}\times3`},
		{`\frac{1}{1}:\frac{1}{3}`, `1:\frac{1}{3}`},
		{`\frac{a+b}{1}`, `(a+b)`},
		{"y=-2(x+3)^2+0", "y=-2(x+3)^2"},
		{`\frac{3-0}{8-6}`, `\frac{3-0}{8-6}`},
		{"16--24=40", "16+24=40"},
		{"4+-1 m=0", "4-m=0"},
		{"1+(-1) m=0", "1-m=0"},
		{`9\div5=1\cdots\cdots4`, `9\div5=1\cdots\cdots4`},
	}
	for _, tc := range cases {
		if got := tidyTeX(tc.in); got != tc.want {
			t.Errorf("tidyTeX(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
