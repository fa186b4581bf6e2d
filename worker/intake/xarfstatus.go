package intake

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"abusedesk/schemas/api"
	"abusedesk/worker/delivery"
)

// xarfStatus answers how a report the key sent stands (api.Status, as the reporter's
// status API answers it), in the language asked for (?lang=), else the report's. A
// reference the key did not send, another key's among them, is not found, as one that is
// no report's.
func (h *Handler) xarfStatus(w http.ResponseWriter, r *http.Request, key delivery.Reporter) {
	lang, failLang, ok := h.statusLang(w, r)
	if !ok {
		return
	}
	ref := strings.TrimPrefix(r.URL.Path, api.XARFReportPrefix)
	c, err := h.delivery.Case(r.Context(), ref)
	switch {
	case errors.Is(err, delivery.ErrNotFound) || err == nil && c.Machine != key.ID:
		h.failJSON(w, r, failLang, api.Outcomes.XARFNotFound)
		return
	case err != nil:
		h.serverErrorJSON(w, r, failLang, "reading a machine report's status", api.Outcomes.XARFUnavailable, err)
		return
	}
	if lang == "" {
		lang = h.language(r, c.Lang)
	}
	st, _ := h.statusOf(&c, lang)
	writeJSON(w, api.Outcomes.Status, st)
}

// xarfList answers the reports the key sent, received at or after ?since= (RFC 3339;
// every report still listed without it), oldest first.
func (h *Handler) xarfList(w http.ResponseWriter, r *http.Request, key delivery.Reporter) {
	lang := h.langs.Best(r)
	var since time.Time
	if v := r.URL.Query().Get(api.SinceParam); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			// An offset's + that a hand-typed query did not escape arrives as a space.
			t, err = time.Parse(time.RFC3339, strings.Replace(v, " ", "+", 1))
		}
		if err != nil {
			h.failJSON(w, r, lang, api.Outcomes.XARFBadSince)
			return
		}
		since = t
	}
	listed, err := h.delivery.MachineReports(r.Context(), key.ID, since)
	if err != nil {
		h.serverErrorJSON(w, r, lang, "listing a machine reporter's reports", api.Outcomes.XARFUnavailable, err)
		return
	}
	answer := api.XARFReports{Reports: []api.XARFListed{}}
	for i, l := range listed {
		if i == api.MaxXARFListed {
			answer.More = true
			break
		}
		answer.Reports = append(answer.Reports, api.XARFListed{Reference: l.Reference, Received: l.Received.In(h.rules.Location).Format(time.RFC3339),
			ReportID: l.ReportID, StatusPath: api.XARFStatusPath(l.Reference)})
	}
	writeJSON(w, api.Outcomes.XARFList, answer)
}

// openAPI answers the API's OpenAPI 3.1 description, which schemas/gen writes from its Go
// types and table of outcomes (api.OpenAPI).
func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(api.Outcomes.OpenAPI.Status)
	w.Write(api.OpenAPI())
}
