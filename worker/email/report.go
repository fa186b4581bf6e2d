package email

import (
	"fmt"
	"maps"
	"mime"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/attachment"
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
//
// The files are read only when the message is written, except a saved e-mail's, which is
// read once here to tell whether it may travel as a message/rfc822 part (RFC 2046 allows
// that part no encoding, so only a message already fit for mail as it is goes as one; any
// other travels as an opaque file, in base64). A file's name is shown and sent as
// attachment.NeutralName makes it.
//
// Its Message-ID is made from the reference; Cloudflare's mailbox may put its own in its
// place. X-Abusedesk-Reference carries the reference whatever happens to the Message-ID, so
// a desk can tell a report mailed twice (see Delivery promise in the README).
func (w *Writer) Report(rep report.Filed, files []Attachment) (*Message, error) {
	cat, ok := w.rules.Category(rep.Fields["category"])
	if !ok {
		return nil, fmt.Errorf("email: report %s: category %q is not in the rules", rep.Reference, rep.Fields["category"])
	}
	verbatim := make([]bool, len(files))
	for i, f := range files {
		if f.Kind != attachment.EML {
			continue
		}
		var err error
		if verbatim[i], err = readsSevenBit(f); err != nil {
			return nil, fmt.Errorf("email: report %s: %w", rep.Reference, err)
		}
	}
	d := w.rules.Deadlines(cat, rep.Received.In(w.rules.Location))
	lang := w.lang()
	c := &composer{}
	outer := newBoundary()
	for _, f := range []field{
		{"From", w.from.String()},
		{"To", w.to.String()},
		{"Reply-To", (&mail.Address{Name: oneLine(rep.Fields["full_name"]), Address: oneLine(rep.Fields["email"])}).String()},
		{"Subject", mime.QEncoding.Encode("utf-8", oneLine(w.words.Text(lang, "mail.subject", "ref", rep.Reference, "category", cat.Title[lang])))},
		{"Date", d.Received.Format(time.RFC1123Z)},
		{"Message-ID", w.messageID(rep.Reference)},
		{ReferenceHeader, rep.Reference},
		{"MIME-Version", "1.0"},
	} {
		header(c, f.name, f.value)
	}
	headerWithParams(c, "Content-Type", "multipart/report", param{"report-type", ReportType}, param{"boundary", outer})
	c.WriteString("\r\n")
	head := int64(c.text.Len())

	c.WriteString("--" + outer + "\r\n")
	headerWithParams(c, "Content-Type", "text/plain", param{"charset", "utf-8"})
	header(c, "Content-Transfer-Encoding", "quoted-printable")
	c.WriteString("\r\n")
	writeQP(c, w.body(lang, rep, cat, d, files))

	c.WriteString("\r\n--" + outer + "\r\n")
	headerWithParams(c, "Content-Type", "application/json", param{"name", "xarf.json"})
	header(c, "Content-Transfer-Encoding", "quoted-printable")
	headerWithParams(c, "Content-Disposition", "inline", param{"filename", "xarf.json"})
	c.WriteString("\r\n")
	writeQP(c, string(w.xarfReport(rep, cat, d, files)))

	if len(files) > 0 {
		inner := newBoundary()
		c.WriteString("\r\n--" + outer + "\r\n")
		headerWithParams(c, "Content-Type", "multipart/mixed", param{"boundary", inner})
		c.WriteString("\r\n")
		for i := range files {
			f := &files[i]
			name := attachment.NeutralName(f.Name, f.Kind)
			c.WriteString("\r\n--" + inner + "\r\n")
			if verbatim[i] {
				headerWithParams(c, "Content-Type", "message/rfc822", param{"name", name})
				header(c, "Content-Transfer-Encoding", "7bit")
			} else {
				kind := attachment.ContentType(f.Kind)
				if f.Kind == attachment.EML {
					kind = "application/octet-stream"
				}
				t, params, _ := mime.ParseMediaType(kind)
				ps := []param{}
				for _, k := range slices.Sorted(maps.Keys(params)) {
					ps = append(ps, param{k, params[k]})
				}
				headerWithParams(c, "Content-Type", t, append(ps, param{"name", name})...)
				header(c, "Content-Transfer-Encoding", "base64")
			}
			headerWithParams(c, "Content-Disposition", "attachment", param{"filename", name}, param{"size", strconv.Itoa(f.Size)})
			c.WriteString("\r\n")
			c.attach(f, verbatim[i])
		}
		c.WriteString("\r\n--" + inner + "--\r\n")
	}
	c.WriteString("\r\n--" + outer + "--\r\n")
	return c.message(w.from.Address, w.to.Address, head), nil
}

// ReferenceHeader names the header field that carries the report's reference.
const ReferenceHeader = "X-Abusedesk-Reference"

// readsSevenBit reads a file to tell whether it may travel unencoded (sevenBit).
func readsSevenBit(f Attachment) (bool, error) {
	r, err := f.Open()
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", f.Name, err)
	}
	defer r.Close()
	ok, err := sevenBit(r)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", f.Name, err)
	}
	return ok, nil
}

// body is the report's text, lines ending in \n.
func (w *Writer) body(lang string, rep report.Filed, cat *policy.Category, d policy.Deadlines, files []Attachment) string {
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
		line(strconv.Itoa(i+1), ". ", w.words.Count(lang, "mail.attachment", f.Size,
			"name", attachment.NeutralName(f.Name, f.Kind), "kind", w.words.Text(lang, i18n.Key("attachment.kind."+f.Kind)), "sha256", f.SHA256))
	}
	return s.String()
}
