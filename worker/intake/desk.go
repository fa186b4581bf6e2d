package intake

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
	"abusedesk/worker/delivery"
)

// The desk's page of a report (api.DeskPath): what its mail links to, opened by the
// signed link alone. A GET changes nothing, since mail scanners open every link; a POST
// of one of its forms records one step of the case and answers with a redirect to the
// page, which then shows it (Post/Redirect/Get). The token travels in the link and in
// the forms' hidden fields, never in a cookie, and the page is never cached, indexed or
// named to another site as a referrer.

// maxDeskBody caps a post of the desk's page: a customer's answer of answerMax characters,
// each of four bytes percent-encoded, and the rest of the form, with room to spare.
const maxDeskBody = 128 << 10

// answerMax is the most characters a customer's answer may have.
const answerMax = 5000

// recordedParam is the parameter of the redirect after a step is recorded: the step's
// number, which the page shows first.
const recordedParam = "recorded"

// deskLink is what a desk link gave: the reference and the link's parameters as sent.
type deskLink struct {
	ref, expires, token string
}

// page is the page's own address with the link's parameters: where its forms post, and
// where a recorded step redirects to.
func (l deskLink) page() string {
	return api.DeskPath + l.ref + "?" + api.DeskExpires + "=" + url.QueryEscape(l.expires) + "&" + api.DeskToken + "=" + url.QueryEscape(l.token)
}

// serveDesk answers a path under api.DeskPath: the page of a report, or its statement of
// reasons as JSON.
func (h *Handler) serveDesk(w http.ResponseWriter, r *http.Request) {
	deskHeaders(w, r)
	rest := strings.TrimPrefix(r.URL.Path, api.DeskPath)
	ref, file, _ := strings.Cut(rest, "/")
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	switch {
	case file == "" && method == http.MethodGet:
		h.deskPage(w, r, ref)
	case file == "" && method == http.MethodPost:
		h.sameSite(func(w http.ResponseWriter, r *http.Request, _ string, _ api.Outcome) {
			h.deskFail(w, api.Outcomes.DeskCrossSite)
		}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.deskPost(w, r, ref) }))(w, r)
	case file == "":
		w.Header().Set("Allow", "GET, HEAD, POST")
		h.deskFail(w, api.Outcomes.DeskMethodNotAllowed)
	case file == api.StatementFile && method == http.MethodGet:
		h.statementJSON(w, r, ref)
	case file == api.StatementFile:
		w.Header().Set("Allow", "GET, HEAD")
		h.deskFailJSON(w, api.Outcomes.DeskMethodNotAllowed)
	default:
		h.deskFail(w, api.Outcomes.DeskNotFound)
	}
}

// deskHeaders are what every answer under api.DeskPath carries beside the security
// headers: a policy that lets the page load the site's stylesheet and post its forms to
// itself alone (no script, no other target); never cached, never indexed. The referrer
// policy (no-referrer) is the site's own.
func deskHeaders(w http.ResponseWriter, r *http.Request) {
	scheme, host := r.URL.Scheme, r.URL.Host
	if scheme == "" {
		scheme = "http"
		if r.TLS != nil {
			scheme = "https"
		}
	}
	if host == "" {
		host = r.Host
	}
	self := scheme + "://" + host + r.URL.EscapedPath()
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action "+self+"; base-uri 'none'; frame-ancestors 'none'")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
}

