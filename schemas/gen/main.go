// Command gen writes the JSON Schemas of package schemas: report.schema.json, the schema of
// report.Report, and typo.schema.json, that of report.Typo, each completed from the rules
// data (which fields are required, which categories and languages exist); and
// spec_gen.go, the form's view of each (schemas.FormSpec, schemas.TypoSpec), so that no
// program decodes a schema to start. Run it through
// `go generate ./schemas`.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/invopop/jsonschema"

	"abusedesk/content"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// schemaBase is where the contracts' identifiers live; they are names, never fetched.
const schemaBase = "https://abusedesk.invalid/schemas/"

// schemaFile is one schema as its file holds it.
type schemaFile struct {
	name string
	data []byte
}

func main() {
	dir := flag.String("dir", ".", "folder to write the schemas into")
	flag.Parse()
	c, err := content.Load(content.FS())
	if err != nil {
		log.Fatal(err)
	}
	files, err := generate(c.Rules)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*dir, f.name), f.data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// generate returns every schema as its file holds it.
func generate(rules *policy.Rules) ([]schemaFile, error) {
	var files []schemaFile
	for _, g := range []struct {
		name string
		make func(*policy.Rules) (*jsonschema.Schema, error)
	}{
		{"report.schema.json", reportSchema},
		{"typo.schema.json", typoSchema},
	} {
		s, err := g.make(rules)
		if err != nil {
			return nil, err
		}
		s.ID = jsonschema.ID(schemaBase + g.name)
		data, err := encode(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.name, err)
		}
		files = append(files, schemaFile{g.name, data})
	}
	spec, err := specSource(files, map[string]string{"report.schema.json": "reportSpec", "typo.schema.json": "typoSpec"})
	if err != nil {
		return nil, err
	}
	return append(files, schemaFile{"spec_gen.go", spec}), nil
}

// schemaOf makes the schema of a struct, its properties in the struct's order.
func schemaOf(v any) (*jsonschema.Schema, map[string]*jsonschema.Schema) {
	r := jsonschema.Reflector{ExpandedStruct: true, DoNotReference: true}
	s := r.Reflect(v)
	props := map[string]*jsonschema.Schema{}
	for pair := s.Properties.Oldest(); pair != nil; pair = pair.Next() {
		props[pair.Key] = pair.Value
	}
	return s, props
}

// reportSchema is the abuse report's schema: the rules say which fields are required and
// which categories and languages exist.
func reportSchema(rules *policy.Rules) (*jsonschema.Schema, error) {
	s, props := schemaOf(&report.Report{})
	s.Title = "Abuse report"
	s.Required = append([]string{"lang"}, rules.Required...)
	for _, name := range rules.Required {
		p, ok := props[name]
		if !ok {
			return nil, fmt.Errorf("%s: required field %q is not a field of the report", content.RulesFile, name)
		}
		// A required text must not be blank: presence alone lets "" through.
		p.MinLength = ptr(uint64(1))
	}
	props["lang"].Enum = anys(rules.Languages)
	props["category"].Enum = anys(rules.CategoryIDs())
	// Each category's evidence: if the category is X, then these fields are required, and,
	// like every required text, not blank.
	for _, c := range rules.Categories {
		if len(c.Evidence) == 0 {
			continue
		}
		then := &jsonschema.Schema{Required: c.Evidence, Properties: jsonschema.NewProperties()}
		for _, name := range c.Evidence {
			if _, ok := props[name]; !ok {
				return nil, fmt.Errorf("%s: category %q: evidence %q is not a field of the report", content.RulesFile, c.ID, name)
			}
			then.Properties.Set(name, &jsonschema.Schema{MinLength: ptr(uint64(1))})
		}
		cond := jsonschema.NewProperties()
		cond.Set("category", &jsonschema.Schema{Const: c.ID})
		s.AllOf = append(s.AllOf, &jsonschema.Schema{
			If:   &jsonschema.Schema{Properties: cond, Required: []string{"category"}},
			Then: then,
		})
	}
	return s, nil
}

// typoSchema is the typo note's schema: its required fields are those without omitempty,
// and its page must be a page path in one of the rules' languages.
func typoSchema(rules *policy.Rules) (*jsonschema.Schema, error) {
	s, props := schemaOf(&report.Typo{})
	s.Title = "Typo note"
	props["lang"].Enum = anys(rules.Languages)
	quoted := make([]string, len(rules.Languages))
	for i, lang := range rules.Languages {
		quoted[i] = regexp.QuoteMeta(lang)
	}
	// The site's paths: /uk/, /uk/policy/, /uk/404.html.
	props["page"].Pattern = "^/(" + strings.Join(quoted, "|") + ")/([a-z0-9-]+/)*([a-z0-9-]+[.]html)?$"
	return s, nil
}

func encode(s *jsonschema.Schema) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encoding schema: %w", err)
	}
	return buf.Bytes(), nil
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func ptr[T any](v T) *T { return &v }
