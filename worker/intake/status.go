package intake

import "abusedesk/schemas/api"

// The reporter's side of a report's case: its private status link, handed out with the
// receipt. The token is package links' keyed digest of the reference, so the Worker keeps
// nothing to look it up by, and every post of one report gets the same link.

// statusLink is the reporter's private status link to the report ref, on the status page
// of lang; empty when the Worker has no link secret, and the receipt then names none.
func (h *Handler) statusLink(lang, ref string) string {
	if h.links == nil {
		return ""
	}
	return api.StatusLink(h.website, lang, ref, h.links.StatusToken(ref))
}
