package content

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"abusedesk/content/bundle"
	"abusedesk/content/i18n"
)

// MessagesDir holds, within the content tree, the message catalog: one file per area
// (the form, its problems, the deadlines, the mail, the site, dates), each message with its
// words in every language side by side.
const MessagesDir = "messages"

type rawMessages struct {
	Binding  string    `yaml:"binding"`
	Messages yaml.Node `yaml:"messages"`
}

var (
	keySyntax   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)
	placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)
)

// translatedFromKey is the one key of a message that is not a language.
const translatedFromKey = "translated_from"

// loadMessages reads every file of the catalog in fsys, in the languages langs, and checks
// that every message is complete: its words in every language, the same placeholders in
// each, every plural form each language has. A language no message has at all is one
// problem, at languagesLine of the rules, rather than one for every message.
func loadMessages(fsys fs.FS, langs []string, languagesLine int) (*i18n.Catalog, []bundle.Message, error) {
	entries, err := fs.ReadDir(fsys, MessagesDir)
	if err != nil {
		return nil, nil, fmt.Errorf("loading the message catalog: %w", err)
	}
	type file struct {
		name string
		doc  lined[rawMessages]
	}
	var files []file
	var problems Problems
	spoken := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".yaml" {
			continue
		}
		f := file{name: path.Join(MessagesDir, e.Name())}
		data, err := readFile(fsys, f.name)
		if err != nil {
			return nil, nil, err
		}
		review := checker{file: f.name}
		if review.reviewComments(data); len(review.problems) > 0 {
			problems = append(problems, review.problems...)
		}
		if err := decode(f.name, data, &f.doc); err != nil {
			var ps Problems
			errors.As(err, &ps)
			problems = append(problems, ps...)
			continue
		}
		for _, v := range mappingValues(&f.doc.V.Messages) {
			for _, lang := range mappingKeys(v) {
				spoken[lang] = true
			}
		}
		files = append(files, f)
	}
	var present []string
	for _, lang := range langs {
		if spoken[lang] {
			present = append(present, lang)
			continue
		}
		problems = append(problems, Problem{RulesFile, languagesLine, fmt.Sprintf("languages: the message catalog (content/%s) has no %s: add its words to every message there first", MessagesDir, lang)})
	}
	cat := i18n.NewCatalog(present)
	var msgs []bundle.Message
	seen := map[i18n.Key]string{}
	for _, f := range files {
		c := checker{file: f.name}
		for _, m := range c.messages(f.doc, present, cat) {
			if where, twice := seen[m.Key]; twice {
				c.add(m.Line, fmt.Sprintf("%s is in %s too: keep one", m.Key, where))
				continue
			}
			seen[m.Key] = fmt.Sprintf("%s:%d", f.name, m.Line)
			msgs = append(msgs, m)
		}
		problems = append(problems, c.problems...)
	}
	if len(msgs) == 0 && len(problems) == 0 {
		problems = append(problems, Problem{MessagesDir, 1, "the message catalog is empty"})
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	return cat, msgs, nil
}

// mappingValues are the values of a mapping node, and mappingKeys its keys; nothing for
// a node that is not a mapping.
func mappingValues(n *yaml.Node) []*yaml.Node {
	var vs []*yaml.Node
	if n.Kind == yaml.MappingNode {
		for i := 1; i < len(n.Content); i += 2 {
			vs = append(vs, n.Content[i])
		}
	}
	return vs
}

func mappingKeys(n *yaml.Node) []string {
	var ks []string
	if n.Kind == yaml.MappingNode {
		for i := 0; i < len(n.Content); i += 2 {
			ks = append(ks, n.Content[i].Value)
		}
	}
	return ks
}

// messages reads one file of the catalog, decoded, into cat and returns where its
// messages are.
func (c *checker) messages(doc lined[rawMessages], langs []string, cat *i18n.Catalog) []bundle.Message {
	binding := doc.V.Binding
	if !slices.Contains(langs, binding) {
		c.add(doc.at("binding"), fmt.Sprintf("binding: %q is not one of the languages of %s (%s)", binding, RulesFile, strings.Join(langs, ", ")))
		return nil
	}
	list := doc.V.Messages
	if list.Kind != yaml.MappingNode {
		c.add(doc.at("messages"), "messages: give each message's key, then its words under each language's code")
		return nil
	}
	var out []bundle.Message
	for i := 0; i+1 < len(list.Content); i += 2 {
		k, v := list.Content[i], list.Content[i+1]
		key := i18n.Key(k.Value)
		if !keySyntax.MatchString(k.Value) {
			c.add(k.Line, fmt.Sprintf("%q is not a message key: use lower-case words joined by dots, like form.submit", k.Value))
			continue
		}
		if m, ok := c.message(key, k.Line, v, langs, binding, cat); ok {
			out = append(out, m)
		}
	}
	return out
}

