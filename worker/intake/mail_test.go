package intake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"abusedesk/content/i18n"
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

// pdf makes a tiny PDF whose content differs with text.
func pdf(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n% " + text + "\ntrailer <</Root 1 0 R>>\n%%EOF\n")
}

func attached(name string, data []byte, kind string) Attachment {
	sum := sha256.Sum256(data)
	return Attachment{Name: name, Kind: kind, Data: data, SHA256: hex.EncodeToString(sum[:])}
}

// reportFields is a full report with the fields the form adds for the resource.
func reportFields(category string) map[string]string {
	f := fullReport()
	f["category"] = category
	f["resource"] = "https://shop.example.net/login"
	f["occurred_at"] = "2026-11-22T21:15"
	return f
}

func TestComposeReport(t *testing.T) {
	f := newFixture(t)
	schema := xarfSchema(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 4096) // many base64 lines
	files := []Attachment{
		attached("Довіреність №5.pdf", pdf("power of attorney"), "pdf"),
		attached("evidence\r\nBcc: x@example.com.pdf", append(pdf("second"), big...), "pdf"),
	}
	for _, cat := range f.rules.Categories {
		t.Run(cat.ID, func(t *testing.T) {
			d := f.rules.Deadlines(&cat, f.now)
			raw := f.h.compose(testRef, reportFields(cat.ID), f.rules.Declaration["en"], &cat, d, files)
			msg := parseMail(t, raw)
			if _, ok := msg.Header["Bcc"]; ok {
				t.Error("a file name added a header")
			}
			if got, want := msg.header(t, "Subject"), "[abuse "+testRef+"] "+cat.Title["uk"]; got != want {
				t.Errorf("Subject %q, want %q", got, want)
			}
			// The text: every field, the deadlines, each file's name, kind, size and hash.
			for _, want := range []string{
				"Розглянути до: 25 листопада 2026 р. (середа), 16:00",
				"Олена Коваль-Шевченко", "Kyiv 01001",
				"1. Довіреність №5.pdf — документ PDF, " + itoa(len(files[0].Data)) + " байт",
				"SHA-256 " + files[0].SHA256, "SHA-256 " + files[1].SHA256,
				"2. evidence__Bcc: x@example.com.pdf",
			} {
				if !strings.Contains(msg.body, want) {
					t.Errorf("text lacks %q:\n%s", want, msg.body)
				}
			}
			// The files, byte for byte, named per RFC 2231.
			if len(msg.files) != 2 {
				t.Fatalf("%d files attached, want 2", len(msg.files))
			}
			for i, got := range msg.files {
				if !bytes.Equal(got.data, files[i].Data) || got.contentType != "application/pdf" {
					t.Errorf("file %d: %s, %d bytes; want application/pdf, %d bytes", i+1, got.contentType, len(got.data), len(files[i].Data))
				}
				if want := safeName(files[i].Name); got.filename != want || got.name != want {
					t.Errorf("file %d named %q / %q, want %q", i+1, got.filename, got.name, want)
				}
			}
			if !bytes.Contains(raw, []byte(`filename*=utf-8''%D0%94%D0%BE`)) {
				t.Error("the non-ASCII file name is not encoded per RFC 2231")
			}
			// The XARF part: valid against the official schemas, our mapping, our hashes.
			var doc map[string]any
			if err := json.Unmarshal(msg.xarf, &doc); err != nil {
				t.Fatalf("XARF part: %v\n%s", err, msg.xarf)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(msg.xarf))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("the XARF part is not valid XARF v4: %v\n%s", err, msg.xarf)
			}
			class := f.h.xarfMap.Categories[cat.ID]
			if doc["category"] != class.Category || doc["type"] != class.Type {
				t.Errorf("XARF %v/%v, want %s/%s", doc["category"], doc["type"], class.Category, class.Type)
			}
			if doc["report_id"] != reportID("example.com", testRef) || doc["source_identifier"] != "shop.example.net" {
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

func itoa(n int) string { return strconv.Itoa(n) }

func jsonNumber(n int) string { return strconv.Itoa(n) }

func TestReportIDIsAVersion5UUIDOfTheReference(t *testing.T) {
	id := reportID("example.com", testRef)
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("report id %q is not a version 5 UUID", id)
	}
	if reportID("example.com", testRef) != id || reportID("example.com", "AD-20261123-7K3M9R") == id {
		t.Error("the id does not follow the reference")
	}
	// Python's uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/reports/AD-20261123-7K3M9Q").
	if want := "37f06bde-5207-5446-b73e-74622f45c28a"; id != want {
		t.Errorf("id %s, want %s", id, want)
	}
}

func TestComposeWithoutFiles(t *testing.T) {
	f := newFixture(t)
	cat, _ := f.rules.Category("botnet")
	fields := reportFields("botnet")
	fields["resource"] = "192.0.2.7"
	msg := parseMail(t, f.h.compose(testRef, fields, f.rules.Declaration["en"], cat, f.rules.Deadlines(cat, f.now), nil))
	if len(msg.files) != 0 || !strings.Contains(msg.body, i18n.Text("uk", "mail.no_attachments")) {
		t.Errorf("files %d; text:\n%s", len(msg.files), msg.body)
	}
	var doc map[string]any
	if err := json.Unmarshal(msg.xarf, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["source_identifier"] != "192.0.2.7" || doc["compromise_evidence"] != fields["message"] {
		t.Errorf("XARF %s", msg.xarf)
	}
	if _, ok := doc["evidence"]; ok {
		t.Error("evidence without files")
	}
}

// multipartReport writes a report as a browser sends the form: fields, then files.
func multipartReport(t testing.TB, values map[string]string, files map[string][]byte, order ...string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range values {
		mw.WriteField(k, v)
	}
	for _, name := range order {
		w, err := mw.CreateFormFile(AttachmentsField, name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

func TestAcceptsFilesAttached(t *testing.T) {
	f := newFixture(t)
	files := map[string][]byte{"claim.pdf": pdf("claim"), "Свідоцтво.pdf": pdf("certificate")}
	ct, body := multipartReport(t, fullReport(), files, "claim.pdf", "Свідоцтво.pdf")
	w := f.do(http.MethodPost, ReportsPath, ct, string(body), "Accept", "application/json")
	if w.Code != http.StatusCreated {
		t.Fatalf("status %d, want 201; body %s", w.Code, w.Body)
	}
	msg := parseMail(t, f.mailer.sent[0].raw)
	if len(msg.files) != 2 || !bytes.Equal(msg.files[0].data, files["claim.pdf"]) || !bytes.Equal(msg.files[1].data, files["Свідоцтво.pdf"]) || msg.files[1].filename != "Свідоцтво.pdf" {
		t.Fatalf("files %+v", msg.files)
	}
	sum := sha256.Sum256(files["Свідоцтво.pdf"])
	if !strings.Contains(msg.body, hex.EncodeToString(sum[:])) {
		t.Errorf("text lacks the hash:\n%s", msg.body)
	}
	// A file input left empty is sent as a part with no name and no content.
	ct, body = multipartReport(t, fullReport(), map[string][]byte{"": nil}, "")
	if w := f.do(http.MethodPost, ReportsPath, ct, string(body), "Accept", "application/json"); w.Code != http.StatusCreated {
		t.Errorf("an empty file input: status %d; %s", w.Code, w.Body)
	}
}

func TestRefusesBadFiles(t *testing.T) {
	f := newFixture(t)
	lim := f.rules.Attachments
	huge := append(pdf("big"), make([]byte, lim.MaxFileBytes)...)
	files := map[string][]byte{
		"big.pdf":     huge,
		"invoice.pdf": []byte("MZ\x90\x00\x03\x00\x00\x00 an executable"),
		"empty.txt":   {},
		"ok.pdf":      pdf("fine"),
	}
	order := []string{"big.pdf", "invoice.pdf", "empty.txt", "ok.pdf"}
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{
			"The file “big.pdf” is too large: each file must be 10 MiB or smaller.",
			"The file “invoice.pdf” was not accepted: its content is none of the kinds allowed (a PDF document, a PNG image, a JPEG image, plain text, a saved e-mail (.eml)). We tell the kind from the content, not the name.",
			"The file “empty.txt” is empty. Choose a file that has content.",
		}},
		{"uk", []string{"Файл «big.pdf» завеликий: кожен файл має бути не більше 10 МіБ."}},
		{"ru", []string{"Файл «big.pdf» слишком большой: каждый файл должен быть не больше 10 МиБ."}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			values := fullReport()
			values["lang"] = tc.lang
			ct, body := multipartReport(t, values, files, order...)
			w := f.do(http.MethodPost, ReportsPath, ct, string(body), "Accept", "application/json")
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422; body %s", w.Code, w.Body)
			}
			var got struct {
				Problems []struct{ Field, Code, File, Message string }
			}
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Problems) != 3 {
				t.Fatalf("problems %+v, want one for each bad file", got.Problems)
			}
			for i, want := range tc.want {
				if p := got.Problems[i]; p.Field != AttachmentsField || p.File != order[i] || p.Message != want {
					t.Errorf("problem %d: %+v, want %q", i+1, p, want)
				}
			}
		})
	}
	if len(f.mailer.sent) != 0 {
		t.Error("a report with bad files was mailed")
	}
}

func TestRefusesTooManyFilesAndTooMuchInTotal(t *testing.T) {
	f := newFixture(t)
	lim := f.rules.Attachments
	files := map[string][]byte{}
	var order []string
	for i := range lim.MaxFiles + 1 {
		name := "f" + jsonNumber(i) + ".pdf"
		files[name], order = pdf(name), append(order, name)
	}
	values := fullReport()
	values["lang"] = "uk"
	ct, body := multipartReport(t, values, files, order...)
	w := f.do(http.MethodPost, ReportsPath, ct, string(body), "Accept", "application/json")
	if want := "Файл «f10.pdf» не прийнято: до скарги можна додати не більше 10 файлів."; w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), want) {
		t.Errorf("status %d, want 422 saying %q; %s", w.Code, want, w.Body)
	}
	// Three files, each under the cap, that together pass the total by a little: the
	// body is still under its cap, so the reporter is told which file did not fit.
	each := (lim.MaxTotalBytes + 1<<19) / 3
	files, order = map[string][]byte{}, nil
	for i := range 3 {
		name := "part" + jsonNumber(i) + ".pdf"
		files[name], order = append(pdf(name), make([]byte, each)...), append(order, name)
	}
	ct, body = multipartReport(t, fullReport(), files, order...)
	w = f.do(http.MethodPost, ReportsPath, ct, string(body), "Accept", "application/json")
	if want := "all the files together must be 18 MiB or smaller"; w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), want) {
		t.Errorf("status %d, want 422 saying %q; %s", w.Code, want, w.Body)
	}
}

