package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/site/headers"
)

// TestPostsFromOtherSitesAreRefused: a browser posting from another site's page (by
// Sec-Fetch-Site, or Origin where a browser sends no Sec-Fetch-Site) is refused before
// anything is read, stored or sent back; the form's own page and API clients pass.
func TestPostsFromOtherSitesAreRefused(t *testing.T) {
	form := formBody(map[string]string{"lang": "en", api.HoneypotField: "planted", api.IdempotencyField: "planted-key"})
	for _, tc := range []struct {
		name   string
		header []string
		want   api.Outcome
	}{
		{"cross-site", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, api.Outcomes.CrossSite},
		{"same-site, another subdomain", []string{"Sec-Fetch-Site", "same-site", "Origin", "https://evil.example.com"}, api.Outcomes.CrossSite},
		{"an old browser's Origin", []string{"Origin", "https://evil.example"}, api.Outcomes.CrossSite},
		{"an opaque origin", []string{"Origin", "null"}, api.Outcomes.CrossSite},
		{"the form's own page", []string{"Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"}, api.Outcomes.Invalid},
		{"an old browser on the form's page", []string{"Origin", "http://example.com"}, api.Outcomes.Invalid},
		{"an API client", nil, api.Outcomes.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			w := f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", form, append([]string{"Accept", browserAccept, "Accept-Language", "en"}, tc.header...)...)
			if !is(w, tc.want) {
				t.Fatalf("status %d, want %s", w.Code, named(tc.want))
			}
			if strings.Contains(w.Body.String(), "planted") {
				t.Error("the answer echoes a planted value")
			}
			if tc.want == api.Outcomes.CrossSite && !strings.Contains(w.Body.String(), contenttest.Bundle(t).Messages.Text("en", "err.cross_site")) {
				t.Errorf("the refusal does not say why:\n%s", w.Body)
			}
		})
	}
	// The typo notes' path too.
	f := newFixture(t)
	if w := f.do(http.MethodPost, api.TyposPath, "application/json", `{}`, "Sec-Fetch-Site", "cross-site"); !is(w, api.Outcomes.CrossSite) {
		t.Errorf("a typo note from another site: %d", w.Code)
	}
}

// TestWorkIsBoundedPerRequest: a body that holds far more fields than the form, or a
// field name longer than any, is refused whole before any field is judged, with a short
// answer; within the cap, each unknown field is one problem; a value far over its field's
// length comes back cut to it; and nothing is ever a 5xx.
func TestWorkIsBoundedPerRequest(t *testing.T) {
	f := newFixture(t)
	many := func(n int, sep string, field func(i int) string) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(field(i))
		}
		return b.String()
	}
	var parts bytes.Buffer
	mw := multipart.NewWriter(&parts)
	for i := range 5000 {
		mw.WriteField(fmt.Sprintf("f%d", i), "x")
	}
	mw.Close()
	long := strings.Repeat("n", maxNameBytes+1)
	for _, tc := range []struct {
		name, contentType, body string
	}{
		{"JSON of 80,000 fields", "application/json", "{" + many(80_000, ",", func(i int) string { return fmt.Sprintf(`"f%d":1`, i) }) + "}"},
		{"a form of 100,000 fields", "application/x-www-form-urlencoded", many(100_000, "&", func(i int) string { return fmt.Sprintf("f%d=", i) })},
		{"a multipart form of 5,000 parts", mw.FormDataContentType(), parts.String()},
		{"a JSON field name too long", "application/json", `{"` + long + `":"x"}`},
		{"a form field name too long", "application/x-www-form-urlencoded", long + "=x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, accept := range []string{"application/json", browserAccept} {
				w := f.do(http.MethodPost, api.ReportsPath, tc.contentType, tc.body, "Accept", accept, "Accept-Language", "en")
				if !is(w, api.Outcomes.TooManyFields) || w.Body.Len() > 8<<10 {
					t.Fatalf("status %d, %d bytes of answer; want a short %s", w.Code, w.Body.Len(), named(api.Outcomes.TooManyFields))
				}
				if !strings.Contains(w.Body.String(), contenttest.Bundle(t).Messages.Text("en", "err.fields")) {
					t.Errorf("the answer does not say why: %.300s", w.Body)
				}
			}
		})
	}
	// Within the cap, one problem per unknown field.
	doc := reporttest.Full()
	for i := range spareFields {
		doc[fmt.Sprintf("extra%d", i)] = "x"
	}
	w := f.postJSON(t, doc)
	var got api.Problems
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || !is(w, api.Outcomes.Invalid) || len(got.Problems) != spareFields {
		t.Fatalf("status %d, %d problems, %v; want %d", w.Code, len(got.Problems), err, spareFields)
	}
	// A megabyte of a value comes back cut to its field's length, not five times larger
	// once escaped.
	ct, huge := multipartReport(t, map[string]string{"lang": "en", "message": strings.Repeat("&", MaxBody-1000)}, nil)
	w = f.do(http.MethodPost, api.ReportsPath, ct, string(huge), "Accept", browserAccept)
	if !is(w, api.Outcomes.Invalid) || w.Body.Len() > 200<<10 {
		t.Errorf("status %d, a page of %d KiB", w.Code, w.Body.Len()>>10)
	}
}

