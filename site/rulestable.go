package site

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/report"
)

// A page places a table made from the rules data with a fenced block:
//
//	```rules
//	categories
//	```
//
// so no category or deadline is ever typed into Markdown. rulesTables is the goldmark
// extension that does it, for one language.
type rulesTables struct {
	rules    *policy.Rules
	words    *i18n.Catalog
	provider *policy.Provider
	// spec says which answers make a field required (an authority's case, say).
	spec *browsercheck.Spec
	lang string
	// pending says why a value of the rules (content's Unapproved.What) waits for the
	// legal team's approval, if it does: its cell is marked so.
	pending func(what string) (why string, ok bool)
}

// responseKeys are the keys of rules.yaml that set what a category gives the customer.
var responseKeys = []string{"hours", "starts", "blocked_at_once", "disabled_when_verified", "advisory", "case_by_case"}

// response writes, escaped, what category c gives the customer, marked where the legal
// team has not approved it.
func (e *rulesTables) response(c policy.Category) string {
	text := html.EscapeString(e.words.Response(e.lang, c.Response))
	for _, key := range responseKeys {
		if what := "categories." + c.ID + "." + key; e.isPending(what) {
			return markValue(e.words, e.lang, e.pending, what, text)
		}
	}
	return text
}

func (e *rulesTables) isPending(what string) bool {
	_, ok := e.pending(what)
	return ok
}

// rulesTableNode replaces the fenced block in the tree.
type rulesTableNode struct {
	ast.BaseBlock
	Name string
}

var kindRulesTable = ast.NewNodeKind("RulesTable")

func (n *rulesTableNode) Kind() ast.NodeKind { return kindRulesTable }

func (n *rulesTableNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name}, nil)
}

// Extend implements goldmark.Extender.
func (e *rulesTables) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(e, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e, 100)))
}

// Transform implements parser.ASTTransformer: each ```rules block becomes a table node.
func (e *rulesTables) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*ast.FencedCodeBlock); ok && entering && string(b.Language(src)) == "rules" {
			blocks = append(blocks, b)
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		var name bytes.Buffer
		for i := 0; i < b.Lines().Len(); i++ {
			seg := b.Lines().At(i)
			name.Write(seg.Value(src))
		}
		b.Parent().ReplaceChild(b.Parent(), b, &rulesTableNode{Name: strings.TrimSpace(name.String())})
	}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (e *rulesTables) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindRulesTable, e.render)
}

func (e *rulesTables) render(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch name := n.(*rulesTableNode).Name; name {
	case "categories":
		e.categories(w)
	case "handling":
		e.handling(w)
	case "timeline":
		e.timeline(w)
	case "controller":
		e.controller(w)
	case "retention":
		e.retention(w)
	case "reporter":
		e.reporter(w)
	default:
		return ast.WalkStop, fmt.Errorf("unknown rules table %q (there are: categories, handling, timeline, controller, retention, reporter)", name)
	}
	return ast.WalkSkipChildren, nil
}

// categories writes each category with the customer's time and its special rule.
func (e *rulesTables) categories(w util.BufWriter) {
	t := func(key i18n.Key, args ...string) string {
		return html.EscapeString(e.words.Text(e.lang, key, args...))
	}
	fmt.Fprintf(w, "<table class=\"rules\" role=\"table\">\n<thead role=\"rowgroup\"><tr role=\"row\"><th scope=\"col\" role=\"columnheader\">%s</th><th scope=\"col\" role=\"columnheader\">%s</th><th scope=\"col\" role=\"columnheader\">%s</th></tr></thead>\n<tbody role=\"rowgroup\">\n",
		t("table.category"), t("table.time"), t("table.rule"))
	for _, c := range e.rules.Categories {
		// Each cell names its column for a phone, which shows a row as a card (app.css).
		fmt.Fprintf(w, "<tr role=\"row\" id=\"category-%s\"><th scope=\"row\" role=\"rowheader\">%s</th><td role=\"cell\" data-label=\"%s\">%s</td><td role=\"cell\" data-label=\"%s\">%s</td></tr>\n",
			c.ID, html.EscapeString(c.Title[e.lang]), t("table.time"), e.response(c), t("table.rule"), html.EscapeString(c.Rule[e.lang]))
	}
	w.WriteString("</tbody>\n</table>\n")
}

