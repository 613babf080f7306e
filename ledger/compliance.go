package ledger

import (
	"context"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/calendar"
	"github.com/zhixi-org/zhixi/locale"
)

// Compliance is the annual minors' personal-information report, built from
// the audit log and the consent records.
type Compliance struct {
	Year int
	// ConsentsGiven and ConsentsWithdrawn total ByVersion.
	ConsentsGiven     int
	ConsentsWithdrawn int
	// ByVersion breaks the consents down by privacy-notice version.
	ByVersion        []zhixi.ConsentVersionCount
	Exports          int
	DeletionRequests int
	Deletions        int
	RetentionRuns    int
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
	if c.ByVersion, err = s.store.ConsentsByVersion(ctx, from, to); err != nil {
		return nil, err
	}
	for _, v := range c.ByVersion {
		c.ConsentsGiven += v.Given
		c.ConsentsWithdrawn += v.Withdrawn
	}
	if c.Rows, err = s.store.AuditSummary(ctx, from, to); err != nil {
		return nil, err
	}
	roles := map[zhixi.Role]*RoleAccess{}
	for _, r := range c.Rows {
		switch {
		case r.Action == zhixi.AuditErasureAsk:
			c.DeletionRequests += r.Count
		case r.Action == zhixi.AuditExport && r.Object == "student":
			// A child's data exported (a ledger's Excel file is not).
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

// WriteExcel writes the report as an Excel file: a summary sheet, the
// consents by notice version and the access log by role.
func (c *Compliance) WriteExcel(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	title := locale.Text("compliance.title", c.Year)
	sheets := []struct {
		name   string
		header []string
		rows   [][]any
	}{
		{locale.Text("compliance.sheet.summary"), []string{locale.Text("compliance.item"), locale.Text("compliance.count")}, [][]any{
			{locale.Text("compliance.consents_given"), c.ConsentsGiven},
			{locale.Text("compliance.consents_withdrawn"), c.ConsentsWithdrawn},
			{locale.Text("compliance.exports"), c.Exports},
			{locale.Text("compliance.deletion_requests"), c.DeletionRequests},
			{locale.Text("compliance.deletions"), c.Deletions},
			{locale.Text("compliance.retention_runs"), c.RetentionRuns},
		}},
		{locale.Text("compliance.sheet.versions"), []string{locale.Text("compliance.version"), locale.Text("compliance.consents_given"),
			locale.Text("compliance.on_paper"), locale.Text("compliance.consents_withdrawn")}, nil},
		{locale.Text("compliance.sheet.roles"), []string{locale.Text("compliance.role"), locale.Text("compliance.reads"),
			locale.Text("compliance.changes"), locale.Text("compliance.other")}, nil},
	}
	for _, v := range c.ByVersion {
		sheets[1].rows = append(sheets[1].rows, []any{locale.Text("compliance.version_n", v.Version), v.Given, v.OnPaper, v.Withdrawn})
	}
	for _, r := range c.ByRole {
		sheets[2].rows = append(sheets[2].rows, []any{RoleName(r.Role), r.Reads, r.Changes, r.Other})
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		if err := f.SetSheetRow(sh.name, "A1", &[]any{title + " " + sh.name}); err != nil {
			return err
		}
		head := make([]any, len(sh.header))
		for k, h := range sh.header {
			head[k] = h
		}
		for j, row := range append([][]any{head}, sh.rows...) {
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}

// RoleName is a role's Chinese name in the access log ("系统" for the
// system's own entries).
func RoleName(r zhixi.Role) string {
	if r == "" {
		return locale.Text("compliance.role.system")
	}
	return locale.Text("compliance.role." + string(r))
}
