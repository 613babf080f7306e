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

// MinPasswordLen is the shortest password an account may choose.
const MinPasswordLen = 8

// CheckNewPassword refuses a password shorter than MinPasswordLen
// characters or one with control characters.
func CheckNewPassword(pw string) error {
	if strings.ContainsFunc(pw, unicode.IsControl) {
		return Errorf(EINVALID, "err.field_control", "密码")
	}
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return Errorf(EINVALID, "err.password_too_short", MinPasswordLen)
	}
	return nil
}
