package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"abusedesk/content/policy"
)

// rawOutcome, rawMeasure and rawNote mirror an item of rules.yaml's outcomes:, measures:
// and notes:.
type rawOutcome struct {
	ID        string            `yaml:"id"`
	Measure   bool              `yaml:"measure"`
	Duplicate bool              `yaml:"duplicate"`
	Title     map[string]string `yaml:"title"`
	Meaning   map[string]string `yaml:"meaning"`
}

type rawMeasure struct {
	ID       string            `yaml:"id"`
	DSAField string            `yaml:"dsa_field"`
	DSAValue string            `yaml:"dsa_value"`
	Title    map[string]string `yaml:"title"`
}

type rawNote struct {
	ID   string            `yaml:"id"`
	Text map[string]string `yaml:"text"`
}

var (
	// decisionIDSyntax is the syntax of an outcome's, a measure's and a note's id: the
	// case records and the API name them, and the desk's page posts them.
	decisionIDSyntax = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	// dsaCode is the syntax of the DSA Transparency Database's values.
	dsaCode = regexp.MustCompile(`^[A-Z][A-Z0-9_]*[A-Z0-9]$`)
)

// dsaFields are the fields of a statement of reasons a measure may be written in, each
// with the prefix of its values.
var dsaFields = map[string]string{
	"decision_visibility": "DECISION_VISIBILITY_",
	"decision_provision":  "DECISION_PROVISION_",
}

// dsaCategoryPrefix begins every value of a statement of reasons' category field.
const dsaCategoryPrefix = "STATEMENT_CATEGORY_"

// itemID checks the id of an item of one of the lists of the desk's decisions (what is
// how messages name its items: outcome, measure, note): its syntax, and that no other
// item of the list, whose ids are seen, has it.
func (c *checker) itemID(what, id string, line int, seen map[string]bool) {
	if !decisionIDSyntax.MatchString(id) {
		c.add(line, fmt.Sprintf("%s id %q: use lower-case letters, digits, underscores and hyphens, starting with a letter", what, id))
	}
	if seen[id] {
		c.add(line, fmt.Sprintf("%s %q appears twice", what, id))
	}
	seen[id] = true
}

// text checks that a text of an item is given in every language.
func (c *checker) text(what, id, name string, words map[string]string, line int, langs []string) {
	for _, lang := range langs {
		if strings.TrimSpace(words[lang]) == "" {
			c.add(line, fmt.Sprintf("%s %q has no %s in %s", what, id, name, lang))
		}
	}
}

// dsaValue checks a value of the DSA Transparency Database: given, in capitals, and
// starting with prefix.
func (c *checker) dsaValue(what, key, value, prefix string, line int) {
	if value == "" {
		c.add(line, fmt.Sprintf("%s: give its %s, the Transparency Database's value, starting %s", what, key, prefix))
		return
	}
	if !dsaCode.MatchString(value) || !strings.HasPrefix(value, prefix) || len(value) == len(prefix) {
		c.add(line, fmt.Sprintf("%s: %s %q: write the Transparency Database's value as it is spelt there, in capitals, starting %s", what, key, value, prefix))
	}
}

// measures reads what the desk can do to a customer's service.
func (c *checker) measures(raw []lined[rawMeasure], langs []string) []policy.Measure {
	var out []policy.Measure
	seen := map[string]bool{}
	for _, rm := range raw {
		m := policy.Measure{ID: rm.V.ID, DSAField: rm.V.DSAField, DSAValue: rm.V.DSAValue, Title: rm.V.Title}
		c.itemID("measure", m.ID, rm.line, seen)
		c.text("measure", m.ID, "title", m.Title, rm.line, langs)
		what := fmt.Sprintf("measure %q", m.ID)
		if prefix, ok := dsaFields[m.DSAField]; !ok {
			c.add(rm.at("dsa_field"), fmt.Sprintf("%s: dsa_field %q: use decision_visibility or decision_provision", what, m.DSAField))
		} else {
			c.dsaValue(what, "dsa_value", m.DSAValue, prefix, rm.at("dsa_value"))
		}
		out = append(out, m)
	}
	return out
}

