package intake

import (
	"net/http"
	"slices"
	"time"

	"abusedesk/content/policy"
	"abusedesk/schemas/api"
)

// deadlines answers GET api.DeadlinesPath?category=…&requester=…&at=<RFC 3339>&lang=…: the
// deadlines of a report of that category by that requester (not known, when absent: it
// matters to a category whose hours start on a claim) received at that time (now when at
// is absent), in that language (the visitor's Accept-Language when absent). A bad
// parameter is a 400 in the asked language when it is known, else in the visitor's.
func (h *Handler) deadlines(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang := q.Get("lang")
	if lang == "" {
		lang = h.langs.Best(r)
	}
	if !slices.Contains(h.rules.Languages, lang) {
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.BadLang)
		return
	}
	cat, ok := h.rules.Category(q.Get("category"))
	if !ok {
		h.failJSON(w, r, lang, api.Outcomes.BadCategory)
		return
	}
	var requester *policy.Requester
	if id := q.Get("requester"); id != "" {
		if requester, ok = h.rules.Requester(id); !ok {
			h.failJSON(w, r, lang, api.Outcomes.BadRequester)
			return
		}
	}
	at := h.now()
	if s := q.Get("at"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			h.failJSON(w, r, lang, api.Outcomes.BadAt)
			return
		}
		at = t
	}
	writeJSON(w, api.Outcomes.Deadlines, api.NewDeadlines(h.words, h.rules, cat, lang, h.rules.Deadlines(cat, requester, at)))
}
