package email_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
)

// TestTheDesksMailLinksTheReportsPage: with links signed, the desk's text carries the
// absolute link to the report's page, on the provider's address, whose token opens that
// report's page alone until the report's retention and the case's have passed since
// receipt; what the desk forwards to the customer (the summary, the XARF part) carries
// none, and the mail measured at intake is still exactly the mail written. Without links,
// there is none.
func TestTheDesksMailLinksTheReportsPage(t *testing.T) {
	c := contenttest.Bundle(t)
	w := mailtest.LinkedWriter(t)
	signer := mailtest.Signer(t)
	expires := received(t).Add(time.Duration(c.Rules.Retention.DeliveredReports+c.Rules.Retention.CaseRecords) * policy.Day)
	for _, category := range []string{"spam", "phishing", "csam", "copyright", "other"} {
		rep := filed(t, category)
		var files []report.File
		if category != "csam" {
			files = []report.File{reporttest.File("headers.txt", []byte("Received: from x\n"), "text")}
		}
		msg := mailtest.Read(t, compose(t, w, rep, files))
		link := w.DeskLink(testRef, rep.Received)
		if want := c.Messages.Text("uk", "desk.mail_link", "url", link); !strings.Contains(msg.Body, "\n"+want+"\n") {
			t.Errorf("%s: the desk's text lacks %q:\n%s", category, want, msg.Body)
		}
		u, err := url.Parse(link)
		if err != nil || u.Scheme+"://"+u.Host != c.Provider.Website || u.Path != "/desk/"+testRef {
			t.Fatalf("%s: link %q: %v", category, link, err)
		}
		e, err := strconv.ParseInt(u.Query().Get("e"), 10, 64)
		if err != nil || e != expires.Unix() {
			t.Errorf("%s: expires %s, want %s", category, u.Query().Get("e"), expires)
		}
		token := u.Query().Get("t")
		if !signer.CheckDesk(testRef, time.Unix(e, 0), token, rep.Received) || signer.CheckDesk("AD-20261123-7K3M9R", time.Unix(e, 0), token, rep.Received) {
			t.Errorf("%s: the token opens the wrong pages", category)
		}
		for name, part := range map[string]string{"summary": msg.Summary, "XARF": string(msg.XARF)} {
			if strings.Contains(part, "/desk/") || strings.Contains(part, token) {
				t.Errorf("%s: the %s, which the desk forwards, carries the desk's link", category, name)
			}
		}
		if plain := mailtest.Read(t, compose(t, mailtest.Writer(t), rep, files)); strings.Contains(plain.Body, "/desk/") {
			t.Errorf("%s: a link without a secret", category)
		}
	}
}

// TestDeskLinkExpires counts the link's life in the rules' retention from receipt, in
// whole seconds.
func TestDeskLinkExpires(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 987654321, time.UTC)
	got := email.DeskLinkExpires(at, policy.Retention{DeliveredReports: 30, IdempotencyKeys: 7, CaseRecords: 365})
	if want := time.Date(2027, 12, 23, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("expires %s, want %s", got, want)
	}
}
