// Command zonegen copies the TZif file of the rules' time zone from Go's zone database
// into content/zoneinfo, for the programs that have no database of their own. Run it
// through `go generate ./content` (make generate).
package main

import (
	"archive/zip"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"

	"abusedesk/content"
)

func main() {
	log.SetFlags(0)
	c, err := content.Load(os.DirFS("."), content.WithZones(goZoneData))
	if err != nil {
		log.Fatal(err)
	}
	name := c.Rules.Location.String()
	out := filepath.Join(content.ZoneDir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(out, c.Zone, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("zonegen: wrote %s (%d bytes)", out, len(c.Zone))
}

// goZoneData returns the named zone's TZif file from the database Go ships.
func goZoneData(name string) ([]byte, error) {
	zr, err := zip.OpenReader(filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip"))
	if err != nil {
		return nil, fmt.Errorf("zone %s: opening Go's zone database: %w", name, err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		return nil, fmt.Errorf("zone %s: %w", name, err)
	}
	defer f.Close()
	return io.ReadAll(f)
}
