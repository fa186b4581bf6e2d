package intake

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/fake"
)

// withConfirmations gives the fixture's handler a delivery that confirms to reporters,
// and returns the mailbox confirmations go to.
func withConfirmations(t *testing.T, f *fixture) *fake.Mailer {
	t.Helper()
	m := &fake.Mailer{}
	d, err := delivery.New(delivery.Config{
		Store: f.store, Queue: f.queue, Mailer: f.mailer, Mail: mailtest.Writer(t),
		Retention: contenttest.Bundle(t).Rules.Retention, Confirmations: m,
	}, delivery.WithClock(func() time.Time { return f.now }))
	if err != nil {
		t.Fatal(err)
	}
	f.delivery, f.h.delivery = d, d
	f.queue.Inline = func(body string) error { return d.Handle(context.Background(), body) }
	return m
}

// receiptRegion is the receipt of a page, its text unescaped: the page's data for the
// browser module carries every message it may show.
func receiptRegion(page string) string {
	_, rest, _ := strings.Cut(page, `<div id="receipt"`)
	receipt, _, _ := strings.Cut(rest, "</div>")
	return html.UnescapeString(receipt)
}

func receiptOf(t *testing.T, body []byte) api.Receipt {
	t.Helper()
	var r api.Receipt
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestConfirmationIsPromisedOnlyWhenSent: with the binding, the 201 answer and the receipt
// page say a confirmation is coming, and it comes, once; without it, neither says so.
func TestConfirmationIsPromisedOnlyWhenSent(t *testing.T) {
	words := contenttest.Bundle(t).Messages
	f := newFixture(t)
	confirmations := withConfirmations(t, f)
	w := f.postJSON(t, reporttest.Full())
	if r := receiptOf(t, w.Body.Bytes()); !is(w, api.Outcomes.Accepted) || !r.Confirmation || r.IdentityShared {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if len(confirmations.Sent) != 1 || confirmations.Sent[0].To != "olena+abuse@mail.example.org" || len(f.mailer.Sent) != 1 {
		t.Fatalf("%d confirmations, %d desk mails", len(confirmations.Sent), len(f.mailer.Sent))
	}
	if got := mailtest.Read(t, confirmations.Sent[0].Raw).Header.Get(email.ReferenceHeader); got != testRef {
		t.Errorf("confirmation of %q", got)
	}

	// Without JavaScript, the receipt page says the same, and the choice to be named.
	values := reporttest.Full()
	values["lang"], values["email"], values["share_identity"] = "uk", "taras@example.org", "yes"
	w = f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(values), "Accept", browserAccept)
	page := receiptRegion(w.Body.String())
	if !is(w, api.Outcomes.Accepted) || !strings.Contains(page, words.Text("uk", "receipt.confirmation")) || !strings.Contains(page, words.Text("uk", "receipt.identity.shared")) {
		t.Errorf("status %d; the receipt page does not say a confirmation comes and the reporter may be named", w.Code)
	}

	g := newFixture(t)
	w = g.postJSON(t, reporttest.Full())
	if r := receiptOf(t, w.Body.Bytes()); !is(w, api.Outcomes.Accepted) || r.Confirmation {
		t.Errorf("without the binding a confirmation is promised: %s", w.Body)
	}
	values["lang"] = "en"
	w = g.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(values), "Accept", browserAccept)
	if page := receiptRegion(w.Body.String()); strings.Contains(page, words.Text("en", "receipt.confirmation")) || !strings.Contains(page, words.Text("en", "receipt.identity.shared")) {
		t.Errorf("without the binding the receipt page promises a confirmation (%d):\n%s", w.Code, page)
	}
}

