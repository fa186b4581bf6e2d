// Package i18n speaks abusedesk's words in each of its languages: a Catalog of messages,
// each a text with {name} placeholders or a set of CLDR plural forms, and the sentences
// the product builds from them (deadlines, problems, dates). The words are data the legal
// team edits (content/messages), which package content loads into a Catalog; the browser
// module gets the messages it uses, in its page's language, with the page.
//
// It uses no fmt and no golang.org/x/text, so the browser module stays small.
package i18n

import (
	"slices"
	"strconv"
	"strings"
)

// Key names a message. Code that makes a key from parts converts the concatenation to a
// Key (Key("field." + name + ".label")), so the check that every key code uses is in the
// catalog (site/cmd/keyscan) can find it.
type Key string

// Catalog is every message in every language. It is built once, by package content's
// loader or by the browser module from its page, and is then safe for concurrent use.
type Catalog struct {
	langs []string
	msgs  map[Key]message
}

// message is one message's words, by language.
type message map[string]words

// words are a message in one language: a text, or the text of each plural form.
type words struct {
	text  string
	forms map[Plural]string
}

// NewCatalog makes an empty catalog of the languages langs, the first being the one a
// message falls back to in a language it lacks.
func NewCatalog(langs []string) *Catalog {
	return &Catalog{langs: langs, msgs: map[Key]message{}}
}

// Set gives the message key its text in lang.
func (c *Catalog) Set(key Key, lang, text string) { c.set(key, lang, words{text: text}) }

// SetForms gives the plural message key its forms in lang.
func (c *Catalog) SetForms(key Key, lang string, forms map[Plural]string) {
	c.set(key, lang, words{forms: forms})
}

func (c *Catalog) set(key Key, lang string, w words) {
	m, ok := c.msgs[key]
	if !ok {
		m = message{}
		c.msgs[key] = m
	}
	m[lang] = w
}

// Languages are the catalog's languages.
func (c *Catalog) Languages() []string { return c.langs }

// Keys lists every message's key, sorted.
func (c *Catalog) Keys() []Key {
	keys := make([]Key, 0, len(c.msgs))
	for k := range c.msgs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Lookup returns the message key in lang: its text, or its plural forms.
func (c *Catalog) Lookup(key Key, lang string) (text string, forms map[Plural]string, ok bool) {
	w, ok := c.msgs[key][lang]
	return w.text, w.forms, ok
}

// words finds the message key in lang, else in the fallback language.
func (c *Catalog) words(lang string, key Key) (words, bool) {
	m, ok := c.msgs[key]
	if !ok {
		return words{}, false
	}
	if w, ok := m[lang]; ok {
		return w, true
	}
	w, ok := m[c.langs[0]]
	return w, ok
}

// Text returns the message key in lang, with {name} placeholders filled from args (pairs
// of name and value). An unknown key shows itself, so a missing message is visible rather
// than blank; a language the catalog lacks gets its first.
func (c *Catalog) Text(lang string, key Key, args ...string) string {
	w, ok := c.words(lang, key)
	if !ok {
		return string(key)
	}
	return fill(w.text, args)
}

// Count returns the plural form of the message key that fits n in lang, with {n} replaced
// by n and the other placeholders filled from args.
func (c *Catalog) Count(lang string, key Key, n int, args ...string) string {
	w, ok := c.words(lang, key)
	if !ok {
		return string(key)
	}
	text, ok := w.forms[PluralOf(lang, n)]
	if !ok {
		text = w.forms[Other]
	}
	return fill(text, append(args, "n", strconv.Itoa(n)))
}

func fill(s string, args []string) string {
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+args[i]+"}", args[i+1])
	}
	return s
}

// Name is lang's name in itself, as the language switcher shows it.
func (c *Catalog) Name(lang string) string { return c.Text(lang, "site.language_name") }

// Export writes the messages keep takes in lang as JSON values: a text, or an object of
// plural forms. The site generator gives the browser module the messages it speaks so.
func (c *Catalog) Export(lang string, keep func(Key) bool) map[Key]any {
	out := map[Key]any{}
	for key := range c.msgs {
		if !keep(key) {
			continue
		}
		w, ok := c.words(lang, key)
		switch {
		case !ok:
		case w.forms != nil:
			out[key] = w.forms
		default:
			out[key] = w.text
		}
	}
	return out
}
