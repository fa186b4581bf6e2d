// Package schemas is the contract every report and typo note is held to: their JSON
// Schemas, generated from the Go types of package report and the rules data, the
// authoritative validators built on them, and the form's view of the report schema
// (FormSpec) that the form and the browser's small validator are made from. Its
// sub-packages hold the other contracts between the site, the browser module and the
// Worker: the Worker's HTTP interface (api), the form page's elements (dom), the kinds of
// file (attachment).
package schemas

//go:generate go run ./gen -dir .
