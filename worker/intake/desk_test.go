package intake

import (
	"context"
	"encoding/json"
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/site/formhtml"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email/mailtest"
)

// deskCase is a fixture whose Worker signs links and writes statements, and one report of
// it, delivered: link is its desk link, path and query, as the desk's mail gives it.
type deskCase struct {
	*fixture
	ref, link string
	// delivered is when the abuse mailbox took the report.
	delivered time.Time
}

// newDeskCase posts a spam report of reporttest.Full (the reporter not named to the
// customer) and reads the desk's link from the mail the desk got.
func newDeskCase(t *testing.T, opts ...Option) *deskCase {
	t.Helper()
	f := newFixture(t, append([]Option{WithLinks(mailtest.Signer(t)), WithStatements(mailtest.Writer(t)), WithAdminToken("s3cret")}, opts...)...)
	d, err := delivery.New(delivery.Config{Store: f.store, Queue: f.queue, Mailer: f.mailer, Mail: mailtest.LinkedWriter(t),
		Retention: contenttest.Bundle(t).Rules.Retention}, delivery.WithClock(func() time.Time { return f.now }))
	if err != nil {
		t.Fatal(err)
	}
	f.delivery, f.h.delivery = d, d
	f.queue.Inline = func(body string) error { return d.Handle(context.Background(), body) }
	if w := f.postJSON(t, reporttest.Full()); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("the report: %d %s", w.Code, w.Body)
	}
	if len(f.mailer.Sent) != 1 {
		t.Fatalf("%d mails to the desk", len(f.mailer.Sent))
	}
	body := mailtest.Read(t, f.mailer.Sent[0].Raw).Body
	found := regexp.MustCompile(`https://abuse\.example\.com(/desk/\S+)`).FindStringSubmatch(body)
	if found == nil {
		t.Fatalf("no desk link in the desk's mail:\n%s", body)
	}
	delivered := f.now
	f.now = f.now.Add(time.Hour)
	return &deskCase{fixture: f, ref: testRef, link: found[1], delivered: delivered}
}

// get asks for the desk's page at link as a browser does.
func (d *deskCase) get(link string, header ...string) *httptest.ResponseRecorder {
	return d.do(http.MethodGet, link, "", "", append([]string{"Accept", browserAccept}, header...)...)
}

// post sends values to the page at link as the page's form does, from the page itself.
func (d *deskCase) post(link string, values url.Values, header ...string) *httptest.ResponseRecorder {
	return d.do(http.MethodPost, link, "application/x-www-form-urlencoded", values.Encode(),
		append([]string{"Accept", browserAccept, "Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"}, header...)...)
}

// hiddenInput is a hidden field of a page's form, its attributes in the page's order.
var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

// form is the form of page that records state, as a browser would post it with fields
// filled in: its hidden fields, read from the page, and fields.
func form(t *testing.T, page string, state report.State, fields map[string]string) url.Values {
	t.Helper()
	for _, f := range strings.Split(page, "<form ")[1:] {
		f, _, _ = strings.Cut(f, "</form>")
		if !strings.Contains(f, `name="state" value="`+string(state)+`"`) {
			continue
		}
		v := url.Values{}
		for _, m := range hiddenInput.FindAllStringSubmatch(f, -1) {
			v.Set(m[1], html.UnescapeString(m[2]))
		}
		for name, value := range fields {
			v.Set(name, value)
		}
		return v
	}
	t.Fatalf("the page has no form for %s", state)
	return nil
}

// record posts the page's form for state with fields, and follows the redirect.
func (d *deskCase) record(t *testing.T, state report.State, fields map[string]string, header ...string) string {
	t.Helper()
	page := d.get(d.link).Body.String()
	w := d.post(d.link, form(t, page, state, fields), header...)
	if !is(w, api.Outcomes.DeskRecorded) {
		t.Fatalf("%s: %d, want %s: %s", state, w.Code, named(api.Outcomes.DeskRecorded), w.Body)
	}
	after := d.get(w.Header().Get("Location"))
	if !is(after, api.Outcomes.Desk) {
		t.Fatalf("after %s: %d", state, after.Code)
	}
	return after.Body.String()
}

// text is a page's text as a person reads it: tags out, entities decoded.
func text(page string) string {
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, ""))
}

