package content

import (
	"fmt"
	"io/fs"
	"path"
)

// ZoneDir holds, within the content tree, the TZif file of the rules' time zone: the
// Worker and the browser module have no zone database of their own, and a single zone is
// a kilobyte where Go's whole database (time/tzdata) is 450. `make generate` copies it
// from Go's database (content/zonegen); a test there fails when it is stale.
const ZoneDir = "zoneinfo"

// ZoneData returns the TZif file of the named zone from the content tree fsys.
func ZoneData(fsys fs.FS, name string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, path.Join(ZoneDir, name))
	if err != nil {
		return nil, fmt.Errorf("zone %s: %w", name, err)
	}
	return data, nil
}
