package formhtml

import (
	"io"
	"slices"
	"strings"

	"abusedesk/content/i18n"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/dom"
)

// StyleFile is where, in the site the generator writes, the form's stylesheet is: the
// rules of Style, which the form page links.
const StyleFile = "assets/form.css"

// hint is words beside a field that hold for some answers alone: its element's id, its
// words, and when it shows (browsercheck's clauses, one of which must hold).
type hint struct {
	id, text string
	when     []browsercheck.Clause
}

// conditionalHints are the hints of a field that always shows but that some answer says
// more of, each for that answer alone: under a field most reports need, one for each
// category that lets it out; under one that some answer requires (the time of spam that
// came by SMS), one for each such answer. A field that shows only when required has none
// (its words for a browser without :has() are needed's).
func (r *Renderer) conditionalHints(lang, field string) []hint {
	if r.spec.Hideable(field) {
		return nil
	}
	category := func(ids ...string) []browsercheck.Clause {
		return []browsercheck.Clause{{{Field: "category", Values: ids}}}
	}
	var out []hint
	if slices.Contains(r.rules.Required, field) {
		for _, c := range r.rules.Categories {
			if slices.Contains(c.Optional, field) {
				out = append(out, hint{dom.NeededWhen(field, c.ID), r.words.Text(lang, "form.may_leave_out", "categories", c.Title[lang]), category(c.ID)})
			}
		}
		return out
	}
	for _, c := range r.spec.When {
		if c.Is == "" || !slices.Contains(c.Require, field) {
			continue
		}
		var text string
		switch c.Field {
		case "channel":
			text = r.words.Text(lang, "form.channel.needed", "channels", r.channelWords(lang, c.Is))
		case "category":
			if cat, ok := r.rules.Category(c.Is); ok {
				text = r.words.Text(lang, "form.evidence.needed", "categories", cat.Title[lang])
			}
		case "requester":
			if q, ok := r.rules.Requester(c.Is); ok {
				text = r.words.Text(lang, "form.authority.needed", "requesters", q.Title[lang])
			}
		}
		if text == "" {
			continue
		}
		own := browsercheck.Clause{{Field: c.Field, Values: []string{c.Is}}}
		if c.AndField != "" {
			own = append(own, browsercheck.Test{Field: c.AndField, Values: []string{c.AndIs}})
		}
		// The answer must be on the screen too: a channel counts only under spam.
		when := []browsercheck.Clause{own}
		if drivers := r.spec.ShowWhen(c.Field); drivers != nil {
			when = nil
			for _, d := range drivers {
				if joined, ok := r.spec.Join(d, own); ok {
					when = append(when, joined)
				}
			}
		}
		out = append(out, hint{dom.NeededWhen(field, c.Is), text, when})
	}
	return out
}

// fieldHints are a field's own hints: the one in field.NAME.hint, for every category but
// those with words of their own in field.NAME.hint.CATEGORY (what to describe in a report
// of phishing is not what to describe in one of copyright), each shown for its category
// alone. The first is the field's hint, dom.Hint(NAME), which the module may reword.
func (r *Renderer) fieldHints(lang, field string) []hint {
	var own []hint
	var others []string
	for _, c := range r.rules.Categories {
		if key := i18n.Key("field." + field + ".hint." + c.ID); r.has(key, lang) {
			own = append(own, hint{dom.Hint(field) + "-" + c.ID, r.words.Text(lang, key), []browsercheck.Clause{{{Field: "category", Values: []string{c.ID}}}}})
		} else {
			others = append(others, c.ID)
		}
	}
	key := i18n.Key("field." + field + ".hint")
	if !r.has(key, lang) {
		return own
	}
	general := hint{id: dom.Hint(field), text: r.words.Text(lang, key)}
	if len(own) > 0 {
		// Before a category is chosen, the general words stand.
		general.when = []browsercheck.Clause{{{Field: "category", Values: append([]string{""}, others...)}}}
	}
	return append([]hint{general}, own...)
}

// shownRule is one element of the form that shows only for some answers: its CSS selector
// and when it shows.
type shownRule struct {
	selector string
	when     []browsercheck.Clause
}