// TestNoConfirmationForRobots: a post with the honeypot filled is answered as a person's
// would be, a confirmation promised, and nothing is sent; one Turnstile refuses gets none.
func TestNoConfirmationForRobots(t *testing.T) {
	f := newFixture(t)
	confirmations := withConfirmations(t, f)
	doc := reporttest.Full()
	doc[api.HoneypotField] = "http://spam.example"
	w := f.postJSON(t, doc)
	if r := receiptOf(t, w.Body.Bytes()); !is(w, api.Outcomes.Accepted) || !r.Confirmation {
		t.Errorf("the honeypot's answer differs from a person's: %s", w.Body)
	}
	if len(confirmations.Sent) != 0 || f.store.Puts != 0 {
		t.Errorf("a robot's post sent %d confirmations, stored %d objects", len(confirmations.Sent), f.store.Puts)
	}

	g := newFixture(t, WithTurnstile(Turnstile{SiteKey: "1x00000000000000000000AA", Verifier: &siteverify{}}))
	confirmations = withConfirmations(t, g)
	doc = reporttest.Full()
	doc[api.TurnstileField] = "forged"
	if w := g.postJSON(t, doc); !is(w, api.Outcomes.NotHuman) || len(confirmations.Sent) != 0 || g.store.Puts != 0 {
		t.Errorf("status %d, %d confirmations, %d objects", w.Code, len(confirmations.Sent), g.store.Puts)
	}
}

// TestEraseByReference: DELETE on a report's path with the admin token erases it (200,
// how many objects), logs the reference and nothing of the reporter; an unknown or
// malformed reference is 404; without the token, 401; with no token configured, 404.
func TestEraseByReference(t *testing.T) {
	const token = "s3cret"
	f := newFixture(t, WithAdminToken(token))
	if w := f.postJSON(t, reporttest.Full()); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d", w.Code)
	}
	path := api.ReportPath + testRef
	if w := f.do(http.MethodDelete, path, "", ""); !is(w, api.Outcomes.Unauthorized) {
		t.Errorf("without the token: %d", w.Code)
	}
	if w := f.do(http.MethodPost, path, "", "", "Authorization", "Bearer "+token); !is(w, api.Outcomes.MethodNotAllowed) || w.Header().Get("Allow") != "GET, HEAD, DELETE" {
		t.Errorf("POST: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	// What is held, before: the report delivered, its file-less objects counted.
	w := f.do(http.MethodGet, path, "", "", "Authorization", "Bearer "+token)
	var held api.Held
	if err := json.Unmarshal(w.Body.Bytes(), &held); !is(w, api.Outcomes.Held) || err != nil || held.Reference != testRef || held.Delivered == "" || held.Pending || held.Objects < 2 ||
		held.Received != "2026-11-23T08:00:00Z" || strings.Contains(w.Body.String(), "olena") {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	w = f.do(http.MethodDelete, path, "", "", "Authorization", "Bearer "+token)
	var erased api.Erased
	if err := json.Unmarshal(w.Body.Bytes(), &erased); !is(w, api.Outcomes.Erased) || err != nil || erased.Reference != testRef || erased.Objects < 2 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	for _, k := range f.store.Keys("") {
		if strings.Contains(k, testRef) {
			t.Errorf("left %s", k)
		}
	}
	if !strings.Contains(f.log.String(), testRef) || strings.Contains(f.log.String(), "olena") {
		t.Errorf("the log: %s", f.log)
	}
	if erased.Objects != held.Objects {
		t.Errorf("erased %d objects of the %d held", erased.Objects, held.Objects)
	}
	for _, p := range []string{path, api.ReportPath + "AD-20261123-ZZZZZZ", api.ReportPath + "nothing", api.ReportPath + testRef + "/0"} {
		for _, method := range []string{http.MethodDelete, http.MethodGet} {
			if w := f.do(method, p, "", "", "Authorization", "Bearer "+token); !is(w, api.Outcomes.NotFound) {
				t.Errorf("%s %s: %d", method, p, w.Code)
			}
		}
	}
	if w := newFixture(t).do(http.MethodDelete, path, "", "", "Authorization", "Bearer "+token); !is(w, api.Outcomes.NotFound) {
		t.Errorf("with no token configured: %d", w.Code)
	}
}
