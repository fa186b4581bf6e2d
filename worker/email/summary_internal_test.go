package email

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReplaceDetails holds replaceDetails to the regular expression it stands for, with
// the reporter's details made as the redactor makes them.
func FuzzReplaceDetails(f *testing.F) {
	f.Add("Olena Koval wrote: olena\nKOVAL, olena.koval@example.org, +380 44 123 4567", "Olena Koval", "olena.koval@example.org", "+380 44 123 4567")
	f.Add("ОЛЕНА коваль і Олена\t\tКоваль", "Олена Коваль", "", "")
	f.Add("the Kelvin sign: \u212alaus; long s: \u017fam; Klaus Sam", "klaus", "SAM", "Klaus Samuelson")
	f.Add("Acme Ltd and Acme", "Acme", "Acme Ltd", "me L")
	f.Add("bad \xff bytes \xffab", "\ufffdab", "ab\ufffd", "")
	f.Fuzz(func(t *testing.T, s, d1, d2, d3 string) {
		var details []string
		for _, d := range []string{d1, d2, d3} {
			d = strings.Join(strings.Fields(d), " ")
			if utf8.ValidString(d) && utf8.RuneCountInString(d) >= minHidden {
				details = append(details, d)
			}
		}
		if len(details) == 0 {
			return
		}
		slices.SortFunc(details, func(a, b string) int { return len(b) - len(a) })
		quoted := make([]string, len(details))
		for i, d := range details {
			quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(d), " ", `\s+`)
		}
		want := regexp.MustCompile(`(?i)`+strings.Join(quoted, "|")).ReplaceAllLiteralString(s, "[X]")
		if got := replaceDetails(s, details, "[X]"); got != want {
			t.Errorf("replaceDetails(%q, %q) = %q, the expression gives %q", s, details, got, want)
		}
	})
}