// TestKeysAreKeptWhole: a key longer than a key may be, or holding what no key holds, is
// refused in words, never cut to one that another post may share.
func TestKeysAreKeptWhole(t *testing.T) {
	f := newFixture(t)
	body, _ := json.Marshal(reporttest.Full())
	for _, key := range []string{strings.Repeat("k", maxIdempotencyKey+1), "a key with spaces", "ключ"} {
		w := f.do(http.MethodPost, api.ReportsPath, "application/json", string(body), api.IdempotencyHeader, key)
		if !is(w, api.Outcomes.BadKey) {
			t.Errorf("key %.20q: status %d %s", key, w.Code, w.Body)
		}
	}
	if f.store.Puts != 0 {
		t.Errorf("%d objects stored", f.store.Puts)
	}
	if w := f.do(http.MethodPost, api.ReportsPath, "application/json", string(body), api.IdempotencyHeader, strings.Repeat("k", maxIdempotencyKey)); !is(w, api.Outcomes.Accepted) {
		t.Errorf("a key of %d characters: %d", maxIdempotencyKey, w.Code)
	}
}

// TestAKeyIsOneReport: the same key with a different report is refused in words (KeyReused),
// never answered with the first report's reference while the second is dropped.
func TestAKeyIsOneReport(t *testing.T) {
	f := newFixture(t, countingReferences())
	post := func(message string) *httptest.ResponseRecorder {
		doc := reporttest.Full()
		doc["message"] = message
		body, _ := json.Marshal(doc)
		return f.do(http.MethodPost, api.ReportsPath, "application/json", string(body), api.IdempotencyHeader, "form-key", "Accept-Language", "uk")
	}
	if w := post("first"); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("first: %d %s", w.Code, w.Body)
	}
	w := post("second, different")
	if !is(w, api.Outcomes.KeyReused) || !strings.Contains(w.Body.String(), contenttest.Bundle(t).Messages.Text("en", "err.key_reused")) {
		t.Errorf("a different report under the key: %d %s", w.Code, w.Body)
	}
	if len(f.mailer.Sent) != 1 {
		t.Errorf("mailed %d", len(f.mailer.Sent))
	}
}

// TestAReportWhoseMailWouldBeTooLarge: a report within every cap whose mail, its text
// encoded and its files in base64, would be over what the mailbox takes is refused in
// words, naming the files, and nothing is stored; a browser gets its form back, values
// kept.
func TestAReportWhoseMailWouldBeTooLarge(t *testing.T) {
	f := newFixture(t)
	values := reporttest.Full()
	// The long text fields in Cyrillic to their lengths: each letter is six characters
	// once quoted-printable.
	for field, n := range map[string]int{"message": 20000, "message_headers": 50000, "logs": 50000, "rights_documents": 5000} {
		values[field] = strings.Repeat("ж", n)
	}
	values["lang"] = "uk"
	files := map[string][]byte{}
	var order []string
	for i := range 2 {
		name := fmt.Sprintf("scan-%d.pdf", i)
		files[name] = append(reporttest.PDF("scan"), make([]byte, 9<<20-100)...)
		order = append(order, name)
	}
	ct, body := multipartReport(t, values, files, order...)
	w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json")
	var got api.Problems
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || !is(w, api.Outcomes.Invalid) || len(got.Problems) != 1 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if p := got.Problems[0]; p.Field != api.AttachmentsField || p.Code != api.MailTooLarge || !strings.Contains(p.Message, "25 МіБ") {
		t.Errorf("problem %+v", p)
	}
	if f.store.Puts != 0 || len(f.mailer.Sent) != 0 {
		t.Errorf("stored %d, mailed %d", f.store.Puts, len(f.mailer.Sent))
	}
	w = f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", browserAccept)
	if page := w.Body.String(); !is(w, api.Outcomes.Invalid) || !strings.Contains(page, "25 МіБ") || !strings.Contains(page, values["full_name"]) {
		t.Errorf("status %d, the page does not say so or lost the values", w.Code)
	}
}

// TestTurnstileRefusalKeepsWhatWasTyped: a form that fails the Turnstile check comes back
// with everything the reporter typed, saying what to do; the page shows the widget, and
// its CSP admits Cloudflare's challenge origin.
func TestTurnstileRefusalKeepsWhatWasTyped(t *testing.T) {
	const siteKey = "1x00000000000000000000AA"
	f := newFixture(t, WithTurnstile(Turnstile{SiteKey: siteKey, Verifier: &siteverify{}}))
	values := reporttest.Full()
	values["lang"] = "ru"
	w := f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(values), "Accept", browserAccept)
	page := w.Body.String()
	if !is(w, api.Outcomes.NotHuman) {
		t.Fatalf("status %d", w.Code)
	}
	for _, want := range []string{
		`value="` + values["full_name"] + `"`,
		contenttest.Bundle(t).Messages.Text("ru", "form.turnstile_again"),
		`<div class="cf-turnstile" data-sitekey="` + siteKey + `" data-action="report" data-language="ru"`,
		`<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if got := w.Header().Get("Content-Security-Policy"); got != headers.TurnstileCSP {
		t.Errorf("CSP %q", got)
	}
}

// panickingValidator panics, as a bug might.
type panickingValidator struct{}

func (panickingValidator) Validate(context.Context, any) ([]report.Problem, error) {
	panic("a bug")
}

// TestAPanicIsA500WithTheSecurityHeaders: a fault on our side is answered 500 in the
// visitor's language with every security header, like every other answer.
func TestAPanicIsA500WithTheSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	f.h.validator = panickingValidator{}
	w := f.do(http.MethodPost, api.ReportsPath, "application/json", "{}", "Accept-Language", "ru")
	if !is(w, api.Outcomes.ServerError) || !strings.Contains(w.Body.String(), contenttest.Bundle(t).Messages.Text("ru", "err.server")) {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	for _, h := range headers.Security(false) {
		if got := w.Header().Get(h.Name); got != h.Value {
			t.Errorf("%s: %q", h.Name, got)
		}
	}
}
