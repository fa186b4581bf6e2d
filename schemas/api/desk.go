package api

// The desk's side of a report's case: the private page its mail links to, on which it
// records what it did and decided (DeskPath), the same for its own tools with the
// operator's token (DecisionPath), and the statement of reasons a restricted customer is
// owed (StatementOfReasons).

// DeskPath, followed by a reference, is the desk's page of that report, opened with the
// signed link its mail carries: the query parameters DeskExpires (Unix seconds) and
// DeskToken (links.Signer.DeskToken of the reference and that time). A GET shows the
// case; a POST of its form records one step. DeskPath + reference + "/" + StatementFile,
// with the same parameters, is the statement of reasons as JSON.
const (
	DeskPath      = "/desk/"
	DeskExpires   = "e"
	DeskToken     = "t"
	StatementFile = "statement.json"
)

// PolicyPage is the complaints policy's key (content/pages/<lang>/policy.md): a statement
// of reasons links its rules (#category-<id>) and its section on contesting a measure
// (#ContestSection).
const (
	PolicyPage     = "policy"
	ContestSection = "contest"
)

// DecisionPath is where the desk's own tools record a step of the case of ref, with the
// operator's token (a POST of a Step): ReportPath, the reference, then /decision.
func DecisionPath(ref string) string { return ReportPath + ref + DecisionSuffix }

// DecisionSuffix ends DecisionPath.
const DecisionSuffix = "/decision"

// Step is what the desk records in a case through DecisionPath (as JSON) or its page (the
// same names, as a form): State is customer_notified, customer_answered or decided.
type Step struct {
	State string `json:"state"`
	// At is when it happened, RFC 3339; empty, now. The page's form gives it on the
	// provider's clock instead, as a datetime-local field does.
	At string `json:"at,omitempty"`
	// Outcome, and the Measure it asks for, the Duplicate reference it asks for, and the
	// Note for the reporter chosen by its id: for decided.
	Outcome   string `json:"outcome,omitempty"`
	Measure   string `json:"measure,omitempty"`
	Duplicate string `json:"duplicate,omitempty"`
	Note      string `json:"note,omitempty"`
	// Answer is the customer's answer, for customer_answered.
	Answer string `json:"answer,omitempty"`
	// ExpectedStep, when given, is the number the step must take in the case's history
	// (Case.Steps as the client last read it): a step sent again, or after someone else
	// recorded one, is refused with Outcomes.DeskChanged instead of recorded twice.
	ExpectedStep *int `json:"expected_step,omitempty"`
}

// The names of Step's fields as the desk page's form posts them, beside Step's own
// (state, at, outcome, measure, duplicate, note, answer).
const (
	// StepField carries the number of steps the case had when the form was made: the
	// form records its step only while the case still has that many (a one-use nonce).
	StepField = "step"
)

// Case is a report's case as the desk sees it: the answer (Outcomes.CaseRecorded) to a
// step recorded through DecisionPath, and, with Error "step_taken", to one that was not
// (Outcomes.DeskChanged). Nothing the reporter wrote is in it.
type Case struct {
	// Error is the outcome's code on a refusal; empty on success.
	Error     string `json:"error,omitempty"`
	Reference string `json:"reference"`
	Category  string `json:"category"`
	// Received and Forwarded are RFC 3339, UTC; Forwarded is empty until the abuse
	// mailbox took the report.
	Received  string `json:"received"`
	Forwarded string `json:"forwarded,omitempty"`
	// State is where the case stands (report.StateOf), and Steps how many steps its
	// history has: the expected_step of the next one.
	State   string      `json:"state"`
	Steps   int         `json:"steps"`
	History []CaseEvent `json:"history"`
	// Statement is the statement of reasons of the case's decision, when that decision
	// restricted the customer's service.
	Statement *StatementOfReasons `json:"statement_of_reasons,omitempty"`
}

// CaseEvent is one step of a case's history (report.Event), its time RFC 3339, UTC.
type CaseEvent struct {
	State     string `json:"state"`
	At        string `json:"at"`
	By        string `json:"by,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
	Measure   string `json:"measure,omitempty"`
	Duplicate string `json:"duplicate,omitempty"`
	Note      string `json:"note,omitempty"`
	Answer    string `json:"answer,omitempty"`
}

// StatementOfReasons is the statement of reasons (EU DSA Art. 17) of a decision that
// restricted a customer's service, with the DSA Transparency Database's field names and
// values, for providers that keep such records (Outcomes.Statement). content_type,
// territorial_scope and the like, which the report does not tell, are the desk's to add.
type StatementOfReasons struct {
	// The restriction, as the measure names it (policy.Measure's DSAField and DSAValue):
	// DecisionVisibility (a list, as the database has it) or DecisionProvision.
	DecisionVisibility []string `json:"decision_visibility,omitempty"`
	DecisionProvision  string   `json:"decision_provision,omitempty"`
	// DecisionGround is DECISION_GROUND_ILLEGAL_CONTENT or
	// DECISION_GROUND_INCOMPATIBLE_CONTENT; the ground and its explanation follow under
	// that ground's names. DecisionGroundReferenceURL links the policy's rule.
	DecisionGround                 string `json:"decision_ground"`
	DecisionGroundReferenceURL     string `json:"decision_ground_reference_url"`
	IllegalContentLegalGround      string `json:"illegal_content_legal_ground,omitempty"`
	IllegalContentExplanation      string `json:"illegal_content_explanation,omitempty"`
	IncompatibleContentGround      string `json:"incompatible_content_ground,omitempty"`
	IncompatibleContentExplanation string `json:"incompatible_content_explanation,omitempty"`
	Category                       string `json:"category"`
	DecisionFacts                  string `json:"decision_facts"`
	SourceType                     string `json:"source_type"`
	AutomatedDetection             string `json:"automated_detection"`
	AutomatedDecision              string `json:"automated_decision"`
	// ApplicationDate is the day the decision was recorded, YYYY-MM-DD.
	ApplicationDate string `json:"application_date"`
	// PUID is the report's reference.
	PUID string `json:"puid"`
}
