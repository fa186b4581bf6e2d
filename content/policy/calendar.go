package policy

import "time"

// Date is a calendar day, without a time or a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Valid reports whether d is a day of the calendar: a month from 1 to 12 and a day the
// month has (29 February only in a leap year).
func (d Date) Valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Day() == d.Day
}

// DateOf returns the day t falls on, on t's own wall clock.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// At returns the instant at the given wall-clock minute of the day in loc.
func (d Date) At(minute int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, minute/60, minute%60, 0, 0, loc)
}

// AddDays returns the day n days later (or earlier, for negative n).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// WorkingTime is the part of the week in which staff handle complaints: the same hours on
// each working day.
type WorkingTime struct {
	Days [7]bool // indexed by time.Weekday
	// Start and End are minutes after midnight on the provider's wall clock.
	Start, End int
}

// Holidays are the public holidays that are days off, and the periods in which they are not
// (Ukraine's martial law made them ordinary working days from 2022-02-24).
type Holidays struct {
	// Fixed are the same month and day every year.
	Fixed []MonthDay
	// EasterOffsets are days after Orthodox Easter Sunday: 0 is Easter, 49 is Trinity.
	EasterOffsets []int
	// Suspended are the periods in which holidays are ordinary days.
	Suspended []Period
}

// MonthDay is a day that recurs every year.
type MonthDay struct {
	Month time.Month
	Day   int
}

// Period is a span of whole days. A zero Until means it has no end yet.
type Period struct {
	From, Until Date
}

// Contains reports whether d falls within the period, both ends included.
func (p Period) Contains(d Date) bool {
	if d.Before(p.From) {
		return false
	}
	return p.Until == (Date{}) || !p.Until.Before(d)
}

// IsHoliday reports whether d is a public holiday that is in force as a day off.
func (h *Holidays) IsHoliday(d Date) bool {
	for _, p := range h.Suspended {
		if p.Contains(d) {
			return false
		}
	}
	for _, f := range h.Fixed {
		if f.Month == d.Month && f.Day == d.Day {
			return true
		}
	}
	if len(h.EasterOffsets) > 0 {
		easter := OrthodoxEaster(d.Year)
		for _, off := range h.EasterOffsets {
			if easter.AddDays(off) == d {
				return true
			}
		}
	}
	return false
}

// OrthodoxEaster returns the Gregorian date of Orthodox Easter Sunday in year, by Meeus'
// Julian algorithm; the 13-day calendar offset holds from 1900 to 2099.
func OrthodoxEaster(year int) Date {
	a, b, c := year%4, year%7, year%19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	day := (d+e+114)%31 + 1
	return Date{year, time.Month(month), day}.AddDays(13)
}

// IsWorkingDay reports whether staff work on d.
func (r *Rules) IsWorkingDay(d Date) bool {
	return r.Working.Days[d.Weekday()] && !r.Holidays.IsHoliday(d)
}

// workingWindow returns the working hours of day d, if d is a working day.
func (r *Rules) workingWindow(d Date) (start, end time.Time, ok bool) {
	if !r.IsWorkingDay(d) {
		return time.Time{}, time.Time{}, false
	}
	return d.At(r.Working.Start, r.Location), d.At(r.Working.End, r.Location), true
}

// maxSearchDays bounds the search for the next working day, so rules with no working day
// at all (which the loader rejects) cannot loop forever.
const maxSearchDays = 3660

// NextWorkingStart returns t itself if it falls in working time, and otherwise the next
// moment working time begins.
func (r *Rules) NextWorkingStart(t time.Time) time.Time {
	t = t.In(r.Location)
	day := DateOf(t)
	for i := 0; i < maxSearchDays; i++ {
		if start, end, ok := r.workingWindow(day); ok && t.Before(end) {
			if t.Before(start) {
				return start
			}
			return t
		}
		day = day.AddDays(1)
		t = day.At(0, r.Location)
	}
	return t
}

// AddWorkingTime returns the moment d of working time after t has passed.
func (r *Rules) AddWorkingTime(t time.Time, d time.Duration) time.Time {
	t = r.NextWorkingStart(t)
	for i := 0; i < maxSearchDays; i++ {
		_, end, _ := r.workingWindow(DateOf(t))
		if left := end.Sub(t); d <= left {
			return t.Add(d)
		} else {
			d -= left
		}
		t = r.NextWorkingStart(end)
	}
	return t
}