// handling writes when complaints are handled and how fast.
func (e *rulesTables) handling(w util.BufWriter) {
	r := e.rules
	var days []string
	for i := 1; i <= 7; i++ { // from Monday
		if d := time.Weekday(i % 7); r.Working.Days[d] {
			days = append(days, e.words.Weekday(e.lang, d))
		}
	}
	hours := i18n.ClockText(r.Working.Start) + "–" + i18n.ClockText(r.Working.End)
	rows := [][2]string{
		{e.words.Text(e.lang, "handling.days"), strings.Join(days, ", ")},
		{e.words.Text(e.lang, "handling.hours"), e.words.Text(e.lang, "handling.hours_value", "hours", hours, "zone", r.Location.String())},
		{e.words.Text(e.lang, "handling.process"), e.process()},
		{e.words.Text(e.lang, "handling.settle"), e.words.Count(e.lang, "handling.settle_value", r.SettleWithinDays)},
	}
	if calendar := e.roundTheClock(); len(calendar) > 0 && r.ProcessClock != policy.CalendarClock {
		rows = slices.Insert(rows, 3, [2]string{e.words.Text(e.lang, "handling.round_the_clock"),
			e.words.Count(e.lang, "handling.process_value_calendar", int(r.ProcessWithin/time.Hour)) + ": " + strings.Join(calendar, "; ")})
	}
	w.WriteString("<table class=\"rules\" role=\"table\">\n<tbody role=\"rowgroup\">\n")
	for _, row := range rows {
		fmt.Fprintf(w, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">%s</th><td role=\"cell\">%s</td></tr>\n", html.EscapeString(row[0]), html.EscapeString(row[1]))
	}
	w.WriteString("</tbody>\n</table>\n")
}

// process says how fast a complaint is processed, and on which clock: the rules' setting.
func (e *rulesTables) process() string {
	hours := int(e.rules.ProcessWithin / time.Hour)
	if e.rules.ProcessClock == policy.CalendarClock {
		return e.words.Count(e.lang, "handling.process_value_calendar", hours)
	}
	return e.words.Count(e.lang, "handling.process_value", hours)
}

// roundTheClock are the titles of the categories reviewed on the calendar clock when the
// rules' own clock is the working one.
func (e *rulesTables) roundTheClock() []string {
	var titles []string
	for _, c := range e.rules.Categories {
		if c.Clock == policy.CalendarClock && e.rules.ProcessClock != policy.CalendarClock {
			titles = append(titles, c.Title[e.lang])
		}
	}
	return titles
}

// timeline writes, for each category, what happens to a customer complained about: the
// review, what they are given, and the settlement.
func (e *rulesTables) timeline(w util.BufWriter) {
	r, lang := e.rules, e.lang
	hours := int(r.ProcessWithin / time.Hour)
	common := []string{e.words.Count(lang, "expect.review", hours, "week", e.words.WorkingTime(lang, r.Working))}
	if r.ProcessClock == policy.CalendarClock {
		common[0] = e.words.Count(lang, "expect.review_calendar", hours)
	}
	if calendar := e.roundTheClock(); len(calendar) > 0 {
		common = append(common, e.words.Count(lang, "expect.round_the_clock", hours, "categories", strings.Join(calendar, "; ")))
	}
	common = append(common, e.words.Count(lang, "expect.settle", r.SettleWithinDays), e.words.Text(lang, "expect.sooner"))
	// What holds for every complaint is said once, then each kind of response once, with
	// the categories that get it: the same sentences eighteen times tell a customer
	// nothing more.
	w.WriteString("<ol class=\"timeline-common\">\n")
	for _, line := range common {
		fmt.Fprintf(w, "<li>%s</li>\n", html.EscapeString(line))
	}
	w.WriteString("</ol>\n")
	var kinds []policy.Response
	for _, c := range r.Categories {
		if !slices.Contains(kinds, c.Response) {
			kinds = append(kinds, c.Response)
		}
	}
	for _, kind := range kinds {
		fmt.Fprintf(w, "<section class=\"timeline\" id=\"expect-%s\">\n<h3>%s</h3>\n<p>%s</p>\n<ul>\n", kindID(kind),
			html.EscapeString(e.words.Response(lang, kind)),
			html.EscapeString(e.words.Text(lang, i18n.Key("expect."+kind.Name()), "hours", e.words.Hours(lang, kind.Hours))))
		// The categories of a kind whose response the legal team has not approved say so.
		for _, c := range r.Categories {
			if c.Response != kind {
				continue
			}
			fmt.Fprintf(w, "<li id=\"expect-%s\"><strong>%s</strong>", c.ID, html.EscapeString(c.Title[lang]))
			if text := e.response(c); strings.Contains(text, "<mark") {
				fmt.Fprintf(w, " (%s)", text)
			}
			if rule := c.Rule[lang]; rule != "" {
				fmt.Fprintf(w, " — %s", html.EscapeString(rule))
			}
			w.WriteString("</li>\n")
		}
		w.WriteString("</ul>\n</section>\n")
	}
}

