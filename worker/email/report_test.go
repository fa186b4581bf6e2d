package email_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"abusedesk/content/attachment"
	"abusedesk/content/contenttest"
	"abusedesk/schemas"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
)

const (
	testRef  = "AD-20261123-7K3M9Q"
	mailFrom = mailtest.From
	mailTo   = mailtest.Desk
)

// xarfSpecDir is where the official XARF v4 schemas are: ../shared/xarf-v4 beside the
// repository, never copied into it.
const xarfSpecDir = "../../../shared/xarf-v4/schemas/v4"

// xarfSchema compiles the official XARF v4 master schema, formats asserted, or skips the
// test when the folder is not there.
func xarfSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	if _, err := os.Stat(xarfSpecDir); err != nil {
		t.Skipf("the XARF v4 schemas are not at %s (%v): the XARF part is not validated", xarfSpecDir, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const base = "https://xarf.org/schemas/v4/"
	err := filepath.WalkDir(xarfSpecDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(xarfSpecDir, path)
		return c.AddResource(base+filepath.ToSlash(rel), doc)
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(base + "xarf-v4-master.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// received is a Monday morning in Kyiv, inside working hours.
func received(t testing.TB) time.Time {
	return time.Date(2026, 11, 23, 10, 0, 0, 0, contenttest.Bundle(t).Rules.Location)
}

// filed is a full report of the category with the fields the form adds for the resource.
func filed(t testing.TB, category string) report.Filed {
	f := reporttest.Full()
	f["category"] = category
	f["resource"] = "https://shop.example.net/login"
	f["occurred_at"] = "2026-11-22T21:15"
	return report.Filed{Reference: testRef, Received: received(t), Lang: "en", Report: reporttest.Report(f), Declared: contenttest.Bundle(t).Rules.Declaration["en"]}
}

// compose writes the report's message, and checks that it is the size it said it would be.
func compose(t testing.TB, w *email.Writer, rep report.Filed, files []report.File) []byte {
	t.Helper()
	m, err := w.Report(rep, email.InMemory(files))
	if err != nil {
		t.Fatal(err)
	}
	to := mailTo
	if cat, _ := contenttest.Bundle(t).Rules.Category(rep.Report.Category); cat.Urgent {
		to = contenttest.Bundle(t).Provider.UrgentMailbox
	}
	if m.From != mailFrom || m.To != to {
		t.Errorf("envelope %s -> %s, want %s -> %s", m.From, m.To, mailFrom, to)
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(raw)) != m.Size() {
		t.Errorf("the message is %d bytes, its Size %d", len(raw), m.Size())
	}
	// What intake measures without writing is what was written.
	size, head, err := w.Measure(rep, email.InMemory(files))
	if err != nil {
		t.Fatal(err)
	}
	if wantHead := bytes.Index(raw, []byte("\r\n\r\n")) + 4; size != int64(len(raw)) || head != int64(wantHead) {
		t.Errorf("measured %d bytes with a header of %d, written %d with %d", size, head, len(raw), wantHead)
	}
	return raw
}

func TestComposeReport(t *testing.T) {
	w, c := mailtest.Writer(t), contenttest.Bundle(t)
	schema := xarfSchema(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 4096) // many base64 lines
	files := []report.File{
		reporttest.File("Довіреність №5.pdf", reporttest.PDF("power of attorney"), "pdf"),
		reporttest.File("evidence\r\nBcc: x@example.com.pdf", append(reporttest.PDF("second"), big...), "pdf"),
	}
	for _, cat := range c.Rules.Categories {
		t.Run(cat.ID, func(t *testing.T) {
			rep := filed(t, cat.ID)
			raw := compose(t, w, rep, files)
			requester, _ := c.Rules.Requester(rep.Report.Requester)
			processed := c.Rules.Deadlines(&cat, requester, rep.Received).ProcessedBy
			msg := mailtest.Read(t, raw)
			if _, ok := msg.Header["Bcc"]; ok {
				t.Error("a file name added a header")
			}
			// Not told the reporter agreed to be named, the subject says not to name them.
			subject := "[abuse " + testRef + "] " + cat.Title["uk"] + " [не називати скаржника]"
			if cat.Urgent {
				subject = "[ТЕРМІНОВО] " + subject
			}
			if got := msg.HeaderText(t, "Subject"); got != subject {
				t.Errorf("Subject %q, want %q", got, subject)
			}
			// The text: every field, the deadlines, each file's name, kind, size and hash.
			for _, want := range []string{
				"Розглянути до: " + c.Messages.DateTime("uk", processed),
				"Олена Коваль-Шевченко", "Kyiv 01001",
				"1. Довіреність №5.pdf — документ PDF, " + strconv.Itoa(len(files[0].Data)) + " байт",
				"SHA-256 " + files[0].SHA256, "SHA-256 " + files[1].SHA256,
				"2. evidence__Bcc: x@example.com.pdf",
			} {
				if !strings.Contains(msg.Body, want) {
					t.Errorf("text lacks %q:\n%s", want, msg.Body)
				}
			}
			// The files, byte for byte, named per RFC 2231.
			if len(msg.Files) != 2 {
				t.Fatalf("%d files attached, want 2", len(msg.Files))
			}
			for i, got := range msg.Files {
				if !bytes.Equal(got.Data, files[i].Data) || got.ContentType != "application/pdf" {
					t.Errorf("file %d: %s, %d bytes; want application/pdf, %d bytes", i+1, got.ContentType, len(got.Data), len(files[i].Data))
				}
				if want := attachment.NeutralName(files[i].Name, "pdf"); got.Filename != want || got.Name != want {
					t.Errorf("file %d named %q / %q, want %q", i+1, got.Filename, got.Name, want)
				}
			}
			if !bytes.Contains(raw, []byte(`filename*0*=utf-8''%D0%94%D0%BE`)) {
				t.Error("the non-ASCII file name is not encoded per RFC 2231")
			}
			// A category with no XARF type has no XARF part, and says so.
			class, mapped := c.XARF.Categories[cat.ID]
			if !mapped {
				if len(msg.XARFs) != 0 || !strings.Contains(msg.Body, c.Messages.Text("uk", "mail.no_xarf")) {
					t.Errorf("%d XARF parts for a category without a XARF type; text:\n%s", len(msg.XARFs), msg.Body)
				}
				return
			}
			// The XARF part: valid against the official schemas, our mapping, our hashes.
			var doc map[string]any
			if err := json.Unmarshal(msg.XARF, &doc); err != nil {
				t.Fatalf("XARF part: %v\n%s", err, msg.XARF)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(msg.XARF))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("the XARF part is not valid XARF v4: %v\n%s", err, msg.XARF)
			}
			if doc["category"] != class.Category || doc["type"] != class.Type {
				t.Errorf("XARF %v/%v, want %s/%s", doc["category"], doc["type"], class.Category, class.Type)
			}
			if doc["report_id"] != email.ReportID("example.com", testRef) || doc["source_identifier"] != "shop.example.net" {
				t.Errorf("report_id %v, source %v", doc["report_id"], doc["source_identifier"])
			}
			if doc["timestamp"] != "2026-11-22T19:15:00Z" {
				t.Errorf("timestamp %v, want the time it happened, 21:15 in Kyiv", doc["timestamp"])
			}
			evidence, _ := doc["evidence"].([]any)
			if len(evidence) != 2 || evidence[1].(map[string]any)["hash"] != "sha256:"+files[1].SHA256 {
				t.Errorf("evidence %v", evidence)
			}
		})
	}
}

func TestReportIDIsAVersion5UUIDOfTheReference(t *testing.T) {
	id := email.ReportID("example.com", testRef)
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("report id %q is not a version 5 UUID", id)
	}
	if email.ReportID("example.com", testRef) != id || email.ReportID("example.com", "AD-20261123-7K3M9R") == id {
		t.Error("the id does not follow the reference")
	}
	// Python's uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/reports/AD-20261123-7K3M9Q").
	if want := "37f06bde-5207-5446-b73e-74622f45c28a"; id != want {
		t.Errorf("id %s, want %s", id, want)
	}
}

func TestComposeWithoutFiles(t *testing.T) {
	rep := filed(t, "botnet")
	rep.Report.Resource = "192.0.2.7"
	msg := mailtest.Read(t, compose(t, mailtest.Writer(t), rep, nil))
	if len(msg.Files) != 0 || !strings.Contains(msg.Body, contenttest.Bundle(t).Messages.Text("uk", "mail.no_attachments")) {
		t.Errorf("files %d; text:\n%s", len(msg.Files), msg.Body)
	}
	var doc map[string]any
	if err := json.Unmarshal(msg.XARF, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["source_identifier"] != "192.0.2.7" || doc["compromise_evidence"] != rep.Report.Message {
		t.Errorf("XARF %s", msg.XARF)
	}
	if _, ok := doc["evidence"]; ok {
		t.Error("evidence without files")
	}
}

// TestNewChecksItsConfiguration: a bad address or a category without its XARF class is an
// error when the Worker starts, not at the first report.
func TestNewChecksItsConfiguration(t *testing.T) {
	c := contenttest.Bundle(t)
	good := email.Config{Rules: c.Rules, Words: c.Messages, XARF: c.XARF, Fields: schemas.FormSpec().Fields, From: mailFrom, Desk: mailTo, Provider: c.Provider}
	for name, edit := range map[string]func(*email.Config){
		"none":            func(c *email.Config) { c.From, c.Desk = "", "" },
		"no provider":     func(c *email.Config) { c.Provider = nil },
		"no recipient":    func(c *email.Config) { c.Desk = "" },
		"broken sender":   func(c *email.Config) { c.From = "abusedesk at example" },
		"no XARF mapping": func(c *email.Config) { c.XARF = nil },
	} {
		cfg := good
		edit(&cfg)
		if _, err := email.New(cfg); err == nil {
			t.Errorf("%s: New accepted the configuration", name)
		}
	}
	if _, err := email.New(good); err != nil {
		t.Errorf("the Worker's configuration: %v", err)
	}
}

// TestOneXARFReportAResource: a report naming several resources is mailed with one valid
// XARF report each, told apart by their ids and sources.
func TestOneXARFReportAResource(t *testing.T) {
	schema := xarfSchema(t)
	rep := filed(t, "phishing")
	rep.Report.Resource = "https://bank.example.net/login\nshop.example.org/pay\n2001:db8::7"
	raw := compose(t, mailtest.Writer(t), rep, []report.File{reporttest.File("shot.pdf", reporttest.PDF("x"), "pdf")})
	msg := mailtest.Read(t, raw)
	if len(msg.XARFs) != 3 || len(msg.Files) != 1 {
		t.Fatalf("%d XARF reports, %d files; want 3 and 1", len(msg.XARFs), len(msg.Files))
	}
	ids := map[any]bool{}
	var sources []any
	for i, x := range msg.XARFs {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(x))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("XARF report %d is not valid XARF v4: %v\n%s", i+1, err, x)
		}
		var doc map[string]any
		json.Unmarshal(x, &doc)
		ids[doc["report_id"]] = true
		sources = append(sources, doc["source_identifier"])
	}
	if len(ids) != 3 || !reflect.DeepEqual(sources, []any{"bank.example.net", "shop.example.org", "2001:db8::7"}) {
		t.Errorf("ids %v, sources %v", ids, sources)
	}
	if !bytes.Contains(raw, []byte(`filename=xarf-3.json`)) {
		t.Error("the reports are not named one by one")
	}
}

// TestTheReportersClock: a time typed on the reporter's clock is that instant in XARF and
// in the text, which gives it in Kyiv and in UTC; without an offset, it is Kyiv time.
func TestTheReportersClock(t *testing.T) {
	rep := filed(t, "malware")
	rep.Report.OccurredAt, rep.Report.OccurredOffset = "2026-11-22T14:15", "-05:00"
	msg := mailtest.Read(t, compose(t, mailtest.Writer(t), rep, nil))
	var doc map[string]any
	json.Unmarshal(msg.XARF, &doc)
	if doc["timestamp"] != "2026-11-22T19:15:00Z" {
		t.Errorf("timestamp %v, want 2026-11-22T19:15:00Z", doc["timestamp"])
	}
	for _, want := range []string{"21:15 за київським часом", "2026-11-22 19:15 UTC", "2026-11-22T14:15 за годинником UTC-05:00"} {
		if !strings.Contains(msg.Body, want) {
			t.Errorf("text lacks %q:\n%s", want, msg.Body)
		}
	}
	rep.Report.OccurredOffset = ""
	rep.Report.OccurredAt = "2026-11-22T21:15"
	msg = mailtest.Read(t, compose(t, mailtest.Writer(t), rep, nil))
	if !strings.Contains(msg.Body, "форму надіслано без JavaScript") || !strings.Contains(msg.Body, "2026-11-22 19:15 UTC") {
		t.Errorf("without an offset:\n%s", msg.Body)
	}
}

// TestUnnamedUrgentReport: a report of child sexual abuse material goes to the urgent
// mailbox, marked so, with no Reply-To when the reporter gave no address, and no XARF.
func TestUnnamedUrgentReport(t *testing.T) {
	rep := filed(t, "csam")
	for _, f := range []string{"full_name", "email", "phone", "company", "postal_address", "business_address", "resource"} {
		rep.Report.Set(f, "")
	}
	rep.Report.EvidenceURLs = "https://bad.example.net/a"
	m, err := mailtest.Writer(t).Report(rep, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	msg := mailtest.Read(t, raw)
	if to, err := msg.Header.AddressList("To"); err != nil || m.To != contenttest.Bundle(t).Provider.UrgentMailbox || len(to) != 1 || to[0].Address != m.To {
		t.Errorf("sent to %s (To: %s)", m.To, msg.Header.Get("To"))
	}
	if _, ok := msg.Header["Reply-To"]; ok || len(msg.XARFs) != 0 || !strings.HasPrefix(msg.HeaderText(t, "Subject"), "[ТЕРМІНОВО]") {
		t.Errorf("Reply-To %q, %d XARF parts, subject %q", msg.Header.Get("Reply-To"), len(msg.XARFs), msg.HeaderText(t, "Subject"))
	}
}

// TestClaimByWhoReports: the mail says the customer's hours started when a court reports
// an infringement, and that they have not when a rights holder does; both declarations
// are quoted.
func TestClaimByWhoReports(t *testing.T) {
	c := contenttest.Bundle(t)
	for requester, want := range map[string]string{
		"court":         c.Messages.Count("uk", "preview.on_claim.filed", 12),
		"rights-holder": c.Messages.Count("uk", "preview.on_claim.elsewhere", 12),
	} {
		rep := filed(t, "copyright")
		rep.Report.Requester, rep.Report.RightsDeclaration = requester, "yes"
		rep.DeclaredRights = c.Rules.RightsDeclaration["en"]
		msg := mailtest.Read(t, compose(t, mailtest.Writer(t), rep, nil))
		for _, w := range []string{want, "[x] " + rep.Declared, "[x] " + rep.DeclaredRights} {
			if !strings.Contains(msg.Body, w) {
				t.Errorf("%s: text lacks %q:\n%s", requester, w, msg.Body)
			}
		}
	}
}

// TestSavedMessageTravelsAsRFC2046Allows: a saved e-mail fit for mail as it is (7-bit,
// CRLF, short lines) is a message/rfc822 part sent as it is; any other is an opaque file
// in base64, never a message/rfc822 part in base64.
func TestSavedMessageTravelsAsRFC2046Allows(t *testing.T) {
	w := mailtest.Writer(t)
	canonical := []byte("From: spam@example.net\r\nSubject: You won\r\n\r\nClick here.\r\n")
	for _, tc := range []struct {
		name     string
		data     []byte
		wantType string
	}{
		{"CRLF, 7-bit", canonical, "message/rfc822"},
		{"bare LF", []byte("From: spam@example.net\nSubject: You won\n\nClick here.\n"), "application/octet-stream"},
		{"8-bit body", []byte("From: spam@example.net\r\nSubject: Виграш\r\n\r\nТисніть.\r\n"), "application/octet-stream"},
		{"a line over 998", append(bytes.Clone(canonical), append(bytes.Repeat([]byte("x"), 999), "\r\n"...)...), "application/octet-stream"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := compose(t, w, filed(t, "spam"), []report.File{reporttest.File("saved.eml", tc.data, attachment.EML)})
			msg := mailtest.Read(t, raw)
			if len(msg.Files) != 1 || msg.Files[0].ContentType != tc.wantType || !bytes.Equal(msg.Files[0].Data, tc.data) {
				t.Fatalf("files %+v, want one %s with the bytes sent", msg.Files, tc.wantType)
			}
			if tc.wantType == "message/rfc822" && bytes.Contains(raw, []byte("Content-Type: message/rfc822;\r\n name=saved.eml\r\nContent-Transfer-Encoding: base64")) {
				t.Error("a message/rfc822 part in base64")
			}
		})
	}
}

// TestLongFileNamesFold: a file name of 120 CJK characters or emoji, over a thousand
// characters once encoded, is cut into RFC 2231 continuations, so no header line of the
// message is longer than 78 characters, and reads back whole.
func TestLongFileNamesFold(t *testing.T) {
	w := mailtest.Writer(t)
	for _, name := range []string{strings.Repeat("漢", 120), strings.Repeat("🦊", 119) + ".pdf", strings.Repeat("a", 200) + ".pdf", "x\u202e\u2066" + strings.Repeat("é", 150)} {
		raw := compose(t, w, filed(t, "spam"), []report.File{reporttest.File(name, reporttest.PDF("x"), attachment.PDF)})
		head := true
		for _, line := range strings.Split(string(raw), "\r\n") {
			if line == "" {
				head = false
			}
			if (head || strings.Contains(line, "filename") || strings.Contains(line, "name*")) && len(line) > 78 {
				t.Errorf("a header line of %d characters: %.80s…", len(line), line)
			}
		}
		msg := mailtest.Read(t, raw)
		if want := attachment.NeutralName(name, attachment.PDF); len(msg.Files) != 1 || msg.Files[0].Filename != want || msg.Files[0].Name != want {
			t.Errorf("read back as %+v, want %q", msg.Files, want)
		}
		if strings.ContainsAny(msg.Body, "\u202e\u2066") {
			t.Error("the text shows a bidi control")
		}
	}
}

// TestSizeIsExactAndFitsSays: Size is the message's length before it is written, however
// many files and whatever their lengths, and Fits refuses what the mailbox would.
func TestSizeIsExactAndFitsSays(t *testing.T) {
	w := mailtest.Writer(t)
	var files []report.File
	for _, n := range []int{1, 2, 3, 56, 57, 58, 113, 114, 4095} {
		files = append(files, reporttest.File("f.txt", bytes.Repeat([]byte("z"), n), attachment.Text))
		compose(t, w, filed(t, "spam"), files) // checks the length against Size
	}
	big := reporttest.File("big.pdf", append(reporttest.PDF("big"), make([]byte, email.MaxMessageBytes*3/4)...), attachment.PDF)
	m, err := w.Report(filed(t, "spam"), email.InMemory([]report.File{big}))
	if err != nil {
		t.Fatal(err)
	}
	var tooLarge *email.TooLargeError
	if err := m.Fits(); !errors.As(err, &tooLarge) || tooLarge.Size != m.Size() || !email.Permanent(err) {
		t.Errorf("a %d-byte message: Fits %v", m.Size(), err)
	}
	if err := w.ReportFits(filed(t, "spam"), email.InMemory([]report.File{big})); !errors.As(err, &tooLarge) || tooLarge.Size != m.Size() {
		t.Errorf("a %d-byte message: ReportFits %v", m.Size(), err)
	}
	if err := w.ReportFits(filed(t, "spam"), nil); err != nil {
		t.Errorf("a small message: ReportFits %v", err)
	}
	small, _ := w.Report(filed(t, "spam"), nil)
	if err := small.Fits(); err != nil {
		t.Errorf("a small message: %v", err)
	}
}

func TestPermanentFailures(t *testing.T) {
	for err, want := range map[error]bool{
		&email.SendError{Code: "E_CONTENT_TOO_LARGE"}:                    true,
		&email.SendError{Code: "E_HEADER_VALUE_INVALID"}:                 true,
		&email.SendError{Code: "E_RATE_LIMIT_EXCEEDED"}:                  false,
		&email.SendError{Code: "E_SENDER_NOT_VERIFIED"}:                  false,
		&email.SendError{Message: "network connection lost"}:             false,
		fmt.Errorf("mailing: %w", &email.TooLargeError{What: "message"}): true,
		errors.New("anything else"):                                      false,
	} {
		if got := email.Permanent(err); got != want {
			t.Errorf("Permanent(%v) = %v", err, got)
		}
	}
}
