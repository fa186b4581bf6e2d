package i18n

import (
	"strconv"
	"strings"
	"time"
)

// DateTime writes t on its own wall clock the way lang writes a date and time, as the
// message date.datetime has it: in English "Monday 23 November 2026, 16:00"; in
// Ukrainian and Russian the day, the month in the genitive, the year and the weekday.
func (c *Catalog) DateTime(lang string, t time.Time) string {
	return c.Text(lang, "date.datetime",
		"day", strconv.Itoa(t.Day()),
		"month", c.Text(lang, Key("date.month."+strings.ToLower(t.Month().String()))),
		"year", strconv.Itoa(t.Year()),
		"weekday", c.Weekday(lang, t.Weekday()),
		"time", pad2(t.Hour())+":"+pad2(t.Minute()))
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Weekday names a day of the week in lang.
func (c *Catalog) Weekday(lang string, d time.Weekday) string {
	return c.Text(lang, Key("date.weekday."+strings.ToLower(d.String())))
}