// TestDeskPageChangesNothing: the desk's link opens the report's page in the provider's
// language (the case, its deadlines and history, the forms), with the link's parameters in
// the forms' hidden fields, never cached, indexed or posted elsewhere; opening it, as a
// mail scanner does, twice, by GET or HEAD, writes nothing.
func TestDeskPageChangesNothing(t *testing.T) {
	d := newDeskCase(t)
	words := contenttest.Bundle(t).Messages
	before := d.store.Snapshot()
	puts := d.store.Puts
	w := d.get(d.link)
	d.get(d.link)
	d.do(http.MethodHead, d.link, "", "")
	if !is(w, api.Outcomes.Desk) {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if after := d.store.Snapshot(); !maps.Equal(before, after) || d.store.Puts != puts {
		t.Error("opening the page changed the store")
	}
	page := w.Body.String()
	u, _ := url.Parse(d.link)
	for _, want := range []string{
		`<html lang="uk">`, `<meta name="robots" content="noindex, nofollow">`,
		`<input type="hidden" name="e" value="` + u.Query().Get("e") + `">`,
		`<input type="hidden" name="t" value="` + u.Query().Get("t") + `">`,
		`<input type="hidden" name="step" value="2">`,
		`action="` + html.EscapeString(d.link) + `"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	spam, _ := d.rules.Category("spam")
	for _, want := range []string{
		testRef, spam.Title["uk"], words.Text("uk", "desk.state.forwarded"), words.Text("uk", "desk.history"),
		words.Text("uk", "desk.notify.button"), words.Text("uk", "desk.answer.button"), words.Text("uk", "desk.decide.button"),
	} {
		if !strings.Contains(text(page), want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	if strings.Contains(page, "Олена") || strings.Contains(page, "Spam from 192.0.2.7") || strings.Contains(page, "<script") {
		t.Error("the page shows what the reporter wrote, or a script")
	}
	h := w.Header()
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action http://example.com/desk/"+testRef+";") || strings.Contains(csp, "script-src") || strings.Contains(csp, "form-action 'self'") {
		t.Errorf("CSP %q", csp)
	}
	if h.Get("Cache-Control") != "no-store" || h.Get("X-Robots-Tag") != "noindex, nofollow" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("Set-Cookie") != "" {
		t.Errorf("headers %v", h)
	}
}

// TestDeskRecordsEachStep: each form records its step by who the request says (Cloudflare
// Access's identity, else the desk's link) and redirects to the page, which shows it; a
// notification starts the customer's time; a decision recorded again corrects the one
// before and the history keeps both; a decision that restricted the service shows the
// statement of reasons and a link to it as JSON, without the reporter's details.
func TestDeskRecordsEachStep(t *testing.T) {
	d := newDeskCase(t)
	words := contenttest.Bundle(t).Messages
	page := d.record(t, report.CustomerNotified, map[string]string{"at": "2026-11-23T10:30"}, "Cf-Access-Authenticated-User-Email", "olha@desk.example.com")
	if !strings.Contains(page, `role="status">`+html.EscapeString(words.Text("uk", "desk.recorded", "step", words.Text("uk", "desk.state.customer_notified")))) {
		t.Error("the page after the post does not say what was recorded")
	}
	notified := time.Date(2026, 11, 23, 10, 30, 0, 0, d.rules.Location)
	spam, _ := d.rules.Category("spam")
	by := notified.Add(time.Duration(spam.Response.Hours) * time.Hour)
	if want := words.Text("uk", "desk.respond_by", "at", words.DateTime("uk", notified), "by", words.DateTime("uk", by)); spam.Response.Hours == 0 || !strings.Contains(text(page), want) {
		t.Errorf("the page lacks %q", want)
	}
	d.record(t, report.Answered, map[string]string{"answer": "Mailer removed.\r\nSorry."})
	d.record(t, report.Decided, map[string]string{"outcome": "no_violation", "note": "not_found"})
	page = d.record(t, report.Decided, map[string]string{"outcome": "acted_on", "measure": "outgoing_traffic_suspended", "note": "thanks"})

	c, err := d.delivery.Case(context.Background(), d.ref)
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Event{
		{State: report.CustomerNotified, At: notified.UTC(), By: "olha@desk.example.com"},
		{State: report.Answered, At: d.now.UTC(), By: formhtml.ByDeskLink, Answer: "Mailer removed.\nSorry."},
		{State: report.Decided, At: d.now.UTC(), By: formhtml.ByDeskLink, Outcome: "no_violation", Note: "not_found"},
		{State: report.Decided, At: d.now.UTC(), By: formhtml.ByDeskLink, Outcome: "acted_on", Measure: "outgoing_traffic_suspended", Note: "thanks"},
	}
	if len(c.History) != 2+len(want) {
		t.Fatalf("history %+v", c.History)
	}
	for i, ev := range want {
		if got := c.History[2+i]; got != ev {
			t.Errorf("step %d: %+v, want %+v", i, got, ev)
		}
	}
	for _, want := range []string{"olha@desk.example.com", words.Text("uk", "desk.by.desk_link"), "Mailer removed.", words.Text("uk", "desk.correction"),
		words.Text("uk", "desk.statement.heading"), "Вихідний трафік призупинено", "https://abuse.example.com/uk/policy/#contest", words.Text("uk", "desk.statement.legal_review")} {
		if !strings.Contains(text(page), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "Олена") || strings.Contains(page, "olena") {
		t.Error("the statement names the reporter, who did not agree")
	}
	statement := regexp.MustCompile(`href="(/desk/[^"]*statement\.json[^"]*)"`).FindStringSubmatch(page)
	if statement == nil {
		t.Fatal("no link to the statement as JSON")
	}
	w := d.do(http.MethodGet, html.UnescapeString(statement[1]), "", "")
	var s api.StatementOfReasons
	if decodeJSON(t, w, &s); !is(w, api.Outcomes.Statement) || s.DecisionProvision != "DECISION_PROVISION_PARTIAL_SUSPENSION" || s.PUID != d.ref || s.DecisionGround != "DECISION_GROUND_INCOMPATIBLE_CONTENT" {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}

// TestDeskStatementOnlyForARestriction: a decision that restricted nothing has no
// statement, on the page or as JSON.
func TestDeskStatementOnlyForARestriction(t *testing.T) {
	d := newDeskCase(t)
	path, query, _ := strings.Cut(d.link, "?")
	statement := path + "/" + api.StatementFile + "?" + query
	if w := d.do(http.MethodGet, statement, "", ""); !is(w, api.Outcomes.NoStatement) {
		t.Errorf("undecided: %d %s", w.Code, w.Body)
	}
	page := d.record(t, report.Decided, map[string]string{"outcome": "fixed_by_customer"})
	if strings.Contains(page, `id="statement"`) {
		t.Error("a statement for a decision that restricted nothing")
	}
	if w := d.do(http.MethodGet, statement, "", ""); !is(w, api.Outcomes.NoStatement) {
		t.Errorf("fixed by the customer: %d %s", w.Code, w.Body)
	}
}

// decodeJSON reads w's JSON into v, emptied first.
func decodeJSON(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	reflect.ValueOf(v).Elem().SetZero()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("%d %s: %v", w.Code, w.Body, err)
	}
}

// steps is how many steps the case of d has.
func (d *deskCase) steps(t *testing.T) int {
	t.Helper()
	c, err := d.delivery.Case(context.Background(), d.ref)
	if err != nil {
		t.Fatal(err)
	}
	return len(c.History)
}

// TestDeskRefusesStepsTheRulesDoNotAllow: each step the rules do not allow comes back with
// its problem beside its field, what was sent kept, and nothing is recorded.
func TestDeskRefusesStepsTheRulesDoNotAllow(t *testing.T) {
	d := newDeskCase(t)
	words := contenttest.Bundle(t).Messages
	page := d.get(d.link).Body.String()
	for _, tc := range []struct {
		name   string
		state  report.State
		fields map[string]string
		field  string
		code   string
	}{
		{"unknown outcome", report.Decided, map[string]string{"outcome": "banished"}, "outcome", "outcome"},
		{"no outcome", report.Decided, map[string]string{}, "outcome", "outcome"},
		{"a measure not the category's", report.Decided, map[string]string{"outcome": "acted_on", "measure": "material_removed"}, "measure", "measure_category"},
		{"a measure the rules lack", report.Decided, map[string]string{"outcome": "acted_on", "measure": "nuked"}, "measure", "measure_category"},
		{"no measure", report.Decided, map[string]string{"outcome": "acted_on"}, "measure", "measure_required"},
		{"a measure for no restriction", report.Decided, map[string]string{"outcome": "no_violation", "measure": "ports_blocked"}, "measure", "measure_none"},
		{"no duplicated report", report.Decided, map[string]string{"outcome": "duplicate"}, "duplicate", "duplicate_required"},
		{"a duplicate that is no reference", report.Decided, map[string]string{"outcome": "duplicate", "duplicate": "AD-2026-1"}, "duplicate", "duplicate_shape"},
		{"a duplicate of itself", report.Decided, map[string]string{"outcome": "duplicate", "duplicate": testRef}, "duplicate", "duplicate_self"},
		{"a duplicate for another outcome", report.Decided, map[string]string{"outcome": "not_ours", "duplicate": "AD-20261120-AAAAAA"}, "duplicate", "duplicate_none"},
		{"an unknown note", report.Decided, map[string]string{"outcome": "not_ours", "note": "Dear reporter"}, "note", "note"},
		{"no answer", report.Answered, map[string]string{"answer": " \r\n "}, "answer", "answer_required"},
		{"an answer too long", report.Answered, map[string]string{"answer": strings.Repeat("я", answerMax+1)}, "answer", "answer_long"},
		{"an answer that is not text", report.Answered, map[string]string{"answer": "ok\x1b[31m"}, "answer", "answer_text"},
		{"an answer with a decision", report.Decided, map[string]string{"outcome": "not_ours", "answer": "x"}, "answer", "not_for_step"},
		{"a time that is no time", report.CustomerNotified, map[string]string{"at": "yesterday"}, "at", "at"},
		{"a time to come", report.CustomerNotified, map[string]string{"at": "2026-11-25T10:00"}, "at", "at_future"},
		{"a time before the desk had it", report.CustomerNotified, map[string]string{"at": "2026-11-20T10:00"}, "at", "at_early"},
		{"an unknown step", report.State("customer_fined"), nil, "state", "state"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state := tc.state
			if state == "customer_fined" {
				state = report.Decided // its form, its state changed
			}
			v := form(t, page, state, tc.fields)
			v.Set("state", string(tc.state))
			before := d.store.Snapshot()
			w := d.post(d.link, v)
			if !is(w, api.Outcomes.DeskInvalid) {
				t.Fatalf("%d, want %s", w.Code, named(api.Outcomes.DeskInvalid))
			}
			if !maps.Equal(before, d.store.Snapshot()) {
				t.Error("a refused step changed the store")
			}
			want := html.EscapeString(words.Text("uk", "desk.err.summary"))
			if !strings.Contains(w.Body.String(), want) || !strings.Contains(w.Body.String(), `<a href="#`+deskFieldIDOf(tc.field)) {
				t.Errorf("the page does not list the problem of %s:\n%s", tc.field, w.Body)
			}
			spam, _ := d.rules.Category("spam")
			msg := words.Text("uk", i18n.Key("desk.problem."+tc.code), "category", spam.Title["uk"], "forwarded", words.DateTime("uk", d.delivered))
			if tc.code == "answer_long" {
				msg = words.Count("uk", "desk.problem.answer_long", answerMax)
			}
			if !strings.Contains(text(w.Body.String()), msg) {
				t.Errorf("the page lacks %q", msg)
			}
			if tc.field == "duplicate" && tc.fields["duplicate"] != "" && !strings.Contains(w.Body.String(), `value="`+html.EscapeString(tc.fields["duplicate"])+`"`) {
				t.Error("what was typed is lost")
			}
		})
	}
}

