// Package form is what the browser module does with the Report Abuse form, apart from the
// DOM: which field to check when, what to say about it, what the deadline preview and the
// receipt read, and how to take the Worker's answer. The module's syscall/js glue only
// carries events in and Page calls out, so this package is tested natively.
package form

import (
	"slices"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/formcheck"
)

// categoryField is the field whose value picks the deadlines to preview.
const categoryField = "category"

// Page is the form page as the module changes it. Field names are the spec's; a field the
// page has no element for is quietly left alone.
type Page interface {
	// Value is the field's current value, as the reporter typed or chose it.
	Value(field string) string
	// ShowsError reports whether the field shows an error, the Worker's or the module's.
	ShowsError(field string) bool
	// ShowError shows message as the field's error, or an empty message clears it.
	ShowError(field, message string)
	// ShowSummary lists the problems above the form and moves focus there.
	ShowSummary(title string, problems []Problem)
	HideSummary()
	Title() string
	SetTitle(title string)
	// ShowPreview replaces the deadline preview with one paragraph a line.
	ShowPreview(lines []string)
	// Sending disables the submit button, labelled label; Sent restores it.
	Sending(label string)
	Sent()
	// ShowReceipt replaces the form with the receipt, one paragraph a line after the
	// reference, and moves focus to it.
	ShowReceipt(title, reference string, lines []string)
}

// Form follows one form page.
type Form struct {
	lang  string
	check *formcheck.Checker
	// rules are nil when the page came without them; the preview then stays as it is.
	rules *policy.Rules
	page  Page
	// Now is the clock of the preview.
	Now func() time.Time
	// title is the document's title without the error prefix.
	title   string
	preview []string
	sending bool
}

// New follows page, in lang, checking fields with check and previewing deadlines by rules.
func New(lang string, check *formcheck.Checker, rules *policy.Rules, page Page) *Form {
	return &Form{
		lang: lang, check: check, rules: rules, page: page, Now: time.Now,
		// The Worker prefixes the title of a form it sends back with problems.
		title: strings.TrimPrefix(page.Title(), i18n.Text(lang, "err.title_prefix")),
	}
}

// Start brings the page up to date: a form the Worker sent back may have a category chosen.
func (f *Form) Start() {
	if f.page.Value(categoryField) != "" {
		f.showPreview()
	}
}

// Left is called when focus leaves a field: now is the time to say what is wrong with it.
func (f *Form) Left(field string) {
	if f.visible(field) {
		f.checkField(field)
	}
}

// Edited is called as a field's value changes. An error already shown is rechecked, so it
// goes as soon as it is put right; a new one waits until the reporter leaves the field.
func (f *Form) Edited(field string) {
	if !f.visible(field) {
		return
	}
	if field == categoryField {
		f.showPreview()
	}
	if f.page.ShowsError(field) {
		f.checkField(field)
	}
}

// Submit checks the whole form. With problems, it shows them and returns false; otherwise
// it returns the values to send and marks the form as sending until Answered.
func (f *Form) Submit() (map[string]string, bool) {
	if f.sending {
		return nil, false
	}
	values := map[string]string{}
	normalized := map[string]string{}
	for _, field := range f.check.Spec().Fields {
		v := f.page.Value(field.Name)
		values[field.Name], normalized[field.Name] = v, formcheck.Normalize(v)
	}
	var problems []Problem
	for _, p := range f.check.Check(normalized) {
		problems = append(problems, Problem{p.Field, i18n.ProblemText(f.lang, p)})
	}
	for _, field := range f.check.Spec().Fields {
		if !slices.ContainsFunc(problems, func(p Problem) bool { return p.Field == field.Name }) {
			f.page.ShowError(field.Name, "")
		}
	}
	if len(problems) > 0 {
		f.showProblems(problems)
		return nil, false
	}
	f.page.HideSummary()
	f.page.SetTitle(f.title)
	f.sending = true
	f.page.Sending(i18n.Text(f.lang, "form.sending"))
	return values, true
}

// Answered shows the Worker's answer to the values Submit returned. Whatever it is, every
// value the reporter typed stays in the form until the report is accepted.
func (f *Form) Answered(a Answer) {
	f.sending = false
	f.page.Sent()
	switch {
	case a.Reference != "":
		title := i18n.Text(f.lang, "receipt.title")
		f.page.SetTitle(title)
		f.page.ShowReceipt(title, i18n.Text(f.lang, "receipt.reference", "ref", a.Reference),
			append([]string{i18n.Text(f.lang, "receipt.keep")}, a.Deadlines...))
	case len(a.Problems) > 0:
		f.showProblems(a.Problems)
	case a.Failure != "":
		f.showProblems([]Problem{{Message: a.Failure}})
	default:
		f.showProblems([]Problem{{Message: i18n.Text(f.lang, "form.network_error")}})
	}
}

func (f *Form) showProblems(problems []Problem) {
	for _, p := range problems {
		if p.Field != "" {
			f.page.ShowError(p.Field, p.Message)
		}
	}
	f.page.SetTitle(i18n.Text(f.lang, "err.title_prefix") + f.title)
	f.page.ShowSummary(i18n.Text(f.lang, "err.summary"), problems)
}

// visible reports whether field is one the reporter fills in.
func (f *Form) visible(field string) bool {
	spec, ok := f.check.Spec().Field(field)
	return ok && spec.Widget != "hidden"
}

func (f *Form) checkField(field string) {
	message := ""
	if p, bad := f.check.CheckField(field, f.page.Value); bad {
		message = i18n.ProblemText(f.lang, p)
	}
	f.page.ShowError(field, message)
}

// showPreview shows the deadlines of a report of the chosen category sent now. It leaves
// the page alone when the words have not changed, so a screen reader does not hear them
// again from the live region.
func (f *Form) showPreview() {
	if f.rules == nil {
		return
	}
	lines := []string{i18n.Text(f.lang, "preview.choose")}
	if c, ok := f.rules.Category(f.page.Value(categoryField)); ok {
		lines = i18n.Preview(f.lang, f.rules.Deadlines(c, f.Now()))
	}
	if !slices.Equal(lines, f.preview) {
		f.preview = lines
		f.page.ShowPreview(lines)
	}
}
