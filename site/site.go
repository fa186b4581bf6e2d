// Package site turns the content tree into HTML: the Markdown pages of every language, the
// Report Abuse form and the receipt. A site is a file system (package content's tree) plus
// the templates embedded here; rendering a page is one function of its data.
//
// The site generator (cmd/sitegen) writes every page to a folder the Worker serves as
// static assets. The form and the receipt are written by package formhtml, which the
// Worker uses too to answer a form sent without JavaScript, so both paths show the same
// page.
package site

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"go.yaml.in/yaml/v3"

	"abusedesk/content/bundle"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/schemas/browsercheck"
	"abusedesk/site/formhtml"
)

//go:embed templates assets
var embedded embed.FS

// Site is the loaded content, ready to render. It is safe for concurrent use.
type Site struct {
	rules    *policy.Rules
	words    *i18n.Catalog
	provider *policy.Provider
	spec     *browsercheck.Spec
	pages    []*Page
	index    map[pageID]*Page
	tmpl     *template.Template
	forms    *formhtml.Renderer
	// form is what the form shows beside the report's fields, which the site ships for
	// the Worker and the headers follow.
	form formhtml.Options
	// zoneData is the TZif file of the rules' zone, which the form page hands to the
	// browser module.
	zoneData []byte
	// sources are where the catalog's messages are written, for the checks.
	sources []bundle.Message
	// content is everything loaded, which the site ships prepared for the Worker.
	content *bundle.Bundle
	// files is the content tree itself, whose text some checks read as written.
	files fs.FS
}

// Page is one Markdown page in one language.
type Page struct {
	Lang string
	// Key links a page to its translations: the same key in every language.
	Key   string
	Title string
	// Layout picks the template: "page" by default, "report" for the form, "status" for the
	// reporter's status page.
	Layout string
	// Path is the page's URL path, e.g. /uk/report/.
	Path string
	// Description is the front matter's, or else the start of the first paragraph: what
	// search engines show under the title.
	Description string
	Body        template.HTML
	// Source is the file the page came from, for messages.
	Source string
	// Binding is the language whose version of this document is legally binding; empty
	// for pages that are not legal documents. TranslatedFrom is, on the other versions,
	// the Hash of the binding version they were translated from.
	Binding, TranslatedFrom string
	// Hash identifies this version of the file's text.
	Hash string

	raw          []byte
	translatedAt int // the line of translated_from, for messages
}

// frontMatter is the YAML between the --- lines at the top of a page.
type frontMatter struct {
	Key            string    `yaml:"key"`
	Title          string    `yaml:"title"`
	Layout         string    `yaml:"layout"`
	Description    string    `yaml:"description"`
	Binding        string    `yaml:"binding"`
	TranslatedFrom yaml.Node `yaml:"translated_from"`
}

