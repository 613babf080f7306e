package zhixi

import (
	"context"
	"time"
)

// InvitationTTL is how long an invitation code works.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation lets a guardian open an account on their phone, or link one
// more child to the account they have, without SMS or e-mail: staff show
// or print a one-time code and its QR code. Only the code's hash is kept.
type Invitation struct {
	ID           int64
	CodeHash     string
	CommunityID  int64
	StudentIDs   []int64
	GuardianName string
	Relation     string
	Phone        string // kept only as a contact for staff
	CreatedBy    int64
	CreatedAt    time.Time
	ExpiresAt    time.Time
	UsedAt       time.Time
	UsedBy       int64
}

// FamilyService registers families and runs invitations. Changes write
// their audit rows from by in the same transaction.
type FamilyService interface {
	// RegisterFamily stores the children and the invitation for their
	// guardian (inv.StudentIDs is set to the new children); inv nil
	// registers the children alone.
	RegisterFamily(ctx context.Context, kids []*Student, inv *Invitation, by AuditEntry) error
	// CreateInvitation stores an invitation for existing children.
	CreateInvitation(ctx context.Context, inv *Invitation, by AuditEntry) error
	// StudentsByNameMonth finds students of a community with that name and
	// birth month: the duplicate guard.
	StudentsByNameMonth(ctx context.Context, communityID int64, name string, month time.Time) ([]Student, error)
	// Invitation returns the invitation with that code hash if it is
	// unused and unexpired at now; ENOTFOUND err.invitation_invalid
	// otherwise.
	Invitation(ctx context.Context, codeHash string, now time.Time) (*Invitation, error)
	// Invitations lists a community's invitations, newest first.
	Invitations(ctx context.Context, communityID int64) ([]Invitation, error)
	// AcceptInvitation uses the invitation once: it creates the guardian
	// account g (when g.ID is 0), links the children to it and records an
	// app consent of noticeVersion for each, all in one transaction.
	// ECONFLICT err.invitation_used if it was used or expired meanwhile.
	AcceptInvitation(ctx context.Context, codeHash string, g *User, noticeVersion int, now time.Time, ip string) error
}
