//go:build js && wasm

package bindings

import (
	"context"
	"fmt"
	"syscall/js"
	"time"

	"abusedesk/worker/entry"
	"abusedesk/worker/intake"
)

// Siteverify is Cloudflare Turnstile's server-side check.
const Siteverify = "https://challenges.cloudflare.com/turnstile/v0/siteverify"

// Turnstile verifies Turnstile tokens with the site's secret key. It calls the runtime's
// fetch itself: a Go http.Client would link net/http's transport and TLS stack.
type Turnstile struct {
	secret, url string
}

// NewTurnstile returns a verifier for the secret key (the Worker secret TURNSTILE_SECRET)
// that asks url, Siteverify but in tests.
func NewTurnstile(secret, url string) *Turnstile { return &Turnstile{secret: secret, url: url} }

// Verify asks Cloudflare whether token is a valid, unused token for this site, and for
// which hostname and action it was issued. Past ctx's deadline the request is cancelled.
func (t *Turnstile) Verify(ctx context.Context, token, remoteIP string) (v intake.Verdict, err error) {
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
	init := map[string]any{"method": "POST", "body": form}
	if deadline, ok := ctx.Deadline(); ok {
		init["signal"] = js.Global().Get("AbortSignal").Call("timeout", float64(max(time.Until(deadline).Milliseconds(), 1)))
	}
	// fetch is invoked unbound: called as a method of js.Global(), which syumai's
	// wasm_exec.js makes a Proxy of globalThis, workerd throws "Illegal invocation".
	resp, err := entry.Await(ctx, js.Global().Get("fetch").Invoke(t.url, js.ValueOf(init)))
	if err != nil {
		return v, fmt.Errorf("turnstile: %w", err)
	}
	if status := resp.Get("status").Int(); status != 200 {
		return v, fmt.Errorf("turnstile: status %d", status)
	}
	outcome, err := entry.Await(ctx, resp.Call("json"))
	if err != nil {
		return v, fmt.Errorf("turnstile: reading the answer: %w", err)
	}
	str := func(name string) string {
		if s := outcome.Get(name); s.Type() == js.TypeString {
			return s.String()
		}
		return ""
	}
	return intake.Verdict{Success: outcome.Get("success").Truthy(), Hostname: str("hostname"), Action: str("action")}, nil
}
