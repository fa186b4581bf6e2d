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
