package intake

import (
	"bytes"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
	"abusedesk/worker/email"
	"abusedesk/worker/negotiate"
)

// accepted answers 201 with the reference and the deadlines, what becomes of the
// reporter's name and whether a confirmation comes (notes), and the private status link:
// the receipt page, or JSON.
func (h *Handler) accepted(w http.ResponseWriter, r *http.Request, lang, ref string, cat *policy.Category, d policy.Deadlines, notes i18n.ReceiptNotes) {
	deadlines := h.words.Received(lang, h.rules, cat, h.provider, d)
	notes.StatusURL = h.statusLink(lang, ref)
	if negotiate.WantsHTML(r) {
		h.writeHTML(w, r, lang, api.Outcomes.Accepted, func(page []byte) ([]byte, error) {
			return h.forms.ReceiptPage(page, formhtml.Receipt{Lang: lang, Reference: ref, Deadlines: deadlines, Notes: notes})
		})
		return
	}
	writeJSON(w, api.Outcomes.Accepted, api.Receipt{
		Reference: ref, Received: d.Received.Format(time.RFC3339), Deadlines: deadlines,
		Schedule:       api.NewDeadlines(h.words, h.rules, cat, lang, d),
		IdentityShared: notes.IdentityShared, Confirmation: notes.Confirmation, Notice: notes.Notice, StatusURL: notes.StatusURL,
	})
}

// refused answers a report that cannot be taken as it is, as o (api.Outcomes.Invalid or
// NotHuman): the problems of its fields and its attached files, a mail that would be too
// large, a Turnstile check it failed. A browser gets the form again, values kept and the
// files asked for again; the form's script and other clients get JSON.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, o api.Outcome, sub submission, lang string, problems []report.Problem) {
	if !negotiate.WantsHTML(r) {
		if sub.notHuman {
			h.failJSON(w, r, lang, api.Outcomes.NotHuman)
			return
		}
		ps := h.problemList(lang, sub.values["category"], problems)
		for _, p := range sub.fileProblems {
			ps = append(ps, api.Problem{Field: api.AttachmentsField, Code: report.Code("file_" + p.Code), Message: h.fileProblemText(lang, p), File: p.Name})
		}
		if sub.mailSize != nil {
			ps = append(ps, api.Problem{Field: api.AttachmentsField, Code: api.MailTooLarge, Message: h.mailSizeText(lang, sub.mailSize)})
		}
		writeJSON(w, o, api.Problems{Error: o.Code, Problems: ps})
		return
	}
	var msgs []formhtml.Message
	for _, p := range sub.fileProblems {
		msgs = append(msgs, formhtml.Message{Field: api.AttachmentsField, Text: h.fileProblemText(lang, p)})
	}
	if sub.mailSize != nil {
		msgs = append(msgs, formhtml.Message{Field: api.AttachmentsField, Text: h.mailSizeText(lang, sub.mailSize)})
	}
	refusedAll := slices.ContainsFunc(sub.fileProblems, func(p fileProblem) bool { return p.Code == policy.FileRefused })
	if sub.sentFiles && !refusedAll {
		// A browser cannot be given files back: the page says to choose them again
		// (unless the category takes none).
		msgs = append(msgs, formhtml.Message{Field: api.AttachmentsField, Text: h.words.Text(lang, "form.files_again")})
	}
	if sub.notHuman {
		msgs = append(msgs, formhtml.Message{Field: api.TurnstileField, Text: h.words.Text(lang, "form.turnstile_again")})
	}
	h.writeHTML(w, r, lang, o, func(page []byte) ([]byte, error) {
		return h.forms.Refill(page, formhtml.Form{Lang: lang, Values: sub.values, Problems: problems, Messages: msgs})
	})
}

// mailSizeText says that the report with its files would make a mail larger than the
// mailbox takes, and by how much, in lang.
func (h *Handler) mailSizeText(lang string, e *email.TooLargeError) string {
	over := (e.Size - e.Max + 1023) >> 10
	return h.words.Text(lang, "file.mail_too_large", "over", strconv.FormatInt(over, 10), "max", strconv.FormatInt(e.Max>>20, 10))
}

// problemList words the fields' problems in lang, for a report of category ("" for none,
// or a typo note).
func (h *Handler) problemList(lang, category string, problems []report.Problem) []api.Problem {
	ps := make([]api.Problem, len(problems))
	for i, p := range problems {
		ps[i] = api.Problem{Field: p.Field, Code: p.Code, Message: h.words.ProblemTextIn(lang, category, p.Field, string(p.Code), p.Limit)}
	}
	return ps
}

// fileProblemText says what is wrong with the file, and what to do, in lang.
func (h *Handler) fileProblemText(lang string, p fileProblem) string {
	return h.words.FileProblem(lang, p.Name, p.Code, h.rules.Attachments)
}

// failFunc answers a failure in lang.
type failFunc func(w http.ResponseWriter, r *http.Request, lang string, e api.Outcome)

// fail answers e in lang, as JSON or, to a browser, as a short page that leads back to the
// form.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, lang string, e api.Outcome) {
	if !negotiate.WantsHTML(r) {
		h.failJSON(w, r, lang, e)
		return
	}
	var b bytes.Buffer
	formhtml.ErrorPage(&b, lang, h.words.Text(lang, "err.summary"), h.words.Text(lang, e.Key), h.words.Text(lang, "err.back"), api.FormPath(lang))
	writePage(w, e, b.Bytes())
}

// failJSON answers e in lang as JSON, whoever asks: the typo script is the only client of
// its API, and its notes have no page to go back to.
func (h *Handler) failJSON(w http.ResponseWriter, _ *http.Request, lang string, e api.Outcome) {
	writeJSON(w, e, api.Error{Error: e.Code, Message: h.words.Text(lang, e.Key)})
}

// serverError logs a failure on our side, what was being done, and answers it: the
// reporter can only try again.
func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, lang, doing string, e api.Outcome, err error) {
	h.log.Error(doing, "status", e.Status, "err", err)
	h.fail(w, r, lang, e)
}

// writeHTML answers o with the form page of lang as edit changes it. The whole page is
// made before answering, so a failure is a clean error rather than half a page under a
// success status.
func (h *Handler) writeHTML(w http.ResponseWriter, r *http.Request, lang string, o api.Outcome, edit func(page []byte) ([]byte, error)) {
	page, err := h.assets.Read(r.Context(), api.FormPath(lang))
	if err == nil {
		page, err = edit(page)
	}
	if err != nil {
		h.log.Error("rendering page", "err", err)
		writePlain(w, api.Outcomes.PlainServerError, "")
		return
	}
	writePage(w, o, page)
}

// The writers of an answer, each given its outcome: every status the Worker answers is
// api.Outcomes', chosen where the answer is.

func writePage(w http.ResponseWriter, o api.Outcome, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(o.Status)
	w.Write(page)
}

// writePlain answers o, one of the bare outcomes, with a line of plain text: text, or the
// status's own words when it is empty.
func writePlain(w http.ResponseWriter, o api.Outcome, text string) {
	if text == "" {
		text = http.StatusText(o.Status)
	}
	http.Error(w, text, o.Status)
}

func writeJSON(w http.ResponseWriter, o api.Outcome, v any) {
	data := appendJSON(nil, reflect.ValueOf(v))
	w.Header().Set("Content-Type", "application/json")
	// Answers carry a reporter's reference and are never worth caching.
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(o.Status)
	w.Write(append(data, '\n'))
}
