package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"abusedesk/content/policy"
)

// xarfCategories are XARF v4's primary categories (xarf-core.json).
var xarfCategories = []string{"messaging", "content", "copyright", "connection", "vulnerability", "infrastructure", "reputation"}

var (
	xarfVersion     = regexp.MustCompile(`^4\.[0-9]+\.[0-9]+$`)
	xarfName        = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	xarfPlaceholder = regexp.MustCompile(`\{([^{}]*)\}`)
)

type rawXARF struct {
	Version    string                   `yaml:"version"`
	Categories []lined[rawXARFCategory] `yaml:"categories"`
}

type rawXARFCategory struct {
	ID       string               `yaml:"id"`
	None     bool                 `yaml:"none"`
	Category string               `yaml:"category"`
	Type     string               `yaml:"type"`
	Fields   map[string]yaml.Node `yaml:"fields"`
}

// parseXARF decodes and checks a XARF mapping against the rules: every category of the
// rules must be mapped, or said to have no XARF type (none: true), once, and nothing else.
func parseXARF(file string, data []byte, rules *policy.Rules) (*policy.XARF, error) {
	var doc lined[rawXARF]
	if err := decode(file, data, &doc); err != nil {
		return nil, err
	}
	raw := doc.V
	c := checker{file: file}
	x := &policy.XARF{Version: raw.Version, Categories: map[string]policy.XARFClass{}}
	if !xarfVersion.MatchString(x.Version) {
		c.add(doc.at("version"), fmt.Sprintf("version %q: write a XARF 4 version like 4.2.0", x.Version))
	}
	mapped := map[string]bool{}
	for _, l := range raw.Categories {
		rc, line := l.V, l.line
		if _, known := rules.Category(rc.ID); !known {
			c.add(line, fmt.Sprintf("category %q is not in %s", rc.ID, RulesFile))
			continue
		}
		if mapped[rc.ID] {
			c.add(line, fmt.Sprintf("category %q appears twice", rc.ID))
			continue
		}
		mapped[rc.ID] = true
		if rc.None {
			if rc.Category != "" || rc.Type != "" || len(rc.Fields) > 0 {
				c.add(line, fmt.Sprintf("category %q: none: true, yet a XARF category, type or fields: give one or the other", rc.ID))
			}
			continue
		}
		if !slices.Contains(xarfCategories, rc.Category) {
			c.add(line, fmt.Sprintf("category %q: XARF category %q: use one of %s", rc.ID, rc.Category, strings.Join(xarfCategories, ", ")))
		}
		if !xarfName.MatchString(rc.Type) {
			c.add(line, fmt.Sprintf("category %q: XARF type %q: use lower-case letters, digits and underscores", rc.ID, rc.Type))
		}
		class := policy.XARFClass{Category: rc.Category, Type: rc.Type, Fields: map[string]string{}}
		for prop, n := range rc.Fields {
			if !xarfName.MatchString(prop) {
				c.add(line, fmt.Sprintf("category %q: field %q: use lower-case letters, digits and underscores", rc.ID, prop))
			}
			switch n.Kind {
			case yaml.ScalarNode:
				for _, m := range xarfPlaceholder.FindAllStringSubmatch(n.Value, -1) {
					if !slices.Contains(policy.XARFPlaceholders, m[1]) {
						c.add(n.Line, fmt.Sprintf("category %q: field %s names {%s}; use {%s}", rc.ID, prop, m[1], strings.Join(policy.XARFPlaceholders, "}, {")))
					}
				}
				class.Fields[prop] = n.Value
			case yaml.SequenceNode:
				var list []string
				if err := n.Decode(&list); err != nil || len(list) == 0 {
					c.add(n.Line, fmt.Sprintf("category %q: field %s: give a list of words, like [personal_information]", rc.ID, prop))
				}
				if class.Lists == nil {
					class.Lists = map[string][]string{}
				}
				class.Lists[prop] = list
			default:
				c.add(n.Line, fmt.Sprintf("category %q: field %s: give a text or a list of words", rc.ID, prop))
			}
		}
		x.Categories[rc.ID] = class
	}
	for _, id := range rules.CategoryIDs() {
		if !mapped[id] {
			c.add(doc.at("categories"), fmt.Sprintf("category %q of %s has no XARF mapping: add it here", id, RulesFile))
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return x, nil
}
