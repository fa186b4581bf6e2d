package intake

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"abusedesk/schemas/api"
)

// is says whether w is the answer o: its status and, for a JSON answer, the code it
// carries (none, for a success's).
func is(w *httptest.ResponseRecorder, o api.Outcome) bool {
	if w.Code != o.Status {
		return false
	}
	if w.Header().Get("Content-Type") != "application/json" {
		return true
	}
	var a struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		return false
	}
	return a.Error == o.Code || a.Error == "" && o.Status < 300
}

// named is o as a test says it: its name in the table, its status and code.
func named(o api.Outcome) string {
	v := reflect.ValueOf(api.Outcomes)
	for i := range v.NumField() {
		if v.Field(i).Interface() == o {
			return fmt.Sprintf("%s (%d %s)", v.Type().Field(i).Name, o.Status, o.Code)
		}
	}
	return fmt.Sprintf("%+v, of no row of api.Outcomes", o)
}

// TestIsTellsOutcomesApart: is holds a JSON answer to its code, so two outcomes of one
// status are told apart.
func TestIsTellsOutcomesApart(t *testing.T) {
	f := newFixture(t)
	w := f.do("POST", api.ReportsPath, "application/json", "{", "Accept-Language", "en")
	if !is(w, api.Outcomes.Unreadable) || is(w, api.Outcomes.BadKey) || is(w, api.Outcomes.Accepted) {
		t.Errorf("%d %s: is Unreadable %v, BadKey %v", w.Code, w.Body, is(w, api.Outcomes.Unreadable), is(w, api.Outcomes.BadKey))
	}
	if got, want := named(api.Outcomes.KeyReused), fmt.Sprintf("KeyReused (%d %s)", api.Outcomes.KeyReused.Status, api.Outcomes.KeyReused.Code); got != want {
		t.Errorf("named: %s", got)
	}
}

// statusReaders are the places in the Worker's code that name a status without choosing
// one for an answer, by file (from worker/) and name.
var statusReaders = map[string][]string{
	// The glue to workerd: net/http's 200 for a handler that writes without WriteHeader,
	// and the statuses whose Response must have no body.
	"entry/entry.go": {"StatusOK", "StatusSwitchingProtocols", "StatusNoContent", "StatusResetContent", "StatusNotModified"},
}

// TestStatusesAreChosenFromTheTable fails on a status chosen outside api.Outcomes in the
// Worker's code (worker/, its tests and the benchmarks' yardstick aside): an http.Status…
// constant, a number given to WriteHeader, http.Error or http.Redirect, or http.NotFound,
// which chooses its own. It reads every file, whatever its build constraints.
func TestStatusesAreChosenFromTheTable(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	read := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "node", "bench", "test", "testdata":
				return filepath.SkipDir
			}
			if strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		read++
		httpName := ""
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "net/http" {
				httpName = "http"
				if imp.Name != nil {
					httpName = imp.Name.Name
				}
			}
		}
		isHTTP := func(e ast.Expr, names ...string) (string, bool) {
			sel, ok := e.(*ast.SelectorExpr)
			if !ok {
				return "", false
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok || httpName == "" || x.Name != httpName {
				return "", false
			}
			for _, n := range names {
				if sel.Sel.Name == n || n == "Status*" && strings.HasPrefix(sel.Sel.Name, "Status") && sel.Sel.Name != "StatusText" {
					return sel.Sel.Name, true
				}
			}
			return "", false
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if name, ok := isHTTP(n, "Status*"); ok {
					allowed := false
					for _, a := range statusReaders[rel] {
						allowed = allowed || a == name
					}
					if !allowed {
						t.Errorf("%s: http.%s: choose the answer's status from api.Outcomes", fset.Position(n.Pos()), name)
					}
				}
			case *ast.CallExpr:
				if _, ok := isHTTP(n.Fun, "NotFound", "NotFoundHandler"); ok {
					t.Errorf("%s: http.NotFound chooses its own status: answer api.Outcomes.PlainNotFound", fset.Position(n.Pos()))
				}
				name := ""
				switch fun := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fun.Sel.Name
				case *ast.Ident:
					name = fun.Name
				}
				if name != "WriteHeader" && name != "Error" && name != "Redirect" {
					return true
				}
				for _, arg := range n.Args {
					if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.INT {
						if v, _ := strconv.Atoi(lit.Value); v >= 100 && v <= 599 {
							t.Errorf("%s: status %s given to %s: choose it from api.Outcomes", fset.Position(lit.Pos()), lit.Value, name)
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if read < 20 {
		t.Fatalf("read %d Go files of the Worker: is worker/ where the test looks?", read)
	}
}
