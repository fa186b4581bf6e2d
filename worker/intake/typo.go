package intake

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/worker/email"
)

// maxTypoBody caps a typo note's body. The longest valid note is 2,700 characters: under
// 11 KB of UTF-8 and under 33 KB however JSON escapes it.
const maxTypoBody = 64 << 10

// maxTypoFields caps a typo note's fields: it has five.
const maxTypoFields = 5 + spareFields

// Typos is where readers' typo notes go.
type Typos struct {
	// Validator judges a note: validate.Typo's.
	Validator Validator
	// Mailbox is the editors' mailbox, at the address To; Mail writes what it gets.
	Mailbox email.Mailer
	Mail    *email.Writer
	To      string
	to      *mail.Address
}

// WithTypos accepts readers' typo notes at api.TyposPath and mails them as t says.
// Without it, the path is not found.
func WithTypos(t Typos) Option {
	return func(h *Handler) { h.typos = &t }
}

func (t *Typos) check() (err error) {
	if t.Validator == nil || t.Mailbox == nil || t.Mail == nil {
		return errors.New("intake: WithTypos needs a validator, the editors' mailbox and a mail writer")
	}
	t.to, err = email.ParseAddress("editors' mailbox", t.To)
	return err
}

// typo takes one typo note from reading the body to the thanks: it is judged by the typo
// schema and mailed to the editors. A note is anonymous; nothing about the reader is kept.
func (h *Handler) typo(w http.ResponseWriter, r *http.Request) {
	doc, rerr := readTypo(w, r, maxTypoFields)
	if rerr != nil {
		h.log.Info("unreadable typo note", "status", rerr.status(typoReadErrors), "err", rerr.err)
		h.failJSON(w, r, h.langs.Best(r), typoReadErrors[rerr.failure])
		return
	}
	note := report.DecodeTypo(doc)
	lang := h.language(r, note.Lang)
	problems, err := h.typos.Validator.Validate(r.Context(), doc)
	if err != nil {
		h.log.Error("typo note not judged", "err", err)
		h.failJSON(w, r, lang, api.Outcomes.TypoUnavailable)
		return
	}
	if len(problems) > 0 {
		writeJSON(w, api.Outcomes.TypoInvalid, api.Problems{Error: api.Outcomes.TypoInvalid.Code, Problems: h.problemList(lang, "", problems)})
		return
	}
	received := h.now()
	id, err := h.references(received)
	if err != nil {
		h.log.Error("typo note not accepted", "err", err)
		h.failJSON(w, r, lang, api.Outcomes.TypoServerError)
		return
	}
	msg := h.typos.Mail.Typo(h.typos.to, id, note, received)
	if err := h.typos.Mailbox.Send(r.Context(), msg); err != nil {
		h.log.Error("typo note not accepted", "err", fmt.Errorf("mailing note %s: %w", id, err))
		h.failJSON(w, r, lang, api.Outcomes.TypoUnavailable)
		return
	}
	h.log.Info("typo note accepted", "id", id, "page", note.Page)
	writeJSON(w, api.Outcomes.Thanks, api.Thanks{Message: h.words.Text(lang, api.Outcomes.Thanks.Key)})
}
