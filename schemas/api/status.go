package api

// Status is how a report stands, as its reporter may see it: the answer (Outcomes.Status)
// at StatusPath to a script, and what the status page shows a person. It holds nothing the
// reporter wrote, so a link passed on shows little: the reference, the states and their
// dates, the decision in the rules' words, and the deadlines the receipt gave.
type Status struct {
	Reference string `json:"reference"`
	// Lang is the language of the words below: the one asked for, else the report's.
	Lang string `json:"lang"`
	// State is where the report stands: the last of States reached. Its name is the
	// machine reporters' too (report.State).
	State string `json:"state"`
	// States are every state a report passes through, in order, each reached or not yet.
	States []StatusStep `json:"states"`
	// Decision is the desk's decision, the last one recorded (a decision can be
	// corrected); absent while there is none.
	Decision *Decision `json:"decision,omitempty"`
	// Deadlines are those the receipt gave, for the report's category, who reported it and
	// when it was received; absent when the rules no longer know its category.
	Deadlines *Deadlines `json:"deadlines,omitempty"`
}

// StatusStep is one state of a report: its name (report.State), its title in Lang, and
// when it was reached, RFC 3339 on the provider's clock, or empty while it is not.
type StatusStep struct {
	State string `json:"state"`
	Title string `json:"title"`
	At    string `json:"at,omitempty"`
	// Until is, for the customer notified, until when the customer's time to answer runs
	// (the category's hours after being notified); empty when the category gives none.
	Until string `json:"until,omitempty"`
}

// Decision is what the desk decided about a report, in the rules' words in Lang.
type Decision struct {
	// Outcome names it (policy.Outcome's ID); Title and Meaning are its words.
	Outcome string `json:"outcome"`
	Title   string `json:"title"`
	Meaning string `json:"meaning"`
	// DecidedAt is when, RFC 3339 on the provider's clock.
	DecidedAt string `json:"decided_at"`
	// Measure names the restriction put on the customer's service, with its title, when
	// the outcome is one (policy.Measure).
	Measure      string `json:"measure,omitempty"`
	MeasureTitle string `json:"measure_title,omitempty"`
	// Duplicate is the reference of the report this one repeats, for a duplicate.
	Duplicate string `json:"duplicate,omitempty"`
	// Note is the desk's note to the reporter, one of the rules' templates, in its words.
	Note string `json:"note,omitempty"`
}
