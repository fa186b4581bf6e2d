// Package mailtest reads a message the Worker wrote back as a mail client would, for
// tests: it checks the message's form on the way (no line over 998 octets, no bare LF,
// every part encoded as package email encodes it) and gives its text, its XARF part and
// its files.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/schemas"
	"abusedesk/worker/email"
)

// Message is a sent message read back.
type Message struct {
	*mail.Message
	Body string // the text, decoded, lines ending in \n
	// For a report: its XARF reports, decoded (XARF is the first, or none), and the
	// attached files.
	XARF  []byte
	XARFs [][]byte
	Files []File
	// Summary is, for a report, the part the desk may forward to the customer
	// (email.SummaryFile), decoded.
	Summary string
}

// File is one attached file of a report as the mail carries it.
type File struct {
	ContentType string
	Name        string // the Content-Type's name parameter
	Filename    string // the Content-Disposition's filename parameter
	Data        []byte
}

// Read reads a message the way a mail client does and checks its form: no line over 998
// octets, no bare LF, and either a quoted-printable text/plain message (a typo note, a
// reporter's confirmation), a multipart/report of report-type xarf (a multipart/mixed of
// the desk's text/plain and the customer's summary, application/json and, when files are
// attached, a multipart/mixed of base64 parts; a saved message may be a 7bit
// message/rfc822 part), or a multipart/mixed (text/plain, the customer's summary, any
// number of application/json XARF reports, then the files as base64 parts).
func Read(t testing.TB, raw []byte) Message {
	t.Helper()
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d octets long", i+1, len(line))
		}
	}
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("message has a bare LF")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("reading message: %v\n%s", err, raw)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	if mt == "text/plain" {
		return Message{Message: msg, Body: readText(t, textproto.MIMEHeader(msg.Header), msg.Body)}
	}
	if mt == "multipart/mixed" {
		return readMixed(t, msg, params["boundary"])
	}
	if mt != "multipart/report" || params["report-type"] != email.ReportType {
		t.Fatalf("Content-Type %q, want multipart/report; report-type=%s", msg.Header.Get("Content-Type"), email.ReportType)
	}
	m := Message{Message: msg}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			if i < 2 {
				t.Fatalf("the report has %d parts, want 2 or 3", i)
			}
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", i+1, err)
		}
		pt, pparams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("part %d: Content-Type %q: %v", i+1, p.Header.Get("Content-Type"), err)
		}
		switch {
		case i == 0 && pt == "multipart/mixed":
			// The desk's text and the customer's summary, the one human-readable part.
			first := readMixed(t, &mail.Message{Header: mail.Header(p.Header), Body: p}, pparams["boundary"])
			if first.Summary == "" || len(first.XARFs) > 0 || len(first.Files) > 0 {
				t.Fatalf("the report's first part holds %d XARF parts and %d files, and a summary %v; want the text and the summary", len(first.XARFs), len(first.Files), first.Summary != "")
			}
			m.Body, m.Summary = first.Body, first.Summary
		case i == 1 && pt == "application/json":
			m.XARF = []byte(readText(t, p.Header, p))
			m.XARFs = [][]byte{m.XARF}
		case i == 2 && pt == "multipart/mixed":
			m.Files = readFiles(t, p, pparams["boundary"])
		default:
			t.Fatalf("part %d is %s", i+1, pt)
		}
	}
	return m
}

