// Package i18n is the one message catalog of abusedesk: the words of the form, its errors
// and its deadline preview in Ukrainian, Russian and English, with CLDR plural forms and
// dates written the way each language writes them. The site generator, the browser module
// and the Worker all speak through it.
//
// It uses no fmt and no golang.org/x/text, so the browser module stays small: messages are
// whole sentences with {name} placeholders, kept side by side in the three languages so a
// missing translation cannot compile.
package i18n

import (
	"strconv"
	"strings"
)

// Languages are the languages the catalog speaks, in its column order.
var Languages = []string{"uk", "ru", "en"}

// Names are the languages' names in themselves, for the language switcher.
var Names = map[string]string{"uk": "Українська", "ru": "Русский", "en": "English"}

// tables are the catalog's parts, one a feature; a key is in at most one of them.
var tables = []map[string][3]string{formMessages, siteMessages, typoMessages, evidenceMessages, attachmentMessages, deliveryMessages, requestMessages}

// lookup finds a message in whichever table holds it.
func lookup(key string) ([3]string, bool) {
	for _, t := range tables {
		if m, ok := t[key]; ok {
			return m, true
		}
	}
	return [3]string{}, false
}

// Has reports whether the catalog speaks lang.
func Has(lang string) bool { return column(lang) >= 0 }

func column(lang string) int {
	for i, l := range Languages {
		if l == lang {
			return i
		}
	}
	return -1
}

// Text returns the message key in lang, with {name} placeholders filled from args (pairs of
// name and value). An unknown language falls back to English; an unknown key shows itself,
// so a missing message is visible rather than blank.
func Text(lang, key string, args ...string) string {
	m, ok := lookup(key)
	if !ok {
		return key
	}
	col := column(lang)
	if col < 0 {
		col = column("en")
	}
	return fill(m[col], args)
}

// Count returns the plural form of key that fits n in lang: the catalog holds key.one,
// key.few, key.many and key.other, and {n} is replaced by n.
func Count(lang, key string, n int, args ...string) string {
	return Text(lang, key+"."+string(PluralOf(lang, n)), append(args, "n", strconv.Itoa(n))...)
}

func fill(s string, args []string) string {
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+args[i]+"}", args[i+1])
	}
	return s
}

// Plural is a CLDR plural category.
type Plural string

// The CLDR plural categories of the catalog's languages for whole numbers and fractions.
const (
	One   Plural = "one"
	Few   Plural = "few"
	Many  Plural = "many"
	Other Plural = "other"
)

// PluralOf returns the CLDR plural category of the integer n in lang. Ukrainian and
// Russian share their rules: one for 1, 21, 31…, but not 11; few for 2-4, 22-24…, but not
// 12-14; many for the other integers. English has one for 1 and other for the rest.
func PluralOf(lang string, n int) Plural {
	if n < 0 {
		n = -n
	}
	switch lang {
	case "uk", "ru":
		switch mod10, mod100 := n%10, n%100; {
		case mod10 == 1 && mod100 != 11:
			return One
		case mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14):
			return Few
		default:
			return Many
		}
	default:
		if n == 1 {
			return One
		}
		return Other
	}
}
