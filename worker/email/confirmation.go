package email

import (
	"fmt"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"time"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
)

// ConfirmationAddress is where the confirmation of a report goes: the reporter's e-mail
// address, bare, when it is one net/mail reads back as itself (no display name, no
// comments, nothing folded in); ok is false when the report gave none fit to write to.
func ConfirmationAddress(rep *report.Report) (address string, ok bool) {
	v := rep.Email
	if v == "" || len(v) > 254 || strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return "", false
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return "", false
	}
	return a.Address, true
}

// Confirmation writes the message that tells a reporter their report was received, as the
// EU Digital Services Act (Art. 16(4)) asks of a notice: to their address, in the report's
// language, the reference, when it was received, the category, the deadlines and what
// happens next as the receipt said them, whether the customer learns who complained, the
// private status link the receipt gave (when the Worker has a link secret), and links to
// the pages on what happens to the customer and on personal data.
//
// It carries nothing the reporter typed but the address it goes to, and no files: anyone
// can type anyone's address into the form, and the message must not carry their words to
// it. No display name either, for the same reason. So it also says what to do when the
// report is not the recipient's. Replies reach the abuse mailbox of provider.yaml.
func (w *Writer) Confirmation(rep report.Filed) (*Message, error) {
	to, ok := ConfirmationAddress(&rep.Report)
	if !ok {
		return nil, fmt.Errorf("email: report %s has no address to confirm it to", rep.Reference)
	}
	cat, ok := w.rules.Category(rep.Report.Category)
	if !ok {
		return nil, fmt.Errorf("email: report %s: category %q is not in the rules", rep.Reference, rep.Report.Category)
	}
	lang := rep.Lang
	if !slices.Contains(w.rules.Languages, lang) {
		lang = w.lang()
	}
	requester, _ := w.rules.Requester(rep.Report.Requester)
	d := w.rules.Deadlines(cat, requester, rep.Received.In(w.rules.Location))
	var s strings.Builder
	paragraph := func(lines ...string) {
		for _, l := range lines {
			s.WriteString(l + "\n")
		}
		s.WriteString("\n")
	}
	paragraph(w.words.Text(lang, "confirm.intro", "ref", rep.Reference, "received", w.words.DateTime(lang, d.Received)))
	site := strings.TrimSuffix(w.provider.Website, "/")
	if w.links != nil {
		// The receipt's link, which the reporter may not have kept: the token is a digest
		// of the reference, so it is the same link.
		paragraph(w.words.Text(lang, "confirm.status", "url", api.StatusLink(site, lang, rep.Reference, w.links.StatusToken(rep.Reference))))
	}
	paragraph(w.words.Text(lang, "confirm.category", "category", cat.Title[lang]))
	paragraph(w.words.Received(lang, w.rules, cat, w.provider, d)...)
	// A confirmation goes to the address given, so the decision will too.
	paragraph(w.words.Reply(lang, true))
	paragraph(w.words.Identity(lang, rep.Report.IdentityShared(), "receipt.identity.shared", "receipt.identity.withheld"))
	paragraph(w.words.Text(lang, "confirm.links",
		"expect", site+api.PagePath(lang, api.ExpectPage), "privacy", site+api.PagePath(lang, api.PrivacyPage)))
	paragraph(w.words.Text(lang, "confirm.not_you", "mailbox", w.abuseMailbox.Address, "ref", rep.Reference))
	s.WriteString(w.words.Text(lang, "confirm.auto") + "\n")
	return plainMessage(w.from.Address, to, []field{
		{"From", w.from.String()},
		{"To", (&mail.Address{Address: to}).String()},
		{"Reply-To", w.abuseMailbox.String()},
		{"Subject", mime.QEncoding.Encode("utf-8", w.words.Text(lang, "confirm.subject", "ref", rep.Reference))},
		{"Date", d.Received.Format(time.RFC1123Z)},
		{"Message-ID", w.messageID("confirm." + rep.Reference)},
		{ReferenceHeader, rep.Reference},
		// RFC 3834: an automatic message, to which no auto-responder should answer.
		{"Auto-Submitted", "auto-generated"},
		{ConfirmationHeader, "1"},
	}, s.String()), nil
}

// ConfirmationHeader marks the confirmation a reporter gets, so that no one, a test's
// mailbox included, takes it for the desk's mail about the same reference.
const ConfirmationHeader = "X-Abusedesk-Confirmation"
