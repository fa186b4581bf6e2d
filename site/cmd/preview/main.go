// Command preview serves the site for the people who edit it: it rebuilds whenever a file
// under content/ changes and reloads the open page, so an edit shows in about a second.
// It serves the static site only; a form sent from it needs `make dev`.
//
//	go run ./site/cmd/preview -content content -addr 127.0.0.1:8788
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"abusedesk/content"
	"abusedesk/site"
	"abusedesk/site/formhtml"
)

func main() {
	contentDir := flag.String("content", "content", "the content folder to watch")
	out := flag.String("o", "build/preview", "the folder to build into")
	addr := flag.String("addr", "127.0.0.1:8788", "the address to serve on")
	flag.Parse()
	log.SetFlags(log.Ltime)

	p := &previewer{content: *contentDir, out: *out, changed: make(chan struct{})}
	p.rebuild()
	go p.watch(context.Background(), 200*time.Millisecond)
	log.Printf("preview: http://%s/ — edit anything under %s and the page reloads", *addr, *contentDir)
	log.Fatal(http.ListenAndServe(*addr, p.handler()))
}

// handler serves the built site, each page with the reload script, and the reload events.
func (p *previewer) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/_preview/events", http.HandlerFunc(p.events))
	mux.Handle("/", p.withReload(http.FileServer(http.Dir(p.out))))
	return mux
}

// previewer rebuilds the site and tells the open pages when it did.
type previewer struct {
	content, out string

	mu      sync.Mutex
	changed chan struct{} // closed and replaced after each rebuild
	failure string        // the last build's error, shown in the page
}

func (p *previewer) rebuild() {
	start := time.Now()
	problems, err := build(p.content, p.out)
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case err != nil:
		p.failure = err.Error()
		log.Printf("build failed:\n%v", err)
	case problems != "":
		// Built, but `make check` would fail: the editor sees why while editing.
		p.failure = problems
		log.Printf("rebuilt in %v; check:\n%s", time.Since(start).Round(time.Millisecond), problems)
	default:
		p.failure = ""
		log.Printf("rebuilt in %v", time.Since(start).Round(time.Millisecond))
	}
	close(p.changed)
	p.changed = make(chan struct{})
}

// build builds the site from contentDir into out and returns what its check found.
func build(contentDir, out string) (problems string, err error) {
	s, err := site.Load(os.DirFS(contentDir), formhtml.Options{})
	var loading content.Problems
	if errors.As(err, &loading) {
		return "", loading.In(contentDir)
	}
	if err != nil {
		return "", err
	}
	if ps := s.Check(); len(ps) > 0 {
		problems = ps.Error()
	}
	return problems, s.Build(out)
}

// watch polls the content tree: the standard library has no file notifications, and a
// poll of a few dozen files is cheap. It returns when ctx is done.
func (p *previewer) watch(ctx context.Context, every time.Duration) {
	last := stamp(p.content)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if now := stamp(p.content); now != last {
			last = now
			p.rebuild()
		}
	}
}

// stamp summarizes the names, sizes and times of every file under dir.
func stamp(dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
			}
		}
		return nil
	})
	return b.String()
}

// events streams one "reload" event per rebuild (Server-Sent Events).
func (p *previewer) events(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	flusher, _ := w.(http.Flusher)
	// The headers go at once, so the page's EventSource is open before the next rebuild.
	w.WriteHeader(http.StatusOK)
	if flusher != nil {
		flusher.Flush()
	}
	for {
		p.mu.Lock()
		changed := p.changed
		p.mu.Unlock()
		select {
		case <-r.Context().Done():
			return
		case <-changed:
			fmt.Fprint(w, "data: reload\n\n")
			if flusher != nil {
				flusher.Flush()
			}
		}
	}
}

// reloadScript reloads the page on each rebuild.
const reloadScript = `<script>new EventSource("/_preview/events").onmessage = () => location.reload();</script>`

// withReload adds the reload script to every HTML page, and on top the last build's
// failure or the problems its check found.
func (p *previewer) withReload(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		body := rec.body.Bytes()
		if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
			p.mu.Lock()
			failure := p.failure
			p.mu.Unlock()
			extra := reloadScript
			if failure != "" {
				extra = `<pre style="position:fixed;inset:0 0 auto;margin:0;padding:1rem;background:#b3261e;color:#fff;white-space:pre-wrap">` +
					strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(failure) + `</pre>` + extra
			}
			body = bytes.Replace(body, []byte("</body>"), []byte(extra+"</body>"), 1)
			w.Header().Del("Content-Length")
			w.Header().Set("Cache-Control", "no-store")
		}
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
