package intake

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email/mailtest"
)

// TestUnseenFieldsAreDropped: a field the report's own answers do not show the reporter
// (another category's evidence, an authority's case from a private person, a rights
// holder's declaration from the police, a spam channel's under phishing) is neither
// judged, nor stored, nor mailed, with JavaScript (JSON) and without (a form): a wrong
// value in one blocks nothing.
func TestUnseenFieldsAreDropped(t *testing.T) {
	unseen := map[string]string{
		"case_number": "CASE-UNSEEN-1", "issuing_body": "Body unseen", "logs": "LOG-UNSEEN",
		"source_ip": "not an IP at all", "channel": "sms", "sender": "SENDER-UNSEEN",
		"rights_documents": "DOCS-UNSEEN", "rights_declaration": "yes",
	}
	phishing := map[string]string{
		"lang": "en", "requester": "person", "full_name": "Jane Roe", "email": "jane@example.com",
		"category": "phishing", "resource": "bank-login.example.net", "message": "A fake bank.",
		"evidence_urls": "https://bank-login.example.net/login", "declaration": "yes",
	}
	for k, v := range unseen {
		phishing[k] = v
	}
	for _, tc := range []struct {
		name string
		post func(f *fixture) *httptest.ResponseRecorder
	}{
		{"JSON", func(f *fixture) *httptest.ResponseRecorder { return f.postJSON(t, phishing) }},
		{"form", func(f *fixture) *httptest.ResponseRecorder {
			return f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(phishing), "Accept", browserAccept)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			w := tc.post(f)
			if !is(w, api.Outcomes.Accepted) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Accepted), w.Body)
			}
			stored, _, err := f.store.Get(context.Background(), "reports/"+testRef+".json")
			if err != nil {
				t.Fatal(err)
			}
			if len(f.mailer.Sent) != 1 {
				t.Fatalf("mailer got %d messages, want 1", len(f.mailer.Sent))
			}
			body := mailtest.Read(t, f.mailer.Sent[0].Raw).Body
			for field, v := range unseen {
				if v == "yes" || v == "sms" {
					v = `"` + field + `"`
					if strings.Contains(string(stored), v) {
						t.Errorf("the stored report keeps %s", field)
					}
					continue
				}
				if strings.Contains(string(stored), v) || strings.Contains(body, v) {
					t.Errorf("%s (%q) was kept or mailed", field, v)
				}
			}
			if !strings.Contains(body, "https://bank-login.example.net/login") {
				t.Error("the evidence shown was not mailed")
			}
		})
	}
}

// TestACourtDeclaresNoRights: a court's copyright claim carries its case and order, and no
// rights holder's declaration, however it is posted; a rights holder's carries it.
func TestACourtDeclaresNoRights(t *testing.T) {
	for _, tc := range []struct {
		requester string
		declared  bool
	}{{"court", false}, {"rights-holder", true}} {
		f := newFixture(t)
		values := map[string]string{
			"lang": "en", "requester": tc.requester, "full_name": "Jane Roe", "email": "jane@example.com",
			"category": "copyright", "resource": "shop.example.net", "message": "Our catalogue, copied.", "evidence_urls": "https://shop.example.net/catalogue/1",
			"declaration": "yes", "rights_declaration": "yes", "rights_documents": "TM UA 123456",
			"case_number": "757/1/26", "issuing_body": "Pechersk District Court",
		}
		ct, body := multipartReport(t, values, map[string][]byte{"order.pdf": reporttest.PDF("order")}, "order.pdf")
		w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json")
		if !is(w, api.Outcomes.Accepted) {
			t.Fatalf("%s: status %d; body %s", tc.requester, w.Code, w.Body)
		}
		stored, _, err := f.store.Get(context.Background(), "reports/"+testRef+".json")
		if err != nil {
			t.Fatal(err)
		}
		var filed report.Filed
		if err := json.Unmarshal(stored, &filed); err != nil {
			t.Fatal(err)
		}
		if got := filed.DeclaredRights != "" && filed.Report.RightsDeclaration == report.Declared; got != tc.declared {
			t.Errorf("%s: rights declared %v (%q, %q), want %v", tc.requester, got, filed.DeclaredRights, filed.Report.RightsDeclaration, tc.declared)
		}
		if hasDocs := filed.Report.RightsDocuments != ""; hasDocs != tc.declared {
			t.Errorf("%s: documents kept %v", tc.requester, hasDocs)
		}
		if hasCase := filed.Report.CaseNumber != ""; hasCase == tc.declared {
			t.Errorf("%s: case kept %v", tc.requester, hasCase)
		}
	}
}
