// Package formlogic is what the browser module does with the Report Abuse form, apart from the
// DOM: which field to check when, what to say about it, what the deadline preview and the
// receipt read, and how to take the Worker's answer. The module's syscall/js glue only
// carries events in and View calls out, so this package is tested natively.
package formlogic

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/attachment"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/dom"
	"abusedesk/schemas/report"
)

// The fields the module treats apart: the category and the requester pick the deadlines
// to preview; the module fills in the offset of the reporter's clock at the time they
// give.
const (
	categoryField  = "category"
	requesterField = "requester"
	occurredField  = "occurred_at"
	offsetField    = "occurred_offset"
)

// View is the form page as the module changes it. Field names are the spec's; a field the
// page has no element for is quietly left alone.
type View interface {
	// Value is the field's current value, as the reporter typed or chose it.
	Value(field string) string
	// Shown is the field's value as the reporter sees it: a list's chosen option's
	// words (the page's rules carry no titles), otherwise Value.
	Shown(field string) string
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
	// Status says text in the form's status region, which a screen reader reads out;
	// an empty text clears it.
	Status(text string)
	// ShowReceipt replaces the form with the receipt, titles the page with title, and
	// moves focus to the receipt.
	ShowReceipt(title string, receipt dom.Node)
	// ShowField shows a field that only some answers ask for (evidence, an authority's
	// case, the rights declaration) as required, or hides it and leaves it out of what is
	// sent, as it does the file chooser for a category that takes no files;
	// ShowNoEvidence says whether the chosen category needs no evidence.
	ShowField(field string, shown bool)
	ShowNoEvidence(none bool)
	// ShowWarning shows the chosen category's warning, if it has one, and hides the
	// others ("" hides all).
	ShowWarning(category string)
	// ShowHint replaces a field's hint.
	ShowHint(field, text string)
	// SetValue sets a hidden field's value, which is sent with the form.
	SetValue(field, value string)
	// ShowReview hides the fields and shows the review step: intro, then what the
	// reporter entered, then the declaration; the submit button reads label. Focus moves
	// to the step's heading.
	ShowReview(intro, label string, entries []Entry)
	// ShowFields leaves the review step, or stays out of it: the fields show, the review
	// step and its declaration are hidden and the box cleared, the submit button reads
	// label. With focus, focus moves to the first field.
	ShowFields(label string, focus bool)
	// Renew readies the form to be sent again after an answer that took nothing: a new
	// Turnstile challenge, where the form has one (a token is spent once checked), and,
	// with newKey, a new idempotency key, made when the form is next sent.
	Renew(newKey bool)
}

// Entry is one line of the review: a field's label and what the reporter entered.
type Entry struct{ Label, Value string }

// File is one file the reporter attached: what the module needs to judge it before
// anything is sent.
type File struct {
	Name string
	Size int64
	// Head is the file's first attachment.HeadSize bytes, or all of a shorter file.
	Head []byte
}

// filesField names the file chooser, as the form posts it and the page's ids are made.
const filesField = api.AttachmentsField

// Form follows one form page.
type Form struct {
	lang  string
	words *i18n.Catalog
	check *browsercheck.Checker
	// shows is when each of check's fields shows.
	shows *browsercheck.Visibility
	// rules are nil when the page came without them; the preview then stays as it is.
	rules *policy.Rules
	page  View
	// Now is the clock of the preview.
	Now func() time.Time
	// Local is the reporter's time zone; the preview shows it too when it differs from
	// the provider's.
	Local Zone
	// title is the document's title without the error prefix.
	title   string
	preview []string
	sending bool
	// sentTenths is how much of the report has gone, in tenths, as Status last said.
	sentTenths int
	// declarations are the boxes the reporter ticks on the review step, none when the
	// page has none (and so no review step); reviewing is whether the step shows.
	declarations []string
	reviewing    bool
}

// New follows page, in lang in words, checking fields with check and previewing deadlines
// by rules.
func New(lang string, words *i18n.Catalog, check *browsercheck.Checker, rules *policy.Rules, page View) *Form {
	f := &Form{
		lang: lang, words: words, check: check, shows: check.Spec().Visibility(), rules: rules, page: page, Now: time.Now,
		// The Worker prefixes the title of a form it sends back with problems.
		title: strings.TrimPrefix(page.Title(), words.Text(lang, "err.title_prefix")),
	}
	for _, field := range check.Spec().Fields {
		if field.Widget == "checkbox" {
			f.declarations = append(f.declarations, field.Name)
		}
	}
	return f
}

