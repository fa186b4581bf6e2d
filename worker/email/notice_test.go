package email_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/schemas"
	"abusedesk/schemas/report"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/links"
)

const linkSecret = "the email tests' link secret, 48 bytes long....."

// signingWriter is mailtest's Writer with the private links signed under linkSecret.
func signingWriter(t *testing.T) (*email.Writer, *links.Signer) {
	t.Helper()
	c := contenttest.Bundle(t)
	signer, err := links.New(linkSecret)
	if err != nil {
		t.Fatal(err)
	}
	w, err := email.New(email.Config{Rules: c.Rules, Words: c.Messages, XARF: c.XARF, Fields: schemas.FormSpec().Fields,
		From: "Abuse desk <" + mailtest.From + ">", Desk: mailtest.Desk, Provider: c.Provider, Links: signer})
	if err != nil {
		t.Fatal(err)
	}
	return w, signer
}

// noticeDecision is a decision the desk recorded on the phishing report of named: the site taken
// down, a note for the reporter, and what the desk keeps for itself (who recorded it, the
// customer's words, the report it repeats) that the reporter must not be sent.
func noticeDecision(t *testing.T) report.Event {
	return report.Event{
		State: report.Decided, At: received(t).Add(50 * time.Hour), By: "mykola.desk@provider.example",
		Outcome: "acted_on", Measure: "material_removed", Note: "thanks",
		Answer: "The customer wrote: my site was hacked", Duplicate: "AD-20261120-QQQQQQ",
	}
}

// noticeOf writes the notice of decision d on rep with w, checks that it is the size it
// says, and reads it back.
func noticeOf(t *testing.T, w *email.Writer, rep report.Filed, d email.Notice) (*email.Message, mailtest.Message, []byte) {
	t.Helper()
	m, err := w.DecisionNotice(rep, d)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Fits(); err != nil {
		t.Error(err)
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(raw)) != m.Size() {
		t.Errorf("the notice is %d bytes, it said %d", len(raw), m.Size())
	}
	return m, mailtest.Read(t, raw), raw
}

// TestDecisionNotice: the reporter's decision notice is a plain text message in the
// report's language to their bare address, with the reference, the category, the outcome
// in the rules' words with what it means, the measure taken, the date, the desk's note,
// the redress open to them and the status link; replies reach the abuse mailbox; it
// carries nothing the reporter typed, nor what the desk recorded for itself.
func TestDecisionNotice(t *testing.T) {
	c := contenttest.Bundle(t)
	w, signer := signingWriter(t)
	ev := noticeDecision(t)
	outcome, ok := c.Rules.Outcome(ev.Outcome)
	if !ok {
		t.Fatalf("the rules have no outcome %q", ev.Outcome)
	}
	measure, _ := c.Rules.Measure(ev.Measure)
	note, _ := c.Rules.Note(ev.Note)
	if measure == nil || note == nil {
		t.Fatalf("the rules have no measure %q or no note %q", ev.Measure, ev.Note)
	}
	cat, _ := c.Rules.Category("phishing")
	for _, lang := range c.Rules.Languages {
		rep, _ := named(t, "phishing")
		rep.Lang = lang
		m, msg, raw := noticeOf(t, w, rep, email.Notice{Event: ev, Step: 2})
		if m.To != "olena+abuse@mail.example.org" || m.From != mailFrom {
			t.Errorf("%s: envelope %s -> %s", lang, m.From, m.To)
		}
		for name, want := range map[string]string{
			"To":                  "<olena+abuse@mail.example.org>",
			"Reply-To":            "<" + c.Provider.AbuseMailbox + ">",
			"Subject":             c.Messages.Text(lang, "notice.subject", "ref", testRef, "outcome", outcome.Title[lang]),
			"Auto-Submitted":      "auto-generated",
			"Message-ID":          "<notice.2." + testRef + "@example.com>",
			email.ReferenceHeader: testRef,
			email.NoticeHeader:    "2",
			"Content-Type":        "text/plain; charset=utf-8",
		} {
			if got := msg.HeaderText(t, name); got != want {
				t.Errorf("%s: %s %q, want %q", lang, name, got, want)
			}
		}
		if msg.Header.Get(email.ConfirmationHeader) != "" {
			t.Errorf("%s: the notice says it is a confirmation", lang)
		}
		status := "https://abuse.example.com/" + lang + "/status/?ref=" + testRef + "&token=" + signer.StatusToken(testRef)
		for _, want := range []string{
			c.Messages.Text(lang, "notice.intro", "ref", testRef, "received", c.Messages.DateTime(lang, rep.Received)),
			c.Messages.Text(lang, "confirm.category", "category", cat.Title[lang]),
			c.Messages.Text(lang, "notice.outcome", "date", c.Messages.DateTime(lang, ev.At.In(c.Rules.Location)), "outcome", outcome.Title[lang]),
			outcome.Meaning[lang],
			c.Messages.Text(lang, "notice.measure", "measure", measure.Title[lang]),
			c.Messages.Text(lang, "notice.note", "note", note.Text[lang]),
			c.Messages.Text(lang, "notice.redress", "ref", testRef, "mailbox", c.Provider.AbuseMailbox),
			c.Messages.Text(lang, "notice.status", "url", status),
			c.Messages.Text(lang, "confirm.auto"),
		} {
			if !strings.Contains(msg.Body, want) {
				t.Errorf("%s: the notice lacks %q:\n%s", lang, want, msg.Body)
			}
		}
		// Nothing the reporter typed but the address it goes to.
		for _, name := range report.Names() {
			v := rep.Report.Get(name)
			if name == "email" || name == "lang" || name == "category" || name == "requester" || name == "channel" || name == "declaration" || len(v) < 4 {
				continue
			}
			for _, line := range strings.Split(v, "\n") {
				if line = strings.TrimSpace(line); len(line) >= 4 && bytes.Contains(raw, []byte(line)) {
					t.Errorf("%s: the notice carries the reporter's %s: %q", lang, name, line)
				}
			}
		}
		if details.MatchString(strings.ReplaceAll(msg.Body, "olena+abuse@mail.example.org", "")) {
			t.Errorf("%s: the notice's text names the reporter", lang)
		}
		// Nor what the desk keeps for itself.
		for _, secret := range []string{ev.By, ev.Answer, ev.Duplicate, "my site was hacked"} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("%s: the notice carries the desk's %q", lang, secret)
			}
		}
	}
}

