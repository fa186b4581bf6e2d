// Package formhtml writes the HTML the Worker answers a form with, so the generator and the
// Worker write the same: the Report Abuse form, the receipt and the error page. The site
// generator puts the form into the form page; the Worker, answering a form sent without
// JavaScript, takes that same page and swaps in the form as the reporter sent it (values
// kept, problems shown) or the receipt, with Splice.
//
// It writes HTML with plain Go rather than html/template on purpose: templates look
// methods up by name at run time, which stops the linker from dropping unused code, and
// would make the Worker megabytes larger and slower to start. Every value is escaped here.
package formhtml

import (
	"bytes"
	"errors"
	"html"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"abusedesk/content/attachment"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/dom"
	"abusedesk/schemas/report"
	"abusedesk/site/headers"
)

// Form is the form in one language: empty, or as the reporter sent it with the problems
// found, so nothing they typed is lost.
type Form struct {
	Lang     string
	Values   map[string]string
	Problems []report.Problem
	// Messages are problems the caller has worded itself (the Worker's, about attached
	// files, which name the file), listed after Problems and linked to their fields.
	Messages []Message
}

// Message is one problem already in words, with the field it belongs to.
type Message struct{ Field, Text string }

// Receipt is what a reporter sees once a report is accepted.
type Receipt struct {
	Lang      string
	Reference string
	// Deadlines are the sentences of Catalog.Deadlines for this report.
	Deadlines []string
	// Notes say whether the customer learns who complained and whether a confirmation
	// is on its way by e-mail.
	Notes i18n.ReceiptNotes
}

// Renderer writes forms for one set of rules and one schema, in words.
type Renderer struct {
	rules    *policy.Rules
	provider *policy.Provider
	spec     *browsercheck.Spec
	words    *i18n.Catalog
	opts     Options
}

// Options are what the form shows beside the report's fields, as the site was built:
// the generator writes them with the site (OptionsFile), and the Worker, which refills the
// generator's pages, reads them from there, so its pages match.
type Options struct {
	// TurnstileSiteKey, when set, puts Cloudflare Turnstile's widget of that site key on
	// the form.
	TurnstileSiteKey string `json:"turnstile_site_key,omitempty"`
	// Unapproved names the values of the rules and the provider's file (content's
	// Unapproved.What) that the legal team has not approved: the form shows them marked
	// as drafts, as the pages do.
	Unapproved []string `json:"unapproved,omitempty"`
}

// pending says whether the value named what awaits the legal team's approval.
func (o Options) pending(what string) bool { return slices.Contains(o.Unapproved, what) }

// MarkUnapproved writes valueHTML (already escaped) marked as a draft the legal team has
// not approved, labelled in lang.
func MarkUnapproved(words *i18n.Catalog, lang, valueHTML string) string {
	return `<mark class="` + dom.UnapprovedClass + `">` + valueHTML + `</mark> <span class="` + dom.UnapprovedLabelClass + `">` + esc(words.Text(lang, "site.unapproved_value")) + "</span>"
}

// OptionsFile is where, in the site the generator writes, the form's Options are kept for
// the Worker.
const OptionsFile = "_worker/form.json"

// New returns a Renderer.
func New(rules *policy.Rules, provider *policy.Provider, spec *browsercheck.Spec, words *i18n.Catalog, opts Options) *Renderer {
	return &Renderer{rules: rules, provider: provider, spec: spec, words: words, opts: opts}
}

// Title is the page's title for p: the form's own, prefixed as an error when p has
// problems, so a screen reader hears it first.
func (r *Renderer) Title(p Form, title string) string {
	if len(p.Problems) > 0 || len(p.Messages) > 0 {
		return r.words.Text(p.Lang, "err.title_prefix") + title
	}
	return title
}

