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
	want := []string{"lang", "full_name", "email", "phone", "company", "postal_address", "business_address", "category", "resource", "occurred_at", "message",
		"evidence_urls", "rights_documents", "message_headers", "source_ip", "target", "time_window", "logs", "declaration"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("fields %v, want %v", names, want)
	}
	email, _ := spec.Field("email")
	if !email.Required || email.Format != "email" || email.MaxLength != 254 || email.Autocomplete != "email" {
		t.Errorf("email field: %+v", email)
	}
	headers, _ := spec.Field("message_headers")
	if headers.Required || headers.Group != report.EvidenceGroup || !spec.Conditional("message_headers") {
		t.Errorf("message_headers field: %+v", headers)
	}
	spam := func(f string) string { return map[string]string{"category": "spam"}[f] }
	if !spec.RequiredIn("message_headers", spam) || spec.RequiredIn("logs", spam) {
		t.Errorf("with category spam: headers required %v, logs %v", spec.RequiredIn("message_headers", spam), spec.RequiredIn("logs", spam))
	}
}
