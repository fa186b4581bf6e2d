package content

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"abusedesk/content/bundle"
)

// approvalKey marks what waits for approval in a mapping of rules.yaml or provider.yaml:
//
//	hours: 12
//	unapproved:
//	  hours: no source document sets this deadline
//
// names keys of the same mapping and why each waits; `unapproved: why`, a text, marks the
// whole mapping (a list item, say). Every mapping may carry it.
const approvalKey = "unapproved"

// approvals finds every value of the YAML document data that waits for approval, and the
// problems of its markers: a marker naming a key its mapping lacks, or giving no reason.
func approvals(file string, data []byte) ([]bundle.Unapproved, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlProblems(file, err)
	}
	c := checker{file: file}
	c.reviewComments(data)
	var out []bundle.Unapproved
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, k := range n.Content {
				walk(k, path)
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				seg := strconv.Itoa(i)
				if id := mappingValue(item, "id"); id != nil && id.Kind == yaml.ScalarNode {
					seg = id.Value
				}
				walk(item, join(path, seg))
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key, value := n.Content[i], n.Content[i+1]
				if key.Value != approvalKey {
					walk(value, join(path, key.Value))
					continue
				}
				switch value.Kind {
				case yaml.ScalarNode:
					if why := strings.TrimSpace(value.Value); why != "" {
						out = append(out, bundle.Unapproved{File: file, Line: n.Line, What: path, Why: why})
						continue
					}
				case yaml.MappingNode:
					for j := 0; j+1 < len(value.Content); j += 2 {
						name, why := value.Content[j], value.Content[j+1]
						marked := mappingKey(n, name.Value)
						switch {
						case marked == nil:
							c.add(name.Line, fmt.Sprintf("unapproved: %q is not a key of this mapping; name one of its keys, or write unapproved: <why> to mark all of it", name.Value))
						case why.Kind != yaml.ScalarNode || strings.TrimSpace(why.Value) == "":
							c.add(name.Line, fmt.Sprintf("unapproved: %s: say why it waits for approval", name.Value))
						default:
							out = append(out, bundle.Unapproved{File: file, Line: marked.Line, What: join(path, name.Value), Why: strings.TrimSpace(why.Value)})
						}
					}
					continue
				}
				c.add(key.Line, "unapproved: name the keys that wait for approval, each with why (hours: no source sets it), or give why for all of it")
			}
		}
	}
	walk(&root, "")
	if err := c.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// reviewComments refuses the old way of marking what awaits approval, a YAML comment,
// which nothing shows or lists: the marker is content (unapproved:).
func (c *checker) reviewComments(data []byte) {
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "# LEGAL REVIEW") {
			c.add(i+1, "a LEGAL REVIEW comment is neither shown nor listed: mark what waits with unapproved: why (README: Approval)")
		}
	}
}

func join(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "." + seg
}

// mappingKey is the key node named name in mapping n, or nil.
func mappingKey(n *yaml.Node, name string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == name {
			return n.Content[i]
		}
	}
	return nil
}

// mappingValue is the value under name in mapping n, or nil.
func mappingValue(n *yaml.Node, name string) *yaml.Node {
	if k := mappingKey(n, name); k != nil {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i] == k {
				return n.Content[i+1]
			}
		}
	}
	return nil
}
