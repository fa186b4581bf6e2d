package site

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"abusedesk/content"
	"abusedesk/content/contenttest"
	"abusedesk/schemas"
	"abusedesk/site/formhtml"
)

// contentWith copies the shipped content and applies edits: a file's new text, or nil to
// remove it.
func contentWith(t *testing.T, edits map[string]func(string) string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(content.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(content.FS(), name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range edits {
		f, ok := m[name]
		if !ok {
			t.Fatalf("no file %s to edit", name)
		}
		if edit == nil {
			delete(m, name)
			continue
		}
		changed := edit(string(f.Data))
		if changed == string(f.Data) {
			t.Fatalf("the edit did not change %s", name)
		}
		f.Data = []byte(changed)
	}
	return m
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

func TestShippedContentPassesCheck(t *testing.T) {
	if ps := newSite(t).Check(); len(ps) > 0 {
		t.Fatalf("the shipped content has problems:\n%v", ps)
	}
}

func TestCheckFindsProblems(t *testing.T) {
	c, spec := contenttest.Bundle(t), schemas.FormSpec()
	for _, tc := range []struct {
		name  string
		edits map[string]func(string) string
		want  string
	}{
		{"missing page", map[string]func(string) string{"pages/ru/procedure.md": nil},
			`content/pages/ru/procedure.md:1: page "procedure" is missing in ru`},
		{"stale translation", map[string]func(string) string{"pages/uk/policy.md": replace("Ця політика пояснює", "Ця політика описує")},
			"content/pages/en/policy.md:5: stale translation: pages/uk/policy.md has changed since this was translated"},
		{"untracked translation", map[string]func(string) string{"pages/en/procedure.md": replace("translated_from: ", "# translated_from: ")},
			"content/pages/en/procedure.md:1: a translation of pages/uk/procedure.md must say which version it was made from"},
		{"different binding", map[string]func(string) string{"pages/en/policy.md": replace("binding: uk", "binding: en")},
			`content/pages/en/policy.md:1: binding: "en" here, but "uk"`},
		{"broken link", map[string]func(string) string{"pages/en/index.md": replace("(policy/)", "(polcy/)")},
			`content/pages/en/index.md:11: link "polcy/" leads to /en/polcy/, which does not exist`},
		{"broken absolute link", map[string]func(string) string{"pages/ru/404.md": replace("(/ru/policy/)", "(/ru/politika/)")},
			`content/pages/ru/404.md:9: link "/ru/politika/" leads to /ru/politika/, which does not exist`},
		{"unknown category", map[string]func(string) string{"pages/en/procedure.md": replace("Report Abuse form](../report/)", "Report Abuse form](../policy/#category-weather)")},
			`content/pages/en/procedure.md:9: link "../policy/#category-weather": /en/policy/ has no anchor #category-weather`},
		{"no section on contesting", map[string]func(string) string{"pages/ru/policy.md": replace(" {#contest}", "")},
			"content/pages/ru/policy.md:1: no section ends its heading with {#contest}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(contentWith(t, tc.edits), c, spec, formhtml.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Check().Error(); !strings.Contains(got, tc.want) {
				t.Errorf("check said:\n%s\nwant it to contain:\n%s", got, tc.want)
			}
		})
	}
}

func TestCategoryAnchorsResolve(t *testing.T) {
	fsys := contentWith(t, map[string]func(string) string{"pages/en/procedure.md": replace("Report Abuse form](../report/)", "Report Abuse form](../policy/#category-botnet)")})
	s, err := New(fsys, contenttest.Bundle(t), schemas.FormSpec(), formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ps := s.Check(); len(ps) > 0 {
		t.Errorf("a link to a known category was refused:\n%v", ps)
	}
}

func TestTranslationNotice(t *testing.T) {
	s := newSite(t)
	for lang, want := range map[string]string{
		"ru": `Это перевод. Юридическую силу имеет украинская версия документа; если тексты расходятся, действует она. <a href="/uk/policy/" hreflang="uk">Читать версию, имеющую юридическую силу</a>`,
		"en": `This is a translation. The Ukrainian version of this document is legally binding; where the two differ, it prevails. <a href="/uk/policy/" hreflang="uk">Read the binding version</a>`,
	} {
		p, _ := s.Page(lang, "policy")
		var b strings.Builder
		if err := s.RenderPage(&b, p); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s policy lacks the binding notice", lang)
		}
	}
	p, _ := s.Page("uk", "policy")
	var b strings.Builder
	if err := s.RenderPage(&b, p); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "translation-notice") {
		t.Error("the binding version calls itself a translation")
	}
}

