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
//
// The sweep, not a rule, is how a case goes: r.CaseRecords after its last step, once its
// report is gone (expireCases). A rule counts from each object's own last write, the
// head's (written when the report was forwarded) or a step's, and cannot tell a case's
// last step; so the sweep writes again any object of a case still kept once it is
// r.CaseRecords old (keepCase), and the rule on cases/ takes only what a stopped sweep
// left. The notices' markers are the confirmations': none waits longer than noticeWithin.
func LifecycleRules(r policy.Retention) []LifecycleRule {
	confirmDays := int(policy.ConfirmationWithin / policy.Day)
	noticeDays := int(noticeWithin / policy.Day)
	return []LifecycleRule{
		{"abusedesk-reports", ReportsPrefix, r.DeliveredReports + lifecycleMargin},
		{"abusedesk-delivered-index", DeliveredPrefix, r.DeliveredReports + lifecycleMargin},
		{"abusedesk-idempotency-keys", KeysPrefix, r.IdempotencyKeys + lifecycleMargin},
		{"abusedesk-confirmations", ConfirmPrefix, confirmDays + lifecycleMargin},
		{"abusedesk-confirmation-counts", LimitsPrefix, 2 + lifecycleMargin},
		{"abusedesk-leases", SendingPrefix, 1 + lifecycleMargin},
		{"abusedesk-confirmation-leases", ConfirmingPrefix, 1 + lifecycleMargin},
		{"abusedesk-cases", CasesPrefix, r.CaseRecords + lifecycleMargin},
		{"abusedesk-notices", NoticePrefix, noticeDays + lifecycleMargin},
		{"abusedesk-notice-leases", NotifyingPrefix, 1 + lifecycleMargin},
	}
}
