package email

import (
	"fmt"
	"mime"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
)

// Notice is what a reporter's decision notice tells: the decision the desk recorded on
// their report, which step of its case that was, and whether it corrects another.
type Notice struct {
	// Event is the decision step of the report's case (report.Decided): the outcome, the
	// measure taken, the note the desk chose for the reporter, and when.
	Event report.Event
	// Step is the step's number in the case: it names the notice (its Message-ID), so the
	// notices of a decision and of its correction are two messages.
	Step int
	// Corrects is when the decision this one corrects was recorded; zero when there was
	// none before it.
	Corrects time.Time
}

// NoticeHeader marks a reporter's decision notice (its value: the step of the case it
// tells), so that no one, a test's mailbox included, takes it for a confirmation or the
// desk's mail about the same reference.
const NoticeHeader = "X-Abusedesk-Notice"

// statusPage is the key of the reporter's status page, whose link (the reference and
// links.StatusToken) the notice carries when the Worker signs links.
const statusPage = "status"

// DecisionNotice writes the message that tells a reporter what the desk decided on their
// report, as the EU Digital Services Act (Art. 16(5)) asks of a notice: to their address,
// in the report's language, the reference, the outcome in the rules' words with what it
// means, the measure taken when there is one, the date, the note the desk chose if any,
// and the redress open to them (write back quoting the reference: replies reach the abuse
// mailbox; the courts); a correction says whose place it takes. With links signed, it
// also carries the report's status link.
//
// Like the confirmation, it carries nothing the reporter typed but the address it goes
// to, and no display name: anyone can type anyone's address into the form. Nor what the
// desk typed for itself (the customer's answer, who recorded the step), nor the reference
// of the report a duplicate repeats, which may be another reporter's: every word but the
// reference and the dates is the rules' or the catalog's.
func (w *Writer) DecisionNotice(rep report.Filed, d Notice) (*Message, error) {
	to, ok := ConfirmationAddress(&rep.Report)
	if !ok {
		return nil, fmt.Errorf("email: report %s has no address to tell the decision to", rep.Reference)
	}
	ev := d.Event
	if ev.State != report.Decided {
		return nil, fmt.Errorf("email: report %s: step %d is %q, not a decision", rep.Reference, d.Step, ev.State)
	}
	outcome, ok := w.rules.Outcome(ev.Outcome)
	if !ok {
		return nil, fmt.Errorf("email: report %s: outcome %q is not in the rules", rep.Reference, ev.Outcome)
	}
	cat, ok := w.rules.Category(rep.Report.Category)
	if !ok {
		return nil, fmt.Errorf("email: report %s: category %q is not in the rules", rep.Reference, rep.Report.Category)
	}
	lang := rep.Lang
	if !slices.Contains(w.rules.Languages, lang) {
		lang = w.lang()
	}
	var measure, note string
	if ev.Measure != "" {
		m, ok := w.rules.Measure(ev.Measure)
		if !ok {
			return nil, fmt.Errorf("email: report %s: measure %q is not in the rules", rep.Reference, ev.Measure)
		}
		measure = m.Title[lang]
	}
	if ev.Note != "" {
		n, ok := w.rules.Note(ev.Note)
		if !ok {
			return nil, fmt.Errorf("email: report %s: note %q is not in the rules", rep.Reference, ev.Note)
		}
		note = n.Text[lang]
	}
	at := func(t time.Time) string { return w.words.DateTime(lang, t.In(w.rules.Location)) }
	var s strings.Builder
	paragraph := func(lines ...string) {
		for _, l := range lines {
			s.WriteString(l + "\n")
		}
		s.WriteString("\n")
	}
	received := at(rep.Received)
	var subject i18n.Key = "notice.subject"
	if d.Corrects.IsZero() {
		paragraph(w.words.Text(lang, "notice.intro", "ref", rep.Reference, "received", received))
	} else {
		subject = "notice.subject_corrected"
		paragraph(w.words.Text(lang, "notice.intro_corrected", "ref", rep.Reference, "received", received, "previous", at(d.Corrects)))
	}
	paragraph(w.words.Text(lang, "confirm.category", "category", cat.Title[lang]))
	decision := []string{w.words.Text(lang, "notice.outcome", "date", at(ev.At), "outcome", outcome.Title[lang])}
	if measure != "" {
		decision = append(decision, w.words.Text(lang, "notice.measure", "measure", measure))
	}
	paragraph(decision...)
	paragraph(outcome.Meaning[lang])
	if note != "" {
		paragraph(w.words.Text(lang, "notice.note", "note", note))
	}
	paragraph(w.words.Text(lang, "notice.redress", "ref", rep.Reference, "mailbox", w.abuseMailbox.Address))
	if w.links != nil {
		paragraph(w.words.Text(lang, "notice.status", "url", w.statusURL(lang, rep.Reference)))
	}
	s.WriteString(w.words.Text(lang, "confirm.auto") + "\n")
	step := strconv.Itoa(d.Step)
	return plainMessage(w.from.Address, to, []field{
		{"From", w.from.String()},
		{"To", (&mail.Address{Address: to}).String()},
		{"Reply-To", w.abuseMailbox.String()},
		{"Subject", mime.QEncoding.Encode("utf-8", w.words.Text(lang, subject, "ref", rep.Reference, "outcome", outcome.Title[lang]))},
		{"Date", ev.At.In(w.rules.Location).Format(time.RFC1123Z)},
		{"Message-ID", w.messageID("notice." + step + "." + rep.Reference)},
		{ReferenceHeader, rep.Reference},
		// RFC 3834: an automatic message, to which no auto-responder should answer.
		{"Auto-Submitted", "auto-generated"},
		{NoticeHeader, step},
	}, s.String()), nil
}

// statusURL is the reporter's status link of the report ref, on the provider's web
// address: the page in lang, the reference and its token.
func (w *Writer) statusURL(lang, ref string) string {
	q := url.Values{"ref": {ref}, "token": {w.links.StatusToken(ref)}}
	return strings.TrimSuffix(w.provider.Website, "/") + api.PagePath(lang, statusPage) + "?" + q.Encode()
}
