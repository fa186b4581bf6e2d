package site

import (
	"bytes"
	"html"
	"testing"

	"abusedesk/content"
	"abusedesk/content/contenttest"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
)

// TestWorkerAnswerIsTheGeneratedPage: the Worker refills the page the generator wrote,
// with a renderer made as it makes one, from the form's options the generator wrote; the
// result must be exactly the page the generator writes for the same form, with Turnstile
// or without.
func TestWorkerAnswerIsTheGeneratedPage(t *testing.T) {
	for _, opts := range []formhtml.Options{{}, {TurnstileSiteKey: "1x00000000000000000000AA"}} {
		s, err := Load(content.FS(), opts)
		if err != nil {
			t.Fatal(err)
		}
		worker := formhtml.New(s.rules, s.provider, s.spec, s.words, s.form) // as the Worker reads them from OptionsFile
		testWorkerAnswer(t, s, worker)
	}
}

func testWorkerAnswer(t *testing.T, s *Site, worker *formhtml.Renderer) {
	for _, p := range []formhtml.Form{
		{Lang: "uk"},
		{Lang: "en", Values: map[string]string{"full_name": `O'Brien & <Sons>`, "email": "x", "message": "\nfirst line\n"},
			Problems: []report.Problem{{Field: "email", Code: report.BadEmail}, {Field: "category", Code: report.Required}}},
		{Lang: "ru", Values: map[string]string{"category": "botnet", "phone": "call me", api.IdempotencyField: `k"<1>`, api.HoneypotField: "http://spam.example/"},
			Problems: []report.Problem{{Field: "phone", Code: report.BadValue}, {Field: "full_name", Code: report.TooLong, Limit: 200}}},
	} {
		var static, want bytes.Buffer
		if err := s.RenderForm(&static, formhtml.Form{Lang: p.Lang}); err != nil {
			t.Fatal(err)
		}
		if err := s.RenderForm(&want, p); err != nil {
			t.Fatal(err)
		}
		got, err := worker.Refill(static.Bytes(), p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: the Worker's page differs from the generator's:\n%s", p.Lang, firstDifference(got, want.Bytes()))
		}
	}
}

