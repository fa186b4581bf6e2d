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

	"abusedesk/content/attachment"
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
// multipart/report. So a report of one resource is a multipart/report (report-type xarf),
// which people and abuse desks' software both read: the text, its XARF report, and, when
// files are attached, a multipart/mixed part holding them (RFC 6522 allows a report two or
// three parts, so the files travel together in the third). A report naming several
// resources is a multipart/mixed: the text, one XARF report a resource (xarf-1.json, …,
// each its own report_id), then the files. A category with no XARF type is a
// multipart/mixed of the text and the files. A report a machine reporter posted (Filed's
// Machine) is a multipart/report whose XARF part is its own, as sent, and whose text says
// which key sent it. An urgent category's mail is marked so in its subject and goes to the
// urgent mailbox. Replying reaches the reporter, when they gave an
// address.
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
	return w.report(rep, files, &composer{})
}

// ReportFits says what Report(rep, files).Fits() would, nil or a *TooLargeError, without
// keeping the message: the same code runs, but counts the bytes it would write rather
// than holding them (tens of kilobytes), so the Worker, which must know at intake whether
// the mailbox will take the report, writes the message only once, to send it.
func (w *Writer) ReportFits(rep report.Filed, files []Attachment) error {
	m, err := w.measure(rep, files)
	if err != nil {
		return err
	}
	return m.Fits()
}

// measure is the message Report would write, as long as it would be, holding nothing to
// write: only its length and its header's are known.
func (w *Writer) measure(rep report.Filed, files []Attachment) (*Message, error) {
	return w.report(rep, files, &composer{counting: true})
}

