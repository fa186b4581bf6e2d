// Package rootpage puts a visitor's language first on the site's root page: the Worker
// answers / with the root page the generator wrote (a list of links to the languages),
// the language negotiated from Accept-Language moved to the top and named on <html>, where
// the page's script finds it. There are no cookies, so a language the visitor chose before
// is known only to their browser (lang.js keeps it in localStorage): the Worker never
// redirects from / itself, and without JavaScript the list is there, the visitor's
// language at the top.
package rootpage

import (
	"bytes"
	"html"
)

// Edit returns the root page with lang named in data-negotiated on its <html> element and
// the list item that links to lang moved to the top of its list. It relies on the
// generator's root page having one list, of <li> items each linking with hreflang; a page
// that differs keeps its order (a test of the Worker on the generated page keeps the two
// in step).
func Edit(page []byte, lang string) []byte {
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