// kindID is an id for a kind of response: its name, and its hours when it has them.
func kindID(r policy.Response) string {
	if r.Hours > 0 {
		return r.Name() + "-" + strconv.Itoa(r.Hours)
	}
	return r.Name()
}

// controller writes who the controller of reporters' personal data is, from provider.yaml:
// the legal entity, its address, where to write about one's data (the abuse mailbox) and
// the site.
func (e *rulesTables) controller(w util.BufWriter) {
	p, lang := e.provider, e.lang
	w.WriteString("<table class=\"rules\" role=\"table\">\n<tbody role=\"rowgroup\">\n")
	fmt.Fprintf(w, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">%s</th><td role=\"cell\">%s</td></tr>\n", html.EscapeString(e.words.Text(lang, "privacy.controller")), html.EscapeString(p.LegalEntity[lang]))
	fmt.Fprintf(w, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">%s</th><td role=\"cell\">%s</td></tr>\n", html.EscapeString(e.words.Text(lang, "privacy.address")), html.EscapeString(p.Address[lang]))
	fmt.Fprintf(w, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">%s</th><td role=\"cell\"><a href=\"mailto:%s\">%s</a></td></tr>\n", html.EscapeString(e.words.Text(lang, "privacy.contact")), html.EscapeString(p.AbuseMailbox), html.EscapeString(p.AbuseMailbox))
	fmt.Fprintf(w, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">%s</th><td role=\"cell\"><a href=\"%s\">%s</a></td></tr>\n", html.EscapeString(e.words.Text(lang, "privacy.website")), html.EscapeString(p.Website), html.EscapeString(p.Website))
	w.WriteString("</tbody>\n</table>\n")
}

