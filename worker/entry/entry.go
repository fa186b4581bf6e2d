//go:build js && wasm

// Package entry is the Worker's glue to workerd, the Go side of its entry module
// (worker/entry.mjs): it serves an http.Handler from one Go instance that workerd keeps
// across requests. syumai/workers' glue starts a new Go instance for every request (tens of
// milliseconds each) and reads the request's bindings from a global that belongs to that
// one instance; with one instance for many concurrent requests such a global would be
// shared, so here each request carries its own env in its context.Context (Env), and
// nothing of a request is kept anywhere else.
//
// The entry module (worker/entry.mjs) instantiates the Go module once and calls the
// function Serve exports, serveHTTP(request, env, ctx), for every fetch event, and the one
// syumai's queues package registers for every queue batch. Scheduled events still go
// through syumai/workers' own glue, one instance per event, as does every event under
// make bench's per-request glue, which is why Serve also registers the handler with
// workers.ServeNonBlock.
package entry

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"syscall/js"

	"github.com/syumai/workers"

	"abusedesk/schemas/api"
)

// exportName is the function the entry module calls on the binding object it gave the Go
// instance (context.binding, the object syumai's wasm_exec.js exposes as globalThis.context).
const exportName = "serveHTTP"

type envKey struct{}

// Serve exports h to the entry module for the fetch events of the kept instance, and to
// syumai/workers for an instance its glue starts per event; then it tells the entry
// module the instance is ready and blocks for ever: the instance lives as long as workerd
// keeps it. Set queue and cron handlers (their NonBlock forms) before calling it.
func Serve(h http.Handler, log *slog.Logger) {
	binding := js.Global().Get("context").Get("binding")
	binding.Set(exportName, js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 3 {
			return js.Global().Get("Promise").Call("reject", jsError(fmt.Sprintf("%s wants (request, env, ctx), got %d arguments", exportName, len(args))))
		}
		req, env := args[0], args[1]
		return Promise(func(resolve, reject js.Value) {
			go serve(h, log, req, env, resolve, reject)
		})
	}))
	workers.ServeNonBlock(h)
	workers.Ready()
	select {}
}

// Env returns the bindings of the request ctx belongs to, and false outside a request
// served by Serve's export (an instance syumai/workers started, whose global is its own).
func Env(ctx context.Context) (js.Value, bool) {
	v, ok := ctx.Value(envKey{}).(js.Value)
	return v, ok
}

// serve answers one request. A panic in the handler becomes a 500 for that request alone:
// unrecovered, it would end the instance every other request is using.
func serve(h http.Handler, log *slog.Logger, jsReq, env, resolve, reject js.Value) {
	r, err := toRequest(jsReq)
	if err != nil {
		reject.Invoke(jsError(err.Error()))
		return
	}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), envKey{}, env))
	defer cancel()
	body := r.Body // the handler's copy of r may get another (http.MaxBytesReader)
	w := &responseWriter{header: http.Header{}, resolve: resolve}
	func() {
		defer func() {
			if p := recover(); p != nil {
				log.Error("the handler panicked", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				// The headers set so far stay (the security headers among them); what was
				// written goes.
				w.status = 0
				w.buf.Reset()
				http.Error(w, "Internal Server Error", api.Outcomes.PlainServerError.Status)
			}
		}()
		h.ServeHTTP(w, r.WithContext(ctx))
	}()
	drain(body, r.ContentLength)
	w.finish()
	body.Close()
}

// maxDrain is how much of a body the handler left unread is read and dropped before the
// answer goes, as net/http's server does after a handler (its maxPostHandlerReadBytes).
// A client still sending when the answer comes may never read it (undici, for one, fails
// with "other side closed"); and wrangler dev's proxy answers the request after such a
// one with a 5xx (workers-sdk#15709), which production does not. What is left beyond it
// is cancelled (streamReader.Close).
const maxDrain = 256 << 10

// drain reads what the handler left of body, when it is no more than maxDrain: the length
// is length when the client gave one, and unknown when length is -1.
func drain(body io.ReadCloser, length int64) {
	s, ok := body.(*streamReader)
	if !ok || s.err != nil {
		return
	}
	if length >= 0 && length-s.read > maxDrain {
		return
	}
	io.CopyN(io.Discard, s, maxDrain)
}

// toRequest converts a JavaScript Request into an *http.Request whose body is read from
// the request's stream as the handler reads it.
func toRequest(req js.Value) (*http.Request, error) {
	u, err := url.Parse(req.Get("url").String())
	if err != nil {
		return nil, fmt.Errorf("request URL: %w", err)
	}
	header := http.Header{}
	// Headers' forEach gives each name once, lower-cased, its values joined by ", ".
	// Set-Cookie, the one header whose values may not be joined, is never in a request.
	forEach := js.FuncOf(func(_ js.Value, args []js.Value) any {
		header.Add(args[1].String(), args[0].String())
		return nil
	})
	req.Get("headers").Call("forEach", forEach)
	forEach.Release()
	var body io.ReadCloser = http.NoBody
	if b := req.Get("body"); !b.IsNull() && !b.IsUndefined() {
		body = Reader(b)
	}
	r := &http.Request{
		Method:     req.Get("method").String(),
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     header,
		Body:       body,
		Host:       u.Host,
		RequestURI: u.RequestURI(),
		RemoteAddr: header.Get("CF-Connecting-IP"),
	}
	r.ContentLength = -1
	if body == http.NoBody {
		r.ContentLength = 0
	} else if n, err := strconv.ParseInt(header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
		r.ContentLength = n
	}
	return r, nil
}

