package policy

// Outcome is one decision the abuse desk can record on a report, from a closed list the
// rules give, in the order its page offers them. The reporter's status page, their
// decision notice and the machine reporters' API say it in its words.
type Outcome struct {
	ID string
	// Measure means the desk names the measure it took (Measure), one of the report's
	// category's (Category.Measures): the customer's service was restricted, and the
	// customer is owed a statement of reasons.
	Measure bool
	// Duplicate means the desk names the reference of the report this one repeats.
	Duplicate bool
	// Title is the outcome in a few words; Meaning, what it means for the reporter and
	// what is open to them now, a sentence or two; both by language.
	Title   map[string]string
	Meaning map[string]string
}

// Measure is a restriction the desk can put on a customer's service, as the EU DSA's
// Art. 17 statement of reasons describes it.
type Measure struct {
	ID string
	// DSAField and DSAValue are how the DSA Transparency Database names the restriction:
	// decision_visibility (content removed, disabled) or decision_provision (service
	// suspended or ended, in part or in whole), and its value there.
	DSAField, DSAValue string
	Title              map[string]string
}

// Note is a message the desk may add to a decision for the reporter, chosen from the
// rules' templates, so that nothing the desk types reaches a reporter unreviewed.
type Note struct {
	ID   string
	Text map[string]string
}

// Outcome returns the outcome with the given ID.
func (r *Rules) Outcome(id string) (*Outcome, bool) {
	return find(r.Outcomes, id, func(o *Outcome) string { return o.ID })
}

// Measure returns the measure with the given ID.
func (r *Rules) Measure(id string) (*Measure, bool) {
	return find(r.Measures, id, func(m *Measure) string { return m.ID })
}

// Note returns the note with the given ID.
func (r *Rules) Note(id string) (*Note, bool) {
	return find(r.Notes, id, func(n *Note) string { return n.ID })
}

func find[T any](xs []T, id string, idOf func(*T) string) (*T, bool) {
	for i := range xs {
		if idOf(&xs[i]) == id {
			return &xs[i], true
		}
	}
	return nil, false
}
