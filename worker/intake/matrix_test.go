package intake

import (
	"encoding/json"
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report/reporttest"
)

// matrixKinds is what each shipped category gives the accused customer and the clock its
// review runs on, written out from policy-facts.md and the issue on clocks, not read from
// the rules: the table the receipts are held to.
var matrixKinds = map[string]struct {
	kind     string // the response's kind
	hours    int
	calendar bool // reviewed round the clock
}{
	"malware": {"respond_within", 12, false}, "spam": {"respond_within", 12, false},
	"sbl-listing": {"respond_within", 12, false}, "spamvertised": {"respond_within", 12, false},
	"ddos": {"respond_within", 2, true}, "brute-force": {"respond_within", 2, true},
	"phishing": {"respond_within", 12, true}, "phishing-redirect": {"respond_within", 12, true},
	"fraud": {"respond_within", 12, false}, "exposed-data": {"respond_within", 12, false},
	"open-resolver": {"respond_within", 12, false}, "copyright": {"on_claim", 12, false},
	"csam": {"disabled_when_verified", 0, true}, "illegal-content": {"respond_within", 12, false},
	"vulnerability": {"advisory", 0, false}, "network-attack": {"respond_within", 12, false},
	"botnet": {"blocked_at_once", 0, true}, "other": {"case_by_case", 0, false},
}

