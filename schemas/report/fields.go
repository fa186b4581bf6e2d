package report

import (
	"reflect"
	"slices"
	"strings"
	"sync"
)

// field is one property of Report: its name, as the JSON, the schema and the form name it
// (the json tag), its x-group, and where the struct keeps it.
type field struct {
	name, group string
	index       int
}

// fieldList holds Report's properties once read (fields).
var fieldList struct {
	once   sync.Once
	fields []field
}

// fields are Report's properties in the struct's order, which is the schema's and the
// form's. They are read from the type on first need, and not by the package's
// initialization: a program that never asks, such as the browser module, links no
// reflection for them and pays nothing at start.
func fields() []field {
	fieldList.once.Do(func() { fieldList.fields = readFields() })
	return fieldList.fields
}

func readFields() []field {
	t := reflect.TypeFor[Report]()
	out := make([]field, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		group := ""
		for _, extra := range strings.Split(f.Tag.Get("jsonschema_extras"), ",") {
			if g, ok := strings.CutPrefix(extra, "x-group="); ok {
				group = g
			}
		}
		out = append(out, field{name, group, i})
	}
	return out
}

// Names lists the report's fields, in the schema's order. The constants of names_gen.go
// name each one in code.
func Names() []string {
	var names []string
	for _, f := range fields() {
		names = append(names, f.name)
	}
	return names
}

// Group lists the fields of the x-group group (EvidenceGroup, AuthorityGroup), in order.
func Group(group string) []string {
	var names []string
	for _, f := range fields() {
		if f.group == group {
			names = append(names, f.name)
		}
	}
	return names
}

// Get returns the value of the field of that name; "" for a name the report does not have.
// Code that knows which field it wants reads it as a Go field (r.Email); Get is for code
// that goes through fields it is given by name, such as the schema's in the form's order.
func (r *Report) Get(name string) string {
	i := slices.IndexFunc(fields(), func(f field) bool { return f.name == name })
	if i < 0 {
		return ""
	}
	return reflect.ValueOf(r).Elem().Field(fields()[i].index).String()
}

// Set sets the field of that name to v, and says whether the report has such a field.
func (r *Report) Set(name, v string) bool {
	i := slices.IndexFunc(fields(), func(f field) bool { return f.name == name })
	if i < 0 {
		return false
	}
	reflect.ValueOf(r).Elem().Field(fields()[i].index).SetString(v)
	return true
}

// Decode makes the report of a document as the authority judges it (schemas.Normalize's
// or encoding/json's): its strings under the report's names. What is not a string, or not
// a field, the authority refuses; Decode leaves it out, so a document not yet judged
// decodes too, as far as it goes (the language and the category of a report sent back
// with its problems).
func Decode(doc map[string]any) Report {
	var r Report
	decode(reflect.ValueOf(&r).Elem(), doc)
	return r
}

// DecodeTypo makes the typo note of a document, as Decode does a report.
func DecodeTypo(doc map[string]any) Typo {
	var t Typo
	decode(reflect.ValueOf(&t).Elem(), doc)
	return t
}

// decode sets each string field of the struct v to the string doc has under its json name.
func decode(v reflect.Value, doc map[string]any) {
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if s, ok := doc[name].(string); ok {
			v.Field(i).SetString(s)
		}
	}
}

// FromFields makes the report of fields by name, as the Worker stored reports before
// Filed held a Report; names the report does not have are dropped.
func FromFields(values map[string]string) Report {
	var r Report
	for name, v := range values {
		r.Set(name, v)
	}
	return r
}
