package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"abusedesk/content"
	"abusedesk/schemas/api"
)

// Check finds what would make the published site wrong though every page renders: a page
// missing in a language, a translation made from an older version of its binding text, a
// link to a page or an anchor that does not exist (such as an unknown category), and what
// checkCatalog finds in the message catalog. Each problem names the file and line to fix.
func (s *Site) Check() content.Problems {
	ps := s.checkCatalog()
	ps = append(ps, s.checkApostrophes()...)
	add := func(file string, line int, format string, args ...any) {
		ps = append(ps, content.Problem{File: path.Join("content", file), Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	byKey := map[string][]*Page{}
	for _, p := range s.pages {
		byKey[p.Key] = append(byKey[p.Key], p)
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		versions := byKey[key]
		for _, lang := range s.rules.Languages {
			if _, ok := s.Page(lang, key); !ok {
				other := versions[0]
				add(path.Join("pages", lang, path.Base(other.Source)), 1, "page %q is missing in %s (it exists as %s)", key, lang, other.Source)
			}
		}
		s.checkBinding(versions, add)
	}
	for _, p := range s.pages {
		s.checkLinks(p, add)
	}
	// The pages the code links to, from the form, every footer and the reporter's mail.
	for _, key := range []string{api.FormPage, api.PrivacyPage, api.ExpectPage} {
		if len(byKey[key]) == 0 {
			add(path.Join("pages", s.rules.Languages[0], key+".md"), 1, "page %q is missing: the form, the footers or the confirmation e-mail link to it", key)
		}
	}
	// The policy's section on contesting a measure, which the desk's statements of
	// reasons link to.
	for _, p := range byKey[api.PolicyPage] {
		if _, _, ok := section(p.raw, api.ContestSection); !ok {
			add(p.Source, 1, "no section ends its heading with {#%s}: the statement of reasons a restricted customer gets links it as how to contest the measure", api.ContestSection)
		}
	}
	if len(byKey[api.PolicyPage]) == 0 {
		add(path.Join("pages", s.rules.Languages[0], api.PolicyPage+".md"), 1, "page %q is missing: the statement of reasons links to it", api.PolicyPage)
	}
	return ps
}

func (s *Site) checkBinding(versions []*Page, add func(string, int, string, ...any)) {
	binding := versions[0].Binding
	for _, p := range versions {
		if p.Binding != binding {
			add(p.Source, 1, "binding: %q here, but %q in %s: every version must name the same binding language", p.Binding, binding, versions[0].Source)
			return
		}
	}
	if binding == "" {
		return
	}
	if !s.hasLanguage(binding) {
		add(versions[0].Source, 1, "binding: %q is not one of the site's languages", binding)
		return
	}
	source, ok := s.Page(binding, versions[0].Key)
	if !ok {
		return // reported as a missing page
	}
	for _, p := range versions {
		switch {
		case p == source:
		case p.TranslatedFrom == "":
			add(p.Source, 1, "a translation of %s must say which version it was made from: add translated_from: %s once it matches that text", source.Source, source.Hash)
		case p.TranslatedFrom != source.Hash:
			add(p.Source, p.translatedAt, "stale translation: %s has changed since this was translated (translated_from: %s, now %s); update the text, then set translated_from: %s", source.Source, p.TranslatedFrom, source.Hash, source.Hash)
		}
	}
}

var hrefs = regexp.MustCompile(`href="([^"]*)"`)

// checkLinks resolves each link of the page that stays on the site and checks that its
// page, or asset, and its anchor exist.
func (s *Site) checkLinks(p *Page, add func(string, int, string, ...any)) {
	for _, m := range hrefs.FindAllStringSubmatch(string(p.Body), -1) {
		raw := htmlUnescape(m[1])
		u, err := url.Parse(raw)
		if err != nil {
			add(p.Source, lineOf(p.raw, raw), "link %q cannot be read: %v", raw, err)
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			continue // not ours to check
		}
		target := p.Path
		switch {
		case strings.HasPrefix(u.Path, "/"):
			target = u.Path
		case u.Path != "":
			target = path.Join(path.Dir(p.Path+"x"), u.Path)
			if strings.HasSuffix(u.Path, "/") {
				target += "/"
			}
		}
		if !s.exists(target) {
			add(p.Source, lineOf(p.raw, raw), "link %q leads to %s, which does not exist", raw, target)
			continue
		}
		if u.Fragment != "" && !s.hasAnchor(target, u.Fragment) {
			add(p.Source, lineOf(p.raw, raw), "link %q: %s has no anchor #%s", raw, target, u.Fragment)
		}
	}
}

func (s *Site) exists(target string) bool {
	if target == "/" {
		return true
	}
	for _, p := range s.pages {
		if p.Path == target || p.Path == target+"/" {
			return true
		}
	}
	// The site's own assets are served from /assets/.
	_, err := fs.Stat(embedded, strings.TrimPrefix(target, "/"))
	return err == nil
}

func (s *Site) hasAnchor(target, fragment string) bool {
	for _, p := range s.pages {
		if p.Path == target || p.Path == target+"/" {
			var b bytes.Buffer
			if err := s.RenderPage(&b, p); err != nil {
				return false
			}
			return slices.Contains(ids.FindAllString(b.String(), -1), `id="`+fragment+`"`)
		}
	}
	return false
}

var ids = regexp.MustCompile(`id="[^"]*"`)

// lineOf returns the line of src on which text first appears, or 1.
func lineOf(src []byte, text string) int {
	i := bytes.Index(src, []byte(text))
	if i < 0 {
		return 1
	}
	return bytes.Count(src[:i], []byte("\n")) + 1
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

// apostrophe is the one apostrophe of Ukrainian words, U+02BC (modifier letter
// apostrophe): a letter to the spell checkers, search and line breaking, which the
// punctuation marks that look like it, U+2019 and U+0027, are not.
const apostrophe = "\u02bc"

// wrongApostrophe is a look-alike of apostrophe between two Cyrillic letters: U+2019,
// U+0027, or U+0027 doubled as YAML's single-quoted strings write it.
var wrongApostrophe = regexp.MustCompile(`\p{Cyrillic}(\x{2019}|''|')\p{Cyrillic}`)

// ukLine matches a YAML line that opens a Ukrainian text: its indentation and what
// follows the key.
var ukLine = regexp.MustCompile(`^(\s*)uk:\s*(.*)$`)

// checkApostrophes finds, with file and line, every Ukrainian word written with another
// apostrophe than U+02BC: in the Ukrainian pages, and in every text under uk: of the
// content's YAML files (the messages, the rules, the provider). `sed` over content/
// replaces them (README, Editing the form's words); this keeps them from coming back.
func (s *Site) checkApostrophes() content.Problems {
	var ps content.Problems
	bad := func(file string, n int, line string) {
		for _, m := range wrongApostrophe.FindAllString(line, -1) {
			ps = append(ps, content.Problem{File: path.Join("content", file), Line: n,
				Msg: fmt.Sprintf("%q: a Ukrainian word's apostrophe is %s (U+02BC), not %q", m, apostrophe, string([]rune(m)[1:len([]rune(m))-1]))})
		}
	}
	_ = fs.WalkDir(s.files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ukPage := strings.HasPrefix(name, path.Join("pages", "uk")+"/") && path.Ext(name) == ".md"
		if !ukPage && path.Ext(name) != ".yaml" {
			return nil
		}
		data, err := fs.ReadFile(s.files, name)
		if err != nil {
			return err
		}
		block := -1 // the indentation of a uk: whose text is on the lines below it
		for i, line := range strings.Split(string(data), "\n") {
			trimmed := strings.TrimSpace(line)
			switch {
			case ukPage:
				if !strings.HasPrefix(trimmed, "<!--") { // the lawyers' marks are English
					bad(name, i+1, line)
				}
			case strings.HasPrefix(trimmed, "#") || trimmed == "":
			case block >= 0 && len(line)-len(strings.TrimLeft(line, " ")) > block:
				bad(name, i+1, line)
			default:
				block = -1
				if m := ukLine.FindStringSubmatch(line); m != nil {
					if rest := strings.TrimSpace(m[2]); rest == "" || rest == "|" || rest == "|-" || rest == ">" || rest == ">-" {
						block = len(m[1])
					} else {
						bad(name, i+1, line)
					}
				}
			}
		}
		return nil
	})
	return ps
}
