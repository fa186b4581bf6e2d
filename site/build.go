package site

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"abusedesk/site/headers"
)

// Build writes the whole site into dir, which it empties first: every page of every
// language, the site's own assets, and a root page that leads to the languages.
func (s *Site) Build(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("emptying %s: %w", dir, err)
	}
	for _, p := range s.pages {
		file := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p.Path, "/")))
		if strings.HasSuffix(p.Path, "/") {
			file = filepath.Join(file, "index.html")
		}
		if err := writeFile(file, func(w *bufio.Writer) error { return s.RenderPage(w, p) }); err != nil {
			return err
		}
	}
	if err := writeFile(filepath.Join(dir, "index.html"), func(w *bufio.Writer) error {
		return s.tmpl.ExecuteTemplate(w, "root.html", s.rootView())
	}); err != nil {
		return err
	}
	if p, ok := s.Page(s.rules.Languages[0], "notfound"); ok {
		// Paths outside every language folder get the default language's 404 page.
		if err := writeFile(filepath.Join(dir, "404.html"), func(w *bufio.Writer) error { return s.RenderPage(w, p) }); err != nil {
			return err
		}
	}
	if s.provider != nil {
		if err := writeFile(filepath.Join(dir, "sitemap.xml"), s.writeSitemap); err != nil {
			return err
		}
	}
	if err := writeFile(filepath.Join(dir, "_headers"), writeHeaders); err != nil {
		return err
	}
	return copyAssets(filepath.Join(dir, "assets"))
}

// rootView lists each language's home page for the root page.
func (s *Site) rootView() []Link {
	var links []Link
	for _, lang := range s.rules.Languages {
		if p, ok := s.Page(lang, "home"); ok {
			links = append(links, Link{Lang: lang, Name: p.Title, Path: p.Path})
		}
	}
	return links
}

func writeFile(name string, render func(*bufio.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := render(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return f.Close()
}

func copyAssets(dir string) error {
	return fs.WalkDir(embedded, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := embedded.ReadFile(name)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, strings.TrimPrefix(name, "assets/"))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// writeHeaders writes the static assets' _headers file: the security headers on every
// path.
func writeHeaders(w *bufio.Writer) error {
	w.WriteString("/*\n")
	for _, h := range headers.Security() {
		fmt.Fprintf(w, "  %s: %s\n", h.Name, h.Value)
	}
	return nil
}
