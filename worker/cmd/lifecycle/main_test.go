package main

import (
	"encoding/json"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/worker/delivery"
)

// TestRulesFollowTheRetention: the file make deploy applies has one rule a prefix of
// delivery.LifecycleRules, ages in seconds, and R2's own rule on unfinished uploads; none
// on a prefix whose objects wait for the mailbox.
func TestRulesFollowTheRetention(t *testing.T) {
	r := contenttest.Bundle(t).Rules.Retention
	data, err := rules(r)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Rules []struct {
			ID         string
			Enabled    bool
			Conditions struct{ Prefix string }
			Delete     *struct {
				Condition struct {
					Type   string
					MaxAge int64
				}
			} `json:"deleteObjectsTransition"`
			Abort *struct {
				Condition struct {
					Type   string
					MaxAge int64
				}
			} `json:"abortMultipartUploadsTransition"`
		}
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := delivery.LifecycleRules(r)
	if len(got.Rules) != len(want)+1 {
		t.Fatalf("%d rules, want %d and the multipart one:\n%s", len(got.Rules), len(want), data)
	}
	for i, w := range want {
		g := got.Rules[i]
		if g.ID != w.ID || !g.Enabled || g.Conditions.Prefix != w.Prefix || g.Delete == nil || g.Delete.Condition.Type != "Age" || g.Delete.Condition.MaxAge != int64(w.Days)*86400 {
			t.Errorf("rule %d: %+v, want %+v", i, g, w)
		}
		for _, spared := range []string{delivery.PendingPrefix, delivery.DeadPrefix, delivery.RefusedPrefix, ""} {
			if g.Conditions.Prefix == spared {
				t.Errorf("a rule deletes under %q", spared)
			}
		}
	}
	if last := got.Rules[len(want)]; last.Abort == nil || last.Delete != nil || last.Abort.Condition.MaxAge != 7*86400 {
		t.Errorf("the multipart rule: %+v", last)
	}
	// The reports' rule is the retention and a week: 37 days.
	if got.Rules[0].Conditions.Prefix != delivery.ReportsPrefix || got.Rules[0].Delete.Condition.MaxAge != int64(r.DeliveredReports+7)*86400 {
		t.Errorf("reports' rule: %+v", got.Rules[0])
	}
}