// Reader reads a ReadableStream of bytes (a request's body, an R2 object's) chunk by chunk,
// as the caller reads; Close lets the runtime drop the rest.
func Reader(stream js.Value) io.ReadCloser { return &streamReader{stream: stream} }

// streamReader reads a ReadableStream of bytes chunk by chunk.
type streamReader struct {
	stream js.Value
	reader js.Value // the stream's reader, once reading starts
	chunk  []byte   // what is left of the last chunk read
	read   int64    // bytes given to Read's callers
	err    error
}

func (s *streamReader) Read(p []byte) (int, error) {
	for len(s.chunk) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		if s.reader.IsUndefined() {
			s.reader = s.stream.Call("getReader")
		}
		// Not the request's context: the body is read to its end, or drained, before the
		// request is done.
		result, err := Await(context.Background(), s.reader.Call("read"))
		if err != nil {
			s.err = fmt.Errorf("reading the request body: %w", err)
			continue
		}
		if result.Get("done").Bool() {
			s.err = io.EOF
			continue
		}
		v := result.Get("value")
		s.chunk = make([]byte, v.Get("byteLength").Int())
		js.CopyBytesToGo(s.chunk, v)
	}
	n := copy(p, s.chunk)
	s.chunk = s.chunk[n:]
	s.read += int64(n)
	return n, nil
}

// Close lets the runtime drop what the handler did not read. The cancel's promise is
// given a handler: left unhandled, its rejection would take the whole kept instance down.
func (s *streamReader) Close() error {
	if !s.reader.IsUndefined() && s.err == nil {
		s.reader.Call("cancel").Call("catch", ignoreRejection)
		s.err = io.ErrClosedPipe
	}
	return nil
}

// ignoreRejection handles a promise's rejection that has nobody left to tell. It lives as
// long as the instance, so it is never released.
var ignoreRejection = js.FuncOf(func(js.Value, []js.Value) any { return nil })

// responseWriter collects the answer and resolves the request's promise with a Response
// when the handler returns.
type responseWriter struct {
	header  http.Header
	status  int
	buf     bytes.Buffer
	resolve js.Value
}

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *responseWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.buf.Write(p)
}

// finish resolves the request's promise with the Response.
func (w *responseWriter) finish() {
	w.WriteHeader(http.StatusOK)
	body := js.Null()
	if !bodyless(w.status) {
		body = toUint8Array(w.buf.Bytes())
	}
	headers := js.Global().Get("Headers").New()
	for name, values := range w.header {
		for _, v := range values {
			headers.Call("append", name, v)
		}
	}
	init := js.Global().Get("Object").New()
	init.Set("status", w.status)
	init.Set("headers", headers)
	w.resolve.Invoke(js.Global().Get("Response").New(body, init))
}

// bodyless says whether a response with the status must have a null body (the Response
// constructor throws otherwise).
func bodyless(status int) bool {
	return status == http.StatusSwitchingProtocols || status == http.StatusNoContent ||
		status == http.StatusResetContent || status == http.StatusNotModified
}

func toUint8Array(p []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(p))
	js.CopyBytesToJS(a, p)
	return a
}

func jsError(msg string) js.Value { return js.Global().Get("Error").New(msg) }

// Promise returns a Promise that run settles through resolve and reject. run is called at
// once and must not block (start a goroutine): it runs inside a JavaScript callback.
func Promise(run func(resolve, reject js.Value)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		executor.Release()
		run(args[0], args[1])
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// Await waits for a JavaScript promise to settle, or for ctx to end, and gives its value
// or, rejected, a *Rejection. It blocks, so it must run on a goroutine of its own, never in
// a JavaScript callback: blocking there would deadlock the runtime. It is the Worker's one
// way to wait for a promise (the bindings' calls, a body's stream); the browser module has
// its own (wasm/dom.go), since the two programs share no package that touches syscall/js.
func Await(ctx context.Context, promise js.Value) (js.Value, error) {
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
		rej := &Rejection{Message: "rejected"}
		if len(args) > 0 {
			// String() rather than .toString(): the reason may be null or undefined.
			rej.Message = js.Global().Call("String", args[0]).String()
			if args[0].Type() == js.TypeObject {
				if code := args[0].Get("code"); code.Type() == js.TypeString {
					rej.Code = code.String()
				}
			}
		}
		done <- outcome{err: rej}
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

// Rejection is a promise's rejection: its reason as text, and the code Cloudflare's
// bindings put on their errors ("" when there is none).
type Rejection struct{ Code, Message string }

func (r *Rejection) Error() string { return r.Message }

// contentGlobal is where the entry module puts the content `make worker` prepared.
const contentGlobal = "abusedeskContent"

// PreparedContent returns the content the entry module imported with the Worker
// (bundle.Prepare wrote it), for bundle.Open.
func PreparedContent() ([]byte, error) {
	v := js.Global().Get(contentGlobal)
	if v.IsUndefined() || v.Get("byteLength").IsUndefined() {
		return nil, fmt.Errorf("the entry module set no %s", contentGlobal)
	}
	data := make([]byte, v.Get("byteLength").Int())
	js.CopyBytesToGo(data, v)
	return data, nil
}
