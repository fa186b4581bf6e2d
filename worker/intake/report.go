package intake

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
)

// submit takes one report from reading the body to the receipt. The report is kept
// (delivery.File) before the reporter is told it was received; mailing it is the queue's
// job after that.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	sub, rerr := readReport(w, r, h.rules.Attachments, h.maxFields)
	if rerr != nil {
		h.log.Info("unreadable report", "status", rerr.status(reportReadErrors), "err", rerr.err)
		// The body, which names a language, was not read: the visitor's is asked for.
		h.fail(w, r, h.langs.Best(r), reportReadErrors[rerr.failure])
		return
	}
	extra, err := takeExtras(r, &sub)
	dropUnseen(&sub)
	// The report as far as it goes before it is judged: its language, its category and
	// who sends it decide how its problems are worded and which files it may carry.
	rep := report.Decode(sub.doc)
	lang := h.language(r, rep.Lang)
	if err != nil {
		h.log.Info("report refused: idempotency key", "err", err)
		h.fail(w, r, lang, api.Outcomes.BadKey)
		return
	}
	problems, err := h.validator.Validate(r.Context(), sub.doc)
	if err != nil {
		h.serverError(w, r, lang, "report not judged", api.Outcomes.Unavailable, err)
		return
	}
	problems = append(problems, h.judgeFiles(&sub, &rep)...)
	if len(problems) > 0 || len(sub.fileProblems) > 0 {
		h.refused(w, r, api.Outcomes.Invalid, sub, lang, problems)
		return
	}
	// Valid: the document holds the report's strings and nothing else, so rep is all of it.
	requester, _ := h.rules.Requester(rep.Requester)
	cat, ok := h.rules.Category(rep.Category)
	if !ok {
		// The schema's categories are generated from the rules: they disagree only when
		// the schema is stale, which is our fault, not the reporter's.
		h.serverError(w, r, lang, "report not accepted", api.Outcomes.ServerError, fmt.Errorf("category %q is in the schema but not in the rules", rep.Category))
		return
	}
	if !h.human(r, extra.turnstile) {
		h.log.Info("report refused: turnstile")
		sub.notHuman = true
		h.refused(w, r, api.Outcomes.NotHuman, sub, lang, nil)
		return
	}
	received := h.now()
	if extra.honeypot != "" {
		// A script filled in the field people never see: it is answered as a person
		// would be, so it learns nothing, and nothing is kept or sent.
		ref, err := h.references(received)
		if err != nil {
			h.serverError(w, r, lang, "report not accepted", api.Outcomes.ServerError, err)
			return
		}
		h.log.Warn("honeypot filled; report dropped", "reference", ref)
		// Answered as a report of a person would be, a confirmation promised included;
		// none is sent.
		_, confirmable := email.ConfirmationAddress(&rep)
		h.accepted(w, r, lang, ref, cat, h.rules.Deadlines(cat, requester, received),
			i18n.ReceiptNotes{IdentityShared: rep.IdentityShared(), Confirmation: confirmable && h.delivery.Confirms(), Notice: rep.Email != ""})
		return
	}
	filing := report.Filed{Received: received, Lang: lang, Report: rep, Declared: h.rules.Declaration[lang]}
	if h.rules.DeclaresRights(cat, requester) {
		filing.DeclaredRights = h.rules.RightsDeclaration[lang]
	}
	filed, err := h.file(r.Context(), extra.key, filing, sub.files, delivery.WithConfirmation(clientKey(r)))
	var tooLarge *email.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		h.log.Info("report refused: its mail would be too large", "err", err)
		sub.mailSize = tooLarge
		h.refused(w, r, api.Outcomes.Invalid, sub, lang, nil)
		return
	case errors.Is(err, delivery.ErrKeyReused):
		h.log.Info("report refused", "err", err)
		h.fail(w, r, lang, api.Outcomes.KeyReused)
		return
	case err != nil:
		h.serverError(w, r, lang, "report not accepted", api.Outcomes.Unavailable, err)
		return
	}
	h.accepted(w, r, lang, filed.Reference, cat, h.rules.Deadlines(cat, requester, filed.Received.In(h.rules.Location)),
		i18n.ReceiptNotes{IdentityShared: filed.Report.IdentityShared(), Confirmation: filed.Confirm, Notice: filed.Report.Email != ""})
}

// dropUnseen takes out of a report every field its own answers do not show the reporter
// (browsercheck.Visibility.Unseen: evidence of another category, an authority's case from a
// private person, a rights holder's declaration from the police), with JavaScript or
// without, before anything is judged: nothing invisible blocks a send, and nothing the
// reporter could not see is stored or mailed. A form sent back shows them empty.
func dropUnseen(sub *submission) {
	value := func(field string) string {
		v, _ := sub.doc[field].(string)
		return v
	}
	for _, name := range schemas.FormVisibility().Unseen(value) {
		delete(sub.doc, name)
		delete(sub.values, name)
	}
}

