package i18n_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"abusedesk/content/attachment"
	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
)

func TestPluralOf(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want i18n.Plural
	}{
		{"uk", 1, i18n.One}, {"uk", 21, i18n.One}, {"uk", 11, i18n.Many}, {"uk", 2, i18n.Few}, {"uk", 24, i18n.Few},
		{"uk", 12, i18n.Many}, {"uk", 14, i18n.Many}, {"uk", 5, i18n.Many}, {"uk", 0, i18n.Many}, {"uk", 111, i18n.Many},
		{"ru", 101, i18n.One}, {"ru", 102, i18n.Few}, {"ru", 112, i18n.Many},
		{"en", 1, i18n.One}, {"en", 0, i18n.Other}, {"en", 2, i18n.Other}, {"en", 21, i18n.Other},
	} {
		if got := i18n.PluralOf(tc.lang, tc.n); got != tc.want {
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
		if got := words(t).Hours(tc.lang, tc.n); got != tc.want {
			t.Errorf("words(t).Hours(%s, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestProblemText(t *testing.T) {
	for _, tc := range []struct {
		lang, field, code string
		limit             int
		want              string
	}{
		{"en", "email", "email", 0, "Enter an e-mail address in the correct format, like name@example.com"},
		{"uk", "full_name", "required", 0, "Введіть ваше повне імʼя"},
		{"ru", "full_name", "too_long", 200, "Поле «Полное имя» должно содержать не больше 200 символов"},
		{"uk", "company", "too_long", 21, "Поле «Компанія» має містити не більше 21 символу"},
		{"en", "company", "required", 0, "Fill in “Company”"},
		{"en", "admin", "unknown", 0, "The form has no field “admin”"},
		{"en", "evidence_urls", "required", 0, "Add the links to the pages that show the abuse"},
	} {
		if got := words(t).ProblemText(tc.lang, tc.field, tc.code, tc.limit); got != tc.want {
			t.Errorf("words(t).ProblemText(%s, %s, %s, %d) = %q, want %q", tc.lang, tc.field, tc.code, tc.limit, got, tc.want)
		}
	}
}

// TestProblemTextIn: a category's own words for a problem come first, a hyphen of its id
// an underscore in the key; a category without them has the field's.
func TestProblemTextIn(t *testing.T) {
	for _, tc := range []struct{ lang, category, want string }{
		{"en", "phishing", "Add the links to the phishing pages"},
		{"uk", "exposed-data", "Додайте посилання на сторінки, де оприлюднено персональні дані"},
		{"ru", "fraud", "Добавьте ссылки на страницы мошеннического сайта"},
		{"en", "malware", "Add the links to the pages that show the abuse"},
		{"en", "", "Add the links to the pages that show the abuse"},
	} {
		if got := words(t).ProblemTextIn(tc.lang, tc.category, "evidence_urls", "required", 0); got != tc.want {
			t.Errorf("ProblemTextIn(%s, %s) = %q, want %q", tc.lang, tc.category, got, tc.want)
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
		if got := words(t).DateTime(lang, at); got != want {
			t.Errorf("words(t).DateTime(%s) = %q, want %q", lang, got, want)
		}
	}
}

// TestDeadlines: the sentences of a complaint's deadlines follow the order things happen
// (the check, the customer's time and its latest moment, the category's rule, the
// decision) and say only what fits its kind: no decision date for a claim the provider
// does not decide, the clock the check runs on, and sooner where the limit asks it.
func TestDeadlines(t *testing.T) {
	b := contenttest.Bundle(t)
	r, w := b.Rules, b.Messages
	received := time.Date(2026, time.November, 23, 10, 0, 0, 0, r.Location) // a Monday
	court, _ := r.Requester("court")
	person, _ := r.Requester("person")
	cat := func(id string) *policy.Category {
		c, ok := r.Category(id)
		if !ok {
			t.Fatalf("no category %s", id)
		}
		return c
	}
	for _, tc := range []struct {
		category string
		q        *policy.Requester
		at       time.Time
		want     []string // in this order
		not      []string
	}{
		{"spam", person, received, []string{"We check your report by Wednesday 25 November 2026, 16:00 (Kyiv time) — within 24 working hours (working time is Monday–Friday, 09:00–18:00).", "12 hours", "At the latest: Thursday 26 November 2026, 04:00", "Mail ports or the IP address may be blocked", "We decide on the report by Saturday 28 November 2026, 23:59"}, nil},
		{"phishing-redirect", person, received, []string{"by Tuesday 24 November 2026, 10:00 (Kyiv time) — within 24 hours, round the clock", "At the latest: Tuesday 24 November 2026, 22:00", "all outgoing traffic is blocked", "We decide"}, []string{"working"}},
		// Friday 17:00: 24 working hours end Wednesday 14:00, and 12 more would pass the
		// limit, the end of Wednesday.
		{"spam", person, received.AddDate(0, 0, 4).Add(7 * time.Hour), []string{"by Wednesday 2 December 2026, 11:59", "sooner than our usual time", "At the latest: Wednesday 2 December 2026, 23:59", "by Wednesday 2 December 2026, 23:59"}, []string{"working hours"}},
		{"copyright", person, received, []string{"We check your report by", "does not decide such disputes"}, []string{"We decide", "At the latest", "If the customer ignores it"}},
		{"copyright", court, received, []string{"We check your report by", "is the claim that starts the customer's time", "At the latest", "If the customer ignores it", "We decide"}, nil},
		{"csam", nil, received.AddDate(0, 0, 4).Add(9 * time.Hour), []string{"by Saturday 28 November 2026, 19:00", "round the clock", "access to the material is disabled at once", "We decide"}, []string{"At the latest", "service is blocked"}},
		{"botnet", person, received, []string{"service is blocked at once", "blocked instantly and for good"}, []string{"At the latest"}},
		{"vulnerability", person, received, []string{"as advice", "needs attention"}, []string{"At the latest"}},
	} {
		c := cat(tc.category)
		got := strings.Join(w.Deadlines("en", r, c, r.Deadlines(c, tc.q, tc.at)), "\n")
		at := 0
		for _, want := range tc.want {
			i := strings.Index(got[at:], want)
			if i < 0 {
				t.Errorf("%s at %s: %q lacks, in order, %q", tc.category, tc.at, got, want)
				continue
			}
			at += i
		}
		for _, not := range tc.not {
			if strings.Contains(got, not) {
				t.Errorf("%s at %s: %q says %q", tc.category, tc.at, got, not)
			}
		}
	}
	c := cat("spam")
	if got := w.Preview("uk", r, c, r.Deadlines(c, nil, received)); got[0] != w.Text("uk", "preview.if_now") || !strings.Contains(got[1], "робочих годин") {
		t.Errorf("the preview says %q", got)
	}
}

// TestReceiptSaysHowTheDecisionComes: a reporter who gave an address hears the decision
// by e-mail and on the status page; one who gave none, on the status page alone.
func TestReceiptSaysWhatHappensNext(t *testing.T) {
	for _, lang := range words(t).Languages() {
		lines := words(t).Receipt(lang, []string{"D1", "D2"}, i18n.ReceiptNotes{})
		if len(lines) != 6 || lines[0] != words(t).Text(lang, "receipt.keep") || lines[1] != "D1" || lines[2] != "D2" || lines[3] != words(t).Text(lang, "receipt.reply.status") ||
			lines[4] != words(t).Text(lang, "receipt.identity.withheld") || lines[5] != words(t).Text(lang, "receipt.print") {
			t.Errorf("%s: %q", lang, lines)
		}
		lines = words(t).Receipt(lang, []string{"D1"}, i18n.ReceiptNotes{IdentityShared: true, Confirmation: true, Notice: true})
		if len(lines) != 6 || lines[2] != words(t).Text(lang, "receipt.reply.mail") || lines[3] != words(t).Text(lang, "receipt.identity.shared") || lines[4] != words(t).Text(lang, "receipt.confirmation") {
			t.Errorf("%s, shared and confirmed: %q", lang, lines)
		}
	}
}

// TestEveryKindOfFileHasAName binds the catalog to the one list of kinds of file: the
// form's hint, its problems and the mail name each kind in every language.
func TestEveryKindOfFileHasAName(t *testing.T) {
	for _, kind := range attachment.Kinds() {
		if _, _, ok := words(t).Lookup(i18n.Key("attachment.kind."+kind), "en"); !ok {
			t.Errorf("the catalog has no attachment.kind.%s", kind)
		}
	}
}

// words is the shipped catalog.
func words(t *testing.T) *i18n.Catalog { return contenttest.Bundle(t).Messages }

// A deferred language is read the first time it is asked for, once, even when asked from
// many goroutines at a time, and not before; the fallback language is read when lang
// lacks a message.
func TestDeferredLanguagesAreReadOnFirstNeed(t *testing.T) {
	c := i18n.NewCatalog([]string{"uk", "en"})
	reads := map[string]int{}
	var mu sync.Mutex
	read := func(lang string, msgs map[i18n.Key]string) {
		c.Defer(lang, func(set func(i18n.Key, string, map[i18n.Plural]string)) {
			mu.Lock()
			reads[lang]++
			mu.Unlock()
			for k, v := range msgs {
				set(k, v, nil)
			}
			set("unit.hours", "", map[i18n.Plural]string{i18n.One: "{n} " + lang, i18n.Other: "{n} " + lang + "s"})
		})
	}
	read("uk", map[i18n.Key]string{"a": "А", "b": "Б"})
	read("en", map[i18n.Key]string{"a": "A"})
	if len(reads) != 0 {
		t.Fatalf("read before anything was asked: %v", reads)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := c.Text("en", "a"); got != "A" {
				t.Errorf("en a = %q", got)
			}
		})
	}
	wg.Wait()
	if reads["en"] != 1 || reads["uk"] != 0 {
		t.Errorf("reads %v, want en once and uk not yet", reads)
	}
	if got := c.Text("en", "b"); got != "Б" || reads["uk"] != 1 {
		t.Errorf("en b = %q (reads %v), want the fallback's Б, uk read once", got, reads)
	}
	if got := c.Count("en", "unit.hours", 2); got != "2 ens" {
		t.Errorf("plural forms: %q", got)
	}
	if got := c.Keys(); len(got) != 3 {
		t.Errorf("keys %v, want a, b, unit.hours", got)
	}
}