// readMixed reads a report sent as multipart/mixed: its text, its XARF reports, its files.
func readMixed(t testing.TB, msg *mail.Message, boundary string) Message {
	t.Helper()
	m := Message{Message: msg}
	mr := multipart.NewReader(msg.Body, boundary)
	var raw bytes.Buffer
	w := multipart.NewWriter(&raw)
	w.SetBoundary(boundary)
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", i+1, err)
		}
		pt, _, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("part %d: Content-Type %q: %v", i+1, p.Header.Get("Content-Type"), err)
		}
		switch {
		case i == 0 && pt == "text/plain":
			m.Body = readText(t, p.Header, p)
		case i == 0:
			t.Fatalf("the first part is %s, want text/plain", pt)
		case i == 1 && pt == "text/plain":
			if _, dparams, err := mime.ParseMediaType(p.Header.Get("Content-Disposition")); err != nil || dparams["filename"] != email.SummaryFile {
				t.Fatalf("the second text part is %q, want the customer's summary", p.Header.Get("Content-Disposition"))
			}
			m.Summary = readText(t, p.Header, p)
		case pt == "application/json" && raw.Len() == 0:
			m.XARFs = append(m.XARFs, []byte(readText(t, p.Header, p)))
		default:
			// The files, which come last: copied into a multipart of their own for
			// readFiles.
			part, _ := w.CreatePart(p.Header)
			io.Copy(part, p)
		}
	}
	w.Close()
	if raw.Len() > 0 {
		m.Files = readFiles(t, &raw, boundary)
	}
	if len(m.XARFs) > 0 {
		m.XARF = m.XARFs[0]
	}
	return m
}

// readText reads a quoted-printable UTF-8 text part.
func readText(t testing.TB, h textproto.MIMEHeader, r io.Reader) string {
	t.Helper()
	if got := h.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding %q", got)
	}
	if mt, params, err := mime.ParseMediaType(h.Get("Content-Type")); err != nil || mt == "text/plain" && params["charset"] != "utf-8" {
		t.Errorf("Content-Type %q", h.Get("Content-Type"))
	}
	body, err := io.ReadAll(quotedprintable.NewReader(r))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(body), "\r\n", "\n")
}

// readFiles reads the attached files: each a base64 part, or a saved message as RFC 2046
// allows it, a message/rfc822 part sent 7bit (never encoded), whose lines all end in CRLF.
func readFiles(t testing.TB, r io.Reader, boundary string) []File {
	t.Helper()
	var files []File
	mr := multipart.NewReader(r, boundary)
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatalf("attached file: %v", err)
		}
		mt, params, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("attached file: Content-Type %q: %v", p.Header.Get("Content-Type"), err)
		}
		disp, dparams, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" {
			t.Fatalf("attached file: Content-Disposition %q: %v", p.Header.Get("Content-Disposition"), err)
		}
		var data []byte
		switch cte := p.Header.Get("Content-Transfer-Encoding"); {
		case mt == "message/rfc822" && cte == "7bit":
			data, err = io.ReadAll(p)
			if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) || bytes.ContainsFunc(data, func(r rune) bool { return r == 0 || r >= 0x80 }) {
				t.Errorf("a message/rfc822 part is not 7-bit CRLF text")
			}
		case mt == "message/rfc822" || cte != "base64":
			t.Fatalf("attached file: %s with Content-Transfer-Encoding %q", mt, cte)
		default:
			data, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		}
		if err != nil {
			t.Fatalf("attached file: %v", err)
		}
		files = append(files, File{ContentType: mt, Name: params["name"], Filename: dparams["filename"], Data: data})
	}
}

// HeaderText returns a header field's value with encoded words decoded.
func (m Message) HeaderText(t testing.TB, name string) string {
	t.Helper()
	v, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get(name))
	if err != nil {
		t.Errorf("%s: %v", name, err)
	}
	return v
}

// The addresses Writer writes with: the sender, and the abuse desk's mailbox.
const (
	From = "abusedesk@example.com"
	Desk = "abuse@example.com"
)

// Writer writes the Worker's messages from the shipped content, as the Worker does, from
// "Abuse desk <From>" to Desk, or the urgent categories' to the provider's urgent mailbox.
func Writer(t testing.TB) *email.Writer {
	t.Helper()
	c := contenttest.Bundle(t)
	w, err := email.New(email.Config{Rules: c.Rules, Words: c.Messages, XARF: c.XARF, Fields: schemas.FormSpec().Fields,
		From: "Abuse desk <" + From + ">", Desk: Desk, Urgent: c.Provider.UrgentMailbox, Provider: c.Provider})
	if err != nil {
		t.Fatal(err)
	}
	return w
}
