package intake

import (
	"net/http"
	"slices"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
)

// DeadlinesPath answers what the deadlines of a report would be.
const DeadlinesPath = "/api/deadlines"

// deadlinesJSON are one report's deadlines: the times in RFC 3339 on the provider's clock,
// the customer's response, and the same in sentences in the asked language. The receipt
// of a report sent as JSON carries it too.
type deadlinesJSON struct {
	Category     string       `json:"category"`
	Lang         string       `json:"lang"`
	Received     string       `json:"received"`
	ReviewStarts string       `json:"review_starts"`
	ProcessedBy  string       `json:"processed_by"`
	SettledBy    string       `json:"settled_by"`
	Response     responseJSON `json:"response"`
	Sentences    []string     `json:"sentences"`
}

// responseJSON is the accused customer's time: kind is respond_within (hours after being
// notified, by respond_by at the latest), on_claim (hours that start with a claim),
// blocked_at_once or advisory.
type responseJSON struct {
	Kind      string `json:"kind"`
	Hours     int    `json:"hours,omitempty"`
	RespondBy string `json:"respond_by,omitempty"`
}

func newDeadlinesJSON(lang, category string, d policy.Deadlines) deadlinesJSON {
	rfc := func(t time.Time) string { return t.Format(time.RFC3339) }
	resp := responseJSON{Hours: d.Response.Hours}
	switch r := d.Response; {
	case r.Kind == policy.BlockedAtOnce:
		resp = responseJSON{Kind: "blocked_at_once"}
	case r.Kind == policy.Advisory:
		resp = responseJSON{Kind: "advisory"}
	case r.OnClaim:
		resp.Kind = "on_claim"
	default:
		resp.Kind = "respond_within"
		if !d.RespondBy.IsZero() {
			resp.RespondBy = rfc(d.RespondBy)
		}
	}
	return deadlinesJSON{
		Category: category, Lang: lang, Received: rfc(d.Received), ReviewStarts: rfc(d.ReviewStarts),
		ProcessedBy: rfc(d.ProcessedBy), SettledBy: rfc(d.SettledBy), Response: resp,
		Sentences: i18n.Deadlines(lang, d),
	}
}

// deadlines answers GET /api/deadlines?category=…&at=<RFC 3339>&lang=…: the deadlines of
// a report of that category received at that time (now when at is absent), in that
// language (the visitor's Accept-Language when absent). A bad parameter is a 400 in the
// asked language when it is known, else in the visitor's.
func (h *Handler) deadlines(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang := q.Get("lang")
	if lang == "" {
		lang = h.negotiate(r)
	}
	if !slices.Contains(h.rules.Languages, lang) {
		h.failJSON(w, h.negotiate(r), http.StatusBadRequest, "bad_lang", "err.deadlines.lang")
		return
	}
	cat, ok := h.rules.Category(q.Get("category"))
	if !ok {
		h.failJSON(w, lang, http.StatusBadRequest, "bad_category", "err.deadlines.category")
		return
	}
	at := h.now()
	if s := q.Get("at"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			h.failJSON(w, lang, http.StatusBadRequest, "bad_at", "err.deadlines.at")
			return
		}
		at = t
	}
	writeJSON(w, http.StatusOK, newDeadlinesJSON(lang, cat.ID, h.rules.Deadlines(cat, at)))
}