// Start brings the page up to date: a form the Worker sent back, or a draft restored, may
// have a category chosen, and a time of the abuse, whose clock's offset is set beside it.
// The declarations wait for the review step. Where the reporter's clock is not the
// provider's, the time of the abuse is asked on their own: ShowClock says so, once the
// form is ready.
func (f *Form) Start() {
	if len(f.declarations) > 0 {
		f.page.ShowFields(f.words.Text(f.lang, "form.review"), false)
	}
	if f.page.Value(categoryField) != "" {
		f.showPreview()
	}
	f.showEvidence()
	f.page.SetValue(offsetField, f.offset(f.page.Value(occurredField)))
}

// ShowClock tells a reporter whose clock is not the provider's that the time of the abuse
// is asked on their own, naming their zone. It is apart from Start because naming the zone
// asks the browser's Intl, whose first use costs Chromium 30–90 ms: the module calls it
// once the form is ready, in a task of its own, and a reporter on the provider's clock
// never pays it.
func (f *Form) ShowClock() {
	if f.rules != nil && f.Local.Offset != nil {
		now := f.Now()
		if _, provider := now.In(f.rules.Location).Zone(); f.Local.Offset(now) != provider {
			f.page.ShowHint(occurredField, f.words.Text(f.lang, "form.occurred_at.local", "zone", f.Local.Name()))
		}
	}
}

// hideable reports whether field shows only when an answer asks for it: a field of a
// group (evidence, an authority's case) or a box (the rights declaration) that some
// condition requires (browsercheck.Spec.Hideable). Other fields always show once the
// first questions are answered, even those a category lets out.
func (f *Form) hideable(field string) bool { return f.shows.Hideable(field) }

// shown reports whether field is one the reporter sees: the first questions, then, once
// they are answered, every field but those only some answers ask for, when none of the
// answers given does. It is the rule the page's stylesheet follows without JavaScript and
// the Worker drops fields by (browsercheck.Visibility.Shown).
func (f *Form) shown(field string) bool { return f.shows.Shown(field, f.answers()) }

// answers reads the page's answers as the rules of what shows take them (normalized),
// each field once: a pass over the form asks the same few answers (who is reporting, the
// category) for every field it judges, and in the browser each read is several calls into
// JavaScript.
func (f *Form) answers() func(field string) string {
	read := map[string]string{}
	return func(name string) string {
		v, ok := read[name]
		if !ok {
			v = browsercheck.Normalize(f.page.Value(name))
			read[name] = v
		}
		return v
	}
}

// value is a field's value as the form sends it: nothing, for a field it hides (a spam
// channel chosen before the category changed asks for nothing).
func (f *Form) value(field string) string {
	if !f.shown(field) {
		return ""
	}
	return f.page.Value(field)
}

// category is the chosen category, nil when none is (or the page came without rules).
func (f *Form) category() *policy.Category {
	if f.rules == nil {
		return nil
	}
	c, _ := f.rules.Category(f.page.Value(categoryField))
	return c
}

// requester is who the reporter says they are, nil when they have not said.
func (f *Form) requester() *policy.Requester {
	if f.rules == nil {
		return nil
	}
	q, _ := f.rules.Requester(f.page.Value(requesterField))
	return q
}

// showEvidence shows the fields the answers given ask for and hides the others, the
// chosen category's warning, and the file chooser unless the category takes no files.
func (f *Form) showEvidence() {
	spec, none, answers := f.check.Spec(), true, f.answers()
	for _, field := range spec.Fields {
		if f.hideable(field.Name) {
			shown := f.shows.Shown(field.Name, answers)
			if field.Group == report.EvidenceGroup {
				none = none && !shown
			}
			f.page.ShowField(field.Name, shown)
			if !shown {
				f.page.ShowError(field.Name, "")
			}
		}
	}
	f.page.ShowNoEvidence(none)
	c := f.category()
	if c == nil {
		f.page.ShowWarning("")
	} else {
		f.page.ShowWarning(c.ID)
	}
	f.page.ShowField(filesField, c == nil || !c.NoFiles)
}

// FilesChosen checks the files as soon as the reporter picks them.
func (f *Form) FilesChosen(files []File) {
	f.page.ShowError(filesField, strings.Join(f.fileProblems(files), "\n"))
}

