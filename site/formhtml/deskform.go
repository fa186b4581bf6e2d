package formhtml

import (
	"strconv"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/dom"
	"abusedesk/schemas/report"
)

// The fields of the desk page's forms, by their names (api.Step's).
const (
	stepAt        = "at"
	stepAnswer    = "answer"
	stepOutcome   = "outcome"
	stepMeasure   = "measure"
	stepDuplicate = "duplicate"
	stepNote      = "note"
)

// deskForms writes the three forms of the desk's page, one a step: the customer was
// notified (when), the customer's answer, the decision. Each posts to the page itself,
// carrying the link's parameters and the case's number of steps in hidden fields, never
// in a cookie. The form sent back shows what was posted and its problems.
func (r *Renderer) deskForms(b *builder, d Desk, cat *policy.Category) {
	lang := d.Lang
	t := func(key i18n.Key, args ...string) string { return esc(r.words.Text(lang, key, args...)) }
	sent := func(s report.State) (map[string]string, map[string]string) {
		problems := map[string]string{}
		if d.Sent.State != string(s) {
			return map[string]string{}, problems
		}
		for _, p := range d.Sent.Problems {
			if problems[p.Field] != "" {
				problems[p.Field] += " "
			}
			problems[p.Field] += p.Text
		}
		values := d.Sent.Values
		if values == nil {
			values = map[string]string{}
		}
		return values, problems
	}
	open := func(state report.State, id string) {
		b.add(`<section aria-labelledby="`, id, `-title">`, "\n<h3 id=\"", id, "-title\">", t(i18n.Key("desk."+id+".title")), "</h3>\n")
		b.add(`<form method="post" action="`, esc(d.Action), "\">\n")
		r.hidden(b, d, state)
	}
	closeForm := func(id string) {
		b.add(`  <div class="`, dom.ActionsClass, `"><button type="submit">`, t(i18n.Key("desk."+id+".button")), "</button></div>\n</form>\n</section>\n")
	}

	values, problems := sent(report.CustomerNotified)
	at, ok := values[stepAt]
	if !ok {
		at = d.Now.In(r.rules.Location).Format("2006-01-02T15:04")
	}
	open(report.CustomerNotified, "notify")
	r.deskInput(b, "notified-at", stepAt, "datetime-local", at, t("desk.notify.at"), t("desk.notify.at_hint"), problems[stepAt], ` required`)
	closeForm("notify")

	values, problems = sent(report.Answered)
	open(report.Answered, "answer")
	r.deskField(b, "answer", t("desk.answer.label"), esc(r.words.Count(lang, "desk.answer.hint", d.AnswerMax)), problems[stepAnswer], func(attrs string) {
		// The HTML parser drops one newline right after <textarea>: writing one keeps an
		// answer that itself starts with a newline intact.
		b.add(`<textarea id="answer" name="`, stepAnswer, `" rows="6" maxlength="`, strconv.Itoa(d.AnswerMax), `" required`, attrs, ">\n", esc(values[stepAnswer]), "</textarea>\n")
	})
	closeForm("answer")

	values, problems = sent(report.Decided)
	open(report.Decided, "decide")
	r.deskChoices(b, stepOutcome, t("desk.decide.outcome"), problems[stepOutcome], values[stepOutcome], true, r.outcomeChoices(lang))
	r.deskField(b, "measure", t("desk.decide.measure"), t("desk.decide.measure_hint"), problems[stepMeasure], func(attrs string) {
		b.add(`<select id="measure" name="`, stepMeasure, `"`, attrs, ">\n      <option value=\"\">", t("desk.decide.no_measure"), "</option>")
		if cat != nil {
			for _, id := range cat.Measures {
				m, ok := r.rules.Measure(id)
				if !ok {
					continue
				}
				b.add("\n      <option value=\"", esc(m.ID), "\"")
				if values[stepMeasure] == m.ID {
					b.add(" selected")
				}
				b.add(">", esc(m.Title[lang]), "</option>")
			}
		}
		b.add("\n    </select>\n")
	})
	r.deskInput(b, "duplicate", stepDuplicate, "text", values[stepDuplicate], t("desk.decide.duplicate"), t("desk.decide.duplicate_hint"), problems[stepDuplicate], ` maxlength="64" autocomplete="off" spellcheck="false"`)
	notes := []choice{{id: "none", value: "", label: r.words.Text(lang, "desk.decide.no_note")}}
	for _, n := range r.rules.Notes {
		notes = append(notes, choice{id: n.ID, value: n.ID, label: n.Text[lang]})
	}
	r.deskChoices(b, stepNote, t("desk.decide.note"), problems[stepNote], values[stepNote], false, notes)
	b.add(`  <p class="`, dom.HintClass, `">`, t("desk.decide.note_hint"), "</p>\n")
	closeForm("decide")
}

