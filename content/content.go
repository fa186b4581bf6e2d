// Package content is everything the legal team edits: the rules of the complaints policy
// (rules.yaml) and the pages in each language (pages/). It embeds those files, so every
// program built from this module carries the same copy, and it loads and checks them with
// messages that name the file and line.
package content

import (
	"embed"
	"io/fs"
)

//go:generate go run ./zonegen

//go:embed rules.yaml provider.yaml xarf.yaml pages zoneinfo
var files embed.FS

// FS returns the content tree built into the program.
func FS() fs.FS { return files }
