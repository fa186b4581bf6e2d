package i18n

import (
	"strings"
	"time"

	"abusedesk/content/policy"
)

// Deadlines says what happens to a received complaint of category cat, in the order it
// happens, each date on the provider's clock with what happens by then: when it is checked
// and on which clock (or sooner, where the settlement limit asks it), what the accused
// customer is given and until when, the category's own rule, and when it is decided on.
// No sentence is said of a kind it does not fit: a claim the provider does not decide has
// no decision date. The receipt, the 201 answer, the confirmation and the desk's mail say
// it in these words.
func (c *Catalog) Deadlines(lang string, r *policy.Rules, cat *policy.Category, d policy.Deadlines) []string {
	lines := []string{c.review(lang, r, d)}
	lines = append(lines, c.CustomerLines(lang, cat, d)...)
	if decided(d) {
		lines = append(lines, c.Text(lang, "deadlines.decided", "settled", c.DateTime(lang, d.SettledBy)))
	}
	if cat.Draft {
		lines = append(lines, c.Text(lang, "deadlines.draft"))
	}
	return lines
}

// Received is what a receipt says happens to a received complaint: its Deadlines, and for
// an urgent category (child sexual abuse material) what Urgent adds.
func (c *Catalog) Received(lang string, r *policy.Rules, cat *policy.Category, p *policy.Provider, d policy.Deadlines) []string {
	lines := c.Deadlines(lang, r, cat, d)
	if cat.Urgent {
		lines = append(lines, c.Urgent(lang, p)...)
	}
	return lines
}

// Preview says the same of a complaint not yet sent, as if it were sent now: the form's
// live preview.
func (c *Catalog) Preview(lang string, r *policy.Rules, cat *policy.Category, d policy.Deadlines) []string {
	return append([]string{c.Text(lang, "preview.if_now")}, c.Deadlines(lang, r, cat, d)...)
}

// decided reports whether a complaint is decided on by its settlement date: every one
// but a claim the provider does not decide (or one whose requester is not yet known).
func decided(d policy.Deadlines) bool {
	return !d.Response.OnClaim || d.Claim == policy.ClaimFiled
}

// Decided is when the complaint is decided on, or zero when it is not the provider's to
// decide: the date the pages and the preview give beside the review's.
func Decided(d policy.Deadlines) time.Time {
	if decided(d) {
		return d.SettledBy
	}
	return time.Time{}
}

// review says by when the complaint is checked and how that time is counted: working
// hours (and what they are), round the clock, or sooner than either.
func (c *Catalog) review(lang string, r *policy.Rules, d policy.Deadlines) string {
	hours := int(r.ProcessWithin / time.Hour)
	var within string
	switch {
	case d.Sooner && !d.RespondBy.IsZero():
		within = c.Text(lang, "deadlines.within.sooner")
	case d.Sooner:
		within = c.Text(lang, "deadlines.within.limit")
	case d.Clock == policy.CalendarClock:
		within = c.Count(lang, "deadlines.within.calendar", hours)
	default:
		within = c.Count(lang, "deadlines.within.working", hours, "week", c.WorkingTime(lang, r.Working))
	}
	return c.Text(lang, "deadlines.review", "processed", c.DateTime(lang, d.ProcessedBy), "within", within)
}

// CustomerLines say what the accused customer is given, for the complaint's kind of
// response, with the latest moment to answer where there is one, and the category's own
// rule: what the desk's mail and page add to their own two dates.
func (c *Catalog) CustomerLines(lang string, cat *policy.Category, d policy.Deadlines) []string {
	r := d.Response
	key := Key("preview." + r.Name())
	if r.OnClaim {
		// Whether this complaint is the claim, or one must still come, or who complains
		// is not known yet.
		key = Key("preview.on_claim." + d.Claim.Name())
	}
	line := c.Text(lang, key)
	if r.Hours > 0 {
		line = c.Count(lang, key, r.Hours)
	}
	if !d.RespondBy.IsZero() {
		line += " " + c.Text(lang, "preview.respond_by", "by", c.DateTime(lang, d.RespondBy))
	}
	lines := []string{line}
	// The rule of a claim the provider does not decide repeats what its line said.
	if rule := cat.Rule[lang]; rule != "" && decided(d) {
		lines = append(lines, rule)
	}
	return lines
}

