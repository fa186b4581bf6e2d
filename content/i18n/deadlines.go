package i18n

import "abusedesk/content/policy"

// Deadlines writes a received complaint's deadlines as sentences in lang, times on the
// provider's clock: when it will be reviewed and settled, then what the accused customer
// is given. The receipt and the e-mail say it in these words.
func (c *Catalog) Deadlines(lang string, d policy.Deadlines) []string {
	return c.deadlines(lang, "deadlines.handled", d)
}

// Preview says the same of a complaint not yet sent, as if it were sent now: the form's
// live preview.
func (c *Catalog) Preview(lang string, d policy.Deadlines) []string {
	return c.deadlines(lang, "preview.handled", d)
}

func (c *Catalog) deadlines(lang string, handled Key, d policy.Deadlines) []string {
	lines := []string{c.Text(lang, handled,
		"processed", c.DateTime(lang, d.ProcessedBy),
		"settled", c.DateTime(lang, d.SettledBy))}
	switch r := d.Response; {
	case r.Kind == policy.BlockedAtOnce:
		lines = append(lines, c.Text(lang, "preview.blocked"))
	case r.Kind == policy.Advisory:
		lines = append(lines, c.Text(lang, "preview.advisory"))
	case r.OnClaim:
		lines = append(lines, c.Count(lang, "preview.on_claim", r.Hours))
	default:
		line := c.Count(lang, "preview.respond", r.Hours)
		if !d.RespondBy.IsZero() {
			line += " " + c.Text(lang, "preview.respond_by", "by", c.DateTime(lang, d.RespondBy))
		}
		lines = append(lines, line)
	}
	return lines
}

// Receipt is the receipt's text after its reference, one paragraph a line: what to do
// with the number, the report's deadlines (the sentences of Deadlines), and what happens
// next. The Worker's receipt page and the browser module's write the same lines.
func (c *Catalog) Receipt(lang string, deadlines []string) []string {
	lines := append([]string{c.Text(lang, "receipt.keep")}, deadlines...)
	return append(lines, c.Text(lang, "receipt.next"), c.Text(lang, "receipt.print"))
}

// Hours writes a number of hours with its plural noun, for tables and e-mails.
func (c *Catalog) Hours(lang string, n int) string { return c.Count(lang, "unit.hours", n) }