// outcomes reads what the desk can decide about a report; line is where outcomes: is.
// measured says whether a category names a measure, which an outcome must then take.
func (c *checker) outcomes(raw []lined[rawOutcome], line int, r *policy.Rules, measured bool) []policy.Outcome {
	var out []policy.Outcome
	seen := map[string]bool{}
	for _, ro := range raw {
		o := policy.Outcome{ID: ro.V.ID, Measure: ro.V.Measure, Duplicate: ro.V.Duplicate, Title: ro.V.Title, Meaning: ro.V.Meaning}
		c.itemID("outcome", o.ID, ro.line, seen)
		c.text("outcome", o.ID, "title", o.Title, ro.line, r.Languages)
		c.text("outcome", o.ID, "meaning", o.Meaning, ro.line, r.Languages)
		if o.Measure && o.Duplicate {
			c.add(ro.line, fmt.Sprintf("outcome %q: a decision that takes a measure is not a duplicate's; give measure: true or duplicate: true, not both", o.ID))
		}
		if o.Measure && len(r.Measures) == 0 {
			c.add(ro.at("measure"), fmt.Sprintf("outcome %q takes a measure, but measures: names none", o.ID))
		}
		out = append(out, o)
	}
	if len(out) == 0 {
		c.add(line, "outcomes: name at least one outcome the desk can record")
	} else if measured && !slices.ContainsFunc(out, func(o policy.Outcome) bool { return o.Measure }) {
		c.add(line, "outcomes: categories name measures, so mark the outcome that records one with measure: true")
	}
	return out
}

// notes reads the notes the desk may add to a decision for the reporter.
func (c *checker) notes(raw []lined[rawNote], langs []string) []policy.Note {
	var out []policy.Note
	seen := map[string]bool{}
	for _, rn := range raw {
		n := policy.Note{ID: rn.V.ID, Text: rn.V.Text}
		c.itemID("note", n.ID, rn.line, seen)
		c.text("note", n.ID, "text", n.Text, rn.line, langs)
		out = append(out, n)
	}
	return out
}

// categoryMeasures reads a category's measures, each one of r.Measures, and its DSA
// category, which a category with measures must give.
func (c *checker) categoryMeasures(raw lined[rawCategory], cat *policy.Category, r *policy.Rules) {
	rc := raw.V
	for _, n := range rc.Measures {
		switch {
		case !slices.ContainsFunc(r.Measures, func(m policy.Measure) bool { return m.ID == n.Value }):
			c.add(n.Line, fmt.Sprintf("category %q: measure %q is not one of measures: %s", rc.ID, n.Value, measureIDs(r)))
		case slices.Contains(cat.Measures, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: measure %q appears twice", rc.ID, n.Value))
		default:
			cat.Measures = append(cat.Measures, n.Value)
		}
	}
	what := fmt.Sprintf("category %q", rc.ID)
	switch {
	case rc.DSACategory != "":
		c.dsaValue(what, "dsa_category", rc.DSACategory, dsaCategoryPrefix, raw.at("dsa_category"))
	case len(rc.Measures) > 0:
		c.add(raw.at("measures"), fmt.Sprintf("%s names measures, so give its dsa_category, the Transparency Database's category of the statement of reasons, starting %s", what, dsaCategoryPrefix))
	}
	cat.DSACategory = rc.DSACategory
}

// measureIDs lists the measures' ids, for a message.
func measureIDs(r *policy.Rules) string {
	if len(r.Measures) == 0 {
		return "it names none"
	}
	ids := make([]string, len(r.Measures))
	for i, m := range r.Measures {
		ids[i] = m.ID
	}
	return "use " + strings.Join(ids, ", ")
}
