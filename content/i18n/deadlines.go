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
	r := d.Response
	key := Key("preview." + r.Name())
	if r.OnClaim {
		// Whether this complaint is the claim, or one must still come, or who complains
		// is not known yet.
		key = Key("preview.on_claim." + d.Claim.Name())
	}
	if r.Hours == 0 {
		return append(lines, c.Text(lang, key))
	}
	return append(lines, respondBy(c.Count(lang, key, r.Hours)))
}

// next says what happens once the complaint is verified, for its kind of response: only
// where the customer has hours to answer does it say they must answer.
func (c *Catalog) next(lang string, d policy.Deadlines) string {
	return c.Text(lang, Key("receipt.next."+d.ResponseName()))
}

// ReceiptNotes are what a receipt says of the reporter's personal data: whether they let
// the customer learn who complained, and whether a confirmation is on its way to them;
// and the report's private status link, when the Worker hands one out.
type ReceiptNotes struct {
	IdentityShared bool
	Confirmation   bool
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
	return c.Text(lang, Key("resp."+r.Name()), "hours", c.Hours(lang, r.Hours))
}

// Hours writes a number of hours with its plural noun, for tables and e-mails.
func (c *Catalog) Hours(lang string, n int) string { return c.Count(lang, "unit.hours", n) }
