package site_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"abusedesk/content"
	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/schemas/dom"
	"abusedesk/schemas/report"
	"abusedesk/site"
	"abusedesk/site/formhtml"
)

// ids reads the ids package dom defines from its source, so the test cannot forget one.
func ids(t *testing.T) []string {
	t.Helper()
	ids, _ := domNames(t)
	return ids
}

// classes reads the classes package dom defines from its source (its constants named
// …Class), each with its constant's name.
func classes(t *testing.T) map[string]string {
	t.Helper()
	_, classes := domNames(t)
	return classes
}

func domNames(t *testing.T) (ids []string, classes map[string]string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../schemas/dom/dom.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	classes = map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			lit := v.Values[0].(*ast.BasicLit)
			value, _ := strconv.Unquote(lit.Value)
			if name := v.Names[0].Name; strings.HasSuffix(name, "Class") {
				classes[value] = name
			} else {
				ids = append(ids, value)
			}
		}
	}
	if len(ids) < 10 || len(classes) < 10 {
		t.Fatalf("found only %d ids and %d classes in dom.go", len(ids), len(classes))
	}
	return ids, classes
}

// TestPagesHaveEveryElement: the form page and the receipt page, as the generator and the
// Worker write them, have an element for every id, and every field its wrapper and error.
func TestPagesHaveEveryElement(t *testing.T) {
	s, err := site.Load(content.FS(), formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var form, receipt bytes.Buffer
	if err := s.RenderForm(&form, formhtml.Form{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RenderReceipt(&receipt, formhtml.Receipt{Lang: "en", Reference: "AD-20261123-7K3M9Q"}); err != nil {
		t.Fatal(err)
	}
	pages := append(form.Bytes(), receipt.Bytes()...)
	has := func(id string) bool { return bytes.Contains(pages, []byte(`id="`+id+`"`)) }
	for _, id := range ids(t) {
		if !has(id) {
			t.Errorf("no element has the id %q", id)
		}
	}
	for _, f := range schemas.FormSpec().Fields {
		if f.Widget == "hidden" {
			continue
		}
		for _, id := range []string{f.Name, dom.Wrapper(f.Name), dom.Error(f.Name)} {
			if !has(id) {
				t.Errorf("field %s: no element has the id %q", f.Name, id)
			}
		}
	}
	if !bytes.Contains(receipt.Bytes(), []byte(`class="`+dom.ReferenceClass+`"`)) {
		t.Error("the receipt does not mark its reference")
	}
}

// TestLoaderFindsOnlyTheseElements: wasm/form.js, which cannot import this package, looks
// up no element by an id it does not define.
func TestLoaderFindsOnlyTheseElements(t *testing.T) {
	js, err := os.ReadFile("../wasm/form.js")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, id := range ids(t) {
		known[id] = true
	}
	found := regexp.MustCompile(`getElementById\('([^']*)'\)`).FindAllSubmatch(js, -1)
	if len(found) == 0 {
		t.Fatal("form.js looks up no element by id: has the way it does changed?")
	}
	for _, m := range found {
		if !known[string(m[1])] {
			t.Errorf("form.js looks up #%s, which package dom does not define", m[1])
		}
	}
}

// classAttribute is a class attribute of HTML; idAttribute an id.
var (
	classAttribute = regexp.MustCompile(`\bclass="([^"]*)"`)
	idAttribute    = regexp.MustCompile(`\bid="([^"]*)"`)
)

// attributes adds to seen each class (or id) the HTML writes.
func attributes(seen map[string]bool, html []byte, attribute *regexp.Regexp) {
	for _, m := range attribute.FindAllSubmatch(html, -1) {
		for _, c := range strings.Fields(string(m[1])) {
			seen[c] = true
		}
	}
}

// moduleUses is the constants of package dom the browser module's glue (wasm/*.go) names.
func moduleUses(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("../wasm/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in wasm/: %v", err)
	}
	uses := map[string]bool{}
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "dom" {
					uses[sel.Sel.Name] = true
				}
			}
			return true
		})
	}
	return uses
}

