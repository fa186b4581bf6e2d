package intake

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"
)

// PendingPath lists, for an operator, the reports not yet delivered and those the
// delivery queue gave up on.
const PendingPath = "/api/admin/pending"

// WithAdminToken opens PendingPath to requests that carry token as a bearer token.
// Without a token the path does not exist.
func WithAdminToken(token string) Option {
	return func(h *Handler) { h.adminToken = token }
}

// pendingJSON is the operator's listing.
type pendingJSON struct {
	// Pending are the reports stored and not yet delivered, oldest first.
	Pending []pendingReport `json:"pending"`
	// Dead are the reports the delivery queue gave up on; the sweep goes on trying them.
	Dead []pendingReport `json:"dead"`
}

type pendingReport struct {
	Reference string `json:"reference"`
	// Since is when the report was stored, or when the queue gave up on it.
	Since string `json:"since"`
}

// pending answers the operator's listing.
func (h *Handler) pending(w http.ResponseWriter, r *http.Request) {
	if h.adminToken == "" {
		h.fail(w, r, h.negotiate(r), http.StatusNotFound, "not_found", "err.not_found")
		return
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(token), []byte(h.adminToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="abusedesk"`)
		h.failJSON(w, h.negotiate(r), http.StatusUnauthorized, "unauthorized", "err.unauthorized")
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		h.failJSON(w, h.negotiate(r), http.StatusMethodNotAllowed, "method_not_allowed", "err.method")
		return
	}
	var out pendingJSON
	for _, l := range []struct {
		prefix string
		into   *[]pendingReport
	}{{pendingPrefix, &out.Pending}, {deadPrefix, &out.Dead}} {
		objs, err := h.store.List(r.Context(), l.prefix)
		if err != nil {
			h.log.Error("listing undelivered reports", "err", err)
			h.failJSON(w, h.negotiate(r), http.StatusServiceUnavailable, "unavailable", "err.unavailable")
			return
		}
		*l.into = make([]pendingReport, len(objs))
		for i, o := range objs {
			(*l.into)[i] = pendingReport{Reference: o.Key[len(l.prefix):], Since: o.Uploaded.UTC().Format(time.RFC3339)}
		}
	}
	writeJSON(w, http.StatusOK, out)
}