// New loads every page of the content tree fsys, whose other files c holds as
// content.Load made them, and parses the templates once. form says what the form shows
// beside the report's fields.
func New(fsys fs.FS, c *bundle.Bundle, spec *browsercheck.Spec, form formhtml.Options) (*Site, error) {
	for _, u := range c.Unapproved {
		form.Unapproved = append(form.Unapproved, u.What)
	}
	s := &Site{rules: c.Rules, words: c.Messages, provider: c.Provider, spec: spec, forms: formhtml.New(c.Rules, c.Provider, spec, c.Messages, form), form: form, zoneData: c.Zone, sources: c.Sources, content: c, files: fsys}
	pages, err := loadPages(fsys, c.Rules, c.Messages, c.Provider, spec, c.Pending)
	if err != nil {
		return nil, err
	}
	s.pages = pages
	s.index = map[pageID]*Page{}
	for _, p := range pages {
		s.index[pageID{p.Lang, p.Key}] = p
	}
	tmpl, err := template.New("").Funcs(template.FuncMap{
		// The templates' keys are found by keyscan in the templates themselves.
		"t":        func(lang, key string) string { return s.words.Text(lang, i18n.Key(key)) },
		"langName": s.words.Name,
		// The privacy notice of a language, which every page's footer links.
		"privacyPath": func(lang string) string { return api.PagePath(lang, api.PrivacyPage) },
		// The form, which every legal document links at its top: a reader of the policy
		// is often one about to complain.
		"reportPath": func(lang string) string { return api.PagePath(lang, api.FormPage) },
		// Where the typo dialog (assets/typo.js) posts its note, and the schema's limits
		// it cuts the note to, written on its button: a script cannot import them.
		"typoPath":      func() string { return api.TyposPath },
		"typoMaxLength": typoMaxLength,
	}).ParseFS(embedded, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	s.tmpl = tmpl
	return s, nil
}

// typoMaxLength is the maxLength the typo note's schema gives field.
func typoMaxLength(field string) (int, error) {
	for _, f := range schemas.TypoSpec().Fields {
		if f.Name == field && f.MaxLength > 0 {
			return f.MaxLength, nil
		}
	}
	return 0, fmt.Errorf("the typo note's schema gives %q no maxLength", field)
}

func loadPage(content fs.FS, md goldmark.Markdown, lang, file string) (*Page, error) {
	src, err := fs.ReadFile(content, file)
	if err != nil {
		return nil, fmt.Errorf("reading page: %w", err)
	}
	front, body, err := splitFrontMatter(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var fm frontMatter
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		return nil, fmt.Errorf("%s: front matter: %w", file, err)
	}
	if fm.Key == "" || fm.Title == "" {
		return nil, fmt.Errorf("%s: front matter needs a key and a title", file)
	}
	var html bytes.Buffer
	if err := md.Convert(body, &html); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	name := strings.TrimSuffix(path.Base(file), ".md")
	if fm.Description == "" {
		fm.Description = firstParagraph(html.String(), 160)
	}
	p := &Page{
		Lang: lang, Key: fm.Key, Title: fm.Title, Layout: fm.Layout, Description: fm.Description, Body: template.HTML(html.String()),
		Source: file, Binding: fm.Binding, TranslatedFrom: fm.TranslatedFrom.Value, Hash: Hash(src), raw: src,
		// The front matter starts on the file's second line.
		translatedAt: fm.TranslatedFrom.Line + 1,
	}
	if p.Layout == "" {
		p.Layout = "page"
	}
	switch name {
	case "index":
		p.Path = "/" + lang + "/"
	case "404":
		// The Worker's asset server answers a missing path with the nearest 404.html.
		p.Path = "/" + lang + "/404.html"
	default:
		p.Path = "/" + lang + "/" + name + "/"
	}
	return p, nil
}

// firstParagraph returns the text of the first <p> of html, cut at a word to at most max
// characters.
func firstParagraph(html string, max int) string {
	_, rest, ok := strings.Cut(html, "<p>")
	if !ok {
		return ""
	}
	para, _, _ := strings.Cut(rest, "</p>")
	text := strings.Join(strings.Fields(stdhtml.UnescapeString(tags.ReplaceAllString(para, ""))), " ")
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	cut := string([]rune(text)[:max-1])
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, ",;:") + "…"
}

var tags = regexp.MustCompile(`<[^>]*>`)

// splitFrontMatter separates the YAML front matter from the Markdown body.
func splitFrontMatter(src []byte) (front, body []byte, err error) {
	const fence = "---\n"
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, []byte(fence)) {
		return nil, nil, fmt.Errorf("no front matter: start the file with a --- line")
	}
	front, body, ok := bytes.Cut(src[len(fence):], []byte("\n"+fence))
	if !ok {
		return nil, nil, fmt.Errorf("front matter has no closing --- line")
	}
	return front, body, nil
}

