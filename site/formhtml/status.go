package formhtml

import (
	"bytes"
	"io"
	"strconv"

	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/schemas/dom"
)

// The reporter's status page (api.StatusPage). The generator writes it with the form that
// asks for a reference and its access code (WriteStatusForm), a GET to the page itself; the
// Worker answers the page carrying both with the same page, the report's status in place of
// the form (StatusPage), or the form again saying no report matched (StatusFormPage).

// The ids of the status form's fields, which their labels name. Only this page has them,
// and no script looks them up.
const (
	statusRefID   = "status-ref"
	statusTokenID = "status-token"
)

// Status is one report's status as its page shows it, every word already in the page's
// language: the Worker words it from the report's case and the rules.
type Status struct {
	Lang      string
	Reference string
	// Steps are the states a report passes through, in order.
	Steps []StatusStep
	// Decision is the desk's last decision; nil while there is none.
	Decision *StatusDecision
	// Deadlines are the receipt's sentences for the report.
	Deadlines []string
}

// StatusStep is one state: its title, what it means, and when it was reached (empty: not
// yet); Until says how long the customer's time runs, for the customer notified; Current
// marks the state the report is in, and Missed one it went past without the desk recording
// it (a report decided with no customer notified): not yet would promise it still comes.
type StatusStep struct {
	Title, About, At, Until string
	Current, Missed         bool
}

// StatusDecision is the desk's decision: the outcome's title and meaning, when it was
// decided (a sentence), and what goes with it (the measure taken, the report it repeats,
// the desk's note), a sentence each.
type StatusDecision struct {
	Title, Meaning, DecidedAt string
	Details                   []string
}

