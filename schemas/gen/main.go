// Command gen writes the JSON Schemas of package schemas: report.schema.json, the schema of
// report.Report, and typo.schema.json, that of report.Typo, each completed from the rules
// data (which fields are required, which categories and languages exist); spec_gen.go,
// the form's view of each (schemas.FormSpec, schemas.TypoSpec), so that no program decodes
// a schema to start; report/names_gen.go, a constant for each field's name; and
// api/outcomes.json, the Worker's outcomes (api.Outcomes) for the tests in Node; and
// api/openapi.json, the machine reporters' API in OpenAPI 3.1 (openapi.go). Run it
// through `go generate ./schemas`.
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
	"slices"
	"strings"

	"github.com/invopop/jsonschema"

	"abusedesk/content"
	"abusedesk/content/bundle"
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
	c, err := content.Load(content.FS(), content.WithFields(report.Names(), report.Group(report.EvidenceGroup)))
	if err != nil {
		log.Fatal(err)
	}
	files, err := generate(c)
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
func generate(c *bundle.Bundle) ([]schemaFile, error) {
	rules := c.Rules
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
	names, err := namesSource()
	if err != nil {
		return nil, err
	}
	outcomes, err := outcomesSource()
	if err != nil {
		return nil, err
	}
	openAPI, err := openAPISource(c)
	if err != nil {
		return nil, err
	}
	return append(files, schemaFile{"spec_gen.go", spec}, schemaFile{namesFile, names}, schemaFile{outcomesFile, outcomes}, schemaFile{openAPIFile, openAPI}), nil
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

// reportSchema is the abuse report's schema: the rules say which fields are required,
// when, and which categories, requesters and languages exist.
func reportSchema(rules *policy.Rules) (*jsonschema.Schema, error) {
	s, props := schemaOf(&report.Report{})
	s.Title = "Abuse report"
	// A field of rules.Required that some category lets out is required by a condition on
	// the category, for every other category; the rest are required always.
	var always, byCategory []string
	for _, name := range rules.Required {
		if _, ok := props[name]; !ok {
			return nil, fmt.Errorf("%s: required field %q is not a field of the report", content.RulesFile, name)
		}
		if slices.ContainsFunc(rules.Categories, func(c policy.Category) bool { return slices.Contains(c.Optional, name) }) {
			byCategory = append(byCategory, name)
		} else {
			always = append(always, name)
		}
	}
	s.Required = append([]string{"lang"}, always...)
	for _, name := range always {
		// A required text must not be blank: presence alone lets "" through.
		props[name].MinLength = ptr(uint64(1))
	}
	props["lang"].Enum = anys(rules.Languages)
	props["category"].Enum = anys(rules.CategoryIDs())
	var requesters, channels []string
	for _, q := range rules.Requesters {
		requesters = append(requesters, q.ID)
	}
	props["requester"].Enum = anys(requesters)
	for _, c := range report.Channels {
		channels = append(channels, c.ID)
	}
	props["channel"].Enum = anys(channels)
	props["resource"].Pattern = report.ResourcePattern
	// If the category is X, then its evidence is required, the fields of rules.Required
	// it does not let out, and the rights declaration where it asks for one.
	for _, c := range rules.Categories {
		need := slices.Clone(c.Evidence)
		for _, name := range byCategory {
			if !slices.Contains(c.Optional, name) {
				need = append(need, name)
			}
		}
		if err := when(s, props, "category", c.ID, need); err != nil {
			return nil, fmt.Errorf("%s: category %q: %w", content.RulesFile, c.ID, err)
		}
		// A rights holder, and nobody else, declares their rights and proves them.
		for _, q := range rules.Requesters {
			if !rules.DeclaresRights(&c, &q) {
				continue
			}
			rights := append(slices.Clone(c.RightsEvidence), "rights_declaration")
			if err := whenBoth(s, props, [2]string{"category", c.ID}, [2]string{"requester", q.ID}, rights); err != nil {
				return nil, fmt.Errorf("%s: category %q: %w", content.RulesFile, c.ID, err)
			}
		}
	}
	// Before a category is chosen, what most categories need is asked for: a report without
	// one is refused anyway, and should hear everything that is missing at once.
	if err := when(s, props, "category", "", byCategory); err != nil {
		return nil, err
	}
	// An authority names its case and who issued it.
	for _, q := range rules.Requesters {
		if q.Authority {
			if err := when(s, props, "requester", q.ID, report.AuthorityFields); err != nil {
				return nil, err
			}
		}
	}
	// Spam's evidence depends on how it came.
	for _, c := range report.Channels {
		if err := when(s, props, "channel", c.ID, c.Evidence); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// whenBoth adds to s the rule: if both fields have their values ({field, value} each),
// then the fields need are required, and not blank.
func whenBoth(s *jsonschema.Schema, props map[string]*jsonschema.Schema, a, b [2]string, need []string) error {
	then, err := thenRequired(props, need)
	if err != nil || then == nil {
		return err
	}
	cond := jsonschema.NewProperties()
	cond.Set(a[0], &jsonschema.Schema{Const: a[1]})
	cond.Set(b[0], &jsonschema.Schema{Const: b[1]})
	s.AllOf = append(s.AllOf, &jsonschema.Schema{
		If:   &jsonschema.Schema{Properties: cond, Required: []string{a[0], b[0]}},
		Then: then,
	})
	return nil
}

// thenRequired is the then of a rule requiring need, each not blank; nil for none.
func thenRequired(props map[string]*jsonschema.Schema, need []string) (*jsonschema.Schema, error) {
	if len(need) == 0 {
		return nil, nil
	}
	then := &jsonschema.Schema{Required: need, Properties: jsonschema.NewProperties()}
	for _, name := range need {
		if _, ok := props[name]; !ok {
			return nil, fmt.Errorf("%q is not a field of the report", name)
		}
		then.Properties.Set(name, &jsonschema.Schema{MinLength: ptr(uint64(1))})
	}
	return then, nil
}

// when adds to s the rule: if field has the value is (is "": if field is not there), then
// the fields need are required, and, like every required text, not blank.
func when(s *jsonschema.Schema, props map[string]*jsonschema.Schema, field, is string, need []string) error {
	then, err := thenRequired(props, need)
	if err != nil || then == nil {
		return err
	}
	if is == "" {
		s.AllOf = append(s.AllOf, &jsonschema.Schema{
			If:   &jsonschema.Schema{Not: &jsonschema.Schema{Required: []string{field}}},
			Then: then,
		})
		return nil
	}
	cond := jsonschema.NewProperties()
	cond.Set(field, &jsonschema.Schema{Const: is})
	s.AllOf = append(s.AllOf, &jsonschema.Schema{
		If:   &jsonschema.Schema{Properties: cond, Required: []string{field}},
		Then: then,
	})
	return nil
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
