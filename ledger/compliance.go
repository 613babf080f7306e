package ledger

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
)

// Compliance is the annual minors' personal-information report, built from
// the audit log and the consent records.
type Compliance struct {
	Year              int
	ConsentsGiven     int
	ConsentsWithdrawn int
	Exports           int
	Deletions         int
	RetentionRuns     int
	// ByRole is the access log summarised by role: reads and changes.
	ByRole []RoleAccess
	Rows   []zhixi.AuditSummaryRow
}

// RoleAccess counts one role's entries in the access log.
type RoleAccess struct {
	Role                  zhixi.Role
	Reads, Changes, Other int
}

// Compliance builds the report of a year; admins only.
// The year is "2026", empty for the current one.
func (s *Service) Compliance(ctx context.Context, actor *zhixi.User, yearText string) (*Compliance, error) {
	if !zhixi.CanReadAudit(actor) {
		return nil, zhixi.Errorf(zhixi.EFORBIDDEN, "err.forbidden")
	}
	year := s.cal.Now().In(calendar.Beijing).Year()
	if yearText != "" {
		var err error
		if year, err = strconv.Atoi(yearText); err != nil || year < 2000 || year > 2100 {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.ledger_period", yearText)
		}
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, calendar.Beijing)
	to := from.AddDate(1, 0, 0)
	c := &Compliance{Year: year}
	var err error
	if c.ConsentsGiven, err = s.store.ConsentsGiven(ctx, from, to); err != nil {
		return nil, err
	}
	if c.Rows, err = s.store.AuditSummary(ctx, from, to); err != nil {
		return nil, err
	}
	roles := map[zhixi.Role]*RoleAccess{}
	for _, r := range c.Rows {
		switch {
		case r.Object == "consent" && r.Action == zhixi.AuditDelete:
			c.ConsentsWithdrawn += r.Count
		case r.Action == zhixi.AuditExport:
			c.Exports += r.Count
		case r.Object == "student" && r.Action == zhixi.AuditDelete:
			c.Deletions += r.Count
		case r.Object == "retention":
			c.RetentionRuns += r.Count
		}
		ra := roles[r.Role]
		if ra == nil {
			ra = &RoleAccess{Role: r.Role}
			roles[r.Role] = ra
		}
		switch r.Action {
		case zhixi.AuditRead:
			ra.Reads += r.Count
		case zhixi.AuditCreate, zhixi.AuditUpdate, zhixi.AuditDelete:
			ra.Changes += r.Count
		default:
			ra.Other += r.Count
		}
	}
	for _, ra := range roles {
		c.ByRole = append(c.ByRole, *ra)
	}
	slices.SortFunc(c.ByRole, func(a, b RoleAccess) int {
		if a.Role < b.Role {
			return -1
		}
		if a.Role > b.Role {
			return 1
		}
		return 0
	})
	return c, nil
}
