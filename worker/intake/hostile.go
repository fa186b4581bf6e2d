package intake

import (
	"context"
	"net/http"
	"strings"

	"abusedesk/schemas/api"
)

// Fields the form sends that are not part of the report: they are taken out of the
// document before it is judged (the schema admits no other field).
const (
	// honeypotField is a text field the form hides from people (not from scripts that
	// fill in every field they find): a report with it filled is from a script.
	honeypotField = api.HoneypotField
	// idempotencyField carries the key the form's script made for this report, posted
	// with the form; a client of the API sends IdempotencyHeader instead.
	idempotencyField = api.IdempotencyField
	// turnstileField is where Cloudflare Turnstile's widget puts its token.
	turnstileField = "cf-turnstile-response"
)

// IdempotencyHeader carries the key a client made for one report: posting the same key
// again returns the first post's reference and sends nothing.
const IdempotencyHeader = "Idempotency-Key"

// maxIdempotencyKey bounds a key; a UUID is 36 characters.
const maxIdempotencyKey = 128

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
	e := extras{honeypot: take(honeypotField), key: take(idempotencyField), turnstile: take(turnstileField)}
	if e.key == "" {
		e.key = strings.TrimSpace(r.Header.Get(IdempotencyHeader))
	}
	if len(e.key) > maxIdempotencyKey {
		e.key = e.key[:maxIdempotencyKey]
	}
	return e
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
