package site

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"abusedesk/content"
	"abusedesk/site/formhtml"
)

// s reads the shipped XARF mapping.
func s(t *testing.T) string {
	t.Helper()
	data, err := fs.ReadFile(content.FS(), content.XARFFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestLoadChecksTheXARFMapping: a XARF mapping the Worker would refuse stops Load, and so
// `make check` (sitegen -check), with every problem's file and line.
func TestLoadChecksTheXARFMapping(t *testing.T) {
	if _, err := Load(contentWith(t, nil), formhtml.Options{}); err != nil {
		t.Fatalf("the shipped content: %v", err)
	}
	fsys := contentWith(t, map[string]func(string) string{
		"xarf.yaml": func(s string) string {
			s = strings.Replace(s, "  - id: malware\n    category: content\n    type: malware\n",
				"  - id: malware\n    category: nonsense\n    type: Mal-ware\n", 1)
			return strings.Replace(s, "  - id: spam\n", "  - id: no-such-category\n", 1)
		},
	})
	_, err := Load(fsys, formhtml.Options{})
	if err == nil {
		t.Fatal("Load accepted a broken XARF mapping")
	}
	line := strings.Count(s(t)[:strings.Index(s(t), "  - id: malware\n")], "\n") + 1
	for _, want := range []string{
		fmt.Sprintf(`xarf.yaml:%d: category "malware": XARF category "nonsense"`, line),
		fmt.Sprintf(`xarf.yaml:%d: category "malware": XARF type "Mal-ware"`, line),
		`category "no-such-category" is not in rules.yaml`,
		`category "spam" of rules.yaml has no XARF mapping`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q:\n%v", want, err)
		}
	}
}