// TestCheckFindsCatalogProblems: a Ukrainian text changed since it was translated, a
// message no code speaks, and one the code speaks that is gone, each named by file and
// line: the message's, or the code's.
func TestCheckFindsCatalogProblems(t *testing.T) {
	form, err := fs.ReadFile(content.FS(), "messages/form.yaml")
	if err != nil {
		t.Fatal(err)
	}
	key := lineOf(form, "  form.submit:")
	at := func(n int) string { return strconv.Itoa(key + n) }
	for _, tc := range []struct {
		name  string
		edits map[string]func(string) string
		want  string
	}{
		{"stale translation", map[string]func(string) string{"messages/form.yaml": replace("uk: Надіслати скаргу", "uk: Надіслати")},
			"content/messages/form.yaml:" + at(4) + ": form.submit: stale translation: the uk words (line " + at(1) + ") have changed since ru (line " + at(2) + ") and en (line " + at(3) + ") were translated from them (translated_from: 47223059, now "},
		{"untracked translation", map[string]func(string) string{"messages/form.yaml": replace("    translated_from: 47223059\n", "")},
			"content/messages/form.yaml:" + at(0) + ": form.submit: say which uk words ru (line " + at(2) + ") and en (line " + at(3) + ") were translated from: add translated_from: 47223059"},
		{"a message no code speaks", map[string]func(string) string{"messages/form.yaml": replace("  form.submit:", "  form.sumbit:")},
			"content/messages/form.yaml:" + at(0) + ": form.sumbit: no code uses this message"},
		{"a message the code speaks, gone", map[string]func(string) string{"messages/form.yaml": replace("  form.submit:", "  form.sumbit:")},
			": the message form.submit, which this code speaks, is not in content/messages: add it there"},
		{"a month gone", map[string]func(string) string{"messages/dates.yaml": replace("  date.month.may:", "  date.month.mai:")},
			"content/messages:1: the message date.month.may is missing: every date needs its month's name"},
		{"a counted phrase whose case the words before it set", map[string]func(string) string{"messages/site.yaml": replace("uk: Ваш час на відповідь — {hours} — починає спливати", "uk: Відлік ваших {hours} на відповідь почнеться")},
			"content/messages/site.yaml:" + strconv.Itoa(lineOf(siteYAML(t), "uk: Ваш час на відповідь — {hours} —")) + ": expect.on_claim: uk: {hours} (a number and its noun, as unit.hours words it) must open the text or a clause"},
		{"a bare number outside plural forms", map[string]func(string) string{"messages/form.yaml": func(s string) string {
			return strings.NewReplacer("uk: Надіслати скаргу", "uk: Надіслати скаргу ({n})", "ru: Отправить жалобу", "ru: Отправить жалобу ({n})", "en: Send the report", "en: Send the report ({n})").Replace(s)
		}},
			"content/messages/form.yaml:" + at(1) + ": form.submit: uk: {n} in a message without plural forms"},
		{"a category that requires links, without its words for them", map[string]func(string) string{"messages/problems.yaml": replace("  problem.evidence_urls.required.exposed_data:", "  problem.evidence_urls.required.exposed:")},
			"content/messages:1: the message problem.evidence_urls.required.exposed_data is missing: a category that requires links says which links are missing in its own words"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Load(contentWith(t, tc.edits), formhtml.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Check().Error(); !strings.Contains(got, tc.want) {
				t.Errorf("check said:\n%s\nwant it to contain:\n%s", got, tc.want)
			}
		})
	}
}

// siteYAML is the shipped messages/site.yaml.
func siteYAML(t *testing.T) []byte {
	t.Helper()
	b, err := fs.ReadFile(content.FS(), "messages/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCheckFindsWrongApostrophes: a Ukrainian word written with U+2019 or U+0027 is named
// with its file and line, in a page, a message (doubled in a single-quoted string, or in a
// plural form) and the rules; Russian and English text is not Ukrainian.
func TestCheckFindsWrongApostrophes(t *testing.T) {
	fsys := contentWith(t, map[string]func(string) string{
		"pages/uk/privacy.md":    replace("ваші імʼя, адресу електронної пошти, телефон, назву", "ваші ім'я, адресу електронної пошти, телефон, назву"),
		"messages/privacy.yaml":  replace("щоб клієнт міг звʼязатися", "щоб клієнт міг зв''язатися"),
		"messages/problems.yaml": replace("      one: 'Файл «{name}» не прийнято: до скарги можна додати не більше {n} файлу.'", "      one: 'Файл «{name}» не прийнято: до скарги можна додати не більше {n} файлу, обов’язково.'"),
		"messages/form.yaml":     replace("ru: Отправить жалобу", "ru: Отправить жал'обу"),
		"rules.yaml":             replace("uk: Правовласник або його представник", "uk: Правовласник або його п’редставник"),
	})
	s, err := Load(fsys, formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := s.checkApostrophes().Error()
	lineIn := func(file, text string) string {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			t.Fatal(err)
		}
		return "content/" + file + ":" + strconv.Itoa(lineOf(data, text)) + ": "
	}
	for _, want := range []string{
		lineIn("pages/uk/privacy.md", "ім'я, адресу") + `"м'я": a Ukrainian word's apostrophe is ʼ (U+02BC), not "'"`,
		lineIn("messages/privacy.yaml", "зв''язатися") + `"в''я"`,
		lineIn("messages/problems.yaml", "обов’язково") + `"в’я"`,
		lineIn("rules.yaml", "п’редставник") + `"п’р"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the check said:\n%s\nwant it to contain:\n%s", got, want)
		}
	}
	if strings.Contains(got, "жал'обу") {
		t.Errorf("a Russian text was judged as Ukrainian:\n%s", got)
	}
}
