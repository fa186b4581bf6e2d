package delivery

import "abusedesk/content/policy"

// The R2 lifecycle rules, the backstop behind the sweep's retention (expire.go).

// LifecycleRule is one R2 object lifecycle rule: objects under Prefix are deleted Days
// after they were last written.
type LifecycleRule struct {
	ID     string
	Prefix string
	Days   int
}

// lifecycleMargin is how many days the lifecycle rules wait past the sweep's own
// deadlines: they are a backstop for a sweep that stopped, not the way things go.
const lifecycleMargin = 7

// LifecycleRules are the R2 lifecycle rules that match the retention r, for `make deploy`:
// each prefix whose objects the sweep deletes by age, a week later than the sweep would.
// None covers pending/, dead/ or refused/, and the rule on reports/ counts from a write the
// sweep renews for every report still undelivered at r.DeliveredReports days
// (keepUndelivered): nothing undelivered goes.
func LifecycleRules(r policy.Retention) []LifecycleRule {
	confirmDays := int(policy.ConfirmationWithin / policy.Day)
	return []LifecycleRule{
		{"abusedesk-reports", ReportsPrefix, r.DeliveredReports + lifecycleMargin},
		{"abusedesk-delivered-index", DeliveredPrefix, r.DeliveredReports + lifecycleMargin},
		{"abusedesk-idempotency-keys", KeysPrefix, r.IdempotencyKeys + lifecycleMargin},
		{"abusedesk-confirmations", ConfirmPrefix, confirmDays + lifecycleMargin},
		{"abusedesk-confirmation-counts", LimitsPrefix, 2 + lifecycleMargin},
		{"abusedesk-leases", SendingPrefix, 1 + lifecycleMargin},
		{"abusedesk-confirmation-leases", ConfirmingPrefix, 1 + lifecycleMargin},
	}
}