// TestDecisionNoticeOfACorrection: a decision recorded again is told as a correction of
// the one before, named by its date, in its subject and its first words; a notice of
// another step is a message of its own; with no link secret, no status link.
func TestDecisionNoticeOfACorrection(t *testing.T) {
	c := contenttest.Bundle(t)
	w := mailtest.Writer(t)
	first := noticeDecision(t)
	second := report.Event{State: report.Decided, At: first.At.Add(3 * time.Hour), Outcome: "no_violation"}
	outcome, ok := c.Rules.Outcome(second.Outcome)
	if !ok {
		t.Fatalf("the rules have no outcome %q", second.Outcome)
	}
	for _, lang := range c.Rules.Languages {
		rep := filed(t, "spam")
		rep.Lang = lang
		_, msg, _ := noticeOf(t, w, rep, email.Notice{Event: second, Step: 5, Corrects: first.At})
		if got, want := msg.HeaderText(t, "Subject"), c.Messages.Text(lang, "notice.subject_corrected", "ref", testRef, "outcome", outcome.Title[lang]); got != want {
			t.Errorf("%s: subject %q, want %q", lang, got, want)
		}
		if got := msg.Header.Get("Message-ID"); got != "<notice.5."+testRef+"@example.com>" {
			t.Errorf("%s: Message-ID %q", lang, got)
		}
		intro := c.Messages.Text(lang, "notice.intro_corrected", "ref", testRef, "received", c.Messages.DateTime(lang, rep.Received),
			"previous", c.Messages.DateTime(lang, first.At.In(c.Rules.Location)))
		if !strings.HasPrefix(msg.Body, intro+"\n") {
			t.Errorf("%s: the correction does not start by saying so:\n%s", lang, msg.Body)
		}
		for _, absent := range []string{"/status/", c.Messages.Text(lang, "notice.measure", "measure", "")} {
			if strings.Contains(msg.Body, absent) {
				t.Errorf("%s: the notice has %q:\n%s", lang, absent, msg.Body)
			}
		}
		if !strings.Contains(msg.Body, outcome.Meaning[lang]) {
			t.Errorf("%s: the notice lacks the outcome's meaning", lang)
		}
	}
}

// TestDecisionNoticeRefused: no notice to an address with a name or none, of a step that
// is not a decision, or naming an outcome, a measure or a note the rules do not have.
func TestDecisionNoticeRefused(t *testing.T) {
	w := mailtest.Writer(t)
	good := noticeDecision(t)
	for name, tc := range map[string]struct {
		address string
		edit    func(*report.Event)
	}{
		"no address":        {"", nil},
		"a named address":   {"Eve <eve@example.org>", nil},
		"a header injected": {"eve@example.org\r\nBcc: all@example.org", nil},
		"not a decision":    {"", func(ev *report.Event) { ev.State = report.CustomerNotified }},
		"unknown outcome":   {"", func(ev *report.Event) { ev.Outcome = "acted_on\r\nBcc: all@example.org" }},
		"unknown measure":   {"", func(ev *report.Event) { ev.Measure = "all_of_it" }},
		"unknown note":      {"", func(ev *report.Event) { ev.Note = "\u202egnirts" }},
	} {
		rep := filed(t, "phishing")
		if tc.address != "" || tc.edit == nil {
			rep.Report.Email = tc.address
		}
		ev := good
		if tc.edit != nil {
			tc.edit(&ev)
		}
		if m, err := w.DecisionNotice(rep, email.Notice{Event: ev, Step: 2}); err == nil || m != nil {
			t.Errorf("%s: written (%v)", name, err)
		}
	}
	// The good one, for contrast.
	if _, err := w.DecisionNotice(filed(t, "phishing"), email.Notice{Event: good, Step: 2}); err != nil {
		t.Errorf("the good one: %v", err)
	}
}
