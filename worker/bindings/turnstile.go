//go:build js && wasm

package bindings

import (
	"context"
	"fmt"
	"syscall/js"
)

// siteverify is Cloudflare Turnstile's server-side check.
const siteverify = "https://challenges.cloudflare.com/turnstile/v0/siteverify"

// Turnstile verifies Turnstile tokens with the site's secret key. It calls the runtime's
// fetch itself: a Go http.Client would link net/http's transport and TLS stack.
type Turnstile struct {
	secret string
}

// NewTurnstile returns a verifier for the secret key (the Worker secret TURNSTILE_SECRET).
func NewTurnstile(secret string) *Turnstile { return &Turnstile{secret: secret} }

// Verify asks Cloudflare whether token is a valid, unused token for this site.
func (t *Turnstile) Verify(ctx context.Context, token, remoteIP string) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("turnstile: %v", r)
		}
	}()
	form := js.Global().Get("URLSearchParams").New()
	form.Call("append", "secret", t.secret)
	form.Call("append", "response", token)
	if remoteIP != "" {
		form.Call("append", "remoteip", remoteIP)
	}
	resp, err := await(ctx, js.Global().Call("fetch", siteverify, js.ValueOf(map[string]any{"method": "POST", "body": form})))
	if err != nil {
		return false, fmt.Errorf("turnstile: %w", err)
	}
	if status := resp.Get("status").Int(); status != 200 {
		return false, fmt.Errorf("turnstile: status %d", status)
	}
	outcome, err := await(ctx, resp.Call("json"))
	if err != nil {
		return false, fmt.Errorf("turnstile: reading the answer: %w", err)
	}
	return outcome.Get("success").Truthy(), nil
}
