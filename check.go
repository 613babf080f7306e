package zhixi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLen is the longest name (of a person, a community, a room) the
// forms accept, in characters.
const MaxNameLen = 50

// CheckText trims s and refuses it, naming field, when it is longer than
// max characters or holds control characters (a NUL would make PostgreSQL
// fail). An empty s is returned as is; CheckName requires one.
func CheckText(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return s, Errorf(EINVALID, "err.field_control", field)
	}
	if utf8.RuneCountInString(s) > max {
		return s, Errorf(EINVALID, "err.field_too_long", field, max)
	}
	return s, nil
}

// CheckName is CheckText for a required name of at most MaxNameLen
// characters.
func CheckName(field, s string) (string, error) {
	s, err := CheckText(field, s, MaxNameLen)
	if err == nil && s == "" {
		return s, Errorf(EINVALID, "err.field_required", field)
	}
	return s, err
}
