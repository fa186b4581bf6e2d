package content

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"abusedesk/content/policy"
)

// TestWireRoundTrip checks that the rules the browser rebuilds from the page compute the
// same deadlines as the rules loaded from the data.
func TestWireRoundTrip(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	rules := b.Rules
	data, err := json.Marshal(rules.Wire(b.Zone))
	if err != nil {
		t.Fatal(err)
	}
	var w policy.Wire
	if err := json.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	back, err := w.Rules()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, time.March, 20, 0, 0, 0, 0, rules.Location)
	for h := 0; h < 24*30; h += 7 {
		at := start.Add(time.Duration(h) * time.Hour)
		for i := range rules.Categories {
			for j := range rules.Requesters {
				want := rules.Deadlines(&rules.Categories[i], &rules.Requesters[j], at)
				got := back.Deadlines(&back.Categories[i], &back.Requesters[j], at)
				if !got.ProcessedBy.Equal(want.ProcessedBy) || !got.SettledBy.Equal(want.SettledBy) ||
					!got.RespondBy.Equal(want.RespondBy) || got.Claim != want.Claim || !reflect.DeepEqual(got.Response, want.Response) {
					t.Fatalf("%s by %s at %v: browser rules give %+v, want %+v", rules.Categories[i].ID, rules.Requesters[j].ID, at, got, want)
				}
			}
			if got, want := back.Categories[i].NoFiles, rules.Categories[i].NoFiles; got != want {
				t.Errorf("%s: the browser's rules say no files %v, want %v", rules.Categories[i].ID, got, want)
			}
		}
	}
}