// fileProblems says what is wrong with the files, one sentence a bad file: the Worker
// judges them by the same rule, in the same order, and would refuse the report for any.
// A category that takes no files refuses each.
func (f *Form) fileProblems(files []File) []string {
	if f.rules == nil {
		return nil
	}
	a := f.rules.Attachments
	var problems []string
	if c := f.category(); c != nil && c.NoFiles {
		for _, file := range files {
			problems = append(problems, f.words.FileProblem(f.lang, file.Name, policy.FileRefused, a))
		}
		return problems
	}
	var kept int
	var keptBytes int64
	for _, file := range files {
		if p := a.Check(file.Size, attachment.Sniff(file.Head), kept, keptBytes); p != "" {
			problems = append(problems, f.words.FileProblem(f.lang, file.Name, p, a))
			continue
		}
		kept++
		keptBytes += file.Size
	}
	return problems
}

// Left is called when focus leaves a field: now is the time to say what is wrong with what
// was typed in it. A field passed by empty is no mistake yet (the reporter may come back to
// it); sending without it is. Said on leaving, a missing answer would also move what lies
// below it while a tap on the button there is under way, and the tap would be lost (the
// first questions stand right above Review).
func (f *Form) Left(field string) {
	if !f.visible(field) || slices.Contains(f.declarations, field) {
		return
	}
	if strings.TrimSpace(f.page.Value(field)) == "" && !f.page.ShowsError(field) {
		return
	}
	f.checkField(field)
}

// Edited is called as a field's value changes. An error already shown is rechecked, so it
// goes as soon as it is put right; a new one waits until the reporter leaves the field.
func (f *Form) Edited(field string) {
	if !f.visible(field) {
		return
	}
	if field == categoryField || field == requesterField {
		f.showPreview()
	}
	// The offset goes with the time, so whatever sends the form sends both (a reply to a
	// lost answer, a draft restored).
	if field == occurredField {
		f.page.SetValue(offsetField, f.offset(f.page.Value(occurredField)))
	}
	if slices.ContainsFunc(f.check.Spec().When, func(c browsercheck.Condition) bool { return c.Field == field }) {
		f.showEvidence()
	}
	if f.page.ShowsError(field) {
		f.checkField(field)
	}
}

// Submit checks the whole form and the attached files. With problems, it shows them and
// returns false. Without, on a page with a declaration, the first Submit shows the review
// step and returns false; the next, from the review step with the box ticked, returns the
// values to send (an evidence field the category does not ask for is left out, as the
// page leaves it out) and marks the form as sending until Answered.
func (f *Form) Submit(files []File) (map[string]string, bool) {
	if f.sending {
		return nil, false
	}
	f.page.SetValue(offsetField, f.offset(f.page.Value(occurredField)))
	values := map[string]string{}
	normalized := map[string]string{}
	for _, field := range f.check.Spec().Fields {
		v := f.value(field.Name)
		values[field.Name], normalized[field.Name] = v, browsercheck.Normalize(v)
	}
	var problems []Problem
	for _, p := range f.check.Check(normalized) {
		if slices.Contains(f.declarations, p.Field) && !f.reviewing {
			continue // made on the review step, once the rest is right
		}
		if p.Field != "" && !f.shown(p.Field) {
			continue // not on the screen yet: the summary links to what the reporter can reach
		}
		problems = append(problems, Problem{p.Field, f.words.ProblemTextIn(f.lang, f.page.Value(categoryField), p.Field, string(p.Code), p.Limit)})
	}
	for _, field := range f.check.Spec().Fields {
		if !slices.ContainsFunc(problems, func(p Problem) bool { return p.Field == field.Name }) {
			f.page.ShowError(field.Name, "")
		}
	}
	fileProblems := f.fileProblems(files)
	if f.rules != nil && len(files) == 0 && f.rules.FilesRequired(f.category(), f.requester()) {
		fileProblems = append(fileProblems, f.words.ProblemText(f.lang, filesField, string(report.Required), 0))
	}
	f.page.ShowError(filesField, strings.Join(fileProblems, "\n"))
	for _, message := range fileProblems {
		problems = append(problems, Problem{filesField, message})
	}
	if len(problems) > 0 {
		f.showProblems(problems)
		return nil, false
	}
	f.page.HideSummary()
	f.page.SetTitle(f.title)
	if len(f.declarations) > 0 && !f.reviewing {
		f.reviewing = true
		f.page.ShowReview(f.words.Text(f.lang, "review.check"), f.words.Text(f.lang, "form.submit"), f.entries(values, files))
		return nil, false
	}
	f.sending = true
	f.sentTenths = 0
	f.page.Sending(f.words.Text(f.lang, "form.sending"))
	f.page.Status(f.words.Text(f.lang, "form.sending"))
	return values, true
}

