package intake

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/site/formhtml"
)

// decide posts body to the case's api.DecisionPath with the operator's token.
func (d *deskCase) decide(body string, header ...string) *httptest.ResponseRecorder {
	return d.do(http.MethodPost, api.DecisionPath(d.ref), "application/json", body, append([]string{"Authorization", "Bearer s3cret"}, header...)...)
}

// TestDecisionAPIRecordsSteps: the desk's tools record the page's steps as JSON with the
// operator's token, by the operator or the identity Access vouched for, and get the case
// back (its history, its number of steps, its statement of reasons once the service is
// restricted); a step given its expected number is recorded once however often it is
// sent, one without it every time.
func TestDecisionAPIRecordsSteps(t *testing.T) {
	d := newDeskCase(t)
	var c api.Case
	w := d.decide(`{"state":"customer_notified","at":"2026-11-23T08:30:00Z"}`)
	if decodeJSON(t, w, &c); !is(w, api.Outcomes.CaseRecorded) || c.Reference != d.ref || c.Category != "spam" || c.State != "customer_notified" || c.Steps != 3 ||
		c.History[2] != (api.CaseEvent{State: "customer_notified", At: "2026-11-23T08:30:00Z", By: formhtml.ByOperator}) || c.Statement != nil {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	w = d.decide(`{"state":"customer_answered","answer":"Fixed.","expected_step":3}`, "Cf-Access-Authenticated-User-Email", "olha@desk.example.com")
	if decodeJSON(t, w, &c); !is(w, api.Outcomes.CaseRecorded) || c.Steps != 4 || c.History[3].By != "olha@desk.example.com" || c.History[3].Answer != "Fixed." {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	step := `{"state":"decided","outcome":"acted_on","measure":"outgoing_traffic_suspended","note":"thanks","expected_step":4}`
	w = d.decide(step)
	if decodeJSON(t, w, &c); !is(w, api.Outcomes.CaseRecorded) || c.State != "decided" || c.Steps != 5 || c.Statement == nil ||
		c.Statement.DecisionProvision != "DECISION_PROVISION_PARTIAL_SUSPENSION" || c.Statement.PUID != d.ref {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	for range 2 {
		w = d.decide(step)
		if decodeJSON(t, w, &c); !is(w, api.Outcomes.DeskChanged) || c.Error != "step_taken" || c.Steps != 5 {
			t.Fatalf("sent again: %d %s", w.Code, w.Body)
		}
	}
	// Without its number, a step sent again is a step: a correction, kept beside the first.
	again := `{"state":"decided","outcome":"no_violation"}`
	d.decide(again)
	w = d.decide(again)
	if decodeJSON(t, w, &c); !is(w, api.Outcomes.CaseRecorded) || c.Steps != 7 || c.Statement != nil {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	if n := d.steps(t); n != 7 {
		t.Errorf("%d steps", n)
	}
}

// TestDecisionAPIRefuses: what the API refuses, as JSON, recording nothing: no token or a
// wrong one, no such report, a body of another type, too large, broken or with a field the
// step does not have, a step the rules do not allow (each problem with its field and
// code; a note is an id, so a typed one is no note), a report not yet forwarded; and no
// path at all without ADMIN_TOKEN.
func TestDecisionAPIRefuses(t *testing.T) {
	d := newDeskCase(t)
	before := d.store.Snapshot()
	for _, tc := range []struct {
		name   string
		ref    string
		method string
		ct     string
		body   string
		header []string
		want   api.Outcome
		field  string
		code   string
	}{
		{"no token", d.ref, http.MethodPost, "application/json", `{"state":"decided","outcome":"not_ours"}`, []string{"Authorization", ""}, api.Outcomes.Unauthorized, "", ""},
		{"a wrong token", d.ref, http.MethodPost, "application/json", `{"state":"decided","outcome":"not_ours"}`, []string{"Authorization", "Bearer s3cre"}, api.Outcomes.Unauthorized, "", ""},
		{"by GET", d.ref, http.MethodGet, "", "", nil, api.Outcomes.MethodNotAllowed, "", ""},
		{"an unknown report", "AD-20990101-ZZZZZZ", http.MethodPost, "application/json", `{"state":"decided","outcome":"not_ours"}`, nil, api.Outcomes.NotFound, "", ""},
		{"a form", d.ref, http.MethodPost, "application/x-www-form-urlencoded", "state=decided&outcome=not_ours", nil, api.Outcomes.MediaType, "", ""},
		{"too large", d.ref, http.MethodPost, "application/json", `{"state":"customer_answered","answer":"` + strings.Repeat("x", maxStepBody) + `"}`, nil, api.Outcomes.TooLarge, "", ""},
		{"broken", d.ref, http.MethodPost, "application/json", `{"state":`, nil, api.Outcomes.Unreadable, "", ""},
		{"an unknown field", d.ref, http.MethodPost, "application/json", `{"state":"decided","outcome":"not_ours","by":"someone else"}`, nil, api.Outcomes.Unreadable, "", ""},
		{"a measure missing", d.ref, http.MethodPost, "application/json", `{"state":"decided","outcome":"acted_on"}`, nil, api.Outcomes.DeskInvalid, "measure", "measure_required"},
		{"a measure not the category's", d.ref, http.MethodPost, "application/json", `{"state":"decided","outcome":"acted_on","measure":"material_removed"}`, nil, api.Outcomes.DeskInvalid, "measure", "measure_category"},
		{"a typed note", d.ref, http.MethodPost, "application/json", `{"state":"decided","outcome":"not_ours","note":"thanks\r\nBcc: victim@example.org"}`, nil, api.Outcomes.DeskInvalid, "note", "note"},
		{"a bidi note", d.ref, http.MethodPost, "application/json", `{"state":"decided","outcome":"not_ours","note":"\u202ethanks"}`, nil, api.Outcomes.DeskInvalid, "note", "note"},
		{"a duplicate that is no reference", d.ref, http.MethodPost, "application/json", `{"state":"decided","outcome":"duplicate","duplicate":"AD-20261123-7k3m9q"}`, nil, api.Outcomes.DeskInvalid, "duplicate", "duplicate_shape"},
		{"a time on no clock", d.ref, http.MethodPost, "application/json", `{"state":"customer_notified","at":"2026-11-23T10:00"}`, nil, api.Outcomes.DeskInvalid, "at", "at"},
		{"an unknown state", d.ref, http.MethodPost, "application/json", `{"state":"received"}`, nil, api.Outcomes.DeskInvalid, "state", "state"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := append([]string{"Authorization", "Bearer s3cret"}, tc.header...)
			w := d.do(tc.method, api.DecisionPath(tc.ref), tc.ct, tc.body, header...)
			if !is(w, tc.want) || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("%d %s, want %s", w.Code, w.Body, named(tc.want))
			}
			if tc.code != "" {
				var p api.Problems
				decodeJSON(t, w, &p)
				if len(p.Problems) != 1 || p.Problems[0].Field != tc.field || string(p.Problems[0].Code) != tc.code || p.Problems[0].Message == "" {
					t.Errorf("problems %+v", p.Problems)
				}
			}
		})
	}
	if !maps.Equal(before, d.store.Snapshot()) {
		t.Error("a refused step changed the store")
	}

	// A report not yet forwarded.
	f := newFixture(t, WithAdminToken("s3cret")).queued()
	if w := f.postJSON(t, reporttest.Full()); !is(w, api.Outcomes.Accepted) {
		t.Fatal(w.Body)
	}
	w := f.do(http.MethodPost, api.DecisionPath(testRef), "application/json", `{"state":"decided","outcome":"not_ours"}`, "Authorization", "Bearer s3cret")
	if !is(w, api.Outcomes.DeskNotForwarded) {
		t.Errorf("not forwarded: %d %s", w.Code, w.Body)
	}

	// Without ADMIN_TOKEN the path does not exist.
	f = newFixture(t)
	if w := f.do(http.MethodPost, api.DecisionPath(testRef), "application/json", `{}`, "Authorization", "Bearer "); !is(w, api.Outcomes.NotFound) {
		t.Errorf("no token configured: %d", w.Code)
	}
}
