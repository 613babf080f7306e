package zhixi

import (
	"context"
	"time"
)

// Registration statuses of an activity.
const (
	RegRegistered = "registered"
	RegWaiting    = "waiting"
	RegCancelled  = "cancelled"
)

// Activity is a minors' theme activity (未成年人主题活动), usually on a
// holiday.
type Activity struct {
	ID         int64
	RoomID     int64
	Title      string
	Start, End time.Time
	MinAge     int
	MaxAge     int
	Capacity   int
	Summary    string
	CreatedBy  int64
	CreatedAt  time.Time
	Registered int // filled by lists
	Waiting    int
	Attended   int
}

// ActivityRegistration is a child's place at an activity, or on its
// waiting list.
type ActivityRegistration struct {
	ID           int64
	ActivityID   int64
	StudentID    int64
	Status       string
	Attended     bool
	RegisteredBy int64
	RegisteredAt time.Time
	StudentName  string
	Position     int // waiting-list place, lists only
}

// Material is a public-welfare item (公益物料) kept in a room.
type Material struct {
	ID     int64
	RoomID int64
	Name   string
	Unit   string
	Stock  int
}

// MaterialMove is one movement of stock: received (Delta > 0) or given
// out (Delta < 0, to an activity or as a count), by a person at a time.
type MaterialMove struct {
	ID         int64
	MaterialID int64
	Delta      int
	ActivityID int64
	Note       string
	MovedBy    int64
	MovedAt    time.Time
	Material   string
	Unit       string
	ByName     string
}

// ActivityService stores activities, registrations and the materials
// ledger. Changes write their audit entry in the same transaction.
type ActivityService interface {
	CreateActivity(ctx context.Context, a *Activity, au *AuditEntry) error
	Activity(ctx context.Context, id int64) (*Activity, error)
	// Activities lists a room's activities starting in [from, to), with
	// their counts.
	Activities(ctx context.Context, roomID int64, from, to time.Time) ([]Activity, error)
	// RegisterActivity gives r a place while fewer than the capacity are
	// registered, else a waiting place, in a transaction holding the
	// activity; the child's existing live registration is returned as is.
	RegisterActivity(ctx context.Context, r *ActivityRegistration, au *AuditEntry) error
	// CancelRegistration cancels and fills the freed place from the
	// waiting list in order (returned).
	CancelRegistration(ctx context.Context, id int64, au *AuditEntry) (*ActivityRegistration, error)
	Registrations(ctx context.Context, activityID int64) ([]ActivityRegistration, error)
	// MarkAttended records whether a registered child came.
	MarkAttended(ctx context.Context, regID int64, attended bool, au *AuditEntry) error
	SetActivitySummary(ctx context.Context, id int64, summary string, au *AuditEntry) error
	Materials(ctx context.Context, roomID int64) ([]Material, error)
	// ReceiveMaterial adds qty to a room's stock of name (created with unit
	// if new) and records the movement.
	ReceiveMaterial(ctx context.Context, m *MaterialMove, roomID int64, name, unit string, au *AuditEntry) error
	// GiveMaterial takes qty from the stock; EINVALID err.stock_short if
	// that would make it negative (the database refuses it).
	GiveMaterial(ctx context.Context, m *MaterialMove, au *AuditEntry) error
	MaterialMoves(ctx context.Context, roomID int64, from, to time.Time) ([]MaterialMove, error)
}
