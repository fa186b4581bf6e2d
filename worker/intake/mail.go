package intake

import (
	"bytes"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
)

// compose writes the e-mail to the abuse mailbox about one valid report, in the
// provider's language: every field, the category, the deadlines, the reference and the
// time of receipt. Replying to it reaches the reporter.
func (h *Handler) compose(ref string, fields map[string]string, cat *policy.Category, d policy.Deadlines, files []Attachment) []byte {
	lang := h.defaultLang()
	return plainMessage([]mailField{
		{"From", h.from.String()},
		{"To", h.to.String()},
		{"Reply-To", (&mail.Address{Name: oneLine(fields["full_name"]), Address: fields["email"]}).String()},
		{"Subject", mime.QEncoding.Encode("utf-8", i18n.Text(lang, "mail.subject", "ref", ref, "category", cat.Title[lang]))},
		{"Date", d.Received.Format(time.RFC1123Z)},
		{"Message-ID", "<" + ref + "@" + domain(h.from.Address) + ">"},
	}, h.body(lang, ref, fields, cat, d))
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

	// quotedprintable.Writer turns each \n into the CRLF that mail needs; the writes to a
	// bytes.Buffer cannot fail.
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(body))
	qp.Close()
	return b.Bytes()
}

// body is the message's text, lines ending in \n.
func (h *Handler) body(lang, ref string, fields map[string]string, cat *policy.Category, d policy.Deadlines) string {
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
		case strings.ContainsAny(v, "\r\n"):
			// A multi-line value starts on its own line, so its first line lines up.
			line(label, ":")
			line(normalizeNewlines(v))
			line()
		default:
			line(label, ": ", v)
		}
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

// domain is the part of an address after the last @.
func domain(addr string) string {
	return addr[strings.LastIndex(addr, "@")+1:]
}
