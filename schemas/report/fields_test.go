package report_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"abusedesk/schemas/report"
)

// TestNamesAreTheJSONNames: every name Get and Set take is the one the report's JSON (and
// so its schema) gives the field, and each reaches its own field.
func TestNamesAreTheJSONNames(t *testing.T) {
	var r report.Report
	names := report.Names()
	if len(names) != reflect.TypeFor[report.Report]().NumField() {
		t.Fatalf("%d names for %d fields", len(names), reflect.TypeFor[report.Report]().NumField())
	}
	for _, name := range names {
		if !r.Set(name, "v-"+name) {
			t.Fatalf("Set(%q) found no field", name)
		}
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]string
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if doc[name] != "v-"+name || r.Get(name) != "v-"+name {
			t.Errorf("%s: JSON has %q, Get %q", name, doc[name], r.Get(name))
		}
	}
	if len(doc) != len(names) {
		t.Errorf("the JSON has %d members, the names are %d", len(doc), len(names))
	}
	if r.Set("admin", "x") || r.Get("admin") != "" {
		t.Error("a name the report does not have was taken")
	}
	if r.Email != "v-"+report.FieldEmail {
		t.Errorf("FieldEmail reaches %q", r.Email)
	}
}

func TestGroup(t *testing.T) {
	evidence := report.Group(report.EvidenceGroup)
	if !slices.Contains(evidence, report.FieldEvidenceURLs) || slices.Contains(evidence, report.FieldEmail) {
		t.Errorf("evidence group %v", evidence)
	}
	if got := report.Group(report.AuthorityGroup); !slices.Equal(got, report.AuthorityFields) {
		t.Errorf("authority group %v, want %v", got, report.AuthorityFields)
	}
}

// TestDecode: a document's strings, under the report's names, and nothing else.
func TestDecode(t *testing.T) {
	r := report.Decode(map[string]any{"lang": "uk", "category": 7, "email": "a@example.org", "admin": "x"})
	if r != (report.Report{Lang: "uk", Email: "a@example.org"}) {
		t.Errorf("decoded %+v", r)
	}
	typo := report.DecodeTypo(map[string]any{"lang": "en", "page": "/en/", "selection": "teh"})
	if typo != (report.Typo{Lang: "en", Page: "/en/", Selection: "teh"}) {
		t.Errorf("decoded %+v", typo)
	}
}

// TestFiledKeepsEverything: a stored report reads back as it was written, its history and
// a machine reporter's part included. (Reports of the shape before Filed held a Report are
// worker/delivery's to read.)
func TestFiledKeepsEverything(t *testing.T) {
	received := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	want := report.Filed{
		Reference: "AD-20261123-7K3M9Q", Received: received, Lang: "en",
		Report:   report.Report{Lang: "en", Category: "spam", Email: "olena@example.org", Message: "Spam.", Declaration: "yes"},
		Declared: "I confirm", Key: "keys/ab", Confirm: true,
		Files:   []report.FileInfo{{Name: "a.pdf", Kind: "pdf", SHA256: "00", Size: 1}},
		Machine: &report.Machine{Key: "blocklist", XARF: `{"report_id":"x"}`},
	}
	if want.State() != report.Received {
		t.Errorf("a report with no history is %q", want.State())
	}
	want.Enter(report.Received, received)
	want.Enter(report.Forwarded, received.Add(time.Minute))
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got report.Filed
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip\n%s\nread as\n%+v\nwant\n%+v", data, got, want)
	}
	if got.State() != report.Forwarded {
		t.Errorf("state %q, want forwarded", got.State())
	}
}
