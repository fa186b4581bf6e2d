package i18n

// Plural is a CLDR plural category.
type Plural string

// The CLDR plural categories of the catalog's languages for whole numbers and fractions.
const (
	One   Plural = "one"
	Few   Plural = "few"
	Many  Plural = "many"
	Other Plural = "other"
)

// Plurals lists the CLDR plural categories lang has, in CLDR's order: a plural message
// gives each of them in that language.
func Plurals(lang string) []Plural {
	switch lang {
	case "uk", "ru":
		return []Plural{One, Few, Many, Other}
	}
	return []Plural{One, Other}
}

// PluralOf returns the CLDR plural category of the integer n in lang. Ukrainian and
// Russian share their rules: one for 1, 21, 31…, but not 11; few for 2-4, 22-24…, but not
// 12-14; many for the other integers (other is for fractions). English, and any language
// without rules here, has one for 1 and other for the rest.
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
