package site

import (
	"os"
	"path/filepath"
	"testing"

	"abusedesk/site/formhtml"
	"abusedesk/site/internal/corpus"
)

// BenchmarkBuild loads and writes the synthetic corpus of 3 languages × 1000 pages.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	content := filepath.Join(dir, "content")
	if _, err := corpus.Write(content, []string{"uk", "ru", "en"}, 1000); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := Load(os.DirFS(content), formhtml.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Build(filepath.Join(dir, "out")); err != nil {
			b.Fatal(err)
		}
	}
}
