package formhtml

import (
	"io"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/dom"
	"abusedesk/schemas/report"
)

// Desk is the desk's page of one report: the case as it stands, and the forms that record
// its next step. It carries nothing the reporter wrote; the customer's answers, which the
// desk typed, are shown as text.
type Desk struct {
	Lang      string
	Reference string
	// Category and Requester are the report's, by id; Received and Forwarded its times.
	Category, Requester string
	Received, Forwarded time.Time
	History             []report.Event
	// Action is the page's own address, which its forms post to, and Expires and Token
	// the link's parameters, which they carry in hidden fields.
	Action, Expires, Token string
	// Until is when the link stops opening the page.
	Until time.Time
	// Now is the default time of the customer's notification.
	Now time.Time
	// Recorded is the step just recorded (its index in History), shown first; -1, none.
	Recorded int
	// Notice, when set, says why the form sent was not recorded though it had no
	// problem of its own (the case changed, the report is not forwarded yet).
	Notice i18n.Key
	// Sent is the form sent back with its problems, if any.
	Sent DeskForm
	// AnswerMax is the most characters a customer's answer may have.
	AnswerMax int
	// Statement is the statement of reasons of the case's decision, when it restricted
	// the customer's service.
	Statement *Statement
}

// DeskForm is one form of the desk's page as it was posted: the step it records
// (api.Step's state), its values by name and its problems, by field.
type DeskForm struct {
	State    string
	Values   map[string]string
	Problems []Message
}

// Statement is a statement of reasons as the desk's page shows it: in sections, with a
// warning when the section on contesting is not approved yet, and the address of the
// same as JSON.
type Statement struct {
	Title       string
	Sections    []StatementSection
	LegalReview bool
	JSON        string
}

// StatementSection is one part of a statement: a heading and its text.
type StatementSection struct{ Heading, Text string }

