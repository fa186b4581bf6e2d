// Package schemas holds the contracts between the site and the Worker: the JSON Schemas of
// an abuse report and of a reader's typo note, generated from the Go types of package
// report and the rules data, and the authoritative validators built on them.
package schemas

//go:generate go run ./gen -dir .
