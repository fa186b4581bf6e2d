package intake

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/textproto"
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
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/site"
)

const (
	testRef   = "AD-20261123-7K3M9Q"
	mailFrom  = "abusedesk@example.com"
	mailTo    = "abuse@example.com"
	editorsTo = "editors@example.com"
)

// fakeMailer records what it is given and fails when err is set.
type fakeMailer struct {
	mu   sync.Mutex
	sent []sent
	err  error
}

type sent struct {
	from, to string
	raw      []byte
}

func (m *fakeMailer) Send(_ context.Context, from, to string, raw []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	m.sent = append(m.sent, sent{from, to, bytes.Clone(raw)})
	return nil
}

// fixture is a handler with the real rules, validators and pages, a fixed clock and
// reference, and fake mailboxes: the abuse mailbox and the editors'.
type fixture struct {
	h       *Handler
	rules   *policy.Rules
	mailer  *fakeMailer
	editors *fakeMailer
	store   *memStore
	queue   *fakeQueue
	now     time.Time
	log     *bytes.Buffer
}

// generatedSite serves the pages the site generator makes, as the Worker's assets do; the
// root page is built the first time it is asked for.
type generatedSite struct {
	s    *site.Site
	root func() ([]byte, error)
}

func (g generatedSite) Page(_ context.Context, path string) ([]byte, error) {
	if path == "/" {
		return g.root()
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

// dependencies are the real rules, validator and generated pages.
func dependencies(t testing.TB) (*policy.Rules, *schemas.Validator, generatedSite) {
	t.Helper()
	rules := contenttest.Bundle(t).Rules
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := site.Load(content.FS())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	root := sync.OnceValues(func() ([]byte, error) {
		if err := pages.Build(dir); err != nil {
			return nil, err
		}
		return os.ReadFile(filepath.Join(dir, "index.html"))
	})
	return rules, v, generatedSite{pages, root}
}

// xarfOption is the shipped XARF mapping, as the Worker loads it.
func xarfOption(t testing.TB, rules *policy.Rules) Option {
	t.Helper()
	return WithXARF(contenttest.Bundle(t).XARF)
}

// newFixture makes the handler as the Worker does, typo notes included; opts come after
// the fixture's own.
func newFixture(t testing.TB, opts ...Option) *fixture {
	t.Helper()
	rules, v, pages := dependencies(t)
	typos, err := schemas.NewTypoValidator()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{
		rules:   rules,
		mailer:  &fakeMailer{},
		editors: &fakeMailer{},
		store:   newMemStore(),
		// A Monday morning in Kyiv, inside working hours.
		now: time.Date(2026, 11, 23, 10, 0, 0, 0, rules.Location),
		log: &bytes.Buffer{},
	}
	f.store.now = func() time.Time { return f.now }
	f.queue = &fakeQueue{deliver: func(ref string) error { return f.h.Deliver(context.Background(), ref) }, inline: true}
	f.h, err = New(rules, v, pages, f.mailer, append([]Option{
		WithAddresses("Abuse desk <"+mailFrom+">", mailTo),
		xarfOption(t, rules),
		WithDelivery(f.store, f.queue),
		WithTypos(typos, f.editors, "Editors <"+editorsTo+">"),
		WithClock(func() time.Time { return f.now }),
		WithReferences(func(time.Time) (string, error) { return testRef, nil }),
		WithLogger(slog.New(slog.NewTextHandler(f.log, nil))),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return f
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
	return f.do(http.MethodPost, ReportsPath, "application/json", string(body))
}

// fullReport fills every field, with non-ASCII text, line breaks and characters that mean
// something in HTML and in mail.
func fullReport() map[string]string {
	return map[string]string{
		"lang":             "en",
		"full_name":        "Олена Коваль-Шевченко",
		"email":            "olena+abuse@mail.example.org",
		"phone":            "+380 (44) 123-45-67",
		"company":          `"Roe & Co" <Kyiv>`,
		"postal_address":   "1 Main St\r\nKyiv 01001",
		"business_address": "2 Side St, Lviv",
		"category":         "spam",
		"message":          "Spam from 192.0.2.7 since 08:00.\r\nHeaders attached =?utf-8?q?x?= =3D.",
		"message_headers":  "Received: from mx.example.net (192.0.2.7)",
		"declaration":      "yes",
	}
}

func TestAcceptsJSON(t *testing.T) {
	f := newFixture(t)
	w := f.postJSON(t, fullReport())
	if w.Code != http.StatusCreated {
		t.Fatalf("status %d, want 201; body %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var got receiptJSON
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	cat, _ := f.rules.Category("spam")
	want := receiptJSON{
		Reference: testRef,
		Received:  "2026-11-23T10:00:00+02:00",
		Deadlines: i18n.Deadlines("en", f.rules.Deadlines(cat, f.now)),
		Schedule: deadlinesJSON{
			Category: "spam", Lang: "en", Received: "2026-11-23T10:00:00+02:00", ReviewStarts: "2026-11-23T10:00:00+02:00",
			ProcessedBy: "2026-11-25T16:00:00+02:00", SettledBy: "2026-11-28T23:59:59+02:00",
			Response:  responseJSON{Kind: "respond_within", Hours: 12, RespondBy: "2026-11-26T04:00:00+02:00"},
			Sentences: i18n.Deadlines("en", f.rules.Deadlines(cat, f.now)),
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answer %+v\nwant %+v", got, want)
	}
	if len(want.Deadlines) != 2 || !strings.Contains(want.Deadlines[0], "Wednesday 25 November 2026, 16:00") {
		t.Errorf("deadlines %q do not say the working-time date", want.Deadlines)
	}

	if len(f.mailer.sent) != 1 {
		t.Fatalf("mailer got %d messages, want 1", len(f.mailer.sent))
	}
	m := f.mailer.sent[0]
	if m.from != mailFrom || m.to != mailTo {
		t.Errorf("envelope %s -> %s, want %s -> %s", m.from, m.to, mailFrom, mailTo)
	}
	msg := parseMail(t, m.raw)
	for name, want := range map[string]string{
		"From":       `"Abuse desk" <` + mailFrom + ">",
		"To":         "<" + mailTo + ">",
		"Reply-To":   "Олена Коваль-Шевченко <olena+abuse@mail.example.org>",
		"Subject":    "[abuse " + testRef + "] " + cat.Title["uk"],
		"Message-ID": "<" + testRef + "@example.com>",
		"Date":       "Mon, 23 Nov 2026 10:00:00 +0200",
	} {
		if got := msg.header(t, name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"From", "To", "Reply-To"} {
		if _, err := msg.Header.AddressList(name); err != nil {
			t.Errorf("%s does not parse as addresses: %v", name, err)
		}
	}
	for _, value := range fullReport() {
		if value == "spam" || value == "en" || value == "yes" {
			continue // shown as the category's title, the language's name, the declaration's words
		}
		if want := strings.ReplaceAll(value, "\r\n", "\n"); !strings.Contains(msg.body, want) {
			t.Errorf("body lacks %q:\n%s", want, msg.body)
		}
	}
	for _, want := range []string{
		"Заява: [x] " + f.rules.Declaration["en"],
		testRef, "23 листопада 2026 р. (понеділок), 10:00", cat.Title["uk"] + " (spam)", "English (en)",
		"Розглянути до: 25 листопада 2026 р. (середа), 16:00",
		"Повне імʼя: Олена Коваль-Шевченко", "Електронна пошта: olena+abuse@mail.example.org",
	} {
		if !strings.Contains(msg.body, want) {
			t.Errorf("body lacks %q:\n%s", want, msg.body)
		}
	}
}

// mailMessage is a sent message read back as a mail client would.
type mailMessage struct {
	*mail.Message
	body string // the text, decoded, lines ending in \n
	// For a report (multipart/report): the XARF part, decoded, and the attached files.
	xarf  []byte
	files []mailFile
}

// mailFile is one attached file of a report as the mail carries it.
type mailFile struct {
	contentType string
	name        string // the Content-Type's name parameter
	filename    string // the Content-Disposition's filename parameter
	data        []byte
}

// parseMail reads a message the way a mail client does and checks its form: no line over
// 998 octets, no bare LF, and either a quoted-printable text/plain message (a typo note)
// or a multipart/report of report-type xarf: text/plain, application/json and, when files
// are attached, a multipart/mixed of base64 parts.
func parseMail(t testing.TB, raw []byte) mailMessage {
	t.Helper()
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d octets long", i+1, len(line))
		}
	}
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("message has a bare LF")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("reading message: %v\n%s", err, raw)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	if mt == "text/plain" {
		return mailMessage{Message: msg, body: readText(t, textproto.MIMEHeader(msg.Header), msg.Body)}
	}
	if mt != "multipart/report" || params["report-type"] != ReportType {
		t.Fatalf("Content-Type %q, want multipart/report; report-type=%s", msg.Header.Get("Content-Type"), ReportType)
	}
	m := mailMessage{Message: msg}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			if i < 2 {
				t.Fatalf("the report has %d parts, want 2 or 3", i)
			}
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", i+1, err)
		}
		pt, pparams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("part %d: Content-Type %q: %v", i+1, p.Header.Get("Content-Type"), err)
		}
		switch {
		case i == 0 && pt == "text/plain":
			m.body = readText(t, p.Header, p)
		case i == 1 && pt == "application/json":
			m.xarf = []byte(readText(t, p.Header, p))
		case i == 2 && pt == "multipart/mixed":
			m.files = readFiles(t, p, pparams["boundary"])
		default:
			t.Fatalf("part %d is %s", i+1, pt)
		}
	}
	return m
}

// readText reads a quoted-printable UTF-8 text part.
func readText(t testing.TB, h textproto.MIMEHeader, r io.Reader) string {
	t.Helper()
	if got := h.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding %q", got)
	}
	if mt, params, err := mime.ParseMediaType(h.Get("Content-Type")); err != nil || mt == "text/plain" && params["charset"] != "utf-8" {
		t.Errorf("Content-Type %q", h.Get("Content-Type"))
	}
	body, err := io.ReadAll(quotedprintable.NewReader(r))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(body), "\r\n", "\n")
}

// readFiles reads the attached files, each a base64 part.
func readFiles(t testing.TB, r io.Reader, boundary string) []mailFile {
	t.Helper()
	var files []mailFile
	mr := multipart.NewReader(r, boundary)
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatalf("attached file: %v", err)
		}
		if got := p.Header.Get("Content-Transfer-Encoding"); got != "base64" {
			t.Fatalf("attached file: Content-Transfer-Encoding %q", got)
		}
		mt, params, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("attached file: Content-Type %q: %v", p.Header.Get("Content-Type"), err)
		}
		disp, dparams, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" {
			t.Fatalf("attached file: Content-Disposition %q: %v", p.Header.Get("Content-Disposition"), err)
		}
		data, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		if err != nil {
			t.Fatalf("attached file: %v", err)
		}
		files = append(files, mailFile{contentType: mt, name: params["name"], filename: dparams["filename"], data: data})
	}
}

