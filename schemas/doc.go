// Package schemas holds the contract between the form and the Worker: the JSON Schema of
// an abuse report, generated from the Go types of package report and the rules data, and
// the authoritative validator built on it.
package schemas

//go:generate go run ./gen -o report.schema.json
