//go:build js && wasm

// Command wasm is the browser module of the Report Abuse form: it checks fields as the
// reporter leaves them, previews the deadlines of the chosen category, and sends the
// report itself, asking for JSON, so problems and the receipt appear without a page load.
// The form works without it (the Worker validates everything again), so any failure here
// leaves the form alone.
//
// Build it with GOOS=js GOARCH=wasm (the Makefile's site target); wasm/form.js loads it.
// It reads JSON with a small reader of its own (formlogic.ParseJSON) and patterns with the
// browser's RegExp, instead of encoding/json and regexp: every KiB is downloaded by a
// reporter, and those two alone would double it. The behaviour is in package
// abusedesk/wasm/formlogic; this package only connects it to the DOM (package dom's ids).
package main

import (
	"errors"
	"sync"
	"syscall/js"
	"time"

	"abusedesk/content/attachment"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/dom"
	"abusedesk/wasm/formlogic"
)

func main() {
	if err := start(); err != nil {
		js.Global().Get("console").Call("error", "abusedesk form: "+err.Error())
		return
	}
	// go.run's promise resolves only when main returns, and the listeners need the Go
	// runtime alive for as long as the page is open.
	select {}
}

// start reads the page's data, follows the form, and calls the loader's ready hook. All
// that can fail, the zone included, comes before the first listener: once main has
// returned, a listener would only throw, and the form must be left as the server sent it.
func start() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New(panicText(r))
		}
	}()
	doc := js.Global().Get("document")
	el, script := doc.Call("getElementById", dom.Form), doc.Call("getElementById", dom.FormData)
	if el.IsNull() || script.IsNull() {
		return errors.New("no form on this page")
	}
	parsed, err := formlogic.ParseJSON(script.Get("textContent").String())
	if err != nil {
		return errors.New("form data: " + err.Error())
	}
	data, err := formlogic.ReadData(parsed)
	if err != nil {
		return err
	}
	check, err := browsercheck.New(&data.Spec, compileECMA)
	if err != nil {
		return err
	}
	var rules *policy.Rules
	if data.Rules != nil {
		if rules, err = data.Rules.Rules(); err != nil {
			return err
		}
	}
	f := formlogic.New(data.Lang, data.Words, check, rules, newView(doc, el))
	f.Local = localZone(data.Lang)
	f.Start()
	listen(el, "focusout", func(e js.Value) { f.Left(fieldOf(e)) })
	listen(el, "input", func(e js.Value) { f.Edited(fieldOf(e)) })
	listen(el, "change", func(e js.Value) {
		if fieldOf(e) == api.AttachmentsField {
			go func() {
				defer recoverTo("checking files")
				f.FilesChosen(readFiles(e.Get("target")))
			}()
			return
		}
		f.Edited(fieldOf(e))
	})
	if change := doc.Call("getElementById", dom.ReviewChange); !change.IsNull() {
		listen(change, "click", func(js.Value) { f.Change() })
	}
	listen(el, "submit", func(e js.Value) {
		// The files are read before the form is judged, which takes a promise: the form is
		// held here and sent, or posted by the browser should the module fail, later.
		e.Call("preventDefault")
		go submit(f, el)
	})
	if ready := js.Global().Get("abusedeskFormReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	later(func() { f.ShowClock() })
	return nil
}

// later runs do in a task of its own once this one has ended, so that the form is ready
// (its checks working) before it; a panic in it is logged.
func later(do func()) {
	var fn js.Func
	fn = js.FuncOf(func(js.Value, []js.Value) any {
		defer fn.Release()
		defer recoverTo("starting")
		do()
		return nil
	})
	js.Global().Call("setTimeout", fn, 0)
}

// listen adds an event listener that recovers from panics: one escaping a callback would
// end the Go runtime, and with it every later check on the page.
func listen(target js.Value, event string, handle func(e js.Value)) {
	target.Call("addEventListener", event, js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() {
			if r := recover(); r != nil {
				js.Global().Get("console").Call("error", "abusedesk form: "+panicText(r))
			}
		}()
		handle(args[0])
		return nil
	}))
}

// fieldOf is the name of the form control an event happened to.
func fieldOf(e js.Value) string {
	if name := e.Get("target").Get("name"); name.Type() == js.TypeString {
		return name.String()
	}
	return ""
}

