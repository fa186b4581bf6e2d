package site

import (
	"io/fs"

	"abusedesk/content"
	"abusedesk/schemas"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
)

// Load reads a content tree as the generator and the preview server use it: everything
// content.Load checks (the rules, the provider, the XARF mapping the Worker will refuse to
// start without, the zone the browser needs), the form's view of the schema, and every
// page. form says what the form shows beside the report's fields.
func Load(fsys fs.FS, form formhtml.Options) (*Site, error) {
	c, err := content.Load(fsys, content.WithFields(report.Names(), report.Group(report.EvidenceGroup)))
	if err != nil {
		return nil, err
	}
	return New(fsys, c, schemas.FormSpec(), form)
}
