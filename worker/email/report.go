package email

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// ReportType is the report-type of the multipart/report the abuse mailbox receives: its
// second part is the XARF v4 report as JSON.
const ReportType = "xarf"

// Report writes the message to the abuse desk about one filed report, in the provider's
// language. It is a multipart/report (RFC 6522) that people and abuse desks' software both
// read: first the text (every field, the deadlines, each file's name, kind, size and
// SHA-256), then the same report as XARF v4 JSON, then, when files are attached, a
// multipart/mixed part holding them as they were sent. RFC 6522 allows a report two or
// three parts, so the files travel together in the third. Replying reaches the reporter.
// Its Message-ID is made from the reference, so a report sent twice is one message to the
// mailbox.
func (w *Writer) Report(rep report.Filed, files []report.File) (Message, error) {
	cat, ok := w.rules.Category(rep.Fields["category"])
	if !ok {
		return Message{}, fmt.Errorf("email: report %s: category %q is not in the rules", rep.Reference, rep.Fields["category"])
	}
	d := w.rules.Deadlines(cat, rep.Received.In(w.rules.Location))
	lang := w.lang()
	var b bytes.Buffer
	for _, f := range []field{
		{"From", w.from.String()},
		{"To", w.to.String()},
		{"Reply-To", (&mail.Address{Name: oneLine(rep.Fields["full_name"]), Address: oneLine(rep.Fields["email"])}).String()},
		{"Subject", mime.QEncoding.Encode("utf-8", oneLine(w.words.Text(lang, "mail.subject", "ref", rep.Reference, "category", cat.Title[lang])))},
		{"Date", d.Received.Format(time.RFC1123Z)},
		{"Message-ID", w.messageID(rep.Reference)},
		{"MIME-Version", "1.0"},
	} {
		header(&b, f.name, f.value)
	}
	mw := multipart.NewWriter(&b)
	header(&b, "Content-Type", mime.FormatMediaType("multipart/report", map[string]string{"report-type": ReportType, "boundary": mw.Boundary()}))
	b.WriteString("\r\n")

	// Writes to a bytes.Buffer cannot fail, nor can a multipart.Writer's on top of one.
	text, _ := mw.CreatePart(partHeader("text/plain; charset=utf-8", "quoted-printable", ""))
	writeQP(text, w.body(lang, rep, cat, d, files))

	x, _ := mw.CreatePart(partHeader(mime.FormatMediaType("application/json", map[string]string{"name": "xarf.json"}), "quoted-printable",
		mime.FormatMediaType("inline", map[string]string{"filename": "xarf.json"})))
	writeQP(x, string(w.xarfReport(rep, cat, d, files)))

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
	return Message{From: w.from.Address, To: w.to.Address, Raw: b.Bytes()}, nil
}

// body is the report's text, lines ending in \n.
func (w *Writer) body(lang string, rep report.Filed, cat *policy.Category, d policy.Deadlines, files []report.File) string {
	var s strings.Builder
	line := func(parts ...string) {
		s.WriteString(strings.Join(parts, ""))
		s.WriteString("\n")
	}
	line(w.words.Text(lang, "mail.intro", "ref", rep.Reference, "received", w.words.DateTime(lang, d.Received)))
	line()
	line(cat.Title[lang])
	line(w.words.Text(lang, "mail.deadlines",
		"processed", w.words.DateTime(lang, d.ProcessedBy),
		"settled", w.words.DateTime(lang, d.SettledBy)))
	// The first sentence tells the reporter the two dates mail.deadlines gives staff; the
	// rest say what the accused customer is given.
	for _, sentence := range w.words.Deadlines(lang, d)[1:] {
		line(sentence)
	}
	line()
	for _, f := range w.fields {
		label := w.words.Text(lang, i18n.Key("field."+f.Name+".label"))
		v := rep.Fields[f.Name]
		switch {
		case v == "":
			line(label, ": —")
		case f.Name == "lang":
			line(label, ": ", w.words.Name(v), " (", v, ")")
		case f.Name == "category":
			line(label, ": ", cat.Title[lang], " (", v, ")")
		case f.Name == "declaration" && rep.Declared != "":
			// The reporter's words, in the report's language, as they ticked them.
			line(label, ": [x] ", rep.Declared)
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
		line(w.words.Text(lang, "mail.no_attachments"))
	} else {
		line(w.words.Text(lang, "mail.attachments"))
	}
	for i, f := range files {
		line(strconv.Itoa(i+1), ". ", w.words.Count(lang, "mail.attachment", len(f.Data),
			"name", safeName(f.Name), "kind", w.words.Text(lang, i18n.Key("attachment.kind."+f.Kind)), "sha256", f.SHA256))
	}
	return s.String()
}
