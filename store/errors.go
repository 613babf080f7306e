package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/zhixi-org/zhixi"
)

// Message keys this package returns in *zhixi.Error, for the web layer's
// catalogue. Codes in brackets.
//
//	err.not_found              [not_found]   generic: no such record
//	err.street_not_found       [not_found]
//	err.community_not_found    [not_found]
//	err.room_not_found         [not_found]
//	err.user_not_found         [not_found]
//	err.student_not_found      [not_found]
//	err.session_not_found      [not_found]   missing or expired session
//	err.subject_not_found      [not_found]   subject never imported
//	err.item_not_found         [not_found]   unknown item or item version
//	err.screening_not_found    [not_found]
//	err.model_not_found        [not_found]
//	err.practice_not_found     [not_found]   practice never started
//	err.name_required          [invalid]     empty street/community/room/student name
//	err.invalid_seats          [invalid]     seats <= 0
//	err.username_required      [invalid]
//	err.invalid_role           [invalid]
//	err.scope_required         [invalid]     role needs a community (or street for street_viewer)
//	err.invalid_grade          [invalid]     grade outside 1-12
//	err.birth_month_required   [invalid]
//	err.not_guardian           [invalid]     linked account is not a guardian
//	err.token_required         [invalid]     session without token hash or user
//	err.action_required        [invalid]     audit entry without action
//	err.subject_id_required    [invalid]
//	err.content_id_required    [invalid]     chapter, knowledge point or item without id; Args: subject
//	err.content_duplicate      [invalid]     id used twice in one import; Args: id
//	err.item_other_subject     [conflict]    item id already belongs to another subject; Args: item, subject
//	err.invalid_attempt        [invalid]     attempt without student, item or version
//	err.invalid_status         [invalid]     screening status not active/finished/abandoned
//	err.model_name_required    [invalid]
//	err.invalid_practice       [invalid]     practice state without student, subject or state
//	err.invalid                [invalid]     generic check/not-null violation
//	err.text_invalid           [invalid]     text the database cannot store (a NUL on PostgreSQL)
//	err.bad_dsn                [invalid]     unparsable database address
//	err.backup_exists          [invalid]     backup target exists; Args: path
//	err.backup_dir_missing     [invalid]     backup directory missing; Args: dir
//	err.backup_postgres        [invalid]     use pg_dump for PostgreSQL
//	err.duplicate              [conflict]    generic unique violation
//	err.username_taken         [conflict]
//	err.already_linked         [conflict]    guardian already linked to student
//	err.version_conflict       [conflict]    screening changed concurrently
//	err.access_changed         [conflict]    access epoch moved since the actor or student was read
//	err.not_guardian_of_student [forbidden]  consent from an unlinked guardian
//	err.unavailable            [unavailable] database down, locked, read-only or full
//	err.schema_outdated        [unavailable] migrations pending; Args: current, latest
//	err.schema_newer           [unavailable] database migrated by a newer zhixi; Args: current, latest
//	err.internal               [internal]

// fault is what a driver error means to the domain.
type fault int

const (
	faultOther fault = iota
	faultUnique
	faultForeignKey
	faultCheck
	faultUnavailable
	faultText
)

// SQLite extended result codes (https://sqlite.org/rescode.html).
const (
	sqliteBusy                 = 5
	sqliteLocked               = 6
	sqliteReadOnly             = 8
	sqliteIOErr                = 10
	sqliteFull                 = 13
	sqliteCantOpen             = 14
	sqliteConstraintCheck      = 275
	sqliteConstraintFK         = 787
	sqliteConstraintNotNull    = 1299
	sqliteConstraintPK         = 1555
	sqliteConstraintUnique     = 2067
	sqlitePrimaryCodeMask      = 0xff
	pgUniqueViolation          = "23505"
	pgForeignKeyViolation      = "23503"
	pgCheckViolation           = "23514"
	pgNotNullViolation         = "23502"
	pgCharacterNotInRepertoire = "22021" // a NUL or invalid UTF-8 in text
	pgUntranslatableCharacter  = "22P05"
	pgReadOnlyTransaction      = "25006"
	pgConnectionExceptionCls   = "08"
	pgInsufficientResourceCls  = "53"
	pgOperatorInterventionCls  = "57" // admin shutdown, crash shutdown, cannot connect now
	pgSystemErrorCls           = "58" // I/O error
)

