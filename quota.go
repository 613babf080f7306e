package zhixi

import (
	"context"
	"time"
)

// 公益名额 application statuses.
const (
	QuotaApplied  = "applied"  // waiting for staff to verify the category
	QuotaVerified = "verified" // category verified, not yet decided
	QuotaApproved = "approved" // holds a place until 31 December
	QuotaWaiting  = "waiting"  // approved in principle, waiting for a place
	QuotaRejected = "rejected"
	QuotaReleased = "released" // gave up or lost the place
)

// QuotaApplication is a family's application for a 公益名额 (free regular
// study for a year). The certificate is recorded by type and validity
// year only, never as an image.
type QuotaApplication struct {
	ID              int64
	CommunityID     int64
	StudentID       int64
	Year            int
	Category        string // 低保, 特困, 低保边缘, ...
	Status          string
	Note            string
	AppliedBy       int64
	AppliedAt       time.Time
	CertificateType string
	CertificateYear int
	VerifiedBy      int64
	VerifiedAt      time.Time
	DecidedBy       int64
	DecidedAt       time.Time
	Reason          string
	QueuedAt        time.Time // when it joined the waiting list

	StudentName string // filled by lists
	Position    int    // place on the waiting list, lists only
}

// QuotaFilter selects applications; zero fields do not filter.
type QuotaFilter struct {
	CommunityID, StudentID, GuardianID int64
	Year                               int
	Status                             string
}

// QuotaService stores 公益名额 places and applications. Changes write their
// audit entry in the same transaction.
type QuotaService interface {
	// QuotaPlaces returns the places set for a community and year; ok is
	// false when none was set (the caller applies the default).
	QuotaPlaces(ctx context.Context, communityID int64, year int) (places int, ok bool, err error)
	SetQuotaPlaces(ctx context.Context, communityID int64, year, places int, a *AuditEntry) error
	// ApplyQuota inserts q; ECONFLICT err.quota_applied if the child has
	// a live application for the year.
	ApplyQuota(ctx context.Context, q *QuotaApplication, a *AuditEntry) error
	QuotaApplication(ctx context.Context, id int64) (*QuotaApplication, error)
	QuotaApplications(ctx context.Context, f QuotaFilter) ([]QuotaApplication, error)
	// VerifyQuota records the verification of an applied application.
	VerifyQuota(ctx context.Context, q *QuotaApplication, a *AuditEntry) error
	// ApproveQuota gives a verified application a place if fewer than
	// places are approved for its community and year, in a transaction that
	// holds the community; else it joins the waiting list. It returns the
	// new status.
	ApproveQuota(ctx context.Context, id int64, places int, by int64, at time.Time, a *AuditEntry) (string, error)
	// RejectQuota rejects an application not yet approved, with a reason.
	RejectQuota(ctx context.Context, id int64, reason string, by int64, at time.Time, a *AuditEntry) error
	// ReleaseQuota ends an approved place (or a waiting one) and fills a
	// freed place from the waiting list in order; it returns the promoted
	// application, if any.
	ReleaseQuota(ctx context.Context, id int64, places int, reason string, by int64, at time.Time, a *AuditEntry) (*QuotaApplication, error)
	// HasQuotaPlace reports whether a child holds an approved place for year.
	HasQuotaPlace(ctx context.Context, studentID int64, year int) (bool, error)
}
