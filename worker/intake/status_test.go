package intake

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/links"
)

// linkSecret signs the status links of the tests' Workers.
const linkSecret = "the intake tests' link secret, long enough to sign"

func signer(t testing.TB) *links.Signer {
	t.Helper()
	s, err := links.New(linkSecret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestReceiptCarriesTheStatusLink: the receipt, as JSON and as a page, gives the status link
// on the provider's address, in the report's language, with the reference's token; the
// same on a second post of the report under its key; none without a link secret.
func TestReceiptCarriesTheStatusLink(t *testing.T) {
	f := newFixture(t, WithLinks(signer(t)))
	want := "https://abuse.example.com/en/status/?ref=" + testRef + "&token=" + signer(t).StatusToken(testRef)
	post := func() api.Receipt {
		w := f.do(http.MethodPost, api.ReportsPath, "application/json", string(mustJSON(t, reporttest.Full())), api.IdempotencyHeader, "one-report")
		if !is(w, api.Outcomes.Accepted) {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		return receiptOf(t, w.Body.Bytes())
	}
	if got := post().StatusURL; got != want {
		t.Errorf("status_url %q, want %q", got, want)
	}
	if got := post().StatusURL; got != want {
		t.Errorf("the same report posted again: status_url %q, want %q", got, want)
	}
	u, err := url.Parse(want)
	if err != nil || u.Query().Get(api.StatusRefParam) != testRef || !signer(t).CheckStatus(testRef, u.Query().Get(api.StatusTokenParam)) {
		t.Errorf("%s does not carry the reference and its token: %v", want, err)
	}

	// The page, without JavaScript, in the report's language.
	values := reporttest.Full()
	values["lang"] = "uk"
	w := f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(values), "Accept", "text/html")
	if !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	page := receiptRegion(w.Body.String())
	ref := regexp.MustCompile(`AD-\d{8}-[0-9A-Z]{6}`).FindString(page)
	link := "https://abuse.example.com/uk/status/?ref=" + ref + "&token=" + signer(t).StatusToken(ref)
	if raw := w.Body.String(); !strings.Contains(raw, `<a href="`+html.EscapeString(link)+`">`) {
		t.Errorf("the receipt page lacks the link %s:\n%s", link, page)
	}
	if want := contenttest.Bundle(t).Messages.Text("uk", "receipt.status"); !strings.Contains(page, want) {
		t.Errorf("the receipt page lacks %s:\n%s", want, page)
	}

	plain := newFixture(t)
	w = plain.postJSON(t, reporttest.Full())
	if !is(w, api.Outcomes.Accepted) || strings.Contains(w.Body.String(), "status_url") {
		t.Errorf("without a link secret: %d %s", w.Code, w.Body)
	}
	w = plain.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(reporttest.Full()), "Accept", "text/html")
	if page := receiptRegion(w.Body.String()); strings.Contains(page, "/status/") || strings.Contains(page, contenttest.Bundle(t).Messages.Text("en", "receipt.status")) {
		t.Errorf("without a link secret the receipt names a status link:\n%s", page)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
