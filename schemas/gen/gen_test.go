package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"abusedesk/content/contenttest"
)

// TestSchemasAreCurrent fails when a schema file no longer matches the Go types and the
// rules: the committed contracts must be what the code says.
func TestSchemasAreCurrent(t *testing.T) {
	files, err := generate(contenttest.Bundle(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Fatalf("generated %d files, want the report's and the typo note's schemas, spec_gen.go, report/names_gen.go, api/outcomes.json and api/openapi.json", len(files))
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join("..", f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.data) {
			t.Errorf("schemas/%s is stale: run `make generate` (go generate ./schemas) and commit it", f.name)
		}
	}
}
