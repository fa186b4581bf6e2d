package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"abusedesk/content"
	"abusedesk/content/contenttest"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/schemas/authority"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/site"
	"abusedesk/site/formhtml"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/fake"
)

const (
	testRef   = "AD-20261123-7K3M9Q"
	mailFrom  = mailtest.From
	mailTo    = mailtest.Desk
	editorsTo = "editors@example.com"
)

// fixture is a handler with the real rules, validators and pages, a fixed clock and
// reference, a delivery on a store and a queue in memory, and fake mailboxes: the abuse
// mailbox and the editors'.
type fixture struct {
	h        *Handler
	rules    *policy.Rules
	mailer   *fake.Mailer
	editors  *fake.Mailer
	store    *fake.Store
	queue    *fake.Queue
	delivery *delivery.Service
	now      time.Time
	log      *bytes.Buffer
}

// generatedSite serves the pages the site generator makes, as the Worker's assets do; the
// root page is built the first time it is asked for.
type generatedSite struct {
	s    *site.Site
	root func() ([]byte, error)
}

func (g generatedSite) Read(_ context.Context, path string) ([]byte, error) {
	if path == "/" {
		return g.root()
	}
	if path == "/"+formhtml.PolicyFile {
		p, err := g.s.Policy()
		if err != nil {
			return nil, err
		}
		return json.Marshal(p)
	}
	for _, p := range g.s.Pages() {
		if p.Path == path {
			var b bytes.Buffer
			err := g.s.RenderPage(&b, p)
			return b.Bytes(), err
		}
	}
	return nil, fmt.Errorf("no page at %s", path)
}

var (
	pages     = sync.OnceValues(func() (*site.Site, error) { return site.Load(content.FS(), formhtml.Options{}) })
	validator = sync.OnceValues(authority.Report)
)

// newSite is the generated site, served as the Worker's assets serve it.
func newSite(t testing.TB) generatedSite {
	t.Helper()
	s, err := pages()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	root := sync.OnceValues(func() ([]byte, error) {
		if err := s.Build(dir); err != nil {
			return nil, err
		}
		return os.ReadFile(filepath.Join(dir, "index.html"))
	})
	return generatedSite{s, root}
}

