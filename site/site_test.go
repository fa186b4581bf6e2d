package site

import (
	"bytes"
	"encoding/json"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"abusedesk/content"
	"abusedesk/content/contenttest"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
	"abusedesk/site/headers"
)

func newSite(t *testing.T) *Site {
	t.Helper()
	s, err := Load(content.FS(), formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFormKeepsValuesAndShowsProblems(t *testing.T) {
	s := newSite(t)
	var b strings.Builder
	err := s.RenderForm(&b, formhtml.Form{
		Lang:     "ru",
		Values:   map[string]string{"full_name": `<script>alert("x")</script>`, "email": "bad", "category": "ddos", "message": "Строка 1\nСтрока 2"},
		Problems: []report.Problem{{Field: "email", Code: report.BadEmail}},
	})
	if err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<html lang="ru">`,
		`<title>Ошибка: Сообщить о злоупотреблении</title>`,
		`<li><a href="#email">Введите адрес электронной почты в правильном формате, например name@example.com</a></li>`,
		`value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"`,
		`<option value="ddos" selected>Исходящая DoS- или DDoS-атака</option>`,
		">\nСтрока 1\nСтрока 2</textarea>",
		`<div class="field field--error" id="field-email">`,
		`aria-invalid="true"`,
		`<input type="hidden" name="lang" value="ru">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("form page lacks %s", want)
		}
	}
	if strings.Contains(html, `<script>alert`) {
		t.Error("a value reached the page unescaped")
	}
	if strings.Count(html, `role="alert"`) != 1 || strings.Contains(html, `aria-labelledby="error-summary-title" hidden>`) {
		t.Error("the error summary should be shown")
	}
}

func TestEmptyFormHidesTheSummary(t *testing.T) {
	s := newSite(t)
	var b strings.Builder
	if err := s.RenderForm(&b, formhtml.Form{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if !strings.Contains(html, `aria-labelledby="error-summary-title" hidden>`) || strings.Contains(html, "<title>Error: ") {
		t.Error("an empty form shows an error state")
	}
	// Every category of the rules is offered, in the page's language.
	for _, c := range contenttest.Bundle(t).Rules.Categories {
		if !strings.Contains(html, `<option value="`+c.ID+`">`+template.HTMLEscapeString(c.Title["en"])+`</option>`) {
			t.Errorf("category %s is not offered", c.ID)
		}
	}
}

func TestPageDataCannotCloseItsScript(t *testing.T) {
	s := newSite(t)
	data, err := s.pageData("en")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "<") || !strings.Contains(string(data), `"zoneData":"`) {
		t.Errorf("page data: %.200s", data)
	}
}

func TestReceipt(t *testing.T) {
	s := newSite(t)
	var b strings.Builder
	if err := s.RenderReceipt(&b, formhtml.Receipt{Lang: "uk", Reference: "AD-20261123-ABC123", Deadlines: []string{"перше", "друге"}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Скаргу отримано</title>", `<strong class="reference-number">AD-20261123-ABC123</strong>`, "Номер вашої скарги: ", `<h1 id="receipt-title" tabindex="-1">`, "<p>друге</p>"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("receipt lacks %s", want)
		}
	}
}

func TestBuildWritesEveryLanguage(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	if err := s.Build(dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "uk/index.html", "ru/report/index.html", "en/report/index.html", "assets/app.css"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "en", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`hreflang="uk" href="https://abuse.example.com/uk/"`, `<link rel="alternate" hreflang="x-default" href="https://abuse.example.com/uk/">`,
		`<meta name="description" content="If a website, server or address hosted with us`,
		`<a href="/ru/" hreflang="ru" lang="ru">Русский</a>`, `<a href="report/">Report abuse</a>`,
		`<a href="mailto:abuse@example.com">abuse@example.com</a>`, "Example Hosting LLC",
	} {
		if !strings.Contains(string(html), want) {
			t.Errorf("en home lacks %s", want)
		}
	}
	sitemap, err := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<loc>https://abuse.example.com/ru/procedure/</loc>",
		`<xhtml:link rel="alternate" hreflang="en" href="https://abuse.example.com/en/procedure/"></xhtml:link>`,
	} {
		if !strings.Contains(string(sitemap), want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if strings.Contains(string(sitemap), "404") {
		t.Error("the sitemap lists a 404 page")
	}
	for file, title := range map[string]string{"404.html": "Сторінку не знайдено", "ru/404.html": "Страница не найдена"} {
		page, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil || !strings.Contains(string(page), "<title>"+title+"</title>") {
			t.Errorf("%s: %v, want the localized 404 page", file, err)
		}
	}
}

func TestBadFrontMatterNamesTheFile(t *testing.T) {
	fsys := fstest.MapFS{
		"pages/uk/index.md": {Data: []byte("---\nkey: home\ntitle: Т\n---\nтекст\n")},
		"pages/ru/index.md": {Data: []byte("no front matter\n")},
		"pages/en/index.md": {Data: []byte("---\nkey: home\ntitle: T\n---\ntext\n")},
	}
	_, err := New(fsys, contenttest.Bundle(t), schemas.FormSpec(), formhtml.Options{})
	if err == nil || !strings.Contains(err.Error(), "pages/ru/index.md: no front matter") {
		t.Errorf("error = %v", err)
	}
}

func TestCategoryTableComesFromTheRules(t *testing.T) {
	s := newSite(t)
	p, ok := s.Page("ru", "policy")
	if !ok {
		t.Fatal("no ru policy page")
	}
	for _, c := range contenttest.Bundle(t).Rules.Categories {
		row := `<tr role="row" id="category-` + c.ID + `"><th scope="row" role="rowheader">` + template.HTMLEscapeString(c.Title["ru"]) + `</th>`
		if !strings.Contains(string(p.Body), row) {
			t.Errorf("policy table lacks %s", row)
		}
	}
	for _, want := range []string{`data-label="Время на ответ клиента">12 часов</td>`, `">2 часа</td>`, `">Блокируют сразу</td>`, "12 часов после уведомления клиента о требовании суда"} {
		if !strings.Contains(string(p.Body), want) {
			t.Errorf("policy table lacks %s", want)
		}
	}
}

func TestUnknownRulesTableIsAnError(t *testing.T) {
	page := []byte("---\nkey: home\ntitle: T\n---\n```rules\nweather\n```\n")
	fsys := fstest.MapFS{"pages/uk/index.md": {Data: page}, "pages/ru/index.md": {Data: page}, "pages/en/index.md": {Data: page}}
	_, err := New(fsys, contenttest.Bundle(t), schemas.FormSpec(), formhtml.Options{})
	if err == nil || !strings.Contains(err.Error(), `pages/uk/index.md: unknown rules table "weather"`) {
		t.Errorf("error = %v", err)
	}
}

func TestHandlingTableFollowsTheData(t *testing.T) {
	c := *contenttest.Bundle(t)
	rules := *c.Rules
	c.Rules = &rules
	rules.ProcessWithin = 8 * time.Hour
	rules.SettleWithinDays = 3
	rules.Working.Start, rules.Working.End = 10*60, 17*60+30
	s, err := New(content.FS(), &c, schemas.FormSpec(), formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.Page("en", "procedure")
	for _, want := range []string{"10:00–17:30 Kyiv time", "within 8 working hours of receipt", "within 3 calendar days after the day of receipt", "Monday, Tuesday, Wednesday, Thursday, Friday"} {
		if !strings.Contains(string(p.Body), want) {
			t.Errorf("procedure page lacks %q", want)
		}
	}
	// The clock processing is counted on is a setting, and the pages say which.
	rules.ProcessClock = policy.CalendarClock
	if s, err = New(content.FS(), &c, schemas.FormSpec(), formhtml.Options{}); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Page("en", "procedure")
	e, _ := s.Page("uk", "expect")
	if !strings.Contains(string(p.Body), "within 8 hours of receipt, nights and weekends included") || !strings.Contains(string(e.Body), "протягом 8 годин від її надходження, включно з ночами й вихідними") {
		t.Errorf("the calendar clock is not what the pages say:\n%s", p.Body)
	}
}

// TestTimelineFollowsEachKindOfResponse: the customers' page says once what holds for
// every complaint, then each kind of response once, naming its categories.
func TestTimelineFollowsEachKindOfResponse(t *testing.T) {
	s := newSite(t)
	p, ok := s.Page("uk", "expect")
	if !ok {
		t.Fatal("no uk expect page")
	}
	body := string(p.Body)
	if n := strings.Count(body, "протягом 24 робочих годин"); n != 1 {
		t.Errorf("the review's time is said %d times, want once", n)
	}
	for kind, want := range map[string][]string{
		"respond_within-2":       {"Час на відповідь — 2 години: за цей час треба відповісти", `id="expect-ddos"`, `id="expect-brute-force"`},
		"on_claim-12":            {"Ваш час на відповідь — 12 годин — починає спливати лише тоді, коли ми повідомимо вас про вимогу суду", `id="expect-copyright"`},
		"blocked_at_once":        {"сервіс блокують одразу", `id="expect-botnet"`},
		"disabled_when_verified": {"доступ до матеріалів закривають одразу", `id="expect-csam"`},
		"advisory":               {"Строку на відповідь немає", `id="expect-vulnerability"`},
		"respond_within-12":      {`id="expect-spam"`, `id="expect-phishing"`},
	} {
		_, section, ok := strings.Cut(body, `<section class="timeline" id="expect-`+kind+`">`)
		section, _, _ = strings.Cut(section, "</section>")
		for _, w := range want {
			if !ok || !strings.Contains(section, w) {
				t.Errorf("the section of %s lacks %q: %q", kind, w, section)
			}
		}
	}
	if n := strings.Count(body, `<section class="timeline"`); n != 7 {
		t.Errorf("%d sections, want one for each of the 7 kinds of response", n)
	}
	// Working hours are defined where the figure is given, and the kinds reviewed round
	// the clock are named.
	for _, want := range []string{"Робочі години — це понеділок–пʼятниця, 09:00–18:00 за київським часом", "Цілодобово, включно з вихідними та святами", "Ботнет", "ніколи не скорочують"} {
		if !strings.Contains(body, want) {
			t.Errorf("the customers' page lacks %q", want)
		}
	}
	// A deadline no source sets is marked as a draft wherever it is given.
	if !strings.Contains(body, `<li id="expect-fraud"><strong>`) || !strings.Contains(body, `<mark class="unapproved">`) {
		t.Error("the fraud category's unapproved deadline is not marked on the customers' page")
	}
}

func TestBuildOverAnEarlierBuild(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	stale := filepath.Join(dir, "en", "old-page", "index.html")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Build(dir); err != nil {
		t.Fatal(err)
	}
	// Files are overwritten in place, not truncated first: what an earlier, longer version
	// of a page left past the new one's end must be cut off.
	policy := filepath.Join(dir, "uk", "policy", "index.html")
	want, err := os.ReadFile(policy)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(policy, append(bytes.Repeat([]byte("x"), len(want)), "<p>an earlier build's longer page</p>"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Build(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a page of an earlier build is still there: %v", err)
	}
	if html, err := os.ReadFile(policy); err != nil || !bytes.Equal(html, want) {
		t.Errorf("the page rebuilt over a longer one is %d bytes, want the %d of its first build (%v)", len(html), len(want), err)
	}
	if headers, err := os.ReadFile(filepath.Join(dir, "_headers")); err != nil || !strings.Contains(string(headers), "Content-Security-Policy: default-src 'none'") {
		t.Errorf("_headers: %q, %v", headers, err)
	}
}

// TestBuildWithTurnstile: a site built with a Turnstile site key shows the widget on every
// form page, serves the CSP that admits Cloudflare's challenge origin, and tells the Worker
// the key; built without one, none of that.
func TestBuildWithTurnstile(t *testing.T) {
	for _, key := range []string{"", "1x00000000000000000000AA"} {
		s, err := Load(content.FS(), formhtml.Options{TurnstileSiteKey: key})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := s.Build(dir); err != nil {
			t.Fatal(err)
		}
		read := func(name string) string {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
		var opts formhtml.Options
		if err := json.Unmarshal([]byte(read(formhtml.OptionsFile)), &opts); err != nil || opts.TurnstileSiteKey != key {
			t.Errorf("key %q: the Worker is told %+v, %v", key, opts, err)
		}
		wantCSP := headers.CSP
		if key != "" {
			wantCSP = headers.TurnstileCSP
		}
		if got := read("_headers"); !strings.Contains(got, "Content-Security-Policy: "+wantCSP+"\n") {
			t.Errorf("key %q: _headers %q", key, got)
		}
		for _, lang := range []string{"uk", "ru", "en"} {
			page := read(lang + "/report/index.html")
			if shown := strings.Contains(page, `<div class="cf-turnstile" data-sitekey="`+key+`" data-action="report" data-language="`+lang+`"`); shown != (key != "") {
				t.Errorf("key %q, %s: widget shown %v", key, lang, shown)
			}
		}
	}
}
