package intake

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"abusedesk/schemas/api"
	"abusedesk/worker/delivery"
)

// admin lets through to next only a request with the operator's token. Without a token
// configured the path does not exist.
func (h *Handler) admin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h.adminToken == "" {
			h.fail(w, r, h.langs.Best(r), api.Outcomes.NotFound)
			return
		}
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(token), []byte(h.adminToken)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="abusedesk"`)
			h.failJSON(w, r, h.langs.Best(r), api.Outcomes.Unauthorized)
			return
		}
		next(w, r)
	}
}

// pending answers the operator's listing of the reports not yet delivered, and of the
// confirmations not yet sent.
func (h *Handler) pending(w http.ResponseWriter, r *http.Request) {
	pending, dead, refused, err := h.delivery.Undelivered(r.Context())
	var confirmations []delivery.Waiting
	if err == nil {
		confirmations, err = h.delivery.PendingConfirmations(r.Context())
	}
	if err != nil {
		h.log.Error("listing undelivered reports", "err", err)
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.AdminUnavailable)
		return
	}
	writeJSON(w, api.Outcomes.Pending, api.Pending{Pending: listed(pending), Dead: listed(dead), Refused: listed(refused), Confirmations: listed(confirmations)})
}

// held answers what is kept of one report, for an operator: counts and dates, nothing the
// reporter wrote; 404 when nothing is.
func (h *Handler) held(w http.ResponseWriter, r *http.Request) {
	ref := strings.TrimPrefix(r.URL.Path, api.ReportPath)
	d, err := h.delivery.Describe(r.Context(), ref)
	switch {
	case errors.Is(err, delivery.ErrNotFound):
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.NotFound)
		return
	case err != nil:
		h.log.Error("describing a report", "reference", ref, "err", err)
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.AdminUnavailable)
		return
	}
	rfc := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	writeJSON(w, api.Outcomes.Held, api.Held{
		Reference: d.Reference, Received: rfc(d.Received), Delivered: rfc(d.Delivered),
		Pending: d.Pending, SetAside: d.SetAside, Confirmation: d.Confirmation, Files: d.Files,
		CaseSteps: d.CaseSteps, NoticesSent: d.NoticesSent, NoticesWaiting: d.NoticesWaiting, Objects: d.Objects,
	})
}

// erase deletes one report at an operator's word: the report, its files, its key and its
// markers. An unknown reference is 404; one being mailed this moment, 409, to ask again a
// minute later. The log names the reference alone (package delivery).
func (h *Handler) erase(w http.ResponseWriter, r *http.Request) {
	ref := strings.TrimPrefix(r.URL.Path, api.ReportPath)
	n, err := h.delivery.Erase(r.Context(), ref)
	switch {
	case errors.Is(err, delivery.ErrNotFound):
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.NotFound)
	case errors.Is(err, delivery.ErrBusy):
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.EraseBusy)
	case err != nil:
		h.log.Error("erasing a report", "reference", ref, "err", err)
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.AdminUnavailable)
	default:
		writeJSON(w, api.Outcomes.Erased, api.Erased{Reference: ref, Objects: n})
	}
}

func listed(ws []delivery.Waiting) []api.PendingReport {
	out := make([]api.PendingReport, len(ws))
	for i, w := range ws {
		out[i] = api.PendingReport{Reference: w.Reference, Since: w.Since.UTC().Format(time.RFC3339), Reason: w.Reason}
	}
	return out
}
