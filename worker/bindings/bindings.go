//go:build js && wasm

// Package bindings adapts Cloudflare's bindings to the Worker's small interfaces: the
// abuse and editors' mailboxes are send_email bindings (email.Mailer), reports are kept in
// an R2 bucket and queued on a Queue (delivery.Store, delivery.Queue), the rate limiters
// are rate-limiting bindings and the generated site is the assets binding (for package
// intake), and Turnstile tokens are checked with fetch. With package workerd it is the only
// code of ours that touches syscall/js, kept this thin because it can run only inside
// workerd (the integration tests in worker/test cover it there).
package bindings

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"

	"github.com/syumai/workers/cloudflare"

	"abusedesk/worker/workerd"
)

// Mailbox sends raw messages through the send_email binding of the given name.
type Mailbox struct {
	binding string
}

// NewMailbox returns the mailbox behind the named send_email binding. The binding is looked
// up on each send, in the environment of the request being served.
func NewMailbox(binding string) *Mailbox { return &Mailbox{binding: binding} }

// Send delivers raw, an RFC 5322 message whose From: header is from, to the address to,
// which the binding must allow. It waits for the runtime to accept the message.
func (m *Mailbox) Send(ctx context.Context, from, to string, raw []byte) (err error) {
	// A JavaScript exception thrown by a call panics in syscall/js; it is a failed send,
	// not a reason to kill the Go runtime serving the request.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("send_email %s: %v", m.binding, r)
		}
	}()
	b := binding(ctx, m.binding)
	if b.IsUndefined() {
		return fmt.Errorf("send_email: no binding named %s in the Worker's configuration", m.binding)
	}
	// The entry module puts EmailMessage (from the cloudflare:email module, which Go cannot
	// import) on globalThis before the Go module starts.
	emailMessage := js.Global().Get("EmailMessage")
	if emailMessage.IsUndefined() {
		return errors.New("send_email: globalThis.EmailMessage is missing; is worker/entry.mjs the Worker's main module?")
	}
	msg := emailMessage.New(from, to, string(raw))
	if _, err := await(ctx, b.Call("send", msg)); err != nil {
		return fmt.Errorf("send_email %s: %w", m.binding, err)
	}
	return nil
}

// await waits for a JavaScript promise to settle, or for ctx to end.
func await(ctx context.Context, promise js.Value) (js.Value, error) {
	type outcome struct {
		value js.Value
		err   error
	}
	// Buffered, so the callbacks never block the JavaScript event loop, even when ctx has
	// ended and no one is waiting any more.
	done := make(chan outcome, 1)
	var onFulfilled, onRejected js.Func
	release := func() {
		onFulfilled.Release()
		onRejected.Release()
	}
	onFulfilled = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		done <- outcome{value: v}
		return nil
	})
	onRejected = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		reason := "rejected"
		if len(args) > 0 {
			// String() rather than .toString(): the reason may be null or undefined.
			reason = js.Global().Call("String", args[0]).String()
		}
		done <- outcome{err: errors.New(reason)}
		return nil
	})
	promise.Call("then", onFulfilled, onRejected)
	select {
	case o := <-done:
		return o.value, o.err
	case <-ctx.Done():
		return js.Value{}, ctx.Err()
	}
}

// binding returns the named binding of the request ctx belongs to. In the Go instance kept
// across requests (package workerd) every request carries its own env; in an instance
// syumai/workers started for one event (a queue batch, a cron trigger), that event's env is
// the library's global, which then belongs to that event alone.
func binding(ctx context.Context, name string) js.Value {
	if env, ok := workerd.Env(ctx); ok {
		return env.Get(name)
	}
	return cloudflare.GetBinding(name)
}
