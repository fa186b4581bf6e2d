package content

import (
	"abusedesk/content/bundle"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestShippedApprovals: what the shipped rules and provider file leave to the legal team
// is found, each with its file, the line of the value it marks, and why: the deadlines no
// source sets, the response to child sexual abuse material and whether the provider
// itself informs the authorities, the case records' period, the hotline placeholders, the
// measures and their DSA codes, the decision notice's redress, and CSEM filed as CSAM.
func TestShippedApprovals(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, what := range []string{
		"categories.fraud.hours", "categories.exposed-data.hours", "categories.illegal-content.hours",
		"categories.csam.disabled_when_verified", "retention.case_records", "informs_authorities", "hotlines.0", "hotlines.1",
		"measures", "messages.notice.redress",
	} {
		why, ok := b.Pending(what)
		if !ok || why == "" {
			t.Errorf("%s: not marked as waiting for approval", what)
		}
	}
	for _, u := range b.Unapproved {
		data := string(mustRead(t, u.File))
		line := strings.Split(data, "\n")[u.Line-1]
		last := u.What[strings.LastIndex(u.What, ".")+1:]
		if !strings.Contains(line, last+":") && !strings.Contains(line, "- ") {
			t.Errorf("%s: line %d is %q, not the value it marks", u, u.Line, line)
		}
	}
	if !slices.ContainsFunc(b.Unapproved, func(u bundle.Unapproved) bool { return u.File == XARFInboundFile }) {
		t.Errorf("%s: nothing waits, want CSEM filed as CSAM", XARFInboundFile)
	}
	if _, ok := b.Pending("categories.spam.hours"); ok {
		t.Error("spam's hours, which the source sets, are marked as waiting")
	}
}

// TestApprovalMarkerProblems: a marker naming a key its mapping lacks, or giving no
// reason, is a problem with its line, not a silent approval.
func TestApprovalMarkerProblems(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"no such key", "a:\n  hours: 12\n  unapproved:\n    hourz: why\n", `rules.yaml:4: unapproved: "hourz" is not a key of this mapping`},
		{"no reason", "a:\n  hours: 12\n  unapproved:\n    hours: ''\n", "rules.yaml:4: unapproved: hours: say why it waits for approval"},
		{"a list", "a:\n  hours: 12\n  unapproved: [hours]\n", "rules.yaml:3: unapproved: name the keys that wait for approval"},
		{"a comment", "a:\n  # LEGAL REVIEW: a guess\n  hours: 12\n", "rules.yaml:2: a LEGAL REVIEW comment is neither shown nor listed"},
	} {
		_, err := approvals(RulesFile, []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	got, err := approvals(RulesFile, []byte("items:\n  - id: x\n    hours: 3\n    unapproved:\n      hours: a guess\n  - title: y\n    unapproved: all of it\n"))
	if err != nil || len(got) != 2 || got[0].What != "items.x.hours" || got[0].Line != 3 || got[1].What != "items.1" || got[1].Line != 6 {
		t.Errorf("approvals = %+v, %v", got, err)
	}
}

// TestMessageApprovalMarker: a message's unapproved: is its own key, not a language, and
// says why.
func TestMessageApprovalMarker(t *testing.T) {
	load := func(marker string) ([]bundle.Message, error) {
		fsys := fstest.MapFS{MessagesDir + "/a.yaml": {Data: []byte("binding: uk\nmessages:\n  a.b:\n    uk: так\n    ru: да\n    en: yes\n" + marker)}}
		_, sources, err := loadMessages(fsys, []string{"uk", "ru", "en"}, 1)
		return sources, err
	}
	sources, err := load("    unapproved: a guess\n")
	if err != nil || len(sources) != 1 || sources[0].Unapproved != "a guess" {
		t.Errorf("sources = %+v, %v; want a.b waiting for a guess", sources, err)
	}
	if _, err := load("    unapproved: ''\n"); err == nil || !strings.Contains(err.Error(), "a.b: unapproved: say why") {
		t.Errorf("an empty reason: error %v", err)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := readFile(FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
