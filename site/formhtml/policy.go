package formhtml

// PolicyFile is where, in the site the generator writes, what the desk's statements of
// reasons need of the complaints policy is kept for the Worker (Policy).
const PolicyFile = "_worker/policy.json"

// Policy is what a statement of reasons needs of the complaints policy: by language, the
// section on how a customer contests a measure.
type Policy struct {
	Contest map[string]Section `json:"contest"`
}

// Section is a section of a page: its path on the site, fragment included, and whether
// the legal team has still to approve it (it carries a LEGAL REVIEW mark).
type Section struct {
	Path        string `json:"path"`
	LegalReview bool   `json:"legal_review"`
}
