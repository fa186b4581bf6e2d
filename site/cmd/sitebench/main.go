// Command sitebench measures the site generator against Hugo on the same synthetic corpus
// (package corpus): wall time and peak memory of whole builds, each tool run as its own
// process, the median of several runs. `make bench` runs it.
//
//	go run ./site/cmd/sitebench -pages 1000 -runs 5 -hugo $(go env GOPATH)/bin/hugo
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"abusedesk/site/internal/corpus"
)

var languages = []string{"uk", "ru", "en"}

func main() {
	pages := flag.Int("pages", 1000, "pages in each language")
	runs := flag.Int("runs", 5, "builds per tool; the median is reported")
	hugo := flag.String("hugo", "hugo", "the hugo binary")
	flag.Parse()
	log.SetFlags(0)

	dir, err := os.MkdirTemp("", "sitebench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	content := filepath.Join(dir, "content")
	n, err := corpus.Write(content, languages, *pages)
	if err != nil {
		log.Fatal(err)
	}
	sitegen := filepath.Join(dir, "sitegen")
	if out, err := exec.Command("go", "build", "-o", sitegen, "./site/cmd/sitegen").CombinedOutput(); err != nil {
		log.Fatalf("building sitegen: %v\n%s", err, out)
	}
	hugoDir := filepath.Join(dir, "hugo")
	if err := writeHugoSite(hugoDir, content); err != nil {
		log.Fatal(err)
	}

	ours, err := measure(*runs, exec.Command(sitegen, "-content", content, "-o", filepath.Join(dir, "out-sitegen")))
	if err != nil {
		log.Fatalf("sitegen: %v", err)
	}
	fmt.Printf("| site build | pages | wall (median of %d) | peak memory |\n|---|---|---|---|\n", *runs)
	fmt.Printf("| sitegen | %d | %v | %.1f MiB |\n", n, ours.wall.Round(time.Millisecond), ours.rssMiB)
	theirs, err := measure(*runs, exec.Command(*hugo, "--quiet", "--source", hugoDir, "--destination", filepath.Join(dir, "out-hugo")))
	if err != nil {
		fmt.Printf("| hugo | — | not measured: %v | |\n", err)
		return
	}
	fmt.Printf("| hugo | %d | %v | %.1f MiB |\n", n, theirs.wall.Round(time.Millisecond), theirs.rssMiB)
	wall, mem := float64(ours.wall)/float64(theirs.wall), ours.rssMiB/theirs.rssMiB
	fmt.Printf("| sitegen ÷ hugo | | %.2f× (target ≤ %.2f×: %s) | %.2f× (target ≤ %.2f×: %s) |\n",
		wall, wallTarget, met(wall <= wallTarget), mem, memTarget, met(mem <= memTarget))
}

// The site build's targets against Hugo's, as a share of its wall time and of its peak
// memory (issue 27).
const wallTarget, memTarget = 0.25, 0.15

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}

type result struct {
	wall   time.Duration
	rssMiB float64
}

// measure runs cmd runs times and returns the median wall time and the largest peak
// resident memory.
func measure(runs int, cmd *exec.Cmd) (result, error) {
	var walls []time.Duration
	var peak int64
	for range runs {
		c := exec.Command(cmd.Path, cmd.Args[1:]...)
		c.Stderr = os.Stderr
		start := time.Now()
		if err := c.Run(); err != nil {
			return result{}, err
		}
		walls = append(walls, time.Since(start))
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // kilobytes on Linux
		}
	}
	slices.Sort(walls)
	return result{walls[len(walls)/2], float64(peak) / 1024}, nil
}

// writeHugoSite gives Hugo the corpus's pages in its own project: the same languages in
// subfolders, each page with a language switcher, and nothing our generator does not do
// (no taxonomies, no feeds). Each language's home page is named _index.md there: Hugo
// takes a folder with an index.md for one page with attachments, and Hugo 0.160.0 panics
// when told to ignore that file instead.
func writeHugoSite(dir, content string) error {
	config := `baseURL = "https://abuse.example.com/"
defaultContentLanguage = "uk"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "rss"]
`
	for i, lang := range languages {
		config += fmt.Sprintf("[languages.%s]\ncontentDir = \"content/%s\"\nweight = %d\n", lang, lang, i+1)
		pages, err := os.ReadDir(filepath.Join(content, "pages", lang))
		if err != nil {
			return err
		}
		for _, p := range pages {
			data, err := os.ReadFile(filepath.Join(content, "pages", lang, p.Name()))
			if err != nil {
				return err
			}
			name := p.Name()
			if name == "index.md" {
				name = "_index.md"
			}
			target := filepath.Join(dir, "content", lang, name)
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(target, data, 0o644); err != nil {
				return err
			}
		}
	}
	files := map[string]string{
		"hugo.toml": config,
		"layouts/baseof.html": `<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ end }}</head>
<body><nav>{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}">{{ .Language.Lang }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>`,
		"layouts/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}`,
		"layouts/list.html":   `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}`,
		"layouts/home.html":   `{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}`,
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
