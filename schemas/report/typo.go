package report

// Typo is a reader's note about a mistake on a page of the site, sent by the page's typo
// script: the text they selected, the page it is on, and what they want to say about it.
// As with Report, the tags feed the schema generator (schemas/typo.schema.json); the
// languages, and so the pages that exist, come from the rules data.
type Typo struct {
	// Lang is the language of the page; the answer uses it.
	Lang string `json:"lang" jsonschema:"title=Language"`
	// Page is the site path of the page, e.g. /uk/policy/.
	Page      string `json:"page" jsonschema:"title=Page,maxLength=200"`
	Selection string `json:"selection" jsonschema:"title=Selected text,minLength=1,maxLength=500"`
	Comment   string `json:"comment,omitempty" jsonschema:"title=Comment,maxLength=1000"`
	// Context is the text around the selection, so the editors can find it.
	Context string `json:"context,omitempty" jsonschema:"title=Surrounding text,maxLength=1000"`
}
