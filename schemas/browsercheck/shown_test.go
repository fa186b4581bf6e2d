package browsercheck_test

import (
	"slices"
	"testing"

	"abusedesk/schemas"
)

// values reads answers from a map, as a form would.
func values(m map[string]string) func(string) string { return func(f string) string { return m[f] } }

// TestShownFollowsTheAnswers: the first questions show alone until both are answered; then
// each field shows only for the answers that ask for it, a field read through another
// (a spam channel) only while that one shows.
func TestShownFollowsTheAnswers(t *testing.T) {
	spec := schemas.FormSpec().Visibility()
	for _, tc := range []struct {
		name    string
		answers map[string]string
		shown   []string
		hidden  []string
	}{
		{"nothing answered", map[string]string{}, []string{"requester", "category", "lang"}, []string{"full_name", "email", "message", "evidence_urls", "case_number", "declaration"}},
		{"a category alone", map[string]string{"category": "phishing"}, []string{"requester", "category"}, []string{"full_name", "evidence_urls"}},
		{"phishing by a person", map[string]string{"requester": "person", "category": "phishing"}, []string{"full_name", "email", "message", "occurred_at", "evidence_urls", "declaration"},
			[]string{"case_number", "issuing_body", "channel", "sender", "logs", "rights_documents", "rights_declaration"}},
		{"spam by SMS", map[string]string{"requester": "person", "category": "spam", "channel": "sms"}, []string{"channel", "sender", "received_text"}, []string{"message_headers", "evidence_urls"}},
		{"a channel left from spam under phishing", map[string]string{"requester": "person", "category": "phishing", "channel": "sms"}, []string{"evidence_urls"}, []string{"channel", "sender", "received_text"}},
		{"copyright by a court", map[string]string{"requester": "court", "category": "copyright"}, []string{"case_number", "issuing_body"}, []string{"rights_documents", "rights_declaration"}},
		{"copyright by a rights holder", map[string]string{"requester": "rights-holder", "category": "copyright"}, []string{"rights_documents", "rights_declaration"}, []string{"case_number", "issuing_body"}},
		{"copyright by a person", map[string]string{"requester": "person", "category": "copyright"}, []string{"message"}, []string{"rights_documents", "rights_declaration", "case_number"}},
	} {
		for _, f := range tc.shown {
			if !spec.Shown(f, values(tc.answers)) {
				t.Errorf("%s: %s hidden", tc.name, f)
			}
		}
		for _, f := range tc.hidden {
			if spec.Shown(f, values(tc.answers)) {
				t.Errorf("%s: %s shown", tc.name, f)
			}
		}
	}
}

// TestUnseenIsWhatTheAnswersHide: what the Worker drops is every field only some answers
// ask for that these answers do not, and nothing the reporter sees.
func TestUnseenIsWhatTheAnswersHide(t *testing.T) {
	spec := schemas.FormSpec().Visibility()
	got := spec.Unseen(values(map[string]string{"requester": "law-enforcement", "category": "spam", "channel": "email"}))
	want := []string{"evidence_urls", "rights_documents", "sender", "received_text", "source_ip", "target", "time_window", "logs", "rights_declaration"}
	if !slices.Equal(got, want) {
		t.Errorf("unseen %v, want %v", got, want)
	}
	for _, f := range got {
		if f == "case_number" || f == "message_headers" || f == "full_name" {
			t.Errorf("%s is shown, yet unseen", f)
		}
	}
}

// TestShowWhenMergesCategories: a field of several categories has one clause naming them
// all, so the form's stylesheet has one rule for it.
func TestShowWhenMergesCategories(t *testing.T) {
	when := schemas.FormSpec().ShowWhen("evidence_urls")
	if len(when) != 1 {
		t.Fatalf("evidence_urls: %d clauses %v, want 1", len(when), when)
	}
	var categories []string
	for _, test := range when[0] {
		if test.Field == "category" {
			categories = test.Values
		}
	}
	if !slices.Contains(categories, "phishing") || !slices.Contains(categories, "csam") || slices.Contains(categories, "spam") {
		t.Errorf("evidence_urls shows for %v", categories)
	}
}
