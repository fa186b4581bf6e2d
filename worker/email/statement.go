package email

import (
	"fmt"
	"strings"
	"time"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
)

// Decided is a decision a statement of reasons is written of: the report's reference,
// category, requester and time of receipt (what its case keeps), the report itself while
// it is kept (nil once its retention took it), and the decision.
type Decided struct {
	Reference, Category, Requester string
	Received                       time.Time
	Report                         *report.Filed
	Decision                       report.Event
}

// Contest is the policy's section on how a customer contests a measure, as the site
// publishes it in the provider's language: its path on the site, and whether the legal
// team has still to approve it (its text carries a LEGAL REVIEW mark).
type Contest struct {
	Path        string
	LegalReview bool
}

// Statement is the statement of reasons (EU Digital Services Act, Art. 17) the desk sends a
// customer whose service it restricted: in words, for the customer, and as the DSA
// Transparency Database has it.
type Statement struct {
	Title    string
	Sections []Section
	// LegalReview says the section on contesting the decision that it links to has not
	// been approved by the legal team yet: the desk checks with them before sending it.
	LegalReview bool
	DSA         api.StatementOfReasons
}

// Section is one part of a statement: its heading and its text, lines ending in \n.
type Section struct{ Heading, Text string }

// Text is the statement as plain text, lines ending in \n: the title, then each section
// under its heading.
func (s Statement) Text() string {
	var b strings.Builder
	b.WriteString(s.Title + "\n")
	for _, sec := range s.Sections {
		b.WriteString("\n" + sec.Heading + "\n" + sec.Text)
	}
	return b.String()
}

// The DSA Transparency Database's values a statement of this site takes.
const (
	// incompatibleCategory is the database's category for what only the provider's terms
	// forbid: a decision in it is taken on DECISION_GROUND_INCOMPATIBLE_CONTENT, every
	// other on DECISION_GROUND_ILLEGAL_CONTENT (README: the desk's side).
	incompatibleCategory = "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"
	groundIllegal        = "DECISION_GROUND_ILLEGAL_CONTENT"
	groundIncompatible   = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
	// A person's notice is one under Art. 16; a court's, law enforcement's or a competent
	// organization's is another kind of notification. The provider has no trusted
	// flaggers.
	sourceNotice = "SOURCE_ARTICLE_16"
	sourceOther  = "SOURCE_TYPE_OTHER_NOTIFICATION"
	// A person decides every case; nothing is detected or decided by automated means.
	automatedDetection = "No"
	automatedDecision  = "AUTOMATED_DECISION_NOT_AUTOMATED"
	// The database's visibility restrictions are a list; the others one value.
	visibilityField = "decision_visibility"
	provisionField  = "decision_provision"
)

// The database's limits on its free-text fields, in characters.
const (
	dsaGroundMax       = 500
	dsaExplanationMax  = 2000
	dsaDecisionFactMax = 5000
)

