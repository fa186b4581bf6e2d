package policy

import "time"

// Deadlines are what the provider promises for one complaint, all in the provider's zone.
type Deadlines struct {
	Received time.Time
	// Clock is what the review is counted on: the category's clock.
	Clock Clock
	// ReviewStarts is when staff can start on it: the receipt itself on the calendar
	// clock or in working time, else the next start of working time.
	ReviewStarts time.Time
	// ProcessedBy is when the review ends and the customer has been notified: receipt
	// plus ProcessWithin on Clock, or sooner where that would leave the customer's hours
	// (or the review itself) running past SettledBy (Sooner).
	ProcessedBy time.Time
	// Sooner says ProcessedBy was brought forward so that the customer's time ends, and
	// the report is decided on, within the settlement limit: the rules' days are the outer
	// limit, and the review gives way to them, never the customer's hours.
	Sooner bool
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
		Received:  received,
		Clock:     c.Clock,
		SettledBy: DateOf(received).AddDays(r.SettleWithinDays+1).At(0, r.Location).Add(-time.Second),
		Response:  c.Response,
	}
	if c.Clock == CalendarClock {
		d.ReviewStarts = received
		d.ProcessedBy = received.Add(r.ProcessWithin)
	} else {
		d.ReviewStarts = r.NextWorkingStart(received)
		d.ProcessedBy = r.AddWorkingTime(received, r.ProcessWithin)
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
	hours := time.Duration(0)
	if c.Response.Kind == RespondWithin && (!c.Response.OnClaim || d.Claim == ClaimFiled) {
		hours = time.Duration(c.Response.Hours) * time.Hour
	}
	// The customer's hours run from the notice, which the review ends with; both end by
	// the settlement limit, so where they would not the review is due sooner.
	if latest := d.SettledBy.Add(-hours); d.ProcessedBy.After(latest) {
		d.ProcessedBy, d.Sooner = latest, true
		if d.ProcessedBy.Before(received) {
			d.ProcessedBy = received
		}
	}
	if hours > 0 {
		d.RespondBy = d.ProcessedBy.Add(hours)
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
