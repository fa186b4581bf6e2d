package schemas

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"abusedesk/schemas/formcheck"
)

//go:embed report.schema.json
var reportSchema []byte

//go:embed typo.schema.json
var typoSchema []byte

// ReportSchema returns the report's JSON Schema as the file holds it.
func ReportSchema() []byte { return bytes.Clone(reportSchema) }

// TypoSchema returns the typo note's JSON Schema as the file holds it.
func TypoSchema() []byte { return bytes.Clone(typoSchema) }

// TypoSpec reads the typo note's schema as FormSpec reads the report's: its properties in
// order, the order its problems are given in.
func TypoSpec() (*formcheck.Spec, error) { return specOf("typo.schema.json", typoSchema) }

// Normalize turns submitted values into the document the schema judges: values are
// trimmed, and blank ones are dropped, so a blank required field is a missing one.
func Normalize(values map[string]string) map[string]any {
	doc := make(map[string]any, len(values))
	for k, v := range values {
		if v = formcheck.Normalize(v); v != "" {
			doc[k] = v
		}
	}
	return doc
}

// FormSpec derives the form's view of the report schema: its properties in order, with
// the constraints package formcheck enforces and the x- hints the form is built from.
func FormSpec() (*formcheck.Spec, error) { return specOf("report.schema.json", reportSchema) }

// specOf reads a schema's properties, in order, as formcheck fields.
func specOf(name string, schema []byte) (*formcheck.Spec, error) {
	var s struct {
		Required   []string
		Properties orderedProps
		// AllOf holds the if/then rules the generator writes: if a property has a constant
		// value, then more properties are required.
		AllOf []struct {
			If struct {
				Properties map[string]struct {
					Const *string
				}
			}
			Then struct{ Required []string }
		}
	}
	if err := json.Unmarshal(schema, &s); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	spec := &formcheck.Spec{}
	for _, p := range s.Properties {
		f := p.Field
		f.Required = slices.Contains(s.Required, f.Name)
		spec.Fields = append(spec.Fields, f)
	}
	for i, rule := range s.AllOf {
		if len(rule.If.Properties) != 1 || len(rule.Then.Required) == 0 {
			return nil, fmt.Errorf("reading %s: allOf[%d] is not an if {a property's const} then {required} rule", name, i)
		}
		for field, p := range rule.If.Properties {
			if p.Const == nil {
				return nil, fmt.Errorf("reading %s: allOf[%d]: the if has no const", name, i)
			}
			spec.When = append(spec.When, formcheck.Condition{Field: field, Is: *p.Const, Require: rule.Then.Required})
		}
	}
	return spec, nil
}

// orderedProps decodes the schema's "properties" keeping their order, which is the form's.
type orderedProps []struct{ formcheck.Field }

func (o *orderedProps) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		var p struct {
			MaxLength    int      `json:"maxLength"`
			Pattern      string   `json:"pattern"`
			Format       string   `json:"format"`
			Enum         []string `json:"enum"`
			Widget       string   `json:"x-widget"`
			Autocomplete string   `json:"x-autocomplete"`
			Group        string   `json:"x-group"`
		}
		if err := dec.Decode(&p); err != nil {
			return fmt.Errorf("property %v: %w", key, err)
		}
		name, _ := key.(string)
		*o = append(*o, struct{ formcheck.Field }{formcheck.Field{
			Name: name, MaxLength: p.MaxLength, Pattern: p.Pattern, Format: p.Format,
			Enum: p.Enum, Widget: p.Widget, Autocomplete: strings.TrimSpace(p.Autocomplete),
			Group: p.Group,
		}})
	}
	_, err := dec.Token()
	return err
}
