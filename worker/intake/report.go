package intake

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
)

// submit takes one report from reading the body to the receipt. The report is kept
// (delivery.File) before the reporter is told it was received; mailing it is the queue's
// job after that.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	sub, rerr := readReport(w, r, h.rules.Attachments)
	if rerr != nil {
		h.log.Info("unreadable report", "status", rerr.status(reportReadErrors), "err", rerr.err)
		// The body, which names a language, was not read: the visitor's is asked for.
		h.fail(w, r, h.langs.Best(r), reportReadErrors[rerr.failure])
		return
	}
	extra := takeExtras(r, &sub)
	lang := h.language(r, sub.doc["lang"])
	problems, err := h.validator.Validate(r.Context(), sub.doc)
	if err != nil {
		h.serverError(w, r, lang, "report not judged", errUnavailable, err)
		return
	}
	problems = append(problems, h.judgeFiles(&sub)...)
	if len(problems) > 0 || len(sub.fileProblems) > 0 {
		h.refused(w, r, sub, lang, problems)
		return
	}
	fields := make(map[string]string, len(sub.doc))
	for k, v := range sub.doc {
		// The schema admits only strings, so a valid document holds nothing else.
		fields[k], _ = v.(string)
	}
	requester, _ := h.rules.Requester(fields["requester"])
	cat, ok := h.rules.Category(fields["category"])
	if !ok {
		// The schema's categories are generated from the rules: they disagree only when
		// the schema is stale, which is our fault, not the reporter's.
		h.serverError(w, r, lang, "report not accepted", errServer, fmt.Errorf("category %q is in the schema but not in the rules", fields["category"]))
		return
	}
	if !h.human(r, extra.turnstile) {
		h.log.Info("report refused: turnstile")
		h.fail(w, r, lang, errNotHuman)
		return
	}
	received := h.now()
	ref, err := h.references(received)
	if err != nil {
		h.serverError(w, r, lang, "report not accepted", errServer, err)
		return
	}
	if extra.honeypot != "" {
		// A script filled in the field people never see: it is answered as a person
		// would be, so it learns nothing, and nothing is kept or sent.
		h.log.Warn("honeypot filled; report dropped", "reference", ref)
		h.accepted(w, r, lang, ref, cat.ID, h.rules.Deadlines(cat, requester, received))
		return
	}
	rep := report.Filed{Reference: ref, Received: received, Lang: lang, Fields: fields, Declared: h.rules.Declaration[lang]}
	if cat.RightsHolder {
		rep.DeclaredRights = h.rules.RightsDeclaration[lang]
	}
	filed, err := h.delivery.File(r.Context(), extra.key, rep, sub.files)
	if err != nil {
		h.serverError(w, r, lang, "report not accepted", errUnavailable, err)
		return
	}
	h.accepted(w, r, lang, filed.Reference, cat.ID, h.rules.Deadlines(cat, requester, filed.Received.In(h.rules.Location)))
}

// judgeFiles applies the category's and the requester's rules on files, which the schema
// knows nothing of. A category that takes no files refuses every file sent, whatever it
// holds, and drops them at once: nothing of them is ever stored. An authority attaches its
// order.
func (h *Handler) judgeFiles(sub *submission) []report.Problem {
	id, _ := sub.doc["category"].(string)
	cat, _ := h.rules.Category(id)
	id, _ = sub.doc["requester"].(string)
	requester, _ := h.rules.Requester(id)
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

// language is the report's language when the rules speak it, else the one the visitor's
// Accept-Language asks for.
func (h *Handler) language(r *http.Request, v any) string {
	if lang, ok := v.(string); ok && slices.Contains(h.rules.Languages, lang) {
		return lang
	}
	return h.langs.Best(r)
}

// maxIdempotencyKey bounds a key; a UUID is 36 characters.
const maxIdempotencyKey = 128

// extras are the fields of a post that are not the report.
type extras struct {
	honeypot, key, turnstile string
}

// takeExtras removes the fields that are not the report from sub's document, and reads
// the idempotency key from the header when the body has none. The form's values keep
// them, so a form shown again with problems is sent again under the same key.
func takeExtras(r *http.Request, sub *submission) extras {
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
		e.key = e.key[:maxIdempotencyKey]
	}
	return e
}

// Verifier checks a Cloudflare Turnstile token with Cloudflare (siteverify), given the
// client's address.
type Verifier interface {
	Verify(ctx context.Context, token, remoteIP string) (bool, error)
}

// WithTurnstile refuses reports whose Turnstile token v does not accept. Without it (no
// secret configured, as locally) no token is asked for.
func WithTurnstile(v Verifier) Option {
	return func(h *Handler) { h.turnstile = v }
}

// human says whether the post passes the Turnstile check; a verifier that fails lets it
// through, logged: losing a report to Cloudflare's outage is worse than a few robots.
func (h *Handler) human(r *http.Request, token string) bool {
	if h.turnstile == nil {
		return true
	}
	if token == "" {
		return false
	}
	ok, err := h.turnstile.Verify(r.Context(), token, r.Header.Get("CF-Connecting-IP"))
	if err != nil {
		h.log.Error("turnstile verification failed; the report is let through", "err", err)
		return true
	}
	return ok
}
