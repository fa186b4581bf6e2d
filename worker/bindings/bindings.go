//go:build js && wasm

// Package bindings adapts Cloudflare's bindings to the Worker's small interfaces: the
// abuse and editors' mailboxes are send_email bindings (email.Mailer), reports are kept in
// an R2 bucket and queued on a Queue (delivery.Store, delivery.Queue), the rate limiters
// are rate-limiting bindings and the generated site is the assets binding (for package
// intake), and Turnstile tokens are checked with fetch. Every promise is waited for with
// entry.Await. With package entry it is the only code of the Worker's main module that
// touches syscall/js, kept this thin because it can run only inside workerd (the
// integration tests in worker/test cover it there).
package bindings

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall/js"

	"github.com/syumai/workers/cloudflare"

	"abusedesk/worker/email"
	"abusedesk/worker/entry"
)

// Mailbox sends raw messages through the send_email binding of the given name.
type Mailbox struct {
	binding string
}

// NewMailbox returns the mailbox behind the named send_email binding. The binding is looked
// up on each send, in the environment of the request being served.
func NewMailbox(binding string) *Mailbox { return &Mailbox{binding: binding} }

// Send delivers m, an RFC 5322 message whose From: header is m.From, to m.To, which the
// binding must allow. It waits for the runtime to accept the message. The message goes to
// the runtime as a stream its bytes are written to as the runtime reads them, a chunk at a
// time, so the Go side never holds more of it than a chunk. A refusal carries the
// binding's error code (email.SendError), which tells a message refused for good from a
// failure worth trying again.
func (m *Mailbox) Send(ctx context.Context, msg *email.Message) (err error) {
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
	raw, stop := stream(msg)
	defer stop()
	if _, err := entry.Await(ctx, b.Call("send", emailMessage.New(msg.From, msg.To, raw))); err != nil {
		var rej *entry.Rejection
		if errors.As(err, &rej) {
			err = &email.SendError{Code: rej.Code, Message: rej.Message}
		}
		return fmt.Errorf("send_email %s: %w", m.binding, err)
	}
	return nil
}

// chunkSize is how much of a message the runtime is given at a time.
const chunkSize = 64 << 10

// stream makes a ReadableStream of m's bytes, which m.WriteTo writes as the runtime pulls
// them. stop ends the writing, should the runtime stop reading early, and frees what the
// stream holds.
func stream(m *email.Message) (raw js.Value, stop func()) {
	pr, pw := io.Pipe()
	go func() {
		_, err := m.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	pull := js.FuncOf(func(_ js.Value, args []js.Value) any {
		controller := args[0]
		return entry.Promise(func(resolve, _ js.Value) {
			go func() {
				defer resolve.Invoke()
				// The stream may be gone by the time a chunk is ready (the send failed,
				// stop was called): the runtime then throws, which syscall/js turns into a
				// panic that must not end the instance.
				defer func() { recover() }()
				buf := make([]byte, chunkSize)
				n, err := io.ReadFull(pr, buf)
				if n > 0 {
					controller.Call("enqueue", bytesToJS(buf[:n]))
				}
				switch err {
				case nil:
				case io.EOF, io.ErrUnexpectedEOF:
					controller.Call("close")
				default:
					controller.Call("error", js.Global().Get("Error").New(err.Error()))
				}
			}()
		})
	})
	cancel := js.FuncOf(func(js.Value, []js.Value) any {
		pr.CloseWithError(errors.New("the runtime stopped reading the message"))
		return nil
	})
	source := js.Global().Get("Object").New()
	source.Set("pull", pull)
	source.Set("cancel", cancel)
	return js.Global().Get("ReadableStream").New(source), func() {
		pr.Close()
		pull.Release()
		cancel.Release()
	}
}

// Has says whether the Worker's configuration has a binding of the given name, as the
// isolate's environment shows it (the bindings are the same for every event).
func Has(name string) bool { return !cloudflare.GetBinding(name).IsUndefined() }

// binding returns the named binding of the request ctx belongs to. In the Go instance kept
// across requests (package entry) every request carries its own env; in an instance
// syumai/workers started for one event (a queue batch, a cron trigger), that event's env is
// the library's global, which then belongs to that event alone.
func binding(ctx context.Context, name string) js.Value {
	if env, ok := entry.Env(ctx); ok {
		return env.Get(name)
	}
	return cloudflare.GetBinding(name)
}
