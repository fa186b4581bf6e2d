//go:build js && wasm

// Command wasm is the browser module of the Report Abuse form: it checks fields as the
// reporter leaves them, previews the deadlines of the chosen category, and sends the report
// as JSON so problems and the receipt appear without a page load. The form works without it
// (the Worker validates everything again), so any failure here leaves the form alone.
//
// Build it with GOOS=js GOARCH=wasm (the Makefile's wasm target); wasm/form.js loads it.
// It reads the page with the browser's JSON.parse and RegExp instead of encoding/json and
// regexp: every KiB is downloaded by a reporter, and those two alone would double it. The
// behaviour is in package abusedesk/wasm/form; this package only connects it to the DOM.
package main

import (
	"errors"
	"syscall/js"

	"abusedesk/content/policy"
	"abusedesk/schemas/formcheck"
	"abusedesk/wasm/form"
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
	el, script := doc.Call("getElementById", "report-form"), doc.Call("getElementById", "form-data")
	if el.IsNull() || script.IsNull() {
		return errors.New("no form on this page")
	}
	data, err := form.ReadData(node{js.Global().Get("JSON").Call("parse", script.Get("textContent"))})
	if err != nil {
		return err
	}
	check, err := formcheck.New(&data.Spec, compileECMA)
	if err != nil {
		return err
	}
	var rules *policy.Rules
	if data.Rules != nil {
		if rules, err = data.Rules.Rules(); err != nil {
			return err
		}
	}
	f := form.New(data.Lang, check, rules, newPage(doc, el))
	f.Start()
	listen(el, "focusout", func(e js.Value) { f.Left(fieldOf(e)) })
	listen(el, "input", func(e js.Value) { f.Edited(fieldOf(e)) })
	listen(el, "change", func(e js.Value) { f.Edited(fieldOf(e)) })
	listen(el, "submit", func(e js.Value) {
		// A panic in Submit skips preventDefault, and the browser posts the form instead.
		values, ok := f.Submit()
		e.Call("preventDefault")
		if ok {
			go send(f, el, values)
		}
	})
	if ready := js.Global().Get("abusedeskFormReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	return nil
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

// send posts the values and shows the answer. Should anything in it panic, the browser
// posts the form itself, and the reporter gets the Worker's page.
func send(f *form.Form, el js.Value, values map[string]string) {
	defer func() {
		if r := recover(); r != nil {
			js.Global().Get("console").Call("error", "abusedesk form: "+panicText(r))
			// form.submit may be shadowed: a form's controls are its properties by id too.
			js.Global().Get("HTMLFormElement").Get("prototype").Get("submit").Call("call", el)
		}
	}()
	status, body := post(el.Get("action").String(), values)
	f.Answered(form.ReadAnswer(status, node{body}))
}

// compileECMA compiles a schema pattern with the browser's RegExp: Go's regexp would add
// about 120 KiB to the module.
func compileECMA(pattern string) (m formcheck.Matcher, err error) {
	src, err := form.ECMAPattern(pattern)
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
