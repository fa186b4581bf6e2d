package site

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"abusedesk/content"
	"abusedesk/content/attachment"
	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
)

//go:generate go run ./cmd/keyscan -root .. -o keys_gen.go

// keyUse is one place the code makes a message key (keys_gen.go, written by keyscan).
type keyUse struct {
	key  string // a key, or a pattern whose * stands for one word of a key
	file string // from the module's root
	// inModule says whether the browser module is built with the code.
	inModule bool
}

// matcher compiles the use's key into a matcher of the keys it stands for.
var matchers = sync.OnceValue(func() []*regexp.Regexp {
	m := make([]*regexp.Regexp, len(keyUses))
	for i, u := range keyUses {
		m[i] = regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(u.key), `\*`, `[a-z0-9_]+`) + "$")
	}
	return m
})

// used returns the uses that stand for key.
func used(key i18n.Key) []keyUse {
	var uses []keyUse
	for i, m := range matchers() {
		if m.MatchString(string(key)) {
			uses = append(uses, keyUses[i])
		}
	}
	return uses
}

// moduleSpeaks says whether the browser module uses the message key, so the form page
// gives it the key.
func moduleSpeaks(key i18n.Key) bool {
	for _, u := range used(key) {
		if u.inModule {
			return true
		}
	}
	return false
}

