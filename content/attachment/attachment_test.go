package attachment

import (
	"bytes"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	long := "a" + strings.Repeat("ж", HeadSize) // cut by HeadSize in the middle of a ж
	for _, tc := range []struct {
		name string
		head string
		want string
	}{
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", PDF},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", JPEG},
		{"log", "2026-11-23 10:00:01 sshd[812]: Failed password for root from 203.0.113.9\n", Text},
		{"Cyrillic text", "Свідоцтво про реєстрацію знака № 123456\r\n", Text},
		{"long text cut mid-character", long, Text},
		{"eml", "Return-Path: <spam@example.net>\r\nReceived: from mx.example.net\r\n\tby mx.example.com; Mon, 23 Nov 2026 10:00:00 +0200\r\nSubject: Win!\r\n\r\nBody", EML},
		{"eml, lower case", "from: a@example.net\nto: b@example.com\nsubject: hi\n\nbody", EML},
		{"one header only is text", "Subject: hi\n\nbody", Text},
		{"colon prose is text", "Note: the attack started at 10:00.\nTarget: our web server\n", Text},
		{"empty", "", ""},
		{"executable named .pdf", "MZ\x90\x00\x03\x00\x00\x00\x04\x00", ""},
		{"zip", "PK\x03\x04\x14\x00\x06\x00", ""},
		{"NUL in text", "hello\x00world", ""},
		{"invalid UTF-8", "caf\xe9 au lait", ""},
		{"pdf not at the start", " %PDF-1.7", Text},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff([]byte(tc.head)); got != tc.want {
				t.Errorf("Sniff(%q) = %q, want %q", tc.head[:min(len(tc.head), 40)], got, tc.want)
			}
		})
	}
}

func TestSniffReadsOnlyTheHead(t *testing.T) {
	file := append(bytes.Repeat([]byte("a"), HeadSize), 0) // a NUL after the head
	if got := Sniff(file); got != Text {
		t.Errorf("Sniff looked past HeadSize: %q", got)
	}
}

func TestContentType(t *testing.T) {
	for kind, want := range map[string]string{PDF: "application/pdf", EML: "message/rfc822", Text: "text/plain; charset=utf-8", "": "application/octet-stream"} {
		if got := ContentType(kind); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", kind, got, want)
		}
	}
}

// TestSniffAllReadsTheWholeFile: a file of kind text is text all the way through; the
// Worker, which has the whole file, refuses one whose head alone is.
func TestSniffAllReadsTheWholeFile(t *testing.T) {
	head := bytes.Repeat([]byte("log line\n"), HeadSize/9+1)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"text throughout", append(bytes.Clone(head), "the end\n"...), Text},
		{"an executable after a text head", append(bytes.Clone(head), "MZ\x90\x00\x03\x00"...), ""},
		{"invalid UTF-8 at the very end", append(bytes.Clone(head), 0xd0), ""},
		{"exactly HeadSize, a character cut at its end", append(bytes.Repeat([]byte("a"), HeadSize-1), 0xd0), ""},
		{"an e-mail with a NUL in its body", append([]byte("From: a@example.net\r\nSubject: x\r\n\r\n"+strings.Repeat("body\r\n", 300)), 0), ""},
		{"a PDF, whatever follows", append([]byte("%PDF-1.7\n"), make([]byte, 3*HeadSize)...), PDF},
	} {
		if got := SniffAll(tc.data); got != tc.want {
			t.Errorf("%s: SniffAll = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNeutralName(t *testing.T) {
	long := strings.Repeat("文", MaxNameRunes)
	for _, tc := range []struct{ name, kind, want string }{
		{"Довіреність №5.pdf", PDF, "Довіреність №5.pdf"},
		{"scan.JPG", JPEG, "scan.JPG"},
		{"photo.jpeg", JPEG, "photo.jpeg"},
		{"evidence.html", Text, "evidence.html.txt"},
		{"logo.svg", Text, "logo.svg.txt"},
		{"invoice.pdf.exe", PDF, "invoice.pdf.exe.pdf"},
		{"run.bat", Text, "run.bat.txt"},
		{"saved.eml", EML, "saved.eml"},
		{"no extension", PNG, "no extension.png"},
		// RIGHT-TO-LEFT OVERRIDE makes "invoice\u202Efdp.exe" read "invoiceexe.pdf".
		{"invoice\u202Efdp.exe", PDF, "invoicefdp.exe.pdf"},
		{"a\u200bb\u2066c\u2069.txt", Text, "abc.txt"},
		{"line\r\nbreak\u2028.txt", Text, "line__break_.txt"},
		{"trailing dot.pdf.", PDF, "trailing dot.pdf..pdf"},
		{"\u202e\u200b  ", PDF, "attachment.pdf"},
		{"", Text, "attachment.txt"},
		{long + ".exe", PNG, strings.Repeat("文", MaxNameRunes-4) + ".png"},
		{"caf\xe9.txt", Text, "caf\uFFFD.txt"},
	} {
		got := NeutralName(tc.name, tc.kind)
		if got != tc.want {
			t.Errorf("NeutralName(%q, %s) = %q, want %q", tc.name, tc.kind, got, tc.want)
		}
		if n := len([]rune(got)); n > MaxNameRunes {
			t.Errorf("NeutralName(%q) is %d characters", tc.name, n)
		}
	}
}
