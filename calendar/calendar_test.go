package calendar

import (
	"testing"
	"time"

	"github.com/zhixi-org/zhixi"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Beijing)
	if err != nil {
		panic(err)
	}
	return t
}

func TestShipped2026(t *testing.T) {
	y := shippedYears[2026]
	if y == nil {
		t.Fatal("2026 is not shipped")
	}
	h, _ := mergeHolidays(nil)
	for day, want := range map[string]string{
		"2026-01-01": zhixi.HolidayOff, "2026-01-04": zhixi.HolidayWorkday, "2026-02-15": zhixi.HolidayOff,
		"2026-02-23": zhixi.HolidayOff, "2026-02-14": zhixi.HolidayWorkday, "2026-02-28": zhixi.HolidayWorkday,
		"2026-05-09": zhixi.HolidayWorkday, "2026-10-07": zhixi.HolidayOff, "2026-10-10": zhixi.HolidayWorkday,
		"2026-09-20": zhixi.HolidayWorkday, "2026-06-19": zhixi.HolidayOff,
	} {
		if got := h[day].Kind; got != want {
			t.Errorf("%s is %q, want %q", day, got, want)
		}
	}
	// 3+9+3+5+3+3+7 days off and 6 make-up days in the notice.
	if n := len(y.Days); n != 33+6 {
		t.Errorf("2026 has %d days, want 39", n)
	}
}

func TestOpenings(t *testing.T) {
	s := DefaultSettings(1)
	h, _ := mergeHolidays(nil)
	tests := []struct {
		name     string
		from, to string
		closures []zhixi.Closure
		want     []string
	}{
		{"an ordinary week", "2026-12-07 00:00", "2026-12-14 00:00", nil, []string{
			"12-07 18:00-21:00", "12-11 18:00-21:00", "12-12 09:00-12:00", "12-12 14:00-17:00",
			"12-13 09:00-12:00", "12-13 14:00-17:00"}},
		{"national day is closed, the make-up Saturday has Monday's hours", "2026-10-01 00:00", "2026-10-12 00:00", nil, []string{
			"10-09 18:00-21:00", "10-10 18:00-21:00", "10-11 09:00-12:00", "10-11 14:00-17:00"}},
		{"a closure cuts a day", "2026-12-12 00:00", "2026-12-13 00:00",
			[]zhixi.Closure{{Start: at("2026-12-12 10:00"), End: at("2026-12-12 15:00")}},
			[]string{"12-12 09:00-10:00", "12-12 15:00-17:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Openings(s, h, tt.closures, at(tt.from), at(tt.to))
			var strs []string
			for _, o := range got {
				strs = append(strs, o.Start.In(Beijing).Format("01-02 15:04")+"-"+o.End.In(Beijing).Format("15:04"))
			}
			if len(strs) != len(tt.want) {
				t.Fatalf("openings %v, want %v", strs, tt.want)
			}
			for i := range strs {
				if strs[i] != tt.want[i] {
					t.Errorf("opening %d = %s, want %s", i, strs[i], tt.want[i])
				}
			}
		})
	}
	s.LatestMinute = hm(20, 0)
	got := Openings(s, h, nil, at("2026-12-07 00:00"), at("2026-12-08 00:00"))
	if len(got) != 1 || got[0].End.In(Beijing).Hour() != 20 {
		t.Errorf("with latest 20:00 Monday's opening is %v, want 18:00-20:00", got)
	}
}

func TestParseHolidaysErrors(t *testing.T) {
	for _, tt := range []struct{ text, key string }{
		{"year: 2027\nnotice: x\nholidays:\n  - {name: 元旦, from: '2027-01-01', to: '2027-13-01'}\n", "err.holiday_date"},
		{"year: 2027\nnotice: ''\n", "err.holiday_notice"},
		{"year: 20\nnotice: x\n", "err.holiday_year"},
		{"year: 2027\nnotice: x\nholidays:\n  - {name: 元旦, from: '2027-01-03', to: '2027-01-01'}\n", "err.holiday_range"},
		{"year: 2027\nnotice: x\nworkdays:\n  - {name: 调休, date: '2026-12-31'}\n", "err.holiday_other_year"},
		{"year: 2027\nnotice: x\nholidays:\n  - {name: 元旦, from: '2027-01-01', to: '2027-01-02'}\nworkdays:\n  - {name: 调休, date: '2027-01-02'}\n", "err.holiday_twice"},
		{"year: 2027\nnotice: x\nextra: 1\n", "err.holiday_yaml"},
	} {
		_, err := ParseHolidays([]byte(tt.text))
		if k, _ := zhixi.ErrorKey(err); k != tt.key || zhixi.ErrorCode(err) != zhixi.EINVALID {
			t.Errorf("ParseHolidays(%q) = %v, want %s", tt.text, err, tt.key)
		}
	}
}

func FuzzParseHolidays(f *testing.F) {
	b, _ := holidayFS.ReadFile("holidays/2026.yaml")
	f.Add(string(b))
	f.Fuzz(func(t *testing.T, text string) {
		y, err := ParseHolidays([]byte(text))
		if err != nil {
			if zhixi.ErrorCode(err) != zhixi.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		for _, d := range y.Days {
			if _, err := time.Parse(time.DateOnly, d.Day); err != nil || d.Day[:4] != time.Date(y.Year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") {
				t.Fatalf("accepted day %q in year %d", d.Day, y.Year)
			}
		}
	})
}

func TestParsePeriods(t *testing.T) {
	ps, err := ParsePeriods(6, "14:00-17:00，09:00～12:00")
	if err != nil || len(ps) != 2 || ps[0] != (zhixi.Period{Start: 540, End: 720}) || ps[1] != (zhixi.Period{Start: 840, End: 1020}) {
		t.Errorf("ParsePeriods = %v, %v", ps, err)
	}
	if _, err := ParsePeriods(1, "18:00 to 21:00"); zhixi.ErrorCode(err) != zhixi.EINVALID {
		t.Errorf("a bad period gave %v", err)
	}
	if err := ValidateWeek([7][]zhixi.Period{1: {{Start: 600, End: 700}, {Start: 650, End: 800}}}); zhixi.ErrorCode(err) != zhixi.EINVALID {
		t.Errorf("overlapping periods gave %v", err)
	}
}
