package site

import (
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"abusedesk/content"
	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
)

// TestPrivacyNoticeInEveryLanguage: the notice is a legal page like the others (binding
// Ukrainian, translations marked), names the controller from provider.yaml, gives every
// retention period from the rules, never typed, and marks what the lawyers must confirm in
// every version, without publishing the marks.
func TestPrivacyNoticeInEveryLanguage(t *testing.T) {
	s := newSite(t)
	c := contenttest.Bundle(t)
	r := c.Rules.Retention
	for _, lang := range c.Rules.Languages {
		p, ok := s.Page(lang, api.PrivacyPage)
		if !ok {
			t.Fatalf("no privacy page in %s", lang)
		}
		if p.Binding != "uk" || p.Path != api.PagePath(lang, api.PrivacyPage) {
			t.Errorf("%s: binding %q, path %q", lang, p.Binding, p.Path)
		}
		var b strings.Builder
		if err := s.RenderPage(&b, p); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		words := c.Messages
		for _, want := range []string{`href="mailto:` + c.Provider.AbuseMailbox + `"`, `<table class="rules" role="table" id="retention">`} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: the privacy page lacks %s", lang, want)
			}
		}
		for _, want := range []string{
			c.Provider.LegalEntity[lang], c.Provider.Address[lang],
			words.Count(lang, "privacy.keep.report_value", r.DeliveredReports),
			words.Count(lang, "privacy.keep.keys_value", r.IdempotencyKeys),
			words.Count(lang, "privacy.keep.days", r.CaseRecords),
			words.Text(lang, "privacy.keep.case"),
			words.Count(lang, "privacy.keep.case_value", r.CaseRecords),
			words.Count(lang, "privacy.keep.confirmation_value", int(policy.ConfirmationWithin/policy.Day)),
			words.Text(lang, "privacy.keep.draft_value"),
		} {
			if !strings.Contains(html, escaped(want)) {
				t.Errorf("%s: the privacy page lacks %q", lang, want)
			}
		}
		if strings.Contains(html, "LEGAL REVIEW") {
			t.Errorf("%s: a lawyers' mark was published", lang)
		}
		if n := strings.Count(string(p.raw), "<!-- LEGAL REVIEW:"); n < 3 {
			t.Errorf("%s: %d LEGAL REVIEW marks, want the legal bases, the recipients and the authorities marked", lang, n)
		}
	}
}

// escaped is text as the pages' HTML has it.
func escaped(text string) string { return template.HTMLEscapeString(text) }

// TestRetentionTableFollowsTheRules: change a period in rules.yaml and the page follows.
func TestRetentionTableFollowsTheRules(t *testing.T) {
	c := *contenttest.Bundle(t)
	rules := *c.Rules
	c.Rules = &rules
	rules.Retention.DeliveredReports = 45
	s, err := New(content.FS(), &c, schemas.FormSpec(), formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.Page("en", api.PrivacyPage)
	var b strings.Builder
	if err := s.RenderPage(&b, p); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "45 days after our abuse desk received it") || strings.Contains(b.String(), "30 days after") {
		t.Errorf("the retention table does not follow rules.yaml:\n%s", b.String())
	}
}

