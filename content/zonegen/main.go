// Command zonegen copies the TZif file of the rules' time zone from Go's zone database
// into content/zoneinfo, for the programs that have no database of their own. Run it
// through `go generate ./content` (make generate).
package main

import (
	"log"
	"os"
	"path/filepath"

	"abusedesk/content"
)

func main() {
	log.SetFlags(0)
	rules, err := content.LoadRules(os.DirFS("."))
	if err != nil {
		log.Fatal(err)
	}
	name := rules.Location.String()
	data, err := content.GoZoneData(name)
	if err != nil {
		log.Fatal(err)
	}
	out := filepath.Join(content.ZoneDir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("zonegen: wrote %s (%d bytes)", out, len(data))
}
