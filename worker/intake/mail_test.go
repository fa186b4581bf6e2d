package intake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email/mailtest"
)

// multipartReport writes a report as a browser sends the form: fields, then files.
func multipartReport(t testing.TB, values map[string]string, files map[string][]byte, order ...string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range values {
		mw.WriteField(k, v)
	}
	for _, name := range order {
		w, err := mw.CreateFormFile(api.AttachmentsField, name)
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
	files := map[string][]byte{"claim.pdf": reporttest.PDF("claim"), "Свідоцтво.pdf": reporttest.PDF("certificate")}
	ct, body := multipartReport(t, reporttest.Full(), files, "claim.pdf", "Свідоцтво.pdf")
	w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json")
	if !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Accepted), w.Body)
	}
	msg := mailtest.Read(t, f.mailer.Sent[0].Raw)
	if len(msg.Files) != 2 || !bytes.Equal(msg.Files[0].Data, files["claim.pdf"]) || !bytes.Equal(msg.Files[1].Data, files["Свідоцтво.pdf"]) || msg.Files[1].Filename != "Свідоцтво.pdf" {
		t.Fatalf("files %+v", msg.Files)
	}
	sum := sha256.Sum256(files["Свідоцтво.pdf"])
	if !strings.Contains(msg.Body, hex.EncodeToString(sum[:])) {
		t.Errorf("text lacks the hash:\n%s", msg.Body)
	}
	// A file input left empty is sent as a part with no name and no content.
	ct, body = multipartReport(t, reporttest.Full(), map[string][]byte{"": nil}, "")
	if w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json"); !is(w, api.Outcomes.Accepted) {
		t.Errorf("an empty file input: status %d; %s", w.Code, w.Body)
	}
}

func TestRefusesBadFiles(t *testing.T) {
	f := newFixture(t)
	lim := f.rules.Attachments
	huge := append(reporttest.PDF("big"), make([]byte, lim.MaxFileBytes)...)
	files := map[string][]byte{
		"big.pdf":     huge,
		"invoice.pdf": []byte("MZ\x90\x00\x03\x00\x00\x00 an executable"),
		"empty.txt":   {},
		"ok.pdf":      reporttest.PDF("fine"),
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
			values := reporttest.Full()
			values["lang"] = tc.lang
			ct, body := multipartReport(t, values, files, order...)
			w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json")
			if !is(w, api.Outcomes.Invalid) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Invalid), w.Body)
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
				if p := got.Problems[i]; p.Field != api.AttachmentsField || p.File != order[i] || p.Message != want {
					t.Errorf("problem %d: %+v, want %q", i+1, p, want)
				}
			}
		})
	}
	if len(f.mailer.Sent) != 0 {
		t.Error("a report with bad files was mailed")
	}
}

func TestRefusesTooManyFilesAndTooMuchInTotal(t *testing.T) {
	f := newFixture(t)
	lim := f.rules.Attachments
	files := map[string][]byte{}
	var order []string
	for i := range lim.MaxFiles + 1 {
		name := "f" + strconv.Itoa(i) + ".pdf"
		files[name], order = reporttest.PDF(name), append(order, name)
	}
	values := reporttest.Full()
	values["lang"] = "uk"
	ct, body := multipartReport(t, values, files, order...)
	w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json")
	if want := "Файл «f10.pdf» не прийнято: до скарги можна додати не більше 10 файлів."; !is(w, api.Outcomes.Invalid) || !strings.Contains(w.Body.String(), want) {
		t.Errorf("status %d, want %s saying %q; %s", w.Code, named(api.Outcomes.Invalid), want, w.Body)
	}
	// Three files, each under the cap, that together pass the total by a little: the
	// body is still under its cap, so the reporter is told which file did not fit.
	each := (lim.MaxTotalBytes + 1<<19) / 3
	files, order = map[string][]byte{}, nil
	for i := range 3 {
		name := "part" + strconv.Itoa(i) + ".pdf"
		files[name], order = append(reporttest.PDF(name), make([]byte, each)...), append(order, name)
	}
	ct, body = multipartReport(t, reporttest.Full(), files, order...)
	w = f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json")
	if want := "all the files together must be 18 MiB or smaller"; !is(w, api.Outcomes.Invalid) || !strings.Contains(w.Body.String(), want) {
		t.Errorf("status %d, want %s saying %q; %s", w.Code, named(api.Outcomes.Invalid), want, w.Body)
	}
}

