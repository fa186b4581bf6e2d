package email

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/attachment"
	"abusedesk/schemas/report"
)

// SummaryFile is the name of the part of the desk's mail meant for forwarding to the
// customer complained about, beside the XARF part.
const SummaryFile = "customer-summary.txt"

// summaryFields are the fields of a report that say what it is about, in the order the
// customer's summary lists them; who reports is said apart, and only when they agreed.
var summaryFields = []string{
	"resource", "occurred_at", "message",
	"evidence_urls", "rights_documents", "channel", "message_headers", "sender", "received_text",
	"source_ip", "target", "time_window", "logs",
}

// reporterFields are the fields that say who the reporter is: in the customer's summary
// only when they agreed to be named.
var reporterFields = []string{"requester", "full_name", "company", "email", "phone", "postal_address", "business_address", "case_number", "issuing_body"}

// summary is the text the desk may forward to the customer complained about, in lang, lines
// ending in \n: what the complaint is about and the time the customer has, with the
// reporter named only when they agreed; otherwise the abuse desk is named, and hide has
// taken the reporter's details out of what they typed.
func (w *Writer) summary(lang string, rep report.Filed, cat *policy.Category, d policy.Deadlines, files []Attachment, hide func(string) string) string {
	var s strings.Builder
	line := func(parts ...string) {
		s.WriteString(strings.Join(parts, ""))
		s.WriteString("\n")
	}
	line(w.words.Text(lang, "summary.title", "ref", rep.Reference))
	line()
	line(w.words.Text(lang, "summary.intro"))
	line()
	line(w.words.Text(lang, "summary.received", "received", w.words.DateTime(lang, d.Received)))
	line(w.words.Text(lang, "summary.category", "category", cat.Title[lang]))
	if rule := cat.Rule[lang]; rule != "" {
		line(rule)
	}
	line(w.words.Text(lang, "summary.time", "time", w.words.Response(lang, cat.Response)))
	line()
	for _, name := range summaryFields {
		v := rep.Fields[name]
		if v == "" {
			continue
		}
		label := w.words.Text(lang, i18n.Key("field."+name+".label"))
		switch {
		case name == "channel":
			line(label, ": ", w.words.Text(lang, i18n.Key("channel."+v)))
		case name == "occurred_at":
			at := w.occurredAt(rep.Fields, d.Received)
			line(label, ": ", w.words.Text(lang, "summary.occurred", "local", w.words.DateTime(lang, at.In(w.rules.Location)), "utc", at.UTC().Format("2006-01-02 15:04")))
		case strings.ContainsAny(v, "\r\n"):
			line(label, ":")
			line(hide(normalizeNewlines(v)))
			line()
		default:
			line(label, ": ", hide(v))
		}
	}
	if len(files) > 0 {
		line(w.words.Count(lang, "summary.files", len(files)))
	}
	line()
	if report.IdentityShared(rep.Fields) {
		line(w.words.Text(lang, "summary.reporter"))
		requester, _ := w.rules.Requester(rep.Fields["requester"])
		for _, name := range reporterFields {
			v := rep.Fields[name]
			switch {
			case v == "":
			case name == "requester" && requester != nil:
				line(w.words.Text(lang, "field.requester.label"), ": ", requester.Title[lang])
			default:
				line(w.words.Text(lang, i18n.Key("field."+name+".label")), ": ", strings.Join(strings.Fields(v), " "))
			}
		}
	} else {
		line(w.words.Text(lang, "summary.reporter_withheld", "provider", w.provider.LegalEntity[lang], "mailbox", w.provider.AbuseMailbox))
	}
	line(w.words.Text(lang, "summary.reply", "mailbox", w.provider.AbuseMailbox, "ref", rep.Reference))
	return s.String()
}

// minHidden is how long, in characters, a detail must be for hide to look for it: a name
// of one or two letters would take letters out of every word.
const minHidden = 3

// redactor returns what the parts meant for the customer pass the reporter's words
// through: as they are when the reporter agreed to be named; otherwise with their name,
// e-mail address, phone number and company, wherever they appear in what was typed (in
// any case), replaced by the catalog's mark. It cannot see the reporter in other words.
func (w *Writer) redactor(fields map[string]string, shared bool) func(string) string {
	if shared {
		return func(s string) string { return s }
	}
	var details []string
	for _, name := range []string{"full_name", "email", "phone", "company"} {
		v := strings.Join(strings.Fields(fields[name]), " ")
		if utf8.RuneCountInString(v) >= minHidden {
			details = append(details, v)
		}
	}
	if len(details) == 0 {
		return func(s string) string { return s }
	}
	// The longest first, so a name inside the company's is not taken out alone.
	slices.SortFunc(details, func(a, b string) int { return len(b) - len(a) })
	quoted := make([]string, len(details))
	for i, d := range details {
		// White space in a detail matches any run of it: a name typed across a line.
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(d), " ", `\s+`)
	}
	re := regexp.MustCompile(`(?i)` + strings.Join(quoted, "|"))
	mark := w.words.Text(w.lang(), "mail.withheld")
	return func(s string) string { return re.ReplaceAllLiteralString(s, mark) }
}

// fileDescription is how a XARF evidence item names an attached file.
func fileDescription(f Attachment, hide func(string) string) string {
	return clip("MIME attachment: "+hide(attachment.NeutralName(f.Name, f.Kind)), xarfEvidenceMax)
}
