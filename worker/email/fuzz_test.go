package email_test

import (
	"bytes"
	"strings"
	"testing"

	"abusedesk/content/attachment"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
)

// FuzzCompose builds the report mail from hostile values, file names and files of every
// kind: it must never panic, must be exactly the size it said, must parse back part by
// part with no line over 998 octets, must carry no header the values could add, must name
// each file as attachment.NeutralName does, and must keep the files byte for byte.
func FuzzCompose(f *testing.F) {
	f.Add("Олена\r\nBcc: x@example.com", "1 Main St\r\n\r\n--boundary--", "https://shop.example.net/a b", "Довіреність.pdf", []byte("%PDF-1.4 x"), uint8(0))
	f.Add("", "=?utf-8?q?x?= =3D\n.\r\n", "192.0.2.7", "a\x00b\r\nContent-Type: text/html", []byte{}, uint8(1))
	f.Add(strings.Repeat("Олександра ", 40), strings.Repeat("x", 2000), "[2001:db8::1]", strings.Repeat("ф", 300), bytes.Repeat([]byte{0xff}, 100), uint8(0))
	f.Add("A", "m", "x", strings.Repeat("漢", 120)+".exe", []byte("line\n"), uint8(1))
	f.Add("A", "m", "x", strings.Repeat("🦊", 120), []byte("From: a@example.net\r\nSubject: x\r\n\r\nbody\r\n--=_boundary\r\n"), uint8(2))
	f.Add("A", "m", "x", "saved\u202egnp.eml", []byte("From: a@example.net\nSubject: x\n\nbody\n"), uint8(2))
	w := mailtest.Writer(f)
	kinds := []string{attachment.PDF, attachment.Text, attachment.EML}
	f.Fuzz(func(t *testing.T, name, message, resource, fileName string, data []byte, kind uint8) {
		rep := filed(t, "copyright")
		rep.Report.FullName, rep.Report.Message, rep.Report.Resource, rep.Report.Company = name, message, resource, name
		k := kinds[int(kind)%len(kinds)]
		raw := compose(t, w, rep, []report.File{reporttest.File(fileName, data, k)})
		msg := mailtest.Read(t, raw)
		for h := range msg.Header {
			switch h {
			case "From", "To", "Reply-To", "Subject", "Date", "Message-Id", email.ReferenceHeader, email.IdentityHeader, "Mime-Version", "Content-Type":
			default:
				t.Errorf("unexpected header %q", h)
			}
		}
		if len(msg.XARF) == 0 || len(msg.Files) != 1 || !bytes.Equal(msg.Files[0].Data, data) {
			t.Fatalf("parts: XARF %d bytes, %d files", len(msg.XARF), len(msg.Files))
		}
		want := attachment.NeutralName(fileName, k)
		if got := msg.Files[0]; got.Filename != want || got.Name != want {
			t.Errorf("file named %q / %q, want %q", got.Filename, got.Name, want)
		}
		if !strings.Contains(msg.Body, want) {
			t.Errorf("the text does not name the file %q", want)
		}
	})
}
