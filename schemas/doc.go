// Package schemas is the contract every report and typo note is held to: their JSON
// Schemas, generated from the Go types of package report and the rules data, and the
// form's view of the report schema (FormSpec) that the form and the browser's small
// validator are made from. Its sub-packages: the types themselves (report), the
// authority on what is valid (authority), the browser's small validator (browsercheck),
// the generator of the schemas (gen), and the other contracts between the site, the
// browser module and the Worker: the Worker's HTTP interface (api) and the form page's
// elements (dom). The contracts stand on the rules (package content and below) and
// import nothing of the programs above them.
package schemas

//go:generate go run ./gen -dir .
