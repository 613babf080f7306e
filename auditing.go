package zhixi

import "errors"

// Audit actions of access control and operations, besides those in audit.go.
const (
	AuditDeny   = "deny"   // a logged-in user was refused: forbidden, or a record hidden from them
	AuditFit    = "fit"    // the knowledge-tracing models were fitted on demand
	AuditBackup = "backup" // a copy of the database was written
)

// ErrDenied marks a not-found that hides a record the caller may not see:
// the caller learns nothing, but the denial can still be audited.
var ErrDenied = errors.New("access denied")

// Hidden is the error a caller gets for a record they may not see: the
// same ENOTFOUND as a missing record, marked with ErrDenied.
func Hidden() *Error { return WrapError(ENOTFOUND, "err.not_found", ErrDenied) }

// IsDenial reports whether err refused access: EFORBIDDEN, or a record
// hidden from the caller.
func IsDenial(err error) bool { return ErrorCode(err) == EFORBIDDEN || errors.Is(err, ErrDenied) }
