package calendar

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/zhixi-org/zhixi"
)

// The shipped years: one file per year whose State Council notice the file
// names. Staff enter the other years (the same format) on the calendar
// page; a year they enter replaces the shipped file.
//
//go:embed holidays/*.yaml
var holidayFS embed.FS

// holidayFile is the YAML format of a year, shipped or imported.
type holidayFile struct {
	Year     int    `yaml:"year"`
	Notice   string `yaml:"notice"`
	Holidays []struct {
		Name string `yaml:"name"`
		From string `yaml:"from"`
		To   string `yaml:"to"`
	} `yaml:"holidays"`
	Workdays []struct {
		Name string `yaml:"name"`
		Date string `yaml:"date"`
	} `yaml:"workdays"`
}

// maxHolidaySpan bounds one holiday's days, so a typing slip (a year too
// far) is an error rather than a year of holidays.
const maxHolidaySpan = 15

// ParseHolidays reads a year in the YAML format of calendar/holidays. Every
// problem is an EINVALID naming the line's holiday and date.
func ParseHolidays(text []byte) (*zhixi.HolidayYear, error) {
	var f holidayFile
	dec := yaml.NewDecoder(strings.NewReader(string(text)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, zhixi.WrapError(zhixi.EINVALID, "err.holiday_yaml", err)
	}
	if f.Year < 2000 || f.Year > 2100 {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.holiday_year", f.Year)
	}
	if strings.TrimSpace(f.Notice) == "" {
		return nil, zhixi.Errorf(zhixi.EINVALID, "err.holiday_notice")
	}
	y := &zhixi.HolidayYear{Year: f.Year, Notice: strings.TrimSpace(f.Notice)}
	seen := map[string]bool{}
	addDay := func(d time.Time, kind, name string) error {
		day := d.Format(time.DateOnly)
		if d.Year() != f.Year {
			return zhixi.Errorf(zhixi.EINVALID, "err.holiday_other_year", name, day, f.Year)
		}
		if seen[day] {
			return zhixi.Errorf(zhixi.EINVALID, "err.holiday_twice", day)
		}
		seen[day] = true
		y.Days = append(y.Days, zhixi.HolidayDay{Day: day, Kind: kind, Name: name})
		return nil
	}
	for _, h := range f.Holidays {
		name := strings.TrimSpace(h.Name)
		if name == "" {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.holiday_name", h.From)
		}
		from, err1 := time.Parse(time.DateOnly, h.From)
		to, err2 := time.Parse(time.DateOnly, h.To)
		if err1 != nil || err2 != nil {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.holiday_date", name, h.From+" – "+h.To)
		}
		if to.Before(from) || to.Sub(from) > maxHolidaySpan*24*time.Hour {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.holiday_range", name, h.From+" – "+h.To)
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			if err := addDay(d, zhixi.HolidayOff, name); err != nil {
				return nil, err
			}
		}
	}
	for _, w := range f.Workdays {
		name := strings.TrimSpace(w.Name)
		if name == "" {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.holiday_name", w.Date)
		}
		d, err := time.Parse(time.DateOnly, w.Date)
		if err != nil {
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.holiday_date", name, w.Date)
		}
		if err := addDay(d, zhixi.HolidayWorkday, name); err != nil {
			return nil, err
		}
	}
	return y, nil
}

// shippedYears parses the embedded files once; a broken file is a bug in
// the release, so it panics at start.
var shippedYears = func() map[int]*zhixi.HolidayYear {
	out := map[int]*zhixi.HolidayYear{}
	files, err := fs.Glob(holidayFS, "holidays/*.yaml")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		b, err := holidayFS.ReadFile(f)
		if err != nil {
			panic(err)
		}
		y, err := ParseHolidays(b)
		if err != nil {
			panic(fmt.Sprintf("calendar: shipped %s: %v", f, err))
		}
		out[y.Year] = y
	}
	return out
}()

// ShippedYears lists the years shipped with zhixi.
func ShippedYears() []int {
	var ys []int
	for y := range shippedYears {
		ys = append(ys, y)
	}
	return ys
}

// Holidays is the effective calendar: day → holiday or make-up workday.
type Holidays map[string]zhixi.HolidayDay

// mergeHolidays combines the shipped years with those staff entered (which
// win), and reports the years covered.
func mergeHolidays(entered []zhixi.HolidayYear) (Holidays, map[int]string) {
	years := map[int]*zhixi.HolidayYear{}
	for y, hy := range shippedYears {
		years[y] = hy
	}
	for i := range entered {
		years[entered[i].Year] = &entered[i]
	}
	h := Holidays{}
	notices := map[int]string{}
	for y, hy := range years {
		notices[y] = hy.Notice
		for _, d := range hy.Days {
			h[d.Day] = d
		}
	}
	return h, notices
}
