package password

import (
	_ "embed"
	"errors"
	"strings"
	"unicode/utf8"
)

// MinLength is the shortest password accepted, in characters.
const MinLength = 8

// Errors returned by Check.
var (
	ErrTooShort = errors.New("password shorter than 8 characters")
	ErrCommon   = errors.New("password is on the list of common passwords")
)

//go:embed common.txt
var commonList string

// common holds the refused passwords, lower-case.
var common = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// Check applies the password policy: at least MinLength characters, not
// one of a short embedded list of common passwords, and not a single
// character repeated.
func Check(pw string) error {
	if utf8.RuneCountInString(pw) < MinLength {
		return ErrTooShort
	}
	low := strings.ToLower(pw)
	if common[low] || strings.Count(low, low[:1]) == len(low) {
		return ErrCommon
	}
	return nil
}
