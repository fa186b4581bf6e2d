package main

import (
	"bytes"
	"testing"

	"abusedesk/content"
)

// TestEmbeddedZoneIsCurrent fails when content/zoneinfo is not the rules' zone as Go's
// database has it: after a change of time_zone or of Go, run make generate.
func TestEmbeddedZoneIsCurrent(t *testing.T) {
	c, err := content.Load(content.FS())
	if err != nil {
		t.Fatal(err)
	}
	want, err := goZoneData(c.Rules.Location.String())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.Zone, want) {
		t.Fatalf("content/zoneinfo/%s is stale: run make generate", c.Rules.Location)
	}
}
