//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"abusedesk/schemas/api"
	"abusedesk/schemas/dom"
	"abusedesk/wasm/formlogic"
)

// view is the form page in the DOM, by the ids and classes the site generator gives its
// elements (package dom).
// Text goes in with textContent only, never as HTML: the Worker's messages and the
// reporter's input must not become markup.
//
// Elements are looked up once and kept: the page's elements stay while it is open, and
// each call into JavaScript costs tens of microseconds (a field's check made ten of them).
type view struct {
	doc, form   js.Value
	submitLabel string
	// clearShown is whether the Clear button showed before the review step hid it.
	clearShown bool
	ids        map[string]js.Value
	controls   map[string]control
}

// control is a form control, and what kind it is: a box, or a list to choose from.
type control struct {
	el               js.Value
	checkbox, choice bool
}

func newView(doc, form js.Value) *view {
	return &view{doc: doc, form: form, ids: map[string]js.Value{}, controls: map[string]control{}}
}

func (p *view) byID(id string) js.Value {
	if e, ok := p.ids[id]; ok {
		return e
	}
	e := p.doc.Call("getElementById", id)
	if !e.IsNull() {
		p.ids[id] = e
	}
	return e
}

// control returns the form's control named field; its el is null when there is none.
func (p *view) control(field string) control {
	if c, ok := p.controls[field]; ok {
		return c
	}
	c := control{el: p.form.Get("elements").Call("namedItem", field)}
	if c.el.IsNull() {
		return c
	}
	c.checkbox = c.el.Get("type").String() == "checkbox"
	c.choice = c.el.Get("tagName").String() == "SELECT"
	p.controls[field] = c
	return c
}

// element makes an element holding text.
func (p *view) element(tag, text string) js.Value {
	e := p.doc.Call("createElement", tag)
	e.Set("textContent", text)
	return e
}

func (p *view) Value(field string) string {
	c := p.control(field)
	if c.el.IsNull() {
		return ""
	}
	// A box sends its value only when ticked, and so reads here.
	if c.checkbox && !c.el.Get("checked").Bool() {
		return ""
	}
	return c.el.Get("value").String()
}

func (p *view) Shown(field string) string {
	if c := p.control(field); c.choice {
		if option := c.el.Get("selectedOptions").Index(0); option.Truthy() {
			return option.Get("textContent").String()
		}
	}
	return p.Value(field)
}

func (p *view) ShowsError(field string) bool {
	message := p.byID(dom.Error(field))
	return !message.IsNull() && !message.Get("hidden").Bool()
}

func (p *view) ShowError(field, message string) {
	text, control, wrapper := p.byID(dom.Error(field)), p.byID(field), p.byID(dom.Wrapper(field))
	if text.IsNull() || control.IsNull() || wrapper.IsNull() {
		return
	}
	text.Set("textContent", message)
	text.Set("hidden", message == "")
	wrapper.Get("classList").Call("toggle", dom.FieldErrorClass, message != "")
	if message == "" {
		control.Call("removeAttribute", "aria-invalid")
	} else {
		control.Call("setAttribute", "aria-invalid", "true")
	}
}

func (p *view) ShowSummary(title string, problems []formlogic.Problem) {
	summary := p.byID(dom.ErrorSummary)
	if summary.IsNull() {
		return
	}
	if heading := p.byID(dom.ErrorSummaryTitle); !heading.IsNull() {
		heading.Set("textContent", title)
	}
	list := summary.Call("querySelector", "ul")
	if list.IsNull() {
		list = p.element("ul", "")
		summary.Call("append", list)
	}
	items := make([]any, len(problems))
	for i, pr := range problems {
		// A link only to a control that is there: the language, say, has none to visit.
		item := p.element("li", pr.Message)
		if pr.Field != "" && !p.byID(pr.Field).IsNull() {
			link := p.element("a", pr.Message)
			link.Set("href", "#"+pr.Field)
			item.Call("replaceChildren", link)
		}
		items[i] = item
	}
	list.Call("replaceChildren", items...)
	summary.Set("hidden", false)
	summary.Call("focus")
}

func (p *view) HideSummary() {
	if summary := p.byID(dom.ErrorSummary); !summary.IsNull() {
		summary.Set("hidden", true)
	}
}

func (p *view) Title() string { return p.doc.Get("title").String() }

func (p *view) SetTitle(title string) { p.doc.Set("title", title) }

func (p *view) ShowPreview(lines []string) {
	preview := p.byID(dom.Preview)
	if preview.IsNull() {
		return
	}
	paragraphs := make([]any, len(lines))
	for i, line := range lines {
		paragraphs[i] = p.element("p", line)
	}
	preview.Call("replaceChildren", paragraphs...)
}

