package schemas

import (
	"reflect"
	"testing"

	"abusedesk/schemas/report"
)

func TestFormSpecFollowsTheSchema(t *testing.T) {
	spec := FormSpec()
	var names []string
	for _, f := range spec.Fields {
		names = append(names, f.Name)
	}
	want := []string{"lang", "requester", "category", "case_number", "issuing_body", "full_name", "email", "phone", "company", "postal_address", "business_address", "share_identity",
		"resource", "occurred_at", "occurred_offset", "message",
		"evidence_urls", "rights_documents", "channel", "message_headers", "sender", "received_text", "source_ip", "target", "time_window", "logs",
		"declaration", "rights_declaration"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("fields %v, want %v", names, want)
	}
	email, _ := spec.Field("email")
	// The e-mail is required by every category but child sexual abuse material's.
	category := func(c string) func(string) string {
		return func(f string) string { return map[string]string{"category": c}[f] }
	}
	if email.Required || !spec.RequiredIn("email", category("spam")) || spec.RequiredIn("email", category("csam")) ||
		email.Format != "email" || email.MaxLength != 254 || email.Autocomplete != "email" {
		t.Errorf("email field: %+v", email)
	}
	headers, _ := spec.Field("message_headers")
	if headers.Required || headers.Group != report.EvidenceGroup || !spec.Conditional("message_headers") {
		t.Errorf("message_headers field: %+v", headers)
	}
	spam := func(f string) string { return map[string]string{"category": "spam", "channel": "email"}[f] }
	if !spec.RequiredIn("message_headers", spam) || spec.RequiredIn("logs", spam) {
		t.Errorf("with category spam: headers required %v, logs %v", spec.RequiredIn("message_headers", spam), spec.RequiredIn("logs", spam))
	}
}
