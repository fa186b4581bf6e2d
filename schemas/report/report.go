// Package report defines the abuse report as Go types: the one source from which the JSON
// Schema in schemas/report.schema.json is generated, and the value the Worker decodes a
// judged document into (Decode), stores with its history (Filed) and mails. A field's name
// is its json tag: code names one through the constants of names_gen.go, generated from
// the type, or goes through them all in the schema's order (Names, Group, Get). It also
// names the problems a report can have, so that the browser's validator and the Worker's
// agree on more than yes or no.
//
// It depends only on the standard library.
package report

import (
	"strconv"
	"strings"
)

// Report is what a reporter submits. The struct tags feed the schema generator: `json`
// names the property, `jsonschema` its constraints, and `jsonschema_extras` the hints the
// form is built from (x-widget, x-autocomplete). Which properties are required, and the
// allowed categories and languages, come from the rules data, not from here.
type Report struct {
	// Lang is the language the form was filled in; replies use it.
	Lang string `json:"lang" jsonschema:"title=Language" jsonschema_extras:"x-widget=hidden"`

	// Requester is who is reporting, one of the rules' requesters. An authority's case or
	// order, and who issued it, are asked of authorities only (x-group=authority).
	Requester string `json:"requester,omitempty" jsonschema:"title=Who is reporting" jsonschema_extras:"x-widget=select,x-first=yes"`
	// Category is what the report is about. It and Requester are the form's first
	// questions (x-first): the other fields show once both are answered, and only those
	// that the answers ask for.
	Category    string `json:"category,omitempty" jsonschema:"title=Category" jsonschema_extras:"x-widget=select,x-first=yes"`
	CaseNumber  string `json:"case_number,omitempty" jsonschema:"title=Case or order number,maxLength=200" jsonschema_extras:"x-group=authority,x-autocomplete=off"`
	IssuingBody string `json:"issuing_body,omitempty" jsonschema:"title=Issuing body,maxLength=500" jsonschema_extras:"x-group=authority,x-autocomplete=organization"`

	FullName        string `json:"full_name,omitempty" jsonschema:"title=Full name,maxLength=200" jsonschema_extras:"x-autocomplete=name"`
	Email           string `json:"email,omitempty" jsonschema:"title=E-mail,format=email,maxLength=254,pattern=^[^@\\s]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)+$" jsonschema_extras:"x-widget=email,x-autocomplete=email"`
	Phone           string `json:"phone,omitempty" jsonschema:"title=Phone,maxLength=40,pattern=^[+]?[(]?[0-9][0-9 ()./-]*[0-9]$" jsonschema_extras:"x-widget=tel,x-autocomplete=tel"`
	Company         string `json:"company,omitempty" jsonschema:"title=Company,maxLength=200" jsonschema_extras:"x-autocomplete=organization"`
	PostalAddress   string `json:"postal_address,omitempty" jsonschema:"title=Postal address,maxLength=500" jsonschema_extras:"x-widget=textarea,x-autocomplete=street-address"`
	BusinessAddress string `json:"business_address,omitempty" jsonschema:"title=Official business address,maxLength=500" jsonschema_extras:"x-widget=textarea,x-autocomplete=section-business street-address"`
	// ShareIdentity is "yes" when the reporter lets the abuse desk pass their name and
	// contact details to the customer complained about. It is a box left clear by default
	// (x-widget=consent): without it the part of the desk's mail meant for the customer
	// names the abuse desk as the reporter.
	ShareIdentity string `json:"share_identity,omitempty" jsonschema:"title=Name and contact may be passed to the customer,enum=yes" jsonschema_extras:"x-widget=consent"`

	// Resource is what of the provider's customers is abused or abusing, one a line, up
	// to MaxResources: its pattern is ResourcePattern, set by the schema generator.
	Resource string `json:"resource,omitempty" jsonschema:"title=Reported resources,maxLength=2000" jsonschema_extras:"x-widget=textarea,x-autocomplete=off"`
	// OccurredAt is when it happened, as an <input type=datetime-local> writes it: a wall
	// time on the clock OccurredOffset names, the provider's when it names none.
	OccurredAt string `json:"occurred_at,omitempty" jsonschema:"title=When it happened,maxLength=19,pattern=^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$" jsonschema_extras:"x-widget=datetime-local"`
	// OccurredOffset is the reporter's clock's offset from UTC at OccurredAt, as the
	// browser module, which knows their zone, fills it in; a form sent without JavaScript
	// has none, and its page says the provider's clock is meant.
	OccurredOffset string `json:"occurred_offset,omitempty" jsonschema:"title=UTC offset of the reporter's clock,maxLength=6,pattern=^[+-]([01][0-9]|2[0-3]):[0-5][0-9]$" jsonschema_extras:"x-widget=hidden"`
	Message        string `json:"message,omitempty" jsonschema:"title=Message,maxLength=20000" jsonschema_extras:"x-widget=textarea"`

	// The evidence. Which of these a category requires is data (rules.yaml, evidence:),
	// made into the schema's if/then; x-group puts them together in the form.

	// EvidenceURLs are links to the abuse, one a line, http(s) only: a javascript: or
	// data: link must never reach the staff who click on them.
	EvidenceURLs    string `json:"evidence_urls,omitempty" jsonschema:"title=Links to the evidence,maxLength=5000,pattern=^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*(\\s*\\n\\s*[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*)*$" jsonschema_extras:"x-widget=textarea,x-group=evidence,x-autocomplete=off"`
	RightsDocuments string `json:"rights_documents,omitempty" jsonschema:"title=Documents proving the rights,maxLength=5000" jsonschema_extras:"x-widget=textarea,x-group=evidence"`
	// Channel is how spam came; each channel asks for its own evidence (Channels).
	Channel        string `json:"channel,omitempty" jsonschema:"title=How it came" jsonschema_extras:"x-widget=select,x-group=evidence"`
	MessageHeaders string `json:"message_headers,omitempty" jsonschema:"title=Full message headers,maxLength=50000" jsonschema_extras:"x-widget=textarea,x-group=evidence"`
	// Sender and ReceivedText are a message's that came by other than e-mail: a phone
	// number, an account or a nickname, and the text as received.
	Sender       string `json:"sender,omitempty" jsonschema:"title=Sender,maxLength=500" jsonschema_extras:"x-group=evidence,x-autocomplete=off"`
	ReceivedText string `json:"received_text,omitempty" jsonschema:"title=Text as received,maxLength=5000" jsonschema_extras:"x-widget=textarea,x-group=evidence"`
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
	// RightsDeclaration is "yes" once the reporter has ticked the box of the rules'
	// rights declaration, which the categories of intellectual property require.
	RightsDeclaration string `json:"rights_declaration,omitempty" jsonschema:"title=Rights declaration,enum=yes" jsonschema_extras:"x-widget=checkbox"`
}

