package mathtpl

import (
	"regexp"
	"strings"

	"github.com/zhixi-org/zhixi/curriculum"
)

// Templates print numbers into fixed patterns ("%dx+%d", "(%s)^2"), which
// for some draws gives forms no teacher writes: 1x, (x)^2, a^{1},
// \frac{6}{1}, +-3, x-0. tidy rewrites the maths of a generated item the
// way it would be written on the board; every template goes through it
// (tpl), and TestTemplatesReadAsATeacherWrites checks the result.

var (
	// A coefficient 1 or -1 before a letter or bracket: "1x" -> "x",
	// "(-1)m" -> "-m". Not after a digit, a point or "}" (10x, 0.1x,
	// \frac{1}{2}x).
	one      = regexp.MustCompile(`(^|[=+\-(\s,:<>])1\s*(?:\\cdot\s*)?([a-zA-Z(])`)
	minusOne = regexp.MustCompile(`\(-1\)\s*(?:\\cdot\s*)?([a-zA-Z(])`)
	// Brackets around a lone letter or non-negative number before a power.
	lone = regexp.MustCompile(`\(([a-zA-Z]|\d+(?:\.\d+)?)\)\^`)
	// A power 1, except in C_5^1 and A_5^1.
	powOne = regexp.MustCompile(`([CA]_\{?\d+\}?)?\^\{1\}|([CA]_\{?\d+\}?)?\^1([^0-9.]|$)`)
	// A fraction over 1.
	overOne = regexp.MustCompile(`\\frac\{([^{}]*)\}\{1\}`)
	// Adding or subtracting 0 after a letter, bracket or power.
	plusZero = regexp.MustCompile(`([a-zA-Z)]|\^\{?\d+\}?)\s*[+-]\s*0([^0-9.]|$)`)
	signs    = strings.NewReplacer("+-", "-", "--", "+", "-+", "-", "+ -", "- ", "- -", "+ ")
)

// tidyTeX rewrites one maths segment.
func tidyTeX(s string) string {
	s = strings.ReplaceAll(s, `\cdots`, "\x00")
	for range 2 { // a rewrite can expose another (x-0)^2 -> (x)^2 -> x^2
		s = plusZero.ReplaceAllString(s, "$1$2")
		s = minusOne.ReplaceAllString(s, "-$1")
		s = one.ReplaceAllString(s, "$1$2")
		s = lone.ReplaceAllString(s, "$1^")
		s = powOne.ReplaceAllStringFunc(s, func(m string) string {
			if strings.HasPrefix(m, "C_") || strings.HasPrefix(m, "A_") {
				return m
			}
			return strings.TrimPrefix(strings.TrimPrefix(m, "^{1}"), "^1")
		})
		s = overOne.ReplaceAllStringFunc(s, func(m string) string {
			num := overOne.FindStringSubmatch(m)[1]
			if strings.ContainsAny(num, "+-") {
				return "(" + num + ")"
			}
			return num
		})
		s = signs.Replace(s)
	}
	return strings.ReplaceAll(s, "\x00", `\cdots`)
}

// tidyText rewrites the $…$ segments of s and leaves the prose alone.
func tidyText(s string) string {
	parts := strings.Split(s, "$")
	for i := 1; i < len(parts); i += 2 {
		parts[i] = tidyTeX(parts[i])
	}
	return strings.Join(parts, "$")
}

// tidy rewrites what a student reads: stem, options and explanation (the
// answer is read by the checker, not shown before answering).
func tidy(it curriculum.Item) curriculum.Item {
	it.Stem = tidyText(it.Stem)
	for i, o := range it.Options {
		it.Options[i] = tidyText(o)
	}
	it.Explanation = tidyText(it.Explanation)
	return it
}
