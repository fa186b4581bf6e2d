// Package contenttest gives tests what the programs load at start: the content shipped in
// content/ (rules, provider, XARF mapping, zone), loaded once per test binary.
package contenttest

import (
	"sync"
	"testing"

	"abusedesk/content"
	"abusedesk/content/bundle"
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
