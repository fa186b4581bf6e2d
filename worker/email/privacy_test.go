package email_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
)

// named is a report whose reporter wrote their own details into what they typed, and into
// a file's name, in another case and across a line.
func named(t *testing.T, category string) (report.Filed, []report.File) {
	rep := filed(t, category)
	rep.Report.Message = "I am олена коваль-шевченко, write to OLENA+abuse@mail.example.org\nor call +380 (44) 123-45-67; \"Roe & Co\" <Kyiv> owns the mark."
	rep.Report.EvidenceURLs = "https://shop.example.net/login?ref=olena+abuse@mail.example.org"
	files := []report.File{reporttest.File("Олена Коваль-Шевченко passport.pdf", reporttest.PDF("id"), "pdf")}
	return rep, files
}

// details are the reporter's details the parts meant for the customer must not carry when
// they did not agree, in any case.
var details = regexp.MustCompile(`(?i)олена|коваль|olena|mail\.example\.org|123-45-67|roe & co`)

// TestIdentityWithheldByDefault: a reporter who did not tick the box is named to the desk
// and to no one else: the desk's mail says so in its subject, a header and its first line,
// and the summary and the XARF part, which the desk forwards, name the abuse desk and have
// the reporter's details taken out of what they typed.
func TestIdentityWithheldByDefault(t *testing.T) {
	c := contenttest.Bundle(t)
	schema := xarfSchema(t)
	for _, category := range []string{"phishing", "csam"} {
		rep, files := named(t, category)
		if category == "csam" {
			files = nil
		}
		msg := mailtest.Read(t, compose(t, mailtest.Writer(t), rep, files))
		if got := msg.Header.Get(email.IdentityHeader); got != email.IdentityWithheld {
			t.Errorf("%s: %s: %q", category, email.IdentityHeader, got)
		}
		if subject := msg.HeaderText(t, "Subject"); !strings.HasSuffix(subject, " [не називати скаржника]") {
			t.Errorf("%s: subject %q", category, subject)
		}
		first, _, _ := strings.Cut(msg.Body, "\n")
		if want := c.Messages.Text("uk", "mail.identity.withheld", "summary", email.SummaryFile, "withheld", "[приховано]"); first != want {
			t.Errorf("%s: the text starts %q, want %q", category, first, want)
		}
		// The desk itself sees everything, and the choice among the fields.
		for _, want := range []string{"Олена Коваль-Шевченко", "olena+abuse@mail.example.org", c.Messages.Text("uk", "mail.label.share_identity") + ": ні"} {
			if !strings.Contains(msg.Body, want) {
				t.Errorf("%s: the desk's text lacks %q", category, want)
			}
		}
		if details.MatchString(msg.Summary) {
			t.Errorf("%s: the customer's summary names the reporter:\n%s", category, msg.Summary)
		}
		for _, want := range []string{
			"Скарга " + testRef + " щодо вашого сервісу",
			c.Messages.Text("uk", "summary.reporter_withheld", "provider", c.Provider.LegalEntity["uk"], "mailbox", c.Provider.AbuseMailbox),
			"shop.example.net/login", "I am [приховано], write to [приховано]\nor call [приховано]; [приховано] owns the mark.",
		} {
			if !strings.Contains(msg.Summary, want) {
				t.Errorf("%s: the summary lacks %q:\n%s", category, want, msg.Summary)
			}
		}
		if category == "csam" {
			if len(msg.XARFs) != 0 {
				t.Errorf("csam has a XARF part")
			}
			continue
		}
		if details.Match(msg.XARF) {
			t.Errorf("the XARF part names the reporter:\n%s", msg.XARF)
		}
		var doc struct {
			Reporter map[string]string `json:"reporter"`
		}
		if err := json.Unmarshal(msg.XARF, &doc); err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"org": c.Provider.Name, "contact": c.Provider.AbuseMailbox, "domain": "example.com"}; !mapsEqual(doc.Reporter, want) {
			t.Errorf("XARF reporter %v, want %v", doc.Reporter, want)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(msg.XARF))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("the XARF part naming the desk is not valid XARF v4: %v", err)
		}
	}
}

