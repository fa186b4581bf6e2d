package policy

import "time"

// Deadlines are what the provider promises for one complaint, all in the provider's zone.
type Deadlines struct {
	Received time.Time
	// ReviewStarts is the receipt itself in working time, else the next start of it.
	ReviewStarts time.Time
	// ProcessedBy is receipt plus ProcessWithin on the working-time clock.
	ProcessedBy time.Time
	// SettledBy is the last second of the SettleWithinDays-th calendar day after receipt.
	SettledBy time.Time
	// Response is the accused customer's time, for this complaint's category.
	Response Response
	// RespondBy is the latest the customer must have answered: Response.Hours on the
	// calendar clock after being notified, which happens by ProcessedBy at the latest. It
	// is zero when the category has no such deadline or its clock starts on a claim.
	RespondBy time.Time
}

// Deadlines computes the deadlines for a complaint of category c received at t.
func (r *Rules) Deadlines(c *Category, received time.Time) Deadlines {
	received = received.In(r.Location)
	d := Deadlines{
		Received:     received,
		ReviewStarts: r.NextWorkingStart(received),
		ProcessedBy:  r.AddWorkingTime(received, r.ProcessWithin),
		SettledBy:    DateOf(received).AddDays(r.SettleWithinDays+1).At(0, r.Location).Add(-time.Second),
		Response:     c.Response,
	}
	if c.Response.Kind == RespondWithin && !c.Response.OnClaim {
		d.RespondBy = d.ProcessedBy.Add(time.Duration(c.Response.Hours) * time.Hour)
	}
	return d
}
