package email_test

import (
	"regexp"
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/schemas"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
)

// TestDeskTextListsWhatTheReportHolds: the desk's text names the fields the report holds,
// in the desk's own words, and leaves the empty ones out: a phishing report from a person
// lists no dashes for the sixteen fields it never had.
func TestDeskTextListsWhatTheReportHolds(t *testing.T) {
	c := contenttest.Bundle(t)
	v := reporttest.Full()
	for _, k := range []string{"phone", "company", "postal_address", "business_address", "channel", "message_headers"} {
		delete(v, k)
	}
	v["category"], v["evidence_urls"] = "phishing", "https://bank-login.example.net/"
	rep := filed(t, "phishing")
	rep.Report = reporttest.Report(v)
	msg := mailtest.Read(t, compose(t, mailtest.Writer(t), rep, nil))
	if strings.Contains(msg.Body, ": —") {
		t.Errorf("the desk's text lists empty fields:\n%s", msg.Body)
	}
	for _, empty := range []string{"phone", "company", "source_ip", "logs", "case_number", "rights_documents"} {
		if label := c.Messages.Text("uk", i18n.Key("field."+empty+".label")); strings.Contains(msg.Body, label+":") {
			t.Errorf("the desk's text names the empty %s (%q)", empty, label)
		}
	}
	// The desk's words, not the reporter's first person.
	for _, want := range []string{c.Messages.Text("uk", "mail.label.share_identity") + ": ні", c.Messages.Text("uk", "mail.label.resource") + ": "} {
		if !strings.Contains(msg.Body, want) {
			t.Errorf("the desk's text lacks %q:\n%s", want, msg.Body)
		}
	}
	for _, reporters := range []string{c.Messages.Text("uk", "field.share_identity.label"), c.Messages.Text("uk", "field.resource.label")} {
		if strings.Contains(msg.Body, reporters) {
			t.Errorf("the desk's text speaks as the reporter: %q", reporters)
		}
	}
}

// TestDeskReadsItsOwnLanguage: provider.yaml's desk_language sets the language of the
// desk's text, whatever the report's.
func TestDeskReadsItsOwnLanguage(t *testing.T) {
	c := contenttest.Bundle(t)
	p := *c.Provider
	p.DeskLanguage = "en"
	w, err := email.New(email.Config{Rules: c.Rules, Words: c.Messages, XARF: c.XARF, Fields: schemas.FormSpec().Fields,
		From: "Abuse desk <" + mailtest.From + ">", Desk: mailtest.Desk, Urgent: p.UrgentMailbox, Provider: &p})
	if err != nil {
		t.Fatal(err)
	}
	msg := mailtest.Read(t, compose(t, w, filed(t, "malware"), nil))
	if want := c.Messages.Text("en", "mail.label.resource") + ": "; !strings.Contains(msg.Body, want) {
		t.Errorf("an English desk's text lacks %q:\n%s", want, msg.Body)
	}
}

// TestSummarySpeaksToTheCustomer: what the desk may forward speaks to the customer, names
// an authority's issuer and case (what starts the customer's time) whatever the reporter
// chose about their own name, and never says both that the time runs and that it waits
// for a claim.
func TestSummarySpeaksToTheCustomer(t *testing.T) {
	c := contenttest.Bundle(t)
	for _, tc := range []struct {
		requester string
		want      []string
		not       []string
	}{
		{"court", []string{c.Messages.Text("uk", "summary.claim", "body", "Печерський районний суд", "case", "757/1234/26"),
			c.Messages.Text("uk", "summary.time_claim", "hours", c.Messages.Hours("uk", 12))},
			[]string{c.Messages.Text("uk", "summary.time_no_claim"), "Олена"}},
		{"person", []string{c.Messages.Text("uk", "summary.time_no_claim")},
			[]string{"757/1234/26", c.Messages.Text("uk", "summary.time_claim", "hours", c.Messages.Hours("uk", 12))}},
	} {
		rep := filed(t, "copyright")
		rep.Report.Requester, rep.Report.CaseNumber, rep.Report.IssuingBody = tc.requester, "757/1234/26", "Печерський  районний\nсуд"
		rep.Report.FullName = "Олена Коваль"
		summary := mailtest.Read(t, compose(t, mailtest.Writer(t), rep, nil)).Summary
		for _, want := range append(tc.want, c.Messages.Text("uk", "summary.label.resource")+": ") {
			if !strings.Contains(summary, want) {
				t.Errorf("%s: the summary lacks %q:\n%s", tc.requester, want, summary)
			}
		}
		for _, not := range append(tc.not, c.Messages.Text("uk", "field.resource.label"), c.Messages.Text("uk", "summary.time", "time", "")) {
			if strings.Contains(summary, not) {
				t.Errorf("%s: the summary says %q:\n%s", tc.requester, not, summary)
			}
		}
	}
}

// TestConfirmationNamesTheZone: every paragraph of the confirmation that gives a time says
// on which clock, in every language.
func TestConfirmationNamesTheZone(t *testing.T) {
	c := contenttest.Bundle(t)
	clock := regexp.MustCompile(`\d\d:\d\d`)
	zone := map[string]string{"uk": "за київським часом", "ru": "по киевскому времени", "en": "Kyiv time"}
	for _, lang := range c.Rules.Languages {
		rep := filed(t, "ddos")
		rep.Lang = lang
		m, err := mailtest.Writer(t).Confirmation(rep)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := m.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		body := mailtest.Read(t, raw).Body
		times := 0
		// A line at a time: "р." and "г." end no sentence, and each line of the mail is one
		// paragraph, whose times each name the clock.
		for _, sentence := range strings.Split(body, "\n") {
			if !clock.MatchString(sentence) {
				continue
			}
			times++
			if !strings.Contains(sentence, zone[lang]) {
				t.Errorf("%s: a time without its zone: %q", lang, strings.TrimSpace(sentence))
			}
		}
		if times < 3 {
			t.Errorf("%s: %d sentences with a time, want the receipt's, the review's and the customer's:\n%s", lang, times, body)
		}
	}
}