// WriteStatusForm writes the status page's main region: its heading, its intro (HTML,
// trusted: the generator made it from the page's Markdown), the problem when there is one
// (no report matched, or none could be read), and the form. The form asks by GET, so its
// answer is a page to keep or reload; the fields are never refilled: the Worker's answer
// to an unknown reference and to a wrong code must be the same, byte for byte.
func (r *Renderer) WriteStatusForm(w io.Writer, lang, heading, intro, problem string) error {
	b := &builder{}
	b.add("<h1>", esc(heading), "</h1>\n")
	b.add(Mark("intro"), intro, EndMark("intro"), "\n")
	if problem != "" {
		b.add(`<div id="`, dom.ErrorSummary, `" class="`, dom.ErrorSummaryClass, `" role="alert" tabindex="-1" aria-labelledby="`, dom.ErrorSummaryTitle, "\">\n")
		b.add(`  <h2 id="`, dom.ErrorSummaryTitle, `">`, esc(r.words.Text(lang, "err.summary")), "</h2>\n")
		b.add("  <p>", esc(problem), "</p>\n</div>\n")
	}
	b.add(`<form method="get" action="`, esc(api.PagePath(lang, api.StatusPage)), "\">\n")
	r.statusField(b, lang, statusRefID, api.StatusRefParam, "status.form.ref", "status.form.ref.hint", maxStatusRef, "characters")
	r.statusField(b, lang, statusTokenID, api.StatusTokenParam, "status.form.token", "status.form.token.hint", maxStatusToken, "none")
	b.add(`  <div class="`, dom.ActionsClass, "\">\n")
	b.add(`    <button type="submit">`, esc(r.words.Text(lang, "status.form.submit")), "</button>\n")
	b.add("  </div>\n</form>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// The longest reference and access code the form takes: a reference is 18 characters and
// a status token 22; the room above them lets a pasted value with a stray character reach
// the Worker and be told it matches nothing, rather than be cut silently.
const (
	maxStatusRef   = 40
	maxStatusToken = 80
)

// statusField writes one field of the status form: label, hint and a text input that
// neither the browser's autofill nor its spelling checker touches.
func (r *Renderer) statusField(b *builder, lang, id, name string, label, hintText i18n.Key, maxLength int, capitalize string) {
	hint := id + "-hint"
	b.add(`  <div class="`, dom.FieldClass, "\">\n")
	b.add(`    <label for="`, id, `">`, esc(r.words.Text(lang, label)), "</label>\n")
	b.add(`    <p class="`, dom.HintClass, `" id="`, hint, `">`, esc(r.words.Text(lang, hintText)), "</p>\n")
	b.add(`    <input type="text" id="`, id, `" name="`, name, `" required maxlength="`, strconv.Itoa(maxLength),
		`" autocomplete="off" autocapitalize="`, capitalize, `" spellcheck="false" aria-describedby="`, hint, "\">\n")
	b.add("  </div>\n")
}

// StatusFormPage returns the status page the generator wrote with problem above its form:
// the Worker's answer to a reference and a code that open nothing, and to a look-up it
// could not make.
func (r *Renderer) StatusFormPage(page []byte, lang, problem string) ([]byte, error) {
	title, err := pageTitle(page)
	if err != nil {
		return nil, err
	}
	intro, err := Region(page, "intro")
	if err != nil {
		return nil, err
	}
	var main bytes.Buffer
	if err := r.WriteStatusForm(&main, lang, title, string(intro), problem); err != nil {
		return nil, err
	}
	return Splice(page, r.words.Text(lang, "err.title_prefix")+title, main.Bytes())
}

// StatusPage returns the status page the generator wrote with the status st in place of
// its form: the reference, the states in order, each reached with its date or not yet, the
// decision or the honest word that there is none yet, and the deadlines that apply; then
// a link back to the empty form. It shows nothing the reporter wrote.
func (r *Renderer) StatusPage(page []byte, st Status) ([]byte, error) {
	lang := st.Lang
	title := r.words.Text(lang, "status.heading", "ref", st.Reference)
	b := &builder{}
	b.add("<h1>", esc(title), "</h1>\n")
	b.add(`<p class="`, dom.NoteClass, `">`, esc(r.words.Text(lang, "status.private")), "</p>\n")

	b.add("<h2>", esc(r.words.Text(lang, "status.states")), "</h2>\n")
	b.add(`<ol class="`, dom.StepsClass, "\">\n")
	for _, s := range st.Steps {
		class := dom.StepClass
		if s.At != "" {
			class += " " + dom.StepDoneClass
		}
		b.add(`  <li class="`, class, `"`)
		if s.Current {
			b.add(` aria-current="step"`)
		}
		b.add("><strong>", esc(s.Title), "</strong> ")
		if s.At == "" {
			key := i18n.Key("status.not_yet")
			if s.Missed {
				key = "status.not_recorded"
			}
			b.add(esc(r.words.Text(lang, key)), "</li>\n")
			continue
		}
		b.add(esc(s.At), "\n    <p>", esc(s.About), "</p>\n")
		if s.Until != "" {
			b.add("    <p>", esc(s.Until), "</p>\n")
		}
		b.add("  </li>\n")
	}
	b.add("</ol>\n")

	b.add(`<section class="`, dom.DecisionClass, "\">\n")
	b.add("  <h2>", esc(r.words.Text(lang, "status.decision")), "</h2>\n")
	if d := st.Decision; d != nil {
		b.add("  <p><strong>", esc(d.Title), "</strong></p>\n")
		b.add("  <p>", esc(d.Meaning), "</p>\n")
		b.add("  <p>", esc(d.DecidedAt), "</p>\n")
		for _, line := range d.Details {
			b.add("  <p>", esc(line), "</p>\n")
		}
	} else {
		b.add("  <p>", esc(r.words.Text(lang, "status.no_decision")), "</p>\n")
	}
	b.add("</section>\n")

	if len(st.Deadlines) > 0 {
		b.add("<h2>", esc(r.words.Text(lang, "status.deadlines")), "</h2>\n<ul>\n")
		for _, line := range st.Deadlines {
			b.add("  <li>", esc(line), "</li>\n")
		}
		b.add("</ul>\n")
	}
	b.add(`<p><a href="`, esc(api.PagePath(lang, api.StatusPage)), `">`, esc(r.words.Text(lang, "status.another")), "</a></p>\n")
	return Splice(page, title, b.Bytes())
}