// judgeFiles applies the category's and the requester's rules on files, which the schema
// knows nothing of. A category that takes no files refuses every file sent, whatever it
// holds, and drops them at once: nothing of them is ever stored. An authority attaches its
// order.
func (h *Handler) judgeFiles(sub *submission, rep *report.Report) []report.Problem {
	cat, _ := h.rules.Category(rep.Category)
	requester, _ := h.rules.Requester(rep.Requester)
	if cat != nil && cat.NoFiles {
		refused := make([]fileProblem, 0, len(sub.files)+len(sub.fileProblems))
		for _, f := range sub.files {
			refused = append(refused, fileProblem{Name: f.Name, Code: policy.FileRefused})
		}
		for _, p := range sub.fileProblems {
			refused = append(refused, fileProblem{Name: p.Name, Code: policy.FileRefused})
		}
		sub.files, sub.fileProblems = nil, refused
		return nil
	}
	if len(sub.files) == 0 && len(sub.fileProblems) == 0 && h.rules.FilesRequired(cat, requester) {
		return []report.Problem{{Field: api.AttachmentsField, Code: report.Required}}
	}
	return nil
}

// referenceTries is how many references a report is offered before its filing fails:
// one is taken only when 30 random bits meet another report's of the same day.
const referenceTries = 3

// file numbers the report and files it, numbering it again when its reference turns out
// to be another report's.
func (h *Handler) file(ctx context.Context, key string, rep report.Filed, files []report.File, opts ...delivery.FileOption) (report.Filed, error) {
	for range referenceTries {
		ref, err := h.references(rep.Received)
		if err != nil {
			return report.Filed{}, err
		}
		rep.Reference = ref
		filed, err := h.delivery.File(ctx, key, rep, files, opts...)
		if !errors.Is(err, delivery.ErrReferenceTaken) {
			return filed, err
		}
		h.log.Warn("reference taken; numbering the report again", "reference", ref)
	}
	return report.Filed{}, fmt.Errorf("%d references in a row were taken", referenceTries)
}

// language is the report's language when the rules speak it, else the one the visitor's
// Accept-Language asks for.
func (h *Handler) language(r *http.Request, lang string) string {
	if slices.Contains(h.rules.Languages, lang) {
		return lang
	}
	return h.langs.Best(r)
}

// maxIdempotencyKey bounds a key; the form's are UUIDs, 36 characters.
const maxIdempotencyKey = 128

// extras are the fields of a post that are not the report.
type extras struct {
	honeypot, key, turnstile string
}

// takeExtras removes the fields that are not the report from sub's document, and reads
// the idempotency key from the header when the body has none. A key is refused, not cut,
// when it is longer than maxIdempotencyKey or holds anything but printable ASCII: two
// keys cut alike would be one.
func takeExtras(r *http.Request, sub *submission) (extras, error) {
	take := func(name string) string {
		v, _ := sub.doc[name].(string)
		delete(sub.doc, name)
		return v
	}
	e := extras{honeypot: take(api.HoneypotField), key: take(api.IdempotencyField), turnstile: take(api.TurnstileField)}
	if e.key == "" {
		e.key = strings.TrimSpace(r.Header.Get(api.IdempotencyHeader))
	}
	if len(e.key) > maxIdempotencyKey {
		return e, fmt.Errorf("a key of %d bytes", len(e.key))
	}
	if i := strings.IndexFunc(e.key, func(c rune) bool { return c <= ' ' || c > '~' }); i >= 0 {
		return e, fmt.Errorf("a key with %q at %d", e.key[i], i)
	}
	return e, nil
}

// Verifier checks a Cloudflare Turnstile token with Cloudflare (siteverify), given the
// client's address.
type Verifier interface {
	Verify(ctx context.Context, token, remoteIP string) (Verdict, error)
}

// Verdict is what siteverify says of a token: whether it is one Cloudflare issued and not
// yet spent, and the hostname of the page and the action of the widget it was issued on.
type Verdict struct {
	Success          bool
	Hostname, Action string
}

// Turnstile is Cloudflare Turnstile switched on: the widget of the site key on the form
// (the site generator put it there, formhtml.Options), and a verifier with its secret.
type Turnstile struct {
	SiteKey  string
	Verifier Verifier
}

// WithTurnstile refuses reports that carry no token t's verifier accepts for this site's
// form. Without it (no site key and secret configured, as locally) no token is asked for.
func WithTurnstile(t Turnstile) Option {
	return func(h *Handler) { h.turnstile = &t }
}

// turnstileTimeout bounds the wait for siteverify: a reporter is not kept waiting on it.
const turnstileTimeout = 5 * time.Second

// human says whether the post passes the Turnstile check: a token Cloudflare accepts,
// issued on this host's form (api.TurnstileAction) and not on another site or widget. A
// verifier that fails or does not answer in time lets it through, logged: losing a report
// to Cloudflare's outage is worse than a few robots.
func (h *Handler) human(r *http.Request, token string) bool {
	if h.turnstile == nil {
		return true
	}
	if token == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(r.Context(), turnstileTimeout)
	defer cancel()
	v, err := h.turnstile.Verifier.Verify(ctx, token, r.Header.Get("CF-Connecting-IP"))
	if err != nil {
		h.log.Error("turnstile verification failed; the report is let through", "err", err)
		return true
	}
	host := (&url.URL{Host: r.Host}).Hostname()
	if v.Success && (v.Action != api.TurnstileAction || !strings.EqualFold(v.Hostname, host)) {
		h.log.Warn("turnstile token of another form", "hostname", v.Hostname, "action", v.Action)
		return false
	}
	return v.Success
}