// deskFieldIDOf is the control a problem of field links to, as the page writes it.
func deskFieldIDOf(field string) string {
	switch field {
	case "at":
		return "notified-at"
	case "outcome":
		return "outcome-first"
	case "note":
		return "note-none"
	case "state":
		return "record"
	}
	return field
}

// TestDeskStepIsRecordedOnce: a form sent again (a second click, a reload of the post)
// records nothing: the page comes back as the case now is, saying so; and a form made
// before another step was recorded does not overwrite or follow it.
func TestDeskStepIsRecordedOnce(t *testing.T) {
	d := newDeskCase(t)
	words := contenttest.Bundle(t).Messages
	page := d.get(d.link).Body.String()
	v := form(t, page, report.Decided, map[string]string{"outcome": "no_violation"})
	if w := d.post(d.link, v); !is(w, api.Outcomes.DeskRecorded) {
		t.Fatalf("first: %d %s", w.Code, w.Body)
	}
	for i := range 2 {
		w := d.post(d.link, v)
		if !is(w, api.Outcomes.DeskChanged) || !strings.Contains(w.Body.String(), html.EscapeString(words.Text("uk", "desk.err.changed"))) {
			t.Fatalf("sent again (%d): %d %s", i, w.Code, w.Body)
		}
	}
	stale := form(t, page, report.Answered, map[string]string{"answer": "late"})
	if w := d.post(d.link, stale); !is(w, api.Outcomes.DeskChanged) {
		t.Errorf("a stale form: %d", w.Code)
	}
	if n := d.steps(t); n != 3 {
		t.Errorf("%d steps, want received, forwarded and one decision", n)
	}
}