func TestRefusedFilesAreAskedForAgain(t *testing.T) {
	f := newFixture(t)
	values := reporttest.Full()
	values["lang"] = "ru"
	ct, body := multipartReport(t, values, map[string][]byte{"x.exe": []byte("MZ\x90\x00")}, "x.exe")
	w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", browserAccept)
	if !is(w, api.Outcomes.Invalid) || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, %s", w.Code, w.Header().Get("Content-Type"))
	}
	page := w.Body.String()
	for _, want := range []string{
		"<title>Ошибка: ",
		`<li><a href="#attachments">Файл «x.exe» не принят: его содержимое`,
		`<li><a href="#attachments">` + contenttest.Bundle(t).Messages.Text("ru", "form.files_again") + "</a></li>",
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
	r, _ := http.NewRequest(http.MethodPost, api.ReportsPath, &endless{prefix: []byte(head)})
	r.Header.Set("Content-Type", "multipart/form-data; boundary=B")
	r.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if !is(w, api.Outcomes.TooLarge) || !strings.Contains(w.Body.String(), "Скарга завелика") {
		t.Errorf("status %d, want %s; %s", w.Code, named(api.Outcomes.TooLarge), w.Body)
	}
	// A declared length over the cap is refused before reading.
	ct, body := multipartReport(t, reporttest.Full(), nil)
	r, _ = http.NewRequest(http.MethodPost, api.ReportsPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", ct)
	r.ContentLength = MaxMultipartBody(f.rules.Attachments) + 1
	w = httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if !is(w, api.Outcomes.TooLarge) {
		t.Errorf("declared length: status %d, want %s", w.Code, named(api.Outcomes.TooLarge))
	}
}

func TestDeadlinesAPI(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		query   string
		outcome api.Outcome
		want    []string
	}{
		// A DDoS cannot wait for Monday: reviewed round the clock from Friday evening.
		{"category=ddos&at=2026-11-27T17:00:00%2B02:00&lang=en", api.Outcomes.Deadlines, []string{
			`"review_starts":"2026-11-27T17:00:00+02:00"`, `"processed_by":"2026-11-28T17:00:00+02:00"`,
			`"settled_by":"2026-12-02T23:59:59+02:00"`, `"clock":"calendar"`, `"response":{"kind":"respond_within","hours":2,"respond_by":"2026-11-28T19:00:00+02:00"}`,
			"Once notified, the customer has 2 hours"}},
		// Spam waits for working hours, and its review is due sooner, so the customer's
		// 12 hours end by the decision.
		{"category=spam&at=2026-11-27T17:00:00%2B02:00&lang=en", api.Outcomes.Deadlines, []string{
			`"processed_by":"2026-12-02T11:59:59+02:00"`, `"sooner":true`, `"clock":"working"`,
			`"respond_by":"2026-12-02T23:59:59+02:00"`, "sooner than our usual time"}},
		// 23:30 UTC on a Saturday is Sunday in Kyiv; the review waits for Monday.
		{"category=copyright&at=2026-11-28T23:30:00Z&lang=uk", api.Outcomes.Deadlines, []string{
			`"received":"2026-11-29T01:30:00+02:00"`, `"review_starts":"2026-11-30T09:00:00+02:00"`,
			`"response":{"kind":"on_claim","hours":12,"claim":"unknown"}`, "Клієнт має 12 годин на відповідь лише після вимоги суду"}},
		{"category=botnet&at=2026-03-29T12:00:00%2B03:00&lang=ru", api.Outcomes.Deadlines, []string{`"response":{"kind":"blocked_at_once"}`, "блокируют сразу"}},
		{"category=vulnerability", api.Outcomes.Deadlines, []string{`"kind":"advisory"`, `"received":"2026-11-23T10:00:00+02:00"`, `"lang":"uk"`}},
		{"category=weather&lang=en", api.Outcomes.BadCategory, []string{"Unknown category."}},
		{"category=spam&at=yesterday&lang=ru", api.Outcomes.BadAt, []string{"в формате RFC 3339"}},
		{"category=spam&lang=de", api.Outcomes.BadLang, []string{"Невідома мова."}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			w := f.do(http.MethodGet, api.DeadlinesPath+"?"+tc.query, "", "")
			if !is(w, tc.outcome) || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("status %d %s, want %s JSON; %s", w.Code, w.Header().Get("Content-Type"), named(tc.outcome), w.Body)
			}
			for _, want := range tc.want {
				if !strings.Contains(w.Body.String(), want) {
					t.Errorf("answer lacks %s:\n%s", want, w.Body)
				}
			}
		})
	}
	if w := f.do(http.MethodPost, api.DeadlinesPath, "", ""); !is(w, api.Outcomes.MethodNotAllowed) {
		t.Errorf("POST: status %d, want %s", w.Code, named(api.Outcomes.MethodNotAllowed))
	}
}