// header returns a header's value with encoded words decoded.
func (m mailMessage) header(t *testing.T, name string) string {
	t.Helper()
	v, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get(name))
	if err != nil {
		t.Errorf("%s: %v", name, err)
	}
	return v
}

func TestRefusesInvalidReports(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  map[string]any
		want []problemJSON
	}{
		{
			name: "blank report in Russian",
			doc:  map[string]any{"lang": "ru", "full_name": "  ", "email": "not-an-email"},
			want: []problemJSON{
				{"full_name", "required", "Введите ваше полное имя"},
				{"email", "email", "Введите адрес электронной почты в правильном формате, например name@example.com"},
				{"category", "required", "Выберите, что произошло"},
				{"message", "required", "Опишите, что произошло"},
				{"declaration", "required", "Подтвердите заявление, отметив поле, чтобы отправить жалобу"},
			},
		},
		{
			name: "unknown language is answered in the provider's",
			doc:  map[string]any{"lang": "de", "full_name": "A", "email": "a@example.com", "category": "malware", "message": "m", "declaration": "yes"},
			want: []problemJSON{{"lang", "enum", "Цією мовою скарги не приймаємо: оберіть українську, російську чи англійську"}},
		},
		{
			name: "wrong types, an unknown category and an extra field",
			doc:  map[string]any{"lang": "en", "full_name": "A", "email": "a@example.com", "phone": 380441234567, "category": "weather", "message": []any{"m"}, "declaration": "yes", "admin": true},
			want: []problemJSON{
				{"phone", "pattern", "Enter a phone number using digits only, like +380 44 123 45 67"},
				{"category", "enum", "Choose one of the categories in the list"},
				{"message", "pattern", "Check “Description of the abuse”: the value is not in the right format"},
				{"admin", "unknown", "The form has no field “admin”"},
			},
		},
		{
			name: "too long",
			doc:  map[string]any{"lang": "uk", "full_name": strings.Repeat("я", 201), "email": "a@example.com", "category": "malware", "message": "m", "declaration": "yes"},
			want: []problemJSON{{"full_name", "too_long", "Поле «Повне імʼя» має містити не більше 200 символів"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			w := f.postJSON(t, tc.doc)
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422; body %s", w.Code, w.Body)
			}
			var got struct{ Problems []problemJSON }
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Problems, tc.want) {
				t.Errorf("problems\n%+v\nwant\n%+v", got.Problems, tc.want)
			}
			if len(f.mailer.sent) != 0 {
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
	report := fullReport()
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
			w := f.do(http.MethodPost, ReportsPath, tc.contentType, tc.body, "Accept", browserAccept)
			if w.Code != http.StatusCreated {
				t.Fatalf("status %d, want 201; body %s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			page := w.Body.String()
			for _, want := range []string{`<html lang="uk">`, "Скаргу отримано", "Номер вашої скарги: " + testRef, "25 листопада 2026 р. (середа), 16:00"} {
				if !strings.Contains(page, want) {
					t.Errorf("receipt lacks %q", want)
				}
			}
			if len(f.mailer.sent) != 1 {
				t.Fatalf("mailer got %d messages, want 1", len(f.mailer.sent))
			}
			body := parseMail(t, f.mailer.sent[0].raw).body
			if want := "Kyiv 01001"; !strings.Contains(body, want) {
				t.Errorf("body lacks %q", want)
			}
		})
	}
}

func TestRefusedFormIsShownAgain(t *testing.T) {
	f := newFixture(t)
	values := map[string]string{"lang": "ru", "full_name": "Иван <b>", "email": "ivan@", "category": "ddos", "message": " ", idempotencyField: "key-7"}
	w := f.do(http.MethodPost, ReportsPath, "application/x-www-form-urlencoded", formBody(values), "Accept", browserAccept)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422; body %s", w.Code, w.Body)
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
		// Sent again, corrected, it is the same report: the key the browser sent stays.
		`<input type="hidden" name="idempotency_key" value="key-7">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("form page lacks %s", want)
		}
	}
	if i, j := strings.Index(page, `href="#email"`), strings.Index(page, `href="#message"`); i < 0 || j < i {
		t.Error("problems are not in the form's order")
	}
	if len(f.mailer.sent) != 0 {
		t.Error("an invalid report was mailed")
	}
}

func TestFormAnswersJSONWhenAsked(t *testing.T) {
	f := newFixture(t)
	w := f.do(http.MethodPost, ReportsPath, "application/x-www-form-urlencoded", formBody(fullReport()), "Accept", "application/json")
	if w.Code != http.StatusCreated || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q, want 201 JSON", w.Code, w.Header().Get("Content-Type"))
	}
}

func TestRefusesRequestsThatAreNotReports(t *testing.T) {
	valid, err := json.Marshal(fullReport())
	if err != nil {
		t.Fatal(err)
	}
	huge := `{"lang":"en","message":"` + strings.Repeat("x", MaxBody) + `"}`
	for _, tc := range []struct {
		name                string
		method, path        string
		contentType, body   string
		accept              string
		unknownLength       bool
		status              int
		errorCode, contains string
	}{
		{name: "GET the reports", method: "GET", path: ReportsPath, status: 405, errorCode: "method_not_allowed"},
		{name: "PUT a report", method: "PUT", path: ReportsPath, contentType: "application/json", body: string(valid), status: 405, errorCode: "method_not_allowed"},
		{name: "unknown API route", method: "POST", path: "/api/report", contentType: "application/json", body: string(valid), status: 404, errorCode: "not_found"},
		{name: "API root", method: "GET", path: "/api", status: 404, errorCode: "not_found"},
		{name: "plain text", method: "POST", path: ReportsPath, contentType: "text/plain", body: string(valid), status: 415, errorCode: "unsupported_media_type", contains: "непідтримуваному форматі"},
		{name: "no content type", method: "POST", path: ReportsPath, body: string(valid), status: 415, errorCode: "unsupported_media_type"},
		{name: "broken JSON", method: "POST", path: ReportsPath, contentType: "application/json", body: `{"lang":`, status: 400, errorCode: "bad_request"},
		{name: "JSON array", method: "POST", path: ReportsPath, contentType: "application/json", body: `[]`, status: 400, errorCode: "bad_request"},
		{name: "JSON null", method: "POST", path: ReportsPath, contentType: "application/json; charset=utf-8", body: `null`, status: 400, errorCode: "bad_request"},
		{name: "two JSON objects", method: "POST", path: ReportsPath, contentType: "application/json", body: string(valid) + `{}`, status: 400, errorCode: "bad_request"},
		{name: "broken form", method: "POST", path: ReportsPath, contentType: "application/x-www-form-urlencoded", body: "lang=en&full_name=%zz", accept: "application/json", status: 400, errorCode: "bad_request"},
		{name: "multipart without boundary", method: "POST", path: ReportsPath, contentType: "multipart/form-data", body: "lang=en", accept: "application/json", status: 400, errorCode: "bad_request"},
		{name: "too large, length given", method: "POST", path: ReportsPath, contentType: "application/json", body: huge, status: 413, errorCode: "too_large"},
		{name: "too large, length unknown", method: "POST", path: ReportsPath, contentType: "application/json", body: huge, unknownLength: true, status: 413, errorCode: "too_large"},
		{name: "too large form, length unknown", method: "POST", path: ReportsPath, contentType: "application/x-www-form-urlencoded", body: "message=" + strings.Repeat("x", MaxBody), accept: "application/json", unknownLength: true, status: 413, errorCode: "too_large"},
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
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d; body %s", w.Code, tc.status, w.Body)
			}
			if tc.status == 405 && w.Header().Get("Allow") != "POST" {
				t.Errorf("Allow %q, want POST", w.Header().Get("Allow"))
			}
			var got errorJSON
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("answer is not JSON: %v: %s", err, w.Body)
			}
			if got.Error != tc.errorCode || got.Message == "" {
				t.Errorf("answer %+v, want error %q with a message", got, tc.errorCode)
			}
			if !strings.Contains(got.Message, tc.contains) {
				t.Errorf("message %q lacks %q", got.Message, tc.contains)
			}
			if len(f.mailer.sent) != 0 {
				t.Error("something was mailed")
			}
		})
	}
}

func TestErrorsAnswerBrowsersWithAPage(t *testing.T) {
	f := newFixture(t)
	w := f.do(http.MethodPost, ReportsPath, "application/x-www-form-urlencoded", "lang=en&message=%zz", "Accept", browserAccept)
	if w.Code != http.StatusBadRequest || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q, want 400 HTML", w.Code, w.Header().Get("Content-Type"))
	}
	for _, want := range []string{`<html lang="uk">`, "Не вдалося прочитати скаргу", `<a href="/uk/report/">Повернутися до форми</a>`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestOtherPathsAreNotFound(t *testing.T) {
	f := newFixture(t)
	if w := f.do(http.MethodGet, "/en/nothing/", "", ""); w.Code != http.StatusNotFound {
		t.Errorf("status %d, want 404", w.Code)
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
			doc := fullReport()
			doc["full_name"] = name
			if w := f.postJSON(t, doc); w.Code != http.StatusCreated {
				t.Fatalf("status %d, want 201; body %s", w.Code, w.Body)
			}
			msg := parseMail(t, f.mailer.sent[0].raw)
			for _, h := range []string{"Bcc", "X-Injected"} {
				if v, ok := msg.Header[h]; ok {
					t.Errorf("injected header %s: %q", h, v)
				}
			}
			if got, want := slices.Sorted(maps.Keys(msg.Header)), []string{
				"Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Reply-To", "Subject", "To",
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
	doc := fullReport()
	doc["full_name"] = strings.TrimSpace(strings.Repeat("Олександра-Вікторія ", 10))
	if w := f.postJSON(t, doc); w.Code != http.StatusCreated {
		t.Fatalf("status %d, want 201; body %s", w.Code, w.Body)
	}
	msg := parseMail(t, f.mailer.sent[0].raw)
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
		{"JSON", "application/json", `{"lang":"ru","full_name":"A","email":"a@example.com","category":"malware","message":"m","declaration":"yes"}`, "", "application/json", "Жалобу не приняли из-за сбоя на нашей стороне"},
		{"form", "application/x-www-form-urlencoded", "lang=en&full_name=A&email=a%40example.com&category=malware&message=m&declaration=yes", browserAccept, "text/html; charset=utf-8", "The report was not accepted because of a fault on our side"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.store.err = errors.New("bucket unreachable")
			w := f.do(http.MethodPost, ReportsPath, tc.contentType, tc.body, "Accept", tc.accept)
			if w.Code != http.StatusServiceUnavailable {
				t.Fatalf("status %d, want 503; body %s", w.Code, w.Body)
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
			if len(f.mailer.sent) != 0 || len(f.queue.sent) != 0 {
				t.Error("a report that was not stored was queued or mailed")
			}
			if log := f.log.String(); !strings.Contains(log, "bucket unreachable") || !strings.Contains(log, testRef) {
				t.Errorf("the failure is not logged with its reference: %s", log)
			}
		})
	}
}

func TestNewNeedsAddresses(t *testing.T) {
	rules, v, pages := dependencies(t)
	for _, tc := range []struct {
		name string
		opts []Option
	}{
		{"none", []Option{xarfOption(t, rules)}},
		{"no recipient", []Option{xarfOption(t, rules), WithAddresses(mailFrom, "")}},
		{"broken sender", []Option{xarfOption(t, rules), WithAddresses("abusedesk at example", mailTo)}},
		{"no XARF mapping", []Option{WithAddresses(mailFrom, mailTo)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(rules, v, pages, &fakeMailer{}, append(tc.opts, WithDelivery(newMemStore(), &fakeQueue{}))...); err == nil {
				t.Error("New accepted the configuration")
			}
		})
	}
}

func TestReferences(t *testing.T) {
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC is already the next day in Kyiv.
	late := time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		random []byte
		want   string
	}{
		{[]byte{0, 0, 0, 0}, "AD-20261124-000000"},
		{[]byte{0xff, 0xff, 0xff, 0xff}, "AD-20261124-ZZZZZZ"},
		{[]byte{0, 0, 0, 32 + 10}, "AD-20261124-A10000"},
	} {
		got, err := NewReferences(kyiv, bytes.NewReader(tc.random))(late)
		if err != nil || got != tc.want {
			t.Errorf("reference from %x: %q, %v; want %q", tc.random, got, err, tc.want)
		}
	}
	if _, err := NewReferences(kyiv, bytes.NewReader(nil))(late); err == nil {
		t.Error("no error when the random source fails")
	}
	format := regexp.MustCompile(`^AD-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$`)
	refs := NewReferences(kyiv, rand.Reader)
	seen := map[string]bool{}
	for range 100 {
		ref, err := refs(late)
		if err != nil || !format.MatchString(ref) || seen[ref] {
			t.Fatalf("reference %q, %v: bad format or repeated", ref, err)
		}
		seen[ref] = true
	}

}

func TestDefaultReferencesAreRandomOnKyivsCalendar(t *testing.T) {
	rules, v, pages := dependencies(t)
	h, err := New(rules, v, pages, &fakeMailer{}, WithAddresses(mailFrom, mailTo), xarfOption(t, rules), WithDelivery(newMemStore(), &fakeQueue{}),
		WithClock(func() time.Time { return time.Date(2026, 11, 23, 22, 30, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(fullReport())
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, ReportsPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(w, r)
	var got receiptJSON
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, w.Body)
	}
	if !regexp.MustCompile(`^AD-20261124-[0-9A-HJKMNP-TV-Z]{6}$`).MatchString(got.Reference) {
		t.Errorf("reference %q", got.Reference)
	}
}

func TestWantsHTML(t *testing.T) {
	for _, tc := range []struct {
		contentType, accept string
		want                bool
	}{
		{"application/x-www-form-urlencoded", "", true},
		{"application/x-www-form-urlencoded", browserAccept, true},
		{"application/x-www-form-urlencoded", "*/*", true},
		{"multipart/form-data; boundary=x", "application/json", false},
		{"application/x-www-form-urlencoded", "text/html;q=0.5, application/json", false},
		{"application/x-www-form-urlencoded", "text/*;q=0.9, application/*", false},
		{"application/json", browserAccept, false},
		{"", "", false},
		{"text/plain", "*/*", false},
		{"text/plain", browserAccept, true},
		{"", "application/json, text/html;q=0.1", false},
		{"", "text/html, application/json;q=0, */*;q=0.8", true},
	} {
		r := httptest.NewRequest(http.MethodPost, ReportsPath, nil)
		r.Header.Set("Content-Type", tc.contentType)
		if tc.accept != "" {
			r.Header.Set("Accept", tc.accept)
		}
		if got := wantsHTML(r); got != tc.want {
			t.Errorf("wantsHTML(Content-Type %q, Accept %q) = %v, want %v", tc.contentType, tc.accept, got, tc.want)
		}
	}
}
