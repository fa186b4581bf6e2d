package email_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email/mailtest"
)

// xarfSample reads a sample of the xarf-spec tree, or skips the test without it.
func xarfSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(xarfSpecDir, "../../samples/v4", name))
	if err != nil {
		t.Skipf("no XARF sample %s: %v", name, err)
	}
	return data
}

// TestAMachineReportersMail: a report a machine reporter posted is mailed as a
// multipart/report whose XARF part is the reporter's own, byte for byte (valid XARF v4,
// its report_id and source_identifier kept), whose text names the key that sent it and
// what of its evidence is not attached, with its evidence as files; measured exactly.
func TestAMachineReportersMail(t *testing.T) {
	w, c := mailtest.Writer(t), contenttest.Bundle(t)
	schema := xarfSchema(t)
	for _, s := range []struct {
		sample, category string
		unattached       int
		dropped          int
		files            int
	}{
		{"messaging-spam.json", "spam", 0, 0, 1},
		{"content-malware.json", "malware", 1, 0, 0},
		{"content-csam.json", "csam", 0, 1, 0},
	} {
		t.Run(s.sample, func(t *testing.T) {
			doc := xarfSample(t, s.sample)
			rep := filed(t, s.category)
			rep.Report = report.Report{Lang: "en", Requester: "organization", Company: "Example Blocklist", Email: "abuse@blocklist.example", Category: s.category, Resource: "192.0.2.7", ShareIdentity: report.Declared}
			rep.Machine = &report.Machine{Key: "k2abcdefghij", Name: "Example Blocklist", XARF: string(doc), Unattached: s.unattached, Dropped: s.dropped}
			var files []report.File
			for range s.files {
				files = append(files, reporttest.File("evidence-1.eml", []byte("Received: from example.com\r\nSubject: x\r\n\r\nbody\r\n"), "eml"))
			}
			raw := compose(t, w, rep, files)
			msg := mailtest.Read(t, raw)
			if !strings.HasPrefix(msg.Header.Get("Content-Type"), "multipart/report") || len(msg.XARFs) != 1 {
				t.Fatalf("Content-Type %s, %d XARF parts", msg.Header.Get("Content-Type"), len(msg.XARFs))
			}
			if !bytes.Equal(msg.XARF, doc) {
				t.Errorf("the XARF part is not the reporter's as sent:\n%s", msg.XARF)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(msg.XARF))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("not valid XARF v4: %v", err)
			}
			want := []string{`ключем «Example Blocklist» (k2abcdefghij)`}
			if s.unattached > 0 {
				want = append(want, "1 доказ є лише в частині XARF")
			}
			if s.dropped > 0 {
				want = append(want, "1 доказ відкинуто непрочитаним")
			}
			for _, w := range want {
				if !strings.Contains(msg.Body, w) {
					t.Errorf("the text lacks %q:\n%s", w, msg.Body)
				}
			}
			if strings.Contains(msg.Body, c.Messages.Text("uk", "mail.no_xarf")) {
				t.Error("the text says there is no XARF part")
			}
			if len(msg.Files) != s.files {
				t.Errorf("%d files attached, want %d", len(msg.Files), s.files)
			}
		})
	}
}