// Statement writes the statement of reasons of d, in the provider's language: the
// restriction and its scope, when it applied, the facts the report gives (without the
// reporter's identity unless they agreed to be named: the customer's summary's words and
// redaction), the ground (the category's rule in the policy, linked), that no automated
// means detected or decided it, and how the customer can contest it (contest, the
// policy's own section, linked). ok is false when the decision restricted nothing: its
// outcome takes no measure. It is a pure function of its arguments, so whoever tells the
// customer (the desk's page, a message) writes the same.
func (w *Writer) Statement(d Decided, contest Contest) (s Statement, ok bool, err error) {
	outcome, found := w.rules.Outcome(d.Decision.Outcome)
	if !found || !outcome.Measure {
		return Statement{}, false, nil
	}
	measure, found := w.rules.Measure(d.Decision.Measure)
	if !found {
		return Statement{}, false, fmt.Errorf("email: statement of %s: measure %q is not in the rules", d.Reference, d.Decision.Measure)
	}
	cat, found := w.rules.Category(d.Category)
	if !found {
		return Statement{}, false, fmt.Errorf("email: statement of %s: category %q is not in the rules", d.Reference, d.Category)
	}
	lang := w.lang()
	site := strings.TrimSuffix(w.provider.Website, "/")
	policyURL := site + api.PagePath(lang, api.PolicyPage) + "#category-" + cat.ID
	applied := d.Decision.At.In(w.rules.Location)

	hide := func(s string) string { return s }
	resource := ""
	var facts strings.Builder
	facts.WriteString(w.words.Text(lang, "statement.facts_intro", "received", w.words.DateTime(lang, d.Received.In(w.rules.Location)), "category", cat.Title[lang], "ref", d.Reference) + "\n")
	if d.Report != nil {
		hide = w.redactor(&d.Report.Report, d.Report.Report.IdentityShared())
		resource = strings.Join(strings.Fields(hide(d.Report.Report.Resource)), ", ")
		w.facts(&facts, lang, &d.Report.Report, d.Received, len(d.Report.Files), hide)
	} else {
		facts.WriteString(w.words.Text(lang, "statement.facts_gone") + "\n")
	}

	restriction := w.words.Text(lang, "statement.restriction_text", "measure", measure.Title[lang], "applied", w.words.DateTime(lang, applied))
	if resource != "" {
		restriction += "\n" + w.words.Text(lang, "statement.scope", "resource", resource)
	}
	rule := cat.Rule[lang]
	if rule == "" {
		rule = cat.Title[lang]
	}
	ground := w.words.Text(lang, "statement.ground_text", "category", cat.Title[lang], "rule", rule, "url", policyURL)
	contestText := w.words.Text(lang, "statement.contest_text", "url", site+contest.Path, "mailbox", w.provider.AbuseMailbox, "ref", d.Reference)
	s = Statement{
		Title: w.words.Text(lang, "statement.title", "ref", d.Reference, "provider", w.provider.LegalEntity[lang]),
		Sections: []Section{
			{w.words.Text(lang, "statement.restriction"), restriction + "\n"},
			{w.words.Text(lang, "statement.facts"), facts.String()},
			{w.words.Text(lang, "statement.ground"), ground + "\n"},
			{w.words.Text(lang, "statement.automated"), w.words.Text(lang, "statement.automated_text") + "\n"},
			{w.words.Text(lang, "statement.contest"), contestText + "\n"},
		},
		LegalReview: contest.LegalReview,
	}

	dsa := api.StatementOfReasons{
		DecisionGroundReferenceURL: policyURL,
		Category:                   cat.DSACategory,
		DecisionFacts:              clip(strings.TrimSpace(facts.String()), dsaDecisionFactMax),
		SourceType:                 sourceNotice,
		AutomatedDetection:         automatedDetection,
		AutomatedDecision:          automatedDecision,
		ApplicationDate:            applied.Format(time.DateOnly),
		PUID:                       d.Reference,
	}
	switch measure.DSAField {
	case visibilityField:
		dsa.DecisionVisibility = []string{measure.DSAValue}
	case provisionField:
		dsa.DecisionProvision = measure.DSAValue
	default:
		return Statement{}, false, fmt.Errorf("email: statement of %s: measure %s names the database's field %q, not %s or %s", d.Reference, measure.ID, measure.DSAField, visibilityField, provisionField)
	}
	if requester, ok := w.rules.Requester(d.Requester); ok && requester.Authority {
		dsa.SourceType = sourceOther
	}
	legalGround := clip(w.words.Text(lang, "statement.dsa_ground", "provider", w.provider.LegalEntity[lang], "category", cat.Title[lang]), dsaGroundMax)
	if cat.DSACategory == incompatibleCategory {
		dsa.DecisionGround = groundIncompatible
		dsa.IncompatibleContentGround, dsa.IncompatibleContentExplanation = legalGround, clip(rule, dsaExplanationMax)
	} else {
		dsa.DecisionGround = groundIllegal
		dsa.IllegalContentLegalGround, dsa.IllegalContentExplanation = legalGround, clip(rule, dsaExplanationMax)
	}
	s.DSA = dsa
	return s, true, nil
}
