// Package policy is the provider's complaint policy as Go values: the categories of abuse,
// the time each gives the accused customer, the working-time calendar, and the deadlines
// that follow from them.
//
// It is the domain at the centre of abusedesk. It depends on nothing but the standard
// library so that the site generator, the browser module and the Worker can all compute the
// same deadlines from the same rules. The rules themselves are data, loaded by package
// content from the files the legal team edits.
package policy

import (
	"slices"
	"time"
)

// Rules is the whole policy: one value, loaded once, shared by every page and request.
type Rules struct {
	// Location is the provider's time zone; every deadline is computed on its wall clock.
	Location *time.Location
	// Working is when staff handle complaints.
	Working WorkingTime
	// Holidays are the days off that fall on working weekdays.
	Holidays Holidays
	// ProcessWithin is counted from receipt on ProcessClock.
	ProcessWithin time.Duration
	ProcessClock  Clock
	// SettleWithinDays counts calendar days after the day of receipt; the complaint is
	// settled by the end of the last one.
	SettleWithinDays int
	// Categories are the kinds of abuse a complaint can be about, in display order.
	Categories []Category
	// Required names the report fields a reporter must fill in, unless the report's
	// category lets one out (Category.Optional).
	Required []string
	// Requesters are who may be reporting, in display order.
	Requesters []Requester
	// Languages are the public languages, the first being the default.
	Languages []string
	// Attachments limits the files a report may carry.
	Attachments Attachments
	// Declaration is what every reporter declares, by language, before a report is sent:
	// that it is accurate and complete to the best of their knowledge, in good faith. The
	// form shows it once they have reviewed what they entered, and the mail quotes it.
	Declaration map[string]string
	// RightsDeclaration is what a reporter of a category with RightsHolder declares too:
	// that they hold the rights concerned or may act for their holder.
	RightsDeclaration map[string]string
	// Retention is how long what reporters send is kept.
	Retention Retention
	// Outcomes are what the abuse desk can decide about a report, Measures what it can do
	// to a customer's service, and Notes the messages it may add for the reporter.
	Outcomes []Outcome
	Measures []Measure
	Notes    []Note
}

// Retention is how long what reporters send is kept, in whole days: what the privacy page
// says and the Worker's scheduled sweep does. A report the abuse mailbox has not yet taken
// is never deleted, whatever these say.
type Retention struct {
	// DeliveredReports counts from when the abuse mailbox took a report: then the report,
	// its files and everything kept beside it go.
	DeliveredReports int
	// IdempotencyKeys counts from a key's first post: then the key and the reference it
	// was given go. It is at most DeliveredReports, so no key outlives its report.
	IdempotencyKeys int
	// CaseRecords counts from the last step of a report's case (forwarded, the customer
	// notified, decided): then its case record goes, what the Worker keeps of the case
	// once the report itself is gone (its reference, category, dates, states and the
	// desk's decision, nothing the reporter wrote). The mail in the abuse mailbox is the
	// desk's to keep and delete, as the privacy page says.
	CaseRecords int
}

// Day is the unit of the retention periods.
const Day = 24 * time.Hour

// ConfirmationWithin is how long the Worker goes on trying to send a reporter the
// confirmation of their report: one that late confirms nothing the receipt page did not,
// and the address is not kept waiting for it any longer.
const ConfirmationWithin = 2 * Day

// Reports is how long a delivered report is kept after delivery.
func (r Retention) Reports() time.Duration { return time.Duration(r.DeliveredReports) * Day }

// Cases is how long a report's case record is kept after its last step.
func (r Retention) Cases() time.Duration { return time.Duration(r.CaseRecords) * Day }

// Keys is how long an idempotency key is kept after its first post.
func (r Retention) Keys() time.Duration { return time.Duration(r.IdempotencyKeys) * Day }

// Clock is how a span of hours is counted.
type Clock int

const (
	// WorkingClock counts only the working hours of working days.
	WorkingClock Clock = iota
	// CalendarClock counts every hour.
	CalendarClock
)

