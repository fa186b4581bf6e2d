package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestKeyListIsCurrent fails when site/keys_gen.go no longer lists the keys the code
// uses: run make generate and commit it.
func TestKeyListIsCurrent(t *testing.T) {
	uses, err := scan("../../..")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(uses)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../keys_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("site/keys_gen.go is stale: run `make generate` (go generate ./site) and commit it")
	}
	for _, u := range uses {
		if strings.Count(u.Key, "*") == len(strings.Split(u.Key, ".")) {
			t.Errorf("%s makes a key that is all pattern, %s: write out a part of it", u.File, u.Key)
		}
	}
}

// TestScanFindsEveryKindOfKey: a constant key, a key made from parts, and a template's.
func TestScanFindsEveryKindOfKey(t *testing.T) {
	uses, err := scan("../../..")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]use{}
	for _, u := range uses {
		found[u.Key] = u
	}
	for key, wantModule := range map[string]bool{
		"form.submit":      true,  // a constant, in code the browser module is built with
		"field.*.label":    true,  // made from parts
		"err.not_found":    false, // an outcome's (api.Outcomes), in a package the module is built with
		"err.back":         false, // a constant, in the Worker only
		"site.skip":        false, // a template's
		"notice.binding.*": false, // a template's, made from parts
	} {
		u, ok := found[key]
		if !ok {
			t.Errorf("%s is not found", key)
			continue
		}
		if key != "field.*.label" && u.Module != wantModule {
			t.Errorf("%s at %s: in the browser module %v, want %v", key, u.File, u.Module, wantModule)
		}
	}
}

// TestNoWordsInGo: every public word is content (content/messages, content/rules.yaml):
// no Cyrillic text is left in Go source but tests and their helpers.
func TestNoWordsInGo(t *testing.T) {
	cyrillic := regexp.MustCompile(`[\x{0400}-\x{04FF}]`)
	err := filepath.WalkDir("../../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "build" || strings.HasPrefix(d.Name(), ".") && path != "../../..") {
			return filepath.SkipDir
		}
		dir := filepath.Base(filepath.Dir(path))
		if d.IsDir() || filepath.Ext(path) != ".go" || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(dir, "test") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if loc := cyrillic.FindIndex(data); loc != nil {
			t.Errorf("%s:%d has Cyrillic text: words belong in content/", path, bytes.Count(data[:loc[0]], []byte("\n"))+1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
