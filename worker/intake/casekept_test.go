package intake

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
)

// TestHeldCountsTheCase: an operator's look-up of a report says how many steps its case
// holds and how many decision notices wait to be sent, and nothing the reporter wrote; the
// erasure takes them with the report, and the notice is never sent.
func TestHeldCountsTheCase(t *testing.T) {
	const token = "s3cret"
	f := newFixture(t, WithAdminToken(token))
	confirmations := withConfirmations(t, f)
	if w := f.postJSON(t, reporttest.Full()); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d", w.Code)
	}
	ctx := context.Background()
	confirmations.Err = errors.New("reporters' mailbox down")
	for _, ev := range []report.Event{
		{State: report.CustomerNotified, By: "desk"},
		{State: report.Decided, Outcome: "no_violation", By: "desk"},
	} {
		if _, err := f.delivery.Record(ctx, testRef, ev); err != nil {
			t.Fatal(err)
		}
	}
	path := api.ReportPath + testRef
	w := f.do(http.MethodGet, path, "", "", "Authorization", "Bearer "+token)
	var held api.Held
	if err := json.Unmarshal(w.Body.Bytes(), &held); !is(w, api.Outcomes.Held) || err != nil || held.CaseSteps != 2 || held.NoticesWaiting != 1 || held.NoticesSent != 0 || strings.Contains(w.Body.String(), "olena") {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	w = f.do(http.MethodDelete, path, "", "", "Authorization", "Bearer "+token)
	var erased api.Erased
	if err := json.Unmarshal(w.Body.Bytes(), &erased); !is(w, api.Outcomes.Erased) || err != nil || erased.Objects != held.Objects {
		t.Fatalf("status %d: %s (held %d objects)", w.Code, w.Body, held.Objects)
	}
	for _, k := range f.store.Keys("") {
		if strings.Contains(k, testRef) {
			t.Errorf("left %s", k)
		}
	}
	confirmations.Err = nil
	f.now = f.now.AddDate(0, 0, 1)
	f.delivery.Sweep(ctx)
	for _, m := range confirmations.Sent {
		if strings.Contains(string(m.Raw), "X-Abusedesk-Notice") {
			t.Errorf("a notice of an erased report was sent:\n%s", m.Raw)
		}
	}
}
