package intake

import (
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"

	"abusedesk/schemas/api"
	"abusedesk/site/headers"
)

// A route is what one path of the Worker answers: a handler for each method it takes (a
// GET one answers HEAD too), and, to any other method, a 405 saying which it takes.
type route struct {
	methods map[string]http.HandlerFunc
	allow   string
	refuse  http.HandlerFunc
}

// routes are the paths the Worker answers, each exactly: the site's root and the API. The
// rest of the static site is served by the runtime before a request ever reaches the
// Worker. A path of the API asked with a method it does not take gets a 405 in the
// visitor's language; any other path of the API a 404 in it. A table rather than
// http.ServeMux: the mux's patterns cost a fresh isolate more to register than the rest of
// the handler does to build, and the Worker has a handful of fixed paths.
func (h *Handler) routes() map[string]route {
	rs := map[string]route{
		"/": {
			methods: map[string]http.HandlerFunc{http.MethodGet: h.root},
			allow:   "GET, HEAD",
			refuse: func(w http.ResponseWriter, r *http.Request) {
				writePlain(w, api.Outcomes.PlainMethodNotAllowed, "")
			},
		},
		api.ReportsPath: {
			methods: map[string]http.HandlerFunc{http.MethodPost: h.sameSite(h.fail, h.throttle(h.reportLimit, h.fail, h.submit))},
			allow:   http.MethodPost,
			refuse:  h.refuse(h.fail),
		},
		api.DeadlinesPath: {
			methods: map[string]http.HandlerFunc{http.MethodGet: h.deadlines},
			allow:   "GET, HEAD",
			refuse:  h.refuse(h.failJSON),
		},
		api.PendingPath: {
			methods: map[string]http.HandlerFunc{http.MethodGet: h.admin(h.pending)},
			allow:   "GET, HEAD",
			refuse:  h.admin(h.refuse(h.failJSON)),
		},
		// The desk's tools record a step of a report's case (decisionRoute).
		decisionRoute: {
			methods: map[string]http.HandlerFunc{http.MethodPost: h.admin(h.decide)},
			allow:   http.MethodPost,
			refuse:  h.admin(h.refuse(h.failJSON)),
		},
		// One path a report: api.ReportPath and its reference (reportRoute).
		reportRoute: {
			methods: map[string]http.HandlerFunc{http.MethodGet: h.admin(h.held), http.MethodDelete: h.admin(h.erase)},
			allow:   "GET, HEAD, DELETE",
			refuse:  h.admin(h.refuse(h.failJSON)),
		},
	}
	h.statusRoutes(rs)
	h.xarfRoutes(rs)
	if h.typos != nil {
		rs[api.TyposPath] = route{
			methods: map[string]http.HandlerFunc{http.MethodPost: h.sameSite(h.failJSON, h.throttle(h.typoLimit, h.failJSON, h.typo))},
			allow:   http.MethodPost,
			refuse:  h.refuse(h.failJSON),
		}
	}
	return rs
}

// reportRoute and decisionRoute are the keys of the routes' paths with a part that
// varies: a report, by its reference, under api.ReportPath, and the step its case takes
// (api.DecisionPath). The desk's pages (api.DeskPath) are served apart (serveDesk).
const (
	reportRoute   = api.ReportPath + "{reference}"
	decisionRoute = api.ReportPath + "{reference}" + api.DecisionSuffix
)

// ServeHTTP answers a request. Every answer carries the site's security headers, a 500
// too: the runtime adds them (from the _headers file) only to what it serves itself. A
// panic is answered as a fault on our side, in the visitor's language, and logged.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("the handler panicked", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
			clear(w.Header())
			h.secure(w)
			h.fail(w, r, h.langs.Best(r), api.Outcomes.ServerError)
		}
	}()
	h.secure(w)
	rt, ok := h.paths[r.URL.Path]
	if rest, found := strings.CutPrefix(r.URL.Path, api.ReportPath); !ok && found && rest != "" && !strings.Contains(rest, "/") {
		rt, ok = h.paths[reportRoute]
	}
	if _, found := decisionRef(r.URL.Path); !ok && found {
		rt, ok = h.paths[decisionRoute]
	}
	if !ok {
		rt, ok = h.statusRouteOf(r.URL.Path)
	}
	if !ok {
		rt, ok = h.xarfRouteOf(r.URL.Path)
	}
	switch {
	case !ok && strings.HasPrefix(r.URL.Path, api.DeskPath):
		h.serveDesk(w, r)
	case ok:
		rt.serve(w, r)
	case r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/"):
		h.fail(w, r, h.langs.Best(r), api.Outcomes.NotFound)
	default:
		// As http.NotFound words it.
		writePlain(w, api.Outcomes.PlainNotFound, "404 page not found")
	}
}

func (rt route) serve(w http.ResponseWriter, r *http.Request) {
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	if serve, ok := rt.methods[method]; ok {
		serve(w, r)
		return
	}
	w.Header().Set("Allow", rt.allow)
	rt.refuse(w, r)
}

// refuse answers a method the path does not take.
func (h *Handler) refuse(fail failFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		fail(w, r, h.langs.Best(r), api.Outcomes.MethodNotAllowed)
	}
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
			fail(w, r, h.langs.Best(r), api.Outcomes.CrossSite)
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