// TestFormGuards: the form carries an empty idempotency key for its script to fill in,
// and a honeypot people neither see nor reach, labelled in the page's language; a form
// sent back echoes neither the key nor the honeypot that was posted (a page elsewhere
// could have posted them).
func TestFormGuards(t *testing.T) {
	s := newSite(t)
	for lang, label := range map[string]string{"uk": "Залиште це поле порожнім", "ru": "Оставьте это поле пустым", "en": "Leave this field empty"} {
		var page bytes.Buffer
		if err := s.RenderForm(&page, formhtml.Form{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		_, inForm, _ := bytes.Cut(page.Bytes(), []byte(`<form id="report-form"`))
		inForm, _, _ = bytes.Cut(inForm, []byte("</form>"))
		for _, want := range []string{
			`<input type="hidden" name="idempotency_key" value="">`,
			`<div class="trap" id="field-website">`,
			`<label for="website">` + label,
			`<input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off">`,
		} {
			if !bytes.Contains(inForm, []byte(want)) {
				t.Errorf("%s: the form lacks %s", lang, want)
			}
		}
	}
	var back bytes.Buffer
	p := formhtml.Form{Lang: "en", Values: map[string]string{api.IdempotencyField: "3f1c-key", api.HoneypotField: "planted", "full_name": "Olena"}, Problems: []report.Problem{{Field: "email", Code: report.Required}}}
	if err := s.RenderForm(&back, p); err != nil {
		t.Fatal(err)
	}
	for _, planted := range []string{"3f1c-key", "planted"} {
		if bytes.Contains(back.Bytes(), []byte(planted)) {
			t.Errorf("a form sent back echoes %q", planted)
		}
	}
	if !bytes.Contains(back.Bytes(), []byte(`value="Olena"`)) {
		t.Error("a form sent back lost what the reporter typed")
	}
}

func TestRefillRefusesForeignPages(t *testing.T) {
	s := newSite(t)
	if _, err := s.forms.Refill([]byte("<html><title>x</title><body>no marks</body></html>"), formhtml.Form{Lang: "en"}); err != formhtml.ErrNoRegion {
		t.Errorf("err = %v, want ErrNoRegion", err)
	}
}

func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + string(a[from:min(len(a), i+80)]) + "…\nwant: …" + string(b[from:min(len(b), i+80)]) + "…"
}

// TestFormEvidenceAndFiles: without JavaScript every evidence field shows, none required by
// the browser, each naming the categories that need it; files go as multipart, with the
// rules' limits in words.
func TestFormEvidenceAndFiles(t *testing.T) {
	s := newSite(t)
	for lang, want := range map[string][]string{
		"en": {
			`enctype="multipart/form-data"`,
			`<fieldset id="evidence" class="evidence">`,
			`<p class="hint needed" id="message_headers-needed">Required for spam that came: By e-mail.</p>`,
			`<p class="hint needed" id="case_number-needed">Required for: Law enforcement; A court; A competent organization.</p>`,
			`<p class="hint needed" id="email-needed-csam">You may leave this out for: Child sexual abuse material.</p>`,
			`<div class="category-warning" id="warning-csam" role="note">`,
			// A placeholder until the legal team confirms it (provider.yaml), marked so.
			`<li><mark class="unapproved"><a href="https://www.inhope.org/EN" rel="noopener noreferrer">INHOPE hotlines in other countries</a></mark> <span class="unapproved-label">(draft, not yet approved)</span></li>`,
			`<option value="court">A court</option>`,
			`<option value="sms">By SMS</option>`,
			`<input type="checkbox" id="rights_declaration" name="rights_declaration" value="yes" aria-describedby="rights_declaration-needed rights_declaration-error">`,
			`<p class="hint needed" id="source_ip-needed">Required for: Outbound DoS or DDoS attack; Brute-force attack on third parties&#39; credentials.</p>`,
			`<textarea id="message_headers" name="message_headers" maxlength="50000" aria-describedby="message_headers-hint message_headers-needed message_headers-error" rows="8">`,
			`<input type="file" id="attachments" name="attachments" multiple`,
			"Up to 10 files, 10 MiB each and 18 MiB in all",
			`<input type="datetime-local" id="occurred_at" name="occurred_at"`,
		},
		"uk": {"До 10 файлів, кожен до 10 МіБ, разом до 18 МіБ", "Обовʼязково для категорій: Розсилання спаму із сервісу."},
		"ru": {"До 10 файлов, каждый до 10 МиБ, вместе до 18 МиБ"},
	} {
		var page bytes.Buffer
		if err := s.RenderForm(&page, formhtml.Form{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !bytes.Contains(page.Bytes(), []byte(w)) {
				t.Errorf("%s: the form lacks %s", lang, w)
			}
		}
	}
	var back bytes.Buffer
	if err := s.RenderForm(&back, formhtml.Form{Lang: "en", Problems: []report.Problem{{Field: "message_headers", Code: report.Required}}}); err != nil {
		t.Fatal(err)
	}
	// No files came with it (the Worker says so when they did: a Message), so none are asked for.
	if bytes.Contains(back.Bytes(), []byte("files again")) || !bytes.Contains(back.Bytes(), []byte("Paste the full headers of the spam message")) {
		t.Error("a form sent back without files asks for them again, or lacks the evidence's message")
	}
}

// TestFormDeclaration: the form ends with the review step, whose box carries the rules'
// declaration in the page's language and is required; a form sent back keeps it as the
// reporter left it (ticked, or clear with its problem beside it).
func TestFormDeclaration(t *testing.T) {
	s := newSite(t)
	for _, lang := range s.rules.Languages {
		var page bytes.Buffer
		p := formhtml.Form{Lang: lang, Problems: []report.Problem{{Field: "declaration", Code: report.Required}}}
		if err := s.RenderForm(&page, p); err != nil {
			t.Fatal(err)
		}
		_, review, ok := bytes.Cut(page.Bytes(), []byte(`<section id="review"`))
		if !ok {
			t.Fatalf("%s: no review step", lang)
		}
		review, _, _ = bytes.Cut(review, []byte("</section>"))
		for _, want := range []string{
			`<input type="checkbox" id="declaration" name="declaration" value="yes" required aria-describedby="declaration-error" aria-invalid="true">`,
			`<label for="declaration">` + html.EscapeString(s.rules.Declaration[lang]) + `</label>`,
			`<p class="error-message" id="declaration-error">` + html.EscapeString(contenttest.Bundle(t).Messages.Text(lang, "problem.declaration.required")) + `</p>`,
		} {
			if !bytes.Contains(review, []byte(want)) {
				t.Errorf("%s: the review step lacks %s", lang, want)
			}
		}
		if bytes.Contains(review, []byte(" checked")) {
			t.Errorf("%s: a form sent back without the tick has the declaration ticked", lang)
		}
		var ticked bytes.Buffer
		p = formhtml.Form{Lang: lang, Values: map[string]string{"declaration": report.Declared}, Problems: []report.Problem{{Field: "message", Code: report.Required}}}
		if err := s.RenderForm(&ticked, p); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(ticked.Bytes(), []byte(`<input type="checkbox" id="declaration" name="declaration" value="yes" checked required`)) {
			t.Errorf("%s: a form sent back for its message lost the declaration's tick", lang)
		}
		fields, _, _ := bytes.Cut(page.Bytes(), []byte(`<section id="review"`))
		if bytes.Contains(fields, []byte(`name="declaration"`)) {
			t.Errorf("%s: the declaration is among the fields as well", lang)
		}
	}
}

// TestFormPageIsWhereTheWorkerLooks: the Worker reads the form page from the site at
// api.FormPath to answer a form sent without JavaScript.
func TestFormPageIsWhereTheWorkerLooks(t *testing.T) {
	s := newSite(t)
	for _, lang := range contenttest.Bundle(t).Rules.Languages {
		p, ok := s.Page(lang, api.FormPage)
		if !ok || p.Path != api.FormPath(lang) || p.Layout != "report" {
			t.Errorf("%s: the form page is %+v, want it at %s", lang, p, api.FormPath(lang))
		}
	}
}
