package site_test

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"abusedesk/content"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/site"
	"abusedesk/site/formhtml"
)

// typoButton finds the typo dialog's button on a page and its data attributes, by name
// without "data-".
var (
	typoButton    = regexp.MustCompile(`<button [^>]*id="typo-button"[^>]*>`)
	dataAttribute = regexp.MustCompile(`\bdata-([a-z-]+)="([^"]*)"`)
)

// TestTypoDialogTakesTheSchemasLimits: the typo button of every legal document carries
// where the note goes (api.TyposPath) and the typo note schema's limits on what the reader
// writes (schemas.TypoSpec()); typo.js, which cannot import them, reads what the button
// carries, nothing it does not, and types neither the path nor a limit itself.
func TestTypoDialogTakesTheSchemasLimits(t *testing.T) {
	s, err := site.Load(content.FS(), formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	limits := map[string]int{}
	for _, f := range schemas.TypoSpec().Fields {
		limits[f.Name] = f.MaxLength
	}
	// What the reader's selection, comment and the text around it are cut to.
	want := map[string]string{"path": api.TyposPath}
	for _, field := range []string{"selection", "comment", "context"} {
		if limits[field] <= 0 {
			t.Fatalf("the typo note's schema gives %s no maxLength", field)
		}
		want["max-"+field] = strconv.Itoa(limits[field])
	}

	var attributes map[string]string
	buttons := 0
	for _, p := range s.Pages() {
		var page bytes.Buffer
		if err := s.RenderPage(&page, p); err != nil {
			t.Fatal(err)
		}
		tag := typoButton.Find(page.Bytes())
		if tag == nil {
			if p.Binding != "" {
				t.Errorf("%s: a legal document without the typo button", p.Source)
			}
			continue
		}
		buttons++
		attributes = map[string]string{}
		for _, m := range dataAttribute.FindAllSubmatch(tag, -1) {
			attributes[string(m[1])] = string(m[2])
		}
		for name, value := range want {
			if attributes[name] != value {
				t.Errorf("%s: the typo button's data-%s is %q, want %q", p.Source, name, attributes[name], value)
			}
		}
		for name := range attributes {
			if field, ok := strings.CutPrefix(name, "max-"); ok && want[name] == "" {
				t.Errorf("%s: the typo button's data-%s limits %s, which the dialog does not write", p.Source, name, field)
			}
		}
	}
	if buttons == 0 {
		t.Fatal("no page has the typo button")
	}

	src, err := os.ReadFile("assets/typo.js")
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`(?m)^\s*//.*$`).ReplaceAll(src, nil) // what runs, not what is said
	read := map[string]bool{}
	for _, m := range regexp.MustCompile(`\b(?:words|dataset)\.([A-Za-z]+)`).FindAllSubmatch(code, -1) {
		// dataset's camelCase is the attribute's name with its dashes taken out.
		name := regexp.MustCompile(`[A-Z]`).ReplaceAllStringFunc(string(m[1]), func(c string) string { return "-" + strings.ToLower(c) })
		read[name] = true
		if _, ok := attributes[name]; !ok {
			t.Errorf("typo.js reads the button's data-%s, which the page does not write", name)
		}
	}
	for name := range attributes {
		if !read[name] {
			t.Errorf("the typo button carries data-%s, which typo.js does not read", name)
		}
	}
	if bytes.Contains(code, []byte("/api/")) {
		t.Error("typo.js types a path of the API: it takes the button's data-path")
	}
	for name, value := range want {
		if strings.HasPrefix(name, "max-") && regexp.MustCompile(`\b`+value+`\b`).Match(code) {
			t.Errorf("typo.js types %s, the limit of data-%s: it takes the button's", value, name)
		}
	}
}