func TestRefusedFilesAreAskedForAgain(t *testing.T) {
	f := newFixture(t)
	values := fullReport()
	values["lang"] = "ru"
	ct, body := multipartReport(t, values, map[string][]byte{"x.exe": []byte("MZ\x90\x00")}, "x.exe")
	w := f.do(http.MethodPost, ReportsPath, ct, string(body), "Accept", browserAccept)
	if w.Code != http.StatusUnprocessableEntity || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, %s", w.Code, w.Header().Get("Content-Type"))
	}
	page := w.Body.String()
	for _, want := range []string{
		"<title>Ошибка: ",
		`<li><a href="#attachments">Файл «x.exe» не принят: его содержимое`,
		`<li><a href="#attachments">` + i18n.Text("ru", "err.attachments.again") + "</a></li>",
		`value="olena+abuse@mail.example.org"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// endless is a body that never ends, as a hostile client may send.
type endless struct{ prefix []byte }

func (e *endless) Read(p []byte) (int, error) {
	if len(e.prefix) > 0 {
		n := copy(p, e.prefix)
		e.prefix = e.prefix[n:]
		return n, nil
	}
	for i := range p {
		p[i] = 'A'
	}
	return len(p), nil
}

func TestHugeBodyIsRefusedWithoutReadingItAll(t *testing.T) {
	f := newFixture(t)
	head := "--B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.pdf\"\r\n\r\n%PDF-"
	r, _ := http.NewRequest(http.MethodPost, ReportsPath, &endless{prefix: []byte(head)})
	r.Header.Set("Content-Type", "multipart/form-data; boundary=B")
	r.Header.Set("Accept", "application/json")
	w := newRecorder()
	f.h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "Скарга завелика") {
		t.Errorf("status %d, want 413; %s", w.Code, w.Body)
	}
	// A declared length over the cap is refused before reading.
	ct, body := multipartReport(t, fullReport(), nil)
	r, _ = http.NewRequest(http.MethodPost, ReportsPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", ct)
	r.ContentLength = MaxMultipartBody(f.rules.Attachments) + 1
	w = newRecorder()
	f.h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("declared length: status %d, want 413", w.Code)
	}
}

func TestDeadlinesAPI(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		query  string
		status int
		want   []string
	}{
		{"category=ddos&at=2026-11-27T17:00:00%2B02:00&lang=en", 200, []string{
			`"review_starts":"2026-11-27T17:00:00+02:00"`, `"processed_by":"2026-12-02T14:00:00+02:00"`,
			`"settled_by":"2026-12-02T23:59:59+02:00"`, `"response":{"kind":"respond_within","hours":2,"respond_by":"2026-12-02T16:00:00+02:00"}`,
			"Once notified, the customer has 2 hours"}},
		// 23:30 UTC on a Saturday is Sunday in Kyiv; the review waits for Monday.
		{"category=copyright&at=2026-11-28T23:30:00Z&lang=uk", 200, []string{
			`"received":"2026-11-29T01:30:00+02:00"`, `"review_starts":"2026-11-30T09:00:00+02:00"`,
			`"response":{"kind":"on_claim","hours":12}`, "Клієнт має 12 годин на відповідь лише після вимоги суду"}},
		{"category=botnet&at=2026-03-29T12:00:00%2B03:00&lang=ru", 200, []string{`"response":{"kind":"blocked_at_once"}`, "блокируют сразу"}},
		{"category=vulnerability", 200, []string{`"kind":"advisory"`, `"received":"2026-11-23T10:00:00+02:00"`, `"lang":"uk"`}},
		{"category=weather&lang=en", 400, []string{`"error":"bad_category"`, "Unknown category."}},
		{"category=spam&at=yesterday&lang=ru", 400, []string{`"error":"bad_at"`, "в формате RFC 3339"}},
		{"category=spam&lang=de", 400, []string{`"error":"bad_lang"`, "Невідома мова."}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			w := f.do(http.MethodGet, DeadlinesPath+"?"+tc.query, "", "")
			if w.Code != tc.status || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("status %d %s, want %d JSON; %s", w.Code, w.Header().Get("Content-Type"), tc.status, w.Body)
			}
			for _, want := range tc.want {
				if !strings.Contains(w.Body.String(), want) {
					t.Errorf("answer lacks %s:\n%s", want, w.Body)
				}
			}
		})
	}
	if w := f.do(http.MethodPost, DeadlinesPath, "", ""); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", w.Code)
	}
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
