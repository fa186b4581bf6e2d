package content

import (
	"strings"
	"testing"
)

// TestShippedApprovals: what the shipped rules and provider file leave to the legal team
// is found, each with its file, the line of the value it marks, and why: the deadlines no
// source sets, the response to child sexual abuse material and whether the provider
// itself informs the authorities, the case records' period, the hotline placeholders.
func TestShippedApprovals(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, what := range []string{
		"categories.fraud.hours", "categories.exposed-data.hours", "categories.illegal-content.hours",
		"categories.csam.disabled_when_verified", "retention.case_records", "informs_authorities", "hotlines.0", "hotlines.1",
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

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := readFile(FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
