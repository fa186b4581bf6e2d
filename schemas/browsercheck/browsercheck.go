// Package browsercheck is the small validator that runs in the browser: it checks a
// report's fields against a Spec, the few constraints of report.schema.json that a form
// needs (required, maxLength, pattern, format email, enum). The Spec is also the form's
// view of the schema that the site generator and the Worker write the form from.
//
// It exists for the browser, where the authority (schemas/authority, on
// santhosh-tekuri/jsonschema) would cost a reporter's phone a megabyte and half a second. It uses
// no reflection, encoding/json, fmt or regexp; the caller supplies the pattern matcher
// (Go's regexp natively, the browser's RegExp in the module). Package schemas/authority proves
// the two validators agree on a shared set of vectors.
package browsercheck

import (
	"strings"
	"unicode/utf8"

	"abusedesk/schemas/report"
)

// Spec is what the form knows of the schema, fields in the form's order.
type Spec struct {
	Fields []Field `json:"fields"`
	// When are the schema's if/then rules: more fields required when one has a value.
	When []Condition `json:"when,omitempty"`
}

// Condition is one if/then of the schema: when Field has the value Is (and, where AndField
// is set, AndField has the value AndIs), the fields Require must be filled in too (a
// category's evidence; a rights holder's documents in a category of rights).
type Condition struct {
	Field    string   `json:"field"`
	Is       string   `json:"is"`
	AndField string   `json:"andField,omitempty"`
	AndIs    string   `json:"andIs,omitempty"`
	Require  []string `json:"require"`
}

// Holds reports whether the values (value reads one, as Normalize leaves it) meet c's if.
func (c *Condition) Holds(value func(field string) string) bool {
	return value(c.Field) == c.Is && (c.AndField == "" || value(c.AndField) == c.AndIs)
}

// RequiredIn reports whether the named field must be filled in, given the form's values
// (value reads one, as Normalize leaves it): always, or by a Condition that holds.
func (s *Spec) RequiredIn(name string, value func(field string) string) bool {
	if f, ok := s.Field(name); ok && f.Required {
		return true
	}
	for i := range s.When {
		if c := &s.When[i]; contains(c.Require, name) && c.Holds(value) {
			return true
		}
	}
	return false
}

// Conditional reports whether some Condition can require the named field.
func (s *Spec) Conditional(name string) bool {
	for _, c := range s.When {
		if contains(c.Require, name) {
			return true
		}
	}
	return false
}

// Field is one property of the report and its constraints.
type Field struct {
	Name      string   `json:"name"`
	Required  bool     `json:"required,omitempty"`
	MaxLength int      `json:"maxLength,omitempty"`
	Pattern   string   `json:"pattern,omitempty"`
	Format    string   `json:"format,omitempty"`
	Enum      []string `json:"enum,omitempty"`
	// Widget, Autocomplete and Group are the schema's x-widget, x-autocomplete and x-group
	// hints.
	Widget       string `json:"widget,omitempty"`
	Autocomplete string `json:"autocomplete,omitempty"`
	Group        string `json:"group,omitempty"`
	// First marks the questions the form asks before any other (the schema's x-first):
	// who is reporting and what about. The rest show once each is answered (Shown).
	First bool `json:"first,omitempty"`
}

// Field returns the named field.
func (s *Spec) Field(name string) (*Field, bool) {
	for i := range s.Fields {
		if s.Fields[i].Name == name {
			return &s.Fields[i], true
		}
	}
	return nil, false
}

// Matcher reports whether a value matches a compiled pattern.
type Matcher func(string) bool

// CompileFunc compiles a schema pattern (the ECMA-262 subset both engines share).
type CompileFunc func(pattern string) (Matcher, error)

// Checker validates values against a Spec.
type Checker struct {
	spec     *Spec
	patterns map[string]Matcher
}

// New compiles the Spec's patterns with compile.
func New(spec *Spec, compile CompileFunc) (*Checker, error) {
	c := &Checker{spec: spec, patterns: map[string]Matcher{}}
	for _, f := range spec.Fields {
		if f.Pattern == "" {
			continue
		}
		m, err := compile(f.Pattern)
		if err != nil {
			return nil, &PatternError{Field: f.Name, Err: err}
		}
		c.patterns[f.Name] = m
	}
	return c, nil
}

// PatternError is a schema pattern the engine could not compile.
type PatternError struct {
	Field string
	Err   error
}

func (e *PatternError) Error() string {
	return "browsercheck: pattern of field " + e.Field + ": " + e.Err.Error()
}

func (e *PatternError) Unwrap() error { return e.Err }

// Spec returns the spec the checker validates against.
func (c *Checker) Spec() *Spec { return c.spec }

// Check validates a whole form and returns its problems in the form's field order, at most
// one a field. Values are taken as Normalize leaves them: a blank value is a missing one.
func (c *Checker) Check(values map[string]string) []report.Problem {
	var ps []report.Problem
	value := func(field string) string { return values[field] }
	for i := range c.spec.Fields {
		f := &c.spec.Fields[i]
		if p, bad := c.checkField(f, values[f.Name], value); bad {
			ps = append(ps, p)
		}
	}
	return ps
}

// CheckField validates one field's value, as the reporter leaves it; value reads the
// form's other fields (as typed), on which the field's being required may depend.
func (c *Checker) CheckField(name string, value func(field string) string) (report.Problem, bool) {
	f, ok := c.spec.Field(name)
	if !ok {
		return report.Problem{Field: name, Code: report.Unknown}, true
	}
	normalized := func(field string) string { return Normalize(value(field)) }
	return c.checkField(f, normalized(name), normalized)
}

func (c *Checker) checkField(f *Field, v string, value func(string) string) (report.Problem, bool) {
	problem := func(code report.Code) (report.Problem, bool) {
		return report.Problem{Field: f.Name, Code: code}, true
	}
	if v == "" {
		if c.spec.RequiredIn(f.Name, value) {
			return problem(report.Required)
		}
		return report.Problem{}, false
	}
	if f.MaxLength > 0 && utf8.RuneCountInString(v) > f.MaxLength {
		return report.Problem{Field: f.Name, Code: report.TooLong, Limit: f.MaxLength}, true
	}
	if len(f.Enum) > 0 && !contains(f.Enum, v) {
		return problem(report.NotOneOf)
	}
	if f.Format == "email" && !IsEmail(v) {
		return problem(report.BadEmail)
	}
	if m := c.patterns[f.Name]; m != nil && !m(v) {
		if f.Format == "email" {
			return problem(report.BadEmail)
		}
		return problem(report.BadValue)
	}
	return report.Problem{}, false
}

// Normalize is what both validators do to a value first: surrounding white space goes.
func Normalize(v string) string { return strings.TrimSpace(v) }

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
