package i18n

import "abusedesk/content/policy"

// Deadlines writes a complaint's deadlines as sentences in lang, times on the provider's
// clock: when it will be reviewed and settled, then what the accused customer is given.
// The form's preview, the receipt and the e-mail all say it in these words.
func Deadlines(lang string, d policy.Deadlines) []string {
	lines := []string{Text(lang, "preview.handled",
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
