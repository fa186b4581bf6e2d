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
// language: first the text (every field, the deadlines, each file's name, kind, size and
// SHA-256), then the same report as XARF v4 JSON, then the files as they were sent.
//
// XARF wants one incident a report, and RFC 6522 one machine-readable part a
// multipart/report. So a report of one resource is a multipart/report (report-type xarf):
// the text, its XARF report, and, when files are attached, a multipart/mixed part holding
// them (RFC 6522 allows a third part). A report naming several resources is a
// multipart/mixed: the text, one XARF report a resource (xarf-1.json, …, each its own
// report_id), then the files. A category with no XARF type is a multipart/mixed of the
// text and the files. An urgent category's mail is marked so in its subject and goes to
// the urgent mailbox. Replying reaches the reporter, when they gave an address. Its
// Message-ID is made from the reference, so a report sent twice is one message to the
// mailbox.
func (w *Writer) Report(rep report.Filed, files []report.File) (Message, error) {
	cat, ok := w.rules.Category(rep.Fields["category"])
	if !ok {
		return Message{}, fmt.Errorf("email: report %s: category %q is not in the rules", rep.Reference, rep.Fields["category"])
	}
	requester, _ := w.rules.Requester(rep.Fields["requester"])
	d := w.rules.Deadlines(cat, requester, rep.Received.In(w.rules.Location))
	lang := w.lang()
	to := w.to
	subject := w.words.Text(lang, "mail.subject", "ref", rep.Reference, "category", cat.Title[lang])
	if cat.Urgent {
		to = w.urgent
		subject = "[" + w.words.Text(lang, "mail.urgent") + "] " + subject
	}
	var xarfs [][]byte
	if class, ok := w.xarf.Categories[cat.ID]; ok {
		xarfs = w.xarfReports(rep, class, d, files)
	}
	var b bytes.Buffer
	for _, f := range []field{
		{"From", w.from.String()},
		{"To", to.String()},
		{"Reply-To", w.replyTo(rep)},
		{"Subject", mime.QEncoding.Encode("utf-8", oneLine(subject))},
		{"Date", d.Received.Format(time.RFC1123Z)},
		{"Message-ID", w.messageID(rep.Reference)},
		{"MIME-Version", "1.0"},
	} {
		if f.value != "" {
			header(&b, f.name, f.value)
		}
	}
	mw := multipart.NewWriter(&b)
	if len(xarfs) == 1 {
		header(&b, "Content-Type", mime.FormatMediaType("multipart/report", map[string]string{"report-type": ReportType, "boundary": mw.Boundary()}))
	} else {
		header(&b, "Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": mw.Boundary()}))
	}
	b.WriteString("\r\n")

	// Writes to a bytes.Buffer cannot fail, nor can a multipart.Writer's on top of one.
	text, _ := mw.CreatePart(partHeader("text/plain; charset=utf-8", "quoted-printable", ""))
	writeQP(text, w.body(lang, rep, cat, requester, d, files, len(xarfs)))

	for i, doc := range xarfs {
		name := "xarf.json"
		disposition := "inline"
		if len(xarfs) > 1 {
			name, disposition = "xarf-"+strconv.Itoa(i+1)+".json", "attachment"
		}
		x, _ := mw.CreatePart(partHeader(mime.FormatMediaType("application/json", map[string]string{"name": name}), "quoted-printable",
			mime.FormatMediaType(disposition, map[string]string{"filename": name})))
		writeQP(x, string(doc))
	}

	if len(files) > 0 {
		// In a multipart/report the files travel together in its third part; in a
		// multipart/mixed each is a part of its own.
		parts := mw
		if len(xarfs) == 1 {
			// The inner part's header names its boundary before its writer exists.
			boundary := multipart.NewWriter(nil).Boundary()
			mixed, _ := mw.CreatePart(partHeader(mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": boundary}), "", ""))
			parts = multipart.NewWriter(mixed)
			parts.SetBoundary(boundary)
		}
		for _, f := range files {
			name := safeName(f.Name)
			part, _ := parts.CreatePart(partHeader(
				mime.FormatMediaType(mediaType(f.Kind), withParam(contentParams(f.Kind), "name", name)),
				"base64",
				mime.FormatMediaType("attachment", map[string]string{"filename": name, "size": strconv.Itoa(len(f.Data))})))
			writeBase64(part, f.Data)
		}
		if parts != mw {
			parts.Close()
		}
	}
	mw.Close()
	return Message{From: w.from.Address, To: to.Address, Raw: b.Bytes()}, nil
}

// replyTo is the reporter's address, which replying reaches; "" when they gave none (a
// category that lets them stay unnamed).
func (w *Writer) replyTo(rep report.Filed) string {
	address := oneLine(rep.Fields["email"])
	if address == "" {
		return ""
	}
	return (&mail.Address{Name: oneLine(rep.Fields["full_name"]), Address: address}).String()
}

// body is the report's text, lines ending in \n; xarfParts is how many XARF reports the
// message carries.
func (w *Writer) body(lang string, rep report.Filed, cat *policy.Category, requester *policy.Requester, d policy.Deadlines, files []report.File, xarfParts int) string {
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
	// rest say what the accused customer is given and what the reporter was told comes
	// next.
	for _, sentence := range w.words.Deadlines(lang, d)[1:] {
		line(sentence)
	}
	if xarfParts == 0 {
		line(w.words.Text(lang, "mail.no_xarf"))
	}
	line()
	for _, f := range w.fields {
		label := w.words.Text(lang, i18n.Key("field."+f.Name+".label"))
		v := rep.Fields[f.Name]
		switch {
		case f.Name == "occurred_offset":
			// Part of the time the abuse happened, below.
		case v == "":
			line(label, ": —")
		case f.Name == "lang":
			line(label, ": ", w.words.Name(v), " (", v, ")")
		case f.Name == "category":
			line(label, ": ", cat.Title[lang], " (", v, ")")
		case f.Name == "requester" && requester != nil:
			line(label, ": ", requester.Title[lang], " (", v, ")")
		case f.Name == "channel":
			line(label, ": ", w.words.Text(lang, i18n.Key("channel."+v)), " (", v, ")")
		case f.Name == "occurred_at":
			line(label, ": ", w.occurred(lang, rep.Fields, d.Received))
		case f.Name == "declaration" && rep.Declared != "":
			// The reporter's words, in the report's language, as they ticked them.
			line(label, ": [x] ", rep.Declared)
		case f.Name == "rights_declaration" && rep.DeclaredRights != "":
			line(label, ": [x] ", rep.DeclaredRights)
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

// occurred says when the abuse happened, on the provider's clock and in UTC, and as the
// reporter gave it: on their own clock, whose offset the browser module sent, or, from a
// form sent without JavaScript, on the provider's, as its page said.
func (w *Writer) occurred(lang string, fields map[string]string, received time.Time) string {
	t := w.occurredAt(fields, received)
	local, utc := w.words.DateTime(lang, t.In(w.rules.Location)), t.UTC().Format("2006-01-02 15:04")
	if offset := fields["occurred_offset"]; offset != "" {
		return w.words.Text(lang, "mail.occurred", "local", local, "utc", utc, "typed", fields["occurred_at"], "offset", offset)
	}
	return w.words.Text(lang, "mail.occurred_provider", "local", local, "utc", utc)
}
