package i18n

import (
	"strings"
	"testing"
	"time"

	"abusedesk/content/policy"
	"abusedesk/schemas/attachment"
	"abusedesk/schemas/report"
)

func TestPluralOf(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want Plural
	}{
		{"uk", 1, One}, {"uk", 21, One}, {"uk", 11, Many}, {"uk", 2, Few}, {"uk", 24, Few},
		{"uk", 12, Many}, {"uk", 14, Many}, {"uk", 5, Many}, {"uk", 0, Many}, {"uk", 111, Many},
		{"ru", 101, One}, {"ru", 102, Few}, {"ru", 112, Many},
		{"en", 1, One}, {"en", 0, Other}, {"en", 2, Other}, {"en", 21, Other},
	} {
		if got := PluralOf(tc.lang, tc.n); got != tc.want {
			t.Errorf("PluralOf(%s, %d) = %s, want %s", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestHours(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"uk", 1, "1 година"}, {"uk", 2, "2 години"}, {"uk", 12, "12 годин"}, {"uk", 24, "24 години"},
		{"ru", 1, "1 час"}, {"ru", 2, "2 часа"}, {"ru", 12, "12 часов"}, {"ru", 21, "21 час"},
		{"en", 1, "1 hour"}, {"en", 12, "12 hours"},
	} {
		if got := Hours(tc.lang, tc.n); got != tc.want {
			t.Errorf("Hours(%s, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

// TestCatalogIsComplete checks every message has all three languages and that every
// plural message has every form.
func TestCatalogIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, table := range tables {
		for key := range table {
			if seen[key] {
				t.Errorf("%s is in two tables", key)
			}
			seen[key] = true
		}
	}
	for key := range seen {
		m, _ := lookup(key)
		for i, s := range m {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s has no %s text", key, Languages[i])
			}
		}
		if base, form, ok := strings.Cut(key, ".one"); ok && form == "" {
			for _, f := range []Plural{Few, Many, Other} {
				if _, ok := lookup(base + "." + string(f)); !ok {
					t.Errorf("%s has no %s form", base, f)
				}
			}
		}
	}
}

func TestProblemText(t *testing.T) {
	for _, tc := range []struct {
		lang string
		p    report.Problem
		want string
	}{
		{"en", report.Problem{Field: "email", Code: report.BadEmail}, "Enter an e-mail address in the correct format, like name@example.com"},
		{"uk", report.Problem{Field: "full_name", Code: report.Required}, "Введіть ваше повне імʼя"},
		{"ru", report.Problem{Field: "full_name", Code: report.TooLong, Limit: 200}, "Поле «Полное имя» должно содержать не больше 200 символов"},
		{"uk", report.Problem{Field: "company", Code: report.TooLong, Limit: 21}, "Поле «Компанія» має містити не більше 21 символу"},
		{"en", report.Problem{Field: "company", Code: report.Required}, "Fill in “Company”"},
		{"en", report.Problem{Field: "admin", Code: report.Unknown}, "The form has no field “admin”"},
	} {
		if got := ProblemText(tc.lang, tc.p); got != tc.want {
			t.Errorf("ProblemText(%s, %+v) = %q, want %q", tc.lang, tc.p, got, tc.want)
		}
	}
}

func TestDateTime(t *testing.T) {
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, time.November, 25, 16, 5, 0, 0, kyiv)
	for lang, want := range map[string]string{
		"uk": "25 листопада 2026 р. (середа), 16:05",
		"ru": "25 ноября 2026 г. (среда), 16:05",
		"en": "Wednesday 25 November 2026, 16:05",
	} {
		if got := DateTime(lang, at); got != want {
			t.Errorf("DateTime(%s) = %q, want %q", lang, got, want)
		}
	}
}

func TestDeadlines(t *testing.T) {
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Fatal(err)
	}
	received := time.Date(2026, time.November, 23, 10, 0, 0, 0, kyiv)
	d := policy.Deadlines{
		Received: received, ProcessedBy: received.Add(54 * time.Hour), SettledBy: received.Add(5 * 24 * time.Hour),
		Response: policy.Response{Kind: policy.RespondWithin, Hours: 2}, RespondBy: received.Add(56 * time.Hour),
	}
	if got := Preview("en", d)[0]; !strings.HasPrefix(got, "Sent now, your report will be reviewed by") {
		t.Errorf("the preview says %q", got)
	}
	if got := Deadlines("en", d)[0]; !strings.HasPrefix(got, "Your report will be reviewed by") {
		t.Errorf("the receipt says %q", got)
	}
	got := strings.Join(Deadlines("uk", d), "\n")
	for _, want := range []string{"до 25 листопада 2026 р. (середа), 16:00", "2 години", "Найпізніше: 25 листопада 2026 р. (середа), 18:00."} {
		if !strings.Contains(got, want) {
			t.Errorf("uk deadlines %q lack %q", got, want)
		}
	}
	d.Response = policy.Response{Kind: policy.BlockedAtOnce}
	if got := Deadlines("en", d); len(got) != 2 || !strings.Contains(got[1], "blocked at once") {
		t.Errorf("botnet deadlines: %q", got)
	}
}

func TestReceiptSaysWhatHappensNext(t *testing.T) {
	for _, lang := range Languages {
		lines := Receipt(lang, []string{"D1", "D2"})
		if len(lines) != 5 || lines[0] != Text(lang, "receipt.keep") || lines[1] != "D1" || lines[2] != "D2" || lines[3] != Text(lang, "receipt.next") {
			t.Errorf("%s: %q", lang, lines)
		}
	}
}

// TestEveryKindOfFileHasAName binds the catalog to the one list of kinds of file: the
// form's hint, its problems and the mail name each kind in every language.
func TestEveryKindOfFileHasAName(t *testing.T) {
	for _, kind := range attachment.Kinds() {
		if _, ok := lookup("attachment.kind." + kind); !ok {
			t.Errorf("the catalog has no attachment.kind.%s", kind)
		}
	}
}
