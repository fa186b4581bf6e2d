package intake

import (
	"context"
	"encoding/json"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
)

// The codes of a step's problems (api.Problem's Code), each worded by the message
// desk.problem.<code>.
const (
	problemState             report.Code = "state"
	problemAt                report.Code = "at"
	problemAtFuture          report.Code = "at_future"
	problemAtEarly           report.Code = "at_early"
	problemAnswerRequired    report.Code = "answer_required"
	problemAnswerLong        report.Code = "answer_long"
	problemAnswerText        report.Code = "answer_text"
	problemOutcome           report.Code = "outcome"
	problemMeasureRequired   report.Code = "measure_required"
	problemMeasureCategory   report.Code = "measure_category"
	problemMeasureNone       report.Code = "measure_none"
	problemDuplicateRequired report.Code = "duplicate_required"
	problemDuplicateShape    report.Code = "duplicate_shape"
	problemDuplicateSelf     report.Code = "duplicate_self"
	problemDuplicateNone     report.Code = "duplicate_none"
	problemNote              report.Code = "note"
	problemNotForStep        report.Code = "not_for_step"
)

// clockSkew is how far ahead of the Worker's clock a step's time may be: the desk's
// clock may run a little fast.
const clockSkew = 5 * time.Minute

// checkStep reads the step s for the case c against the rules and returns the event to
// record, or the step's problems in the desk's language: a state the desk does not record,
// a time that cannot be or is not yet, a field of another kind of step, an answer empty,
// too long or not text; an outcome not in the rules, a measure missing, not the
// category's or not wanted, a duplicated reference missing, malformed, the report's own
// or not wanted; a note not among the rules' templates. Nothing of the note reaches the
// reporter but its template, by id. onClock reads At as the page's form gives it, on the
// provider's clock (datetime-local); else it is RFC 3339.
func (h *Handler) checkStep(c delivery.Case, s api.Step, onClock bool) (report.Event, []api.Problem) {
	lang := h.deskLang
	var ps []api.Problem
	add := func(field string, code report.Code, args ...string) {
		ps = append(ps, api.Problem{Field: field, Code: code, Message: h.words.Text(lang, i18n.Key("desk.problem."+string(code)), args...)})
	}
	state, ok := stateOf(s.State)
	if !ok {
		add("state", problemState)
		return report.Event{}, ps
	}
	ev := report.Event{State: state}
	if s.At != "" {
		at, ok := h.stepTime(s.At, onClock)
		switch {
		case !ok:
			add("at", problemAt)
		case at.After(h.now().Add(clockSkew)):
			add("at", problemAtFuture)
		case !c.Forwarded.IsZero() && at.Before(c.Forwarded.Truncate(time.Minute)):
			add("at", problemAtEarly, "forwarded", h.words.DateTime(lang, c.Forwarded.In(h.rules.Location)))
		default:
			ev.At = at
		}
	}
	notFor := func(field, value string, belongs bool) {
		if value != "" && !belongs {
			add(field, problemNotForStep)
		}
	}
	notFor("answer", s.Answer, state == report.Answered)
	for _, f := range [][2]string{{"outcome", s.Outcome}, {"measure", s.Measure}, {"duplicate", s.Duplicate}, {"note", s.Note}} {
		notFor(f[0], f[1], state == report.Decided)
	}
	switch state {
	case report.Answered:
		answer := strings.TrimSpace(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s.Answer))
		switch {
		case answer == "":
			add("answer", problemAnswerRequired)
		case !isText(answer):
			add("answer", problemAnswerText)
		case utf8.RuneCountInString(answer) > answerMax:
			ps = append(ps, api.Problem{Field: "answer", Code: problemAnswerLong, Message: h.words.Count(lang, "desk.problem.answer_long", answerMax)})
		}
		ev.Answer = answer
	case report.Decided:
		h.checkDecision(c, s, &ev, add)
	}
	return ev, ps
}

