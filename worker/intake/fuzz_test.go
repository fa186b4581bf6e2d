package intake

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email/mailtest"
)

// FuzzReadMultipart posts hostile multipart bodies: the answer must be a 4xx or 201 with
// JSON, never a panic or a 5xx, and small however large the body (bounded work); whatever
// was accepted must have been mailed as a well-formed message.
func FuzzReadMultipart(f *testing.F) {
	good, body := multipartReport(f, reporttest.Full(), map[string][]byte{"a.pdf": reporttest.PDF("a"), "b.txt": []byte("log line\n")}, "a.pdf", "b.txt")
	_, boundary, _ := strings.Cut(good, "boundary=")
	f.Add(boundary, body)
	f.Add(boundary, []byte("--"+boundary+"\r\nContent-Disposition: form-data; name=\"attachments\"; filename*=UTF-8''%D0%A4.pdf\r\n\r\n%PDF-1\r\n--"+boundary+"--\r\n"))
	f.Add("B", []byte("--B\r\nContent-Disposition: form-data; name=\"attachments\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=25PDF=\r\n--B--"))
	f.Add("B", []byte("--B\r\n\r\n--B--\r\n"))
	f.Add("x", []byte("garbage"))
	var many strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&many, "--B\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nx\r\n", i)
	}
	f.Add("B", []byte(many.String()+"--B--\r\n"))
	f.Add("B", []byte("--B\r\nContent-Disposition: form-data; name=\""+strings.Repeat("n", 300)+"\"\r\n\r\nx\r\n--B--\r\n"))
	f.Add("B", []byte("--B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a\u202egpj.exe\"\r\n\r\nlog line\n\x00MZ\r\n--B--\r\n"))
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, boundary string, body []byte) {
		fx.mailer.Sent = nil
		r := httptest.NewRequest(http.MethodPost, api.ReportsPath, bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=\""+strings.ReplaceAll(boundary, `"`, "")+"\"")
		r.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		fx.h.ServeHTTP(w, r)
		if w.Code >= 500 || w.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("status %d %s: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		if w.Body.Len() > 64<<10 {
			t.Fatalf("an answer of %d KiB to a body of %d KiB", w.Body.Len()>>10, len(body)>>10)
		}
		if w.Code == api.Outcomes.Accepted.Status {
			if len(fx.mailer.Sent) != 1 {
				t.Fatalf("accepted, but %d messages sent", len(fx.mailer.Sent))
			}
			mailtest.Read(t, fx.mailer.Sent[0].Raw)
		}
	})
}
