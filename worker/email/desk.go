package email

import (
	"strconv"
	"strings"
	"time"

	"abusedesk/content/policy"
	"abusedesk/schemas/api"
)

// DeskLinkExpires is when the desk's link to the page of a report received at received
// stops opening it: the report's retention and then the case record's, counted from
// receipt (policy.Retention's DeliveredReports and CaseRecords). The report is kept its
// period after the mailbox takes it and its case its own after its last step, so by then
// the page has little or nothing left to show. Counted from receipt, not delivery, so
// that the mail measured at intake and the one written when it is sent carry the same
// link, byte for byte, however late the delivery; a desk whose link has expired records
// through the operator's API instead. Whole seconds, as the link carries it.
func DeskLinkExpires(received time.Time, r policy.Retention) time.Time {
	return received.Add(r.Reports() + r.Cases()).Truncate(time.Second)
}

// DeskLink is the absolute address of the desk's page of the report ref, received at
// received, on the provider's web address, with the token that opens it until
// DeskLinkExpires; "" when the Writer signs no links (no LINK_SECRET).
func (w *Writer) DeskLink(ref string, received time.Time) string {
	if w.links == nil {
		return ""
	}
	expires := DeskLinkExpires(received, w.rules.Retention)
	return strings.TrimSuffix(w.provider.Website, "/") + api.DeskPath + ref +
		"?" + api.DeskExpires + "=" + strconv.FormatInt(expires.Unix(), 10) +
		"&" + api.DeskToken + "=" + w.links.DeskToken(ref, expires)
}