// config is what the Worker gives New, on fakes: the mailbox m, the store s and the
// queue q, and the site's pages a.
func config(t testing.TB, a Assets, m *fake.Mailer, s *fake.Store, q *fake.Queue, opts ...delivery.Option) Config {
	t.Helper()
	v, err := validator()
	if err != nil {
		t.Fatal(err)
	}
	d, err := delivery.New(delivery.Config{Store: s, Queue: q, Mailer: m, Mail: mailtest.Writer(t), Retention: contenttest.Bundle(t).Rules.Retention}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return Config{Rules: contenttest.Bundle(t).Rules, Words: contenttest.Bundle(t).Messages, Provider: contenttest.Bundle(t).Provider, Spec: schemas.FormSpec(), Reports: Local(v), Assets: a, Delivery: d}
}

// newFixture makes the handler as the Worker does, typo notes included; opts come after
// the fixture's own.
func newFixture(t testing.TB, opts ...Option) *fixture {
	t.Helper()
	typos, err := authority.Typo()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{
		rules:   contenttest.Bundle(t).Rules,
		mailer:  &fake.Mailer{},
		editors: &fake.Mailer{},
		store:   fake.NewStore(),
		queue:   &fake.Queue{},
		log:     &bytes.Buffer{},
	}
	// A Monday morning in Kyiv, inside working hours.
	f.now = time.Date(2026, 11, 23, 10, 0, 0, 0, f.rules.Location)
	clock := func() time.Time { return f.now }
	log := slog.New(slog.NewTextHandler(f.log, nil))
	f.store.Now = clock
	c := config(t, newSite(t), f.mailer, f.store, f.queue, delivery.WithClock(clock), delivery.WithLogger(log))
	f.delivery = c.Delivery
	f.queue.Inline = func(ref string) error { return f.delivery.Deliver(context.Background(), ref) }
	f.h, err = New(c, append([]Option{
		WithTypos(Typos{Validator: Local(typos), Mailbox: f.editors, Mail: mailtest.Writer(t), To: "Editors <" + editorsTo + ">"}),
		WithClock(clock),
		firstTestRef(),
		WithLogger(log),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// queued makes the fixture's queue hold its messages for drain.
func (f *fixture) queued() *fixture {
	f.queue.Inline = nil
	return f
}

// drain plays the queue's broker (fake.Queue.Drain) and returns the dead letters.
func (f *fixture) drain(t *testing.T, maxRetries int) []string {
	t.Helper()
	dead, err := f.queue.Drain(f.delivery, maxRetries)
	if err != nil {
		t.Fatal(err)
	}
	return dead
}

// do sends a request to the handler and returns the recorded answer.
func (f *fixture) do(method, path, contentType, body string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func (f *fixture) postJSON(t *testing.T, v any) *httptest.ResponseRecorder {
	t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return f.do(http.MethodPost, api.ReportsPath, "application/json", string(body))
}

func TestAcceptsJSON(t *testing.T) {
	f := newFixture(t)
	w := f.postJSON(t, reporttest.Full())
	if !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Accepted), w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var got api.Receipt
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	cat, _ := f.rules.Category("spam")
	want := api.Receipt{
		Reference: testRef,
		Received:  "2026-11-23T10:00:00+02:00",
		Deadlines: contenttest.Bundle(t).Messages.Deadlines("en", f.rules, cat, f.rules.Deadlines(cat, person(t), f.now)),
		Schedule: api.Deadlines{
			Category: "spam", Lang: "en", Received: "2026-11-23T10:00:00+02:00", ReviewStarts: "2026-11-23T10:00:00+02:00",
			ProcessedBy: "2026-11-25T16:00:00+02:00", SettledBy: "2026-11-28T23:59:59+02:00", Clock: "working",
			Response:  api.Response{Kind: "respond_within", Hours: 12, RespondBy: "2026-11-26T04:00:00+02:00"},
			Sentences: contenttest.Bundle(t).Messages.Deadlines("en", f.rules, cat, f.rules.Deadlines(cat, person(t), f.now)),
		},
		Notice: true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answer %+v\nwant %+v", got, want)
	}
	if len(want.Deadlines) != 4 || !strings.Contains(want.Deadlines[0], "Wednesday 25 November 2026, 16:00") {
		t.Errorf("deadlines %q do not say the working-time date", want.Deadlines)
	}

	if len(f.mailer.Sent) != 1 {
		t.Fatalf("mailer got %d messages, want 1", len(f.mailer.Sent))
	}
	m := f.mailer.Sent[0]
	if m.From != mailFrom || m.To != mailTo {
		t.Errorf("envelope %s -> %s, want %s -> %s", m.From, m.To, mailFrom, mailTo)
	}
	msg := mailtest.Read(t, m.Raw)
	for name, want := range map[string]string{
		"From":       `"Abuse desk" <` + mailFrom + ">",
		"To":         "<" + mailTo + ">",
		"Reply-To":   "Олена Коваль-Шевченко <olena+abuse@mail.example.org>",
		"Subject":    "[abuse " + testRef + "] " + cat.Title["uk"] + " [не називати скаржника]",
		"Message-ID": "<" + testRef + "@example.com>",
		"Date":       "Mon, 23 Nov 2026 10:00:00 +0200",
	} {
		if got := msg.HeaderText(t, name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"From", "To", "Reply-To"} {
		if _, err := msg.Header.AddressList(name); err != nil {
			t.Errorf("%s does not parse as addresses: %v", name, err)
		}
	}
	for _, value := range reporttest.Full() {
		if value == "spam" || value == "en" || value == "yes" {
			continue // shown as the category's title, the language's name, the declaration's words
		}
		if want := strings.ReplaceAll(value, "\r\n", "\n"); !strings.Contains(msg.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, msg.Body)
		}
	}
	for _, want := range []string{
		"Заява: [x] " + f.rules.Declaration["en"],
		testRef, "23 листопада 2026 р. (понеділок), 10:00", cat.Title["uk"] + " (spam)", "English (en)",
		"Розглянути до: 25 листопада 2026 р. (середа), 16:00",
		"Повне імʼя: Олена Коваль-Шевченко", "Електронна пошта: olena+abuse@mail.example.org",
	} {
		if !strings.Contains(msg.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, msg.Body)
		}
	}
}

func TestRefusesInvalidReports(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  map[string]any
		want []api.Problem
	}{
		{
			name: "blank report in Russian",
			doc:  map[string]any{"lang": "ru", "full_name": "  ", "email": "not-an-email"},
			// Without a category, what most categories need is asked for.
			want: []api.Problem{
				{Field: "requester", Code: "required", Message: "Выберите, кто подаёт жалобу."},
				{Field: "category", Code: "required", Message: "Выберите, что произошло"},
				{Field: "full_name", Code: "required", Message: "Введите ваше полное имя"},
				{Field: "email", Code: "email", Message: "Введите адрес электронной почты в правильном формате, например name@example.com"},
				{Field: "resource", Code: "required", Message: "Укажите, на что вы жалуетесь — адрес страницы (URL), домен или IP-адрес."},
				{Field: "message", Code: "required", Message: "Опишите, что произошло"},
				{Field: "declaration", Code: "required", Message: "Подтвердите заявление, отметив поле, чтобы отправить жалобу"},
			},
		},
		{
			name: "unknown language is answered in the provider's",
			doc:  map[string]any{"lang": "de", "requester": "person", "full_name": "A", "email": "a@example.com", "category": "malware", "resource": "example.net", "message": "m", "declaration": "yes"},
			want: []api.Problem{{Field: "lang", Code: "enum", Message: "Цією мовою скарги не приймаємо: оберіть українську, російську чи англійську"}},
		},
		{
			name: "wrong types, an unknown category and an extra field",
			doc:  map[string]any{"lang": "en", "requester": "person", "full_name": "A", "email": "a@example.com", "phone": 380441234567, "category": "weather", "message": []any{"m"}, "declaration": "yes", "admin": true},
			want: []api.Problem{
				{Field: "category", Code: "enum", Message: "Choose one of the categories in the list"},
				{Field: "phone", Code: "pattern", Message: "Enter a phone number in digits; a + at the start, spaces, hyphens and brackets are fine, like +380 44 123 45 67"},
				{Field: "message", Code: "pattern", Message: "Check “Description of the abuse”: the value is not in the right format"},
				{Field: "admin", Code: "unknown", Message: "The form has no field “admin”"},
			},
		},
		{
			name: "too long",
			doc:  map[string]any{"lang": "uk", "requester": "person", "full_name": strings.Repeat("я", 201), "email": "a@example.com", "category": "malware", "resource": "example.net", "message": "m", "declaration": "yes"},
			want: []api.Problem{{Field: "full_name", Code: "too_long", Message: "Поле «Повне імʼя» має містити не більше 200 символів"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			w := f.postJSON(t, tc.doc)
			if !is(w, api.Outcomes.Invalid) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Invalid), w.Body)
			}
			var got struct{ Problems []api.Problem }
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Problems, tc.want) {
				t.Errorf("problems\n%+v\nwant\n%+v", got.Problems, tc.want)
			}
			if len(f.mailer.Sent) != 0 {
				t.Error("an invalid report was mailed")
			}
		})
	}
}

