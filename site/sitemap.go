package site

import (
	"bufio"
	"encoding/xml"
	"fmt"
)

// writeSitemap lists every page once per language, each with its translations as
// alternates, as search engines read them.
func (s *Site) writeSitemap(w *bufio.Writer) error {
	type link struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type entry struct {
		Loc   string `xml:"loc"`
		Links []link `xml:"xhtml:link"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr"`
		URLs    []entry  `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	base := s.provider.Website
	for _, p := range s.pages {
		if p.Key == "notfound" {
			continue
		}
		e := entry{Loc: base + p.Path}
		for _, alt := range s.translations(p) {
			e.Links = append(e.Links, link{"alternate", alt.Lang, base + alt.Path})
		}
		e.Links = append(e.Links, link{"alternate", "x-default", base + s.defaultVersion(p)})
		set.URLs = append(set.URLs, e)
	}
	w.WriteString(xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		return fmt.Errorf("writing sitemap: %w", err)
	}
	return enc.Close()
}
