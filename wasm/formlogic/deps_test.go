package formlogic_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestModuleLinksNoHeavyPackage: every KiB of the browser module is downloaded by a
// reporter, often on a phone, and these packages would each add tens of them (encoding/json
// and regexp alone would double it; context 12 KiB brotli). The module reads JSON and
// patterns its own way; a package it links for its types must not import them either.
func TestModuleLinksNoHeavyPackage(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "abusedesk/wasm")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "abusedesk/wasm/formlogic") {
		t.Fatalf("go list named no module package:\n%s", out)
	}
	for _, heavy := range []string{"encoding/json", "regexp", "fmt", "context", "html/template", "net/http"} {
		if slices.Contains(deps, heavy) {
			t.Errorf("the browser module links %s", heavy)
		}
	}
}
