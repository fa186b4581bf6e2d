package intake

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
)

// receiptJSON is the answer to an accepted report sent as JSON.
type receiptJSON struct {
	Reference string   `json:"reference"`
	Received  string   `json:"received"`
	Deadlines []string `json:"deadlines"`
	// Schedule is what GET /api/deadlines answers for this report.
	Schedule deadlinesJSON `json:"schedule"`
}

// problemJSON is one problem of a refused report, with its message in the report's
// language so the form's script can show it as it is.
type problemJSON struct {
	Field   string      `json:"field"`
	Code    report.Code `json:"code"`
	Message string      `json:"message"`
}

// fileProblemJSON is a problem of one attached file: field "attachments", and the file's
// name.
type fileProblemJSON struct {
	problemJSON
	File string `json:"file"`
}

// errorJSON is the answer to a request that is not a report at all, or to a failure.
type errorJSON struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// accepted answers 201 with the reference and the deadlines.
func (h *Handler) accepted(w http.ResponseWriter, r *http.Request, lang, ref, category string, d policy.Deadlines) {
	deadlines := i18n.Deadlines(lang, d)
	if wantsHTML(r) {
		h.writeHTML(w, r, lang, http.StatusCreated, func(page []byte) ([]byte, error) {
			return h.forms.ReceiptPage(page, formhtml.Receipt{Lang: lang, Reference: ref, Deadlines: deadlines})
		})
		return
	}
	writeJSON(w, http.StatusCreated, receiptJSON{
		Reference: ref, Received: d.Received.Format(time.RFC3339), Deadlines: deadlines,
		Schedule: newDeadlinesJSON(lang, category, d),
	})
}

// refused answers 422 with the problems of the fields and of the attached files: the
// form again, values kept and the files asked for again, or JSON.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, sub submission, lang string, problems []report.Problem) {
	if wantsHTML(r) {
		var msgs []formhtml.Message
		for _, p := range sub.fileProblems {
			msgs = append(msgs, formhtml.Message{Field: AttachmentsField, Text: p.text(lang, h.rules.Attachments)})
		}
		if sub.sentFiles {
			// A browser cannot be given files back: the page says to choose them again.
			msgs = append(msgs, formhtml.Message{Field: AttachmentsField, Text: i18n.Text(lang, "err.attachments.again")})
		}
		h.writeHTML(w, r, lang, http.StatusUnprocessableEntity, func(page []byte) ([]byte, error) {
			return h.forms.Refill(page, formhtml.Form{Lang: lang, Values: sub.values, Problems: problems, Messages: msgs})
		})
		return
	}
	ps := problemList(lang, problems)
	for _, p := range h.fileProblemList(lang, sub.fileProblems) {
		ps = append(ps, p)
	}
	writeProblemList(w, ps)
}

// fileProblemList words the files' problems in lang, one for each file.
func (h *Handler) fileProblemList(lang string, files []fileProblem) []fileProblemJSON {
	ps := make([]fileProblemJSON, len(files))
	for i, p := range files {
		ps[i] = fileProblemJSON{problemJSON{AttachmentsField, report.Code("file_" + p.Code), p.text(lang, h.rules.Attachments)}, p.Name}
	}
	return ps
}

// writeProblems answers 422 with the problems as JSON, their messages in lang.
func writeProblems(w http.ResponseWriter, lang string, problems []report.Problem) {
	writeProblemList(w, problemList(lang, problems))
}

// problemList words the fields' problems in lang.
func problemList(lang string, problems []report.Problem) []any {
	ps := make([]any, len(problems))
	for i, p := range problems {
		ps[i] = problemJSON{Field: p.Field, Code: p.Code, Message: i18n.ProblemText(lang, p)}
	}
	return ps
}

// writeProblemList answers 422 with the problems as JSON.
func writeProblemList(w http.ResponseWriter, ps []any) {
	writeJSON(w, http.StatusUnprocessableEntity, struct {
		Problems []any `json:"problems"`
	}{ps})
}

// fail answers an error status with the message key in lang, as JSON or as a short page
// that leads back to the form.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, lang string, status int, code, key string) {
	if !wantsHTML(r) {
		h.failJSON(w, lang, status, code, key)
		return
	}
	var b bytes.Buffer
	errorPage(&b, lang, i18n.Text(lang, "err.summary"), i18n.Text(lang, key), i18n.Text(lang, "err.back"), formPath(lang))
	writePage(w, status, b.Bytes())
}

// failJSON answers an error status as JSON, whoever asks: the typo script is the only
// client of its API, and its notes have no page to go back to.
func (h *Handler) failJSON(w http.ResponseWriter, lang string, status int, code, key string) {
	writeJSON(w, status, errorJSON{Error: code, Message: i18n.Text(lang, key)})
}

// errorPage writes a bare page with a message and a link back to the form. It is seen
// only when a form could not be read or the mailbox failed, so it needs neither the
// site's templates nor html/template, whose reflection makes the Worker's bundle much
// larger.
func errorPage(w io.Writer, lang, title, msg, back, form string) error {
	e := html.EscapeString
	_, err := io.WriteString(w, `<!doctype html>
<html lang="`+e(lang)+`">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`+e(title)+`</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<main id="main">
<h1>`+e(title)+`</h1>
<p>`+e(msg)+`</p>
<p><a href="`+e(form)+`">`+e(back)+`</a></p>
</main>
</body>
</html>
`)
	return err
}

// formPath is where the site generator wrote the form page of lang.
func formPath(lang string) string { return "/" + lang + "/report/" }

// writeHTML answers with the form page of lang as make changes it. The whole page is made
// before answering, so a failure is a clean error rather than half a page under a success
// status.
func (h *Handler) writeHTML(w http.ResponseWriter, r *http.Request, lang string, status int, make func(page []byte) ([]byte, error)) {
	page, err := h.assets.Page(r.Context(), formPath(lang))
	if err == nil {
		page, err = make(page)
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
	data, err := json.Marshal(v)
	if err != nil {
		// Every value written here is made of strings; a failure is a programming error.
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json")
	// Answers carry a reporter's reference and are never worth caching.
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}
