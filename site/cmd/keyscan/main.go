// Command keyscan finds the message keys abusedesk's code uses, so that `make check` can
// refuse a message nobody uses and a key used in code but missing from content/messages,
// and the site generator can give the browser module only the messages it speaks. It
// type-checks every package of the module, as the native build and as the browser's and
// the Worker's (GOOS=js GOARCH=wasm) see them, and lists each place a value of type
// i18n.Key is made: a constant key, or a conversion of a concatenation, whose parts not
// written out become * (i18n.Key("field." + name + ".label") is field.*.label). It reads
// the templates' {{t .Lang "…"}} too. Run it through `go generate ./site` (make generate).
//
// A key is the browser module's when the module is built with the package that makes it,
// but for the keys of the Worker's outcomes (api.Outcome's Key, in the table
// api.Outcomes): the module is built with the table, for its codes, and says none of its
// words, since it shows the message the Worker's answer carries.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/constant"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// module is the import path of the module scanned, i18nPath its catalog's package, and
// outcomeType the type of the Worker's outcomes, whose keys are the Worker's words alone.
const (
	module      = "abusedesk"
	i18nPath    = module + "/content/i18n"
	outcomePath = module + "/schemas/api"
	outcomeType = "Outcome"
)

func main() {
	out := flag.String("o", "keys_gen.go", "the Go file to write the list into")
	root := flag.String("root", "..", "the module's root folder")
	flag.Parse()
	log.SetFlags(0)
	uses, err := scan(*root)
	if err != nil {
		log.Fatal(err)
	}
	src, err := generate(uses)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("keyscan: %d uses of message keys written to %s", len(uses), *out)
}

// use is one place code makes a message key.
type use struct {
	Key string // a key, or a pattern with * for a part made at run time
	// File is where, from the module's root: a file and not its line, so that an edit
	// which moves a line leaves the generated list current.
	File string
	// Module says whether the browser module is built with the code.
	Module bool
}

// pkg is what `go list` says of one package.
type pkg struct {
	ImportPath string
	Dir        string
	Export     string
	GoFiles    []string
}

// build is one way the module is built: an environment and the packages built.
type build struct {
	env      []string
	patterns []string
}

// scan lists every use of a message key in the module under root, and in its templates.
func scan(root string) ([]use, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	// The browser module's packages, whose keys it must be given.
	inModule, err := list(root, []string{"GOOS=js", "GOARCH=wasm"}, "./wasm")
	if err != nil {
		return nil, err
	}
	moduleDeps := map[string]bool{}
	for _, p := range inModule {
		moduleDeps[p.ImportPath] = true
	}
	seen := map[use]bool{}
	var uses []use
	for _, b := range []build{
		{nil, []string{"./..."}},
		{[]string{"GOOS=js", "GOARCH=wasm"}, []string{"./wasm", "./worker"}},
	} {
		pkgs, err := list(root, b.env, b.patterns...)
		if err != nil {
			return nil, err
		}
		found, err := keysIn(root, pkgs, moduleDeps)
		if err != nil {
			return nil, err
		}
		for _, u := range found {
			if !seen[u] {
				seen[u] = true
				uses = append(uses, u)
			}
		}
	}
	tmpl, err := templateKeys(root)
	if err != nil {
		return nil, err
	}
	uses = append(uses, tmpl...)
	slices.SortFunc(uses, func(a, b use) int { return strings.Compare(a.Key+a.File, b.Key+b.File) })
	return slices.Compact(uses), nil
}

// list runs `go list -export -deps` for patterns in the environment env.
func list(root string, env []string, patterns ...string) ([]pkg, error) {
	cmd := exec.Command("go", append([]string{"list", "-e", "-export", "-deps", "-json=ImportPath,Dir,Export,GoFiles"}, patterns...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %v: %w: %s", patterns, err, stderr.Bytes())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			return pkgs, nil
		} else if err != nil {
			return nil, fmt.Errorf("reading go list: %w", err)
		}
		pkgs = append(pkgs, p)
	}
}

// keysIn type-checks the module's packages of pkgs against the export data go list built,
// and finds where they make keys.
func keysIn(root string, pkgs []pkg, moduleDeps map[string]bool) ([]use, error) {
	exports := map[string]string{}
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	var uses []use
	for _, p := range pkgs {
		if p.ImportPath != module && !strings.HasPrefix(p.ImportPath, module+"/") {
			continue
		}
		var files []*ast.File
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
		// The list this writes is itself code of package site: an old one, or none, must
		// not stop the scan, so type errors are passed over (the build finds real ones).
		conf := types.Config{Importer: imp, Error: func(error) {}}
		tp, _ := conf.Check(p.ImportPath, fset, files, info)
		key := keyType(tp)
		if key == nil {
			continue // a package that never names a message
		}
		workers := outcomeKeys(files, info)
		for expr, tv := range info.Types {
			if !types.Identical(tv.Type, key) {
				continue
			}
			k, ok := made(expr, tv, info)
			if !ok {
				continue
			}
			pos := fset.Position(expr.Pos())
			rel, _ := filepath.Rel(root, pos.Filename)
			uses = append(uses, use{Key: k, File: filepath.ToSlash(rel), Module: moduleDeps[p.ImportPath] && !workers[expr]})
		}
	}
	return uses, nil
}

