package intake

import (
	"bytes"
	"html"
	"net/http"
)

// The visitor's language at the site's root.
//
// There are no cookies, so a language the visitor chose on the site is known only to their
// browser (lang.js keeps it in localStorage). The Worker therefore never redirects from /
// itself: it answers with the root page the generator wrote, a plain list of links to the
// languages, after putting the language negotiated from Accept-Language first in the list
// and naming it in data-negotiated on <html>. On that page lang.js goes (location.replace)
// to the language the visitor chose, if any, else to the negotiated one; without
// JavaScript the list is there, the visitor's language at the top.

// root answers GET and HEAD / with the root page, the negotiated language marked. The
// answer varies with Accept-Language, and says so to caches.
func (h *Handler) root(w http.ResponseWriter, r *http.Request) {
	lang := h.langs.Best(r)
	w.Header().Set("Vary", "Accept-Language")
	page, err := h.assets.Read(r.Context(), "/")
	if err != nil {
		// Without the page the visitor can still be taken somewhere sensible.
		h.log.Error("reading the root page", "err", err)
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, "/"+lang+"/", http.StatusFound)
		return
	}
	page = rootPage(page, lang)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	// Small, and changed by every deploy: always asked for again.
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(page)
	}
}

// rootPage returns the root page with lang named in data-negotiated on its <html> element
// and the list item that links to lang moved to the top of its list. It relies on the
// generator's root page having one list, of <li> items each linking with hreflang; a page
// that differs keeps its order (the test on the generated page keeps the two in step).
func rootPage(page []byte, lang string) []byte {
	var b bytes.Buffer
	b.Grow(len(page) + 64)
	htmlAt := bytes.Index(page, []byte("<html"))
	if htmlAt < 0 {
		return page
	}
	htmlAt += len("<html")
	b.Write(page[:htmlAt])
	b.WriteString(` data-negotiated="` + html.EscapeString(lang) + `"`)
	rest := page[htmlAt:]

	first, item, end := listItem(rest, `hreflang="`+html.EscapeString(lang)+`"`)
	if item < 0 || item == first {
		b.Write(rest)
		return b.Bytes()
	}
	b.Write(rest[:first])
	b.Write(rest[item:end])
	b.Write(rest[first:item])
	b.Write(rest[end:])
	return b.Bytes()
}

// listItem finds, in page, the first <li> element and the one that contains attr. Each
// starts at the white space before its <li>, so an item moved keeps its own line; end is
// just after the </li> of the one with attr, whose start is -1 when there is none.
func listItem(page []byte, attr string) (first, item, end int) {
	first, item = -1, -1
	for at := 0; ; {
		start := liTag(page, at)
		if start < 0 {
			return first, -1, -1
		}
		stop := bytes.Index(page[start:], []byte("</li>"))
		if stop < 0 {
			return first, -1, -1
		}
		stop += start + len("</li>")
		lead := len(bytes.TrimRight(page[:start], " \t\r\n"))
		if first < 0 {
			first = lead
		}
		if bytes.Contains(page[start:stop], []byte(attr)) {
			return first, lead, stop
		}
		at = stop
	}
}

// liTag returns where the next <li> start tag is at or after from, -1 when there is none;
// <link> is not one.
func liTag(page []byte, from int) int {
	for {
		i := bytes.Index(page[from:], []byte("<li"))
		if i < 0 {
			return -1
		}
		i += from
		if next := i + len("<li"); next < len(page) && (page[next] == '>' || page[next] == ' ') {
			return i
		}
		from = i + 1
	}
}
