package content

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"abusedesk/content/policy"
)

// XARFFile is the name of the category → XARF mapping within the content tree.
const XARFFile = "xarf.yaml"

// xarfCategories are XARF v4's primary categories (xarf-core.json).
var xarfCategories = []string{"messaging", "content", "copyright", "connection", "vulnerability", "infrastructure", "reputation"}

var (
	xarfVersion     = regexp.MustCompile(`^4\.[0-9]+\.[0-9]+$`)
	xarfName        = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	xarfPlaceholder = regexp.MustCompile(`\{([^{}]*)\}`)
)

type rawXARF struct {
	Version    yaml.Node         `yaml:"version"`
	Categories []rawXARFCategory `yaml:"categories"`
}

type rawXARFCategory struct {
	ID       string            `yaml:"id"`
	Category string            `yaml:"category"`
	Type     string            `yaml:"type"`
	Fields   map[string]string `yaml:"fields"`
	line     int
}

func (c *rawXARFCategory) UnmarshalYAML(n *yaml.Node) error {
	type plain rawXARFCategory
	if err := n.Decode((*plain)(c)); err != nil {
		return err
	}
	c.line = n.Line
	return nil
}

// LoadXARF reads and checks the XARF mapping of fsys against the rules: every category of
// the rules must be mapped, once, and nothing else.
func LoadXARF(fsys fs.FS, rules *policy.Rules) (*policy.XARF, error) {
	data, err := fs.ReadFile(fsys, XARFFile)
	if err != nil {
		return nil, fmt.Errorf("loading XARF mapping: %w", err)
	}
	return ParseXARF(XARFFile, data, rules)
}

// ParseXARF decodes and checks a XARF mapping; name is used in the error messages.
func ParseXARF(name string, data []byte, rules *policy.Rules) (*policy.XARF, error) {
	var raw rawXARF
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, yamlProblems(name, err)
	}
	c := checker{file: name}
	x := &policy.XARF{Version: raw.Version.Value, Categories: map[string]policy.XARFClass{}}
	if !xarfVersion.MatchString(x.Version) {
		c.add(max(raw.Version.Line, 1), fmt.Sprintf("version %q: write a XARF 4 version like 4.2.0", x.Version))
	}
	for _, rc := range raw.Categories {
		if _, known := rules.Category(rc.ID); !known {
			c.add(rc.line, fmt.Sprintf("category %q is not in %s", rc.ID, RulesFile))
			continue
		}
		if _, twice := x.Categories[rc.ID]; twice {
			c.add(rc.line, fmt.Sprintf("category %q appears twice", rc.ID))
			continue
		}
		if !slices.Contains(xarfCategories, rc.Category) {
			c.add(rc.line, fmt.Sprintf("category %q: XARF category %q: use one of %s", rc.ID, rc.Category, strings.Join(xarfCategories, ", ")))
		}
		if !xarfName.MatchString(rc.Type) {
			c.add(rc.line, fmt.Sprintf("category %q: XARF type %q: use lower-case letters, digits and underscores", rc.ID, rc.Type))
		}
		for prop, value := range rc.Fields {
			if !xarfName.MatchString(prop) {
				c.add(rc.line, fmt.Sprintf("category %q: field %q: use lower-case letters, digits and underscores", rc.ID, prop))
			}
			for _, m := range xarfPlaceholder.FindAllStringSubmatch(value, -1) {
				if !slices.Contains(policy.XARFPlaceholders, m[1]) {
					c.add(rc.line, fmt.Sprintf("category %q: field %s names {%s}; use {%s}", rc.ID, prop, m[1], strings.Join(policy.XARFPlaceholders, "}, {")))
				}
			}
		}
		x.Categories[rc.ID] = policy.XARFClass{Category: rc.Category, Type: rc.Type, Fields: rc.Fields}
	}
	for _, id := range rules.CategoryIDs() {
		if _, ok := x.Categories[id]; !ok && !slices.ContainsFunc(raw.Categories, func(rc rawXARFCategory) bool { return rc.ID == id }) {
			c.add(max(lineOf(data, "categories:"), 1), fmt.Sprintf("category %q of %s has no XARF mapping: add it here", id, RulesFile))
		}
	}
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	return x, nil
}