// checkDecision checks a decision's outcome, measure, duplicated report and note.
func (h *Handler) checkDecision(c delivery.Case, s api.Step, ev *report.Event, add func(string, report.Code, ...string)) {
	lang := h.deskLang
	duplicate := strings.TrimSpace(s.Duplicate)
	if s.Note != "" {
		if _, ok := h.rules.Note(s.Note); !ok {
			add("note", problemNote)
		}
	}
	o, ok := h.rules.Outcome(s.Outcome)
	if !ok {
		add("outcome", problemOutcome)
		return
	}
	switch cat, _ := h.rules.Category(c.Category); {
	case !o.Measure && s.Measure != "":
		add("measure", problemMeasureNone)
	case o.Measure && s.Measure == "":
		add("measure", problemMeasureRequired)
	case o.Measure && (cat == nil || !slices.Contains(cat.Measures, s.Measure)):
		title := c.Category
		if cat != nil {
			title = cat.Title[lang]
		}
		add("measure", problemMeasureCategory, "category", title)
	}
	switch {
	case !o.Duplicate && duplicate != "":
		add("duplicate", problemDuplicateNone)
	case o.Duplicate && duplicate == "":
		add("duplicate", problemDuplicateRequired)
	case o.Duplicate && !delivery.IsReference(duplicate):
		add("duplicate", problemDuplicateShape)
	case o.Duplicate && duplicate == c.Reference:
		add("duplicate", problemDuplicateSelf)
	}
	ev.Outcome, ev.Measure, ev.Duplicate, ev.Note = o.ID, s.Measure, duplicate, s.Note
}

// stepTime reads a step's time: on the provider's clock as a datetime-local field gives
// it (minutes, or seconds), or RFC 3339.
func (h *Handler) stepTime(s string, onClock bool) (time.Time, bool) {
	if !onClock {
		t, err := time.Parse(time.RFC3339, s)
		return t, err == nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, h.rules.Location); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isText says whether s is UTF-8 text: no control characters but line feeds and tabs.
// Directional marks and overrides are text (Unicode's format characters): they are
// stored as typed, and the page isolates them.
func isText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' })
}

// accessHeader is where Cloudflare Access puts the e-mail address of the person it let in.
// Only behind an Access application is it theirs: anyone may send it to a Worker that
// Access does not guard (README: the desk's side).
const accessHeader = "Cf-Access-Authenticated-User-Email"

// accessIdentity is who records a step: the address Cloudflare Access vouched for, when
// the request carries one that reads back as a bare address, else how the desk came
// (formhtml.ByDeskLink, formhtml.ByOperator).
func accessIdentity(r *http.Request, otherwise string) string {
	v := r.Header.Get(accessHeader)
	if v == "" || len(v) > 254 || strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return otherwise
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return otherwise
	}
	return v
}

// statement is the statement of reasons of the case's decision, when it restricted the
// customer's service; ok is false otherwise, or when the Handler writes none.
func (h *Handler) statement(ctx context.Context, c delivery.Case) (email.Statement, bool) {
	d, ok := report.Decision(c.History)
	if !ok || h.statements == nil {
		return email.Statement{}, false
	}
	s, ok, err := h.statements.Statement(email.Decided{
		Reference: c.Reference, Category: c.Category, Requester: c.Requester, Received: c.Received,
		Report: c.Report, Decision: d,
	}, h.contest(ctx))
	if err != nil {
		h.log.Error("writing a statement of reasons", "reference", c.Reference, "err", err)
		return email.Statement{}, false
	}
	return s, ok
}

// contest is the policy's section on contesting a measure in the desk's language, as the
// site the Worker serves says it (formhtml.PolicyFile), read once. Should it not be read,
// the statement links the policy page and says the section is not approved: the desk then
// checks with the legal team rather than send an unchecked promise.
func (h *Handler) contest(ctx context.Context) email.Contest {
	lang := h.deskLang
	h.policy.Lock()
	defer h.policy.Unlock()
	if h.policy.read == nil {
		data, err := h.assets.Read(ctx, "/"+formhtml.PolicyFile)
		var p formhtml.Policy
		if err == nil {
			err = json.Unmarshal(data, &p)
		}
		if err != nil {
			h.log.Error("reading the policy's sections the site generator wrote", "file", formhtml.PolicyFile, "err", err)
			return email.Contest{Path: api.PagePath(lang, api.PolicyPage), LegalReview: true}
		}
		h.policy.read = &p
	}
	s, ok := h.policy.read.Contest[lang]
	if !ok {
		return email.Contest{Path: api.PagePath(lang, api.PolicyPage), LegalReview: true}
	}
	return email.Contest{Path: s.Path, LegalReview: s.LegalReview}
}
