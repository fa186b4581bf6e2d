package site

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"abusedesk/schemas/api"
	"abusedesk/site/formhtml"
)

// legalReviewMark opens the comment a lawyer must confirm a sentence by (README: Personal
// data): a section that still holds one is not approved.
const legalReviewMark = "<!-- LEGAL REVIEW"

// Policy is what a statement of reasons needs of the complaints policy, by language: where
// its section on contesting a measure is (the heading given the id api.ContestSection),
// and whether the legal team has still to approve it (the section holds a LEGAL REVIEW
// mark). The Worker reads it from the site it serves (formhtml.PolicyFile), so a section
// approved and published changes what the desk's page says without a new Worker.
func (s *Site) Policy() (formhtml.Policy, error) {
	p := formhtml.Policy{Contest: map[string]formhtml.Section{}}
	for _, lang := range s.rules.Languages {
		page, ok := s.Page(lang, api.PolicyPage)
		if !ok {
			return formhtml.Policy{}, fmt.Errorf("the %s policy page is missing: the statement of reasons links to it", lang)
		}
		text, _, ok := section(page.raw, api.ContestSection)
		if !ok {
			return formhtml.Policy{}, fmt.Errorf("%s has no section {#%s}: the statement of reasons links it as how a customer contests a measure", page.Source, api.ContestSection)
		}
		p.Contest[lang] = formhtml.Section{Path: page.Path + "#" + api.ContestSection, LegalReview: bytes.Contains(text, []byte(legalReviewMark))}
	}
	return p, nil
}

// section returns the Markdown of the section of src whose heading has the id id ({#id}
// at its end): from its heading to the next heading of its level or above, and the line
// of its heading; ok is false when there is none.
func section(src []byte, id string) (text []byte, line int, ok bool) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	start, level := -1, 0
	end := len(src)
	offset := 0
	for i, l := range lines {
		trimmed := strings.TrimRight(string(l), "\r\n ")
		n := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
		heading := n > 0 && n <= 6 && strings.HasPrefix(trimmed[n:], " ")
		switch {
		case start < 0 && heading && strings.HasSuffix(trimmed, "{#"+id+"}"):
			start, level, line = offset, n, i+1
		case start >= 0 && heading && n <= level:
			end = offset
		}
		if start >= 0 && end < len(src) {
			break
		}
		offset += len(l)
	}
	if start < 0 {
		return nil, 0, false
	}
	return src[start:end], line, true
}

// writePolicy writes Policy for the Worker.
func (s *Site) writePolicy(w *bufio.Writer) error {
	p, err := s.Policy()
	if err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(p)
}