func (w *Writer) report(rep report.Filed, files []Attachment, c *composer) (*Message, error) {
	cat, ok := w.rules.Category(rep.Report.Category)
	if !ok {
		return nil, fmt.Errorf("email: report %s: category %q is not in the rules", rep.Reference, rep.Report.Category)
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
	requester, _ := w.rules.Requester(rep.Report.Requester)
	d := w.rules.Deadlines(cat, requester, rep.Received.In(w.rules.Location))
	lang := w.lang()
	to := w.to
	subject := w.words.Text(lang, "mail.subject", "ref", rep.Reference, "category", cat.Title[lang])
	if cat.Urgent {
		to = w.urgent
		subject = "[" + w.words.Text(lang, "mail.urgent") + "] " + subject
	}
	shared := rep.Report.IdentityShared()
	identity := IdentityWithheld
	if shared {
		identity = IdentityShared
	} else {
		subject += " [" + w.words.Text(lang, "mail.identity_tag") + "]"
	}
	hide := w.redactor(&rep.Report, shared)
	var xarfs [][]byte
	if m := rep.Machine; m != nil && m.XARF != "" {
		// A machine reporter's own report, as it sent it: its report_id and
		// source_identifier are what its systems know the incident by.
		xarfs = [][]byte{[]byte(m.XARF)}
	} else if class, ok := w.xarf.Categories[cat.ID]; ok {
		xarfs = w.xarfReports(rep, class, d, files, hide)
	}
	outer := newBoundary()
	for _, f := range []field{
		{"From", w.from.String()},
		{"To", to.String()},
		{"Reply-To", w.replyTo(rep)},
		{"Subject", mime.QEncoding.Encode("utf-8", oneLine(subject))},
		{"Date", d.Received.Format(time.RFC1123Z)},
		{"Message-ID", w.messageID(rep.Reference)},
		{ReferenceHeader, rep.Reference},
		{IdentityHeader, identity},
		{"MIME-Version", "1.0"},
	} {
		if f.value != "" {
			header(c, f.name, f.value)
		}
	}
	if len(xarfs) == 1 {
		headerWithParams(c, "Content-Type", "multipart/report", param{"report-type", ReportType}, param{"boundary", outer})
	} else {
		headerWithParams(c, "Content-Type", "multipart/mixed", param{"boundary", outer})
	}
	c.WriteString("\r\n")
	head := c.length()

	// The desk's text, then the summary it may forward to the customer: in a
	// multipart/report, which allows one human-readable part, the two are that part, a
	// multipart/mixed of their own; in a multipart/mixed, parts of it.
	first := outer
	c.WriteString("--" + outer + "\r\n")
	if len(xarfs) == 1 {
		first = newBoundary()
		headerWithParams(c, "Content-Type", "multipart/mixed", param{"boundary", first})
		c.WriteString("\r\n--" + first + "\r\n")
	}
	headerWithParams(c, "Content-Type", "text/plain", param{"charset", "utf-8"})
	header(c, "Content-Transfer-Encoding", "quoted-printable")
	c.WriteString("\r\n")
	writeQP(c, w.body(lang, rep, cat, requester, d, files, len(xarfs)))
	c.WriteString("\r\n--" + first + "\r\n")
	headerWithParams(c, "Content-Type", "text/plain", param{"charset", "utf-8"}, param{"name", SummaryFile})
	header(c, "Content-Transfer-Encoding", "quoted-printable")
	headerWithParams(c, "Content-Disposition", "attachment", param{"filename", SummaryFile})
	c.WriteString("\r\n")
	writeQP(c, w.summary(lang, rep, cat, d, files, hide))
	if first != outer {
		c.WriteString("\r\n--" + first + "--\r\n")
	}

	for i, doc := range xarfs {
		name, disposition := "xarf.json", "inline"
		if len(xarfs) > 1 {
			name, disposition = "xarf-"+strconv.Itoa(i+1)+".json", "attachment"
		}
		c.WriteString("\r\n--" + outer + "\r\n")
		headerWithParams(c, "Content-Type", "application/json", param{"name", name})
		header(c, "Content-Transfer-Encoding", "quoted-printable")
		headerWithParams(c, "Content-Disposition", disposition, param{"filename", name})
		c.WriteString("\r\n")
		writeQP(c, string(doc))
	}

	if len(files) > 0 {
		// In a multipart/report the files travel together in its third part; in a
		// multipart/mixed each is a part of its own.
		inner := outer
		if len(xarfs) == 1 {
			inner = newBoundary()
			c.WriteString("\r\n--" + outer + "\r\n")
			headerWithParams(c, "Content-Type", "multipart/mixed", param{"boundary", inner})
			c.WriteString("\r\n")
		}
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
		if inner != outer {
			c.WriteString("\r\n--" + inner + "--\r\n")
		}
	}
	c.WriteString("\r\n--" + outer + "--\r\n")
	return c.message(w.from.Address, to.Address, head), nil
}

// replyTo is the reporter's address, which replying reaches; "" when they gave none (a
// category that lets them stay unnamed).
func (w *Writer) replyTo(rep report.Filed) string {
	address := oneLine(rep.Report.Email)
	if address == "" {
		return ""
	}
	return (&mail.Address{Name: oneLine(rep.Report.FullName), Address: address}).String()
}

// ReferenceHeader names the header field that carries the report's reference.
const ReferenceHeader = "X-Abusedesk-Reference"

// IdentityHeader names the header field of the desk's mail that says whether the reporter
// agreed to be named to the customer: IdentityShared or IdentityWithheld, for the desk's
// filters; the subject and the first lines of the text say it to a person.
const (
	IdentityHeader   = "X-Abusedesk-Reporter-Identity"
	IdentityShared   = "shared"
	IdentityWithheld = "withheld"
)

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

// body is the report's text, lines ending in \n; xarfParts is how many XARF reports the
// message carries.
func (w *Writer) body(lang string, rep report.Filed, cat *policy.Category, requester *policy.Requester, d policy.Deadlines, files []Attachment, xarfParts int) string {
	var s strings.Builder
	line := func(parts ...string) {
		s.WriteString(strings.Join(parts, ""))
		s.WriteString("\n")
	}
	// Whether the customer may learn who complained comes first: the desk must not miss it.
	identity := i18n.Key("mail.identity.withheld")
	if rep.Report.IdentityShared() {
		identity = "mail.identity.shared"
	}
	line(w.words.Text(lang, identity, "summary", SummaryFile, "withheld", w.words.Text(lang, "mail.withheld")))
	line()
	line(w.words.Text(lang, "mail.intro", "ref", rep.Reference, "received", w.words.DateTime(lang, d.Received)))
	// The desk's page of the report, where it records what it did and decided: in the
	// desk's text only, never in what it forwards to the customer.
	if link := w.DeskLink(rep.Reference, rep.Received); link != "" {
		line(w.words.Text(lang, "desk.mail_link", "url", link))
	}
	if m := rep.Machine; m != nil {
		line(w.words.Text(lang, "xarf.mail.sent_by", "name", oneLine(m.Name), "key", m.Key))
		if m.Unattached > 0 {
			line(w.words.Count(lang, "xarf.mail.unattached", m.Unattached))
		}
		if m.Dropped > 0 {
			line(w.words.Count(lang, "xarf.mail.dropped", m.Dropped))
		}
	}
	line()
	line(cat.Title[lang])
	line(w.words.Text(lang, "mail.deadlines",
		"processed", w.words.DateTime(lang, d.ProcessedBy),
		"settled", w.words.DateTime(lang, d.SettledBy)))
	// Then what the accused customer is given, as the reporter was told it.
	for _, sentence := range w.words.CustomerLines(lang, cat, d) {
		line(sentence)
	}
	if xarfParts == 0 {
		line(w.words.Text(lang, "mail.no_xarf"))
	}
	line()
	for _, f := range w.fields {
		v := rep.Report.Get(f.Name)
		// The desk's names for the fields, not the reporter's first person.
		label := w.words.Text(lang, i18n.Key("field."+f.Name+".label"))
		if key := i18n.Key("mail.label." + f.Name); w.has(key, lang) {
			label = w.words.Text(lang, key)
		}
		switch {
		case f.Name == report.FieldOccurredOffset:
			// Part of the time the abuse happened, below.
		case f.Widget == "consent":
			line(label, ": ", w.words.Identity(lang, v == report.Declared, "mail.yes", "mail.no"))
		case v == "":
			// A field the reporter left empty, or was never asked, is no line of the
			// desk's: a phishing report lists what it holds, not seventeen dashes.
		case f.Name == report.FieldLang:
			line(label, ": ", w.words.Name(v), " (", v, ")")
		case f.Name == report.FieldCategory:
			line(label, ": ", cat.Title[lang], " (", v, ")")
		case f.Name == report.FieldRequester && requester != nil:
			line(label, ": ", requester.Title[lang], " (", v, ")")
		case f.Name == report.FieldChannel:
			line(label, ": ", w.words.Text(lang, i18n.Key("channel."+v)), " (", v, ")")
		case f.Name == report.FieldOccurredAt:
			line(label, ": ", w.occurred(lang, &rep.Report, d.Received))
		case f.Name == report.FieldDeclaration && rep.Declared != "":
			// The reporter's words, in the report's language, as they ticked them.
			line(label, ": [x] ", rep.Declared)
		case f.Name == report.FieldRightsDeclaration && rep.DeclaredRights != "":
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
		line(strconv.Itoa(i+1), ". ", w.words.Count(lang, "mail.attachment", f.Size,
			"name", attachment.NeutralName(f.Name, f.Kind), "kind", w.words.Text(lang, i18n.Key("attachment.kind."+f.Kind)), "sha256", f.SHA256))
	}
	return s.String()
}

// has reports whether the catalog has the message key in lang.
func (w *Writer) has(key i18n.Key, lang string) bool {
	_, _, ok := w.words.Lookup(key, lang)
	return ok
}

// occurred says when the abuse happened, on the provider's clock and in UTC, and as the
// reporter gave it: on their own clock, whose offset the browser module sent, or, from a
// form sent without JavaScript, on the provider's, as its page said.
func (w *Writer) occurred(lang string, r *report.Report, received time.Time) string {
	t := w.occurredAt(r, received)
	local, utc := w.words.DateTime(lang, t.In(w.rules.Location)), t.UTC().Format("2006-01-02 15:04")
	if r.OccurredOffset != "" {
		return w.words.Text(lang, "mail.occurred", "local", local, "utc", utc, "typed", r.OccurredAt, "offset", r.OccurredOffset)
	}
	return w.words.Text(lang, "mail.occurred_provider", "local", local, "utc", utc)
}
