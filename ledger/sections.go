package ledger

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/zhixi-org/zhixi/locale"
)

// Column is one figure of a section; Key names its label in the message
// catalogue.
type Column struct {
	Key   string
	value func(r *Report, l *Line) string
}

// Section is a part of the report: a table on the page, a sheet in the
// Excel file.
type Section struct {
	Key     string
	Columns []Column
}

func count(f func(l *Line) int) func(r *Report, l *Line) string {
	return func(r *Report, l *Line) string { return r.Count(f(l)) }
}

func hoursOf(f func(l *Line) int) func(r *Report, l *Line) string {
	return func(_ *Report, l *Line) string { return hours(f(l)) }
}

func percent(f func(l *Line) int) func(r *Report, l *Line) string {
	return func(_ *Report, l *Line) string { return strconv.Itoa(f(l)) + "%" }
}

// Sections are the report's parts, in order; the page and the Excel file
// both read them, so they always agree.
var Sections = []Section{
	{"ledger.hours", []Column{
		{"ledger.promised_hours", hoursOf(func(l *Line) int { return l.PromisedMinutes })},
		{"ledger.closed_hours", hoursOf(func(l *Line) int { return l.ClosedMinutes })},
		{"ledger.delivered_hours", hoursOf(func(l *Line) int { return l.DeliveredMinutes })},
		{"ledger.delivered_percent", percent(func(l *Line) int { return l.DeliveredPercent })},
	}},
	{"ledger.screening", []Column{
		{"ledger.eligible", count(func(l *Line) int { return l.Counts.EligibleStudents })},
		{"ledger.screenings", count(func(l *Line) int { return l.Counts.ScreeningsDone })},
		{"ledger.interpretations", count(func(l *Line) int { return l.Counts.Interpretations })},
	}},
	{"ledger.quota", []Column{
		{"ledger.quota_places", func(_ *Report, l *Line) string { return strconv.Itoa(l.QuotaPlaces) }},
		{"ledger.quota_used", count(func(l *Line) int { return l.Counts.QuotaUsed })},
	}},
	{"ledger.attendance", []Column{
		{"ledger.bookings", count(func(l *Line) int { return l.Counts.Bookings })},
		{"ledger.no_shows", count(func(l *Line) int { return l.Counts.NoShows })},
		{"ledger.attendances", count(func(l *Line) int { return l.Counts.Attendances })},
		{"ledger.attendance_hours", hoursOf(func(l *Line) int { return l.Counts.AttendanceMinutes })},
		{"ledger.auto_checkouts", count(func(l *Line) int { return l.Counts.AutoCheckouts })},
		{"ledger.utilisation", percent(func(l *Line) int { return l.UtilisationPercent })},
	}},
	{"ledger.supervisors", []Column{
		{"ledger.supervisor_hours", hoursOf(func(l *Line) int { return l.Counts.SupervisorMinutes })},
	}},
	{"ledger.activities", []Column{
		{"ledger.activity_count", count(func(l *Line) int { return l.Counts.Activities })},
		{"ledger.participants", count(func(l *Line) int { return l.Counts.Participants })},
		{"ledger.materials_given", count(func(l *Line) int { return l.Counts.MaterialsGiven })},
	}},
	{"ledger.space", []Column{
		{"ledger.space_uses", count(func(l *Line) int { return l.Counts.SpaceUses })},
		{"ledger.space_people", count(func(l *Line) int { return l.Counts.SpaceUsePeople })},
	}},
}

// Table is a section filled in: a header and one row per room plus the
// total.
type Table struct {
	Title  string
	Header []string
	Rows   [][]string
}

// Tables fills in every section.
func (r *Report) Tables() []Table {
	lines := append(append([]Line{}, r.Lines...), r.Total)
	var out []Table
	for _, sec := range Sections {
		t := Table{Title: locale.Text(sec.Key), Header: []string{locale.Text("ledger.room")}}
		for _, c := range sec.Columns {
			t.Header = append(t.Header, locale.Text(c.Key))
		}
		for i := range lines {
			row := []string{lines[i].Name}
			for _, c := range sec.Columns {
				row = append(row, c.value(r, &lines[i]))
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out
}

// WriteExcel writes the report as an Excel file, one sheet per section,
// each headed by the report's name and period.
func (r *Report) WriteExcel(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, t := range r.Tables() {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Title); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.Title); err != nil {
			return err
		}
		if err := f.SetSheetRow(t.Title, "A1", &[]any{r.Name + " " + r.Period + " " + t.Title}); err != nil {
			return err
		}
		for j, row := range append([][]string{t.Header}, t.Rows...) {
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			vals := make([]any, len(row))
			for k, v := range row {
				vals[k] = v
			}
			if err := f.SetSheetRow(t.Title, cell, &vals); err != nil {
				return err
			}
		}
	}
	if r.NoInterpretations {
		if _, err := f.NewSheet(locale.Text("ledger.notes")); err != nil {
			return err
		}
		if err := f.SetCellValue(locale.Text("ledger.notes"), "A1", locale.Text("ledger.no_interpretations")); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// Bar is one room in the hours chart, widths in pixels of 300.
type Bar struct {
	Name                    string
	Promised, Delivered     string
	PromisedPx, DeliveredPx int
	Y                       int
}

// Bars lays out the promised-versus-delivered hours chart.
func (r *Report) Bars() []Bar {
	most := 1
	for _, l := range r.Lines {
		most = max(most, l.PromisedMinutes, l.DeliveredMinutes)
	}
	var out []Bar
	for i, l := range r.Lines {
		out = append(out, Bar{Name: l.Name, Promised: hours(l.PromisedMinutes), Delivered: hours(l.DeliveredMinutes),
			PromisedPx: l.PromisedMinutes * 300 / most, DeliveredPx: l.DeliveredMinutes * 300 / most, Y: i * 50})
	}
	return out
}
