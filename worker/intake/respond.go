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
	"abusedesk/site"
)

// receiptJSON is the answer to an accepted report sent as JSON.
type receiptJSON struct {
	Reference string   `json:"reference"`
	Received  string   `json:"received"`
	Deadlines []string `json:"deadlines"`
}

// problemJSON is one problem of a refused report, with its message in the report's
// language so the form's script can show it as it is.
type problemJSON struct {
	Field   string      `json:"field"`
	Code    report.Code `json:"code"`
	Message string      `json:"message"`
}

// errorJSON is the answer to a request that is not a report at all, or to a failure.
type errorJSON struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// accepted answers 201 with the reference and the deadlines.
func (h *Handler) accepted(w http.ResponseWriter, r *http.Request, lang, ref string, d policy.Deadlines) {
	deadlines := i18n.Deadlines(lang, d)
	if wantsHTML(r) {
		h.writeHTML(w, http.StatusCreated, func(out io.Writer) error {
			return h.pages.RenderReceipt(out, site.Receipt{Lang: lang, Reference: ref, Deadlines: deadlines})
		})
		return
	}
	writeJSON(w, http.StatusCreated, receiptJSON{
		Reference: ref, Received: d.Received.Format(time.RFC3339), Deadlines: deadlines,
	})
}

// refused answers 422 with the problems: the form again, values kept, or JSON.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, sub submission, lang string, problems []report.Problem) {
	if wantsHTML(r) {
		h.writeHTML(w, http.StatusUnprocessableEntity, func(out io.Writer) error {
			return h.pages.RenderForm(out, site.FormPage{Lang: lang, Values: sub.values, Problems: problems})
		})
		return
	}
	ps := make([]problemJSON, len(problems))
	for i, p := range problems {
		ps[i] = problemJSON{Field: p.Field, Code: p.Code, Message: i18n.ProblemText(lang, p)}
	}
	writeJSON(w, http.StatusUnprocessableEntity, struct {
		Problems []problemJSON `json:"problems"`
	}{ps})
}

// fail answers an error status with the message key in lang (the status text when there
// is no key), as JSON or as a short page that leads back to the form.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, lang string, status int, code, key string) {
	msg := http.StatusText(status)
	if key != "" {
		msg = i18n.Text(lang, key)
	}
	if wantsHTML(r) {
		h.writeHTML(w, status, func(out io.Writer) error {
			return errorPage(out, lang, i18n.Text(lang, "err.summary"), msg, i18n.Text(lang, "err.back"), "/"+lang+"/report/")
		})
		return
	}
	writeJSON(w, status, errorJSON{Error: code, Message: msg})
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

// writeHTML renders a whole page before answering, so a template failure is a clean 500
// rather than half a page under a success status.
func (h *Handler) writeHTML(w http.ResponseWriter, status int, render func(io.Writer) error) {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		h.log.Error("rendering page", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
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
