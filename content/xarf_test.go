package content

import (
	"slices"
	"strings"
	"testing"
)

func TestDefaultXARFLoads(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatalf("the shipped XARF mapping does not load:\n%v", err)
	}
	rules, x := b.Rules, b.XARF
	// Three categories have no XARF type: child sexual abuse material, other illegal
	// content, something else.
	if len(x.Categories) != len(rules.Categories)-3 {
		t.Errorf("%d categories mapped, want %d", len(x.Categories), len(rules.Categories)-3)
	}
	for _, id := range []string{"csam", "illegal-content", "other"} {
		if _, ok := x.Categories[id]; ok {
			t.Errorf("%s has a XARF class", id)
		}
	}
	if c := x.Categories["exposed-data"]; c.Type != "exposed_data" || !slices.Equal(c.Lists["data_types"], []string{"personal_information"}) {
		t.Errorf("exposed-data is mapped to %+v", c)
	}
	if c := x.Categories["spam"]; c.Category != "messaging" || c.Type != "spam" {
		t.Errorf("spam is mapped to %+v", c)
	}
}

func TestXARFProblemsNameTheLine(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	rules := b.Rules
	// Only two categories mapped, one of them unknown, one with a bad category and a
	// placeholder that does not exist.
	data := "version: 4.2\n" +
		"categories:\n" +
		"  - id: spam\n" +
		"    category: mail\n" +
		"    type: spam\n" +
		"    fields: {protocol: \"{channel}\"}\n" +
		"  - id: worms\n" +
		"    category: content\n" +
		"    type: malware\n"
	_, err = parseXARF("xarf.yaml", []byte(data), rules)
	if err == nil {
		t.Fatal("a broken mapping loaded")
	}
	got := err.Error()
	for _, want := range []string{
		`xarf.yaml:1: version "4.2"`,
		`xarf.yaml:3: category "spam": XARF category "mail"`,
		`xarf.yaml:6: category "spam": field protocol names {channel}`,
		`xarf.yaml:7: category "worms" is not in rules.yaml`,
		`xarf.yaml:2: category "botnet" of rules.yaml has no XARF mapping`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if _, err := parseXARF("xarf.yaml", []byte("version: 4.2.0\ncategories: []\nextra: 1\n"), rules); err == nil || !strings.Contains(err.Error(), "xarf.yaml:3:") {
		t.Errorf("an unknown key: %v", err)
	}
}