// classify reads the driver's error code, never the message text.
func classify(err error) fault {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch code := se.Code(); code {
		case sqliteConstraintUnique, sqliteConstraintPK:
			return faultUnique
		case sqliteConstraintFK:
			return faultForeignKey
		case sqliteConstraintCheck, sqliteConstraintNotNull:
			return faultCheck
		default:
			switch code & sqlitePrimaryCodeMask {
			case sqliteBusy, sqliteLocked, sqliteReadOnly, sqliteIOErr, sqliteFull, sqliteCantOpen:
				return faultUnavailable
			}
		}
		return faultOther
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation:
			return faultUnique
		case pgForeignKeyViolation:
			return faultForeignKey
		case pgCheckViolation, pgNotNullViolation:
			return faultCheck
		case pgReadOnlyTransaction:
			return faultUnavailable
		case pgCharacterNotInRepertoire, pgUntranslatableCharacter:
			return faultText
		}
		switch pe.Code[:2] {
		case pgConnectionExceptionCls, pgInsufficientResourceCls, pgOperatorInterventionCls, pgSystemErrorCls:
			return faultUnavailable
		}
		return faultOther
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		pgconn.Timeout(err), pgconn.SafeToRetry(err):
		return faultUnavailable
	}
	return faultOther
}

// dbError turns a driver error from operation op into a domain error
// (generic keys); callers that know better check classify first. An
// *zhixi.Error passes through unchanged.
func dbError(err error, op string) error {
	if err == nil {
		return nil
	}
	var de *zhixi.Error
	if errors.As(err, &de) {
		return err
	}
	cause := fmt.Errorf("%s: %w", op, err)
	if errors.Is(err, sql.ErrNoRows) {
		return zhixi.WrapError(zhixi.ENOTFOUND, "err.not_found", cause)
	}
	switch classify(err) {
	case faultUnique:
		return zhixi.WrapError(zhixi.ECONFLICT, "err.duplicate", cause)
	case faultForeignKey:
		return zhixi.WrapError(zhixi.ENOTFOUND, "err.not_found", cause)
	case faultCheck:
		return zhixi.WrapError(zhixi.EINVALID, "err.invalid", cause)
	case faultUnavailable:
		return zhixi.WrapError(zhixi.EUNAVAILABLE, "err.unavailable", cause)
	case faultText:
		// The last line behind zhixi.CheckText, which every decoder runs.
		return zhixi.WrapError(zhixi.EINVALID, "err.text_invalid", cause)
	}
	return zhixi.WrapError(zhixi.EINTERNAL, "err.internal", cause)
}

// conflictError is dbError with a specific key for a unique violation.
func conflictError(err error, op, key string) error {
	if classify(err) == faultUnique {
		return zhixi.WrapError(zhixi.ECONFLICT, key, fmt.Errorf("%s: %w", op, err))
	}
	return dbError(err, op)
}

// notFound returns ENOTFOUND with key when err is sql.ErrNoRows, else the
// mapped error. Single-row getters use it, so they never return (nil, nil).
func notFound(err error, op, key string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return zhixi.WrapError(zhixi.ENOTFOUND, key, fmt.Errorf("%s: %w", op, err))
	}
	return dbError(err, op)
}

// ref names a row a new record points at, and the key to report when it
// is missing.
type ref struct {
	table string // a table with an integer id column
	id    int64
	key   string
}

// refError explains a foreign-key violation: SQLite does not say which
// constraint failed, so the referenced rows are looked up, and the first
// missing one names the error. Other errors map as dbError does.
func (db *DB) refError(ctx context.Context, err error, op string, refs ...ref) error {
	if classify(err) != faultForeignKey {
		return dbError(err, op)
	}
	cause := fmt.Errorf("%s: %w", op, err)
	for _, r := range refs {
		if r.id == 0 {
			return zhixi.WrapError(zhixi.ENOTFOUND, r.key, cause)
		}
		var one int
		qerr := db.reader().queryRow(ctx, "SELECT 1 FROM "+r.table+" WHERE id = ?", r.id).Scan(&one)
		if errors.Is(qerr, sql.ErrNoRows) {
			return zhixi.WrapError(zhixi.ENOTFOUND, r.key, cause)
		}
	}
	return zhixi.WrapError(zhixi.ENOTFOUND, "err.not_found", cause)
}

// blank reports whether s is empty after trimming spaces.
func blank(s string) bool { return strings.TrimSpace(s) == "" }
