package report

import "time"

// Filed is a report once accepted: numbered, dated and kept until it is mailed, with
// everything needed to mail it again, by anyone, at any later time, and what has become of
// it since. It is what the Worker stores (as JSON, so its tags are a format kept in
// storage: a field is added with omitempty, never renamed; package worker/delivery reads
// the older shapes) and what its mail is made of. The package imports no encoding/json
// for it: the browser module, which links this package for Report, must not carry it.
type Filed struct {
	Reference string    `json:"reference"`
	Received  time.Time `json:"received"`
	// Lang is the language the reporter used; the answers they got were in it.
	Lang string `json:"lang"`
	// Report is what the reporter sent, as the authority passed it: strings, trimmed.
	Report Report `json:"report"`
	// Declared are the words of the declaration the reporter made, as the form showed
	// them in Lang: the rules' words may change before the report is mailed.
	Declared string `json:"declared,omitempty"`
	// DeclaredRights are the words of the rights declaration the reporter made too, in a
	// category that asks for it.
	DeclaredRights string `json:"declared_rights,omitempty"`
	// Files describe the attached files, in order; their bytes are kept beside.
	Files []FileInfo `json:"attachments,omitempty"`
	// Key names the object that holds the claim of the idempotency key the report was
	// posted with, if any, so that erasing the report erases it too.
	Key string `json:"key,omitempty"`
	// Confirm says a confirmation of receipt was promised to the reporter's address.
	Confirm bool `json:"confirm,omitempty"`
	// History is what has become of the report, oldest first: received, then forwarded
	// to the abuse desk, and what comes after. A report stored before it was kept has
	// none; State reads such a report as received.
	History []Event `json:"history,omitempty"`
	// Machine is set on a report a machine reporter posted through the API rather than
	// the form: which of the operator's keys sent it, and the report as they sent it.
	Machine *Machine `json:"machine,omitempty"`
}

// State is where a report stands. The reporter's status page and the machine reporters'
// API name the states alike, in this order.
type State string

const (
	// Received: kept, and the reporter told so with a reference.
	Received State = "received"
	// Forwarded: the abuse desk's mailbox took it.
	Forwarded State = "forwarded"
	// CustomerNotified: the desk told the customer; the customer's time runs from then.
	CustomerNotified State = "customer_notified"
	// Decided: the desk recorded its decision (Event.Outcome). A decision recorded again
	// corrects the one before; both stay in the history.
	Decided State = "decided"
)

// Answered marks an event that changes no state: the customer's answer, which the desk
// records for itself (Event.Answer). The reporter is not shown it.
const Answered State = "customer_answered"

// Event is one step of a report's history: the state it entered, when, who recorded it,
// and for a decision what was decided.
type Event struct {
	State State     `json:"state"`
	At    time.Time `json:"at"`
	// By is who recorded it, when the desk did: the identity Cloudflare Access vouched for,
	// else how the desk reached it (the desk's link, the operator's API).
	By string `json:"by,omitempty"`
	// Outcome names the decision (policy.Outcome), with the measure taken when the outcome
	// asks for one (policy.Measure), the reference of the report this one repeats when it
	// is a duplicate, and the note for the reporter the desk chose (policy.Note), if any.
	Outcome   string `json:"outcome,omitempty"`
	Measure   string `json:"measure,omitempty"`
	Duplicate string `json:"duplicate,omitempty"`
	Note      string `json:"note,omitempty"`
	// Answer is the customer's answer, in the desk's words, on an Answered event.
	Answer string `json:"answer,omitempty"`
}

// State is the state the report is in: its history's last state, or Received.
func (f *Filed) State() State { return StateOf(f.History) }

// StateOf is the state a history leaves a report in: the last state entered, Received
// when none.
func StateOf(history []Event) State {
	for i := len(history) - 1; i >= 0; i-- {
		if s := history[i].State; s != Answered {
			return s
		}
	}
	return Received
}

// Decision is the history's last decision; ok is false while there is none.
func Decision(history []Event) (ev Event, ok bool) {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].State == Decided {
			return history[i], true
		}
	}
	return Event{}, false
}

// Enter records that the report entered state s at t.
func (f *Filed) Enter(s State, t time.Time) {
	f.History = append(f.History, Event{State: s, At: t.UTC()})
}

// Machine is what a report posted by a machine reporter carries besides the report: the
// id of the key it was sent with and whose the key is, and its own XARF document, kept as
// it came (JSON; a client token taken out, and a report of child sexual abuse material's
// evidence), with its report_id.
type Machine struct {
	Key      string `json:"key"`
	Name     string `json:"name,omitempty"`
	XARF     string `json:"xarf,omitempty"`
	ReportID string `json:"report_id,omitempty"`
	// Unattached counts the evidence items that travel only inside XARF, as base64: the
	// rules take no file of their kind. Dropped counts those dropped unread (a report of a
	// category that takes no files, child sexual abuse material).
	Unattached int `json:"unattached,omitempty"`
	Dropped    int `json:"dropped,omitempty"`
}

// FileInfo describes one attached file.
type FileInfo struct {
	// Name is the reporter's name for the file, for display only.
	Name string `json:"name"`
	// Kind is what content/attachment.Sniff told from its first bytes.
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"` // lower-case hex
	Size   int    `json:"size"`
}

// File is one attached file with its bytes.
type File struct {
	FileInfo
	Data []byte
}