// Progress tells how much of the report has gone. The status changes at each tenth, so a
// screen reader hears a few steps of a large upload rather than every packet.
func (f *Form) Progress(sent, total float64) {
	if !f.sending || total <= 0 {
		return
	}
	tenths := min(int(sent/total*10), 10)
	if tenths <= f.sentTenths {
		return
	}
	f.sentTenths = tenths
	f.page.Status(f.words.Text(f.lang, "form.sending_progress", "percent", strconv.Itoa(tenths*10)))
}

// Change leaves the review step for the fields. Whatever is changed, the declaration is
// made again, about the report as it is then.
func (f *Form) Change() {
	if !f.reviewing || f.sending {
		return
	}
	f.reviewing = false
	for _, d := range f.declarations {
		f.page.ShowError(d, "")
	}
	f.page.ShowFields(f.words.Text(f.lang, "form.review"), true)
}

// entries are what the review step lists: every field the reporter filled in or had to,
// in the form's order, with the deadlines after the category, then the files' names.
func (f *Form) entries(values map[string]string, files []File) []Entry {
	var entries []Entry
	for _, field := range f.check.Spec().Fields {
		v := strings.TrimSpace(values[field.Name])
		if field.Widget == "consent" {
			// Ticked or not, the choice is shown: not passing the reporter's name on is a
			// choice too, and the one made by default.
			entries = append(entries, Entry{f.words.Text(f.lang, "review.identity"), f.words.Identity(f.lang, v == report.Declared, "identity.shared", "identity.withheld")})
			continue
		}
		if field.Widget == "hidden" || slices.Contains(f.declarations, field.Name) || !f.shown(field.Name) || v == "" && !field.Required {
			continue
		}
		if field.Widget == "select" {
			v = f.page.Shown(field.Name)
		}
		if field.Name == occurredField {
			v = f.typedTime(v)
		}
		entries = append(entries, Entry{f.words.Text(f.lang, i18n.Key("field."+field.Name+".label")), v})
		if field.Name == categoryField && len(f.preview) > 0 {
			entries = append(entries, Entry{f.words.Text(f.lang, "preview.title"), strings.Join(f.preview, "\n")})
		}
	}
	if len(files) > 0 {
		names := make([]string, len(files))
		for i, file := range files {
			names[i] = file.Name
		}
		entries = append(entries, Entry{f.words.Text(f.lang, "review.files"), strings.Join(names, "\n")})
	}
	return entries
}

// Answered shows the Worker's answer to the values Submit returned. Whatever it is, every
// value the reporter typed stays in the form until the report is accepted: problems with
// the fields bring them back, while a failure to send leaves the review step for another
// try.
func (f *Form) Answered(a Answer) {
	f.sending = false
	f.page.Sent()
	f.page.Status("")
	if f.reviewing && slices.ContainsFunc(a.Problems, func(p Problem) bool { return !slices.Contains(f.declarations, p.Field) }) {
		f.reviewing = false
		f.page.ShowFields(f.words.Text(f.lang, "form.review"), false)
	}
	if a.Reference == "" {
		f.page.Renew(a.KeyReused())
	}
	switch {
	case a.Reference != "":
		f.page.ShowReceipt(dom.NewReceipt(f.words, f.lang, a.Reference, a.Deadlines, a.Notes))
	case len(a.Problems) > 0:
		f.showProblems(a.Problems)
	case a.Failure != "":
		f.showProblems([]Problem{{Message: a.Failure}})
	default:
		f.showProblems([]Problem{{Message: f.words.Text(f.lang, "form.network_error")}})
	}
}

func (f *Form) showProblems(problems []Problem) {
	var files []string
	for _, p := range problems {
		switch p.Field {
		case "":
		case filesField:
			files = append(files, p.Message)
		default:
			f.page.ShowError(p.Field, p.Message)
		}
	}
	if len(files) > 0 {
		f.page.ShowError(filesField, strings.Join(files, "\n"))
	}
	f.page.SetTitle(f.words.Text(f.lang, "err.title_prefix") + f.title)
	f.page.ShowSummary(f.words.Text(f.lang, "err.summary"), problems)
}

// visible reports whether field is one the reporter fills in.
func (f *Form) visible(field string) bool {
	spec, ok := f.check.Spec().Field(field)
	return ok && spec.Widget != "hidden" && (field == categoryField || f.shown(field))
}

