package main

import (
	"bytes"
	"os"
	"testing"

	"abusedesk/content"
)

// TestSchemaIsCurrent fails when report.schema.json no longer matches the Go types and the
// rules: the committed contract must be what the code says.
func TestSchemaIsCurrent(t *testing.T) {
	rules, err := content.LoadRules(content.FS())
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(rules)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("schemas/report.schema.json is stale: run `make generate` (go generate ./schemas) and commit it")
	}
}
