package intake

import (
	"net/http"
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
				http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			},
		},
		api.ReportsPath: {
			methods: map[string]http.HandlerFunc{http.MethodPost: h.throttle(h.reportLimit, h.fail, h.submit)},
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
	}
	if h.typos != nil {
		rs[api.TyposPath] = route{
			methods: map[string]http.HandlerFunc{http.MethodPost: h.throttle(h.typoLimit, h.failJSON, h.typo)},
			allow:   http.MethodPost,
			refuse:  h.refuse(h.failJSON),
		}
	}
	return rs
}

// ServeHTTP answers a request. Every answer carries the site's security headers: the
// runtime adds them (from the _headers file) only to what it serves itself.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, sh := range headers.Security() {
		w.Header().Set(sh.Name, sh.Value)
	}
	rt, ok := h.paths[r.URL.Path]
	switch {
	case ok:
		rt.serve(w, r)
	case r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/"):
		h.fail(w, r, h.langs.Best(r), errNotFound)
	default:
		http.NotFound(w, r)
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
		fail(w, r, h.langs.Best(r), errMethod)
	}
}