// DeskPage writes the desk's page of one report, a whole document in d.Lang: no script,
// the site's stylesheet, never indexed. Every value is escaped; the customer's answers are
// isolated (bdi), so a right-to-left override in them reorders nothing around them.
func (r *Renderer) DeskPage(w io.Writer, d Desk) error {
	b := &builder{}
	lang := d.Lang
	t := func(key i18n.Key, args ...string) string { return esc(r.words.Text(lang, key, args...)) }
	title := r.words.Text(lang, "desk.title", "ref", d.Reference)
	if len(d.Sent.Problems) > 0 || d.Notice != "" {
		title = r.words.Text(lang, "err.title_prefix") + title
	}
	b.add("<!doctype html>\n<html lang=\"", esc(lang), "\">\n<head>\n<meta charset=\"utf-8\">\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
		"<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>", esc(title), "</title>\n",
		"<link rel=\"stylesheet\" href=\"/assets/app.css\">\n</head>\n<body>\n<main id=\"main\">\n")
	b.add("<h1>", t("desk.title", "ref", d.Reference), "</h1>\n")
	b.add("<p>", t("desk.intro", "until", r.words.DateTime(lang, d.Until.In(r.rules.Location))), "</p>\n")
	if d.Recorded >= 0 && d.Recorded < len(d.History) {
		b.add(`<p class="`, dom.StatusClass, `" role="status">`, t("desk.recorded", "step", r.stateWords(lang, d.History[d.Recorded].State)), "</p>\n")
	}
	r.deskProblems(b, d)

	cat, _ := r.rules.Category(d.Category)
	requester, _ := r.rules.Requester(d.Requester)
	b.add("<h2>", t("desk.case"), "</h2>\n<dl class=\"", dom.ReviewListClass, "\">\n")
	forwarded := r.words.Text(lang, "desk.not_forwarded")
	if !d.Forwarded.IsZero() {
		forwarded = r.words.DateTime(lang, d.Forwarded.In(r.rules.Location))
	}
	for _, row := range []struct {
		key   i18n.Key
		value string
	}{
		{"desk.reference", d.Reference},
		{"desk.category", r.categoryWords(lang, cat, d.Category)},
		{"desk.received", r.words.DateTime(lang, d.Received.In(r.rules.Location))},
		{"desk.forwarded", forwarded},
		{"desk.state", r.stateWords(lang, report.StateOf(d.History))},
	} {
		b.add("  <div><dt>", t(row.key), "</dt><dd>", esc(row.value), "</dd></div>\n")
	}
	b.add("</dl>\n")

	if cat != nil {
		deadlines := r.rules.Deadlines(cat, requester, d.Received)
		// As the desk's mail gives them: its own two dates, then what the customer is
		// given, as the reporter was told it.
		b.add("<h2>", t("desk.deadlines"), "</h2>\n<ul>\n")
		dates := r.words.Text(lang, "mail.deadlines", "processed", r.words.DateTime(lang, deadlines.ProcessedBy), "settled", r.words.DateTime(lang, deadlines.SettledBy))
		for _, s := range append(strings.Split(dates, "\n"), r.words.CustomerLines(lang, cat, deadlines)...) {
			b.add("  <li>", esc(s), "</li>\n")
		}
		if by, at, ok := r.respondBy(d.History, deadlines); ok {
			b.add("  <li>", t("desk.respond_by", "at", r.words.DateTime(lang, at), "by", r.words.DateTime(lang, by)), "</li>\n")
		}
		b.add("</ul>\n")
	}

	b.add("<h2>", t("desk.history"), "</h2>\n<ol>\n")
	for _, ev := range d.History {
		r.deskEvent(b, lang, ev)
	}
	b.add("</ol>\n")

	if s := d.Statement; s != nil {
		b.add("<h2 id=\"statement\">", t("desk.statement.heading"), "</h2>\n")
		b.add("<p>", t("desk.statement.intro"), "</p>\n")
		if s.LegalReview {
			b.add(`<div class="`, dom.WarningClass, `" role="note"><p>`, t("desk.statement.legal_review"), "</p></div>\n")
		}
		b.add("<h3>", esc(s.Title), "</h3>\n<dl class=\"", dom.ReviewListClass, "\">\n")
		for _, sec := range s.Sections {
			b.add("  <div><dt>", esc(sec.Heading), "</dt><dd><bdi>", esc(sec.Text), "</bdi></dd></div>\n")
		}
		b.add("</dl>\n<p><a href=\"", esc(s.JSON), "\">", t("desk.statement.json"), "</a></p>\n")
	}

	b.add("<h2 id=\"record\">", t("desk.record"), "</h2>\n")
	if _, decided := report.Decision(d.History); decided {
		b.add(`<p class="`, dom.HintClass, `">`, t("desk.correction"), "</p>\n")
	}
	r.deskForms(b, d, cat)
	b.add("</main>\n</body>\n</html>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// deskProblems writes why the form sent was not recorded: a notice, or its problems, each
// linked to its field.
func (r *Renderer) deskProblems(b *builder, d Desk) {
	if d.Notice == "" && len(d.Sent.Problems) == 0 {
		return
	}
	b.add(`<div class="`, dom.ErrorSummaryClass, `" role="alert" tabindex="-1" aria-labelledby="desk-problems-title">`, "\n")
	if d.Notice != "" {
		b.add(`  <h2 id="desk-problems-title">`, esc(r.words.Text(d.Lang, d.Notice)), "</h2>\n</div>\n")
		return
	}
	b.add(`  <h2 id="desk-problems-title">`, esc(r.words.Text(d.Lang, "desk.err.summary")), "</h2>\n  <ul>\n")
	for _, p := range d.Sent.Problems {
		b.add(`    <li><a href="#`, esc(deskFieldID(p.Field)), `">`, esc(p.Text), "</a></li>\n")
	}
	b.add("  </ul>\n</div>\n")
}

// deskEvent writes one step of the history: when, what, who recorded it, and what was
// decided or answered.
func (r *Renderer) deskEvent(b *builder, lang string, ev report.Event) {
	at := ev.At.In(r.rules.Location)
	b.add(`  <li><time datetime="`, at.Format(time.RFC3339), `">`, esc(r.words.DateTime(lang, at)), "</time>: ", esc(r.stateWords(lang, ev.State)))
	if ev.By != "" {
		b.add(". ", esc(r.words.Text(lang, "desk.by", "who", r.byWords(lang, ev.By))))
	}
	var details [][2]string
	if o, ok := r.rules.Outcome(ev.Outcome); ok {
		details = append(details, [2]string{r.words.Text(lang, "desk.event.outcome"), o.Title[lang]})
	}
	if m, ok := r.rules.Measure(ev.Measure); ok {
		details = append(details, [2]string{r.words.Text(lang, "desk.event.measure"), m.Title[lang]})
	}
	if ev.Duplicate != "" {
		details = append(details, [2]string{r.words.Text(lang, "desk.event.duplicate"), ev.Duplicate})
	}
	if n, ok := r.rules.Note(ev.Note); ok {
		details = append(details, [2]string{r.words.Text(lang, "desk.event.note"), n.Text[lang]})
	}
	if ev.Answer != "" {
		details = append(details, [2]string{r.words.Text(lang, "desk.event.answer"), ev.Answer})
	}
	if len(details) > 0 {
		b.add("\n    <dl class=\"", dom.ReviewListClass, "\">\n")
		for _, d := range details {
			b.add("      <div><dt>", esc(d[0]), "</dt><dd><bdi>", esc(d[1]), "</bdi></dd></div>\n")
		}
		b.add("    </dl>\n  ")
	}
	b.add("</li>\n")
}

// stateWords says a state in lang.
func (r *Renderer) stateWords(lang string, s report.State) string {
	return r.words.Text(lang, i18n.Key("desk.state."+string(s)))
}

// The ways the desk reaches its page, as a step's By records them when Cloudflare Access
// vouched for no one.
const (
	ByDeskLink = "desk link"
	ByOperator = "operator"
)

// byWords says who recorded a step: the desk's link or the operator's API in words, else
// the identity Access vouched for, as it is.
func (r *Renderer) byWords(lang, by string) string {
	switch by {
	case ByDeskLink:
		return r.words.Text(lang, "desk.by.desk_link")
	case ByOperator:
		return r.words.Text(lang, "desk.by.operator")
	}
	return by
}

// categoryWords names a category in lang, or by its id should the rules have lost it.
func (r *Renderer) categoryWords(lang string, cat *policy.Category, id string) string {
	if cat == nil {
		return id
	}
	return cat.Title[lang]
}

// respondBy is until when the customer has to answer, counted from the last time the
// desk recorded notifying them, when the category gives them hours to answer.
func (r *Renderer) respondBy(history []report.Event, d policy.Deadlines) (by, notified time.Time, ok bool) {
	if d.ResponseName() != policy.RespondWithinName || d.Response.Hours == 0 {
		return time.Time{}, time.Time{}, false
	}
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].State == report.CustomerNotified {
			notified = history[i].At.In(r.rules.Location)
			return notified.Add(time.Duration(d.Response.Hours) * time.Hour), notified, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// deskFieldID is the id of the control a problem of a step's field links to.
func deskFieldID(field string) string {
	switch field {
	case "at":
		return "notified-at"
	case "answer":
		return "answer"
	case "outcome":
		return "outcome-first"
	case "measure":
		return "measure"
	case "duplicate":
		return "duplicate"
	case "note":
		return "note-none"
	}
	return "record"
}

// hidden writes the fields every form of the page carries: the link's expiry and token,
// the number of steps the case had when the page was made, and the step the form records.
func (r *Renderer) hidden(b *builder, d Desk, state report.State) {
	for _, f := range [][2]string{
		{api.DeskExpires, d.Expires}, {api.DeskToken, d.Token},
		{api.StepField, strconv.Itoa(len(d.History))}, {"state", string(state)},
	} {
		b.add(`  <input type="hidden" name="`, f[0], `" value="`, esc(f[1]), "\">\n")
	}
}

// DeskErrorPage writes the bare page the desk gets when its page cannot be shown or its
// form was refused before it was read: a heading and the message, no link (the desk's
// page is reached from its mail), kept out of search engines.
func DeskErrorPage(w io.Writer, lang, title, msg string) error {
	return barePage(w, lang, title, msg, "", "", true)
}
