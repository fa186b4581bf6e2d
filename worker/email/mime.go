package email

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	"unicode"

	"abusedesk/schemas/attachment"
)

// field is one header field of a message.
type field struct{ name, value string }

// plainMessage writes a message of the given header fields and a plain-text body (lines
// ending in \n) in UTF-8, quoted-printable.
func plainMessage(fields []field, body string) []byte {
	var b bytes.Buffer
	for _, f := range fields {
		header(&b, f.name, f.value)
	}
	header(&b, "MIME-Version", "1.0")
	header(&b, "Content-Type", mime.FormatMediaType("text/plain", map[string]string{"charset": "utf-8"}))
	header(&b, "Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	writeQP(&b, body)
	return b.Bytes()
}

// partHeader is a body part's header; empty values are left out.
func partHeader(contentType, encoding, disposition string) textproto.MIMEHeader {
	h := textproto.MIMEHeader{"Content-Type": {contentType}}
	if encoding != "" {
		h.Set("Content-Transfer-Encoding", encoding)
	}
	if disposition != "" {
		h.Set("Content-Disposition", disposition)
	}
	return h
}

// mediaType and contentParams split attachment.ContentType, so a file's name can join
// its parameters.
func mediaType(kind string) string {
	t, _, _ := mime.ParseMediaType(attachment.ContentType(kind))
	return t
}

func contentParams(kind string) map[string]string {
	_, params, _ := mime.ParseMediaType(attachment.ContentType(kind))
	if params == nil {
		params = map[string]string{}
	}
	return params
}

func withParam(m map[string]string, k, v string) map[string]string {
	m[k] = v
	return m
}

// writeQP writes text (lines ending in \n) quoted-printable: lines end in CRLF and none
// is longer than 76 characters.
func writeQP(w io.Writer, text string) {
	qp := quotedprintable.NewWriter(w)
	qp.Write([]byte(text))
	qp.Close()
}

// writeBase64 writes data in base64 in lines of 76 characters.
func writeBase64(w io.Writer, data []byte) {
	const perLine = 57 // bytes that make 76 characters
	line := make([]byte, base64.StdEncoding.EncodedLen(perLine)+2)
	for len(data) > 0 {
		n := min(perLine, len(data))
		m := base64.StdEncoding.EncodedLen(n)
		base64.StdEncoding.Encode(line, data[:n])
		copy(line[m:], "\r\n")
		w.Write(line[:m+2])
		data = data[n:]
	}
}

// header writes one header field. The value is cleared of CR and LF, whatever its source,
// so nothing can end the field early and start another, and it is folded at spaces so no
// line grows past what mail allows (a long non-ASCII name is long once encoded).
func header(b *bytes.Buffer, name, value string) {
	const width = 76
	value = strings.NewReplacer("\r", " ", "\n", " ").Replace(value)
	b.WriteString(name)
	b.WriteString(":")
	n := len(name) + 1
	for i, word := range strings.Split(value, " ") {
		if i > 0 && n+1+len(word) > width {
			b.WriteString("\r\n")
			n = 0
		}
		b.WriteString(" ")
		b.WriteString(word)
		n += 1 + len(word)
	}
	b.WriteString("\r\n")
}

// oneLine makes a value fit for a header: every run of white space, line breaks included,
// becomes one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func normalizeNewlines(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}

// maxNameRunes caps a file's name as shown and mailed: encoded per RFC 2231 it stays well
// within a mail line's 998 characters.
const maxNameRunes = 120

// safeName is a file's name fit to show and to put in a header parameter: valid UTF-8,
// no control characters, no longer than maxNameRunes.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if r := []rune(s); len(r) > maxNameRunes {
		s = string(r[:maxNameRunes])
	}
	if strings.TrimSpace(s) == "" {
		return "attachment"
	}
	return s
}
