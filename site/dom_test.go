package site_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"abusedesk/content"
	"abusedesk/schemas"
	"abusedesk/schemas/dom"
	"abusedesk/site"
	"abusedesk/site/formhtml"
)

// ids reads the ids package dom defines from its source, so the test cannot forget one.
func ids(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../schemas/dom/dom.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			if strings.HasSuffix(v.Names[0].Name, "Class") {
				continue // a class, not an id
			}
			lit := v.Values[0].(*ast.BasicLit)
			id, _ := strconv.Unquote(lit.Value)
			out = append(out, id)
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %d ids in dom.go", len(out))
	}
	return out
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
