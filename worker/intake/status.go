package intake

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
	"abusedesk/worker/delivery"
)

// The reporter's side of a report's case: its private status link, handed out with the
// receipt, and what the link opens, how the report stands, as a page
// (/{lang}/status/?ref=…&token=…) and as JSON (api.StatusPath, the token as a bearer
// credential). The token is package links' keyed digest of the reference, so the Worker
// keeps nothing to look it up by, and every post of one report gets the same link.
//
// A reference that is not a report's and a token that is not the reference's get the one
// answer, api.Outcomes.StatusNotFound, alike to the byte, and in the same time: the token
// is checked, in constant time, before anything is read from the store, so a wrong one
// costs no look-up that an unknown reference would not. The token is never logged, nor is
// the query that carries it.

// WithStatusLimit throttles look-ups of a report's status by client address, as
// WithReportLimit does reports: the page carrying a reference and a token, and the JSON.
// Without it, they are not throttled.
func WithStatusLimit(l RateLimiter, window time.Duration) Option {
	return func(h *Handler) { h.statusLimit = limit{l, window} }
}

// The longest reference and token a look-up reads: longer ones open nothing (a reference
// is 18 characters, a status token 22), and are not worth a digest.
const (
	maxStatusRef   = 64
	maxStatusToken = 128
)

// statusLink is the reporter's private status link to the report ref, on the status page
// of lang; empty when the Worker has no link secret, and the receipt then names none.
func (h *Handler) statusLink(lang, ref string) string {
	if h.links == nil {
		return ""
	}
	return api.StatusLink(h.website, lang, ref, h.links.StatusToken(ref))
}

// statusRoutes are the status page of each language, whose path the Worker answers when it
// carries a reference or a token (worker/entry.mjs hands the bare page to the static
// assets), and the status API, a path a report.
func (h *Handler) statusRoutes(rs map[string]route) {
	for _, lang := range h.rules.Languages {
		fail := func(w http.ResponseWriter, r *http.Request, _ string, o api.Outcome) { h.statusFailed(w, r, lang, o) }
		rs[api.PagePath(lang, api.StatusPage)] = route{
			methods: map[string]http.HandlerFunc{http.MethodGet: h.statusPage(lang, fail)},
			allow:   "GET, HEAD",
			refuse:  func(w http.ResponseWriter, r *http.Request) { fail(w, r, lang, api.Outcomes.StatusMethodNotAllowed) },
		}
	}
	rs[statusRoute] = route{
		methods: map[string]http.HandlerFunc{http.MethodGet: h.throttle(h.statusLimit, h.failJSON, h.statusJSON)},
		allow:   "GET, HEAD",
		refuse: func(w http.ResponseWriter, r *http.Request) {
			h.failJSON(w, r, h.langs.Best(r), api.Outcomes.StatusMethodNotAllowed)
		},
	}
}

// statusRoute is the key of the status API's route, api.StatusPath of any reference.
const statusRoute = api.ReportsPath + "/{reference}" + api.StatusSuffix

// statusRouteOf finds the status API's route for a path of it: whatever stands between
// api.ReportsPath and api.StatusSuffix is the reference asked about, even none or one with
// a slash, so that a reference of any shape is answered as an unknown one is.
func (h *Handler) statusRouteOf(path string) (route, bool) {
	rest, ok := strings.CutPrefix(path, api.ReportsPath+"/")
	if !ok || !strings.HasSuffix(rest, api.StatusSuffix) {
		return route{}, false
	}
	rt, ok := h.paths[statusRoute]
	return rt, ok
}

// statusPage answers the status page of lang: the bare form, as the site has it, when the
// request carries neither a reference nor a token, else the report's status, or the form
// again saying nothing matched. Only look-ups count against the client's limit.
func (h *Handler) statusPage(lang string, fail failFunc) http.HandlerFunc {
	lookUp := h.throttle(h.statusLimit, fail, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		c, err := h.openCase(r.Context(), q.Get(api.StatusRefParam), q.Get(api.StatusTokenParam))
		if err != nil {
			h.statusError(w, r, lang, fail, err)
			return
		}
		_, view := h.statusOf(&c, lang)
		h.writeStatusPage(w, r, lang, api.Outcomes.Status, func(page []byte) ([]byte, error) {
			return h.forms.StatusPage(page, view)
		})
	})
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if !q.Has(api.StatusRefParam) && !q.Has(api.StatusTokenParam) {
			h.writeStatusPage(w, r, lang, api.Outcomes.StatusForm, func(page []byte) ([]byte, error) { return page, nil })
			return
		}
		lookUp(w, r)
	}
}