// TestFormWritesOnlyItsClasses: the form, in every state (empty, a problem on every field,
// Turnstile's widget), and the receipt, as formhtml writes them, have only the classes of
// package dom; and each of those is written there or set by the module.
func TestFormWritesOnlyItsClasses(t *testing.T) {
	s, err := site.Load(content.FS(), formhtml.Options{TurnstileSiteKey: "1x00000000000000000000AA"})
	if err != nil {
		t.Fatal(err)
	}
	failed := formhtml.Form{Lang: "en", Messages: []formhtml.Message{{Field: api.AttachmentsField, Text: "a file"}, {Field: api.TurnstileField, Text: "the check"}}}
	for _, f := range schemas.FormSpec().Fields {
		failed.Problems = append(failed.Problems, report.Problem{Field: f.Name, Code: report.Required})
	}
	written := map[string]bool{}
	for _, render := range []func(io.Writer) error{
		func(w io.Writer) error { return s.RenderForm(w, formhtml.Form{Lang: "en"}) },
		func(w io.Writer) error { return s.RenderForm(w, failed) },
		func(w io.Writer) error {
			return s.RenderReceipt(w, formhtml.Receipt{Lang: "en", Reference: "AD-20261123-7K3M9Q", Deadlines: []string{"By then."},
				Notes: i18n.ReceiptNotes{StatusURL: "https://example.com/en/status/?ref=AD-20261123-7K3M9Q&token=x"}})
		},
		// The status page: its form, the form again with a problem, and a report's status
		// with a state reached, the current one, one not yet and a decision.
		func(w io.Writer) error { return renderStatus(t, s, w, nil) },
		func(w io.Writer) error {
			return renderStatus(t, s, w, func(r *formhtml.Renderer, page []byte) ([]byte, error) {
				return r.StatusFormPage(page, "en", "Nothing matched.")
			})
		},
		func(w io.Writer) error {
			return renderStatus(t, s, w, func(r *formhtml.Renderer, page []byte) ([]byte, error) {
				return r.StatusPage(page, formhtml.Status{Lang: "en", Reference: "AD-20261123-7K3M9Q", Steps: []formhtml.StatusStep{
					{Title: "Received", At: "then"}, {Title: "Decided", At: "later", Current: true}, {Title: "Else"},
				}, Decision: &formhtml.StatusDecision{Title: "Done", Details: []string{"Measure."}}, Deadlines: []string{"By then."}})
			})
		},
	} {
		var page bytes.Buffer
		if err := render(&page); err != nil {
			t.Fatal(err)
		}
		main, err := formhtml.Region(page.Bytes(), "main")
		if err != nil {
			t.Fatal(err)
		}
		attributes(written, main, classAttribute)
	}
	known := classes(t)
	for c := range written {
		if known[c] == "" {
			t.Errorf("the form writes the class %q, which package dom does not define", c)
		}
	}
	module := moduleUses(t)
	for c, name := range known {
		if !written[c] && !module[name] {
			t.Errorf("package dom defines the class %q (%s), which neither the form writes nor the module sets", c, name)
		}
	}
}

// A script names a class in a selector (querySelector('.trap input'), closest('.trap')),
// in classList's methods, or as a className.
var (
	quoted     = "['\"`]([^'\"`]*)['\"`]"
	jsSelector = regexp.MustCompile(`\b(?:querySelector|querySelectorAll|closest|matches)\(\s*` + quoted)
	jsClass    = regexp.MustCompile(`\b(?:classList\.(?:add|remove|toggle|contains|replace)\(\s*|getElementsByClassName\(\s*|className\s*[:=]\s*)` + quoted)
	// In the module's Go: Call("querySelector", "…"), Get("classList").Call("toggle", "…"),
	// Set("className", "…").
	goSelector = regexp.MustCompile(`"(?:querySelector|querySelectorAll|closest|matches)",\s*"([^"]*)"`)
	goClass    = regexp.MustCompile(`(?:"classList"\)\.Call\("(?:add|remove|toggle|contains|replace)"|"className"),\s*"([^"]*)"`)
	// A class in a selector, outside an attribute's value.
	selectorClass = regexp.MustCompile(`\.(-?[_a-zA-Z][\w-]*)`)
)

