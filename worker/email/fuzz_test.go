package email_test

import (
	"bytes"
	"strings"
	"testing"

	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email/mailtest"
)

// FuzzCompose builds the report mail from hostile values and file names: it must never
// panic, must parse back part by part, must carry no header the values could add, and
// must keep the files byte for byte.
func FuzzCompose(f *testing.F) {
	f.Add("Олена\r\nBcc: x@example.com", "1 Main St\r\n\r\n--boundary--", "https://shop.example.net/a b", "Довіреність.pdf", []byte("%PDF-1.4 x"))
	f.Add("", "=?utf-8?q?x?= =3D\n.\r\n", "192.0.2.7", "a\x00b\r\nContent-Type: text/html", []byte{})
	f.Add(strings.Repeat("Олександра ", 40), strings.Repeat("x", 2000), "[2001:db8::1]", strings.Repeat("ф", 300), bytes.Repeat([]byte{0xff}, 100))
	w := mailtest.Writer(f)
	f.Fuzz(func(t *testing.T, name, message, resource, fileName string, data []byte) {
		rep := filed(t, "copyright")
		rep.Fields["full_name"], rep.Fields["message"], rep.Fields["resource"], rep.Fields["company"] = name, message, resource, name
		raw := compose(t, w, rep, []report.File{reporttest.File(fileName, data, "pdf")})
		msg := mailtest.Read(t, raw)
		for h := range msg.Header {
			switch h {
			case "From", "To", "Reply-To", "Subject", "Date", "Message-Id", "Mime-Version", "Content-Type":
			default:
				t.Errorf("unexpected header %q", h)
			}
		}
		if len(msg.XARF) == 0 || len(msg.Files) != 1 || !bytes.Equal(msg.Files[0].Data, data) {
			t.Errorf("parts: XARF %d bytes, %d files", len(msg.XARF), len(msg.Files))
		}
	})
}