// TestEveryReceiptIsTrue posts a report of every category, from every kind of requester
// (and for child sexual abuse material, from one who gives no name or address), at times
// that cross a weekday evening, a Friday night, both changes of daylight saving time and
// a public holiday (with the martial-law suspension of holidays switched off), and holds
// the 201 answer and the receipt page to the table above: the review's date counted
// independently on its clock and never leaving the customer's hours past the decision,
// the customer's time and its latest moment only where there is one, the category's rule,
// a decision date except for a claim the provider does not decide, the hotlines for
// CSAM, that what the legal team has not approved is said to be a draft, and how the
// reporter hears the decision.
func TestEveryReceiptIsTrue(t *testing.T) {
	b := contenttest.Bundle(t)
	words := b.Messages
	if len(matrixKinds) != len(b.Rules.Categories) {
		t.Fatalf("the table has %d categories, the rules %d", len(matrixKinds), len(b.Rules.Categories))
	}
	kyiv := b.Rules.Location
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, kyiv)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	times := []struct {
		name     string
		at       time.Time
		holidays bool // the martial-law suspension switched off: holidays are days off
		holiday  policy.Date
	}{
		{"weekday evening", at("2026-11-24 19:30"), false, policy.Date{}},
		{"friday night", at("2026-11-27 22:00"), false, policy.Date{}},
		{"friday afternoon", at("2026-11-27 16:00"), false, policy.Date{}},
		{"dst spring", at("2026-03-28 23:30"), false, policy.Date{}},
		{"dst autumn", at("2026-10-24 23:30"), false, policy.Date{}},
		{"holiday", at("2026-08-21 17:30"), true, policy.Date{Year: 2026, Month: time.August, Day: 24}},
	}
	langs := b.Rules.Languages
	n := 0
	for _, tm := range times {
		f := newFixture(t)
		if tm.holidays {
			rules := *f.rules
			rules.Holidays.Suspended = nil
			f.h.rules, f.rules = &rules, &rules
		}
		f.now = tm.at
		for _, c := range b.Rules.Categories {
			want := matrixKinds[c.ID]
			requesters := append([]string{}, requesterIDs(b.Rules)...)
			if c.ID == "csam" {
				requesters = append(requesters, "") // anonymous
			}
			for _, q := range requesters {
				lang := langs[n%len(langs)]
				n++
				name := tm.name + "/" + c.ID + "/" + q
				values, files := matrixReport(c, q, lang)
				requester, _ := b.Rules.Requester(values["requester"])
				ct, body := multipartReport(t, values, files, slices.Sorted(mapKeys(files))...)
				w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json")
				if !is(w, api.Outcomes.Accepted) {
					t.Fatalf("%s: status %d: %s", name, w.Code, w.Body)
				}
				var got api.Receipt
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				s := got.Schedule
				text := strings.Join(got.Deadlines, "\n")
				fail := func(format string, args ...any) {
					t.Helper()
					t.Errorf(name+" ("+lang+"): "+format+"\n%s", append(args, text)...)
				}
				// The review, on its clock, counted here minute by minute.
				natural := tm.at.Add(24 * time.Hour)
				if !want.calendar {
					natural = addWorking(tm.at, 24*60, tm.holiday)
				}
				settled := time.Date(tm.at.Year(), tm.at.Month(), tm.at.Day()+6, 0, 0, 0, 0, kyiv).Add(-time.Second)
				claimStarts := want.kind != "on_claim" || requester != nil && requester.Authority
				hours := time.Duration(0)
				if want.hours > 0 && claimStarts {
					hours = time.Duration(want.hours) * time.Hour
				}
				processed, sooner := natural, false
				if natural.Add(hours).After(settled) {
					processed, sooner = settled.Add(-hours), true
				}
				if s.Clock != map[bool]string{true: "calendar", false: "working"}[want.calendar] {
					fail("clock %q", s.Clock)
				}
				if s.ProcessedBy != processed.Format(time.RFC3339) || s.Sooner != sooner {
					fail("processed by %s (sooner %v), want %s (%v)", s.ProcessedBy, s.Sooner, processed.Format(time.RFC3339), sooner)
				}
				if !strings.Contains(got.Deadlines[0], words.DateTime(lang, processed)) {
					fail("the first sentence does not give the review's date %s", words.DateTime(lang, processed))
				}
				if wantClock := map[bool]i18n.Key{true: "deadlines.within.calendar", false: "deadlines.within.working"}[want.calendar]; sooner {
					why := map[bool]i18n.Key{true: "deadlines.within.sooner", false: "deadlines.within.limit"}[hours > 0]
					if !strings.Contains(text, words.Text(lang, why)) {
						fail("does not say why the review is due sooner (%s)", why)
					}
				} else if !strings.Contains(text, words.Count(lang, wantClock, 24, "week", words.WorkingTime(lang, b.Rules.Working))) {
					fail("does not say the review's clock (%s)", wantClock)
				}
				// The customer's time, and its latest moment, only where it runs.
				respondBy := ""
				if hours > 0 {
					respondBy = processed.Add(hours).Format(time.RFC3339)
					if !strings.Contains(text, words.DateTime(lang, processed.Add(hours))) || processed.Add(hours).After(settled) {
						fail("respond by %s not said, or past the decision", respondBy)
					}
				} else if strings.Contains(text, words.Text(lang, "preview.respond_by", "by", "")[:8]) {
					fail("gives a latest moment to a kind with none")
				}
				if s.Response.Kind != want.kind || s.Response.RespondBy != respondBy {
					fail("response %+v, want %s by %q", s.Response, want.kind, respondBy)
				}
				// The decision's date, but for a claim the provider does not decide.
				decided := want.kind != "on_claim" || claimStarts
				if strings.Contains(text, words.Text(lang, "deadlines.decided", "settled", words.DateTime(lang, settled))) != decided || (s.SettledBy != "") != decided {
					fail("decided: says the date %v, want %v", !decided, decided)
				}
				if rule := c.Rule[lang]; rule != "" && strings.Contains(text, rule) != decided {
					fail("the category's rule said: %v, want %v", !decided, decided)
				}
				// Sentences that fit only some kinds.
				for key, fits := range map[string]bool{
					"preview.blocked_at_once":        want.kind == "blocked_at_once",
					"preview.disabled_when_verified": want.kind == "disabled_when_verified",
					"preview.advisory":               want.kind == "advisory",
					"preview.case_by_case":           want.kind == "case_by_case",
				} {
					if strings.Contains(text, words.Text(lang, i18n.Key(key))) != fits {
						fail("%s said: %v, want %v", key, !fits, fits)
					}
				}
				// What the legal team has yet to approve says so: the hours no source sets,
				// and the response to CSAM, which depends on the provider's law.
				draft := c.ID == "fraud" || c.ID == "exposed-data" || c.ID == "illegal-content" || c.ID == "csam"
				if strings.Contains(text, words.Text(lang, "deadlines.draft")) != draft {
					fail("said to be a draft: %v, want %v", !draft, draft)
				}
				if hotline := b.Provider.Hotlines[0].URL; strings.Contains(text, hotline) != c.Urgent {
					fail("hotlines named: %v, want %v", !c.Urgent, c.Urgent)
				}
				if got.Notice != (values["email"] != "") {
					fail("notice %v with e-mail %q", got.Notice, values["email"])
				}
				// The receipt page without JavaScript says the same, and how the decision comes.
				values[api.IdempotencyField] = strings.NewReplacer("/", "-", " ", "-").Replace(name) + "-html"
				ct, body = multipartReport(t, values, files, slices.Sorted(mapKeys(files))...)
				w = f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", browserAccept)
				if !is(w, api.Outcomes.Accepted) {
					t.Fatalf("%s: without JavaScript, status %d: %s", name, w.Code, w.Body)
				}
				page := html.UnescapeString(receiptRegion(w.Body.String()))
				reply := words.Text(lang, "receipt.reply.status")
				if values["email"] != "" {
					reply = words.Text(lang, "receipt.reply.mail")
				}
				for _, line := range append(slices.Clone(got.Deadlines), reply) {
					if !strings.Contains(page, line) {
						t.Errorf("%s: the receipt page lacks %q", name, line)
					}
				}
			}
		}
	}
}