// scriptClasses is the classes src names, by selector and by class name.
func scriptClasses(src []byte, selector, class *regexp.Regexp) []string {
	var out []string
	for _, m := range selector.FindAllSubmatch(src, -1) {
		for _, c := range selectorClass.FindAllSubmatch(m[1], -1) {
			out = append(out, string(c[1]))
		}
	}
	for _, m := range class.FindAllSubmatch(src, -1) {
		for _, c := range strings.Fields(string(m[1])) {
			out = append(out, c)
		}
	}
	return out
}

// TestScriptsNameOnlyTheseClasses: wasm/form.js and site/assets/typo.js, which cannot import
// package dom, name no class it does not define; the module, which can, types none out.
func TestScriptsNameOnlyTheseClasses(t *testing.T) {
	known := classes(t)
	for _, file := range []string{"../wasm/form.js", "assets/typo.js"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		found := scriptClasses(src, jsSelector, jsClass)
		if len(found) == 0 {
			t.Errorf("%s names no class: has the way it does changed?", file)
		}
		for _, c := range found {
			if known[c] == "" {
				t.Errorf("%s names the class %q, which package dom does not define", file, c)
			}
		}
	}
	files, err := filepath.Glob("../wasm/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range scriptClasses(src, goSelector, goClass) {
			t.Errorf("%s types the class %q: name package dom's constant (%s)", file, c, known[c])
		}
	}
}

// TestStylesheetStylesOnlyWrittenClasses: every class and id app.css styles is one a page
// of the site writes, or, for a class, one of package dom's, which the scripts set.
func TestStylesheetStylesOnlyWrittenClasses(t *testing.T) {
	s, err := site.Load(content.FS(), formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := s.Build(dir); err != nil {
		t.Fatal(err)
	}
	written, writtenIDs := map[string]bool{}, map[string]bool{}
	for c := range classes(t) {
		written[c] = true
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, ".html") {
			return err
		}
		page, err := os.ReadFile(path)
		attributes(written, page, classAttribute)
		attributes(writtenIDs, page, idAttribute)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	css, err := os.ReadFile("assets/app.css")
	if err != nil {
		t.Fatal(err)
	}
	// The selectors are what is left without comments and declaration blocks (which hold
	// no braces; an at-rule's block keeps its rules' selectors).
	css = regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAll(css, nil)
	selectors := regexp.MustCompile(`\{[^{}]*\}`).ReplaceAll(css, []byte("\n"))
	styled := selectorClass.FindAllSubmatch(selectors, -1)
	if len(styled) < 10 {
		t.Fatalf("found %d classes in app.css: has the way it is read broken?", len(styled))
	}
	for _, m := range styled {
		if !written[string(m[1])] {
			t.Errorf("app.css styles the class %q, which no page writes and package dom does not define", m[1])
		}
	}
	for _, m := range regexp.MustCompile(`#(-?[_a-zA-Z][\w-]*)`).FindAllSubmatch(selectors, -1) {
		if !writtenIDs[string(m[1])] {
			t.Errorf("app.css styles the id %q, which no page writes", m[1])
		}
	}
}

// renderStatus writes the status page the generator writes, as edit (the Worker's) changes
// it; as it is when edit is nil.
func renderStatus(t *testing.T, s *site.Site, w io.Writer, edit func(r *formhtml.Renderer, page []byte) ([]byte, error)) error {
	t.Helper()
	p, ok := s.Page("en", api.StatusPage)
	if !ok {
		t.Fatal("no status page in en")
	}
	var page bytes.Buffer
	if err := s.RenderPage(&page, p); err != nil {
		return err
	}
	out := page.Bytes()
	if edit != nil {
		c := contenttest.Bundle(t)
		var err error
		if out, err = edit(formhtml.New(c.Rules, c.Provider, schemas.FormSpec(), c.Messages, formhtml.Options{}), out); err != nil {
			return err
		}
	}
	_, err := w.Write(out)
	return err
}