// TestDeskNotesAndAnswersCannotCarryMarkup: a note is an id, so a note typed with a header
// break or a direction override is refused and nothing reaches the reporter; a customer's
// answer with them is stored as typed (line ends made \n) and shown as text, isolated, so
// it neither runs markup nor reorders the page around it.
func TestDeskNotesAndAnswersCannotCarryMarkup(t *testing.T) {
	d := newDeskCase(t)
	page := d.get(d.link).Body.String()
	for _, note := range []string{"thanks\r\nBcc: victim@example.org", "\u202ethanks", "thanks "} {
		w := d.post(d.link, form(t, page, report.Decided, map[string]string{"outcome": "not_ours", "note": note}))
		if !is(w, api.Outcomes.DeskInvalid) {
			t.Errorf("note %q: %d", note, w.Code)
		}
	}
	answer := "<script>alert(1)</script>\r\nBcc: victim@example.org\r\n\u202eSI TAHT\u202c & \"done\""
	page = d.record(t, report.Answered, map[string]string{"answer": answer})
	c, err := d.delivery.Case(context.Background(), d.ref)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.History[len(c.History)-1].Answer; got != strings.ReplaceAll(answer, "\r\n", "\n") {
		t.Errorf("stored %q", got)
	}
	if strings.Contains(page, "<script>alert") || !strings.Contains(page, "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;\nBcc: victim@example.org\n\u202eSI TAHT\u202c &amp; &#34;done&#34;</bdi>") {
		t.Errorf("the answer is not shown as isolated text:\n%s", page)
	}
	if len(d.mailer.Sent) != 1 {
		t.Errorf("%d mails: a step sent mail", len(d.mailer.Sent))
	}
}