// ShowField shows an evidence field, or hides and disables it: a disabled control is not
// sent. A shown one is required, so its "(optional)" and "required for" notes go.
func (p *view) ShowField(field string, shown bool) {
	control, wrapper := p.byID(field), p.byID(dom.Wrapper(field))
	if control.IsNull() || wrapper.IsNull() {
		return
	}
	wrapper.Set("hidden", !shown)
	control.Set("disabled", !shown)
	control.Set("required", shown)
	if optional := wrapper.Call("querySelector", "."+dom.OptionalClass); !optional.IsNull() {
		optional.Set("hidden", shown)
	}
	if needed := p.byID(dom.Needed(field)); !needed.IsNull() {
		needed.Set("hidden", shown)
	}
}

func (p *view) ShowWarning(category string) {
	warnings := p.form.Call("querySelectorAll", "."+dom.WarningClass)
	for i := range warnings.Length() {
		w := warnings.Index(i)
		w.Set("hidden", w.Get("id").String() != dom.Warning(category))
	}
}

func (p *view) ShowHint(field, text string) {
	if hint := p.byID(dom.Hint(field)); !hint.IsNull() {
		hint.Set("textContent", text)
	}
}

func (p *view) SetValue(field, value string) {
	if c := p.control(field); !c.el.IsNull() {
		c.el.Set("value", value)
	}
}

func (p *view) ShowNoEvidence(none bool) {
	if note := p.byID(dom.EvidenceNone); !note.IsNull() {
		note.Set("hidden", !none)
	}
	if intro := p.byID(dom.EvidenceIntro); !intro.IsNull() {
		intro.Set("hidden", true)
	}
}

// ShowReview hides the fields (they are still sent: hidden is not disabled) and shows the
// review step with what the reporter entered as a description list.
func (p *view) ShowReview(intro, label string, entries []formlogic.Entry) {
	fields, review, summary := p.byID(dom.Fields), p.byID(dom.Review), p.byID(dom.ReviewSummary)
	if fields.IsNull() || review.IsNull() || summary.IsNull() {
		return
	}
	list := p.doc.Call("createElement", "dl")
	list.Set("className", dom.ReviewListClass)
	for _, e := range entries {
		row := p.doc.Call("createElement", "div")
		row.Call("append", p.element("dt", e.Label), p.element("dd", e.Value))
		list.Call("append", row)
	}
	summary.Call("replaceChildren", list)
	summary.Set("hidden", false)
	if text := p.byID(dom.ReviewIntro); !text.IsNull() {
		text.Set("textContent", intro)
	}
	fields.Set("hidden", true)
	review.Set("hidden", false)
	p.setButtons(label, true)
	if heading := p.byID(dom.ReviewTitle); !heading.IsNull() {
		heading.Call("focus")
	}
}

// ShowFields shows the fields and hides the review step, its boxes cleared.
func (p *view) ShowFields(label string, focus bool) {
	fields, review := p.byID(dom.Fields), p.byID(dom.Review)
	if fields.IsNull() || review.IsNull() {
		return
	}
	boxes := review.Call("querySelectorAll", "input[type=checkbox]")
	for i := range boxes.Length() {
		boxes.Index(i).Set("checked", false)
	}
	review.Set("hidden", true)
	fields.Set("hidden", false)
	p.setButtons(label, false)
	if !focus {
		return
	}
	if first := fields.Call("querySelector", "input:not([type=hidden]):not([tabindex='-1']), select, textarea"); !first.IsNull() {
		first.Call("focus")
	}
}

// setButtons labels the submit button, and shows Change on the review step in place of
// Clear, which would empty fields the reporter cannot see.
func (p *view) setButtons(label string, reviewing bool) {
	if button := p.byID(dom.Submit); !button.IsNull() {
		button.Set("textContent", label)
	}
	if change := p.byID(dom.ReviewChange); !change.IsNull() {
		change.Set("hidden", !reviewing)
	}
	if clear := p.byID(dom.ClearForm); !clear.IsNull() {
		if reviewing {
			p.clearShown = !clear.Get("hidden").Bool()
			clear.Set("hidden", true)
		} else if p.clearShown {
			clear.Set("hidden", false)
		}
	}
}

// Status says label in the form's status region, which a screen reader reads out.
func (p *view) Status(text string) {
	if status := p.byID(dom.Status); !status.IsNull() {
		status.Set("textContent", text)
	}
}

func (p *view) Sending(label string) {
	if button := p.byID(dom.Submit); !button.IsNull() {
		p.submitLabel = button.Get("textContent").String()
		button.Set("disabled", true)
		button.Set("textContent", label)
	}
}

func (p *view) Sent() {
	if button := p.byID(dom.Submit); !button.IsNull() && button.Get("disabled").Bool() {
		button.Set("disabled", false)
		button.Set("textContent", p.submitLabel)
	}
}

// Renew asks Turnstile's script, where the form has its widget, for a new token, and with
// newKey empties the idempotency key, which form.js makes anew as the form is sent.
func (p *view) Renew(newKey bool) {
	func() {
		// A widget that failed to render throws on reset; the form goes on without it.
		defer func() { recover() }()
		if ts := js.Global().Get("turnstile"); ts.Type() == js.TypeObject {
			ts.Call("reset")
		}
	}()
	if key := p.control(api.IdempotencyField).el; newKey && !key.IsNull() {
		key.Set("value", "")
	}
}