// retention writes how long each thing a reporter sends is kept, from rules.yaml's
// retention and the Worker's fixed periods (policy's ConfirmationWithin), so no period is
// ever typed into a page.
func (e *rulesTables) retention(w util.BufWriter) {
	r, lang := e.rules.Retention, e.lang
	rows := [][2]string{
		{e.words.Text(lang, "privacy.keep.report"), e.words.Count(lang, "privacy.keep.report_value", r.DeliveredReports)},
		{e.words.Text(lang, "privacy.keep.keys"), e.words.Count(lang, "privacy.keep.keys_value", r.IdempotencyKeys)},
		{e.words.Text(lang, "privacy.keep.confirmation"), e.words.Count(lang, "privacy.keep.confirmation_value", int(policy.ConfirmationWithin/policy.Day))},
		{e.words.Text(lang, "privacy.keep.counters"), e.words.Text(lang, "privacy.keep.counters_value")},
		{e.words.Text(lang, "privacy.keep.case"), e.words.Count(lang, "privacy.keep.case_value", r.CaseRecords)},
		{e.words.Text(lang, "privacy.keep.mailbox"), e.words.Count(lang, "privacy.keep.days", r.CaseRecords)},
		{e.words.Text(lang, "privacy.keep.draft"), e.words.Text(lang, "privacy.keep.draft_value")},
	}
	// The case records' period may wait for the legal team's approval.
	const caseRow = 4
	// The categories that keep no draft (rules.yaml's no_draft), named with the draft.
	var noDraft []string
	for _, c := range e.rules.Categories {
		if c.NoDraft {
			noDraft = append(noDraft, c.Title[lang])
		}
	}
	if len(noDraft) > 0 {
		last := &rows[len(rows)-1]
		last[1] += " " + e.words.Text(lang, "privacy.keep.no_draft", "categories", strings.Join(noDraft, "; "))
	}
	fmt.Fprintf(w, "<table class=\"rules\" role=\"table\" id=\"retention\">\n<thead role=\"rowgroup\"><tr role=\"row\"><th scope=\"col\" role=\"columnheader\">%s</th><th scope=\"col\" role=\"columnheader\">%s</th></tr></thead>\n<tbody role=\"rowgroup\">\n",
		html.EscapeString(e.words.Text(lang, "privacy.what")), html.EscapeString(e.words.Text(lang, "privacy.how_long")))
	for i, row := range rows {
		value := html.EscapeString(row[1])
		if i == caseRow {
			value = markValue(e.words, lang, e.pending, "retention.case_records", value)
		}
		fmt.Fprintf(w, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">%s</th><td role=\"cell\">%s</td></tr>\n", html.EscapeString(row[0]), value)
	}
	w.WriteString("</tbody>\n</table>\n")
}

// reporter writes what the form asks about the reporter (report.ReporterFields, the
// details the customer's summary can carry): whether they must give each, by the rules
// (rules.yaml's required and each category's optional, an authority's case by the
// schema's conditions), and when the customer complained about receives it: an
// authority's case and issuer always, being the claim that starts the customer's time and
// no private person's data, the rest only when the reporter agreed to be named.
func (e *rulesTables) reporter(w util.BufWriter) {
	lang := e.lang
	t := func(key i18n.Key, args ...string) string { return html.EscapeString(e.words.Text(lang, key, args...)) }
	fmt.Fprintf(w, "<table class=\"rules\" role=\"table\" id=\"reporter-fields\">\n<thead role=\"rowgroup\"><tr role=\"row\"><th scope=\"col\" role=\"columnheader\">%s</th><th scope=\"col\" role=\"columnheader\">%s</th><th scope=\"col\" role=\"columnheader\">%s</th></tr></thead>\n<tbody role=\"rowgroup\">\n",
		t("privacy.field"), t("privacy.must"), t("privacy.to_customer"))
	for _, name := range report.ReporterFields {
		must := t("privacy.must.optional")
		var except, from []string
		for _, c := range e.rules.Categories {
			if slices.Contains(c.Optional, name) {
				except = append(except, c.Title[lang])
			}
		}
		for _, c := range e.spec.When {
			if c.Field == "requester" && slices.Contains(c.Require, name) {
				if q, ok := e.rules.Requester(c.Is); ok {
					from = append(from, q.Title[lang])
				}
			}
		}
		switch {
		case slices.Contains(e.rules.Required, name) && len(except) > 0:
			must = t("privacy.must.except", "categories", strings.Join(except, "; "))
		case slices.Contains(e.rules.Required, name):
			must = t("privacy.must.always")
		case len(from) > 0:
			must = t("privacy.must.from", "requesters", strings.Join(from, "; "))
		}
		customer := t("privacy.customer.shared")
		if slices.Contains(report.AuthorityFields, name) {
			customer = t("privacy.customer.always")
		}
		fmt.Fprintf(w, "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\">%s</th><td role=\"cell\" data-label=\"%s\">%s</td><td role=\"cell\" data-label=\"%s\">%s</td></tr>\n",
			t(i18n.Key("field."+name+".label")), t("privacy.must"), must, t("privacy.to_customer"), customer)
	}
	w.WriteString("</tbody>\n</table>\n")
}
