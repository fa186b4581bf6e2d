package policy

import (
	"testing"
	"time"
)

// kyiv loads the zone the default rules use; the test binary has the system's or Go's
// zone database natively.
func kyiv(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// testRules are the defaults of policy-facts.md, built by hand so these tests pin the
// clock arithmetic independently of the data loader.
func testRules(t *testing.T) *Rules {
	return &Rules{
		Location: kyiv(t),
		Working: WorkingTime{
			Days:  [7]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true},
			Start: 9 * 60, End: 18 * 60,
		},
		Holidays: Holidays{
			Fixed:         []MonthDay{{time.January, 1}, {time.March, 8}, {time.May, 1}, {time.May, 8}, {time.June, 28}, {time.July, 15}, {time.August, 24}, {time.October, 1}, {time.December, 25}},
			EasterOffsets: []int{0, 49},
			Suspended:     []Period{{From: Date{2022, time.February, 24}}},
		},
		ProcessWithin:    24 * time.Hour,
		SettleWithinDays: 5,
		Categories: []Category{
			{ID: "spam", Response: Response{Kind: RespondWithin, Hours: 12}},
			{ID: "ddos", Response: Response{Kind: RespondWithin, Hours: 2}},
			{ID: "copyright", Response: Response{Kind: RespondWithin, Hours: 12, OnClaim: true}},
			{ID: "botnet", Response: Response{Kind: BlockedAtOnce}},
		},
	}
}

func TestOrthodoxEaster(t *testing.T) {
	for year, want := range map[int]Date{
		2021: {2021, time.May, 2},
		2024: {2024, time.May, 5},
		2025: {2025, time.April, 20},
		2026: {2026, time.April, 12},
		2027: {2027, time.May, 2},
	} {
		if got := OrthodoxEaster(year); got != want {
			t.Errorf("OrthodoxEaster(%d) = %v, want %v", year, got, want)
		}
	}
}

func TestDeadlines(t *testing.T) {
	r := testRules(t)
	loc := r.Location
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	spam, _ := r.Category("spam")
	for _, tc := range []struct {
		name                                 string
		received, review, processed, settled string
	}{
		// Monday 10:00: 8 h Monday, 9 h Tuesday, 7 h Wednesday.
		{"working hours", "2026-11-23 10:00", "2026-11-23 10:00", "2026-11-25 16:00", "2026-11-28 23:59"},
		{"evening", "2026-11-23 19:30", "2026-11-24 09:00", "2026-11-26 15:00", "2026-11-28 23:59"},
		{"before opening", "2026-11-23 07:00", "2026-11-23 09:00", "2026-11-25 15:00", "2026-11-28 23:59"},
		// 24 working hours end Wednesday 14:00, and the customer's 12 hours would end past
		// the settlement limit, Wednesday's end: the review is due 12 hours before it.
		{"friday afternoon", "2026-11-27 17:00", "2026-11-27 17:00", "2026-12-02 11:59", "2026-12-02 23:59"},
		{"weekend", "2026-11-28 12:00", "2026-11-30 09:00", "2026-12-02 15:00", "2026-12-03 23:59"},
		// Spring forward: 2026-03-29 03:00 EET becomes 04:00 EEST, a Sunday.
		{"dst march", "2026-03-28 23:00", "2026-03-30 09:00", "2026-04-01 15:00", "2026-04-02 23:59"},
		// Fall back: 2026-10-25 04:00 EEST becomes 03:00 EET, a Sunday.
		{"dst october", "2026-10-24 10:00", "2026-10-26 09:00", "2026-10-28 15:00", "2026-10-29 23:59"},
		// Holidays are suspended under martial law: 2026-08-24 (Monday) is a working day.
		{"holiday suspended", "2026-08-24 10:00", "2026-08-24 10:00", "2026-08-26 16:00", "2026-08-29 23:59"},
		// Before martial law, 2021-08-24 (Tuesday) was a day off.
		{"holiday observed", "2021-08-23 10:00", "2021-08-23 10:00", "2021-08-26 16:00", "2021-08-28 23:59"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := r.Deadlines(spam, nil, at(tc.received))
			check := func(what string, got time.Time, want string) {
				t.Helper()
				if g := got.In(loc).Format("2006-01-02 15:04"); g != want {
					t.Errorf("%s = %s, want %s", what, g, want)
				}
			}
			check("ReviewStarts", d.ReviewStarts, tc.review)
			check("ProcessedBy", d.ProcessedBy, tc.processed)
			check("SettledBy", d.SettledBy, tc.settled)
			check("RespondBy", d.RespondBy, at(tc.processed).Add(12*time.Hour).Format("2006-01-02 15:04"))
		})
	}
}

