package intake

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
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

// statusFixture is the fixture with a link secret, and a report filed and forwarded.
func statusFixture(t *testing.T, opts ...Option) (*fixture, string) {
	t.Helper()
	f := newFixture(t, append([]Option{WithLinks(signer(t))}, opts...)...)
	if w := f.postJSON(t, reporttest.Full()); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d, want %s: %s", w.Code, named(api.Outcomes.Accepted), w.Body)
	}
	return f, testRef
}

// getStatus asks for the status page of lang with the reference and token, as the link does.
func (f *fixture) getStatus(lang, ref, token string, header ...string) *httptest.ResponseRecorder {
	q := url.Values{api.StatusRefParam: {ref}, api.StatusTokenParam: {token}}
	return f.do(http.MethodGet, api.PagePath(lang, api.StatusPage)+"?"+q.Encode(), "", "", append([]string{"Accept", "text/html"}, header...)...)
}

// getStatusJSON asks the status API, the token as a bearer credential.
func (f *fixture) getStatusJSON(t *testing.T, ref, token, query string, header ...string) (*httptest.ResponseRecorder, api.Status) {
	t.Helper()
	path := api.StatusPath(url.PathEscape(ref))
	if query != "" {
		path += "?" + query
	}
	w := f.do(http.MethodGet, path, "", "", append([]string{"Authorization", "Bearer " + token}, header...)...)
	var st api.Status
	if w.Code == api.Outcomes.Status.Status {
		if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil {
			t.Fatalf("%s: %v", w.Body, err)
		}
	}
	return w, st
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

// TestStatusShowsEachState: the page and the JSON follow the case through every state the
// desk records (delivery.Record): forwarded once the mailbox took it, the customer notified
// with the customer's time, decided with the outcome's words, a decision corrected; each in
// its language, with the deadlines of the receipt and nothing the reporter wrote.
func TestStatusShowsEachState(t *testing.T) {
	f, ref := statusFixture(t)
	token := signer(t).StatusToken(ref)
	words := contenttest.Bundle(t).Messages
	loc := f.rules.Location
	received := f.now
	spam, _ := f.rules.Category("spam")
	person, _ := f.rules.Requester("person")
	deadlines := f.rules.Deadlines(spam, person, received)

	check := func(state report.State, reached map[report.State]time.Time) {
		t.Helper()
		for _, lang := range f.rules.Languages {
			w := f.getStatus(lang, ref, token)
			if !is(w, api.Outcomes.Status) {
				t.Fatalf("%s: status %d, want %s: %s", lang, w.Code, named(api.Outcomes.Status), w.Body)
			}
			for name, want := range map[string]string{"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Content-Type": "text/html; charset=utf-8"} {
				if got := w.Header().Get(name); got != want {
					t.Errorf("%s: %s %q, want %q", lang, name, got, want)
				}
			}
			page := html.UnescapeString(w.Body.String())
			wants := append([]string{words.Text(lang, "status.heading", "ref", ref)}, words.Deadlines(lang, f.rules, spam, deadlines)...)
			for _, s := range statusSteps {
				wants = append(wants, words.Text(lang, i18n.Key("status.state."+string(s))))
				if at, ok := reached[s]; ok {
					wants = append(wants, words.DateTime(lang, at.In(loc)))
				}
			}
			if _, ok := reached[report.Decided]; !ok {
				wants = append(wants, words.Text(lang, "status.no_decision"), words.Text(lang, "status.not_yet"))
			}
			for _, want := range wants {
				if !strings.Contains(page, want) {
					t.Errorf("%s, %s: the page lacks %q", lang, state, want)
				}
			}
			for name, v := range reporttest.Full() {
				if len(v) > 6 && name != "lang" && name != "category" && name != "requester" && name != "channel" && name != "declaration" && strings.Contains(page, v) {
					t.Errorf("%s: the page shows the reporter's %s", lang, name)
				}
			}

			w, st := f.getStatusJSON(t, ref, token, "lang="+lang)
			if !is(w, api.Outcomes.Status) || st.State != string(state) || st.Lang != lang || st.Reference != ref || len(st.States) != len(statusSteps) {
				t.Fatalf("%s: %d %+v, want %s in state %s", lang, w.Code, st, named(api.Outcomes.Status), state)
			}
			if got := w.Header().Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("JSON: Referrer-Policy %q", got)
			}
			for i, s := range st.States {
				want := ""
				if at, ok := reached[statusSteps[i]]; ok {
					want = at.In(loc).Format(time.RFC3339)
				}
				if s.State != string(statusSteps[i]) || s.At != want || s.Title != words.Text(lang, i18n.Key("status.state."+string(statusSteps[i]))) {
					t.Errorf("%s: state %d %+v, want %s at %q", lang, i, s, statusSteps[i], want)
				}
			}
			if st.Deadlines == nil || !equal(st.Deadlines.Sentences, words.Deadlines(lang, f.rules, spam, deadlines)) || st.Deadlines.ProcessedBy != deadlines.ProcessedBy.Format(time.RFC3339) {
				t.Errorf("%s: deadlines %+v", lang, st.Deadlines)
			}
		}
	}

	forwarded := f.now
	check(report.Forwarded, map[report.State]time.Time{report.Received: received, report.Forwarded: forwarded})
	// The JSON in the report's language when none is asked for.
	if _, st := f.getStatusJSON(t, ref, token, ""); st.Lang != "en" {
		t.Errorf("no lang asked: %q, want the report's", st.Lang)
	}

	notified := received.Add(26 * time.Hour)
	if _, err := f.delivery.Record(context.Background(), ref, report.Event{State: report.CustomerNotified, At: notified, By: "desk"}); err != nil {
		t.Fatal(err)
	}
	reached := map[report.State]time.Time{report.Received: received, report.Forwarded: forwarded, report.CustomerNotified: notified}
	check(report.CustomerNotified, reached)
	until := notified.Add(12 * time.Hour)
	_, st := f.getStatusJSON(t, ref, token, "lang=uk")
	if got := st.States[2].Until; got != until.In(loc).Format(time.RFC3339) {
		t.Errorf("the customer's time runs until %q, want %s", got, until)
	}
	page := html.UnescapeString(f.getStatus("uk", ref, token).Body.String())
	if want := words.Text("uk", "status.until", "hours", "12 годин", "until", words.DateTime("uk", until.In(loc))); !strings.Contains(page, want) {
		t.Errorf("the page lacks %q", want)
	}
	if st.Decision != nil {
		t.Errorf("a decision before any: %+v", st.Decision)
	}

	decided := notified.Add(30 * time.Hour)
	if _, err := f.delivery.Record(context.Background(), ref, report.Event{State: report.Decided, At: decided, By: "desk", Outcome: "acted_on", Measure: "service_suspended", Note: "thanks"}); err != nil {
		t.Fatal(err)
	}
	reached[report.Decided] = decided
	check(report.Decided, reached)
	// The outcome's, the measure's and the note's words are the shipped rules'.
	acted, _ := f.rules.Outcome("acted_on")
	suspended, _ := f.rules.Measure("service_suspended")
	thanks, _ := f.rules.Note("thanks")
	for _, lang := range f.rules.Languages {
		want := api.Decision{Outcome: "acted_on", Title: acted.Title[lang], Meaning: acted.Meaning[lang], DecidedAt: decided.In(loc).Format(time.RFC3339),
			Measure: "service_suspended", MeasureTitle: suspended.Title[lang], Note: thanks.Text[lang]}
		_, st := f.getStatusJSON(t, ref, token, "lang="+lang)
		if st.Decision == nil || *st.Decision != want {
			t.Errorf("%s: decision %+v, want %+v", lang, st.Decision, want)
		}
		page := html.UnescapeString(f.getStatus(lang, ref, token).Body.String())
		for _, w := range []string{want.Title, want.Meaning, words.Text(lang, "status.decided_at", "date", words.DateTime(lang, decided.In(loc))),
			words.Text(lang, "status.measure", "measure", want.MeasureTitle), words.Text(lang, "status.note", "note", want.Note)} {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the page lacks %q", lang, w)
			}
		}
		if strings.Contains(page, words.Text(lang, "status.no_decision")) {
			t.Errorf("%s: a decided report says there is no decision", lang)
		}
	}

	// A decision corrected: the last one stands; a step recorded after it leaves the
	// report decided.
	corrected := decided.Add(time.Hour)
	if _, err := f.delivery.Record(context.Background(), ref, report.Event{State: report.Decided, At: corrected, Outcome: "duplicate", Duplicate: "AD-20261120-AAAAAA"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.delivery.Record(context.Background(), ref, report.Event{State: report.Answered, Answer: "We fixed it."}); err != nil {
		t.Fatal(err)
	}
	// So is a customer notified again: the desk corrected when.
	renotified := notified.Add(2 * time.Hour)
	if _, err := f.delivery.Record(context.Background(), ref, report.Event{State: report.CustomerNotified, At: renotified}); err != nil {
		t.Fatal(err)
	}
	_, st = f.getStatusJSON(t, ref, token, "lang=en")
	if st.State != string(report.Decided) || st.Decision == nil || st.Decision.Outcome != "duplicate" || st.Decision.Duplicate != "AD-20261120-AAAAAA" || st.Decision.Measure != "" {
		t.Errorf("corrected: %+v %+v", st, st.Decision)
	}
	if got, want := st.States[3].At, corrected.In(loc).Format(time.RFC3339); got != want {
		t.Errorf("decided at %s, want the correction's %s", got, want)
	}
	if got, want := st.States[2].Until, renotified.Add(12*time.Hour).In(loc).Format(time.RFC3339); got != want {
		t.Errorf("the customer's time runs until %s, want %s, from the last notice", got, want)
	}
	if body := f.getStatus("en", ref, token).Body.String(); strings.Contains(body, "We fixed it.") || !strings.Contains(body, "It repeats report AD-20261120-AAAAAA.") {
		t.Errorf("the corrected page:\n%s", body)
	}
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// TestStatusOfAReportDecidedUnnotified: a state the report went past without the desk
// recording it says so, not "not yet", which would promise it still comes.
func TestStatusOfAReportDecidedUnnotified(t *testing.T) {
	f, ref := statusFixture(t)
	if _, err := f.delivery.Record(context.Background(), ref, report.Event{State: report.Decided, Outcome: "duplicate", Duplicate: "AD-20261120-AAAAAA"}); err != nil {
		t.Fatal(err)
	}
	words := contenttest.Bundle(t).Messages
	page := html.UnescapeString(f.getStatus("en", ref, signer(t).StatusToken(ref)).Body.String())
	if !strings.Contains(page, words.Text("en", "status.not_recorded")) || strings.Contains(page, words.Text("en", "status.not_yet")) {
		t.Errorf("the page:\n%s", page)
	}
}

// noStatus are the ways to ask for a report's status that open nothing, each with a
// reference and a token: unknown references, wrong tokens (guessed, cut, altered, another
// report's, another spelling of the right one), and ones no form or link sends.
func noStatus(t *testing.T, ref string) map[string][2]string {
	t.Helper()
	s := signer(t)
	token := s.StatusToken(ref)
	other := "AD-20261123-ZZZZZZ"
	flip := []byte(token)
	flip[5] ^= 1
	// The last of 22 characters carries 2 bits of the 128 and 4 spare ones, which are
	// zero: the next character of the alphabet sets one, and a lenient decoder would read
	// the same bytes.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	spare := []byte(token)
	spare[len(spare)-1] = alphabet[strings.IndexByte(alphabet, spare[len(spare)-1])+1]
	return map[string][2]string{
		"an unknown reference with its token":     {other, s.StatusToken(other)},
		"an unknown reference with another token": {other, token},
		"a guessed token":                         {ref, "AAAAAAAAAAAAAAAAAAAAAA"},
		"a truncated token":                       {ref, token[:len(token)-1]},
		"a token cut in half":                     {ref, token[:11]},
		"an altered token":                        {ref, string(flip)},
		"the token with padding":                  {ref, token + "=="},
		"the token in standard base64":            {ref, strings.NewReplacer("-", "+", "_", "/").Replace(token) + "/"},
		"the token with a different spare bit":    {ref, string(spare)},
		"another report's token":                  {ref, s.StatusToken("AD-20261123-000002")},
		"the desk's token":                        {ref, s.DeskToken(ref, time.Now().Add(time.Hour))},
		"a token of another secret":               {ref, otherSigner(t).StatusToken(ref)},
		"no token":                                {ref, ""},
		"no reference":                            {"", token},
		"a lower-case reference":                  {strings.ToLower(ref), s.StatusToken(strings.ToLower(ref))},
		"a reference of another shape, signed":    {"../reports/" + ref, s.StatusToken("../reports/" + ref)},
		"a very long reference":                   {strings.Repeat("A", 100_000), token},
		"a very long token":                       {ref, strings.Repeat(token, 5_000)},
		"a token with a line break":               {ref, token + "\r\nX-Injected: 1"},
	}
}

func otherSigner(t *testing.T) *links.Signer {
	s, err := links.New(strings.Repeat("another secret ", 4))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestUnknownAndWrongAreAnsweredAlike: every look-up that opens nothing gets the one
// answer, StatusNotFound, byte for byte and header for header, as a page and as JSON; and a
// wrong token reads nothing from the store, so even a failing store answers it the same.
func TestUnknownAndWrongAreAnsweredAlike(t *testing.T) {
	f, ref := statusFixture(t)
	cases := noStatus(t, ref)
	first := func(m map[string]*httptest.ResponseRecorder) (string, *httptest.ResponseRecorder) {
		name := "an unknown reference with its token"
		return name, m[name]
	}
	for _, lang := range f.rules.Languages {
		pages, answers := map[string]*httptest.ResponseRecorder{}, map[string]*httptest.ResponseRecorder{}
		for name, c := range cases {
			pages[name] = f.getStatus(lang, c[0], c[1])
			answers[name], _ = f.getStatusJSON(t, c[0], c[1], "lang="+lang)
		}
		for _, m := range []map[string]*httptest.ResponseRecorder{pages, answers} {
			base, want := first(m)
			if !is(want, api.Outcomes.StatusNotFound) {
				t.Fatalf("%s, %s: %d %s, want %s", lang, base, want.Code, want.Body, named(api.Outcomes.StatusNotFound))
			}
			for name, got := range m {
				if got.Code != want.Code || got.Body.String() != want.Body.String() || !maps.EqualFunc(got.Header(), want.Header(), equal) {
					t.Errorf("%s: %s is answered unlike %s:\n%d %v\n%s\nwant\n%d %v\n%s", lang, name, base, got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
				}
			}
		}
		page := pages["a guessed token"].Body.String()
		if !strings.Contains(page, html.EscapeString(contenttest.Bundle(t).Messages.Text(lang, "status.not_found"))) || strings.Contains(page, "value=") {
			t.Errorf("%s: the page:\n%s", lang, page)
		}
	}

	// No wrong token reaches the store: with every call to it failing, each is still
	// answered as not found, never as the store's failure.
	f.store.Err = errors.New("R2 is down")
	for name, c := range cases {
		if name == "an unknown reference with its token" {
			continue
		}
		if w := f.getStatus("en", c[0], c[1]); !is(w, api.Outcomes.StatusNotFound) {
			t.Errorf("%s, the store down: %d, want %s", name, w.Code, named(api.Outcomes.StatusNotFound))
		}
	}
	// The right token then meets the failure, and says so.
	for _, w := range []*httptest.ResponseRecorder{f.getStatus("en", ref, signer(t).StatusToken(ref)), func() *httptest.ResponseRecorder {
		w, _ := f.getStatusJSON(t, ref, signer(t).StatusToken(ref), "")
		return w
	}()} {
		if !is(w, api.Outcomes.StatusUnavailable) {
			t.Errorf("the right token, the store down: %d %s, want %s", w.Code, w.Body, named(api.Outcomes.StatusUnavailable))
		}
	}
}

// TestStatusOfAnErasedReport: once the operator erased a report, its link opens what a wrong
// one does.
func TestStatusOfAnErasedReport(t *testing.T) {
	f, ref := statusFixture(t)
	token := signer(t).StatusToken(ref)
	if w := f.getStatus("en", ref, token); !is(w, api.Outcomes.Status) {
		t.Fatalf("%d, want %s", w.Code, named(api.Outcomes.Status))
	}
	if _, err := f.delivery.Erase(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	erased, wrong := f.getStatus("en", ref, token), f.getStatus("en", ref, "AAAAAAAAAAAAAAAAAAAAAA")
	if !is(erased, api.Outcomes.StatusNotFound) || erased.Body.String() != wrong.Body.String() {
		t.Errorf("erased: %d, want %s as a wrong token is", erased.Code, named(api.Outcomes.StatusNotFound))
	}
}

// TestStatusWithoutALinkSecret: a Worker with no link secret opens no status, and says no
// more than it would to a wrong token.
func TestStatusWithoutALinkSecret(t *testing.T) {
	f := newFixture(t)
	f.postJSON(t, reporttest.Full())
	w := f.getStatus("en", testRef, signer(t).StatusToken(testRef))
	if !is(w, api.Outcomes.StatusNotFound) {
		t.Errorf("%d, want %s", w.Code, named(api.Outcomes.StatusNotFound))
	}
	if w, _ := f.getStatusJSON(t, testRef, signer(t).StatusToken(testRef), ""); !is(w, api.Outcomes.StatusNotFound) {
		t.Errorf("JSON: %d, want %s", w.Code, named(api.Outcomes.StatusNotFound))
	}
}

// TestBareStatusPageIsTheGeneratedOne: the status page without a reference or a token,
// should it reach the Worker (entry.mjs hands it to the assets), is the page the generator
// wrote, with its form; not counted against the client's look-ups.
func TestBareStatusPageIsTheGeneratedOne(t *testing.T) {
	limiter := &countingLimiter{n: 1000}
	f := newFixture(t, WithLinks(signer(t)), WithStatusLimit(limiter, time.Minute))
	want, err := newSite(t).Read(context.Background(), "/en/status/")
	if err != nil {
		t.Fatal(err)
	}
	w := f.do(http.MethodGet, "/en/status/", "", "", "Accept", "text/html")
	if !is(w, api.Outcomes.StatusForm) || w.Body.String() != string(want) {
		t.Errorf("%d, want %s and the generated page", w.Code, named(api.Outcomes.StatusForm))
	}
	for _, want := range []string{`<form method="get" action="/en/status/">`, `name="ref" required`, `name="token" required`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if len(limiter.counts) != 0 {
		t.Errorf("the bare page was counted: %v", limiter.counts)
	}
	if w := f.do(http.MethodPost, "/en/status/?ref=x&token=y", "", "", "Accept", "text/html"); !is(w, api.Outcomes.StatusMethodNotAllowed) || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	if w := f.do(http.MethodDelete, api.StatusPath(testRef), "", ""); !is(w, api.Outcomes.StatusMethodNotAllowed) || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("DELETE on the API: %d", w.Code)
	}
	for _, path := range []string{"/de/status/?ref=x&token=y", api.ReportsPath + "/" + testRef + "/status/more", api.ReportsPath + "/" + testRef} {
		if w := f.do(http.MethodGet, path, "", ""); w.Code != api.Outcomes.NotFound.Status {
			t.Errorf("%s: %d, want 404", path, w.Code)
		}
	}
}

// TestStatusLookUpsAreRateLimited: look-ups by page and by JSON count against the client's
// limit and are refused with 429 past it, the page in its language with the form again.
func TestStatusLookUpsAreRateLimited(t *testing.T) {
	limiter := &countingLimiter{n: 3}
	f, ref := statusFixture(t, WithStatusLimit(limiter, time.Minute))
	token := signer(t).StatusToken(ref)
	const client = "203.0.113.40"
	for i := range 2 {
		if w := f.getStatus("en", ref, token, "CF-Connecting-IP", client); !is(w, api.Outcomes.Status) {
			t.Fatalf("look-up %d: %d", i+1, w.Code)
		}
	}
	if w, _ := f.getStatusJSON(t, ref, "wrong", "", "CF-Connecting-IP", client); !is(w, api.Outcomes.StatusNotFound) {
		t.Fatalf("a wrong token: %d", w.Code)
	}
	w := f.getStatus("ru", ref, token, "CF-Connecting-IP", client)
	if !is(w, api.Outcomes.RateLimited) || w.Header().Get("Retry-After") != "60" {
		t.Fatalf("the 4th look-up: %d, Retry-After %q, want %s", w.Code, w.Header().Get("Retry-After"), named(api.Outcomes.RateLimited))
	}
	words := contenttest.Bundle(t).Messages
	if page := html.UnescapeString(w.Body.String()); !strings.Contains(page, words.Text("ru", "err.rate_limited")) || !strings.Contains(page, `action="/ru/status/"`) {
		t.Errorf("the page:\n%s", page)
	}
	if w, _ := f.getStatusJSON(t, ref, token, "", "CF-Connecting-IP", client); !is(w, api.Outcomes.RateLimited) {
		t.Errorf("JSON past the limit: %d", w.Code)
	}
	if w := f.getStatus("en", ref, token, "CF-Connecting-IP", "203.0.113.41"); !is(w, api.Outcomes.Status) {
		t.Errorf("another client: %d", w.Code)
	}
}

// countingLimiter allows each key n requests, and counts them.
type countingLimiter struct {
	n      int
	counts map[string]int
}

func (l *countingLimiter) Allow(_ context.Context, key string) (bool, error) {
	if l.counts == nil {
		l.counts = map[string]int{}
	}
	l.counts[key]++
	return l.counts[key] <= l.n, nil
}

// TestNoTokenIsLogged: whatever the look-ups, found or not, failing or refused, the log
// names no token, nor the query that carries one.
func TestNoTokenIsLogged(t *testing.T) {
	f, ref := statusFixture(t, WithStatusLimit(&countingLimiter{n: 1000}, time.Minute))
	token := signer(t).StatusToken(ref)
	f.getStatus("en", ref, token)
	f.getStatusJSON(t, ref, token, "")
	for _, c := range noStatus(t, ref) {
		f.getStatus("en", c[0], c[1])
		f.getStatusJSON(t, c[0], c[1], "")
	}
	f.store.Err = errors.New("R2 is down")
	f.getStatus("en", ref, token)
	f.getStatusJSON(t, ref, token, "")
	log := f.log.String()
	if !strings.Contains(log, "reading a report's status") {
		t.Fatalf("the store's failure was not logged:\n%s", log)
	}
	for _, secret := range []string{token, "token=", strings.TrimRight(token, "A")} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds %q:\n%s", secret, log)
		}
	}
}