// Requester is who is reporting: a private person, a company, a rights holder, an
// authority.
type Requester struct {
	ID    string
	Title map[string]string
	// Authority is a court, law enforcement or a competent organization: its report is
	// the claim that starts the clock of a category whose hours start on one
	// (Response.OnClaim). It names its case or order and who issued it, and attaches the
	// order.
	Authority bool
	// RightsHolder is one who holds the rights concerned or acts for their holder: in a
	// category with Category.RightsHolder, it alone makes Rules.RightsDeclaration and
	// gives the category's RightsEvidence. Nobody else is asked to sign what is not true.
	RightsHolder bool
}

// Requester returns the requester with the given ID.
func (r *Rules) Requester(id string) (*Requester, bool) {
	for i := range r.Requesters {
		if r.Requesters[i].ID == id {
			return &r.Requesters[i], true
		}
	}
	return nil, false
}

// Attachments are the limits on the files attached to one report. Types name the kinds
// of file accepted, as package content/attachment tells them apart by their first bytes
// (pdf, png, jpeg, text, eml), never by their names.
type Attachments struct {
	MaxFiles      int
	MaxFileBytes  int64
	MaxTotalBytes int64
	Types         []string
}

// MailBase64Line is how many bytes of a file one line of a mail carries: 76 characters of
// base64, then CRLF.
const MailBase64Line = 57

// MailBase64Length is how long n bytes of a file are in the mail that carries them, in
// base64 lines of MailBase64Line bytes (worker/email writes them so). The Worker sizes its
// mail with it, exactly, and the rules' total on files is checked against the mailbox's
// limit with it.
func MailBase64Length(n int64) int64 {
	full, rest := n/MailBase64Line, n%MailBase64Line
	size := full * (76 + 2)
	if rest > 0 {
		size += (rest+2)/3*4 + 2
	}
	return size
}

// FileProblem names what is wrong with one attached file; "" is nothing.
type FileProblem string

// The problems a file can have.
const (
	FileTooLarge  FileProblem = "too_large" // over the per-file cap
	FilesTooLarge FileProblem = "total"     // would take the files kept over the total cap
	TooManyFiles  FileProblem = "too_many"  // beyond the number of files
	FileType      FileProblem = "type"      // none of the kinds allowed, by its first bytes
	FileEmpty     FileProblem = "empty"
	// FileRefused is any file at all with a report of a category that takes none
	// (Category.NoFiles).
	FileRefused FileProblem = "refused"
)

// Check judges the next file of a report, the files taken in the order they were
// attached: its size, its kind (as package content/attachment tells it from the first
// bytes; "" when none), and how many files were kept before it and what they weigh. A
// file with a problem is not kept. The browser module and the Worker both judge by it, so
// they refuse the same files for the same reasons.
func (a Attachments) Check(size int64, kind string, kept int, keptBytes int64) FileProblem {
	switch {
	case size > a.MaxFileBytes:
		return FileTooLarge
	case size == 0:
		return FileEmpty
	case kind == "" || !slices.Contains(a.Types, kind):
		return FileType
	case kept >= a.MaxFiles:
		return TooManyFiles
	case keptBytes+size > a.MaxTotalBytes:
		return FilesTooLarge
	}
	return ""
}

// Category is one kind of abuse and what it means for the accused customer.
type Category struct {
	ID string
	// Response is what the customer is given after being notified.
	Response Response
	// Clock is what the review's hours (Rules.ProcessWithin) are counted on for a report
	// of this category: the rules' ProcessClock, or the calendar clock for a kind that
	// cannot wait for Monday (an attack in progress, a botnet, phishing, child sexual
	// abuse material) whatever that setting is.
	Clock Clock
	// Title and Rule are the category's name and its special rule, by language.
	Title map[string]string
	Rule  map[string]string
	// Draft is whether the legal team has yet to approve some of the category's rule or
	// deadlines (rules.yaml's unapproved:): whatever states them says they may change.
	Draft bool
	// Evidence names the report's evidence fields a report of this category must fill in.
	Evidence []string
	// Optional names the fields of Rules.Required a report of this category may leave
	// out: a reporter of child sexual abuse material need not give their name.
	Optional []string
	// NoFiles means no file is accepted with a report of this category, whatever it holds:
	// its material must never be held, not even for a moment.
	NoFiles bool
	// Urgent marks the desk's mail urgent, and sends it to the provider's urgent mailbox
	// when there is one.
	Urgent bool
	// NoDraft means the form keeps no draft of a report of this category in the
	// browser's storage, and removes one kept before: what a reporter types about it must
	// not stay on their device after they leave the page.
	NoDraft bool
	// RightsHolder means a requester who holds rights (Requester.RightsHolder) also makes
	// Rules.RightsDeclaration and gives RightsEvidence; an authority gives its case and
	// order instead, and anyone else neither.
	RightsHolder bool
	// RightsEvidence names the evidence fields asked of a rights holder alone (the
	// documents proving the rights).
	RightsEvidence []string
	// Warning is what the form says when the category is chosen, by language; empty
	// when nothing.
	Warning map[string]string
	// Measures name what the desk may do to a customer's service over a report of this
	// category (Rules.Measures), in the order its page offers them.
	Measures []string
	// DSACategory is how the DSA Transparency Database names the category of a statement
	// of reasons about it (its category field).
	DSACategory string
}