// submit checks the form and its files, then posts it and shows the answer. Should
// anything in it panic, the browser posts the form itself, and the reporter gets the
// Worker's page.
func submit(f *formlogic.Form, el js.Value) {
	defer func() {
		if r := recover(); r != nil {
			js.Global().Get("console").Call("error", "abusedesk form: "+panicText(r))
			// form.submit may be shadowed: a form's controls are its properties by id too.
			js.Global().Get("HTMLFormElement").Get("prototype").Get("submit").Call("call", el)
		}
	}()
	var files []formlogic.File
	if input := el.Get("elements").Call("namedItem", api.AttachmentsField); !input.IsNull() {
		files = readFiles(input)
	}
	if _, ok := f.Submit(files); !ok {
		return
	}
	answer := formlogic.ReadAnswer(post(el, f.Progress))
	for attempt := 1; ; attempt++ {
		pause, again := answer.RetryAfter(attempt)
		if !again {
			break
		}
		time.Sleep(pause)
		answer = formlogic.ReadAnswer(post(el, f.Progress))
	}
	f.Answered(answer)
}

// readFiles reads what the module needs of each chosen file: its name, size and first
// bytes, never the whole of it.
func readFiles(input js.Value) []formlogic.File {
	list := input.Get("files")
	if list.Type() != js.TypeObject || list.IsNull() {
		return nil
	}
	files := make([]formlogic.File, list.Length())
	for i := range files {
		file := list.Index(i)
		files[i] = formlogic.File{Name: file.Get("name").String(), Size: int64(file.Get("size").Float())}
		if buf, ok := await(file.Call("slice", 0, attachment.HeadSize).Call("arrayBuffer")); ok {
			bytes := js.Global().Get("Uint8Array").New(buf)
			files[i].Head = make([]byte, bytes.Length())
			js.CopyBytesToGo(files[i].Head, bytes)
		}
	}
	return files
}

// localZone is the reporter's time zone as the browser knows it. Its name is asked of Intl
// only when a deadline is shown on the reporter's clock: Chromium's first Intl object costs
// tens of milliseconds, which the module's start would otherwise pay for every reporter,
// most of whom share the provider's clock. The name is the zone's in lang ("Eastern
// Time"), as people say it, else its identifier ("America/New_York").
func localZone(lang string) formlogic.Zone {
	date := js.Global().Get("Date")
	return formlogic.Zone{
		Name: sync.OnceValue(func() string {
			intl := js.Global().Get("Intl")
			if intl.Type() != js.TypeObject {
				return "?"
			}
			format := intl.Get("DateTimeFormat").New(lang, map[string]any{"timeZoneName": "longGeneric"})
			parts := format.Call("formatToParts", date.New())
			for i := range parts.Length() {
				if part := parts.Index(i); part.Get("type").String() == "timeZoneName" {
					return part.Get("value").String()
				}
			}
			if tz := format.Call("resolvedOptions").Get("timeZone"); tz.Type() == js.TypeString {
				return tz.String()
			}
			return "?"
		}),
		Offset: func(t time.Time) int {
			// getTimezoneOffset is minutes behind UTC, so east of Greenwich is negative.
			return -date.New(float64(t.UnixMilli())).Call("getTimezoneOffset").Int() * 60
		},
	}
}

// recoverTo logs a panic in a goroutine of the module instead of ending the runtime.
func recoverTo(what string) {
	if r := recover(); r != nil {
		js.Global().Get("console").Call("error", "abusedesk form: "+what+": "+panicText(r))
	}
}

// compileECMA compiles a schema pattern with the browser's RegExp: Go's regexp would add
// about 120 KiB to the module.
func compileECMA(pattern string) (m browsercheck.Matcher, err error) {
	src, err := formlogic.ECMAPattern(pattern)
	if err != nil {
		return nil, err
	}
	defer func() {
		if recover() != nil {
			err = errors.New("RegExp refuses " + src)
		}
	}()
	re := js.Global().Get("RegExp").New(src, "u")
	return func(s string) bool { return re.Call("test", s).Bool() }, nil
}

func panicText(r any) string {
	switch r := r.(type) {
	case error:
		return r.Error()
	case string:
		return r
	}
	return "panic"
}
