// Command gen writes schemas/report.schema.json: the JSON Schema of report.Report,
// completed from the rules data (which fields are required, which categories and
// languages exist). Run it through `go generate ./schemas`.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/invopop/jsonschema"

	"abusedesk/content"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// SchemaID names the contract; it is an identifier, never fetched.
const SchemaID = "https://abusedesk.invalid/schemas/report.schema.json"

func main() {
	out := flag.String("o", "report.schema.json", "file to write")
	flag.Parse()
	rules, err := content.LoadRules(content.FS())
	if err != nil {
		log.Fatal(err)
	}
	data, err := generate(rules)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

// generate returns the schema as the file holds it.
func generate(rules *policy.Rules) ([]byte, error) {
	r := jsonschema.Reflector{ExpandedStruct: true, DoNotReference: true}
	s := r.Reflect(&report.Report{})
	s.ID = SchemaID
	s.Title = "Abuse report"
	s.Required = append([]string{"lang"}, rules.Required...)

	props := map[string]*jsonschema.Schema{}
	for pair := s.Properties.Oldest(); pair != nil; pair = pair.Next() {
		props[pair.Key] = pair.Value
	}
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