func formBody(values map[string]string) string {
	q := url.Values{}
	for k, v := range values {
		q.Set(k, v)
	}
	return q.Encode()
}

func multipartBody(t *testing.T, values map[string]string) (contentType, body string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range values {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), b.String()
}

// browserAccept is what Chromium sends when a form is submitted.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

func TestAcceptsFormWithoutJavaScript(t *testing.T) {
	report := reporttest.Full()
	report["lang"] = "uk"
	mpType, mpBody := multipartBody(t, report)
	for _, tc := range []struct {
		name, contentType, body string
	}{
		{"url-encoded", "application/x-www-form-urlencoded", formBody(report)},
		{"multipart", mpType, mpBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			w := f.do(http.MethodPost, api.ReportsPath, tc.contentType, tc.body, "Accept", browserAccept)
			if !is(w, api.Outcomes.Accepted) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Accepted), w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			page := w.Body.String()
			for _, want := range []string{`<html lang="uk">`, "Скаргу отримано", `<strong class="reference-number">` + testRef + `</strong>`, "25 листопада 2026 р. (середа), 16:00"} {
				if !strings.Contains(page, want) {
					t.Errorf("receipt lacks %q", want)
				}
			}
			if len(f.mailer.Sent) != 1 {
				t.Fatalf("mailer got %d messages, want 1", len(f.mailer.Sent))
			}
			body := mailtest.Read(t, f.mailer.Sent[0].Raw).Body
			if want := "Kyiv 01001"; !strings.Contains(body, want) {
				t.Errorf("body lacks %q", want)
			}
		})
	}
}

