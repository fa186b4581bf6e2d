package site

import (
	"strings"
	"testing"

	"abusedesk/site/formhtml"
)

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
	for _, want := range []string{
		`xarf.yaml:16: category "malware": XARF category "nonsense"`,
		`xarf.yaml:16: category "malware": XARF type "Mal-ware"`,
		`category "no-such-category" is not in rules.yaml`,
		`category "spam" of rules.yaml has no XARF mapping`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q:\n%v", want, err)
		}
	}
}
