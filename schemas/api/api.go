// Package api is the Worker's HTTP interface as Go values, the one definition both sides
// use: the paths it answers (api.go), the fields and the header a post carries beside the
// report, the JSON of its answers as types (api.go), and the one table of its outcomes,
// every way it answers with its status, the code a program tells it by and the message
// key of its words (Outcomes, outcomes.go; outcomes.json is the same table for the tests
// in Node, written by schemas/gen). The Worker writes these types with a small writer of
// its own that agrees with encoding/json, and chooses every status from Outcomes; the
// browser module reads the answers with a small JSON reader of its own, which a test
// there holds to these types, and tells them apart by their codes; the form page posts to
// ReportsPath.
package api

import (
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// The paths the Worker answers; the site's other paths are its static pages.
const (
	// ReportsPath takes a report: JSON, a form, or a multipart form with files.
	ReportsPath = "/api/reports"
	// TyposPath takes a reader's typo note, as JSON.
	TyposPath = "/api/typos"
	// DeadlinesPath answers what a report's deadlines would be.
	DeadlinesPath = "/api/deadlines"
	// PendingPath lists, for an operator, the reports not yet delivered.
	PendingPath = "/api/admin/pending"
	// ReportPath, followed by a reference, is one stored report, which an operator may
	// look up (GET: what is held, as Held) or erase (DELETE).
	ReportPath = "/api/admin/reports/"
)

// FormPage is the form page's key, which is also its file's name in each language
// (content/pages/<lang>/report.md).
const FormPage = "report"

// FormPath is where the site has the form page of lang; the Worker answers a form sent
// without JavaScript with that page, refilled.
func FormPath(lang string) string { return "/" + lang + "/" + FormPage + "/" }

// The pages the form, the footer and the reporter's confirmation link to, by key (also
// their files' names, content/pages/<lang>/<key>.md): the privacy notice, and what a
// customer complained about can expect.
const (
	PrivacyPage = "privacy"
	ExpectPage  = "expect"
)

// PagePath is where the site has the page of key in lang.
func PagePath(lang, key string) string { return "/" + lang + "/" + key + "/" }

// StatusPage is the key of the reporter's status page (content/pages/<lang>/status.md): a
// form asking for a report's reference and its token, which the site serves as it is; the
// same path carrying both (StatusRefParam, StatusTokenParam) is the Worker's, which
// answers how the report stands.
const StatusPage = "status"

// The status page's query parameters: the report's reference and its status token.
const (
	StatusRefParam   = "ref"
	StatusTokenParam = "token"
)

// StatusLink is the reporter's private status link to the report ref: the status page of
// lang on the site at website (the provider's web address), with the reference and the
// token that opens it. Both go in unescaped: a reference is letters, digits and hyphens,
// and a token base64url (package worker/links), which a URL carries as they are; this
// package links no net/url, which would bring fmt into the browser module.
func StatusLink(website, lang, ref, token string) string {
	return strings.TrimSuffix(website, "/") + PagePath(lang, StatusPage) + "?" + StatusRefParam + "=" + ref + "&" + StatusTokenParam + "=" + token
}

// StatusPath is where a script asks how the report ref stands (GET, the status token as a
// bearer credential): the status page's answer as JSON (Status).
func StatusPath(ref string) string { return ReportsPath + "/" + ref + StatusSuffix }

// StatusSuffix ends StatusPath, after the reference.
const StatusSuffix = "/status"

// The fields a report's post may carry beside the report's own, which the schema does not
// admit: the Worker takes them out before the report is judged.
const (
	// HoneypotField is a text field people never see or reach: a post with it filled in
	// is from a script that fills in every field it finds.
	HoneypotField = "website"
	// IdempotencyField carries the key the browser made for one report (wasm/form.js), so
	// that sending the same report twice gives one reference and one mail. A client of
	// the API sends IdempotencyHeader instead.
	IdempotencyField = "idempotency_key"
	// TurnstileField is where Cloudflare Turnstile's widget puts its token.
	TurnstileField = "cf-turnstile-response"
	// TurnstileAction is the action of the form's Turnstile widget: a token issued on
	// another widget of the site is no token for a report.
	TurnstileAction = "report"
	// AttachmentsField is the form's name for its files.
	AttachmentsField = "attachments"
)

// ExtraFields are the fields a report's post may carry beside the report's own.
var ExtraFields = []string{HoneypotField, IdempotencyField, TurnstileField}

// IdempotencyHeader carries the key a client made for one report: posting the same key
// again returns the first post's reference and sends nothing.
const IdempotencyHeader = "Idempotency-Key"

// Receipt is the answer (Outcomes.Accepted) to an accepted report sent as JSON.
type Receipt struct {
	Reference string `json:"reference"`
	// Received is RFC 3339 on the provider's clock.
	Received string `json:"received"`
	// Deadlines are the receipt's sentences, in the report's language.
	Deadlines []string `json:"deadlines"`
	// Schedule is what DeadlinesPath answers for this report.
	Schedule Deadlines `json:"schedule"`
	// IdentityShared says the reporter let the customer learn who complained; false, the
	// customer is told the report comes from the abuse desk.
	IdentityShared bool `json:"identity_shared"`
	// Confirmation says a confirmation of receipt is on its way to the reporter's
	// address; false when the Worker sends none (not configured, no address given, or
	// the address or the client has had its share of them today).
	Confirmation bool `json:"confirmation"`
	// Notice says the desk's decision will be mailed to the reporter, who gave an address;
	// false, the status page alone will show it.
	Notice bool `json:"notice"`
	// StatusURL is the reporter's private status link (StatusLink), the same however often
	// the report is posted; absent when the Worker hands out none (no LINK_SECRET).
	StatusURL string `json:"status_url,omitempty"`
}

// Held is the answer (Outcomes.Held) to an operator's look-up of a report at ReportPath: what is
// kept of it, counts and dates, nothing the reporter wrote.
type Held struct {
	Reference string `json:"reference"`
	// Received and Delivered are RFC 3339, UTC; Delivered is empty until the abuse mailbox
	// took the report.
	Received  string `json:"received,omitempty"`
	Delivered string `json:"delivered,omitempty"`
	// Pending: still to be mailed; SetAside: refused by the mailbox for good;
	// Confirmation: the reporter's confirmation still to be sent.
	Pending      bool `json:"pending"`
	SetAside     bool `json:"set_aside"`
	Confirmation bool `json:"confirmation"`
	Files        int  `json:"files"`
	// CaseSteps counts the steps the desk recorded in the report's case (the customer
	// notified, their answer, decisions) and NoticesSent the decision notices the reporter
	// was sent, which the case records; both are kept after the report, for the case's own
	// period. NoticesWaiting counts the notices still to be sent.
	CaseSteps      int `json:"case_steps"`
	NoticesSent    int `json:"notices_sent"`
	NoticesWaiting int `json:"notices_waiting"`
	// Objects counts everything kept of it: the report, its files, its key, its markers,
	// its case.
	Objects int `json:"objects"`
}

// Erased is the answer (Outcomes.Erased) to an operator's erasure of a report at ReportPath.
type Erased struct {
	Reference string `json:"reference"`
	// Objects counts what was deleted: the report, its files, its key and its markers.
	Objects int `json:"objects"`
}

// Problems is the answer (Outcomes.Invalid, TypoInvalid) to a report or a note that has
// problems.
type Problems struct {
	// Error is the outcome's code, as an Error's: "invalid".
	Error    string    `json:"error"`
	Problems []Problem `json:"problems"`
}

// Problem is one problem of a refused report, with its message in the report's language,
// so the form's script can show it as it is.
type Problem struct {
	Field   string      `json:"field"`
	Code    report.Code `json:"code"`
	Message string      `json:"message"`
	// File is the file's name, for a problem of one attached file (Field is
	// AttachmentsField, Code "file_" and a policy.FileProblem).
	File string `json:"file,omitempty"`
}

// MailTooLarge is the Code of the problem of a report whose files, with its text, would
// make a mail larger than the abuse mailbox takes (Field is AttachmentsField).
const MailTooLarge report.Code = "mail_too_large"

// Error is the answer to a request that is not a report at all, or to a failure.
type Error struct {
	// Error is the outcome's code (Outcome.Code), which a program tells it by, like
	// "too_large".
	Error string `json:"error"`
	// Message says what happened, in the request's language.
	Message string `json:"message"`
}

// Thanks is the answer (Outcomes.Thanks) to a typo note taken.
type Thanks struct {
	Message string `json:"message"`
}

// Deadlines are one report's deadlines: the times in RFC 3339 on the provider's clock, the
// customer's response, and the same in sentences in the asked language.
type Deadlines struct {
	Category     string `json:"category"`
	Lang         string `json:"lang"`
	Received     string `json:"received"`
	ReviewStarts string `json:"review_starts"`
	ProcessedBy  string `json:"processed_by"`
	// SettledBy is when the report is decided on; absent for a claim the provider does
	// not decide (one that must come through a court, law enforcement or a competent
	// organization), whose sentences say so.
	SettledBy string   `json:"settled_by,omitempty"`
	Sooner    bool     `json:"sooner,omitempty"`
	Clock     string   `json:"clock"`
	Response  Response `json:"response"`
	Sentences []string `json:"sentences"`
}

// Response is the accused customer's time: kind is respond_within (hours after being
// notified, by respond_by at the latest), on_claim (hours that start with a claim: claim
// is filed when this report is it, an authority's, and then respond_by is set; elsewhere
// when the claim must come through an authority; unknown when who reports is not known),
// blocked_at_once, disabled_when_verified, advisory or case_by_case.
type Response struct {
	Kind      string `json:"kind"`
	Hours     int    `json:"hours,omitempty"`
	Claim     string `json:"claim,omitempty"`
	RespondBy string `json:"respond_by,omitempty"`
}

// NewDeadlines writes d, the deadlines of a report of category cat under the rules, for
// lang in its words.
func NewDeadlines(words *i18n.Catalog, rules *policy.Rules, cat *policy.Category, lang string, d policy.Deadlines) Deadlines {
	rfc := func(t time.Time) string { return t.Format(time.RFC3339) }
	resp := Response{Kind: d.Response.Name(), Hours: d.Response.Hours}
	if d.Response.OnClaim {
		resp.Claim = d.Claim.Name()
	}
	if !d.RespondBy.IsZero() {
		resp.RespondBy = rfc(d.RespondBy)
	}
	out := Deadlines{
		Category: cat.ID, Lang: lang, Received: rfc(d.Received), ReviewStarts: rfc(d.ReviewStarts),
		ProcessedBy: rfc(d.ProcessedBy), Sooner: d.Sooner, Clock: "working", Response: resp,
		Sentences: words.Deadlines(lang, rules, cat, d),
	}
	if d.Clock == policy.CalendarClock {
		out.Clock = "calendar"
	}
	if settled := i18n.Decided(d); !settled.IsZero() {
		out.SettledBy = rfc(settled)
	}
	return out
}

// Pending is the operator's listing at PendingPath (Outcomes.Pending).
type Pending struct {
	// Pending are the reports stored and not yet delivered, oldest first.
	Pending []PendingReport `json:"pending"`
	// Dead are the reports the delivery queue gave up on; the sweep goes on trying them.
	Dead []PendingReport `json:"dead"`
	// Refused are the reports the mailbox refused for good (too large, malformed): set
	// aside, tried no more, kept in the bucket for the operator.
	Refused []PendingReport `json:"refused"`
	// Confirmations are the reporters' confirmations not yet sent; the sweep goes on
	// trying each for a while (policy.ConfirmationWithin).
	Confirmations []PendingReport `json:"confirmations"`
}

// PendingReport is one report of the operator's listing.
type PendingReport struct {
	Reference string `json:"reference"`
	// Since is when the report was stored, when the queue gave up on it, or when the
	// mailbox refused it (RFC 3339, UTC).
	Since string `json:"since"`
	// Reason is why the mailbox refused it, for a report set aside.
	Reason string `json:"reason,omitempty"`
}
