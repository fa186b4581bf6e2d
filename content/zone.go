package content

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"time"
)

// ZoneDir holds, within the content tree, the TZif file of the rules' time zone: the
// Worker and the browser module have no zone database of their own, and a single zone is
// a kilobyte where Go's whole database (time/tzdata) is 450. `make generate` copies it
// from Go's database; a test fails when it is stale.
const ZoneDir = "zoneinfo"

// ZoneData returns the TZif file of the named zone from the content tree.
func ZoneData(name string) ([]byte, error) {
	data, err := fs.ReadFile(files, path.Join(ZoneDir, name))
	if err != nil {
		return nil, fmt.Errorf("zone %s is not in content/%s: run make generate: %w", name, ZoneDir, err)
	}
	return data, nil
}

// loadLocation loads a zone from the content tree, or else from the system.
func loadLocation(fsys fs.FS, name string) (*time.Location, error) {
	if fsys != nil {
		if data, err := fs.ReadFile(fsys, path.Join(ZoneDir, name)); err == nil {
			return time.LoadLocationFromTZData(name, data)
		}
	}
	return time.LoadLocation(name)
}

// GoZoneData returns the named zone's TZif file from the database Go ships, which is what
// make generate copies into the content tree.
func GoZoneData(name string) ([]byte, error) {
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
