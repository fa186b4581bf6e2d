package schemas

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"abusedesk/schemas/formcheck"
	"abusedesk/schemas/report"
)

//go:embed report.schema.json
var reportSchema []byte

//go:embed typo.schema.json
var typoSchema []byte

// ReportSchema returns the report's JSON Schema as the file holds it.
func ReportSchema() []byte { return bytes.Clone(reportSchema) }

// Validator checks documents against one schema. It is the authority: what it accepts is
// valid, whatever the browser said.
type Validator struct {
	schema *jsonschema.Schema
	// spec lists the schema's properties in order, the order problems are given in.
	spec *formcheck.Spec
}

// NewValidator compiles the report schema, with formats asserted.
func NewValidator() (*Validator, error) { return newValidator("report.schema.json", reportSchema) }

// NewTypoValidator compiles the schema of a reader's typo note, with formats asserted.
func NewTypoValidator() (*Validator, error) { return newValidator("typo.schema.json", typoSchema) }

func newValidator(name string, schema []byte) (*Validator, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		return nil, fmt.Errorf("adding %s: %w", name, err)
	}
	s, err := c.Compile(name)
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", name, err)
	}
	spec, err := specOf(name, schema)
	if err != nil {
		return nil, err
	}
	return &Validator{schema: s, spec: spec}, nil
}

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

// Validate checks a decoded JSON document (as encoding/json decodes into any, or as
// Normalize makes it) and returns its problems in the schema's property order (the form's
// field order for a report), at most one a field, or nil when it is valid.
func (v *Validator) Validate(doc any) []report.Problem {
	err := v.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []report.Problem{{Code: report.BadValue}}
	}
	byField := map[string]report.Problem{}
	v.collect(ve, byField)
	return v.ordered(byField)
}

func (v *Validator) collect(ve *jsonschema.ValidationError, byField map[string]report.Problem) {
	for _, cause := range ve.Causes {
		v.collect(cause, byField)
	}
	add := func(p report.Problem) {
		if old, ok := byField[p.Field]; !ok || p.Code == report.Required && old.Code != report.Required {
			byField[p.Field] = p
		}
	}
	field := ""
	if len(ve.InstanceLocation) > 0 {
		field = ve.InstanceLocation[0]
	}
	f, _ := v.spec.Field(field)
	switch k := ve.ErrorKind.(type) {
	case *kind.Required:
		for _, name := range k.Missing {
			add(report.Problem{Field: name, Code: report.Required})
		}
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			add(report.Problem{Field: name, Code: report.Unknown})
		}
	case *kind.MinLength:
		add(report.Problem{Field: field, Code: report.Required})
	case *kind.MaxLength:
		add(report.Problem{Field: field, Code: report.TooLong, Limit: k.Want})
	case *kind.Enum:
		add(report.Problem{Field: field, Code: report.NotOneOf})
	case *kind.Format, *kind.Pattern:
		code := report.BadValue
		if f != nil && f.Format == "email" {
			code = report.BadEmail
		}
		add(report.Problem{Field: field, Code: code})
	case *kind.Type:
		add(report.Problem{Field: field, Code: report.BadValue})
	}
}

// ordered lists the problems in the schema's property order, unknown properties last.
func (v *Validator) ordered(byField map[string]report.Problem) []report.Problem {
	var ps []report.Problem
	for _, f := range v.spec.Fields {
		if p, ok := byField[f.Name]; ok {
			ps = append(ps, p)
			delete(byField, f.Name)
		}
	}
	rest := make([]string, 0, len(byField))
	for name := range byField {
		rest = append(rest, name)
	}
	slices.Sort(rest)
	for _, name := range rest {
		ps = append(ps, byField[name])
	}
	return ps
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