// openDesk checks the link's parameters (from the query, or from a form's fields when it
// posted them) against ref: the token must be the desk token of ref and the expiry, which
// must be ahead. It takes as long whatever is wrong, and touches no store, so an unknown
// reference and a wrong token are answered alike and in the same time. Without links
// there is no page.
func (h *Handler) openDesk(r *http.Request, ref string) (deskLink, bool) {
	q := r.URL.Query()
	expires, token := q.Get(api.DeskExpires), q.Get(api.DeskToken)
	if r.PostForm != nil && r.PostForm.Has(api.DeskToken) {
		expires, token = r.PostForm.Get(api.DeskExpires), r.PostForm.Get(api.DeskToken)
	}
	if h.links == nil {
		return deskLink{}, false
	}
	secs, err := strconv.ParseInt(expires, 10, 64)
	if err != nil || strings.TrimLeft(expires, "0123456789") != "" {
		secs = 0 // checked all the same, and refused by its time
	}
	ok := h.links.CheckDesk(ref, time.Unix(secs, 0), token, h.now())
	return deskLink{ref: ref, expires: expires, token: token}, ok && err == nil
}

// deskPage shows the page of a report: GET only, and nothing changes.
func (h *Handler) deskPage(w http.ResponseWriter, r *http.Request, ref string) {
	link, ok := h.openDesk(r, ref)
	if !ok {
		h.deskFail(w, api.Outcomes.DeskNotFound)
		return
	}
	c, err := h.delivery.Case(r.Context(), ref)
	if err != nil {
		h.deskCaseFailed(w, ref, err)
		return
	}
	recorded := -1
	if n, err := strconv.Atoi(r.URL.Query().Get(recordedParam)); err == nil {
		recorded = n
	}
	h.deskAnswer(w, r, api.Outcomes.Desk, link, c, func(d *formhtml.Desk) { d.Recorded = recorded })
}

// deskPost records the step one of the page's forms sent, once: the form carries the
// number of steps the case had when the page was made, and the step is recorded only as
// that number (delivery.AtStep), so a form sent twice, or after another step, records
// nothing and shows the case as it now is.
func (h *Handler) deskPost(w http.ResponseWriter, r *http.Request, ref string) {
	if t, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); t != "application/x-www-form-urlencoded" {
		h.deskFail(w, api.Outcomes.DeskMediaType)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxDeskBody)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			h.deskFail(w, api.Outcomes.DeskTooLarge)
		} else {
			h.deskFail(w, api.Outcomes.DeskUnreadable)
		}
		return
	}
	link, ok := h.openDesk(r, ref)
	if !ok {
		h.deskFail(w, api.Outcomes.DeskNotFound)
		return
	}
	f := r.PostForm
	step := api.Step{State: f.Get("state"), At: f.Get("at"), Outcome: f.Get("outcome"), Measure: f.Get("measure"),
		Duplicate: f.Get("duplicate"), Note: f.Get("note"), Answer: f.Get("answer")}
	n, err := strconv.Atoi(f.Get(api.StepField))
	if err != nil || n < 0 {
		h.deskFail(w, api.Outcomes.DeskUnreadable)
		return
	}
	ctx := r.Context()
	c, err := h.delivery.Case(ctx, ref)
	if err != nil {
		h.deskCaseFailed(w, ref, err)
		return
	}
	sent := formhtml.DeskForm{State: step.State, Values: map[string]string{}}
	for _, name := range []string{"at", "outcome", "measure", "duplicate", "note", "answer"} {
		if f.Has(name) {
			sent.Values[name] = f.Get(name)
		}
	}
	ev, problems := h.checkStep(c, step, true)
	if len(problems) > 0 {
		for _, p := range problems {
			sent.Problems = append(sent.Problems, formhtml.Message{Field: p.Field, Text: p.Message})
		}
		h.deskAnswer(w, r, api.Outcomes.DeskInvalid, link, c, func(d *formhtml.Desk) { d.Sent = sent })
		return
	}
	ev.By = accessIdentity(r, formhtml.ByDeskLink)
	_, err = h.delivery.Record(ctx, ref, ev, delivery.AtStep(n))
	var notice i18n.Key
	o := api.Outcomes.DeskChanged
	switch {
	case err == nil:
		w.Header().Set("Location", link.page()+"&"+recordedParam+"="+strconv.Itoa(n))
		w.WriteHeader(api.Outcomes.DeskRecorded.Status)
		return
	case errors.Is(err, delivery.ErrStepTaken):
		notice = api.Outcomes.DeskChanged.Key
	case errors.Is(err, delivery.ErrCaseStep):
		o, notice = api.Outcomes.DeskNotForwarded, api.Outcomes.DeskNotForwarded.Key
	default:
		h.deskCaseFailed(w, ref, err)
		return
	}
	if c, err = h.delivery.Case(ctx, ref); err != nil {
		h.deskCaseFailed(w, ref, err)
		return
	}
	h.deskAnswer(w, r, o, link, c, func(d *formhtml.Desk) { d.Notice = notice })
}

