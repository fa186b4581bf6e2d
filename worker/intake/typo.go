package intake

import (
	"fmt"
	"mime"
	"net/http"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"abusedesk/content/i18n"
	"abusedesk/schemas/report"
)

// TyposPath is where the typo script posts readers' notes.
const TyposPath = "/api/typos"

// maxTypoBody caps a typo note's body. The longest valid note is 2,700 characters: under
// 11 KB of UTF-8 and under 33 KB however JSON escapes it.
const maxTypoBody = 64 << 10

// typoDesk is where typo notes go: WithTypos configures it.
type typoDesk struct {
	validator Validator
	mailer    Mailer
	rawTo     string
	to        *mail.Address
}

// typo takes one typo note from reading the body to the thanks: it is judged by the typo
// schema and mailed to the editors. A note is anonymous; nothing about the reader is kept.
func (h *Handler) typo(w http.ResponseWriter, r *http.Request) {
	doc, rerr := readTypo(w, r)
	if rerr != nil {
		h.log.Info("unreadable typo note", "status", rerr.status, "err", rerr.err)
		h.failJSON(w, h.negotiate(r), rerr.status, rerr.code, rerr.message("typo.err.request", "typo.err.too_large", "typo.err.request"))
		return
	}
	lang := h.language(r, doc["lang"])
	if problems := h.typos.validator.Validate(doc); len(problems) > 0 {
		writeProblems(w, lang, problems)
		return
	}
	// The schema admits only strings, so a valid document holds nothing else.
	text := func(k string) string { s, _ := doc[k].(string); return s }
	note := report.Typo{Lang: text("lang"), Page: text("page"), Selection: text("selection"), Comment: text("comment"), Context: text("context")}
	received := h.now()
	id, err := h.references(received)
	if err != nil {
		h.log.Error("typo note not accepted", "err", err)
		h.failJSON(w, lang, http.StatusInternalServerError, "server_error", "typo.err.server")
		return
	}
	msg := h.composeTypo(id, note, received)
	if err := h.typos.mailer.Send(r.Context(), h.from.Address, h.typos.to.Address, msg); err != nil {
		h.log.Error("typo note not accepted", "err", fmt.Errorf("mailing note %s: %w", id, err))
		h.failJSON(w, lang, http.StatusServiceUnavailable, "unavailable", "typo.err.server")
		return
	}
	h.log.Info("typo note accepted", "id", id, "page", note.Page)
	writeJSON(w, http.StatusAccepted, struct {
		Message string `json:"message"`
	}{i18n.Text(lang, "typo.thanks")})
}

// composeTypo writes the e-mail to the editors about one note, in the provider's language:
// the page, the selected text (also in the subject, to tell notes apart), the text around
// it and the reader's comment. id makes its Message-ID unique.
func (h *Handler) composeTypo(id string, note report.Typo, received time.Time) []byte {
	lang := h.defaultLang()
	received = received.In(h.rules.Location)
	subject := i18n.Text(lang, "typo.mail.subject", "page", note.Page, "selection", excerpt(oneLine(note.Selection), 60))
	return plainMessage([]mailField{
		{"From", h.from.String()},
		{"To", h.typos.to.String()},
		{"Subject", mime.QEncoding.Encode("utf-8", subject)},
		{"Date", received.Format(time.RFC1123Z)},
		{"Message-ID", "<typo." + id + "@" + domain(h.from.Address) + ">"},
	}, typoBody(lang, note, received))
}

// typoBody is the text of the editors' e-mail, lines ending in \n.
func typoBody(lang string, note report.Typo, received time.Time) string {
	var s strings.Builder
	section := func(title, text string) {
		s.WriteString("\n" + i18n.Text(lang, title) + "\n" + normalizeNewlines(text) + "\n")
	}
	s.WriteString(i18n.Text(lang, "typo.mail.intro", "page", note.Page, "received", i18n.DateTime(lang, received)) + "\n")
	section("typo.mail.selection", note.Selection)
	if note.Context != "" {
		section("typo.mail.context", note.Context)
	}
	if note.Comment != "" {
		section("typo.mail.comment", note.Comment)
	} else {
		s.WriteString("\n" + i18n.Text(lang, "typo.mail.no_comment") + "\n")
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
