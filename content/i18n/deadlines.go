package i18n

import "abusedesk/content/policy"

// Deadlines writes a received complaint's deadlines as sentences in lang, times on the
// provider's clock: when it will be reviewed and settled, what the accused customer is
// given, and what happens next, for that kind of response. The receipt, the 201 answer
// and the e-mail say it in these words.
func (c *Catalog) Deadlines(lang string, d policy.Deadlines) []string {
	return append(c.deadlines(lang, "deadlines.handled", d), c.next(lang, d))
}

// Preview says the same of a complaint not yet sent, as if it were sent now, but what
// happens next: the form's live preview.
func (c *Catalog) Preview(lang string, d policy.Deadlines) []string {
	return c.deadlines(lang, "preview.handled", d)
}

func (c *Catalog) deadlines(lang string, handled Key, d policy.Deadlines) []string {
	lines := []string{c.Text(lang, handled,
		"processed", c.DateTime(lang, d.ProcessedBy),
		"settled", c.DateTime(lang, d.SettledBy))}
	respondBy := func(line string) string {
		if d.RespondBy.IsZero() {
			return line
		}
		return line + " " + c.Text(lang, "preview.respond_by", "by", c.DateTime(lang, d.RespondBy))
	}
	switch r := d.Response; {
	case r.Kind == policy.BlockedAtOnce:
		lines = append(lines, c.Text(lang, "preview.blocked"))
	case r.Kind == policy.Advisory:
		lines = append(lines, c.Text(lang, "preview.advisory"))
	case r.Kind == policy.CaseByCase:
		lines = append(lines, c.Text(lang, "preview.case_by_case"))
	case r.OnClaim && d.Claim == policy.ClaimFiled:
		lines = append(lines, respondBy(c.Count(lang, "preview.claim_filed", r.Hours)))
	case r.OnClaim && d.Claim == policy.ClaimElsewhere:
		lines = append(lines, c.Count(lang, "preview.claim_elsewhere", r.Hours))
	case r.OnClaim:
		lines = append(lines, c.Count(lang, "preview.on_claim", r.Hours))
	default:
		lines = append(lines, respondBy(c.Count(lang, "preview.respond", r.Hours)))
	}
	return lines
}

// next says what happens once the complaint is verified, for its kind of response: only
// where the customer has hours to answer does it say they must answer.
func (c *Catalog) next(lang string, d policy.Deadlines) string {
	switch r := d.Response; {
	case r.Kind == policy.BlockedAtOnce:
		return c.Text(lang, "receipt.next.blocked")
	case r.Kind == policy.Advisory:
		return c.Text(lang, "receipt.next.advisory")
	case r.Kind == policy.CaseByCase:
		return c.Text(lang, "receipt.next.case_by_case")
	case r.OnClaim && d.Claim != policy.ClaimFiled:
		return c.Text(lang, "receipt.next.claim_elsewhere")
	default:
		return c.Text(lang, "receipt.next.respond")
	}
}

// ReceiptNotes are what a receipt says of the reporter's personal data: whether they let
// the customer learn who complained, and whether a confirmation is on its way to them.
type ReceiptNotes struct {
	IdentityShared bool
	Confirmation   bool
}

// Receipt is the receipt's text after its reference, one paragraph a line: what to do
// with the number, the report's deadlines and what happens next (the sentences of
// Deadlines), when a reply comes, whether the customer learns who complained, whether a
// confirmation comes by e-mail, and that the page can be kept. The Worker's receipt page
// and the browser module's write the same lines.
func (c *Catalog) Receipt(lang string, deadlines []string, notes ReceiptNotes) []string {
	lines := append([]string{c.Text(lang, "receipt.keep")}, deadlines...)
	lines = append(lines, c.Text(lang, "receipt.reply"), c.Identity(lang, notes.IdentityShared, "receipt.identity.shared", "receipt.identity.withheld"))
	if notes.Confirmation {
		lines = append(lines, c.Text(lang, "receipt.confirmation"))
	}
	return append(lines, c.Text(lang, "receipt.print"))
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
	switch {
	case r.Kind == policy.BlockedAtOnce:
		return c.Text(lang, "resp.blocked")
	case r.Kind == policy.Advisory:
		return c.Text(lang, "resp.advisory")
	case r.Kind == policy.CaseByCase:
		return c.Text(lang, "resp.case_by_case")
	case r.OnClaim:
		return c.Text(lang, "resp.on_claim", "hours", c.Hours(lang, r.Hours))
	default:
		return c.Hours(lang, r.Hours)
	}
}

// Hours writes a number of hours with its plural noun, for tables and e-mails.
func (c *Catalog) Hours(lang string, n int) string { return c.Count(lang, "unit.hours", n) }
