package content

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// ZoneData returns the TZif file of the named time zone, for programs (the browser module)
// that have no zone database: from the system's, else from the one Go ships.
func ZoneData(name string) ([]byte, error) {
	if data, err := os.ReadFile(filepath.Join("/usr/share/zoneinfo", name)); err == nil {
		return data, nil
	}
	zr, err := zip.OpenReader(filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip"))
	if err != nil {
		return nil, fmt.Errorf("zone %s: no zone database: %w", name, err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		return nil, fmt.Errorf("zone %s: %w", name, err)
	}
	defer f.Close()
	return io.ReadAll(f)
}