// TestDeskLinkOpensOneReportUntilItExpires: a link opens its own report's page only, and
// only until it expires; a guessed, cut, altered or other report's token, an expiry
// changed, missing or not a number, an unknown reference, and a Worker without links all
// get the same page, the store untouched, by GET and by POST.
func TestDeskLinkOpensOneReportUntilItExpires(t *testing.T) {
	d := newDeskCase(t)
	u, _ := url.Parse(d.link)
	e, token := u.Query().Get("e"), u.Query().Get("t")
	secs, _ := strconv.ParseInt(e, 10, 64)
	other := "AD-20261123-000002"
	otherToken := mailtest.Signer(t).DeskToken(other, time.Unix(secs, 0))
	link := func(ref, e, t string) string {
		return api.DeskPath + ref + "?e=" + url.QueryEscape(e) + "&t=" + url.QueryEscape(t)
	}
	good := d.get(d.link).Body.String()
	refused := d.get(link(d.ref, e, token[:len(token)-1]))
	for name, target := range map[string]string{
		"a token cut short":       link(d.ref, e, token[:22]),
		"a token one shorter":     link(d.ref, e, token[:len(token)-1]),
		"a token altered":         link(d.ref, e, "A"+token[1:]),
		"a guessed token":         link(d.ref, e, strings.Repeat("A", len(token))),
		"another report's token":  link(d.ref, e, otherToken),
		"this token, another ref": link(other, e, token),
		"an expiry moved on":      link(d.ref, strconv.FormatInt(secs+86400, 10), token),
		"no expiry":               api.DeskPath + d.ref + "?t=" + token,
		"an expiry in words":      link(d.ref, "soon", token),
		"an expiry signed":        link(d.ref, "+"+e, token),
		"no token":                api.DeskPath + d.ref + "?e=" + e,
		"an unknown reference":    link("AD-20990101-ZZZZZZ", e, token),
		"no reference":            link("", e, token),
		"a path beyond the page":  api.DeskPath + d.ref + "/x?e=" + e + "&t=" + token,
	} {
		w := d.get(target)
		if !is(w, api.Outcomes.DeskNotFound) || w.Body.String() != refused.Body.String() {
			t.Errorf("%s: %d, want %s as every bad link gets", name, w.Code, named(api.Outcomes.DeskNotFound))
		}
		// Posted, the form carries the same parameters as its address.
		before := d.store.Snapshot()
		v := form(t, good, report.Decided, map[string]string{"outcome": "no_violation"})
		q, _ := url.Parse(target)
		for _, name := range []string{"e", "t"} {
			if q.Query().Has(name) {
				v.Set(name, q.Query().Get(name))
			} else {
				v.Del(name)
			}
		}
		p := d.post(target, v)
		if !is(p, api.Outcomes.DeskNotFound) || !maps.Equal(before, d.store.Snapshot()) {
			t.Errorf("%s: a post got %d", name, p.Code)
		}
	}
	// The link in the form's fields is the one that counts: a good query does not open
	// the page for a form that carries a bad token.
	v := form(t, good, report.Decided, map[string]string{"outcome": "no_violation"})
	v.Set("t", otherToken)
	if w := d.post(d.link, v); !is(w, api.Outcomes.DeskNotFound) {
		t.Errorf("a form with another report's token: %d", w.Code)
	}

	// A day after it expires.
	d.now = time.Unix(secs, 0).Add(-time.Second)
	if w := d.get(d.link); !is(w, api.Outcomes.Desk) {
		t.Errorf("a second before it expires: %d", w.Code)
	}
	d.now = time.Unix(secs, 0)
	if w := d.get(d.link); !is(w, api.Outcomes.DeskNotFound) {
		t.Errorf("once it expired: %d", w.Code)
	}

	// A Worker without LINK_SECRET has no desk pages.
	f := newFixture(t)
	if w := f.do(http.MethodGet, d.link, "", "", "Accept", browserAccept); !is(w, api.Outcomes.DeskNotFound) {
		t.Errorf("no links: %d", w.Code)
	}
}