// Requires reports whether a report of category c must fill in field, by Rules.Required
// and c's Evidence and Optional; c nil is a category not chosen yet.
func (r *Rules) Requires(c *Category, field string) bool {
	if c == nil {
		return slices.Contains(r.Required, field)
	}
	return slices.Contains(r.Required, field) && !slices.Contains(c.Optional, field) || slices.Contains(c.Evidence, field)
}

// FilesRequired reports whether a report of category c by requester q must attach a file:
// an authority's order, unless the category accepts no file.
func (r *Rules) FilesRequired(c *Category, q *Requester) bool {
	return q != nil && q.Authority && (c == nil || !c.NoFiles)
}

// ResponseKind says which clock, if any, the customer's response runs on.
type ResponseKind int

const (
	// RespondWithin gives the customer Response.Hours on the calendar clock.
	RespondWithin ResponseKind = iota
	// BlockedAtOnce means the service is blocked on receipt; there is nothing to wait for.
	BlockedAtOnce
	// Advisory means there is no deadline and no threat of blocking.
	Advisory
	// CaseByCase means staff read the report and decide what to do: no deadline is set
	// in advance.
	CaseByCase
	// DisabledWhenVerified means access to the material is disabled as soon as the report
	// is verified: the customer is given no time, and the material no longer reaches
	// anyone while the case goes on.
	DisabledWhenVerified
)

// Response is the time a category gives the accused customer.
type Response struct {
	Kind  ResponseKind
	Hours int
	// OnClaim means the hours start only when a claim from a court, law enforcement or a
	// competent organization arrives, not when the complaint does.
	OnClaim bool
}

// The names of what a category gives the customer (Response.Name).
const (
	RespondWithinName = "respond_within"
	OnClaimName       = "on_claim"
)

// Name says in one word what the response is: respond_within (hours after being
// notified), on_claim (hours that start with a claim from an authority), blocked_at_once,
// disabled_when_verified, advisory or case_by_case. What each means is said once, where it is said: the messages
// that word it are keyed by it (preview.<name>, receipt.next.<name>, resp.<name>,
// expect.<name>), and the API answers it as the response's kind.
func (r Response) Name() string {
	switch {
	case r.Kind == BlockedAtOnce:
		return "blocked_at_once"
	case r.Kind == Advisory:
		return "advisory"
	case r.Kind == CaseByCase:
		return "case_by_case"
	case r.Kind == DisabledWhenVerified:
		return "disabled_when_verified"
	case r.OnClaim:
		return OnClaimName
	}
	return RespondWithinName
}

// Category returns the category with the given ID.
func (r *Rules) Category(id string) (*Category, bool) {
	for i := range r.Categories {
		if r.Categories[i].ID == id {
			return &r.Categories[i], true
		}
	}
	return nil, false
}

// CategoryIDs lists the categories' IDs in display order.
func (r *Rules) CategoryIDs() []string {
	ids := make([]string, len(r.Categories))
	for i, c := range r.Categories {
		ids[i] = c.ID
	}
	return ids
}

// DeclaresRights reports whether a report of category c by requester q carries the rights
// declaration and c's RightsEvidence: a rights holder's in a category that asks for them.
// A court or the police, or a person with no rights of their own, is asked neither.
func (r *Rules) DeclaresRights(c *Category, q *Requester) bool {
	return c != nil && q != nil && c.RightsHolder && q.RightsHolder
}
