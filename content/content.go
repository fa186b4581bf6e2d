// Package content is everything the legal team edits, and the one loader that reads it:
// the rules of the complaints policy (rules.yaml), the words of the form and the site in
// every language (messages/), who publishes the site (provider.yaml), how each category
// is written in XARF (xarf.yaml) and which category a machine reporter's XARF report is
// filed under (xarf-inbound.yaml), the time zone's data (zoneinfo/) and the pages in each
// language (pages/). It embeds those files, so
// every program built from this module carries the same copy; Load reads and checks them
// together, with messages that name the file and line.
package content

import (
	"embed"
	"io/fs"
)

//go:generate go run ./zonegen

//go:embed rules.yaml provider.yaml xarf.yaml xarf-inbound.yaml messages pages zoneinfo
var files embed.FS

// FS returns the content tree built into the program.
func FS() fs.FS { return files }