// TestDeskPostGuards: a post from another site's page is refused before it is read, as
// is a post of another type, one too large, one without the case's number of steps, and a
// method the page does not take; nothing is recorded.
func TestDeskPostGuards(t *testing.T) {
	d := newDeskCase(t)
	v := form(t, d.get(d.link).Body.String(), report.Decided, map[string]string{"outcome": "no_violation"})
	before := d.store.Snapshot()
	for _, tc := range []struct {
		name   string
		method string
		ct     string
		body   string
		header []string
		want   api.Outcome
	}{
		{"another site", http.MethodPost, "application/x-www-form-urlencoded", v.Encode(), []string{"Sec-Fetch-Site", "cross-site"}, api.Outcomes.DeskCrossSite},
		{"a sibling site", http.MethodPost, "application/x-www-form-urlencoded", v.Encode(), []string{"Sec-Fetch-Site", "same-site"}, api.Outcomes.DeskCrossSite},
		{"another origin", http.MethodPost, "application/x-www-form-urlencoded", v.Encode(), []string{"Origin", "https://evil.example"}, api.Outcomes.DeskCrossSite},
		{"as JSON", http.MethodPost, "application/json", `{"state":"decided","outcome":"no_violation"}`, nil, api.Outcomes.DeskMediaType},
		{"as multipart", http.MethodPost, "multipart/form-data; boundary=x", "--x--", nil, api.Outcomes.DeskMediaType},
		{"too large", http.MethodPost, "application/x-www-form-urlencoded", v.Encode() + "&answer=" + strings.Repeat("x", maxDeskBody), nil, api.Outcomes.DeskTooLarge},
		{"broken", http.MethodPost, "application/x-www-form-urlencoded", "%zz", nil, api.Outcomes.DeskUnreadable},
		{"no step number", http.MethodPost, "application/x-www-form-urlencoded", strings.Replace(v.Encode(), "step=2", "step=", 1), nil, api.Outcomes.DeskUnreadable},
		{"PUT", http.MethodPut, "application/x-www-form-urlencoded", v.Encode(), nil, api.Outcomes.DeskMethodNotAllowed},
		{"DELETE", http.MethodDelete, "", "", nil, api.Outcomes.DeskMethodNotAllowed},
	} {
		w := d.do(tc.method, d.link, tc.ct, tc.body, append([]string{"Accept", browserAccept}, tc.header...)...)
		if !is(w, tc.want) {
			t.Errorf("%s: %d, want %s", tc.name, w.Code, named(tc.want))
		}
		if w.Header().Get("Cache-Control") != "no-store" || !strings.Contains(w.Header().Get("Content-Security-Policy"), "form-action http://example.com/desk/") {
			t.Errorf("%s: headers %v", tc.name, w.Header())
		}
	}
	if !maps.Equal(before, d.store.Snapshot()) {
		t.Error("a refused post changed the store")
	}
}