// statusJSON answers api.StatusPath: the report's status as JSON, in the language asked
// for (?lang=), else the report's, for the holder of its token (Authorization: Bearer).
func (h *Handler) statusJSON(w http.ResponseWriter, r *http.Request) {
	lang, failLang, ok := h.statusLang(w, r)
	if !ok {
		return
	}
	ref := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, api.ReportsPath+"/"), api.StatusSuffix)
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	c, err := h.openCase(r.Context(), ref, token)
	if err != nil {
		h.statusError(w, r, failLang, h.failJSON, err)
		return
	}
	if lang == "" {
		lang = h.language(r, c.Lang)
	}
	st, _ := h.statusOf(&c, lang)
	writeStatusHeaders(w)
	writeJSON(w, api.Outcomes.Status, st)
}

// errNoStatus is a look-up that opens nothing: a reference that is not a report's, or a
// token that is not the reference's, which are answered alike.
var errNoStatus = errors.New("no report with this reference and token")

// openCase reads the case of the report ref for the holder of token. The token is checked
// first, in constant time, and a wrong one reads nothing; a right one whose report is gone
// (erased, or past its retention with its case) fails as a wrong one does.
func (h *Handler) openCase(ctx context.Context, ref, token string) (delivery.Case, error) {
	if h.links == nil || len(ref) > maxStatusRef || len(token) > maxStatusToken || !h.links.CheckStatus(ref, token) {
		return delivery.Case{}, errNoStatus
	}
	c, err := h.delivery.Case(ctx, ref)
	if errors.Is(err, delivery.ErrNotFound) {
		return delivery.Case{}, errNoStatus
	}
	return c, err
}

// statusError answers a look-up that failed: nothing to show (errNoStatus), or a store
// that failed, logged with the reference alone.
func (h *Handler) statusError(w http.ResponseWriter, r *http.Request, lang string, fail failFunc, err error) {
	o := api.Outcomes.StatusNotFound
	if !errors.Is(err, errNoStatus) {
		h.log.Error("reading a report's status", "err", err)
		o = api.Outcomes.StatusUnavailable
	}
	writeStatusHeaders(w)
	fail(w, r, lang, o)
}

// statusFailed answers o on the status page of lang: the form again, o's words above it.
func (h *Handler) statusFailed(w http.ResponseWriter, r *http.Request, lang string, o api.Outcome) {
	h.writeStatusPage(w, r, lang, o, func(page []byte) ([]byte, error) {
		return h.forms.StatusFormPage(page, lang, h.words.Text(lang, o.Key))
	})
}

// writeStatusPage answers o with the status page of lang as edit changes it, made whole
// before the answer, as writeHTML does the form page.
func (h *Handler) writeStatusPage(w http.ResponseWriter, r *http.Request, lang string, o api.Outcome, edit func(page []byte) ([]byte, error)) {
	page, err := h.assets.Read(r.Context(), api.PagePath(lang, api.StatusPage))
	if err == nil {
		page, err = edit(page)
	}
	if err != nil {
		h.log.Error("rendering the status page", "err", err)
		writePlain(w, api.Outcomes.PlainServerError, "")
		return
	}
	writeStatusHeaders(w)
	writePage(w, o, page)
}

// writeStatusHeaders marks a status answer as nobody's to index; every answer already says
// to send no Referer (site/headers), so a link followed from the page does not carry its
// token away, and never to keep it (writePage, writeJSON).
func writeStatusHeaders(w http.ResponseWriter) {
	w.Header().Set("X-Robots-Tag", "noindex")
}

// statusSteps are the states a reporter is shown, in the order a report passes them.
var statusSteps = [...]report.State{report.Received, report.Forwarded, report.CustomerNotified, report.Decided}

