package intake

import (
	"bytes"
	"net/http"

	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/site/formhtml"
	"abusedesk/worker/negotiate"
)

// apiError is one way a request fails: its HTTP status, the code a program reads in the
// JSON answer, and the catalog key of the words a person reads, in their language.
type apiError struct {
	status int
	code   string
	key    i18n.Key
}

// The Worker's failures, one table: every status but a success is chosen here.
var (
	errNotFound     = apiError{http.StatusNotFound, "not_found", "err.not_found"}
	errMethod       = apiError{http.StatusMethodNotAllowed, "method_not_allowed", "err.method"}
	errUnauthorized = apiError{http.StatusUnauthorized, "unauthorized", "err.unauthorized"}
	errRateLimited  = apiError{http.StatusTooManyRequests, "too_many_requests", "err.rate_limited"}
	errNotHuman     = apiError{http.StatusForbidden, "not_human", "err.not_human"}
	// A post a browser sent from another site's page: it could plant values in a
	// reporter's form, or send in their name.
	errCrossSite = apiError{http.StatusForbidden, "cross_site", "err.cross_site"}
	// An idempotency key sent again with a different report, and one no client makes.
	errKeyReused = apiError{http.StatusConflict, "idempotency_key_reused", "err.key_reused"}
	errBadKey    = apiError{http.StatusBadRequest, "bad_idempotency_key", "err.bad_key"}
	// A report the Worker could not take because of a fault on its side.
	errServer      = apiError{http.StatusInternalServerError, "server_error", "err.server"}
	errUnavailable = apiError{http.StatusServiceUnavailable, "unavailable", "err.server"}
	// The operator's listing or erasure, when the store fails.
	errListing = apiError{http.StatusServiceUnavailable, "unavailable", "err.unavailable"}
	// An erasure of a report that is being mailed right now: asked again a minute later,
	// it is done.
	errEraseBusy = apiError{http.StatusConflict, "busy", "err.erase_busy"}

	// The body of a report that could not be read.
	errTooLarge   = apiError{http.StatusRequestEntityTooLarge, "too_large", "err.too_large"}
	errMediaType  = apiError{http.StatusUnsupportedMediaType, "unsupported_media_type", "err.media_type"}
	errUnreadable = apiError{http.StatusBadRequest, "bad_request", "err.request"}
	// More fields, or longer field names, than any form sends: refused before any is judged.
	errFields = apiError{http.StatusBadRequest, "too_many_fields", "err.fields"}
	// The same of a typo note, and a note the Worker could not take.
	errTypoTooLarge    = apiError{http.StatusRequestEntityTooLarge, "too_large", "typo.err.too_large"}
	errTypoMediaType   = apiError{http.StatusUnsupportedMediaType, "unsupported_media_type", "typo.err.request"}
	errTypoUnreadable  = apiError{http.StatusBadRequest, "bad_request", "typo.err.request"}
	errTypoFields      = apiError{http.StatusBadRequest, "too_many_fields", "typo.err.request"}
	errTypoServer      = apiError{http.StatusInternalServerError, "server_error", "typo.err.server"}
	errTypoUnavailable = apiError{http.StatusServiceUnavailable, "unavailable", "typo.err.server"}

	// The parameters of a question about deadlines.
	errBadLang      = apiError{http.StatusBadRequest, "bad_lang", "err.deadlines.lang"}
	errBadCategory  = apiError{http.StatusBadRequest, "bad_category", "err.deadlines.category"}
	errBadAt        = apiError{http.StatusBadRequest, "bad_at", "err.deadlines.at"}
	errBadRequester = apiError{http.StatusBadRequest, "bad_requester", "err.deadlines.requester"}
)

// failFunc answers a failure in lang.
type failFunc func(w http.ResponseWriter, r *http.Request, lang string, e apiError)

// fail answers e in lang, as JSON or, to a browser, as a short page that leads back to the
// form.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, lang string, e apiError) {
	if !negotiate.WantsHTML(r) {
		h.failJSON(w, r, lang, e)
		return
	}
	var b bytes.Buffer
	formhtml.ErrorPage(&b, lang, h.words.Text(lang, "err.summary"), h.words.Text(lang, e.key), h.words.Text(lang, "err.back"), api.FormPath(lang))
	writePage(w, e.status, b.Bytes())
}

// failJSON answers e in lang as JSON, whoever asks: the typo script is the only client of
// its API, and its notes have no page to go back to.
func (h *Handler) failJSON(w http.ResponseWriter, _ *http.Request, lang string, e apiError) {
	writeJSON(w, e.status, api.Error{Error: e.code, Message: h.words.Text(lang, e.key)})
}

// serverError logs a failure on our side, what was being done, and answers it: the
// reporter can only try again.
func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, lang, doing string, e apiError, err error) {
	h.log.Error(doing, "status", e.status, "err", err)
	h.fail(w, r, lang, e)
}
