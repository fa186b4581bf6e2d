package intake

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzCompose builds the report mail from hostile values and file names: it must never
// panic, must parse back part by part, must carry no header the values could add, and
// must keep the files byte for byte.
func FuzzCompose(f *testing.F) {
	f.Add("Олена\r\nBcc: x@example.com", "1 Main St\r\n\r\n--boundary--", "https://shop.example.net/a b", "Довіреність.pdf", []byte("%PDF-1.4 x"))
	f.Add("", "=?utf-8?q?x?= =3D\n.\r\n", "192.0.2.7", "a\x00b\r\nContent-Type: text/html", []byte{})
	f.Add(strings.Repeat("Олександра ", 40), strings.Repeat("x", 2000), "[2001:db8::1]", strings.Repeat("ф", 300), bytes.Repeat([]byte{0xff}, 100))
	fx := newFixture(f)
	cat, _ := fx.rules.Category("copyright")
	d := fx.rules.Deadlines(cat, fx.now)
	f.Fuzz(func(t *testing.T, name, message, resource, fileName string, data []byte) {
		fields := reportFields(cat.ID)
		fields["full_name"], fields["message"], fields["resource"], fields["company"] = name, message, resource, name
		raw := fx.h.compose(testRef, fields, fx.rules.Declaration["en"], cat, d, []Attachment{attached(fileName, data, "pdf")})
		msg := parseMail(t, raw)
		for h := range msg.Header {
			switch h {
			case "From", "To", "Reply-To", "Subject", "Date", "Message-Id", "Mime-Version", "Content-Type":
			default:
				t.Errorf("unexpected header %q", h)
			}
		}
		if len(msg.xarf) == 0 || len(msg.files) != 1 || !bytes.Equal(msg.files[0].data, data) {
			t.Errorf("parts: XARF %d bytes, %d files", len(msg.xarf), len(msg.files))
		}
	})
}

// FuzzReadMultipart posts hostile multipart bodies: the answer must be a 4xx or 201 with
// JSON, never a panic or a 5xx, and whatever was accepted must have been mailed as a
// well-formed message.
func FuzzReadMultipart(f *testing.F) {
	good, body := multipartReport(f, fullReport(), map[string][]byte{"a.pdf": pdf("a"), "b.txt": []byte("log line\n")}, "a.pdf", "b.txt")
	_, boundary, _ := strings.Cut(good, "boundary=")
	f.Add(boundary, body)
	f.Add(boundary, []byte("--"+boundary+"\r\nContent-Disposition: form-data; name=\"attachments\"; filename*=UTF-8''%D0%A4.pdf\r\n\r\n%PDF-1\r\n--"+boundary+"--\r\n"))
	f.Add("B", []byte("--B\r\nContent-Disposition: form-data; name=\"attachments\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=25PDF=\r\n--B--"))
	f.Add("B", []byte("--B\r\n\r\n--B--\r\n"))
	f.Add("x", []byte("garbage"))
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, boundary string, body []byte) {
		fx.mailer.sent = nil
		r := httptest.NewRequest(http.MethodPost, ReportsPath, bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=\""+strings.ReplaceAll(boundary, `"`, "")+"\"")
		r.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		fx.h.ServeHTTP(w, r)
		if w.Code >= 500 || w.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("status %d %s: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		if w.Code == http.StatusCreated {
			if len(fx.mailer.sent) != 1 {
				t.Fatalf("accepted, but %d messages sent", len(fx.mailer.sent))
			}
			parseMail(t, fx.mailer.sent[0].raw)
		}
	})
}