// WorkingTime says when staff work, as the rules set it: the days (a range where they
// follow each other) and the hours, "Monday–Friday, 09:00–18:00".
func (c *Catalog) WorkingTime(lang string, w policy.WorkingTime) string {
	var days []time.Weekday
	for i := 1; i <= 7; i++ { // from Monday
		if d := time.Weekday(i % 7); w.Days[d] {
			days = append(days, d)
		}
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = c.Weekday(lang, d)
	}
	week := strings.Join(names, ", ")
	if len(days) > 2 && int(days[len(days)-1]+7-days[0])%7 == len(days)-1 {
		week = names[0] + "–" + names[len(names)-1]
	}
	return week + ", " + ClockText(w.Start) + "–" + ClockText(w.End)
}

// ClockText writes a minute of the day as 09:00.
func ClockText(minute int) string { return pad2(minute/60) + ":" + pad2(minute%60) }

// Urgent is what a receipt of an urgent category adds (child sexual abuse material):
// whether the provider itself tells the authorities, and where the reporter can.
func (c *Catalog) Urgent(lang string, p *policy.Provider) []string {
	lines := []string{c.Text(lang, "receipt.urgent.authorities_not_told")}
	if p.InformsAuthorities {
		lines[0] = c.Text(lang, "receipt.urgent.authorities_told")
	}
	if len(p.Hotlines) > 0 {
		names := make([]string, len(p.Hotlines))
		for i, h := range p.Hotlines {
			names[i] = h.Title[lang] + " (" + h.URL + ")"
		}
		lines = append(lines, c.Text(lang, "receipt.urgent.hotlines", "hotlines", strings.Join(names, "; ")))
	}
	return lines
}

// ReceiptNotes are what a receipt says of the reporter's personal data: whether they let
// the customer learn who complained, and whether a confirmation is on its way to them;
// and the report's private status link, when the Worker hands one out.
type ReceiptNotes struct {
	IdentityShared bool
	Confirmation   bool
	// Notice says the decision will be mailed to the reporter, who gave an address; else
	// the status page alone will show it.
	Notice bool
	// StatusURL is the reporter's private status link; empty, the receipt names none. It
	// is a link, not a line of words, so Receipt leaves it to the receipt's writers
	// (schemas/dom's NewReceipt), which set it beside the words receipt.status.
	StatusURL string
}

// Receipt is the receipt's text after its reference, one paragraph a line: what to do
// with the number, the report's deadlines and what happens next (the sentences of
// Deadlines), when a reply comes, whether the customer learns who complained, whether a
// confirmation comes by e-mail, and that the page can be kept. The Worker's receipt page
// and the browser module's write the same lines.
func (c *Catalog) Receipt(lang string, deadlines []string, notes ReceiptNotes) []string {
	lines := append([]string{c.Text(lang, "receipt.keep")}, deadlines...)
	lines = append(lines, c.Reply(lang, notes.Notice), c.Identity(lang, notes.IdentityShared, "receipt.identity.shared", "receipt.identity.withheld"))
	if notes.Confirmation {
		lines = append(lines, c.Text(lang, "receipt.confirmation"))
	}
	return append(lines, c.Text(lang, "receipt.print"))
}

// Reply says how the reporter learns the decision: by e-mail and on the status page, or,
// with no address given, on the status page alone.
func (c *Catalog) Reply(lang string, notice bool) string {
	if notice {
		return c.Text(lang, "receipt.reply.mail")
	}
	return c.Text(lang, "receipt.reply.status")
}

// Identity says in lang whether the reporter's name and contact details go to the customer:
// the words of the message sharedKey if they do, of withheldKey if not.
func (c *Catalog) Identity(lang string, shared bool, sharedKey, withheldKey Key) string {
	if shared {
		return c.Text(lang, sharedKey)
	}
	return c.Text(lang, withheldKey)
}

// Response says in a few words what a category gives the accused customer: the policy
// page's table and the summary the desk forwards say it alike.
func (c *Catalog) Response(lang string, r policy.Response) string {
	return c.Text(lang, Key("resp."+r.Name()), "hours", c.Hours(lang, r.Hours))
}

// Hours writes a number of hours with its plural noun, for tables and e-mails.
func (c *Catalog) Hours(lang string, n int) string { return c.Count(lang, "unit.hours", n) }
