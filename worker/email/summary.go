package email

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"abusedesk/content/attachment"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// SummaryFile is the name of the part of the desk's mail meant for forwarding to the
// customer complained about, beside the XARF part.
const SummaryFile = "customer-summary.txt"

// summaryFields are the fields of a report that say what it is about, in the order the
// customer's summary lists them: what is abused, when, the reporter's account, then the
// evidence, whatever fields the evidence group has. Who reports is said apart, and only
// when they agreed.
func summaryFields() []string {
	return append([]string{report.FieldResource, report.FieldOccurredAt, report.FieldMessage}, report.Group(report.EvidenceGroup)...)
}

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
	requester, _ := w.rules.Requester(rep.Report.Requester)
	switch {
	case !cat.Response.OnClaim:
		line(w.words.Text(lang, "summary.time", "time", w.words.Response(lang, cat.Response)))
	case requester != nil && requester.Authority:
		// The claim is this report: its issuer and case are what start the customer's
		// time, an authority's details, not a person's, so they are given whatever the
		// reporter chose about their own name.
		line(w.words.Text(lang, "summary.time_claim", "hours", w.words.Hours(lang, cat.Response.Hours)))
		line(w.words.Text(lang, "summary.claim", "body", oneLine(rep.Report.IssuingBody), "case", oneLine(rep.Report.CaseNumber)))
	default:
		line(w.words.Text(lang, "summary.time_no_claim"))
	}
	line()
	w.facts(&s, lang, &rep.Report, d.Received, len(files), hide)
	line()
	if rep.Report.IdentityShared() {
		line(w.words.Text(lang, "summary.reporter"))
		for _, name := range report.ReporterFields {
			v := rep.Report.Get(name)
			switch {
			case v == "":
			case name == report.FieldRequester && requester != nil:
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

// facts writes to s what the report says happened, in lang, lines ending in \n: what is
// abused, when, the reporter's account and the evidence, and how many files came with
// it, what the reporter typed passed through hide. The customer's summary and the
// statement of reasons both give the facts so.
func (w *Writer) facts(s *strings.Builder, lang string, r *report.Report, received time.Time, files int, hide func(string) string) {
	line := func(parts ...string) {
		s.WriteString(strings.Join(parts, ""))
		s.WriteString("\n")
	}
	for _, name := range summaryFields() {
		v := r.Get(name)
		if v == "" {
			continue
		}
		// The customer's names where the form's speak to the reporter.
		label := w.words.Text(lang, i18n.Key("field."+name+".label"))
		if key := i18n.Key("summary.label." + name); w.has(key, lang) {
			label = w.words.Text(lang, key)
		}
		switch {
		case name == report.FieldChannel:
			line(label, ": ", w.words.Text(lang, i18n.Key("channel."+v)))
		case name == report.FieldOccurredAt:
			at := w.occurredAt(r, received)
			line(label, ": ", w.words.Text(lang, "summary.occurred", "local", w.words.DateTime(lang, at.In(w.rules.Location)), "utc", at.UTC().Format("2006-01-02 15:04")))
		case strings.ContainsAny(v, "\r\n"):
			line(label, ":")
			line(hide(normalizeNewlines(v)))
			line()
		default:
			line(label, ": ", hide(v))
		}
	}
	if files > 0 {
		line(w.words.Count(lang, "summary.files", files))
	}
}

// minHidden is how long, in characters, a detail must be for hide to look for it: a name
// of one or two letters would take letters out of every word.
const minHidden = 3

// redactor returns what the parts meant for the customer pass the reporter's words
// through: as they are when the reporter agreed to be named; otherwise with their name,
// e-mail address, phone number and company, wherever they appear in what was typed (in
// any case), replaced by the catalog's mark. It cannot see the reporter in other words.
func (w *Writer) redactor(r *report.Report, shared bool) func(string) string {
	if shared {
		return func(s string) string { return s }
	}
	var details []string
	for _, v := range []string{r.FullName, r.Email, r.Phone, r.Company} {
		v = strings.Join(strings.Fields(v), " ")
		if utf8.RuneCountInString(v) >= minHidden {
			details = append(details, v)
		}
	}
	if len(details) == 0 {
		return func(s string) string { return s }
	}
	// The longest first, so a name inside the company's is not taken out alone.
	slices.SortFunc(details, func(a, b string) int { return len(b) - len(a) })
	mark := w.words.Text(w.lang(), "mail.withheld")
	return func(s string) string { return replaceDetails(s, details, mark) }
}

// replaceDetails replaces each of details found in s with mark: the leftmost first and,
// where two start at one place, the one listed first. Letters match in any case (Unicode
// simple folding) and a space in a detail matches any run of white space (tab, line feed,
// form feed, carriage return, space): a name typed across a line. That is what the
// regular expression `(?i)d1|d2|…`, each detail quoted and its spaces made `\s+`, does; it
// is written out because the Worker links no regexp package, whose tables a fresh isolate
// would build at start (FuzzReplaceDetails holds the two to agree).
func replaceDetails(s string, details []string, mark string) string {
	var b strings.Builder
	written := 0 // s[:written] is in b
	for i := 0; i < len(s); {
		n := 0
		for _, d := range details {
			if n = matchDetail(s[i:], d); n > 0 {
				break
			}
		}
		if n > 0 {
			b.WriteString(s[written:i])
			b.WriteString(mark)
			i += n
			written = i
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// matchDetail returns how many bytes at the start of s match detail, or 0.
func matchDetail(s, detail string) int {
	i := 0
	for _, want := range detail {
		if want == ' ' {
			start := i
			for i < len(s) && strings.IndexByte("\t\n\f\r ", s[i]) >= 0 {
				i++
			}
			if i == start {
				return 0
			}
			continue
		}
		if i == len(s) {
			return 0
		}
		got, size := utf8.DecodeRuneInString(s[i:])
		if !sameLetter(got, want) {
			return 0
		}
		i += size
	}
	return i
}

// sameLetter says whether a and b are one rune in some case: b's simple case folding
// orbit (k, K and the Kelvin sign K) holds a.
func sameLetter(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(b); r != b; r = unicode.SimpleFold(r) {
		if r == a {
			return true
		}
	}
	return false
}

// fileDescription is how a XARF evidence item names an attached file.
func fileDescription(f Attachment, hide func(string) string) string {
	return clip("MIME attachment: "+hide(attachment.NeutralName(f.Name, f.Kind)), xarfEvidenceMax)
}
