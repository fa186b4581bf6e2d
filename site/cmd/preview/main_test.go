package main

import (
	"bufio"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startPreview serves a preview of a copy of the shipped content and returns the copy's
// folder and the server's address.
func startPreview(t *testing.T) (contentDir, url string) {
	t.Helper()
	log.SetOutput(io.Discard)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	contentDir = filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(contentDir, os.DirFS("../../../content")); err != nil {
		t.Fatal(err)
	}
	p := &previewer{content: contentDir, out: filepath.Join(t.TempDir(), "out"), changed: make(chan struct{})}
	p.rebuild()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go p.watch(ctx, 20*time.Millisecond)
	srv := httptest.NewServer(p.handler())
	t.Cleanup(srv.Close)
	return contentDir, srv.URL
}

// reloads subscribes to the preview's events and returns a channel that receives one value
// per reload event.
func reloads(t *testing.T, url string) <-chan struct{} {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/_preview/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events served as %q", ct)
	}
	ch := make(chan struct{})
	go func() {
		defer res.Body.Close()
		lines := bufio.NewScanner(res.Body)
		for lines.Scan() {
			if lines.Text() == "data: reload" {
				ch <- struct{}{}
			}
		}
	}()
	return ch
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func edit(t *testing.T, file string, change func(string) string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(change(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

func waitReload(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("no reload event after the edit")
	}
}

func TestAnEditReloadsThePage(t *testing.T) {
	dir, url := startPreview(t)
	page := get(t, url+"/en/procedure/")
	if !strings.Contains(page, reloadScript) {
		t.Fatal("the page lacks the reload script")
	}
	if strings.Contains(page, "<pre") {
		t.Fatalf("the shipped content shows a problem banner:\n%s", page)
	}
	events := reloads(t, url)

	const sentence = "Complaints are read by people, not by robots."
	edit(t, filepath.Join(dir, "pages/en/procedure.md"), func(s string) string { return s + "\n" + sentence + "\n" })
	waitReload(t, events)
	if page := get(t, url+"/en/procedure/"); !strings.Contains(page, sentence) {
		t.Errorf("the edit is not in the page served after the reload")
	}

	// A change to the binding version makes its translations stale: the editor is told in
	// the page, with the file and line.
	edit(t, filepath.Join(dir, "pages/uk/procedure.md"), func(s string) string { return s + "\nЩе одне речення.\n" })
	waitReload(t, events)
	if page := get(t, url+"/uk/procedure/"); !strings.Contains(page, "pages/en/procedure.md:") || !strings.Contains(page, "stale translation") {
		t.Errorf("the stale translation is not shown in the page:\n%s", page)
	}

	// A page that does not build: the last good site stays, the failure on top.
	edit(t, filepath.Join(dir, "pages/en/index.md"), func(s string) string { return strings.Replace(s, "---\n", "---\nkey: [\n", 1) })
	waitReload(t, events)
	page = get(t, url+"/en/")
	if !strings.Contains(page, "pages/en/index.md") || !strings.Contains(page, "<pre") {
		t.Errorf("the build failure is not shown in the page:\n%s", page)
	}
}