// TestEveryPageLinksThePrivacyNotice: every page the generator writes links the notice in
// its own language from its footer, and the form says where the data goes at the point of
// collection, with a link, in the page the Worker refills without JavaScript too.
func TestEveryPageLinksThePrivacyNotice(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	if err := s.Build(dir); err != nil {
		t.Fatal(err)
	}
	pages := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		lang, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		if rel == "404.html" {
			lang = contenttest.Bundle(t).Rules.Languages[0] // outside every language's folder: the default's
		}
		html, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "index.html" {
			// The root: a list of the languages, and the notice in each.
			for _, l := range contenttest.Bundle(t).Rules.Languages {
				if !strings.Contains(string(html), `<a href="`+api.PagePath(l, api.PrivacyPage)+`" lang="`+l+`">`) {
					t.Errorf("the root page does not link the %s privacy notice", l)
				}
			}
			return nil
		}
		pages++
		link := `<a href="` + api.PagePath(lang, api.PrivacyPage) + `">`
		if !strings.Contains(string(html), `<footer class="site-footer">`) || !strings.Contains(string(html), link) {
			t.Errorf("%s does not link the privacy notice from its footer", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 3*7 {
		t.Errorf("%d pages checked", pages)
	}
	words := contenttest.Bundle(t).Messages
	for _, lang := range contenttest.Bundle(t).Rules.Languages {
		var b strings.Builder
		if err := s.RenderForm(&b, formhtml.Form{Lang: lang, Values: map[string]string{"share_identity": "yes"}}); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		notice := `<p class="note" id="privacy-notice">` + escaped(words.Text(lang, "privacy.notice", "provider", contenttest.Bundle(t).Provider.LegalEntity[lang])) +
			` <a href="` + api.PagePath(lang, api.PrivacyPage) + `">` + escaped(words.Text(lang, "privacy.notice_link")) + `</a></p>`
		if !strings.Contains(html, notice) {
			t.Errorf("%s: the form lacks the notice %s", lang, notice)
		}
		// Above the send button, after the review step: seen on both steps, with or
		// without the module.
		if strings.Index(html, notice) > strings.Index(html, `id="submit"`) || strings.Index(html, notice) < strings.Index(html, `id="review"`) {
			t.Errorf("%s: the notice is not just above the send button", lang)
		}
		if sentences := strings.Count(words.Text(lang, "privacy.notice"), ". ") + strings.Count(words.Text(lang, "privacy.notice"), "; ") + 1; sentences > 4 {
			t.Errorf("%s: the short notice has %d sentences", lang, sentences)
		}
	}
}

// TestIdentityChoiceIsClearByDefault: the box that lets the customer learn who complained
// is never ticked for the reporter; a form sent back keeps what they chose.
func TestIdentityChoiceIsClearByDefault(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct {
		values  map[string]string
		checked bool
	}{{nil, false}, {map[string]string{"share_identity": "yes"}, true}, {map[string]string{"share_identity": "no"}, false}} {
		var b strings.Builder
		if err := s.RenderForm(&b, formhtml.Form{Lang: "uk", Values: tc.values}); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		i := strings.Index(html, `<input type="checkbox" id="share_identity" name="share_identity" value="yes"`)
		if i < 0 {
			t.Fatalf("no identity box:\n%s", html)
		}
		tag := html[i : i+strings.Index(html[i:], ">")]
		if strings.Contains(tag, "checked") != tc.checked || strings.Contains(tag, "required") {
			t.Errorf("values %v: %s", tc.values, tag)
		}
		// Among the fields the review step lists, not among the declarations.
		if i < strings.Index(html, `id="form-fields"`) || i > strings.Index(html, `id="review"`) {
			t.Errorf("the identity box is not among the fields")
		}
	}
	if got := strconv.Itoa(strings.Count(contenttest.Bundle(t).Messages.Text("en", "field.share_identity.hint"), "abuse desk")); got != "1" {
		t.Errorf("the hint does not say who the customer sees as the reporter")
	}
}

// TestPrivacyNoticeSaysWhoGetsWhat: in every language the notice names the processor and
// the transfer to the United States, the Ukrainian law beside the GDPR, typo notes and the
// people a report names; and its table of what the form asks about the reporter lists
// every detail the customer's summary can carry, whether it must be given by the rules (a
// category that lets it out, the requesters who must give it) and that an authority's
// case and issuer reach the customer whatever the reporter chose.
func TestPrivacyNoticeSaysWhoGetsWhat(t *testing.T) {
	s := newSite(t)
	c := contenttest.Bundle(t)
	words := c.Messages
	said := map[string][]string{
		"uk": {"Cloudflare, Inc.", "Сполучених Штатів", "EU–US Data Privacy Framework", "Закону України «Про захист персональних", "GDPR", "Повідомлення про помилку на сторінці", "Люди, яких згадано у скарзі", "до кінця наступної доби за UTC"},
		"ru": {"Cloudflare, Inc.", "Соединённые Штаты", "EU–US Data Privacy Framework", "Законом Украины «О защите\nперсональных данных»", "GDPR", "Сообщение об ошибке на странице", "Люди, упомянутые в жалобе", "до конца следующих\nсуток по UTC"},
		"en": {"Cloudflare, Inc.", "transferred to the United\nStates", "EU–US Data\nPrivacy Framework", "On Personal Data Protection", "GDPR", "Reporting a typo on a page", "People named in a report", "until the end of the next day (UTC)"},
	}
	for _, lang := range c.Rules.Languages {
		p, _ := s.Page(lang, api.PrivacyPage)
		var b strings.Builder
		if err := s.RenderPage(&b, p); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		for _, want := range said[lang] {
			if !strings.Contains(html, want) {
				t.Errorf("%s: the privacy notice does not say %q", lang, want)
			}
		}
		start := strings.Index(html, `id="reporter-fields"`)
		if start < 0 {
			t.Fatalf("%s: no table of what the form asks about the reporter", lang)
		}
		table := html[start : start+strings.Index(html[start:], "</table>")]
		rows := strings.Split(table, "<tr ")[2:] // past the heading
		if len(rows) != len(report.ReporterFields) {
			t.Fatalf("%s: %d rows, want one for each of %v", lang, len(rows), report.ReporterFields)
		}
		csam, _ := c.Rules.Category("csam")
		court, _ := c.Rules.Requester("court")
		if want := escaped(words.Text(lang, "privacy.keep.no_draft", "categories", csam.Title[lang])); !strings.Contains(html, want) {
			t.Errorf("%s: the retention table does not say %q, which keeps no draft", lang, want)
		}
		for i, name := range report.ReporterFields {
			row := rows[i]
			if !strings.Contains(row, escaped(words.Text(lang, i18n.Key("field."+name+".label")))) {
				t.Errorf("%s: row %d does not name %s: %s", lang, i, name, row)
			}
			authority := slices.Contains(report.AuthorityFields, name)
			if got := strings.Contains(row, escaped(words.Text(lang, "privacy.customer.always"))); got != authority {
				t.Errorf("%s: %s: the customer gets it whatever the reporter chose: %v, want %v", lang, name, got, authority)
			}
			if lettingOut := slices.Contains(csam.Optional, name); strings.Contains(row, escaped(csam.Title[lang])) != lettingOut {
				t.Errorf("%s: %s: the row names %s: %v, want %v (the category's optional)", lang, name, csam.ID, !lettingOut, lettingOut)
			}
			if strings.Contains(row, escaped(court.Title[lang])) != authority {
				t.Errorf("%s: %s: the row names the requester %s: %v, want %v", lang, name, court.ID, !authority, authority)
			}
		}
	}
}
