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
	if got := words(t).Preview("en", d)[0]; !strings.HasPrefix(got, "Sent now, your report will be reviewed by") {
		t.Errorf("the preview says %q", got)
	}
	if got := words(t).Deadlines("en", d)[0]; !strings.HasPrefix(got, "Your report will be reviewed by") {
		t.Errorf("the receipt says %q", got)
	}
	got := strings.Join(words(t).Deadlines("uk", d), "\n")
	for _, want := range []string{"до 25 листопада 2026 р. (середа), 16:00", "2 години", "Найпізніше: 25 листопада 2026 р. (середа), 18:00 (за київським часом)."} {
		if !strings.Contains(got, want) {
			t.Errorf("uk deadlines %q lack %q", got, want)
		}
	}
	if got := words(t).Deadlines("en", d); got[len(got)-1] != words(t).Text("en", "receipt.next.respond_within") {
		t.Errorf("what happens next, with hours to respond: %q", got)
	}
	// What happens next follows the kind of response: only hours to respond are a time
	// the customer "must answer within".
	for _, tc := range []struct {
		response policy.Response
		claim    policy.Claim
		next     i18n.Key
	}{
		{policy.Response{Kind: policy.BlockedAtOnce}, 0, "receipt.next.blocked_at_once"},
		{policy.Response{Kind: policy.Advisory}, 0, "receipt.next.advisory"},
		{policy.Response{Kind: policy.CaseByCase}, 0, "receipt.next.case_by_case"},
		{policy.Response{Kind: policy.RespondWithin, Hours: 12, OnClaim: true}, policy.ClaimElsewhere, "receipt.next.on_claim"},
		{policy.Response{Kind: policy.RespondWithin, Hours: 12, OnClaim: true}, policy.ClaimFiled, "receipt.next.respond_within"},
	} {
		d.Response, d.Claim = tc.response, tc.claim
		got := words(t).Deadlines("en", d)
		if len(got) != 3 || got[2] != words(t).Text("en", tc.next) {
			t.Errorf("%+v, claim %v: %q, want it to end with %s", tc.response, tc.claim, got, tc.next)
		}
		if strings.Contains(got[2], "within the time given above") != (tc.next == "receipt.next.respond_within") {
			t.Errorf("%+v: %q", tc.response, got[2])
		}
	}
}

func TestReceiptSaysWhatHappensNext(t *testing.T) {
	for _, lang := range words(t).Languages() {
		lines := words(t).Receipt(lang, []string{"D1", "D2"}, i18n.ReceiptNotes{})
		if len(lines) != 6 || lines[0] != words(t).Text(lang, "receipt.keep") || lines[1] != "D1" || lines[2] != "D2" || lines[3] != words(t).Text(lang, "receipt.reply") ||
			lines[4] != words(t).Text(lang, "receipt.identity.withheld") || lines[5] != words(t).Text(lang, "receipt.print") {
			t.Errorf("%s: %q", lang, lines)
		}
		lines = words(t).Receipt(lang, []string{"D1"}, i18n.ReceiptNotes{IdentityShared: true, Confirmation: true})
		if len(lines) != 6 || lines[3] != words(t).Text(lang, "receipt.identity.shared") || lines[4] != words(t).Text(lang, "receipt.confirmation") {
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
