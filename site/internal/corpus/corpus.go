// Package corpus writes a synthetic content tree for measuring the site generator: N pages
// in each language, each about 4 KB of Markdown with headings, a table, links and front
// matter naming its translation key, beside the real rules and provider files. The same
// pages serve Hugo, which links translations by file name.
package corpus

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"abusedesk/content"
)

// Write fills dir with n pages in each of langs and returns the number of files written.
func Write(dir string, langs []string, n int) (int, error) {
	written := 0
	// The generator needs the rules, the provider and the zone.
	err := fs.WalkDir(content.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(name, "pages/") {
			return err
		}
		data, err := fs.ReadFile(content.FS(), name)
		if err != nil {
			return err
		}
		return write(filepath.Join(dir, filepath.FromSlash(name)), data)
	})
	if err != nil {
		return 0, fmt.Errorf("copying the rules: %w", err)
	}
	for _, lang := range langs {
		pages := filepath.Join(dir, "pages", lang)
		// The site needs its home and form pages, and the policy page the statement of
		// reasons links to; they count among the n.
		for _, special := range []string{"index", "report", "policy"} {
			data, err := fs.ReadFile(content.FS(), path.Join("pages", lang, special+".md"))
			if err != nil {
				return 0, err
			}
			if err := write(filepath.Join(pages, special+".md"), data); err != nil {
				return 0, err
			}
			written++
		}
		for i := 3; i < n; i++ {
			if err := write(filepath.Join(pages, fmt.Sprintf("page-%04d.md", i)), page(lang, i, n)); err != nil {
				return 0, err
			}
			written++
		}
	}
	return written, nil
}

func write(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// page is page i of n in lang: about 4 KB, with links to its neighbours.
func page(lang string, i, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nkey: page-%04d\ntitle: Page %d (%s)\n---\n", i, i, lang)
	for section := 1; section <= 4; section++ {
		fmt.Fprintf(&b, "\n## Section %d of page %d\n\n", section, i)
		b.WriteString("A complaint is checked within working hours; the customer is notified and must answer, remove the cause and prevent it. ")
		fmt.Fprintf(&b, "See [the previous page](../page-%04d/) and [the next one](../page-%04d/), or the [policy](/%s/). ", max(3, i-1), min(n-1, i+1), lang)
		b.WriteString("Mass mailings need proof of double opt-in, *signed* mail and **an unsubscribe link**.\n\n")
		b.WriteString("| category | hours | rule |\n|---|---|---|\n")
		for row := 1; row <= 5; row++ {
			fmt.Fprintf(&b, "| category %d.%d | %d | blocked if ignored, notice `afterwards` |\n", section, row, row*2)
		}
		b.WriteString("\n- one point with `code`\n- another point\n- a third, longer point that wraps the line a little\n")
	}
	return []byte(b.String())
}
