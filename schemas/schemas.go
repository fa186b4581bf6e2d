package schemas

import (
	"bytes"
	_ "embed"
	"sync"

	"abusedesk/schemas/browsercheck"
)

//go:embed report.schema.json
var reportSchema []byte

//go:embed typo.schema.json
var typoSchema []byte

// ReportSchema returns the report's JSON Schema as the file holds it.
func ReportSchema() []byte { return bytes.Clone(reportSchema) }

// TypoSchema returns the typo note's JSON Schema as the file holds it.
func TypoSchema() []byte { return bytes.Clone(typoSchema) }

// TypoSpec is the typo note's schema as FormSpec is the report's: its properties in
// order, the order its problems are given in.
func TypoSpec() *browsercheck.Spec { return &typoSpec }

// Normalize turns submitted values into the document the schema judges: values are
// trimmed, and blank ones are dropped, so a blank required field is a missing one.
func Normalize(values map[string]string) map[string]any {
	doc := make(map[string]any, len(values))
	for k, v := range values {
		if v = browsercheck.Normalize(v); v != "" {
			doc[k] = v
		}
	}
	return doc
}

// FormSpec is the form's view of the report schema: its properties in order, with the
// constraints package browsercheck enforces and the x- hints the form is built from. It is
// read from the schema when `make generate` writes it (spec_gen.go), not when a program
// starts: decoding JSON is the most a fresh Worker would do before its first answer.
// Callers share it and must not change it.
func FormSpec() *browsercheck.Spec { return &reportSpec }

// FormVisibility is when each of the form's fields shows, worked out on first need.
func FormVisibility() *browsercheck.Visibility { return formVisibility() }

var formVisibility = sync.OnceValue(func() *browsercheck.Visibility { return FormSpec().Visibility() })
