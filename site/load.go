package site

import (
	"fmt"
	"io/fs"

	"abusedesk/content"
	"abusedesk/schemas"
)

// Load reads a content tree as the generator and the preview server use it: the rules, the
// form's view of the schema, the zone the browser needs, and every page. It also checks
// the XARF mapping of the rules' categories.
func Load(fsys fs.FS) (*Site, error) {
	rules, err := content.LoadRules(fsys)
	if err != nil {
		return nil, err
	}
	spec, err := schemas.FormSpec()
	if err != nil {
		return nil, err
	}
	zone, err := content.ZoneData(rules.Location.String())
	if err != nil {
		return nil, fmt.Errorf("loading the zone for the browser: %w", err)
	}
	provider, err := content.LoadProvider(fsys, rules.Languages)
	if err != nil {
		return nil, err
	}
	// The site does not show the XARF mapping, but the Worker refuses to start without a
	// valid one: checking it here makes `make check` (sitegen -check) and the build name
	// its problems, file and line, before a deploy does.
	if _, err := content.LoadXARF(fsys, rules); err != nil {
		return nil, err
	}
	return New(fsys, rules, spec, WithZoneData(zone), WithProvider(provider))
}
