package zhixi

import (
	"context"
	"time"
)

// Tablet sign-in: students never type a password in the room. A
// supervisor signs a student into a room tablet, or shows a 6-digit code
// that the student types, valid TabletCodeTTL and once. The tablet session
// ends at check-out, when the room closes, or after TabletIdle.
const (
	TabletCodeTTL = 10 * time.Minute
	TabletIdle    = 30 * time.Minute
)

// TabletCode is a pending sign-in of a student on a room tablet.
type TabletCode struct {
	CodeHash  string
	StudentID int64
	RoomID    int64
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// TabletService keeps sign-in codes and ends tablet sessions.
type TabletService interface {
	// CreateTabletCode stores c; ECONFLICT if an unexpired code has the
	// same hash (the caller draws another).
	CreateTabletCode(ctx context.Context, c *TabletCode, by AuditEntry) error
	// UseTabletCode consumes the code at now, once: it returns the
	// student's tablet account (created on first use) and the room;
	// ENOTFOUND err.tablet_code_invalid if unknown, used or expired.
	UseTabletCode(ctx context.Context, codeHash string, now time.Time) (*User, *TabletCode, error)
	// StudentAccount returns the student's tablet account (created on
	// first use) for a supervisor's one-tap sign-in, audited from by.
	StudentAccount(ctx context.Context, studentID int64, by AuditEntry) (*User, error)
	// EndTabletSessions ends the tablet sessions of a student (at
	// check-out), returning how many ended.
	EndTabletSessions(ctx context.Context, studentID int64) (int64, error)
	// EndRoomTabletSessions ends every tablet session of a room (when the
	// room closes).
	EndRoomTabletSessions(ctx context.Context, roomID int64) (int64, error)
}
