package email_test

import (
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/schemas"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/links"
)

// TestConfirmationCarriesTheStatusLink: with a link secret, the confirmation gives the
// receipt's private status link, the reference's token on the provider's address in the
// report's language, with the words to keep it; without one, no link and no such words.
func TestConfirmationCarriesTheStatusLink(t *testing.T) {
	c := contenttest.Bundle(t)
	signer, err := links.New("the e-mail tests' link secret, long enough")
	if err != nil {
		t.Fatal(err)
	}
	w, err := email.New(email.Config{Rules: c.Rules, Words: c.Messages, XARF: c.XARF, Fields: schemas.FormSpec().Fields,
		From: "Abuse desk <" + mailtest.From + ">", Desk: mailtest.Desk, Urgent: c.Provider.UrgentMailbox, Provider: c.Provider, Links: signer})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range c.Rules.Languages {
		rep := filed(t, "phishing")
		rep.Lang = lang
		for _, tc := range []struct {
			w    *email.Writer
			link bool
		}{{w, true}, {mailtest.Writer(t), false}} {
			m, err := tc.w.Confirmation(rep)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := m.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			body := mailtest.Read(t, raw).Body
			link := "https://abuse.example.com/" + lang + "/status/?ref=" + testRef + "&token=" + signer.StatusToken(testRef)
			words, _, _ := strings.Cut(c.Messages.Text(lang, "confirm.status", "url", link), "\n")
			if strings.Contains(body, link+"\n") != tc.link || strings.Contains(body, words) != tc.link {
				t.Errorf("%s, with a secret %v: the link %s, its words %q:\n%s", lang, tc.link, link, words, body)
			}
			if !tc.link && strings.Contains(body, "/status/") {
				t.Errorf("%s: a status link without a secret:\n%s", lang, body)
			}
		}
	}
}