// message reads one message's words into cat, checking them.
func (c *checker) message(key i18n.Key, line int, v *yaml.Node, langs []string, binding string, cat *i18n.Catalog) (bundle.Message, bool) {
	m := bundle.Message{Key: key, File: c.file, Line: line, Langs: map[string]int{}, Binding: binding}
	if v.Kind != yaml.MappingNode {
		c.add(line, fmt.Sprintf("%s: give its words under each language's code (uk: …)", key))
		return m, false
	}
	texts := map[string]string{}
	forms := map[string]map[i18n.Plural]string{}
	ok := true
	for i := 0; i+1 < len(v.Content); i += 2 {
		name, val := v.Content[i], v.Content[i+1]
		switch {
		case name.Value == translatedFromKey:
			m.TranslatedFrom, m.TranslatedAt = val.Value, name.Line
		case name.Value == approvalKey:
			if m.Unapproved = strings.TrimSpace(val.Value); m.Unapproved == "" || val.Kind != yaml.ScalarNode {
				c.add(name.Line, fmt.Sprintf("%s: unapproved: say why its words wait for approval", key))
				ok = false
			}
		case !slices.Contains(langs, name.Value):
			c.add(name.Line, fmt.Sprintf("%s: %q is not one of the languages of %s (%s)", key, name.Value, RulesFile, strings.Join(langs, ", ")))
			ok = false
		case val.Kind == yaml.ScalarNode:
			m.Langs[name.Value] = name.Line
			texts[name.Value] = val.Value
		case val.Kind == yaml.MappingNode:
			m.Langs[name.Value] = name.Line
			if f := c.plural(key, name.Value, val); f != nil {
				forms[name.Value] = f
			} else {
				ok = false
			}
		default:
			c.add(name.Line, fmt.Sprintf("%s: %s: write a text, or its plural forms (one: …, other: …)", key, name.Value))
			ok = false
		}
	}
	for _, lang := range langs {
		if _, has := m.Langs[lang]; !has {
			c.add(line, fmt.Sprintf("%s has no %s: add its words in %s", key, lang, lang))
			ok = false
		}
	}
	if !ok {
		return m, false
	}
	if len(texts) > 0 && len(forms) > 0 {
		c.add(line, fmt.Sprintf("%s: give plural forms in every language, or one text in every language, not both", key))
		return m, false
	}
	// Every language says the same things: the same placeholders, whatever its forms.
	want := placeholders(texts[binding], forms[binding])
	for _, lang := range langs {
		got := placeholders(texts[lang], forms[lang])
		if lang == binding || slices.Equal(got, want) {
			continue
		}
		c.add(m.Langs[lang], fmt.Sprintf("%s: %s has {%s} where %s has {%s}: each language must name the same placeholders", key, lang,
			strings.Join(got, "}, {"), binding, strings.Join(want, "}, {")))
		ok = false
	}
	for lang, text := range texts {
		if strings.TrimSpace(text) == "" {
			c.add(m.Langs[lang], fmt.Sprintf("%s: %s is empty", key, lang))
			ok = false
		}
		cat.Set(key, lang, text)
	}
	for lang, f := range forms {
		cat.SetForms(key, lang, f)
	}
	m.Hash = messageHash(binding, texts[binding], forms[binding])
	return m, ok
}

// plural reads the plural forms of a message in lang: exactly the CLDR categories lang
// has. It returns nil when they are not.
func (c *checker) plural(key i18n.Key, lang string, v *yaml.Node) map[i18n.Plural]string {
	forms := map[i18n.Plural]string{}
	want := i18n.Plurals(lang)
	for i := 0; i+1 < len(v.Content); i += 2 {
		name, val := v.Content[i], v.Content[i+1]
		form := i18n.Plural(name.Value)
		if !slices.Contains(want, form) || val.Kind != yaml.ScalarNode {
			c.add(name.Line, fmt.Sprintf("%s: %s has no plural form %q; its forms are %s", key, lang, name.Value, pluralList(want)))
			return nil
		}
		forms[form] = val.Value
	}
	for _, form := range want {
		if _, ok := forms[form]; !ok {
			c.add(v.Line, fmt.Sprintf("%s: %s lacks its %q form (%s has the forms %s)", key, lang, form, lang, pluralList(want)))
			return nil
		}
	}
	return forms
}

func pluralList(forms []i18n.Plural) string {
	s := make([]string, len(forms))
	for i, f := range forms {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// placeholders lists, sorted and once each, the placeholders a text or its forms name.
func placeholders(text string, forms map[i18n.Plural]string) []string {
	var names []string
	add := func(s string) {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(names, m[1]) {
				names = append(names, m[1])
			}
		}
	}
	add(text)
	for _, f := range forms {
		add(f)
	}
	slices.Sort(names)
	return names
}

// messageHash identifies a version of a message's words in lang: what a translation
// records as translated_from.
func messageHash(lang, text string, forms map[i18n.Plural]string) string {
	if forms != nil {
		parts := make([]string, 0, len(forms))
		for _, f := range i18n.Plurals(lang) {
			parts = append(parts, string(f)+"="+forms[f])
		}
		text = strings.Join(parts, "\n")
	}
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:4])
}
