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
	"sync"
)

// Key names a message. Code that makes a key from parts converts the concatenation to a
// Key (Key("field." + name + ".label")), so the check that every key code uses is in the
// catalog (site/cmd/keyscan) can find it.
type Key string

// Catalog is every message in every language. It is built once, by package content's
// loader, by the Worker from its prepared content or by the browser module from its page,
// and is then safe for concurrent use.
type Catalog struct {
	langs   []string
	shelves map[string]*shelf
}

// shelf is one language's messages.
type shelf struct {
	// read, when set (Defer), fills msgs the first time the language is asked for, once.
	read func(set func(key Key, text string, forms map[Plural]string))
	once sync.Once
	msgs map[Key]words
}

// words are a message in one language: a text, or the text of each plural form.
type words struct {
	text  string
	forms map[Plural]string
}

// NewCatalog makes an empty catalog of the languages langs, the first being the one a
// message falls back to in a language it lacks.
func NewCatalog(langs []string) *Catalog {
	c := &Catalog{langs: langs, shelves: map[string]*shelf{}}
	for _, l := range langs {
		c.shelves[l] = &shelf{msgs: map[Key]words{}}
	}
	return c
}

// Set gives the message key its text in lang.
func (c *Catalog) Set(key Key, lang, text string) { c.shelf(lang).msgs[key] = words{text: text} }

// SetForms gives the plural message key its forms in lang.
func (c *Catalog) SetForms(key Key, lang string, forms map[Plural]string) {
	c.shelf(lang).msgs[key] = words{forms: forms}
}

// Defer has read give lang its messages, through set (a text, or plural forms), the
// first time anything is asked in lang, instead of now: the Worker reads only the
// languages a fresh isolate answers in, where reading all of them was most of its start.
func (c *Catalog) Defer(lang string, read func(set func(key Key, text string, forms map[Plural]string))) {
	c.shelf(lang).read = read
}

// shelf returns lang's shelf, making one for a language NewCatalog was not given (only
// while the catalog is built: then it is read-only).
func (c *Catalog) shelf(lang string) *shelf {
	s, ok := c.shelves[lang]
	if !ok {
		s = &shelf{msgs: map[Key]words{}}
		c.shelves[lang] = s
	}
	return s
}

// in is lang's messages, read now if Defer put that off; nil for a language the catalog
// lacks.
func (c *Catalog) in(lang string) map[Key]words {
	s, ok := c.shelves[lang]
	if !ok {
		return nil
	}
	s.once.Do(func() {
		if s.read == nil {
			return
		}
		s.read(func(key Key, text string, forms map[Plural]string) {
			s.msgs[key] = words{text: text, forms: forms}
		})
	})
	return s.msgs
}

// Languages are the catalog's languages.
func (c *Catalog) Languages() []string { return c.langs }

// Keys lists every message's key, in any language, sorted.
func (c *Catalog) Keys() []Key {
	var keys []Key
	for lang := range c.shelves {
		for k := range c.in(lang) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// Lookup returns the message key in lang: its text, or its plural forms.
func (c *Catalog) Lookup(key Key, lang string) (text string, forms map[Plural]string, ok bool) {
	w, ok := c.in(lang)[key]
	return w.text, w.forms, ok
}

// words finds the message key in lang, else in the fallback language.
func (c *Catalog) words(lang string, key Key) (words, bool) {
	if w, ok := c.in(lang)[key]; ok {
		return w, true
	}
	w, ok := c.in(c.langs[0])[key]
	return w, ok
}

// has says whether the catalog has the message key in lang or the fallback language.
func (c *Catalog) has(lang string, key Key) bool {
	_, ok := c.words(lang, key)
	return ok
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
	for _, key := range c.Keys() {
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