// Hash identifies a version of a page's text: what a translation records as
// translated_from. Line endings do not count.
func Hash(src []byte) string {
	sum := sha256.Sum256(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")))
	return hex.EncodeToString(sum[:6])
}

// Pages returns every page, in the order of the rules' languages.
func (s *Site) Pages() []*Page { return s.pages }

// Page returns the page with the given key in lang.
func (s *Site) Page(lang, key string) (*Page, bool) {
	p, ok := s.index[pageID{lang, key}]
	return p, ok
}

// pageID names a page: its key in one language.
type pageID struct{ lang, key string }

// loadPages reads and converts every page of every language, several at a time: Markdown
// conversion is most of a build's work, and a goldmark converter is safe for concurrent
// use. The pages come back in a stable order: by language, then by file name.
func loadPages(content fs.FS, rules *policy.Rules, words *i18n.Catalog, provider *policy.Provider, spec *browsercheck.Spec, pending func(string) (string, bool)) ([]*Page, error) {
	type job struct {
		md   goldmark.Markdown
		lang string
		file string
	}
	var jobs []job
	for _, lang := range rules.Languages {
		md := goldmark.New(
			goldmark.WithExtensions(extension.Table, &rulesTables{rules: rules, words: words, provider: provider, spec: spec, lang: lang, pending: pending}, &approvals{words: words, lang: lang}),
			// A heading the code links to is given its id ({#contest}): the automatic ones
			// of Ukrainian and Russian headings are runs of hyphens.
			goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
		)
		dir := path.Join("pages", lang)
		entries, err := fs.ReadDir(content, dir)
		if err != nil {
			return nil, fmt.Errorf("reading pages of %s: %w", lang, err)
		}
		for _, e := range entries {
			if !e.IsDir() && path.Ext(e.Name()) == ".md" {
				jobs = append(jobs, job{md, lang, path.Join(dir, e.Name())})
			}
		}
	}
	pages := make([]*Page, len(jobs))
	err := parallel(len(jobs), func(i int) (err error) {
		pages[i], err = loadPage(content, jobs[i].md, jobs[i].lang, jobs[i].file)
		return err
	})
	return pages, err
}

// parallel calls do for 0 ≤ i < n on as many goroutines as there are processors, and
// returns the first error in i's order.
func parallel(n int, do func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = do(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Link is a link to a page in another language.
type Link struct {
	Lang, Name, Path string
	Current          bool
}

// translations lists page p in every language that has it, p's own language marked, and
// then the default language's version as x-default.
func (s *Site) translations(p *Page) []Link {
	var links []Link
	for _, lang := range s.rules.Languages {
		if t, ok := s.Page(lang, p.Key); ok {
			links = append(links, Link{Lang: lang, Name: s.words.Name(lang), Path: t.Path, Current: lang == p.Lang})
		}
	}
	return links
}

// defaultVersion is the path of p in the site's default language, the x-default.
func (s *Site) defaultVersion(p *Page) string {
	if d, ok := s.Page(s.rules.Languages[0], p.Key); ok {
		return d.Path
	}
	return p.Path
}

// view is what every template sees.
type view struct {
	*Page
	Alternates []Link
	XDefault   string
	// Origin is the site's public address, for links that must be absolute (hreflang).
	Origin   string
	Provider *policy.Provider
	// BindingPath is the binding version's path when this page is a translation of it.
	BindingPath string
	Home        string
	// PrivacyPath is the privacy notice's page in this page's language, which every page's
	// footer links.
	PrivacyPath string
	// Main and FormData are the form page's region (package formhtml) and its data for
	// the browser module, in the element FormDataID.
	Main       template.HTML
	FormData   template.JS
	FormDataID string
}

// RenderPage writes a Markdown page in its layout.
func (s *Site) RenderPage(w io.Writer, p *Page) error {
	switch p.Layout {
	case "report":
		return s.RenderForm(w, formhtml.Form{Lang: p.Lang})
	case "status":
		return s.RenderStatusForm(w, p)
	}
	return s.render(w, "page.html", view{Page: p})
}

func (s *Site) render(w io.Writer, name string, v view) error {
	v.Alternates = s.translations(v.Page)
	v.XDefault = s.defaultVersion(v.Page)
	v.Provider = s.provider
	v.Origin = s.provider.Website
	v.Home = "/" + v.Lang + "/"
	v.PrivacyPath = api.PagePath(v.Lang, api.PrivacyPage)
	if b, ok := s.Page(v.Binding, v.Key); ok && v.Binding != v.Lang {
		v.BindingPath = b.Path
	}
	if err := s.tmpl.ExecuteTemplate(w, name, v); err != nil {
		return fmt.Errorf("rendering %s: %w", v.Path, err)
	}
	return nil
}

// pageData is the JSON the browser module reads from the form page.
type pageData struct {
	Lang     string             `json:"lang"`
	Messages map[i18n.Key]any   `json:"messages"`
	Spec     *browsercheck.Spec `json:"spec"`
	Rules    policy.Wire        `json:"rules"`
}

func (s *Site) pageData(lang string) (template.JS, error) {
	d := pageData{Lang: lang, Messages: s.words.Export(lang, moduleSpeaks), Spec: s.spec, Rules: s.rules.Wire(s.zoneData).WithRules(s.rules, lang)}
	// encoding/json escapes <, > and &, so the data cannot close its script element.
	data, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encoding form data: %w", err)
	}
	return template.JS(data), nil
}

// hasLanguage says whether lang is one of the rules' languages.
func (s *Site) hasLanguage(lang string) bool { return slices.Contains(s.rules.Languages, lang) }
