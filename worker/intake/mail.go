package intake

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"time"
	"unicode"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/attachment"
)

// ReportType is the report-type of the multipart/report the abuse mailbox receives: its
// second part is the XARF v4 report as JSON.
const ReportType = "xarf"

// compose writes the e-mail to the abuse mailbox about one valid report, in the
// provider's language. It is a multipart/report (RFC 6522) that people and abuse desks'
// software both read: first the text (every field, the deadlines, each file's name, kind,
// size and SHA-256), then the same report as XARF v4 JSON, then, when files are attached,
// a multipart/mixed part holding them as they were sent. RFC 6522 allows a report two or
// three parts, so the files travel together in the third. Replying reaches the reporter.
//
// Nothing the reporter typed reaches a header unencoded, and every body part is
// quoted-printable or base64, so no value can add a header or end a part early, and no
// line is longer than mail allows.
func (h *Handler) compose(ref string, fields map[string]string, declared string, cat *policy.Category, d policy.Deadlines, files []Attachment) []byte {
	lang := h.defaultLang()
	var b bytes.Buffer
	for _, f := range []mailField{
		{"From", h.from.String()},
		{"To", h.to.String()},
		{"Reply-To", (&mail.Address{Name: oneLine(fields["full_name"]), Address: oneLine(fields["email"])}).String()},
		{"Subject", mime.QEncoding.Encode("utf-8", oneLine(i18n.Text(lang, "mail.subject", "ref", ref, "category", cat.Title[lang])))},
		{"Date", d.Received.Format(time.RFC1123Z)},
		{"Message-ID", "<" + ref + "@" + domain(h.from.Address) + ">"},
		{"MIME-Version", "1.0"},
	} {
		header(&b, f.name, f.value)
	}
	mw := multipart.NewWriter(&b)
	header(&b, "Content-Type", mime.FormatMediaType("multipart/report", map[string]string{"report-type": ReportType, "boundary": mw.Boundary()}))
	b.WriteString("\r\n")

	// Writes to a bytes.Buffer cannot fail, nor can a multipart.Writer's on top of one.
	text, _ := mw.CreatePart(partHeader("text/plain; charset=utf-8", "quoted-printable", ""))
	writeQP(text, h.body(lang, ref, fields, declared, cat, d, files))

	x, _ := mw.CreatePart(partHeader(mime.FormatMediaType("application/json", map[string]string{"name": "xarf.json"}), "quoted-printable",
		mime.FormatMediaType("inline", map[string]string{"filename": "xarf.json"})))
	writeQP(x, string(h.xarf(ref, fields, cat, d, files)))

	if len(files) > 0 {
		// The inner part's header names its boundary before its writer exists.
		boundary := multipart.NewWriter(nil).Boundary()
		mixed, _ := mw.CreatePart(partHeader(mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": boundary}), "", ""))
		inner := multipart.NewWriter(mixed)
		inner.SetBoundary(boundary)
		for _, f := range files {
			name := safeName(f.Name)
			part, _ := inner.CreatePart(partHeader(
				mime.FormatMediaType(mediaType(f.Kind), withParam(contentParams(f.Kind), "name", name)),
				"base64",
				mime.FormatMediaType("attachment", map[string]string{"filename": name, "size": strconv.Itoa(len(f.Data))})))
			writeBase64(part, f.Data)
		}
		inner.Close()
	}
	mw.Close()
	return b.Bytes()
}

// mailField is one header field of a message.
type mailField struct{ name, value string }

// plainMessage writes a message of the given header fields and a plain-text body (lines
// ending in \n) in UTF-8, quoted-printable.
func plainMessage(fields []mailField, body string) []byte {
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

// body is the message's text, lines ending in \n.
func (h *Handler) body(lang, ref string, fields map[string]string, declared string, cat *policy.Category, d policy.Deadlines, files []Attachment) string {
	var s strings.Builder
	line := func(parts ...string) {
		s.WriteString(strings.Join(parts, ""))
		s.WriteString("\n")
	}
	line(i18n.Text(lang, "mail.intro", "ref", ref, "received", i18n.DateTime(lang, d.Received)))
	line()
	line(cat.Title[lang])
	line(i18n.Text(lang, "mail.deadlines",
		"processed", i18n.DateTime(lang, d.ProcessedBy),
		"settled", i18n.DateTime(lang, d.SettledBy)))
	// The first sentence tells the reporter the two dates mail.deadlines gives staff; the
	// rest say what the accused customer is given.
	for _, sentence := range i18n.Deadlines(lang, d)[1:] {
		line(sentence)
	}
	line()
	for _, f := range h.fields {
		label := i18n.Text(lang, "field."+f.Name+".label")
		v := fields[f.Name]
		switch {
		case v == "":
			line(label, ": —")
		case f.Name == "lang":
			line(label, ": ", i18n.Names[v], " (", v, ")")
		case f.Name == "category":
			line(label, ": ", cat.Title[lang], " (", v, ")")
		case f.Name == "declaration" && declared != "":
			// The reporter's words, in the report's language, as they ticked them.
			line(label, ": [x] ", declared)
		case strings.ContainsAny(v, "\r\n"):
			// A multi-line value starts on its own line, so its first line lines up.
			line(label, ":")
			line(normalizeNewlines(v))
			line()
		default:
			line(label, ": ", v)
		}
	}
	line()
	if len(files) == 0 {
		line(i18n.Text(lang, "mail.no_attachments"))
	} else {
		line(i18n.Text(lang, "mail.attachments"))
	}
	for i, f := range files {
		line(strconv.Itoa(i+1), ". ", i18n.Count(lang, "mail.attachment", len(f.Data),
			"name", safeName(f.Name), "kind", i18n.Text(lang, "attachment.kind."+f.Kind), "sha256", f.SHA256))
	}
	return s.String()
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

// domain is the part of an address after the last @.
func domain(addr string) string {
	return addr[strings.LastIndex(addr, "@")+1:]
}
