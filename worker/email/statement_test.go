package email_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/report"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
)

// decided is the decision on rep of outcome and measure, a day after receipt.
func decided(rep report.Filed, outcome, measure string) email.Decided {
	return email.Decided{
		Reference: rep.Reference, Category: rep.Report.Category, Requester: rep.Report.Requester, Received: rep.Received,
		Report: &rep, Decision: report.Event{State: report.Decided, At: rep.Received.Add(24 * time.Hour), Outcome: outcome, Measure: measure},
	}
}

// contest is the policy's section as the site says it, not yet approved.
var contest = email.Contest{Path: "/uk/policy/#contest", LegalReview: true}

// TestStatementOfReasons: a decision that restricted the customer's service gets the
// statement Art. 17 asks for, in the provider's language: the restriction and what it
// applies to, when, the facts the report gives without the reporter's details (they did
// not agree to be named), the ground (the category's rule, linked), that no automated means
// decided it, and how to contest it (the policy's section, linked, and whether it is
// approved); and the same with the DSA Transparency Database's names and values.
func TestStatementOfReasons(t *testing.T) {
	c := contenttest.Bundle(t)
	rep, _ := named(t, "phishing")
	s, ok, err := mailtest.Writer(t).Statement(decided(rep, "acted_on", "material_removed"), contest)
	if err != nil || !ok {
		t.Fatalf("%v, %v", ok, err)
	}
	text := s.Text()
	cat, _ := c.Rules.Category("phishing")
	measure, _ := c.Rules.Measure("material_removed")
	for _, want := range []string{
		testRef, measure.Title["uk"], "Стосується: https://shop.example.net/login.",
		c.Messages.DateTime("uk", rep.Received.Add(24*time.Hour)),
		cat.Rule["uk"], "https://abuse.example.com/uk/policy/#category-phishing",
		c.Messages.Text("uk", "statement.automated_text"),
		"https://abuse.example.com/uk/policy/#contest", c.Provider.AbuseMailbox,
		"[приховано]",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement lacks %q:\n%s", want, text)
		}
	}
	if found := details.FindString(text); found != "" {
		t.Errorf("the statement names the reporter (%q), who did not agree:\n%s", found, text)
	}
	if !s.LegalReview || len(s.Sections) != 5 {
		t.Errorf("legal review %v, %d sections", s.LegalReview, len(s.Sections))
	}

	d := s.DSA
	if !slices.Equal(d.DecisionVisibility, []string{"DECISION_VISIBILITY_CONTENT_REMOVED"}) || d.DecisionProvision != "" ||
		d.DecisionGround != "DECISION_GROUND_ILLEGAL_CONTENT" || d.IllegalContentLegalGround == "" || d.IllegalContentExplanation != cat.Rule["uk"] ||
		d.IncompatibleContentGround != "" || d.Category != cat.DSACategory || d.SourceType != "SOURCE_ARTICLE_16" ||
		d.AutomatedDetection != "No" || d.AutomatedDecision != "AUTOMATED_DECISION_NOT_AUTOMATED" ||
		d.ApplicationDate != "2026-11-24" || d.PUID != testRef || d.DecisionGroundReferenceURL != "https://abuse.example.com/uk/policy/#category-phishing" {
		t.Errorf("DSA fields: %+v", d)
	}
	if found := details.FindString(d.DecisionFacts); found != "" || !strings.Contains(d.DecisionFacts, "https://shop.example.net/login") {
		t.Errorf("decision_facts %q (names %q)", d.DecisionFacts, found)
	}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"decision_visibility", "decision_ground", "category", "decision_facts", "source_type", "automated_detection", "automated_decision", "application_date", "puid"} {
		if _, ok := fields[name]; !ok {
			t.Errorf("the JSON lacks %s: %s", name, data)
		}
	}
}

// TestStatementFollowsTheDecision: what only the provider's terms forbid (the
// database's SCOPE_OF_PLATFORM_SERVICE) is decided on the incompatible-content ground, a
// service suspended is a decision_provision; a court's report is not an Art. 16 notice; a
// reporter who agreed to be named is not withheld; a report its retention took leaves
// its case's facts only; and a decision that restricted nothing has no statement.
func TestStatementFollowsTheDecision(t *testing.T) {
	w := mailtest.Writer(t)
	spam := filed(t, "spam")
	s, ok, err := w.Statement(decided(spam, "acted_on", "outgoing_traffic_suspended"), email.Contest{Path: "/uk/policy/#contest"})
	if err != nil || !ok {
		t.Fatalf("%v, %v", ok, err)
	}
	if d := s.DSA; d.DecisionGround != "DECISION_GROUND_INCOMPATIBLE_CONTENT" || d.IncompatibleContentGround == "" || d.IllegalContentLegalGround != "" ||
		d.DecisionProvision != "DECISION_PROVISION_PARTIAL_SUSPENSION" || d.DecisionVisibility != nil || d.Category != "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE" {
		t.Errorf("spam: %+v", d)
	}
	if s.LegalReview {
		t.Error("an approved section said not approved")
	}

	court := filed(t, "phishing")
	court.Report.Requester = "court"
	if s, _, _ := w.Statement(decided(court, "acted_on", "service_suspended"), contest); s.DSA.SourceType != "SOURCE_TYPE_OTHER_NOTIFICATION" {
		t.Errorf("a court's report: source %q", s.DSA.SourceType)
	}

	shared, _ := named(t, "phishing")
	shared.Report.ShareIdentity = report.Declared
	if s, _, _ := w.Statement(decided(shared, "acted_on", "access_disabled"), contest); !strings.Contains(s.Text(), "олена коваль-шевченко") {
		t.Errorf("a reporter who agreed to be named is withheld:\n%s", s.Text())
	}

	gone := decided(filed(t, "phishing"), "acted_on", "access_disabled")
	gone.Report = nil
	s, ok, err = w.Statement(gone, contest)
	if err != nil || !ok || !strings.Contains(s.Text(), contenttest.Bundle(t).Messages.Text("uk", "statement.facts_gone")) || strings.Contains(s.Text(), "shop.example.net") {
		t.Errorf("a report no longer kept: %v, %v:\n%s", ok, err, s.Text())
	}

	long := filed(t, "phishing")
	long.Report.Message = strings.Repeat("ї", 9000)
	if s, _, _ := w.Statement(decided(long, "acted_on", "access_disabled"), contest); utf8.RuneCountInString(s.DSA.DecisionFacts) > 5000 {
		t.Errorf("decision_facts of %d characters: the database takes 5000", utf8.RuneCountInString(s.DSA.DecisionFacts))
	}

	for _, outcome := range []string{"no_violation", "fixed_by_customer", "duplicate", "unknown"} {
		if _, ok, err := w.Statement(decided(spam, outcome, ""), contest); ok || err != nil {
			t.Errorf("%s: a statement (%v, %v)", outcome, ok, err)
		}
	}
	if _, _, err := w.Statement(decided(spam, "acted_on", "no_such_measure"), contest); err == nil {
		t.Error("a measure the rules lack: no error")
	}
}
