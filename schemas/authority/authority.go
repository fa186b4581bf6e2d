// Package authority is the authority on what a valid report or typo note is: their JSON
// Schemas compiled with santhosh-tekuri/jsonschema, formats asserted, their problems named
// as both validators name them (report.Problem) and given in the form's order. The
// browser's small validator (schemas/browsercheck) is held to it by shared vectors and a
// fuzz test here.
package authority

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"abusedesk/schemas"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/report"
)

// Validator checks documents against one schema. It is the authority: what it accepts is
// valid, whatever the browser said.
type Validator struct {
	schema *jsonschema.Schema
	// spec lists the schema's properties in order, the order problems are given in.
	spec *browsercheck.Spec
}

// Report compiles the report schema, with formats asserted, after checking the schema
// itself against its draft's metaschema.
func Report() (*Validator, error) {
	return compile("report.schema.json", schemas.ReportSchema(), schemas.FormSpec(), checked)
}

// Typo compiles the schema of a reader's typo note, with formats asserted, after checking
// the schema itself against its draft's metaschema.
func Typo() (*Validator, error) {
	return compile("typo.schema.json", schemas.TypoSchema(), schemas.TypoSpec(), checked)
}

// ReportBuiltIn is Report without checking the schema against its metaschema: for the
// Worker's authority module, whose schema is built in and checked by this package's tests
// (TestBuiltInSchemasMeetTheirMetaschema; FuzzBuiltInAgrees holds the two validators to one
// verdict). That check is three quarters of compiling the schema, about 0.1-0.4 s of a
// fresh isolate's first report (README, Performance).
func ReportBuiltIn() (*Validator, error) {
	return compile("report.schema.json", schemas.ReportSchema(), schemas.FormSpec(), builtIn)
}

// TypoBuiltIn is Typo without checking the schema against its metaschema, as ReportBuiltIn.
func TypoBuiltIn() (*Validator, error) {
	return compile("typo.schema.json", schemas.TypoSchema(), schemas.TypoSpec(), builtIn)
}

// How compile adds a schema: checked against its metaschema, or as built in.
const (
	checked = iota
	builtIn
)

// builtInBase is where a built-in schema is added. santhosh-tekuri/jsonschema checks every
// schema it is given against its draft's metaschema except those under json-schema.org
// (roots.addRoot in v6: the metaschemas themselves, which it trusts), and offers no option
// to skip the check otherwise. No metaschema lives at this path (the library refuses to add
// one that does), the schemas' own $id stays what names their resources, and what a
// document is judged by, the compiled schema, is the same.
const builtInBase = "https://json-schema.org/abusedesk-built-in/"

func compile(name string, schema []byte, spec *browsercheck.Spec, how int) (*Validator, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if how == builtIn {
		name = builtInBase + name
	}
	if err := c.AddResource(name, doc); err != nil {
		return nil, fmt.Errorf("adding %s: %w", name, err)
	}
	s, err := c.Compile(name)
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", name, err)
	}
	return &Validator{schema: s, spec: spec}, nil
}

// Validate checks a decoded JSON document (as encoding/json decodes into any, or as
// schemas.Normalize makes it) and returns its problems in the schema's property order (the form's
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