// deskAnswer answers o with the page of the case c, as edit changes it: the case, its
// statement of reasons when its decision restricted the customer's service, the forms.
func (h *Handler) deskAnswer(w http.ResponseWriter, r *http.Request, o api.Outcome, link deskLink, c delivery.Case, edit func(*formhtml.Desk)) {
	lang := h.deskLang
	d := formhtml.Desk{
		Lang: lang, Reference: c.Reference, Category: c.Category, Requester: c.Requester,
		Received: c.Received, Forwarded: c.Forwarded, History: c.History,
		Action: link.page(), Expires: link.expires, Token: link.token,
		Now: h.now(), Recorded: -1, AnswerMax: answerMax,
	}
	if secs, err := strconv.ParseInt(link.expires, 10, 64); err == nil {
		d.Until = time.Unix(secs, 0)
	}
	if s, ok := h.statement(r.Context(), c); ok {
		sections := make([]formhtml.StatementSection, len(s.Sections))
		for i, sec := range s.Sections {
			sections[i] = formhtml.StatementSection{Heading: sec.Heading, Text: strings.TrimSuffix(sec.Text, "\n")}
		}
		json := api.DeskPath + link.ref + "/" + api.StatementFile + "?" + api.DeskExpires + "=" + url.QueryEscape(link.expires) + "&" + api.DeskToken + "=" + url.QueryEscape(link.token)
		d.Statement = &formhtml.Statement{Title: s.Title, Sections: sections, LegalReview: s.LegalReview, JSON: json}
	}
	edit(&d)
	var b bytes.Buffer
	if err := h.forms.DeskPage(&b, d); err != nil {
		h.log.Error("rendering the desk's page", "reference", c.Reference, "err", err)
		writePlain(w, api.Outcomes.PlainServerError, "")
		return
	}
	writePage(w, o, b.Bytes())
}

// deskCaseFailed answers a case that could not be read or written: as a link that opens
// nothing when there is no such case, else as our fault, logged.
func (h *Handler) deskCaseFailed(w http.ResponseWriter, ref string, err error) {
	if errors.Is(err, delivery.ErrNotFound) {
		h.deskFail(w, api.Outcomes.DeskNotFound)
		return
	}
	h.log.Error("the desk's page: reading or recording the case", "reference", ref, "err", err)
	h.deskFail(w, api.Outcomes.DeskUnavailable)
}

// deskFail answers o with a short page in the desk's language.
func (h *Handler) deskFail(w http.ResponseWriter, o api.Outcome) {
	lang := h.deskLang
	var b bytes.Buffer
	formhtml.DeskErrorPage(&b, lang, h.words.Text(lang, "desk.err.title"), h.words.Text(lang, o.Key))
	writePage(w, o, b.Bytes())
}

// deskFailJSON answers o as JSON in the desk's language.
func (h *Handler) deskFailJSON(w http.ResponseWriter, o api.Outcome) {
	writeJSON(w, o, api.Error{Error: o.Code, Message: h.words.Text(h.deskLang, o.Key)})
}

// stateOf is the state s names, if it is one the desk records.
func stateOf(s string) (report.State, bool) {
	switch st := report.State(s); st {
	case report.CustomerNotified, report.Answered, report.Decided:
		return st, true
	}
	return "", false
}