// TestIdentitySharedWhenAgreed: with the box ticked, the summary and the XARF part name
// the reporter, and the desk's mail says they may be passed on.
func TestIdentitySharedWhenAgreed(t *testing.T) {
	c := contenttest.Bundle(t)
	rep, files := named(t, "phishing")
	rep.Report.ShareIdentity = report.Declared
	msg := mailtest.Read(t, compose(t, mailtest.Writer(t), rep, files))
	if got := msg.Header.Get(email.IdentityHeader); got != email.IdentityShared {
		t.Errorf("%s: %q", email.IdentityHeader, got)
	}
	if subject := msg.HeaderText(t, "Subject"); strings.Contains(subject, "не називати") {
		t.Errorf("subject %q", subject)
	}
	if !strings.HasPrefix(msg.Body, c.Messages.Text("uk", "mail.identity.shared", "summary", email.SummaryFile)) {
		t.Errorf("the text does not start by saying the reporter may be named:\n%s", msg.Body)
	}
	for _, want := range []string{"Олена Коваль-Шевченко", "olena+abuse@mail.example.org", "+380 (44) 123-45-67", `"Roe & Co" <Kyiv>`, "I am олена коваль-шевченко"} {
		if !strings.Contains(msg.Summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, msg.Summary)
		}
	}
	var doc struct {
		Reporter map[string]string `json:"reporter"`
	}
	if err := json.Unmarshal(msg.XARF, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Reporter["contact"] != "olena+abuse@mail.example.org" || doc.Reporter["org"] != `"Roe & Co" <Kyiv>` {
		t.Errorf("XARF reporter %v", doc.Reporter)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestConfirmation: the reporter's confirmation is a plain text message in the report's
// language to their bare address, with the reference, the time of receipt, the category,
// the deadlines and what happens next, their choice, and the two pages' links; it carries
// nothing they typed and no file, and replies reach the abuse mailbox.
func TestConfirmation(t *testing.T) {
	c := contenttest.Bundle(t)
	w := mailtest.Writer(t)
	for _, lang := range c.Rules.Languages {
		rep, _ := named(t, "phishing")
		rep.Lang = lang
		m, err := w.Confirmation(rep)
		if err != nil {
			t.Fatal(err)
		}
		if m.To != "olena+abuse@mail.example.org" || m.From != mailFrom {
			t.Errorf("%s: envelope %s -> %s", lang, m.From, m.To)
		}
		if err := m.Fits(); err != nil {
			t.Error(err)
		}
		raw, err := m.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		msg := mailtest.Read(t, raw)
		cat, _ := c.Rules.Category("phishing")
		for name, want := range map[string]string{
			"To":                     "<olena+abuse@mail.example.org>",
			"Reply-To":               "<" + c.Provider.AbuseMailbox + ">",
			"Subject":                c.Messages.Text(lang, "confirm.subject", "ref", testRef),
			"Auto-Submitted":         "auto-generated",
			email.ReferenceHeader:    testRef,
			email.ConfirmationHeader: "1",
			"Content-Type":           "text/plain; charset=utf-8",
		} {
			if got := msg.HeaderText(t, name); got != want {
				t.Errorf("%s: %s %q, want %q", lang, name, got, want)
			}
		}
		person, _ := c.Rules.Requester("person")
		d := c.Rules.Deadlines(cat, person, rep.Received)
		for _, want := range append([]string{
			testRef, c.Messages.DateTime(lang, rep.Received), cat.Title[lang],
			c.Messages.Text(lang, "receipt.identity.withheld"),
			"https://abuse.example.com/" + lang + "/expect/", "https://abuse.example.com/" + lang + "/privacy/",
			c.Messages.Text(lang, "confirm.not_you", "mailbox", c.Provider.AbuseMailbox, "ref", testRef),
		}, c.Messages.Deadlines(lang, c.Rules, cat, d)...) {
			if !strings.Contains(msg.Body, want) {
				t.Errorf("%s: the confirmation lacks %q:\n%s", lang, want, msg.Body)
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
					t.Errorf("%s: the confirmation carries the reporter's %s: %q", lang, name, line)
				}
			}
		}
		if details.MatchString(strings.ReplaceAll(msg.Body, "olena+abuse@mail.example.org", "")) {
			t.Errorf("%s: the confirmation's text names the reporter", lang)
		}
	}
}

// TestConfirmationOnlyToABareAddress: an address with a name, a comment or a line break
// gets no confirmation, whatever the schema let through: nothing the reporter typed goes
// into its header.
func TestConfirmationOnlyToABareAddress(t *testing.T) {
	for _, tc := range []struct {
		address string
		ok      bool
	}{
		{"olena@example.org", true},
		{"o.k+tag@sub.example.org", true},
		{"", false},
		{"Eve <eve@example.org>", false},
		{"eve@example.org (Win a prize at evil.example)", false},
		{"eve@example.org\r\nBcc: all@example.org", false},
		{"eve@example.org,bob@example.org", false},
		{`"Free money"@example.org`, false},
	} {
		_, ok := email.ConfirmationAddress(&report.Report{Email: tc.address})
		if ok != tc.ok {
			t.Errorf("%q: %v, want %v", tc.address, ok, tc.ok)
		}
	}
	rep := filed(t, "spam")
	rep.Report.Email = "Eve <eve@example.org>"
	if _, err := mailtest.Writer(t).Confirmation(rep); err == nil {
		t.Error("a confirmation was written to an address with a name")
	}
}
