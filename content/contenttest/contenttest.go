// Package contenttest gives tests what the programs load at start: the content shipped in
// content/ (rules, provider, XARF mapping, zone) and the form's view of the report
// schema, loaded once per test binary.
package contenttest

import (
	"sync"
	"testing"

	"abusedesk/content"
	"abusedesk/content/bundle"
	"abusedesk/schemas"
	"abusedesk/schemas/formcheck"
)

var shipped = sync.OnceValues(func() (*bundle.Bundle, error) { return content.Load(content.FS()) })

// Bundle returns the shipped content, or fails the test. Tests share it: never change it.
func Bundle(t testing.TB) *bundle.Bundle {
	t.Helper()
	b, err := shipped()
	if err != nil {
		t.Fatalf("the shipped content does not load:\n%v", err)
	}
	return b
}

// Spec returns the form's view of the report schema, or fails the test.
func Spec(t testing.TB) *formcheck.Spec {
	t.Helper()
	return schemas.FormSpec()
}