// statusOf is how the case c stands, in lang: as JSON and as the page shows it. A state is
// reached when the history entered it: received and forwarded once; the customer notified
// and the decision as last recorded, since the desk corrects either by recording it again.
// The report stands at the furthest state reached: a decision stays the reporter's answer
// until another corrects it, whatever the desk records after it.
func (h *Handler) statusOf(c *delivery.Case, lang string) (api.Status, formhtml.Status) {
	loc := h.rules.Location
	rfc := func(t time.Time) string { return t.In(loc).Format(time.RFC3339) }
	words := func(t time.Time) string { return h.words.DateTime(lang, t.In(loc)) }
	reached := map[report.State]report.Event{}
	for _, ev := range c.History {
		if _, seen := reached[ev.State]; seen && (ev.State == report.Received || ev.State == report.Forwarded) {
			continue
		}
		reached[ev.State] = ev
	}

	st := api.Status{Reference: c.Reference, Lang: lang, State: string(report.Received)}
	view := formhtml.Status{Lang: lang, Reference: c.Reference}
	cat, known := h.rules.Category(c.Category)
	var deadlines *policy.Deadlines
	if known {
		requester, _ := h.rules.Requester(c.Requester)
		d := h.rules.Deadlines(cat, requester, c.Received)
		schedule := api.NewDeadlines(h.words, h.rules, cat, lang, d)
		st.Deadlines, view.Deadlines, deadlines = &schedule, schedule.Sentences, &d
	}
	current := -1
	for i, s := range statusSteps {
		if _, ok := reached[s]; ok {
			current = i
		}
	}
	for i, s := range statusSteps {
		ev, ok := reached[s]
		step := api.StatusStep{State: string(s), Title: h.words.Text(lang, i18n.Key("status.state."+string(s)))}
		shown := formhtml.StatusStep{Title: step.Title, Current: i == current}
		switch {
		case ok:
			step.At, shown.At = rfc(ev.At), words(ev.At)
			shown.About = h.words.Text(lang, i18n.Key("status.state."+string(s)+".about"))
			if s == report.CustomerNotified && deadlines != nil {
				if until := deadlines.RespondByAfter(ev.At); !until.IsZero() {
					step.Until = rfc(until)
					shown.Until = h.words.Text(lang, "status.until", "hours", h.words.Hours(lang, cat.Response.Hours), "until", words(until))
				}
			}
		case i < current:
			// Passed over: the desk went on without recording it.
			shown.Missed = true
		}
		st.States = append(st.States, step)
		view.Steps = append(view.Steps, shown)
	}
	if current >= 0 {
		st.State = string(statusSteps[current])
	}
	if ev, ok := report.Decision(c.History); ok {
		st.Decision, view.Decision = h.decisionOf(ev, lang, rfc, words)
	}
	return st, view
}

// decisionOf words the decision ev in lang: the outcome's title and meaning from the rules,
// the measure taken, the report it repeats, the desk's note. An outcome, measure or note
// the rules no longer have is named by its ID, with nothing said for it.
func (h *Handler) decisionOf(ev report.Event, lang string, rfc, words func(time.Time) string) (*api.Decision, *formhtml.StatusDecision) {
	d := &api.Decision{Outcome: ev.Outcome, Title: ev.Outcome, DecidedAt: rfc(ev.At), Measure: ev.Measure, Duplicate: ev.Duplicate}
	if o, ok := h.rules.Outcome(ev.Outcome); ok {
		d.Title, d.Meaning = h.inLang(o.Title, lang, ev.Outcome), h.inLang(o.Meaning, lang, "")
	}
	view := &formhtml.StatusDecision{Title: d.Title, Meaning: d.Meaning, DecidedAt: h.words.Text(lang, "status.decided_at", "date", words(ev.At))}
	if ev.Measure != "" {
		d.MeasureTitle = ev.Measure
		if m, ok := h.rules.Measure(ev.Measure); ok {
			d.MeasureTitle = h.inLang(m.Title, lang, ev.Measure)
		}
		view.Details = append(view.Details, h.words.Text(lang, "status.measure", "measure", d.MeasureTitle))
	}
	if ev.Duplicate != "" {
		view.Details = append(view.Details, h.words.Text(lang, "status.duplicate", "ref", ev.Duplicate))
	}
	if ev.Note != "" {
		if n, ok := h.rules.Note(ev.Note); ok {
			d.Note = h.inLang(n.Text, lang, "")
			view.Details = append(view.Details, h.words.Text(lang, "status.note", "note", d.Note))
		}
	}
	return d, view
}

// inLang is the rules' words m in lang, else in the rules' first language, else fallback.
func (h *Handler) inLang(m map[string]string, lang, fallback string) string {
	if s := m[lang]; s != "" {
		return s
	}
	if s := m[h.rules.Languages[0]]; s != "" {
		return s
	}
	return fallback
}

// statusLang is the language a status answer was asked in (?lang=, empty for the
// report's own) and the one its failures are told in; it answers BadLang itself, and
// says false, for a language the rules do not have.
func (h *Handler) statusLang(w http.ResponseWriter, r *http.Request) (lang, failLang string, ok bool) {
	lang = r.URL.Query().Get("lang")
	if lang != "" && !slices.Contains(h.rules.Languages, lang) {
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.BadLang)
		return "", "", false
	}
	failLang = lang
	if failLang == "" {
		failLang = h.langs.Best(r)
	}
	return lang, failLang, true
}
