// Package zhixi holds the domain of the AI智习室 platform: organisations,
// accounts and roles, students and guardians, the audit trail, and the
// service interfaces that storage implements. It knows nothing of HTTP or
// SQL; store/ and web/ depend on it, never the other way round.
package zhixi

import (
	"errors"
	"fmt"
)

// Error codes. Transports map them to statuses; they are stable and part
// of the JSON API.
const (
	EINVALID      = "invalid"      // bad input: the caller can fix it
	ENOTFOUND     = "not_found"    // no such record (or not visible to the caller)
	ECONFLICT     = "conflict"     // duplicate or concurrent change
	EUNAUTHORIZED = "unauthorized" // not logged in, or wrong credentials
	EFORBIDDEN    = "forbidden"    // logged in, but not allowed
	ELOCKED       = "locked"       // too many attempts; try later
	EUNAVAILABLE  = "unavailable"  // database down or read-only
	EINTERNAL     = "internal"     // a bug or an unexpected fault
)

// Error is a domain error. Key is a message-catalogue key (the UI is
// Chinese first; see web/i18n); Args fill the message's placeholders.
type Error struct {
	Code string
	Key  string
	Args []any
	Err  error // the wrapped cause, if any; never shown to users
}

func (e *Error) Error() string {
	s := e.Code + ": " + e.Key
	if len(e.Args) > 0 {
		s += fmt.Sprint(e.Args...)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with code and message key.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// WrapError returns an *Error with code and key that wraps cause.
func WrapError(code, key string, cause error) *Error {
	return &Error{Code: code, Key: key, Err: cause}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorKey returns the message key of err, "err.internal" when it has none.
func ErrorKey(err error) (key string, args []any) {
	var e *Error
	if errors.As(err, &e) && e.Key != "" {
		return e.Key, e.Args
	}
	return "err.internal", nil
}
