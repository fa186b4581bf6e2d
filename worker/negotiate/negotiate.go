// Package negotiate reads what a request asks for in its headers: the language to answer
// in (Accept-Language, among the site's languages) and whether the answer should be a page
// or JSON (Accept, and what the body was).
package negotiate

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Languages picks a visitor's language among the site's.
type Languages struct {
	langs   []string
	matcher language.Matcher
}

// NewLanguages matches among langs, the first being the one for visitors no other suits.
func NewLanguages(langs []string) (*Languages, error) {
	if len(langs) == 0 {
		return nil, fmt.Errorf("negotiate: no language to choose from")
	}
	tags := make([]language.Tag, len(langs))
	for i, l := range langs {
		t, err := language.Parse(l)
		if err != nil {
			return nil, fmt.Errorf("negotiate: language %q: %w", l, err)
		}
		tags[i] = t
	}
	return &Languages{langs: langs, matcher: language.NewMatcher(tags)}, nil
}

// Default is the language for visitors no other suits: the first.
func (l *Languages) Default() string { return l.langs[0] }

// Best returns the language that best suits the request's Accept-Language, weights and
// close relatives counted as golang.org/x/text/language counts them (be-BY is served
// Russian), or Default when none suits or there is no header.
func (l *Languages) Best(r *http.Request) string {
	tags := acceptedLanguages(strings.Join(r.Header.Values("Accept-Language"), ","))
	if len(tags) == 0 {
		return l.Default()
	}
	if _, i, confidence := l.matcher.Match(tags...); confidence != language.No {
		return l.langs[i]
	}
	return l.Default()
}

// acceptedLanguages parses an Accept-Language header, best first. The parser gives up on
// the whole header at one malformed entry; a browser never sends one, but proxies and bots
// do, so then the entries that parse are kept.
func acceptedLanguages(header string) []language.Tag {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err == nil {
		return tags
	}
	var valid []string
	for entry := range strings.SplitSeq(header, ",") {
		if _, _, err := language.ParseAcceptLanguage(entry); err == nil {
			valid = append(valid, entry)
		}
	}
	tags, _, _ = language.ParseAcceptLanguage(strings.Join(valid, ","))
	return tags
}

// The request bodies the Worker reads.
const (
	JSON      = "application/json"
	Form      = "application/x-www-form-urlencoded"
	Multipart = "multipart/form-data"
)

// BodyType is the media type of the request's body, "" when there is none or it is
// unreadable.
func BodyType(r *http.Request) string {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mediaType
}

// WantsHTML says whether to answer with a page rather than JSON. A form sent without
// JavaScript gets a page unless its Accept prefers JSON; JSON gets JSON; anything else
// (an error before a report was read) gets JSON unless its Accept prefers HTML, as a
// browser's does.
func WantsHTML(r *http.Request) bool {
	accept := r.Header.Values("Accept")
	html, js := quality(accept, "text/html"), quality(accept, JSON)
	switch BodyType(r) {
	case JSON:
		return false
	case Form, Multipart:
		return html >= js
	default:
		return html > js
	}
}

// quality is the q an Accept header gives mediaType: that of the most specific range
// that matches it, 1 when there is no header, 0 when no range matches.
func quality(accept []string, mediaType string) float64 {
	if len(accept) == 0 {
		return 1
	}
	major, _, _ := strings.Cut(mediaType, "/")
	best, q := 0, 0.0
	for _, header := range accept {
		for part := range strings.SplitSeq(header, ",") {
			rng, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			specificity := 0
			switch rng {
			case mediaType:
				specificity = 3
			case major + "/*":
				specificity = 2
			case "*/*":
				specificity = 1
			}
			if specificity <= best {
				continue
			}
			best, q = specificity, 1
			if s, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(s, 64); err == nil {
					q = f
				}
			}
		}
	}
	return q
}