func TestDSTKeepsWallClock(t *testing.T) {
	r := testRules(t)
	// Friday 27 March 2026, 17:00 EET; 24 working hours later is Wednesday 1 April, 14:00 EEST,
	// though a real hour vanished on the Sunday between. (A botnet's customer is given no
	// hours, so nothing brings the review forward.)
	botnet, _ := r.Category("botnet")
	d := r.Deadlines(botnet, nil, time.Date(2026, time.March, 27, 17, 0, 0, 0, r.Location))
	if got, want := d.ProcessedBy.Format(time.RFC3339), "2026-04-01T14:00:00+03:00"; got != want {
		t.Errorf("ProcessedBy = %s, want %s", got, want)
	}
}

func TestResponseKinds(t *testing.T) {
	r := testRules(t)
	received := time.Date(2026, time.November, 23, 10, 0, 0, 0, r.Location)
	for id, wantZero := range map[string]bool{"ddos": false, "copyright": true, "botnet": true} {
		c, _ := r.Category(id)
		d := r.Deadlines(c, nil, received)
		if d.RespondBy.IsZero() != wantZero {
			t.Errorf("%s: RespondBy = %v, want zero: %v", id, d.RespondBy, wantZero)
		}
	}
	ddos, _ := r.Category("ddos")
	if got := r.Deadlines(ddos, nil, received).RespondBy.Format("2006-01-02 15:04"); got != "2026-11-25 18:00" {
		t.Errorf("ddos RespondBy = %s, want 2026-11-25 18:00", got)
	}
}

// TestClaimStartsWithAnAuthority: a category whose hours start on a claim starts them at
// receipt when a court, law enforcement or a competent organization reports, and never
// when anyone else does, or before the form knows who reports.
func TestClaimStartsWithAnAuthority(t *testing.T) {
	r := testRules(t)
	received := time.Date(2026, time.November, 23, 10, 0, 0, 0, r.Location)
	copyright, _ := r.Category("copyright")
	court := &Requester{ID: "court", Authority: true}
	holder := &Requester{ID: "rights-holder"}
	for _, tc := range []struct {
		name      string
		q         *Requester
		claim     Claim
		respondBy string
	}{
		{"not known", nil, ClaimUnknown, ""},
		{"a rights holder", holder, ClaimElsewhere, ""},
		// Processed by Wednesday 16:00 (24 working hours), then 12 calendar hours.
		{"a court", court, ClaimFiled, "2026-11-26 04:00"},
	} {
		d := r.Deadlines(copyright, tc.q, received)
		got := ""
		if !d.RespondBy.IsZero() {
			got = d.RespondBy.Format("2006-01-02 15:04")
		}
		if d.Claim != tc.claim || got != tc.respondBy {
			t.Errorf("%s: claim %v, respond by %q; want %v, %q", tc.name, d.Claim, got, tc.claim, tc.respondBy)
		}
	}
	// A category that needs no claim ignores who reports.
	spam, _ := r.Category("spam")
	if a, b := r.Deadlines(spam, holder, received), r.Deadlines(spam, court, received); a != b || a.Claim != ClaimUnknown {
		t.Errorf("spam: %+v by a rights holder, %+v by a court", a, b)
	}
}

