package zhixi

import (
	"unicode"
	"unicode/utf8"
)

// Text limits in characters (not bytes): a name fits on a tablet's line,
// an answer is what a student types, anything else stays short enough to
// show and to store without surprises.
const (
	MaxName   = 50
	MaxAnswer = 500
	MaxText   = 200
)

// CheckText refuses text that is not valid UTF-8, holds a control
// character (NUL included: PostgreSQL cannot store it, and nothing a
// person types contains one) or is longer than max characters. multiline
// lets tabs and line breaks through. label names the field in the
// Chinese message. Every decoder and action checks text with it, so both
// databases see the same input.
func CheckText(label, s string, max int, multiline bool) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "err.text_encoding", label)
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return Errorf(EINVALID, "err.text_control", label)
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Errorf(EINVALID, "err.text_too_long", label, max, n)
	}
	return nil
}
