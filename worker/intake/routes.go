package intake

import (
	"net/http"

	"abusedesk/schemas/api"
	"abusedesk/site/headers"
)

// routes are the paths the Worker answers: the site's root and the API. The rest of the
// static site is served by the runtime before a request ever reaches the Worker. A path
// of the API asked with a method it does not take gets a 405 in the visitor's language;
// any other path of the API a 404 in it.
func (h *Handler) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.root)
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
	})

	mux.Handle("POST "+api.ReportsPath, h.throttle(h.reportLimit, h.fail, h.submit))
	mux.HandleFunc(api.ReportsPath, h.methodNotAllowed(http.MethodPost, h.fail))
	if h.typos != nil {
		mux.Handle("POST "+api.TyposPath, h.throttle(h.typoLimit, h.failJSON, h.typo))
		mux.HandleFunc(api.TyposPath, h.methodNotAllowed(http.MethodPost, h.failJSON))
	}
	mux.HandleFunc("GET "+api.DeadlinesPath, h.deadlines)
	mux.HandleFunc(api.DeadlinesPath, h.methodNotAllowed("GET, HEAD", h.failJSON))
	mux.HandleFunc("GET "+api.PendingPath, h.admin(h.pending))
	mux.HandleFunc(api.PendingPath, h.admin(h.methodNotAllowed(http.MethodGet, h.failJSON)))

	notFound := func(w http.ResponseWriter, r *http.Request) { h.fail(w, r, h.langs.Best(r), errNotFound) }
	mux.HandleFunc("/api", notFound)
	mux.HandleFunc("/api/", notFound)
	mux.HandleFunc("/", http.NotFound)
	return mux
}

// ServeHTTP answers a request. Every answer carries the site's security headers: the
// runtime adds them (from the _headers file) only to what it serves itself.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, sh := range headers.Security() {
		w.Header().Set(sh.Name, sh.Value)
	}
	h.mux.ServeHTTP(w, r)
}

// methodNotAllowed answers a method the path does not take, saying which it does.
func (h *Handler) methodNotAllowed(allow string, fail failFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		fail(w, r, h.langs.Best(r), errMethod)
	}
}
