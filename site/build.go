package site

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"abusedesk/site/formhtml"
	"abusedesk/site/headers"
)

// Build writes the whole site into dir: every page of every language, the site's own
// assets, a root page that leads to the languages, the sitemap and the headers file. What
// dir held before and the build did not write is removed, so the folder is exactly the
// site; files are rewritten in place rather than the folder emptied first, since on a
// small machine the file system calls are most of a build's time.
func (s *Site) Build(dir string) error {
	out := &output{dir: dir, dirs: map[string]bool{}, stale: map[string]bool{}}
	if err := out.survey(); err != nil {
		return err
	}
	files := make([]string, len(s.pages))
	for i, p := range s.pages {
		file := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p.Path, "/")))
		if strings.HasSuffix(p.Path, "/") {
			file = filepath.Join(file, "index.html")
		}
		files[i] = file
		if err := out.mkdirs(filepath.Dir(file)); err != nil {
			return err
		}
	}
	// Each page is rendered straight into its file, several at a time.
	err := parallel(len(s.pages), func(i int) error {
		return writeFile(files[i], func(w *bufio.Writer) error { return s.RenderPage(w, s.pages[i]) })
	})
	if err != nil {
		return err
	}
	out.wrote(files...)
	extra := map[string]func(*bufio.Writer) error{
		"index.html":  func(w *bufio.Writer) error { return s.tmpl.ExecuteTemplate(w, "root.html", s.rootView()) },
		"_headers":    s.writeHeaders,
		"sitemap.xml": s.writeSitemap,
		"favicon.ico": writeFavicon,
		// For the Worker, which reads it from its assets rather than parse the YAML again.
		filepath.FromSlash(formhtml.OptionsFile): s.writeFormOptions,
		filepath.FromSlash(formhtml.PolicyFile):  s.writePolicy,
		// The form's rules of what shows for which answers, from the rules data.
		filepath.FromSlash(formhtml.StyleFile): func(w *bufio.Writer) error { return s.forms.Style(w, s.rules.Languages[0]) },
	}
	if p, ok := s.Page(s.rules.Languages[0], "notfound"); ok {
		// Paths outside every language folder get the default language's 404 page.
		extra["404.html"] = func(w *bufio.Writer) error { return s.RenderPage(w, p) }
	}
	for name, write := range extra {
		file := filepath.Join(dir, name)
		if err := out.mkdirs(filepath.Dir(file)); err != nil {
			return err
		}
		if err := writeFile(file, write); err != nil {
			return err
		}
		out.wrote(file)
	}
	if err := s.copyAssets(out); err != nil {
		return err
	}
	return out.removeStale()
}

// output keeps track of the build folder: which folders exist and which old files have
// not been written again.
type output struct {
	dir   string
	dirs  map[string]bool
	stale map[string]bool
}

// survey reads what the folder holds now.
func (o *output) survey() error {
	err := filepath.WalkDir(o.dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			o.dirs[path] = true
		default:
			o.stale[path] = true
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// mkdirs makes dir and its parents, each once.
func (o *output) mkdirs(dir string) error {
	if o.dirs[dir] {
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := o.mkdirs(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	o.dirs[dir] = true
	return nil
}

func (o *output) wrote(files ...string) {
	for _, f := range files {
		delete(o.stale, f)
	}
}

// removeStale removes the files of an earlier build that this one did not write.
func (o *output) removeStale() error {
	for f := range o.stale {
		if err := os.Remove(f); err != nil {
			return fmt.Errorf("removing %s: %w", f, err)
		}
	}
	return nil
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
	// Not truncated when opened: the new bytes overwrite the old in place and only what is
	// left past their end is cut off. Truncating a file frees its blocks, and on a file
	// system mounted with discard (this project's machines) that is most of a rebuild's
	// time.
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o644)
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
	// Where the new bytes end, the file ends.
	end, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		err = f.Truncate(end)
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return f.Close()
}

func (s *Site) copyAssets(out *output) error {
	return fs.WalkDir(embedded, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := embedded.ReadFile(name)
		if err != nil {
			return err
		}
		target := filepath.Join(out.dir, filepath.FromSlash(name))
		if err := out.mkdirs(filepath.Dir(target)); err != nil {
			return err
		}
		out.wrote(target)
		return os.WriteFile(target, data, 0o644)
	})
}

// writeFormOptions writes what the form shows beside the report's fields, for the Worker.
func (s *Site) writeFormOptions(w *bufio.Writer) error { return json.NewEncoder(w).Encode(s.form) }

// writeHeaders writes the static assets' _headers file: the security headers on every
// path.
func (s *Site) writeHeaders(w *bufio.Writer) error {
	w.WriteString("/*\n")
	for _, h := range headers.Security(s.form.TurnstileSiteKey != "") {
		fmt.Fprintf(w, "  %s: %s\n", h.Name, h.Value)
	}
	return nil
}