// ShowReceipt makes the page the Worker's receipt page would be: the receipt alone in main,
// where the form was.
func (p *view) ShowReceipt(title string, receipt dom.Node) {
	p.doc.Set("title", title)
	el := p.build(receipt)
	if main := p.form.Call("closest", "main"); !main.IsNull() {
		main.Call("replaceChildren", el)
	} else {
		p.form.Call("replaceWith", el)
	}
	// The heading, not the middle of the receipt, is what a phone shows once the report
	// is sent: it is scrolled to the top of the screen, then focused where it stands.
	target := el
	if heading := p.byID(dom.ReceiptTitle); !heading.IsNull() {
		target = heading
	}
	target.Call("scrollIntoView", map[string]any{"block": "start"})
	target.Call("focus", map[string]any{"preventScroll": true})
	// The loader keeps the draft until now.
	if sent := js.Global().Get("abusedeskFormSent"); sent.Type() == js.TypeFunction {
		sent.Invoke()
	}
}

// build creates the element n describes, its text as text.
func (p *view) build(n dom.Node) js.Value {
	e := p.element(n.Tag, n.Text)
	if n.ID != "" {
		e.Set("id", n.ID)
	}
	if n.Class != "" {
		e.Set("className", n.Class)
	}
	if n.Focusable {
		e.Set("tabIndex", -1)
	}
	if n.Href != "" {
		e.Set("href", n.Href)
	}
	for _, c := range n.Children {
		e.Call("append", p.build(c))
	}
	return e
}

// stallTimeout is how long a send may go without moving a byte, either way, before the
// reporter is told the server did not answer. Not a limit on the whole send: 18 MiB of
// documents take minutes on a slow line, and that is no failure.
const stallTimeout = 30 * time.Second

// post sends the form as the browser would (multipart, files included, hidden evidence
// left out since its controls are disabled) but asks for JSON, and returns the Worker's
// status (0 when there was no answer) and its body read as JSON (null when it was not JSON).
// It sends with XMLHttpRequest, whose upload tells progress(sent, total) as the body goes
// (fetch's does not). It blocks, like await.
func post(el js.Value, progress func(sent, total float64)) (int, formlogic.Node) {
	xhr := js.Global().Get("XMLHttpRequest").New()
	xhr.Call("open", "POST", el.Get("action").String())
	xhr.Call("setRequestHeader", "Accept", "application/json")
	type answer struct {
		status int
		body   string
	}
	done := make(chan answer, 1)
	stall := time.AfterFunc(stallTimeout, func() { xhr.Call("abort") })
	var handlers []js.Func
	on := func(target js.Value, event string, handle func(e js.Value)) {
		h := js.FuncOf(func(_ js.Value, args []js.Value) any {
			handle(args[0])
			return nil
		})
		handlers = append(handlers, h)
		target.Call("addEventListener", event, h)
	}
	on(xhr.Get("upload"), "progress", func(e js.Value) {
		stall.Reset(stallTimeout)
		if e.Get("lengthComputable").Bool() {
			progress(e.Get("loaded").Float(), e.Get("total").Float())
		}
	})
	on(xhr, "progress", func(js.Value) { stall.Reset(stallTimeout) })
	// loadend follows load, error, abort and timeout alike; status is 0 but after load.
	on(xhr, "loadend", func(js.Value) {
		done <- answer{xhr.Get("status").Int(), xhr.Get("responseText").String()}
	})
	xhr.Call("send", js.Global().Get("FormData").New(el))
	a := <-done
	stall.Stop()
	for _, h := range handlers {
		h.Release()
	}
	// A body that is not JSON (a proxy's page, say) reads as null.
	body, _ := formlogic.ParseJSON(a.body)
	return a.status, body
}

// await waits for a promise to settle and reports whether it was fulfilled. It blocks, so
// it must run on a goroutine of its own: blocking in a callback deadlocks the runtime.
//
// The Worker waits with entry.Await, which also ends with a context and gives the
// rejection's reason. This one is the module's own: wasm/ may not import worker/, the
// layers below both (content, schemas, site) touch no syscall/js, and the module reads a
// file's first bytes, which nobody cancels and whose failure needs no words. Taking the
// Worker's would link package context into the module: 78 KB more, 12 KiB brotli
// (measured), downloaded by every reporter.
func await(promise js.Value) (js.Value, bool) {
	type settled struct {
		v  js.Value
		ok bool
	}
	done := make(chan settled, 1)
	fulfilled := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{args[0], true}
		return nil
	})
	rejected := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{args[0], false}
		return nil
	})
	defer fulfilled.Release()
	defer rejected.Release()
	promise.Call("then", fulfilled, rejected)
	s := <-done
	return s.v, s.ok
}
