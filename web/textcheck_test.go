package web

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Whatever a client sends, checkField accepts only text without control
// characters (bar a multiline field's line breaks and tabs), valid UTF-8,
// within the field's cap.
func FuzzCheckField(f *testing.F) {
	for _, s := range []string{"王小明", "a\x00b", "\x1b[31m", "line\nbreak", "\xff", strings.Repeat("长", 51), `<script>alert(1)</script>`} {
		for _, name := range []string{"name", "answer", "body", "other"} {
			f.Add(name, s)
		}
	}
	f.Fuzz(func(t *testing.T, name, v string) {
		if checkField(name, v) != nil {
			return
		}
		fld, ok := textFields[name]
		if !ok {
			fld = textField{name, maxField, false}
		}
		if !utf8.ValidString(v) {
			t.Fatalf("accepted invalid UTF-8 %q in %s", v, name)
		}
		for _, r := range strings.TrimSpace(v) {
			if unicode.IsControl(r) && !(fld.multiline && (r == '\n' || r == '\r' || r == '\t')) {
				t.Fatalf("accepted control character %U in %s: %q", r, name, v)
			}
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(v)); n > fld.max {
			t.Fatalf("accepted %d characters in %s (cap %d)", n, name, fld.max)
		}
	})
}