// outcomeKeys finds the keys given as the Key of an outcome (api.Outcome) in files.
func outcomeKeys(files []*ast.File, info *types.Info) map[ast.Expr]bool {
	keys := map[ast.Expr]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			named, ok := info.Types[lit].Type.(*types.Named)
			if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != outcomePath || named.Obj().Name() != outcomeType {
				return true
			}
			fields, ok := named.Underlying().(*types.Struct)
			if !ok {
				return true
			}
			for i, el := range lit.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Key" {
						keys[kv.Value] = true
					}
				} else if i < fields.NumFields() && fields.Field(i).Name() == "Key" {
					keys[el] = true
				}
			}
			return true
		})
	}
	return keys
}

// keyType is i18n.Key as the package tp sees it, or nil when tp cannot see it.
func keyType(tp *types.Package) types.Type {
	if tp.Path() == i18nPath {
		return tp.Scope().Lookup("Key").Type()
	}
	for _, imp := range tp.Imports() {
		if imp.Path() == i18nPath {
			return imp.Scope().Lookup("Key").Type()
		}
	}
	return nil
}

// made returns the key, or pattern, an expression of type Key makes, and false for one
// that only passes a key made elsewhere on (a variable, a parameter, a field) and for the
// empty key, which names no message (an outcome without words).
func made(expr ast.Expr, tv types.TypeAndValue, info *types.Info) (string, bool) {
	if tv.Value != nil && tv.Value.Kind() == constant.String {
		if _, isLit := ast.Unparen(expr).(*ast.BasicLit); !isLit {
			return "", false // a named constant: its literal counts, not each use
		}
		k := constant.StringVal(tv.Value)
		return k, k != ""
	}
	call, ok := ast.Unparen(expr).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return "", false
	}
	if fun, ok := info.Types[call.Fun]; !ok || !fun.IsType() {
		return "", false
	}
	parts := concat(call.Args[0], info)
	if !slices.ContainsFunc(parts, func(p string) bool { return p != "*" }) {
		return "", false // Key(variable): a key from elsewhere, such as a template
	}
	return strings.Join(parts, ""), true
}

// concat splits a string expression into the parts written out and * for each part made
// at run time.
func concat(expr ast.Expr, info *types.Info) []string {
	expr = ast.Unparen(expr)
	if tv, ok := info.Types[expr]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return []string{constant.StringVal(tv.Value)}
	}
	if bin, ok := expr.(*ast.BinaryExpr); ok && bin.Op == token.ADD {
		return append(concat(bin.X, info), concat(bin.Y, info)...)
	}
	return []string{"*"}
}

var (
	templateKey     = regexp.MustCompile(`\{\{\s*t\s+\$?\.Lang\s+"([^"]+)"`)
	templatePattern = regexp.MustCompile(`\{\{\s*t\s+\$?\.Lang\s+\(printf\s+"([^"]+)"`)
)

// templateKeys finds the keys the site's templates name with their t function.
func templateKeys(root string) ([]use, error) {
	files, err := filepath.Glob(filepath.Join(root, "site", "templates", "*.html"))
	if err != nil {
		return nil, err
	}
	var uses []use
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(root, file)
		at := filepath.ToSlash(rel)
		for _, line := range strings.Split(string(data), "\n") {
			for _, m := range templateKey.FindAllStringSubmatch(line, -1) {
				uses = append(uses, use{Key: m[1], File: at})
			}
			for _, m := range templatePattern.FindAllStringSubmatch(line, -1) {
				uses = append(uses, use{Key: strings.ReplaceAll(m[1], "%s", "*"), File: at})
			}
		}
	}
	return uses, nil
}

// generate writes the Go file that lists the uses for package site.
func generate(uses []use) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by site/cmd/keyscan; DO NOT EDIT. Run make generate after changing\n")
	b.WriteString("// which messages the code uses.\n\npackage site\n\n")
	b.WriteString("// keyUses are the places the code makes a message key: a key, or a pattern whose * stands\n")
	b.WriteString("// for one word of a key; inModule marks those the browser module is built with.\n")
	b.WriteString("var keyUses = []keyUse{\n")
	for _, u := range uses {
		fmt.Fprintf(&b, "\t{%q, %q, %v},\n", u.Key, u.File, u.Module)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
