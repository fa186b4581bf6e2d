package intake

import (
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

// accepted answers 201 with the reference and the deadlines, and what becomes of the
// reporter's name and whether a confirmation comes (notes): the receipt page, or JSON.
func (h *Handler) accepted(w http.ResponseWriter, r *http.Request, lang, ref, category string, d policy.Deadlines, notes i18n.ReceiptNotes) {
	deadlines := h.words.Deadlines(lang, d)
	if negotiate.WantsHTML(r) {
		h.writeHTML(w, r, lang, http.StatusCreated, func(page []byte) ([]byte, error) {
			return h.forms.ReceiptPage(page, formhtml.Receipt{Lang: lang, Reference: ref, Deadlines: deadlines, Notes: notes})
		})
		return
	}
	writeJSON(w, http.StatusCreated, api.Receipt{
		Reference: ref, Received: d.Received.Format(time.RFC3339), Deadlines: deadlines,
		Schedule:       api.NewDeadlines(h.words, lang, category, d),
		IdentityShared: notes.IdentityShared, Confirmation: notes.Confirmation,
	})
}

// refused answers a report that cannot be taken as it is, with status: the problems of
// its fields and its attached files, a mail that would be too large, a Turnstile check it
// failed. A browser gets the form again, values kept and the files asked for again; the
// form's script and other clients get JSON.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, status int, sub submission, lang string, problems []report.Problem) {
	if !negotiate.WantsHTML(r) {
		if sub.notHuman {
			h.failJSON(w, r, lang, errNotHuman)
			return
		}
		ps := h.problemList(lang, problems)
		for _, p := range sub.fileProblems {
			ps = append(ps, api.Problem{Field: api.AttachmentsField, Code: report.Code("file_" + p.Code), Message: h.fileProblemText(lang, p), File: p.Name})
		}
		if sub.mailSize != nil {
			ps = append(ps, api.Problem{Field: api.AttachmentsField, Code: api.MailTooLarge, Message: h.mailSizeText(lang, sub.mailSize)})
		}
		writeJSON(w, status, api.Problems{Problems: ps})
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
	h.writeHTML(w, r, lang, status, func(page []byte) ([]byte, error) {
		return h.forms.Refill(page, formhtml.Form{Lang: lang, Values: sub.values, Problems: problems, Messages: msgs})
	})
}

// mailSizeText says that the report with its files would make a mail larger than the
// mailbox takes, and by how much, in lang.
func (h *Handler) mailSizeText(lang string, e *email.TooLargeError) string {
	over := (e.Size - e.Max + 1023) >> 10
	return h.words.Text(lang, "file.mail_too_large", "over", strconv.FormatInt(over, 10), "max", strconv.FormatInt(e.Max>>20, 10))
}

// problemList words the fields' problems in lang.
func (h *Handler) problemList(lang string, problems []report.Problem) []api.Problem {
	ps := make([]api.Problem, len(problems))
	for i, p := range problems {
		ps[i] = api.Problem{Field: p.Field, Code: p.Code, Message: h.words.ProblemText(lang, p.Field, string(p.Code), p.Limit)}
	}
	return ps
}

// fileProblemText says what is wrong with the file, and what to do, in lang.
func (h *Handler) fileProblemText(lang string, p fileProblem) string {
	return h.words.FileProblem(lang, p.Name, p.Code, h.rules.Attachments)
}

// writeHTML answers with the form page of lang as edit changes it. The whole page is made
// before answering, so a failure is a clean error rather than half a page under a success
// status.
func (h *Handler) writeHTML(w http.ResponseWriter, r *http.Request, lang string, status int, edit func(page []byte) ([]byte, error)) {
	page, err := h.assets.Read(r.Context(), api.FormPath(lang))
	if err == nil {
		page, err = edit(page)
	}
	if err != nil {
		h.log.Error("rendering page", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	writePage(w, status, page)
}

func writePage(w http.ResponseWriter, status int, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(page)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data := appendJSON(nil, reflect.ValueOf(v))
	w.Header().Set("Content-Type", "application/json")
	// Answers carry a reporter's reference and are never worth caching.
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}
