// Package dom is the form page's contract between the HTML the site generator and the
// Worker write (package site/formhtml, the page's template) and the browser module and
// loader that find its elements (wasm/, wasm/form.js): the elements' ids and classes, each
// in one list, and the receipt as a tree of elements, which each side builds its own way.
// JavaScript and CSS cannot import it: a test of the site (site/dom_test.go) holds the
// pages, form.js, typo.js and app.css to it.
package dom

import (
	"strings"

	"abusedesk/content/i18n"
)

// The ids of the form page's elements.
const (
	Form              = "report-form"   // the form
	FormData          = "form-data"     // the JSON the module reads: the schema's fields, the rules
	Fields            = "form-fields"   // what the reporter fills in, hidden while they review it
	ErrorSummary      = "error-summary" // the list of problems above the form
	ErrorSummaryTitle = "error-summary-title"
	Preview           = "deadline-preview" // the live deadline preview
	PreviewChoose     = "preview-choose"   // its first words, until a category is chosen
	Evidence          = "evidence"         // the evidence fields' fieldset
	EvidenceIntro     = "evidence-intro"
	EvidenceNone      = "evidence-none"
	DraftNote         = "draft-note" // says the draft is kept in the browser
	Review            = "review"     // the review step, with the declaration
	ReviewTitle       = "review-title"
	ReviewIntro       = "review-intro"
	ReviewSummary     = "review-summary" // what the reporter entered, listed on the review step
	Submit            = "submit"
	ReviewChange      = "review-change" // leaves the review step
	ClearForm         = "clear-form"
	Status            = "form-status"    // the status region a screen reader reads out
	Receipt           = "receipt"        // the receipt, in place of the form once it is sent
	ReceiptTitle      = "receipt-title"  // its heading, which the module brings into view and focuses
	PrivacyNotice     = "privacy-notice" // the short notice above the send button
)

// A field NAME of the form has the control NAME, in the element Wrapper(NAME) with its
// error message Error(NAME) and, when it has them, its hint Hint(NAME) and the categories
// that need it, Needed(NAME).
func Wrapper(field string) string { return "field-" + field }
func Error(field string) string   { return field + "-error" }
func Hint(field string) string    { return field + "-hint" }
func Needed(field string) string  { return field + "-needed" }

// NeededWhen(NAME, VALUE) is a hint of the field NAME that holds for one answer alone, VALUE
// of the field it names (a category that lets the field out, a spam channel that needs
// it): shown only while that answer is given.
func NeededWhen(field, value string) string { return Needed(field) + "-" + value }

// Warning(ID) is what the form says of the category ID, when the rules give it a warning:
// shown without JavaScript for every such category, and by the module for the chosen one.
// Each has the class WarningClass.
func Warning(category string) string { return "warning-" + category }

// The classes of the form's and the receipt's elements: what the HTML writes, the module,
// form.js and typo.js look up or set, and app.css styles. Each is named …Class (the test
// reads them so).
const (
	FieldClass        = "field"          // a field's wrapper: label, hints, error message, control
	FieldErrorClass   = "field--error"   // added to a field's wrapper while it has a problem
	CheckClass        = "field--check"   // added to the wrapper of a box, set beside its words
	ConsentClass      = "field--consent" // added to the wrapper of the box that shares the reporter's name
	ErrorMessageClass = "error-message"  // a field's problem, the element Error(NAME)
	HintClass         = "hint"           // a field's hint, or a note beside the fields
	NeededClass       = "needed"         // added to the hint Needed(NAME)
	OptionalClass     = "optional"       // "(optional)" in a label, which the module hides on a field it requires
	TrapClass         = "trap"           // the honeypot's wrapper, off screen (never display:none)
	ErrorSummaryClass = "error-summary"
	PreviewClass      = "preview"
	EvidenceClass     = "evidence" // the evidence fields' fieldset
	WarningClass      = "category-warning"
	ReviewClass       = "review"
	ReviewListClass   = "review-list" // what the reporter entered, listed by the module on the review step
	NoteClass         = "note"
	ActionsClass      = "actions"   // the buttons' row
	SecondaryClass    = "secondary" // a button other than Send
	StatusClass       = "status"
	ReceiptClass      = "receipt"
	ReferenceClass    = "reference" // the receipt's paragraph that gives the reference
	// ReferenceNumberClass is the reference itself within it, which never breaks across
	// lines (at its hyphens, as a phone would break it).
	ReferenceNumberClass = "reference-number"
	// The status page's (site/formhtml's StatusPage): the list of a report's states, each
	// state, one reached, and the decision.
	StepsClass    = "steps"
	StepClass     = "step"
	StepDoneClass = "step--done"
	DecisionClass = "decision"
	// UnapprovedClass marks a value the legal team has not approved (a <mark>), and
	// UnapprovedLabelClass the words beside it that say so.
	UnapprovedClass      = "unapproved"
	UnapprovedLabelClass = "unapproved-label"
	// TurnstileClass is the element Cloudflare Turnstile's script fills with its widget:
	// Cloudflare's name, not ours.
	TurnstileClass = "cf-turnstile"
)

// Node is an element the Worker writes as HTML and the module creates in the DOM. Its
// text is text on both sides, never markup; its children follow its text.
type Node struct {
	Tag, ID, Class, Text string
	// Href is a link's address (Tag "a"): only one of ours, which the Worker made (the
	// status link), never one a reporter typed.
	Href string
	// Focusable lets a script move focus to the element (tabindex="-1").
	Focusable bool
	Children  []Node
}

// NewReceipt is the receipt of a report accepted with the reference ref, in lang in its
// words, and the page's title while it shows: its heading, the reference, the private
// status link when there is one (notes.StatusURL) with the words to keep it, then one
// paragraph a line of Catalog.Receipt (what to do with the number, the deadlines, what
// happens next, what becomes of the reporter's name and whether a confirmation comes).
func NewReceipt(words *i18n.Catalog, lang, ref string, deadlines []string, notes i18n.ReceiptNotes) (title string, n Node) {
	title = words.Text(lang, "receipt.title")
	// The reference stands apart from its words, so it can be kept on one line.
	before, after, _ := strings.Cut(words.Text(lang, "receipt.reference", "ref", "\x00"), "\x00")
	reference := Node{Tag: "p", Class: ReferenceClass, Text: before, Children: []Node{{Tag: "strong", Class: ReferenceNumberClass, Text: ref}}}
	if after != "" {
		reference.Children = append(reference.Children, Node{Tag: "span", Text: after})
	}
	n = Node{Tag: "div", ID: Receipt, Class: ReceiptClass, Focusable: true, Children: []Node{
		{Tag: "h1", ID: ReceiptTitle, Text: title, Focusable: true},
		reference,
	}}
	if notes.StatusURL != "" {
		n.Children = append(n.Children, Node{Tag: "p", Text: words.Text(lang, "receipt.status") + " ", Children: []Node{
			{Tag: "a", Href: notes.StatusURL, Text: notes.StatusURL},
		}})
	}
	for _, line := range words.Receipt(lang, deadlines, notes) {
		n.Children = append(n.Children, Node{Tag: "p", Text: line})
	}
	return title, n
}