// csamReport is a report of child sexual abuse material from a reporter who stays unnamed.
func csamReport() map[string]string {
	return map[string]string{"lang": "en", "requester": "person", "category": "csam",
		"message": "Found while searching.", "evidence_urls": "https://bad.example.net/a", "declaration": "yes"}
}

// TestNoFileForChildAbuseMaterial: a file posted with a report of a category that takes
// none is refused, whatever its kind, by form or by hand, before anything is stored; the
// page does not ask for it again. Without one, the unnamed report is accepted and mailed
// to the urgent mailbox.
func TestNoFileForChildAbuseMaterial(t *testing.T) {
	words := contenttest.Bundle(t).Messages
	for name, data := range map[string][]byte{"page.pdf": reporttest.PDF("x"), "shot.exe": []byte("MZ\x90\x00")} {
		for _, accept := range []string{"application/json", browserAccept} {
			f := newFixture(t)
			ct, body := multipartReport(t, csamReport(), map[string][]byte{name: data}, name)
			w := f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", accept)
			if !is(w, api.Outcomes.Invalid) {
				t.Fatalf("%s: status %d, want %s; %s", name, w.Code, named(api.Outcomes.Invalid), w.Body)
			}
			if f.store.Puts != 0 || len(f.queue.Sent) != 0 || len(f.mailer.Sent) != 0 {
				t.Errorf("%s: stored %d, queued %d, mailed %d", name, f.store.Puts, len(f.queue.Sent), len(f.mailer.Sent))
			}
			refused := words.FileProblem("en", name, policy.FileRefused, contenttest.Bundle(t).Rules.Attachments)
			page := w.Body.String()
			if accept == browserAccept {
				refused = html.EscapeString(refused)
			}
			if !strings.Contains(page, refused) || strings.Contains(page, html.EscapeString(words.Text("en", "form.files_again"))) {
				t.Errorf("%s (%s): the answer lacks %q or asks for the file again:\n%s", name, accept, refused, page)
			}
		}
	}
	f := newFixture(t)
	w := f.postJSON(t, csamReport())
	if !is(w, api.Outcomes.Accepted) || len(f.mailer.Sent) != 1 {
		t.Fatalf("status %d, mailed %d; %s", w.Code, len(f.mailer.Sent), w.Body)
	}
	if to := f.mailer.Sent[0].To; to != contenttest.Bundle(t).Provider.UrgentMailbox {
		t.Errorf("mailed to %s", to)
	}
}

// TestAnAuthorityAttachesItsOrder: a court names its case and who issued it, and attaches
// the order; its report is then the claim that starts an infringement's clock.
func TestAnAuthorityAttachesItsOrder(t *testing.T) {
	v := reporttest.Full()
	v["requester"], v["category"], v["rights_documents"], v["rights_declaration"], v["evidence_urls"] = "court", "copyright", "Order 757/1234/26", "yes", "https://shop.example.net/catalogue/1"
	f := newFixture(t)
	w := f.postJSON(t, v)
	var got struct{ Problems []api.Problem }
	json.Unmarshal(w.Body.Bytes(), &got)
	var fields []string
	for _, p := range got.Problems {
		fields = append(fields, p.Field)
	}
	if !is(w, api.Outcomes.Invalid) || !slices.Equal(fields, []string{"case_number", "issuing_body", api.AttachmentsField}) {
		t.Fatalf("status %d, problems %v; want %s for the case number, the issuer and the order", w.Code, fields, named(api.Outcomes.Invalid))
	}
	v["case_number"], v["issuing_body"] = "757/1234/26", "Pecherskyi District Court of Kyiv"
	ct, body := multipartReport(t, v, map[string][]byte{"order.pdf": reporttest.PDF("order")}, "order.pdf")
	w = f.do(http.MethodPost, api.ReportsPath, ct, string(body), "Accept", "application/json")
	if !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d; %s", w.Code, w.Body)
	}
	var receipt api.Receipt
	json.Unmarshal(w.Body.Bytes(), &receipt)
	if receipt.Schedule.Response.Kind != "on_claim" || receipt.Schedule.Response.RespondBy == "" {
		t.Errorf("schedule %+v: a court's claim starts the clock", receipt.Schedule.Response)
	}
}