func TestRefusedFormIsShownAgain(t *testing.T) {
	f := newFixture(t)
	values := map[string]string{"lang": "ru", "full_name": "Иван <b>", "email": "ivan@", "category": "ddos", "message": " ", api.IdempotencyField: "key-7", api.HoneypotField: ""}
	w := f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(values), "Accept", browserAccept)
	if !is(w, api.Outcomes.Invalid) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Invalid), w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	page := w.Body.String()
	for _, want := range []string{
		`<html lang="ru">`,
		`<title>Ошибка: `,
		`<li><a href="#email">Введите адрес электронной почты в правильном формате, например name@example.com</a></li>`,
		`<li><a href="#message">Опишите, что произошло</a></li>`,
		`value="Иван &lt;b&gt;"`,
		`value="ivan@"`,
		`<option value="ddos" selected>`,
		// The key posted is not echoed (a page elsewhere may have planted it): the report
		// was not kept, and sent again it gets a key of its own.
		`<input type="hidden" name="idempotency_key" value="">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("form page lacks %s", want)
		}
	}
	if strings.Contains(page, "key-7") {
		t.Error("the form sent back echoes the posted key")
	}
	if i, j := strings.Index(page, `href="#email"`), strings.Index(page, `href="#message"`); i < 0 || j < i {
		t.Error("problems are not in the form's order")
	}
	if len(f.mailer.Sent) != 0 {
		t.Error("an invalid report was mailed")
	}
}

func TestFormAnswersJSONWhenAsked(t *testing.T) {
	f := newFixture(t)
	w := f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(reporttest.Full()), "Accept", "application/json")
	if !is(w, api.Outcomes.Accepted) || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q, want %s JSON", w.Code, w.Header().Get("Content-Type"), named(api.Outcomes.Accepted))
	}
}

func TestRefusesRequestsThatAreNotReports(t *testing.T) {
	valid, err := json.Marshal(reporttest.Full())
	if err != nil {
		t.Fatal(err)
	}
	huge := `{"lang":"en","message":"` + strings.Repeat("x", MaxBody) + `"}`
	for _, tc := range []struct {
		name              string
		method, path      string
		contentType, body string
		accept            string
		unknownLength     bool
		want              api.Outcome
		contains          string
	}{
		{name: "GET the reports", method: "GET", path: api.ReportsPath, want: api.Outcomes.MethodNotAllowed},
		{name: "PUT a report", method: "PUT", path: api.ReportsPath, contentType: "application/json", body: string(valid), want: api.Outcomes.MethodNotAllowed},
		{name: "unknown API route", method: "POST", path: "/api/report", contentType: "application/json", body: string(valid), want: api.Outcomes.NotFound},
		{name: "API root", method: "GET", path: "/api", want: api.Outcomes.NotFound},
		{name: "plain text", method: "POST", path: api.ReportsPath, contentType: "text/plain", body: string(valid), want: api.Outcomes.MediaType, contains: "непідтримуваному форматі"},
		{name: "no content type", method: "POST", path: api.ReportsPath, body: string(valid), want: api.Outcomes.MediaType},
		{name: "broken JSON", method: "POST", path: api.ReportsPath, contentType: "application/json", body: `{"lang":`, want: api.Outcomes.Unreadable},
		{name: "JSON array", method: "POST", path: api.ReportsPath, contentType: "application/json", body: `[]`, want: api.Outcomes.Unreadable},
		{name: "JSON null", method: "POST", path: api.ReportsPath, contentType: "application/json; charset=utf-8", body: `null`, want: api.Outcomes.Unreadable},
		{name: "two JSON objects", method: "POST", path: api.ReportsPath, contentType: "application/json", body: string(valid) + `{}`, want: api.Outcomes.Unreadable},
		{name: "broken form", method: "POST", path: api.ReportsPath, contentType: "application/x-www-form-urlencoded", body: "lang=en&full_name=%zz", accept: "application/json", want: api.Outcomes.Unreadable},
		{name: "multipart without boundary", method: "POST", path: api.ReportsPath, contentType: "multipart/form-data", body: "lang=en", accept: "application/json", want: api.Outcomes.Unreadable},
		{name: "too large, length given", method: "POST", path: api.ReportsPath, contentType: "application/json", body: huge, want: api.Outcomes.TooLarge},
		{name: "too large, length unknown", method: "POST", path: api.ReportsPath, contentType: "application/json", body: huge, unknownLength: true, want: api.Outcomes.TooLarge},
		{name: "too large form, length unknown", method: "POST", path: api.ReportsPath, contentType: "application/x-www-form-urlencoded", body: "message=" + strings.Repeat("x", MaxBody), accept: "application/json", unknownLength: true, want: api.Outcomes.TooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			r := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			if tc.contentType != "" {
				r.Header.Set("Content-Type", tc.contentType)
			}
			if tc.accept != "" {
				r.Header.Set("Accept", tc.accept)
			}
			if tc.unknownLength {
				r.ContentLength = -1
			}
			w := httptest.NewRecorder()
			f.h.ServeHTTP(w, r)
			if !is(w, tc.want) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(tc.want), w.Body)
			}
			if tc.want == api.Outcomes.MethodNotAllowed && w.Header().Get("Allow") != "POST" {
				t.Errorf("Allow %q, want POST", w.Header().Get("Allow"))
			}
			var got api.Error
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("answer is not JSON: %v: %s", err, w.Body)
			}
			if got.Error != tc.want.Code || got.Message != contenttest.Bundle(t).Messages.Text("uk", tc.want.Key) {
				t.Errorf("answer %+v, want %s with its message", got, named(tc.want))
			}
			if !strings.Contains(got.Message, tc.contains) {
				t.Errorf("message %q lacks %q", got.Message, tc.contains)
			}
			if len(f.mailer.Sent) != 0 {
				t.Error("something was mailed")
			}
		})
	}
}

func TestErrorsAnswerBrowsersWithAPage(t *testing.T) {
	f := newFixture(t)
	w := f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", "lang=en&message=%zz", "Accept", browserAccept)
	if !is(w, api.Outcomes.Unreadable) || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q, want %s HTML", w.Code, w.Header().Get("Content-Type"), named(api.Outcomes.Unreadable))
	}
	for _, want := range []string{`<html lang="uk">`, "Не вдалося прочитати скаргу", `<a href="/uk/report/">Повернутися до форми</a>`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestOtherPathsAreNotFound(t *testing.T) {
	f := newFixture(t)
	if w := f.do(http.MethodGet, "/en/nothing/", "", ""); !is(w, api.Outcomes.PlainNotFound) {
		t.Errorf("status %d, want %s", w.Code, named(api.Outcomes.PlainNotFound))
	}
}

func TestHeaderInjectionIsHarmless(t *testing.T) {
	for _, name := range []string{
		"Eve\r\nBcc: victim@example.com\r\nX-Injected: yes",
		"Eve\nBcc: victim@example.com",
		"Eve\rBcc: victim@example.com",
		"Eve\r\n\r\nInjected body",
		"Єва\r\nBcc: victim@example.com",
	} {
		t.Run(strings.ReplaceAll(strings.ReplaceAll(name, "\r", `\r`), "\n", `\n`), func(t *testing.T) {
			f := newFixture(t)
			doc := reporttest.Full()
			doc["full_name"] = name
			if w := f.postJSON(t, doc); !is(w, api.Outcomes.Accepted) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Accepted), w.Body)
			}
			msg := mailtest.Read(t, f.mailer.Sent[0].Raw)
			for _, h := range []string{"Bcc", "X-Injected"} {
				if v, ok := msg.Header[h]; ok {
					t.Errorf("injected header %s: %q", h, v)
				}
			}
			if got, want := slices.Sorted(maps.Keys(msg.Header)), []string{
				"Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Reply-To", "Subject", "To", email.ReferenceHeader, email.IdentityHeader,
			}; !reflect.DeepEqual(got, want) {
				t.Errorf("headers %q, want %q", got, want)
			}
			reply, err := mail.ParseAddress(msg.Header.Get("Reply-To"))
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Join(strings.Fields(name), " "); reply.Name != want || reply.Address != doc["email"] {
				t.Errorf("Reply-To %q <%s>, want %q <%s>", reply.Name, reply.Address, want, doc["email"])
			}
		})
	}
}

func TestLongNamesAreFolded(t *testing.T) {
	f := newFixture(t)
	doc := reporttest.Full()
	doc["full_name"] = strings.TrimSpace(strings.Repeat("Олександра-Вікторія ", 10))
	if w := f.postJSON(t, doc); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Accepted), w.Body)
	}
	msg := mailtest.Read(t, f.mailer.Sent[0].Raw)
	reply, err := mail.ParseAddress(msg.Header.Get("Reply-To"))
	if err != nil {
		t.Fatal(err)
	}
	if reply.Name != doc["full_name"] {
		t.Errorf("Reply-To name %q, want %q", reply.Name, doc["full_name"])
	}
}

func TestStoreFailureIsRefusedWith503(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body, accept, wantType, wantText string
	}{
		{"JSON", "application/json", `{"lang":"ru","requester":"person","full_name":"A","email":"a@example.com","category":"malware","resource":"example.net","message":"m","declaration":"yes"}`, "", "application/json", "Жалобу не приняли из-за сбоя на нашей стороне"},
		{"form", "application/x-www-form-urlencoded", "lang=en&requester=person&full_name=A&email=a%40example.com&category=malware&resource=example.net&message=m&declaration=yes", browserAccept, "text/html; charset=utf-8", "The report was not accepted because of a fault on our side"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.store.Err = errors.New("bucket unreachable")
			w := f.do(http.MethodPost, api.ReportsPath, tc.contentType, tc.body, "Accept", tc.accept)
			if !is(w, api.Outcomes.Unavailable) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Unavailable), w.Body)
			}
			if got := w.Header().Get("Content-Type"); got != tc.wantType {
				t.Errorf("Content-Type %q, want %q", got, tc.wantType)
			}
			if strings.Contains(w.Body.String(), testRef) {
				t.Error("the answer gives a reference for a report that was not stored")
			}
			if !strings.Contains(w.Body.String(), tc.wantText) {
				t.Errorf("answer lacks %q: %s", tc.wantText, w.Body)
			}
			if len(f.mailer.Sent) != 0 || len(f.queue.Sent) != 0 {
				t.Error("a report that was not stored was queued or mailed")
			}
			if log := f.log.String(); !strings.Contains(log, "bucket unreachable") || !strings.Contains(log, testRef) {
				t.Errorf("the failure is not logged with its reference: %s", log)
			}
		})
	}
}

func TestDefaultReferencesAreRandomOnKyivsCalendar(t *testing.T) {
	h, err := New(config(t, newSite(t), &fake.Mailer{}, fake.NewStore(), &fake.Queue{}),
		WithClock(func() time.Time { return time.Date(2026, 11, 23, 22, 30, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(reporttest.Full())
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, api.ReportsPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(w, r)
	var got api.Receipt
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, w.Body)
	}
	if !regexp.MustCompile(`^AD-20261124-[0-9A-HJKMNP-TV-Z]{6}$`).MatchString(got.Reference) {
		t.Errorf("reference %q", got.Reference)
	}
}

func TestNewNeedsDelivery(t *testing.T) {
	c := config(t, newSite(t), &fake.Mailer{}, fake.NewStore(), &fake.Queue{})
	c.Delivery = nil
	if _, err := New(c); err == nil {
		t.Error("New accepted a handler with nowhere to store reports")
	}
}

// failingJudge cannot judge: the validator module of the Worker did not start, say.
type failingJudge struct{}

func (failingJudge) Validate(context.Context, any) ([]report.Problem, error) {
	return nil, errors.New("validator unreachable")
}

// TestJudgeFailureIsRefusedWith503: a report that cannot be judged is neither refused as
// invalid nor accepted unjudged: the reporter is asked to send it again later.
func TestJudgeFailureIsRefusedWith503(t *testing.T) {
	c := config(t, newSite(t), &fake.Mailer{}, fake.NewStore(), &fake.Queue{})
	c.Reports = failingJudge{}
	var log bytes.Buffer
	h, err := New(c, WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(reporttest.Full())
	r := httptest.NewRequest(http.MethodPost, api.ReportsPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if !is(w, api.Outcomes.Unavailable) || !strings.Contains(log.String(), "validator unreachable") {
		t.Errorf("status %d, log %s; want %s and the failure logged", w.Code, log.String(), named(api.Outcomes.Unavailable))
	}
}

// person is the requester of reporttest.Full's report.
func person(t *testing.T) *policy.Requester {
	q, ok := contenttest.Bundle(t).Rules.Requester("person")
	if !ok {
		t.Fatal("the rules have no requester person")
	}
	return q
}
