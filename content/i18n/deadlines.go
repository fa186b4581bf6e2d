package i18n

import "abusedesk/content/policy"

// Deadlines writes a received complaint's deadlines as sentences in lang, times on the
// provider's clock: when it will be reviewed and settled, then what the accused customer
// is given. The receipt and the e-mail say it in these words.
func Deadlines(lang string, d policy.Deadlines) []string {
	return deadlines(lang, "deadlines.handled", d)
}

// Preview says the same of a complaint not yet sent, as if it were sent now: the form's
// live preview.
func Preview(lang string, d policy.Deadlines) []string {
	return deadlines(lang, "preview.handled", d)
}

func deadlines(lang, handled string, d policy.Deadlines) []string {
	lines := []string{Text(lang, handled,
		"processed", DateTime(lang, d.ProcessedBy),
		"settled", DateTime(lang, d.SettledBy))}
	switch r := d.Response; {
	case r.Kind == policy.BlockedAtOnce:
		lines = append(lines, Text(lang, "preview.blocked"))
	case r.Kind == policy.Advisory:
		lines = append(lines, Text(lang, "preview.advisory"))
	case r.OnClaim:
		lines = append(lines, Count(lang, "preview.on_claim", r.Hours))
	default:
		line := Count(lang, "preview.respond", r.Hours)
		if !d.RespondBy.IsZero() {
			line += " " + Text(lang, "preview.respond_by", "by", DateTime(lang, d.RespondBy))
		}
		lines = append(lines, line)
	}
	return lines
}

// Receipt is the receipt's text after its reference, one paragraph a line: what to do
// with the number, the report's deadlines (the sentences of Deadlines), and what happens
// next. The Worker's receipt page and the browser module's write the same lines.
func Receipt(lang string, deadlines []string) []string {
	lines := append([]string{Text(lang, "receipt.keep")}, deadlines...)
	return append(lines, Text(lang, "receipt.next"), Text(lang, "receipt.print"))
}