// checkCatalog finds what is wrong with the message catalog though it loads: a
// translation made from an older version of its binding words, a message no code uses,
// and a key the code uses that no file has.
func (s *Site) checkCatalog() content.Problems {
	var ps content.Problems
	add := func(file string, line int, format string, args ...any) {
		ps = append(ps, content.Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	for _, m := range s.sources {
		file := path.Join("content", m.File)
		if len(used(m.Key)) == 0 {
			add(file, m.Line, "%s: no code uses this message: remove it, or check the key's spelling", m.Key)
		}
		var others []string
		for _, lang := range s.rules.Languages {
			if lang != m.Binding {
				others = append(others, fmt.Sprintf("%s (line %d)", lang, m.Langs[lang]))
			}
		}
		switch {
		case m.TranslatedFrom == "":
			add(file, m.Line, "%s: say which %s words %s were translated from: add translated_from: %s once they match them", m.Key, m.Binding, strings.Join(others, " and "), m.Hash)
		case m.TranslatedFrom != m.Hash:
			add(file, m.TranslatedAt, "%s: stale translation: the %s words (line %d) have changed since %s were translated from them (translated_from: %s, now %s); update them, then set translated_from: %s",
				m.Key, m.Binding, m.Langs[m.Binding], strings.Join(others, " and "), m.TranslatedFrom, m.Hash, m.Hash)
		}
	}
	have := func(key i18n.Key) bool {
		_, _, ok := s.words.Lookup(key, s.rules.Languages[0])
		return ok
	}
	for i, u := range keyUses {
		if strings.Contains(u.key, "*") {
			if !s.anyMatches(matchers()[i]) {
				add(u.file, 0, "no message of content/%s matches %s, which this code makes", content.MessagesDir, u.key)
			}
			continue
		}
		if !have(i18n.Key(u.key)) {
			add(u.file, 0, "the message %s, which this code speaks, is not in content/%s: add it there", u.key, content.MessagesDir)
		}
	}
	ps = append(ps, s.checkCounted()...)
	// The keys code makes from data: each one the data can give must be there.
	for _, f := range s.families() {
		for _, word := range f.words {
			if key := i18n.Key(strings.Replace(f.pattern, "*", word, 1)); !have(key) {
				add(path.Join("content", content.MessagesDir), 1, "the message %s is missing: %s", key, f.why)
			}
		}
	}
	return ps
}

// family is a pattern of keys the code makes from data, and each word the data can give
// its *.
type family struct {
	pattern string
	words   []string
	why     string
}

func (s *Site) families() []family {
	var months, days, fields []string
	for m := time.January; m <= time.December; m++ {
		months = append(months, strings.ToLower(m.String()))
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		days = append(days, strings.ToLower(d.String()))
	}
	for _, f := range s.spec.Fields {
		fields = append(fields, f.Name)
	}
	// The links a category requires are not the same links in each: each such category has
	// its own words for the links missing (i18n.ProblemTextIn).
	var links []string
	for _, c := range s.rules.Categories {
		if slices.Contains(c.Evidence, report.FieldEvidenceURLs) {
			links = append(links, i18n.KeyWord(c.ID))
		}
	}
	return []family{
		{"problem." + report.FieldEvidenceURLs + ".required.*", links, "a category that requires links says which links are missing in its own words"},
		{"date.month.*", months, "every date needs its month's name"},
		{"date.weekday.*", days, "every date needs its day's name"},
		{"field.*.label", append(fields, api.AttachmentsField), "every field of the form needs a label"},
		{"attachment.kind.*", attachment.Kinds(), "every kind of file needs its name"},
		{"notice.binding.*", s.rules.Languages, "a translated legal document names its binding language"},
	}
}

// anyMatches says whether some message's key matches m.
func (s *Site) anyMatches(m *regexp.Regexp) bool {
	for _, key := range s.words.Keys() {
		if m.MatchString(string(key)) {
			return true
		}
	}
	return false
}

// counted are the placeholders the code fills with a counted phrase, a number with its
// noun worded by a plural message of the catalog (i18n's Hours reads unit.hours; the
// form's attachments hint, attachments.files), and that message.
var counted = map[string]i18n.Key{"hours": "unit.hours", "files": "attachments.files"}

// countedSlot finds a counted placeholder that does not open its text or a clause.
var countedSlot = regexp.MustCompile(`\{([a-z_]+)\}`)

// checkCounted finds the messages where a number could come out in the wrong grammar. In
// Ukrainian and Russian a noun after a number takes its case from the words around it as
// well as its form from the number: after "your" (genitive plural) {hours} needs the
// genitive, but unit.hours gives "2 hours" in the nominative; after "has" it needs the
// accusative, which for 21 (a feminine noun's "one" form) is not the nominative either.
// The catalog cannot parse a sentence, so the rule is one it can check that leaves no
// such slot:
//
//   - {n}, a bare number, stands only in a plural message, whose forms the translator
//     writes for each number in its place;
//   - a counted placeholder (counted), a phrase its own plural message words in one case,
//     opens its text or a clause of it: at the start, or after a colon, a dash or an
//     opening bracket, where it is a subject or a heading and the case it has is the one
//     it needs, for every number. Anywhere else, write the message in plural forms
//     around {n}, or move the governing words into the counted phrase's own message
//     (attachments.files says "up to {n} files" in each language's case for it, so the
//     hint opens with {files}).
//
// Each problem names the message's line and the language.
func (s *Site) checkCounted() content.Problems {
	var ps content.Problems
	for _, m := range s.sources {
		for _, lang := range s.rules.Languages {
			text, forms, ok := s.words.Lookup(m.Key, lang)
			if !ok || forms != nil {
				continue
			}
			for _, at := range countedSlot.FindAllStringSubmatchIndex(text, -1) {
				name := text[at[2]:at[3]]
				if name == "n" {
					ps = append(ps, content.Problem{File: path.Join("content", m.File), Line: m.Langs[lang], Msg: fmt.Sprintf("%s: %s: {n} in a message without plural forms: give it its forms (one: …, few: …), each with {n}, so the noun after the number agrees with it", m.Key, lang)})
					continue
				}
				unit, isCounted := counted[name]
				if !isCounted || opensClause(text[:at[0]]) {
					continue
				}
				ps = append(ps, content.Problem{File: path.Join("content", m.File), Line: m.Langs[lang], Msg: fmt.Sprintf("%s: %s: {%s} (a number and its noun, as %s words it) must open the text or a clause (after a colon, a dash or a bracket): here the words before it set its case, which is wrong for some numbers; reword, or make the message plural around {n}", m.Key, lang, name, unit)})
			}
		}
	}
	return ps
}

// opensClause says whether what comes before a placeholder leaves it opening its text or a
// clause: nothing, or a colon, dash or opening bracket, spaces aside.
func opensClause(before string) bool {
	before = strings.TrimRight(before, " \u00a0")
	return before == "" || strings.HasSuffix(before, ":") || strings.HasSuffix(before, "—") || strings.HasSuffix(before, "(")
}
