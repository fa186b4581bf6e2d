package intake

import (
	"net/http"

	"abusedesk/schemas/api"
	"abusedesk/site/rootpage"
)

// root answers GET and HEAD / with the root page the generator wrote, the language
// negotiated from Accept-Language first (package rootpage). On that page lang.js goes
// (location.replace) to the language the visitor chose before, if any, else to the
// negotiated one. The answer varies with Accept-Language, and says so to caches.
func (h *Handler) root(w http.ResponseWriter, r *http.Request) {
	lang := h.langs.Best(r)
	w.Header().Set("Vary", "Accept-Language")
	page, err := h.assets.Read(r.Context(), "/")
	if err != nil {
		// Without the page the visitor can still be taken somewhere sensible.
		h.log.Error("reading the root page", "err", err)
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, "/"+lang+"/", api.Outcomes.RootRedirect.Status)
		return
	}
	page = rootpage.Edit(page, lang)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	// Small, and changed by every deploy: always asked for again.
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(api.Outcomes.Root.Status)
	if r.Method == http.MethodGet {
		w.Write(page)
	}
}