// Declared is the one value of Report.Declaration, RightsDeclaration and ShareIdentity:
// the box was ticked.
const Declared = "yes"

// IdentityShared says whether the reporter agreed that their name and contact may be
// passed to the customer (ShareIdentity). Not ticking the box, and any report from before
// the box existed, is no.
func (r *Report) IdentityShared() bool { return r.ShareIdentity == Declared }

// EvidenceGroup is the x-group of the evidence fields, and AuthorityGroup that of what
// an authority says of its case. A field of a group shows only once something asks for
// it (a category, a channel, an authority); the form's other fields always show.
const (
	EvidenceGroup  = "evidence"
	AuthorityGroup = "authority"
)

// MaxResources is how many resources one report may name, one a line (ResourcePattern):
// each is a XARF report of its own in the mail.
const MaxResources = 20

// resourceLine is one reported resource: a http(s) URL; a host name, a dot in it, perhaps
// with a path (example.com/shop) or an IPv4 address with a prefix length; or an IPv6
// address, perhaps with one.
const resourceLine = `([Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+[^\s]*|[^\s/:.]+([.][^\s/:.]+)+[.]?(/[^\s]*)?|[0-9A-Fa-f]*:[0-9A-Fa-f:]*:[0-9A-Fa-f.]*(/[0-9]+)?)`

// ResourcePattern is the pattern of Report.Resource: one to MaxResources resources, one a
// line. (A struct tag cannot hold it: the schema generator reads commas there as the end
// of a value.)
var ResourcePattern = `^\s*` + resourceLine + `(\s*\n\s*` + resourceLine + `){0,` + strconv.Itoa(MaxResources-1) + `}\s*$`

// Resources splits a Resource value into its resources.
func Resources(v string) []string { return strings.Fields(v) }

// Channel is a way spam comes by, and the evidence fields a report of it needs.
type Channel struct {
	ID       string
	Evidence []string
}

// Channels are the values of Report.Channel, in the order the form offers them: the full
// headers of an e-mail; the sender, time and text of a message by SMS, in a messenger or
// on IRC, which carry no headers a reporter can copy.
var Channels = []Channel{
	{"email", []string{FieldMessageHeaders}},
	{"sms", []string{FieldSender, FieldOccurredAt, FieldReceivedText}},
	{"messenger", []string{FieldSender, FieldOccurredAt, FieldReceivedText}},
	{"irc", []string{FieldSender, FieldOccurredAt, FieldReceivedText}},
}

// The fields an authority fills in about its case, besides attaching the order.
var AuthorityFields = []string{FieldCaseNumber, FieldIssuingBody}

// ReporterFields are the fields that say who the reporter is, in the order the customer's
// summary lists them when the reporter agreed to be named (an authority's case and issuer
// it gives whatever they chose). The privacy notice's table of them reads the same list,
// so it names everything the customer can receive.
var ReporterFields = []string{
	FieldRequester, FieldFullName, FieldCompany, FieldEmail, FieldPhone,
	FieldPostalAddress, FieldBusinessAddress, FieldCaseNumber, FieldIssuingBody,
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
