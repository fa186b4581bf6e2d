package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/schemas"
	"abusedesk/site/formhtml"
)

// TestPolicyNamesItsContestSection: the policy's section on contesting a measure has the
// id contest in every language (the automatic ids of Ukrainian and Russian headings are
// hyphens), the site tells the Worker where it is and that it still carries a LEGAL REVIEW
// mark, and once the mark goes it says so; the mark in another section does not count.
func TestPolicyNamesItsContestSection(t *testing.T) {
	s := newSite(t)
	p, err := s.Policy()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"uk", "ru", "en"} {
		got := p.Contest[lang]
		if got.Path != "/"+lang+"/policy/#contest" || !got.LegalReview {
			t.Errorf("%s: %+v, want the section at /%s/policy/#contest, not yet approved", lang, got, lang)
		}
		if !s.hasAnchor("/"+lang+"/policy/", "contest") {
			t.Errorf("%s: the policy page has no id contest", lang)
		}
	}

	approved := contentWith(t, map[string]func(string) string{"pages/en/policy.md": func(src string) string {
		head, section, _ := strings.Cut(src, "{#contest}")
		_, rest, _ := strings.Cut(section, "-->")
		return head + "{#contest}" + rest
	}})
	s, err = New(approved, contenttest.Bundle(t), schemas.FormSpec(), formhtml.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = s.Policy(); err != nil || p.Contest["en"].LegalReview || !p.Contest["uk"].LegalReview {
		t.Errorf("the English section approved: %+v, %v", p, err)
	}
	if !strings.Contains(string(s.index[pageID{"en", "policy"}].raw), "LEGAL REVIEW: knowingly false") {
		t.Fatal("the test removed the wrong mark")
	}
}

// TestBuildWritesThePolicyForTheWorker: the build leaves the Worker what Policy says.
func TestBuildWritesThePolicyForTheWorker(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	if err := s.Build(dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(formhtml.PolicyFile)))
	if err != nil {
		t.Fatal(err)
	}
	var got formhtml.Policy
	if err := json.Unmarshal(data, &got); err != nil || got.Contest["uk"].Path != "/uk/policy/#contest" || !got.Contest["uk"].LegalReview {
		t.Errorf("%s: %+v, %v", formhtml.PolicyFile, got, err)
	}
}