// TestCalendarClock: a category on the calendar clock counts every hour of its review,
// nights and weekends too, whatever the rules' own clock; the others keep it.
func TestCalendarClock(t *testing.T) {
	r := testRules(t)
	ddos, _ := r.Category("ddos")
	ddos.Clock = CalendarClock
	spam, _ := r.Category("spam")
	friday := time.Date(2026, time.November, 27, 17, 0, 0, 0, r.Location)
	// Friday 17:00 plus 24 hours is Saturday 17:00, and the customer's 2 hours follow.
	d := r.Deadlines(ddos, nil, friday)
	if got := d.ProcessedBy.Format("2006-01-02 15:04"); got != "2026-11-28 17:00" || !d.ReviewStarts.Equal(friday) || d.Sooner {
		t.Errorf("ddos: ReviewStarts %s, ProcessedBy %s (sooner %v), want 2026-11-27 17:00, 2026-11-28 17:00", d.ReviewStarts, got, d.Sooner)
	}
	if got := d.RespondBy.Format("2006-01-02 15:04"); got != "2026-11-28 19:00" {
		t.Errorf("ddos: RespondBy = %s, want 2026-11-28 19:00", got)
	}
	if got := r.Deadlines(spam, nil, friday).ReviewStarts; !got.Equal(friday) {
		t.Errorf("spam: ReviewStarts %s", got)
	}
	if got := r.Deadlines(spam, nil, friday.Add(2*time.Hour)).ReviewStarts.Format("2006-01-02 15:04"); got != "2026-11-30 09:00" {
		t.Errorf("spam at 19:00 on a Friday: ReviewStarts %s, want Monday 09:00", got)
	}
}

// TestCustomerTimeEndsBySettlement: for every moment of a fortnight that holds a public
// holiday (with the martial-law suspension switched off) and both kinds of clock, the
// review ends after receipt and the customer's hours end by the settlement limit; the
// review is brought forward exactly when its own hours would not leave them room.
func TestCustomerTimeEndsBySettlement(t *testing.T) {
	r := testRules(t)
	r.Holidays.Suspended = nil
	calendarSpam := Category{ID: "calendar-spam", Clock: CalendarClock, Response: Response{Kind: RespondWithin, Hours: 12}}
	r.Categories = append(r.Categories, calendarSpam)
	court := &Requester{ID: "court", Authority: true}
	// Independence Day, Monday 24 August 2026, a day off without the suspension.
	start := time.Date(2026, time.August, 17, 0, 0, 0, 0, r.Location)
	sooner := 0
	for at := start; at.Before(start.AddDate(0, 0, 14)); at = at.Add(17 * time.Minute) {
		for i := range r.Categories {
			c := &r.Categories[i]
			d := r.Deadlines(c, court, at)
			natural := r.AddWorkingTime(at, r.ProcessWithin)
			if c.Clock == CalendarClock {
				natural = at.Add(r.ProcessWithin)
			}
			hours := time.Duration(0)
			if !d.RespondBy.IsZero() {
				hours = d.RespondBy.Sub(d.ProcessedBy)
			}
			switch {
			case d.ProcessedBy.Before(at):
				t.Fatalf("%s at %s: reviewed by %s, before it came", c.ID, at, d.ProcessedBy)
			case d.RespondBy.After(d.SettledBy) || d.ProcessedBy.After(d.SettledBy):
				t.Fatalf("%s at %s: respond by %s, reviewed by %s, past the settlement %s", c.ID, at, d.RespondBy, d.ProcessedBy, d.SettledBy)
			case d.Sooner != natural.Add(hours).After(d.SettledBy):
				t.Fatalf("%s at %s: sooner %v, but its own review ends %s and the settlement is %s", c.ID, at, d.Sooner, natural, d.SettledBy)
			case !d.Sooner && !d.ProcessedBy.Equal(natural):
				t.Fatalf("%s at %s: reviewed by %s, want %s", c.ID, at, d.ProcessedBy, natural)
			}
			if d.Sooner {
				sooner++
			}
		}
	}
	if sooner == 0 {
		t.Error("no moment of the fortnight brought a review forward: the test proves nothing")
	}
}
