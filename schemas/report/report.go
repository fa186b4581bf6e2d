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
	// Resource is what of the provider's customers is abused or abusing: a URL, a domain
	// or an IP address, so no more than "no white space" can be asked of it.
	Resource string `json:"resource,omitempty" jsonschema:"title=Reported resource,maxLength=2000,pattern=^\\S+$" jsonschema_extras:"x-autocomplete=off"`
	// OccurredAt is when it happened, as an <input type=datetime-local> writes it.
	OccurredAt string `json:"occurred_at,omitempty" jsonschema:"title=When it happened,maxLength=19,pattern=^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$" jsonschema_extras:"x-widget=datetime-local"`
	Message    string `json:"message,omitempty" jsonschema:"title=Message,maxLength=20000" jsonschema_extras:"x-widget=textarea"`

	// The evidence. Which of these a category requires is data (rules.yaml, evidence:),
	// made into the schema's if/then; x-group puts them together in the form.

	// EvidenceURLs are links to the abuse, one a line, http(s) only: a javascript: or
	// data: link must never reach the staff who click on them.
	EvidenceURLs    string `json:"evidence_urls,omitempty" jsonschema:"title=Links to the evidence,maxLength=5000,pattern=^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*(\\s*\\n\\s*[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*)*$" jsonschema_extras:"x-widget=textarea,x-group=evidence,x-autocomplete=off"`
	RightsDocuments string `json:"rights_documents,omitempty" jsonschema:"title=Documents proving the rights,maxLength=5000" jsonschema_extras:"x-widget=textarea,x-group=evidence"`
	MessageHeaders  string `json:"message_headers,omitempty" jsonschema:"title=Full message headers,maxLength=50000" jsonschema_extras:"x-widget=textarea,x-group=evidence"`
	// SourceIP is one or more IPv4 or IPv6 addresses (with an optional prefix length),
	// separated by white space.
	SourceIP   string `json:"source_ip,omitempty" jsonschema:"title=Source IP addresses,maxLength=2000,pattern=^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])[.]){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])|[0-9A-Fa-f]*:[0-9A-Fa-f:]*:[0-9A-Fa-f.]*)(/[0-9]+)?(\\s+(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])[.]){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])|[0-9A-Fa-f]*:[0-9A-Fa-f:]*:[0-9A-Fa-f.]*)(/[0-9]+)?)*$" jsonschema_extras:"x-group=evidence,x-autocomplete=off"`
	Target     string `json:"target,omitempty" jsonschema:"title=Target,maxLength=500" jsonschema_extras:"x-group=evidence,x-autocomplete=off"`
	TimeWindow string `json:"time_window,omitempty" jsonschema:"title=Time window,maxLength=200" jsonschema_extras:"x-group=evidence,x-autocomplete=off"`
	Logs       string `json:"logs,omitempty" jsonschema:"title=Logs,maxLength=50000" jsonschema_extras:"x-widget=textarea,x-group=evidence"`

	// Declaration is "yes" once the reporter has ticked the box of the rules' declaration,
	// which the form shows after they have reviewed their report. The rules make it
	// required, so no report is sent without it.
	Declaration string `json:"declaration,omitempty" jsonschema:"title=Declaration,enum=yes" jsonschema_extras:"x-widget=checkbox"`
}

// Declared is the one value of Report.Declaration: the box was ticked.
const Declared = "yes"

// EvidenceGroup is the x-group of the evidence fields.
const EvidenceGroup = "evidence"

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
