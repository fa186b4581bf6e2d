// Package report defines the abuse report as Go types: the one source from which the JSON
// Schema in schemas/report.schema.json is generated, and the shape the Worker decodes,
// stores and mails. It also names the problems a report can have, so that the browser's
// validator and the Worker's agree on more than yes or no.
//
// It depends only on the standard library.
package report

// Report is what a reporter submits. The struct tags feed the schema generator: `json`
// names the property, `jsonschema` its constraints, and `jsonschema_extras` the hints the
// form is built from (x-widget, x-autocomplete). Which properties are required, and the
// allowed categories and languages, come from the rules data, not from here.
type Report struct {
	// Lang is the language the form was filled in; replies use it.
	Lang string `json:"lang" jsonschema:"title=Language" jsonschema_extras:"x-widget=hidden"`

	FullName        string `json:"full_name,omitempty" jsonschema:"title=Full name,maxLength=200" jsonschema_extras:"x-autocomplete=name"`
	Email           string `json:"email,omitempty" jsonschema:"title=E-mail,format=email,maxLength=254,pattern=^[^@\\s]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)+$" jsonschema_extras:"x-widget=email,x-autocomplete=email"`
	Phone           string `json:"phone,omitempty" jsonschema:"title=Phone,maxLength=40,pattern=^[+]?[(]?[0-9][0-9 ()./-]*[0-9]$" jsonschema_extras:"x-widget=tel,x-autocomplete=tel"`
	Company         string `json:"company,omitempty" jsonschema:"title=Company,maxLength=200" jsonschema_extras:"x-autocomplete=organization"`
	PostalAddress   string `json:"postal_address,omitempty" jsonschema:"title=Postal address,maxLength=500" jsonschema_extras:"x-widget=textarea,x-autocomplete=street-address"`
	BusinessAddress string `json:"business_address,omitempty" jsonschema:"title=Official business address,maxLength=500" jsonschema_extras:"x-widget=textarea,x-autocomplete=section-business street-address"`

	Category string `json:"category,omitempty" jsonschema:"title=Category" jsonschema_extras:"x-widget=select"`
	Message  string `json:"message,omitempty" jsonschema:"title=Message,maxLength=20000" jsonschema_extras:"x-widget=textarea"`
}

// Code names a kind of problem with one field.
type Code string

// The problems a field can have. Both validators report only these.
const (
	Required Code = "required" // missing or blank
	TooLong  Code = "too_long" // more characters than the schema's maxLength
	BadEmail Code = "email"    // not an e-mail address
	BadValue Code = "pattern"  // does not match the field's pattern
	NotOneOf Code = "enum"     // not one of the allowed values
	Unknown  Code = "unknown"  // a property the schema does not define
)

// Problem is one thing wrong with one field of a report.
type Problem struct {
	Field string `json:"field"`
	Code  Code   `json:"code"`
	// Limit is the bound that was crossed, for TooLong.
	Limit int `json:"limit,omitempty"`
}
