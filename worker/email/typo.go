package email

import (
	"mime"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"abusedesk/content/i18n"
	"abusedesk/schemas/report"
)

// Typo writes the message to the editors, at to, about one note, in the provider's
// language: the page, the selected text (also in the subject, to tell notes apart), the
// text around it and the reader's comment. id makes its Message-ID unique.
func (w *Writer) Typo(to *mail.Address, id string, note report.Typo, received time.Time) *Message {
	lang := w.lang()
	received = received.In(w.rules.Location)
	subject := w.words.Text(lang, "typo.mail.subject", "page", note.Page, "selection", excerpt(oneLine(note.Selection), 60))
	return plainMessage(w.from.Address, to.Address, []field{
		{"From", w.from.String()},
		{"To", to.String()},
		{"Subject", mime.QEncoding.Encode("utf-8", subject)},
		{"Date", received.Format(time.RFC1123Z)},
		{"Message-ID", w.messageID("typo." + id)},
	}, w.typoBody(lang, note, received))
}

// typoBody is the text of the editors' e-mail, lines ending in \n.
func (w *Writer) typoBody(lang string, note report.Typo, received time.Time) string {
	var s strings.Builder
	section := func(title i18n.Key, text string) {
		s.WriteString("\n" + w.words.Text(lang, title) + "\n" + normalizeNewlines(text) + "\n")
	}
	s.WriteString(w.words.Text(lang, "typo.mail.intro", "page", note.Page, "received", w.words.DateTime(lang, received)) + "\n")
	section("typo.mail.selection", note.Selection)
	if note.Context != "" {
		section("typo.mail.context", note.Context)
	}
	if note.Comment != "" {
		section("typo.mail.comment", note.Comment)
	} else {
		s.WriteString("\n" + w.words.Text(lang, "typo.mail.no_comment") + "\n")
	}
	return s.String()
}

// excerpt shortens s to at most n characters, marking a cut with an ellipsis.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
