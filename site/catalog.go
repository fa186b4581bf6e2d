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
	key string // a key, or a pattern whose * stands for one word of a key
	at  string // file:line from the module's root
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
				add(codeFile(u.at), codeLine(u.at), "no message of content/%s matches %s, which this code makes", content.MessagesDir, u.key)
			}
			continue
		}
		if !have(i18n.Key(u.key)) {
			add(codeFile(u.at), codeLine(u.at), "the message %s, which this code speaks, is not in content/%s: add it there", u.key, content.MessagesDir)
		}
	}
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

func codeFile(at string) string {
	file, _, _ := strings.Cut(at, ":")
	return file
}

func codeLine(at string) int {
	_, line, _ := strings.Cut(at, ":")
	n := 0
	fmt.Sscan(line, &n)
	return n
}
