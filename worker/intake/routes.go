package intake

import (
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"

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

	mux.Handle("POST "+api.ReportsPath, h.sameSite(h.fail, h.throttle(h.reportLimit, h.fail, h.submit)))
	mux.HandleFunc(api.ReportsPath, h.methodNotAllowed(http.MethodPost, h.fail))
	if h.typos != nil {
		mux.Handle("POST "+api.TyposPath, h.sameSite(h.failJSON, h.throttle(h.typoLimit, h.failJSON, h.typo)))
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

// ServeHTTP answers a request. Every answer carries the site's security headers, a 500
// too: the runtime adds them (from the _headers file) only to what it serves itself. A
// panic is answered as a fault on our side, in the visitor's language, and logged.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("the handler panicked", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
			clear(w.Header())
			h.secure(w)
			h.fail(w, r, h.langs.Best(r), errServer)
		}
	}()
	h.secure(w)
	h.mux.ServeHTTP(w, r)
}

// secure puts the security headers on an answer; the CSP admits Turnstile's widget when
// the form shows it.
func (h *Handler) secure(w http.ResponseWriter) {
	for _, sh := range headers.Security(h.turnstile != nil) {
		w.Header().Set(sh.Name, sh.Value)
	}
}

// sameSite refuses a post that a browser sent from another site's page, and lets the
// rest through to next. A page elsewhere could otherwise post a report in a visitor's
// name, or have the form sent back to them filled with its values. Browsers say where a
// request comes from in Sec-Fetch-Site, which no page can set; older ones say it in
// Origin. A request with neither is from no browser's page (an API client) and passes.
func (h *Handler) sameSite(fail failFunc, next http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if crossSite(r) {
			h.log.Warn("a post from another site refused", "origin", r.Header.Get("Origin"), "sec-fetch-site", r.Header.Get("Sec-Fetch-Site"))
			fail(w, r, h.langs.Best(r), errCrossSite)
			return
		}
		next.ServeHTTP(w, r)
	}
}

func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return false
	case "":
	default:
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host)
}

// methodNotAllowed answers a method the path does not take, saying which it does.
func (h *Handler) methodNotAllowed(allow string, fail failFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		fail(w, r, h.langs.Best(r), errMethod)
	}
}