// choice is one radio button of a list: the end of its id, its value, its words and, when
// it has one, a sentence more.
type choice struct{ id, value, label, hint string }

// outcomeChoices are the rules' outcomes in lang, each with what it means for the reporter.
func (r *Renderer) outcomeChoices(lang string) []choice {
	cs := make([]choice, len(r.rules.Outcomes))
	for i, o := range r.rules.Outcomes {
		cs[i] = choice{id: o.ID, value: o.ID, label: o.Title[lang], hint: o.Meaning[lang]}
	}
	if len(cs) > 0 {
		cs[0].id = "first" // the anchor a problem of the list links to (deskFieldID)
	}
	return cs
}

// deskField writes a labelled control with its hint and its error message; control writes
// the control itself, given the attributes that tie it to them.
func (r *Renderer) deskField(b *builder, id, label, hint, problem string, control func(attrs string)) {
	b.add(`  <div class="`, wrapperClass(problem), `" id="`, dom.Wrapper(id), "\">\n")
	b.add(`    <label for="`, id, `">`, label, "</label>\n")
	b.add(`    <p class="`, dom.HintClass, `" id="`, dom.Hint(id), `">`, hint, "</p>\n")
	errorMessage(b, "    ", "p", id, problem)
	attrs := ` aria-describedby="` + dom.Hint(id) + " " + dom.Error(id) + `"`
	if problem != "" {
		attrs += ` aria-invalid="true"`
	}
	b.add("    ")
	control(attrs)
	b.add("  </div>\n")
}

// deskInput writes a labelled input of the type kind.
func (r *Renderer) deskInput(b *builder, id, name, kind, value, label, hint, problem, extra string) {
	r.deskField(b, id, label, hint, problem, func(attrs string) {
		b.add(`<input type="`, kind, `" id="`, id, `" name="`, name, `" value="`, esc(value), `"`, extra, attrs, ">\n")
	})
}

// deskChoices writes a list of radio buttons named name in a fieldset, the one of value
// checked. A required list starts with none checked, so that the desk chooses; one that
// may be left alone has its choice of the empty value checked.
func (r *Renderer) deskChoices(b *builder, name, legend, problem, value string, required bool, choices []choice) {
	b.add(`  <fieldset class="`, wrapperClass(problem), `" id="`, dom.Wrapper(name), "\">\n")
	b.add("    <legend>", legend, "</legend>\n")
	errorMessage(b, "    ", "p", name, problem)
	for i, c := range choices {
		id := name + "-" + c.id
		checked := c.value == value && (value != "" || !required)
		b.add(`    <div class="`, dom.FieldClass, " ", dom.CheckClass, "\">\n")
		b.add(`      <input type="radio" id="`, esc(id), `" name="`, name, `" value="`, esc(c.value), `"`)
		if checked {
			b.add(" checked")
		}
		if required && i == 0 {
			b.add(" required")
		}
		describedBy := dom.Error(name)
		if c.hint != "" {
			describedBy = dom.Hint(id) + " " + describedBy
		}
		b.add(` aria-describedby="`, esc(describedBy), `"`)
		if problem != "" {
			b.add(` aria-invalid="true"`)
		}
		b.add(">\n")
		b.add(`      <label for="`, esc(id), `">`, esc(c.label), "</label>\n")
		if c.hint != "" {
			b.add(`      <p class="`, dom.HintClass, `" id="`, esc(dom.Hint(id)), `">`, esc(c.hint), "</p>\n")
		}
		b.add("    </div>\n")
	}
	b.add("  </fieldset>\n")
}