// shownRules are the form's elements that show only for some answers, by the spec's rules
// (browsercheck.Spec.ShowWhen) and the categories': every field but the first questions
// once those are answered, and only those the answers ask for; the evidence fieldset while
// one of its fields shows; a category's warning and the file chooser (unless the category
// takes no files) for the chosen category; the hints of conditionalHints and fieldHints;
// the review step once the first questions are answered; the words asking for a category
// while none is chosen. Hints that say which answers need a field it hides anyway go.
func (r *Renderer) shownRules(lang string) []shownRule {
	var out []shownRule
	var evidence []browsercheck.Clause
	for _, f := range r.spec.Fields {
		when := r.spec.ShowWhen(f.Name)
		if f.Group == "evidence" {
			evidence = append(evidence, when...)
		}
		if when != nil {
			out = append(out, shownRule{"#" + dom.Wrapper(f.Name), when})
		}
		if r.spec.Hideable(f.Name) {
			out = append(out, shownRule{"#" + dom.Needed(f.Name), []browsercheck.Clause{}})
		}
		for _, h := range r.conditionalHints(lang, f.Name) {
			out = append(out, shownRule{"#" + h.id, h.when})
		}
		for _, h := range r.fieldHints(lang, f.Name) {
			if h.when != nil {
				out = append(out, shownRule{"#" + h.id, h.when})
			}
		}
	}
	if len(evidence) > 0 {
		out = append(out, shownRule{"#" + dom.Evidence, browsercheck.Merge(evidence)})
	}
	gate := r.spec.Gate()
	var files []string
	for _, c := range r.rules.Categories {
		if c.Warning[lang] != "" {
			out = append(out, shownRule{"#" + dom.Warning(c.ID), []browsercheck.Clause{{{Field: "category", Values: []string{c.ID}}}}})
		}
		if !c.NoFiles {
			files = append(files, c.ID)
		}
	}
	if len(gate) > 0 {
		withFiles, _ := r.spec.Join(gate, browsercheck.Clause{{Field: "category", Values: files}})
		out = append(out,
			shownRule{"#" + dom.Wrapper("attachments"), []browsercheck.Clause{withFiles}},
			shownRule{"#" + dom.Review, []browsercheck.Clause{gate}})
	}
	// The module replaces the preview's words with the chosen category's deadlines, and
	// they have no id; without it there is no preview, and nothing to say once chosen.
	out = append(out, shownRule{"#" + dom.Preview + ":has(> #" + dom.PreviewChoose + ")", []browsercheck.Clause{{{Field: "category", Values: []string{""}}}}})
	return out
}

// Style writes the form's stylesheet: for each element that shows only for some answers,
// a rule that hides it unless they are given, written from the rules data, never by hand.
// A select's chosen option matches :checked, so :has() lets the page follow the reporter's
// answers without JavaScript, as the module does with it. The rules stand inside
// @supports: a browser without :has() shows every field, each saying which answers need
// it. Elements with the same condition share a rule. The rules are the same in every
// language (hints' ids do not depend on their words), so lang only picks which words
// decide that a hint exists.
func (r *Renderer) Style(w io.Writer, lang string) error {
	var b builder
	b.add("/* The Report Abuse form's answers-dependent rules, written by the site generator from\n",
		"   the rules data (site/formhtml, Renderer.Style): do not edit. Each hides an element\n",
		"   until the answers that ask for it are given. */\n",
		"@supports selector(:has(*)) {\n")
	var conditions []string
	selectors := map[string][]string{}
	for _, rule := range r.shownRules(lang) {
		if slices.ContainsFunc(rule.when, func(c browsercheck.Clause) bool { return len(c) == 0 }) {
			continue // a clause of no tests always holds
		}
		cond := r.cssCondition(rule.when)
		if _, ok := selectors[cond]; !ok {
			conditions = append(conditions, cond)
		}
		selectors[cond] = append(selectors[cond], rule.selector)
	}
	for _, cond := range conditions {
		var sel []string
		for _, s := range selectors[cond] {
			sel = append(sel, cond+s)
		}
		b.add(strings.Join(sel, ",\n"), " { display: none; }\n")
	}
	b.add("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// cssCondition is the start of a selector that matches inside the form when none of the
// clauses holds: the form that is not one where every test of a clause passes. An empty
// list of clauses (never shown where :has() works) is the form alone.
func (r *Renderer) cssCondition(when []browsercheck.Clause) string {
	var b strings.Builder
	b.WriteString("#" + dom.Form)
	for _, c := range when {
		b.WriteString(":not(")
		for _, t := range c {
			b.WriteString(":has(#" + t.Field + " ")
			switch {
			case len(t.Values) == 0:
				b.WriteString(`:checked:not([value=""])`)
			case len(t.Values) == 1:
				b.WriteString(`[value="` + cssString(t.Values[0]) + `"]:checked`)
			default:
				b.WriteString(":is(")
				for i, v := range t.Values {
					if i > 0 {
						b.WriteString(",")
					}
					b.WriteString(`[value="` + cssString(v) + `"]`)
				}
				b.WriteString("):checked")
			}
			b.WriteString(")")
		}
		b.WriteString(")")
	}
	b.WriteString(" ")
	return b.String()
}

// cssString escapes a value for a quoted CSS string: the rules' ids are plain, but nothing
// from a data file goes into a stylesheet unescaped.
func cssString(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteString(`\` + string(c))
		case c < 0x20 || c == 0x7f:
			b.WriteString(`\` + strings.ToLower(string("0123456789ABCDEF"[c>>4])+string("0123456789ABCDEF"[c&15])) + " ")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
