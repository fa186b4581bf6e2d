package i18n

import (
	"strconv"
	"time"
)

// weekdays and months are written out here rather than taken from a locale library: the
// module must stay small, and these are all the calendar words the product needs.
var weekdays = [3][7]string{
	{"неділя", "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота"},
	{"воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"},
	{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
}

// months are in the genitive in Ukrainian and Russian, as a date needs them.
var months = [3][12]string{
	{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"},
	{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
	{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// DateTime writes t on its own wall clock the way lang writes a date and time:
// "23 листопада 2026 р. (понеділок), 16:00", "Monday 23 November 2026, 16:00".
func DateTime(lang string, t time.Time) string {
	col := column(lang)
	if col < 0 {
		col = column("en")
	}
	day, year := strconv.Itoa(t.Day()), strconv.Itoa(t.Year())
	date := day + " " + months[col][t.Month()-1] + " " + year
	// After "до" the date must be in the genitive; a weekday in brackets stays correct.
	switch lang {
	case "uk":
		date += " р. (" + weekdays[col][t.Weekday()] + ")"
	case "ru":
		date += " г. (" + weekdays[col][t.Weekday()] + ")"
	default:
		date = weekdays[col][t.Weekday()] + " " + date
	}
	return date + ", " + clock(t)
}

func clock(t time.Time) string {
	h, m := t.Hour(), t.Minute()
	return pad2(h) + ":" + pad2(m)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Weekday names a day of the week in lang.
func Weekday(lang string, d time.Weekday) string {
	col := column(lang)
	if col < 0 {
		col = column("en")
	}
	return weekdays[col][d]
}
