package content_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// module is the import path of the module; its packages live in the folders below.
const module = "abusedesk"

// layers are the module's top folders, bottom first: the data and rules the legal team
// edits (content), the contracts made from them (schemas), then the programs: the site
// generator, whose form and page packages the Worker shares so that it writes the pages
// the generator wrote (site), and the browser module and the Worker (wasm, worker), which
// share nothing with each other.
var layers = map[string]int{"content": 0, "schemas": 1, "site": 2, "wasm": 3, "worker": 3}

// TestImportsRunOneWay fails on an import that runs against the layers: a package may
// import its own folder's packages and those of the layers below it, never one above or
// beside. Test files are held to it too. It reads every Go file's imports, whatever the
// build constraints, so the browser's and the Worker's code (GOOS=js) is read as well.
func TestImportsRunOneWay(t *testing.T) {
	root := filepath.Join("..")
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		from := strings.Split(filepath.ToSlash(rel), "/")[0]
		rank, ok := layers[from]
		if !ok {
			t.Errorf("%s: Go code outside the layers %v", rel, layers)
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			rest, ok := strings.CutPrefix(p, module+"/")
			if !ok {
				continue
			}
			to := strings.Split(rest, "/")[0]
			if to != from && layers[to] >= rank {
				t.Errorf("%s imports %s: %s (layer %d) may import only %s's own packages and those of the layers below it", rel, p, from, rank, from)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("read %d Go files: is the module's root where the test looks?", checked)
	}
}