func requesterIDs(r *policy.Rules) []string {
	var ids []string
	for _, q := range r.Requesters {
		ids = append(ids, q.ID)
	}
	return ids
}

func mapKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// matrixReport is a valid report of category c by requester q ("" for an anonymous
// reporter of a category that allows it), with every field its answers ask for, and the
// order an authority attaches.
func matrixReport(c policy.Category, q, lang string) (map[string]string, map[string][]byte) {
	v := reporttest.Full()
	v["lang"], v["category"], v["requester"] = lang, c.ID, q
	for field, value := range map[string]string{
		"evidence_urls": "https://bad.example.net/page", "rights_documents": "Certificate 12345",
		"source_ip": "192.0.2.7", "target": "203.0.113.5", "time_window": "2026-11-22 20:00–21:00", "logs": "20:00 192.0.2.7 -> 203.0.113.5",
		"case_number": "757/1234/26", "issuing_body": "Pecherskyi District Court of Kyiv", "rights_declaration": "yes",
	} {
		v[field] = value
	}
	if q == "" {
		v["requester"] = "person"
		delete(v, "full_name")
		delete(v, "email")
	}
	files := map[string][]byte{}
	if q != "" && !c.NoFiles {
		if slices.Contains([]string{"law-enforcement", "court", "competent-body"}, q) {
			files["order.pdf"] = reporttest.PDF("order")
		}
	}
	return v, files
}

// addWorking adds minutes of working time (Monday to Friday, 09:00 to 18:00 in t's zone,
// but the holiday) to t, a minute at a time: slow and plain, so it can hold the calendar
// code to account.
func addWorking(t time.Time, minutes int, holiday policy.Date) time.Time {
	for minutes > 0 {
		day := policy.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
		working := t.Weekday() != time.Saturday && t.Weekday() != time.Sunday && day != holiday && t.Hour() >= 9 && t.Hour() < 18
		t = t.Add(time.Minute)
		if working {
			minutes--
		}
	}
	return t
}
