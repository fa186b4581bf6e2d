package mailtest

import (
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/schemas"
	"abusedesk/worker/email"
	"abusedesk/worker/links"
)

// LinkSecret is the secret LinkedWriter's signer signs with.
const LinkSecret = "the Go tests' link secret, 32 bytes or more long"

// Signer is the signer of LinkedWriter's links.
func Signer(t testing.TB) *links.Signer {
	t.Helper()
	s, err := links.New(LinkSecret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// LinkedWriter is Writer with the Worker's private links signed by Signer: the desk's mail
// then carries the link to the report's page.
func LinkedWriter(t testing.TB) *email.Writer {
	t.Helper()
	c := contenttest.Bundle(t)
	w, err := email.New(email.Config{Rules: c.Rules, Words: c.Messages, XARF: c.XARF, Fields: schemas.FormSpec().Fields,
		From: "Abuse desk <" + From + ">", Desk: Desk, Urgent: c.Provider.UrgentMailbox, Provider: c.Provider, Links: Signer(t)})
	if err != nil {
		t.Fatal(err)
	}
	return w
}