// Write writes the page's main region: the heading, the intro (HTML, trusted: the site
// generator made it from the page's Markdown), the error summary and the form.
func (r *Renderer) Write(w io.Writer, p Form, heading, intro string) error {
	b := &builder{}
	lang := p.Lang
	b.add("<h1>", esc(heading), "</h1>\n")
	b.add(Mark("intro"), intro, EndMark("intro"), "\n")

	messages := map[string]string{}
	b.add(`<div id="`, dom.ErrorSummary, `" class="`, dom.ErrorSummaryClass, `" role="alert" tabindex="-1" aria-labelledby="`, dom.ErrorSummaryTitle, `"`)
	if len(p.Problems) == 0 && len(p.Messages) == 0 {
		b.add(" hidden")
	}
	b.add(">\n  <h2 id=\"", dom.ErrorSummaryTitle, "\">", esc(r.words.Text(lang, "err.summary")), "</h2>\n  <ul>")
	for _, pr := range p.Problems {
		msg := r.words.ProblemTextIn(lang, p.Values["category"], pr.Field, string(pr.Code), pr.Limit)
		messages[pr.Field] = msg
		b.add("\n    <li><a href=\"#", esc(pr.Field), "\">", esc(msg), "</a></li>")
	}
	for _, m := range p.Messages {
		if messages[m.Field] != "" {
			messages[m.Field] += " "
		}
		messages[m.Field] += m.Text
		b.add("\n    <li><a href=\"#", esc(m.Field), "\">", esc(m.Text), "</a></li>")
	}
	b.add("\n  </ul>\n</div>\n")

	b.add(`<form id="`, dom.Form, `" method="post" action="`, api.ReportsPath, `" enctype="multipart/form-data" data-lang="`, esc(lang), `"`)
	// The categories whose reports the form's script keeps no draft of (rules.yaml's
	// no_draft): a script cannot read the rules, so the form names them.
	var noDraft []string
	for _, c := range r.rules.Categories {
		if c.NoDraft {
			noDraft = append(noDraft, c.ID)
		}
	}
	if len(noDraft) > 0 {
		b.add(` data-no-draft="`, esc(strings.Join(noDraft, " ")), `"`)
	}
	b.add(">\n")
	r.guards(b, p)
	// What the reporter fills in, which the module hides while they review it.
	b.add(`  <div id="`, dom.Fields, `">`, "\n")
	inEvidence := false
	var declarations []browsercheck.Field
	for _, f := range r.spec.Fields {
		if f.Widget == "checkbox" {
			declarations = append(declarations, f)
			continue
		}
		if f.Widget == "consent" {
			r.consent(b, lang, f, p.Values[f.Name], messages[f.Name])
			continue
		}
		if f.Widget == "hidden" {
			value := p.Values[f.Name]
			if f.Name == "lang" {
				value = lang
			}
			b.add(`  <input type="hidden" name="`, esc(f.Name), `" value="`, esc(value), "\">\n")
			continue
		}
		// The evidence fields stand together. The form's stylesheet (Style) shows only the
		// chosen category's, as the module does; a browser without :has() and without
		// JavaScript shows every one, each saying which categories need it.
		if grouped := f.Group == report.EvidenceGroup; grouped != inEvidence {
			inEvidence = grouped
			if grouped {
				b.add(`  <fieldset id="`, dom.Evidence, `" class="`, dom.EvidenceClass, `">`, "\n    <legend>", esc(r.words.Text(lang, "form.evidence")), "</legend>\n")
				b.add(`    <p class="`, dom.HintClass, `" id="`, dom.EvidenceIntro, `">`, esc(r.words.Text(lang, "form.evidence.intro")), "</p>\n")
				b.add(`    <p class="`, dom.HintClass, `" id="`, dom.EvidenceNone, `" hidden>`, esc(r.words.Text(lang, "form.evidence.none")), "</p>\n")
			} else {
				b.add("  </fieldset>\n")
			}
		}
		r.field(b, lang, f, p.Values[f.Name], messages[f.Name])
		if f.Name == "category" {
			r.warnings(b, lang)
			b.add(`  <div id="`, dom.Preview, `" class="`, dom.PreviewClass, `" aria-live="polite"><p id="`, dom.PreviewChoose, `">`, esc(r.words.Text(lang, "preview.choose")), "</p></div>\n")
		}
	}
	if inEvidence {
		b.add("  </fieldset>\n")
	}
	r.attachments(b, p, messages[api.AttachmentsField])
	b.add(`  <p class="`, dom.NoteClass, `" id="`, dom.DraftNote, `" hidden>`, esc(r.words.Text(lang, "draft.note")), "</p>\n")
	b.add("  </div>\n")
	if len(declarations) > 0 {
		r.review(b, lang, declarations, p.Values, messages)
	}
	r.turnstile(b, lang, messages[api.TurnstileField])
	r.privacyNotice(b, lang)
	b.add(`  <div class="`, dom.ActionsClass, `">`, "\n")
	b.add(`    <button type="submit" id="`, dom.Submit, `">`, esc(r.words.Text(lang, "form.submit")), "</button>\n")
	b.add(`    <button type="button" id="`, dom.ReviewChange, `" class="`, dom.SecondaryClass, `" hidden>`, esc(r.words.Text(lang, "review.change")), "</button>\n")
	b.add(`    <button type="button" id="`, dom.ClearForm, `" class="`, dom.SecondaryClass, `" hidden>`, esc(r.words.Text(lang, "draft.clear")), "</button>\n")
	b.add("  </div>\n")
	// Empty until the module sends: a live region must be on the page before it speaks.
	b.add(`  <p id="`, dom.Status, `" class="`, dom.StatusClass, `" role="status"></p>`, "\n</form>\n")
	b.add(`<p class="`, dom.NoteClass, `">`, esc(r.words.Text(lang, "site.nojs_note")), "</p>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// guards writes the fields that are not the report, always empty: form.js fills the
// idempotency key in when the form is first touched, and a person never fills the
// honeypot. A form sent back by the Worker does not echo what was posted in them: a page
// on another site could post the form with both filled, so that the reporter who then
// completes it is dropped as a robot or handed someone else's reference. A report sent
// back is not stored, so its key has promised nothing yet; the form sent again gets a new
// one. A browser without JavaScript posts with no key, and so without protection against
// a double click; the Worker accepts that rather than refuse a report.
func (r *Renderer) guards(b *builder, p Form) {
	b.add(`  <input type="hidden" name="`, api.IdempotencyField, `" value="">`, "\n")
	b.add(`  <div class="`, dom.TrapClass, `" id="`, dom.Wrapper(api.HoneypotField), "\">\n")
	b.add(`    <label for="`, api.HoneypotField, `">`, esc(r.words.Text(p.Lang, "form.honeypot")), "</label>\n")
	b.add(`    <input type="text" id="`, api.HoneypotField, `" name="`, api.HoneypotField, `" value="" tabindex="-1" autocomplete="off">`, "\n")
	b.add("  </div>\n")
}

// turnstile writes Cloudflare Turnstile's widget when the form has a site key: Cloudflare's
// script fills it in, and puts the token it issues in a hidden field of the form
// (api.TurnstileField), which the form posts, with or without the browser module. The
// widget speaks the page's language and is issued for the form's action alone. Without
// JavaScript there is no widget, and the page says so.
func (r *Renderer) turnstile(b *builder, lang, problem string) {
	if r.opts.TurnstileSiteKey == "" {
		return
	}
	class := wrapperClass(problem)
	name := api.TurnstileField
	b.add(`  <div class="`, class, `" id="`, dom.Wrapper(name), "\">\n")
	errorMessage(b, "    ", "p", name, problem)
	b.add(`    <div class="`, dom.TurnstileClass, `" data-sitekey="`, esc(r.opts.TurnstileSiteKey), `" data-action="`, api.TurnstileAction,
		`" data-language="`, esc(lang), `" data-response-field-name="`, name, `"></div>`, "\n")
	b.add(`    <noscript><p class="`, dom.HintClass, `">`, esc(r.words.Text(lang, "form.turnstile_nojs")), "</p></noscript>\n")
	b.add("  </div>\n")
	b.add(`  <script src="`, headers.TurnstileOrigin, `/turnstile/v0/api.js" async defer></script>`, "\n")
}

// review writes the last step before a report goes: the declarations the reporter makes,
// ticking boxes, once they have checked what they entered (the rights declaration only
// where the category asks for it). Without JavaScript it stands below the fields, which
// are the reporter's to check on the page itself; the module hides it until the reporter
// asks to review, then lists what they entered in #review-summary and hides the fields. A
// form sent back without JavaScript keeps the boxes the reporter ticked: they declared it
// of the report they see again, and are not made to find and tick it a second time (the
// module, which shows the step after every change, clears them itself).
func (r *Renderer) review(b *builder, lang string, fields []browsercheck.Field, values, problems map[string]string) {
	b.add(`  <section id="`, dom.Review, `" class="`, dom.ReviewClass, `" aria-labelledby="`, dom.ReviewTitle, `">`, "\n")
	b.add(`    <h2 id="`, dom.ReviewTitle, `" tabindex="-1">`, esc(r.words.Text(lang, "review.title")), "</h2>\n")
	b.add(`    <p class="`, dom.HintClass, `" id="`, dom.ReviewIntro, `">`, esc(r.words.Text(lang, "review.intro")), "</p>\n")
	b.add(`    <div id="`, dom.ReviewSummary, `" hidden></div>`, "\n")
	for _, f := range fields {
		r.declaration(b, lang, f, values[f.Name], problems[f.Name])
	}
	b.add("  </section>\n")
}

// consent writes the box by which a reporter lets the customer learn who complained. It is
// clear unless the reporter ticked it: a form sent back keeps their choice, and a new one
// passes nothing on. It stands among the fields, so the review step lists the choice and
// a form without JavaScript shows it above the send button.
func (r *Renderer) consent(b *builder, lang string, f browsercheck.Field, value, problem string) {
	name := esc(f.Name)
	class := wrapperClass(problem, dom.CheckClass, dom.ConsentClass)
	b.add(`  <div class="`, class, `" id="`, esc(dom.Wrapper(f.Name)), "\">\n")
	b.add(`    <p class="`, dom.HintClass, `" id="`, esc(dom.Hint(f.Name)), `">`, esc(r.words.Text(lang, i18n.Key("field."+f.Name+".hint"))), "</p>\n")
	errorMessage(b, "    ", "p", f.Name, problem)
	b.add(`    <input type="checkbox" id="`, name, `" name="`, name, `" value="`, report.Declared, `"`)
	if value == report.Declared {
		b.add(" checked")
	}
	b.add(` aria-describedby="`, esc(dom.Hint(f.Name)+" "+dom.Error(f.Name)), `"`)
	if problem != "" {
		b.add(` aria-invalid="true"`)
	}
	b.add(">\n")
	b.add(`    <label for="`, name, `">`, esc(r.words.Text(lang, i18n.Key("field."+f.Name+".label"))), "</label>\n")
	b.add("  </div>\n")
}

// privacyNotice writes the short notice at the point of collection, above the send button
// (with and without JavaScript, on the fields and on the review step alike): who uses the
// data and what for, who learns the reporter's name, that it is kept for a time, and a
// link to the privacy notice.
func (r *Renderer) privacyNotice(b *builder, lang string) {
	b.add(`  <p class="`, dom.NoteClass, `" id="`, dom.PrivacyNotice, `">`, esc(r.words.Text(lang, "privacy.notice", "provider", r.provider.LegalEntity[lang])),
		` <a href="`, esc(api.PagePath(lang, api.PrivacyPage)), `">`, esc(r.words.Text(lang, "privacy.notice_link")), "</a></p>\n")
}

// declaration writes one box of the review step, its words the rules'.
func (r *Renderer) declaration(b *builder, lang string, f browsercheck.Field, value, problem string) {
	name := esc(f.Name)
	words := r.rules.Declaration[lang]
	if f.Name == "rights_declaration" {
		words = r.rules.RightsDeclaration[lang]
	}
	class := wrapperClass(problem, dom.CheckClass)
	b.add(`    <div class="`, class, `" id="`, esc(dom.Wrapper(f.Name)), "\">\n")
	describedBy := dom.Error(f.Name)
	if needed := r.needed(lang, f.Name); needed != "" {
		b.add(`      <p class="`, dom.HintClass, " ", dom.NeededClass, `" id="`, esc(dom.Needed(f.Name)), `">`, esc(needed), "</p>\n")
		describedBy = dom.Needed(f.Name) + " " + describedBy
	}
	errorMessage(b, "      ", "p", f.Name, problem)
	b.add(`      <input type="checkbox" id="`, name, `" name="`, name, `" value="`, report.Declared, `"`)
	if value == report.Declared {
		b.add(" checked")
	}
	if f.Required {
		b.add(" required")
	}
	b.add(` aria-describedby="`, esc(describedBy), `"`)
	if problem != "" {
		b.add(` aria-invalid="true"`)
	}
	b.add(">\n")
	b.add(`      <label for="`, name, `">`, esc(words), "</label>\n")
	b.add("    </div>\n")
}

// warnings writes what the form says of the categories that have a warning, each with the
// provider's hotlines when the category is urgent. Without JavaScript they all show, each
// named; the module shows the chosen category's alone.
func (r *Renderer) warnings(b *builder, lang string) {
	for _, c := range r.rules.Categories {
		if c.Warning[lang] == "" {
			continue
		}
		b.add(`  <div class="`, dom.WarningClass, `" id="`, esc(dom.Warning(c.ID)), `" role="note">`, "\n")
		b.add("    <p><strong>", esc(c.Title[lang]), ".</strong> ", esc(c.Warning[lang]), "</p>\n")
		if hotlines := r.provider.Hotlines; c.Urgent && len(hotlines) > 0 {
			b.add("    <p>", esc(r.words.Text(lang, "form.hotlines")), "</p>\n    <ul>\n")
			for i, h := range hotlines {
				link := `<a href="` + esc(h.URL) + `" rel="noopener noreferrer">` + esc(h.Title[lang]) + "</a>"
				if r.opts.pending("hotlines." + strconv.Itoa(i)) {
					link = MarkUnapproved(r.words, lang, link)
				}
				b.add("      <li>", link, "</li>\n")
			}
			b.add("    </ul>\n")
		}
		b.add("  </div>\n")
	}
}

// attachments writes the file chooser, with the rules' limits in its hint. Browsers never
// refill a file chooser: the Worker, which knows whether files came, says when a form it
// sends back needs them chosen again (a Message).
func (r *Renderer) attachments(b *builder, p Form, problem string) {
	lang, a := p.Lang, r.rules.Attachments
	var accept []string
	for _, kind := range a.Types {
		accept = append(accept, attachment.Accept(kind))
	}
	class := wrapperClass(problem)
	name := api.AttachmentsField
	b.add(`  <div class="`, class, `" id="`, dom.Wrapper(name), `">`, "\n")
	b.add(`    <label for="`, name, `">`, esc(r.words.Text(lang, i18n.Key("field."+name+".label"))),
		` <span class="`, dom.OptionalClass, `">(`, esc(r.words.Text(lang, "form.optional")), ")</span></label>\n")
	b.add(`    <p class="`, dom.HintClass, `" id="`, dom.Hint(name), `">`, esc(r.words.Text(lang, "attachments.hint",
		"files", r.words.Count(lang, "attachments.files", a.MaxFiles),
		"each", strconv.FormatInt(a.MaxFileBytes>>20, 10), "total", strconv.FormatInt(a.MaxTotalBytes>>20, 10))), "</p>\n")
	errorMessage(b, "    ", "div", name, problem)
	b.add(`    <input type="file" id="`, name, `" name="`, name, `" multiple accept="`, esc(strings.Join(accept, ",")),
		`" aria-describedby="`, dom.Hint(name), " ", dom.Error(name), `"`)
	if problem != "" {
		b.add(` aria-invalid="true"`)
	}
	b.add(">\n  </div>\n")
}

// needed says, for a field that shows only when some answers ask for it (Hideable), which:
// the categories that need it as evidence, the requesters that must give it, the spam
// channels it is the evidence of. Such a field is required whenever it shows, so the
// form's stylesheet hides these words wherever it can hide the field (Style); they are for
// a browser without :has() and without JavaScript, which shows every field. "" for any
// other field: its hints that hold for some answers alone are conditionalHints.
func (r *Renderer) needed(lang, field string) string {
	if !r.spec.Hideable(field) {
		return ""
	}
	var categories, requesters, channels []string
	for _, c := range r.spec.When {
		if !slices.Contains(c.Require, field) {
			continue
		}
		switch c.Field {
		case "category":
			if cat, ok := r.rules.Category(c.Is); ok {
				categories = append(categories, cat.Title[lang])
			}
		case "requester":
			if q, ok := r.rules.Requester(c.Is); ok {
				requesters = append(requesters, q.Title[lang])
			}
		case "channel":
			channels = append(channels, r.channelWords(lang, c.Is))
		}
	}
	switch {
	case len(categories) > 0:
		return r.words.Text(lang, "form.evidence.needed", "categories", strings.Join(categories, "; "))
	case len(requesters) > 0:
		return r.words.Text(lang, "form.authority.needed", "requesters", strings.Join(requesters, "; "))
	case len(channels) > 0:
		return r.words.Text(lang, "form.channel.needed", "channels", strings.Join(channels, "; "))
	}
	return ""
}

// channelWords names a spam channel in lang.
func (r *Renderer) channelWords(lang, channel string) string {
	return r.words.Text(lang, i18n.Key("channel."+channel))
}

// field writes one labelled control with its hint and its error message. A value longer
// than the field's maxlength is shown cut to it: no browser lets a person type more, and a
// page sent back to a script that sent megabytes stays small.
func (r *Renderer) field(b *builder, lang string, f browsercheck.Field, value, problem string) {
	if f.MaxLength > 0 && utf8.RuneCountInString(value) > f.MaxLength {
		value = string([]rune(value)[:f.MaxLength])
	}
	name := esc(f.Name)
	class := wrapperClass(problem)
	b.add(`  <div class="`, class, `" id="`, esc(dom.Wrapper(f.Name)), "\">\n")
	b.add(`    <label for="`, name, `">`, esc(r.words.Text(lang, i18n.Key("field."+f.Name+".label"))))
	// A field most reports need (rules.Required) is not marked optional, even where a
	// category lets it out: its hint says so when that category is chosen. Nor is one
	// that shows only when an answer requires it.
	if !f.Required && !slices.Contains(r.rules.Required, f.Name) && !r.spec.Hideable(f.Name) {
		b.add(` <span class="`, dom.OptionalClass, `">(`, esc(r.words.Text(lang, "form.optional")), ")</span>")
	}
	b.add("</label>\n")
	describedBy := dom.Error(f.Name)
	if needed := r.needed(lang, f.Name); needed != "" {
		b.add(`    <p class="`, dom.HintClass, " ", dom.NeededClass, `" id="`, esc(dom.Needed(f.Name)), `">`, esc(needed), "</p>\n")
		describedBy = dom.Needed(f.Name) + " " + describedBy
	}
	// Hints that hold for one answer alone stand apart, each shown only while it holds
	// (Style). They are not in aria-describedby: a hidden element it names is read out
	// all the same.
	for _, h := range r.conditionalHints(lang, f.Name) {
		b.add(`    <p class="`, dom.HintClass, " ", dom.NeededClass, `" id="`, esc(h.id), `">`, esc(h.text), "</p>\n")
	}
	for _, h := range r.fieldHints(lang, f.Name) {
		b.add(`    <p class="`, dom.HintClass, `" id="`, esc(h.id), `">`, esc(h.text), "</p>\n")
		if h.id == dom.Hint(f.Name) {
			describedBy = h.id + " " + describedBy
		}
	}
	errorMessage(b, "    ", "p", f.Name, problem)
	b.add("    ")

	common := ` id="` + name + `" name="` + name + `"`
	if f.Autocomplete != "" {
		common += ` autocomplete="` + esc(f.Autocomplete) + `"`
	}
	if f.Required {
		common += " required"
	}
	if f.MaxLength > 0 {
		common += ` maxlength="` + strconv.Itoa(f.MaxLength) + `"`
	}
	common += ` aria-describedby="` + esc(describedBy) + `"`
	if problem != "" {
		common += ` aria-invalid="true"`
	}
	switch f.Widget {
	case "select":
		b.add("<select", common, ">\n      <option value=\"\">", esc(r.choose(lang, f.Name)), "</option>")
		for _, o := range r.options(lang, f) {
			b.add("\n      <option value=\"", esc(o.value), "\"")
			if o.value == value {
				b.add(" selected")
			}
			b.add(">", esc(o.words), "</option>")
		}
		b.add("\n    </select>\n")
	case "textarea":
		rows := "3"
		if f.MaxLength > 1000 {
			rows = "8"
		}
		// The HTML parser drops one newline right after <textarea>: writing one keeps a
		// value that itself starts with a newline intact.
		b.add("<textarea", common, ` rows="`, rows, "\">\n", esc(value), "</textarea>\n")
	default:
		kind := "text"
		if f.Widget == "email" || f.Widget == "tel" || f.Widget == "datetime-local" {
			kind = f.Widget
		}
		b.add(`<input type="`, kind, `"`, common, ` value="`, esc(value), "\">\n")
	}
	b.add("  </div>\n")
}

// wrapperClass is the class of a field's wrapper: dom.FieldClass, then kinds, then
// dom.FieldErrorClass when the field shows a problem.
func wrapperClass(problem string, kinds ...string) string {
	class := dom.FieldClass
	for _, k := range kinds {
		class += " " + k
	}
	if problem != "" {
		class += " " + dom.FieldErrorClass
	}
	return class
}

// errorMessage writes, indented, the element that gives field's problem (dom.Error): the
// problem found, or empty and hidden until the module has one to show. The file chooser's
// is a div (its problems, a file each, stand one a line: app.css).
func errorMessage(b *builder, indent, tag, field, problem string) {
	b.add(indent, "<", tag, ` class="`, dom.ErrorMessageClass, `" id="`, esc(dom.Error(field)), `"`)
	if problem == "" {
		b.add(" hidden")
	}
	b.add(">", esc(problem), "</", tag, ">\n")
}

// option is one choice of a list: its value and its words.
type option struct{ value, words string }

// options are a list's choices: the rules' categories and requesters, in their words, or
// the schema's values of any other list.
func (r *Renderer) options(lang string, f browsercheck.Field) []option {
	var opts []option
	switch f.Name {
	case "category":
		for _, c := range r.rules.Categories {
			opts = append(opts, option{c.ID, c.Title[lang]})
		}
	case "requester":
		for _, q := range r.rules.Requesters {
			opts = append(opts, option{q.ID, q.Title[lang]})
		}
	default:
		for _, v := range f.Enum {
			opts = append(opts, option{v, r.channelWords(lang, v)})
		}
	}
	return opts
}

// choose is the words of a list's empty first choice.
func (r *Renderer) choose(lang, field string) string {
	switch field {
	case "category":
		return r.words.Text(lang, "form.category.choose")
	case "requester":
		return r.words.Text(lang, "form.requester.choose")
	default:
		return r.words.Text(lang, "form.channel.choose")
	}
}

// has reports whether the catalog has the message key in lang: a field's hint, say, is
// written only when there is one.
func (r *Renderer) has(key i18n.Key, lang string) bool {
	_, _, ok := r.words.Lookup(key, lang)
	return ok
}

// node writes n, each child on a line of its own, indented under it.
func node(b *builder, n dom.Node, indent string) {
	b.add(indent, "<", n.Tag)
	if n.ID != "" {
		b.add(` id="`, esc(n.ID), `"`)
	}
	if n.Class != "" {
		b.add(` class="`, esc(n.Class), `"`)
	}
	if n.Focusable {
		b.add(` tabindex="-1"`)
	}
	if n.Href != "" {
		b.add(` href="`, esc(n.Href), `"`)
	}
	b.add(">", esc(n.Text))
	if len(n.Children) > 0 {
		b.add("\n")
		for _, c := range n.Children {
			node(b, c, indent+"  ")
		}
		b.add(indent)
	}
	b.add("</", n.Tag, ">\n")
}

// Mark and EndMark are the comments around a region of a generated page that Splice and
// Region find.
func Mark(name string) string    { return "<!--abusedesk:" + name + "-->" }
func EndMark(name string) string { return "<!--/abusedesk:" + name + "-->" }

// ErrNoRegion means a page lacks a marked region: it was not made by this site generator.
var ErrNoRegion = errors.New("form: the page has no such region")

// Region returns the content of the named region of page.
func Region(page []byte, name string) ([]byte, error) {
	_, rest, ok := bytes.Cut(page, []byte(Mark(name)))
	if !ok {
		return nil, ErrNoRegion
	}
	inner, _, ok := bytes.Cut(rest, []byte(EndMark(name)))
	if !ok {
		return nil, ErrNoRegion
	}
	return inner, nil
}

// Splice returns page with its main region replaced by main and its title by title.
func Splice(page []byte, title string, main []byte) ([]byte, error) {
	before, rest, ok := bytes.Cut(page, []byte(Mark("main")))
	if !ok {
		return nil, ErrNoRegion
	}
	_, after, ok := bytes.Cut(rest, []byte(EndMark("main")))
	if !ok {
		return nil, ErrNoRegion
	}
	head, body, ok := bytes.Cut(before, []byte("</title>"))
	if !ok {
		return nil, ErrNoRegion
	}
	start := bytes.LastIndex(head, []byte("<title>"))
	if start < 0 {
		return nil, ErrNoRegion
	}
	var out bytes.Buffer
	out.Write(head[:start])
	out.WriteString("<title>" + esc(title) + "</title>")
	out.Write(body)
	out.WriteString(Mark("main"))
	out.Write(main)
	out.WriteString(EndMark("main"))
	out.Write(after)
	return out.Bytes(), nil
}

// Refill returns a form page the site generator wrote, refilled with p: the reporter's
// values and the problems found. It is what the Worker answers to a form sent without
// JavaScript, and the same page the generator would write for p.
func (r *Renderer) Refill(page []byte, p Form) ([]byte, error) {
	title, err := pageTitle(page)
	if err != nil {
		return nil, err
	}
	intro, err := Region(page, "intro")
	if err != nil {
		return nil, err
	}
	var main bytes.Buffer
	if err := r.Write(&main, p, title, string(intro)); err != nil {
		return nil, err
	}
	return Splice(page, r.Title(p, title), main.Bytes())
}

// ReceiptPage returns a form page the site generator wrote with the receipt in place of
// the form.
func (r *Renderer) ReceiptPage(page []byte, rc Receipt) ([]byte, error) {
	title, receipt := dom.NewReceipt(r.words, rc.Lang, rc.Reference, rc.Deadlines, rc.Notes)
	b := &builder{}
	node(b, receipt, "")
	return Splice(page, title, b.Bytes())
}

// pageTitle reads the title of an empty form page.
func pageTitle(page []byte) (string, error) {
	_, rest, ok := bytes.Cut(page, []byte("<title>"))
	if !ok {
		return "", ErrNoRegion
	}
	title, _, ok := bytes.Cut(rest, []byte("</title>"))
	if !ok {
		return "", ErrNoRegion
	}
	return html.UnescapeString(strings.TrimSpace(string(title))), nil
}

func esc(s string) string { return html.EscapeString(s) }

// builder gathers the HTML; add appends its pieces in order.
type builder struct{ bytes.Buffer }

func (b *builder) add(parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// ErrorPage writes a bare page with a message and a link back to the form at formPath. It
// is seen only when a form could not be read or the Worker failed, so it needs neither the
// site's templates nor html/template, whose reflection makes the Worker's bundle much
// larger.
func ErrorPage(w io.Writer, lang, title, msg, back, formPath string) error {
	return barePage(w, lang, title, msg, back, formPath, false)
}

// barePage writes a page of a heading and a message, with a link back to href when there
// is one, and asking search engines to pass it by when noindex is set.
func barePage(w io.Writer, lang, title, msg, back, href string, noindex bool) error {
	var b builder
	b.add("<!doctype html>\n<html lang=\"", esc(lang), "\">\n<head>\n<meta charset=\"utf-8\">\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	if noindex {
		b.add("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
	}
	b.add("<title>", esc(title), "</title>\n<link rel=\"stylesheet\" href=\"/assets/app.css\">\n</head>\n<body>\n",
		"<main id=\"main\">\n<h1>", esc(title), "</h1>\n<p>", esc(msg), "</p>\n")
	if href != "" {
		b.add("<p><a href=\"", esc(href), "\">", esc(back), "</a></p>\n")
	}
	b.add("</main>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
