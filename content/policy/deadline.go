package policy

import "time"

// Deadlines are what the provider promises for one complaint, all in the provider's zone.
type Deadlines struct {
	Received time.Time
	// ReviewStarts is the receipt itself in working time, else the next start of it.
	ReviewStarts time.Time
	// ProcessedBy is receipt plus ProcessWithin on the rules' ProcessClock.
	ProcessedBy time.Time
	// SettledBy is the last second of the SettleWithinDays-th calendar day after receipt.
	SettledBy time.Time
	// Response is the accused customer's time, for this complaint's category.
	Response Response
	// Claim says, for a category whose hours start on a claim, whether this complaint is
	// that claim.
	Claim Claim
	// RespondBy is the latest the customer must have answered: Response.Hours on the
	// calendar clock after being notified, which happens by ProcessedBy at the latest. It
	// is zero when the category has no such deadline or its clock has not started.
	RespondBy time.Time
}

// Claim is whether a complaint of a category whose hours start on a claim
// (Response.OnClaim) is that claim.
type Claim int

const (
	// ClaimUnknown: who complains is not known (the form's preview, before they say).
	ClaimUnknown Claim = iota
	// ClaimFiled: an authority complains, and its complaint is the claim; the customer's
	// hours start with it.
	ClaimFiled
	// ClaimElsewhere: someone else complains. The provider does not decide such disputes:
	// the claim must come through a court, law enforcement or a competent organization.
	ClaimElsewhere
)

// Name says in one word whether the complaint is the claim: unknown, filed or elsewhere.
func (c Claim) Name() string { return [...]string{"unknown", "filed", "elsewhere"}[c] }

// ResponseName is what the report's customer is given, as Response.Name says it, once its
// claim is known: a category whose hours start on a claim, reported by an authority, is
// the claim, and its customer has those hours to respond.
func (d Deadlines) ResponseName() string {
	if d.Response.OnClaim && d.Claim == ClaimFiled {
		return RespondWithinName
	}
	return d.Response.Name()
}

// Deadlines computes the deadlines for a complaint of category c by requester q (nil when
// not known) received at t.
func (r *Rules) Deadlines(c *Category, q *Requester, received time.Time) Deadlines {
	received = received.In(r.Location)
	d := Deadlines{
		Received:     received,
		ReviewStarts: r.NextWorkingStart(received),
		ProcessedBy:  r.processedBy(received),
		SettledBy:    DateOf(received).AddDays(r.SettleWithinDays+1).At(0, r.Location).Add(-time.Second),
		Response:     c.Response,
	}
	if c.Response.OnClaim {
		switch {
		case q == nil:
			d.Claim = ClaimUnknown
		case q.Authority:
			d.Claim = ClaimFiled
		default:
			d.Claim = ClaimElsewhere
		}
	}
	if c.Response.Kind == RespondWithin && (!c.Response.OnClaim || d.Claim == ClaimFiled) {
		d.RespondBy = d.ProcessedBy.Add(time.Duration(c.Response.Hours) * time.Hour)
	}
	return d
}

// RespondByAfter is the latest the customer must answer once actually notified at
// notified: the category's hours on the calendar clock from then, as RespondBy counts them
// from the latest notice. Zero when RespondBy is: the category gives no such time, or its
// clock has not started.
func (d Deadlines) RespondByAfter(notified time.Time) time.Time {
	if d.RespondBy.IsZero() {
		return time.Time{}
	}
	return notified.Add(time.Duration(d.Response.Hours) * time.Hour)
}

// processedBy is when a complaint received at t is processed, on the rules' clock.
func (r *Rules) processedBy(t time.Time) time.Time {
	if r.ProcessClock == CalendarClock {
		return t.Add(r.ProcessWithin)
	}
	return r.AddWorkingTime(t, r.ProcessWithin)
}