func (f *Form) checkField(field string) {
	message := ""
	if p, bad := f.check.CheckField(field, f.page.Value); bad {
		message = f.words.ProblemTextIn(f.lang, f.page.Value(categoryField), p.Field, string(p.Code), p.Limit)
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
	lines := []string{f.words.Text(f.lang, "preview.choose")}
	if c := f.category(); c != nil {
		d := f.rules.Deadlines(c, f.requester(), f.Now())
		lines = f.words.Preview(f.lang, f.rules, c, d)
		if local := f.localLine(d.ProcessedBy, i18n.Decided(d)); local != "" {
			lines = append(lines, local)
		}
	}
	if !slices.Equal(lines, f.preview) {
		f.preview = lines
		f.page.ShowPreview(lines)
	}
}

// offset is the reporter's clock's offset from UTC at the wall time wall, as a
// datetime-local field gives it ("2026-11-28T14:05"), written "+02:00"; "" when wall is not
// such a time or the browser did not tell the zone. It reads the digits itself, as
// policy.ParseDate does, rather than start time.Parse in the browser.
func (f *Form) offset(wall string) string {
	if f.Local.Offset == nil || len(wall) < len("2006-01-02T15:04") || wall[10] != 'T' || wall[13] != ':' {
		return ""
	}
	day, ok := policy.ParseDate(wall[:10])
	hour, minute := twoDigitNumber(wall[11:13]), twoDigitNumber(wall[14:16])
	if !ok || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return ""
	}
	asUTC := time.Date(day.Year, day.Month, day.Day, hour, minute, 0, 0, time.UTC)
	// The instant is the wall time less the offset in force then; the offset at the wall
	// time read as UTC is a first guess that is wrong only within hours of a change.
	o := f.Local.Offset(asUTC)
	o = f.Local.Offset(asUTC.Add(-time.Duration(o) * time.Second))
	sign := '+'
	if o < 0 {
		sign, o = '-', -o
	}
	return string(sign) + twoDigits(o/3600) + ":" + twoDigits(o/60%60)
}

// typedTime is the time of the abuse as the reporter typed it (a datetime-local field's
// "2026-12-05T09:30"), in their language's words and with the clock it is on: theirs,
// named, where it is not the provider's, else the provider's. A value that is no such
// time stays as it is.
func (f *Form) typedTime(wall string) string {
	if len(wall) < len("2006-01-02T15:04") || wall[10] != 'T' || wall[13] != ':' {
		return wall
	}
	day, ok := policy.ParseDate(wall[:10])
	hour, minute := twoDigitNumber(wall[11:13]), twoDigitNumber(wall[14:16])
	if !ok || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return wall
	}
	at := time.Date(day.Year, day.Month, day.Day, hour, minute, 0, 0, time.UTC)
	words := f.words.DateTime(f.lang, at)
	if f.rules != nil && f.Local.Offset != nil {
		instant := at.Add(-time.Duration(f.Local.Offset(at)) * time.Second)
		if _, provider := instant.In(f.rules.Location).Zone(); f.Local.Offset(instant) != provider {
			return f.words.Text(f.lang, "review.occurred_at.local", "datetime", words, "zone", f.Local.Name())
		}
	}
	return f.words.Text(f.lang, "review.occurred_at", "datetime", words)
}

// twoDigitNumber reads two ASCII digits, or gives -1.
func twoDigitNumber(s string) int {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return -1
	}
	return int(s[0]-'0')*10 + int(s[1]-'0')
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// Zone tells the reporter's own time zone: its name, and its offset from UTC in seconds at
// an instant (the browser's Intl and Date know it; the module has no zone database).
type Zone struct {
	// Name is called only when the reporter's clock differs from the provider's.
	Name   func() string
	Offset func(t time.Time) int
}

// localLine writes the deadlines on the reporter's clock, or nothing when that clock shows
// the same as the provider's at both instants.
func (f *Form) localLine(processed, settled time.Time) string {
	z := f.Local
	if z.Offset == nil {
		return ""
	}
	local := func(t time.Time) (time.Time, bool) {
		_, provider := t.In(f.rules.Location).Zone()
		offset := z.Offset(t)
		return t.In(time.FixedZone("", offset)), offset != provider
	}
	p, differs := local(processed)
	if settled.IsZero() {
		// A claim the provider does not decide has no decision date to give.
		if !differs {
			return ""
		}
		return f.words.Text(f.lang, "preview.local_review", "zone", z.Name(), "processed", f.words.DateTime(f.lang, p))
	}
	s, differs2 := local(settled)
	if !differs && !differs2 {
		return ""
	}
	return f.words.Text(f.lang, "preview.local", "zone", z.Name(),
		"processed", f.words.DateTime(f.lang, p), "settled", f.words.DateTime(f.lang, s))
}
