package bundle_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"abusedesk/content"
	"abusedesk/content/bundle"
	"abusedesk/content/policy"
)

// TestPreparedContentIsTheLoadedContent: what the Worker opens is what Load checked: the
// same deadlines for every category at every hour of a month across a change of clocks,
// the same words in every language, provider and XARF mapping.
func TestPreparedContentIsTheLoadedContent(t *testing.T) {
	loaded, err := content.Load(content.FS())
	if err != nil {
		t.Fatal(err)
	}
	data, err := bundle.Prepare(loaded)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := bundle.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	r, o := loaded.Rules, opened.Rules
	start := time.Date(2026, time.March, 20, 0, 0, 0, 0, r.Location)
	for h := 0; h < 24*30; h++ {
		at := start.Add(time.Duration(h) * time.Hour)
		for i := range r.Categories {
			if want, got := r.Deadlines(&r.Categories[i], nil, at), o.Deadlines(&o.Categories[i], nil, at); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s at %v: %+v, want %+v", r.Categories[i].ID, at, got, want)
			}
		}
	}
	// Every field, the zone apart: a field added to Rules is carried or this fails. The
	// comparison proves something of a field only when the shipped rules give it, so
	// they must: the desk's outcomes (one taking a measure, one a duplicate's), measures
	// and notes, and a category's measures and DSA category.
	if len(r.Outcomes) == 0 || len(r.Measures) == 0 || len(r.Notes) == 0 {
		t.Fatalf("the shipped rules give %d outcomes, %d measures, %d notes: nothing to carry", len(r.Outcomes), len(r.Measures), len(r.Notes))
	}
	if !slices.ContainsFunc(r.Outcomes, func(o policy.Outcome) bool { return o.Measure }) ||
		!slices.ContainsFunc(r.Outcomes, func(o policy.Outcome) bool { return o.Duplicate }) ||
		!slices.ContainsFunc(r.Categories, func(c policy.Category) bool { return len(c.Measures) > 0 && c.DSACategory != "" }) {
		t.Fatal("no outcome takes a measure, none is a duplicate's, or no category has measures and a DSA category: their carrying is not tested")
	}
	ro, rr := *o, *r
	ro.Location, rr.Location = nil, nil
	if o.Location.String() != r.Location.String() || !reflect.DeepEqual(ro, rr) {
		t.Errorf("rules differ:\n%+v\n%+v", o, r)
	}
	if !reflect.DeepEqual(opened.Provider, loaded.Provider) || !reflect.DeepEqual(opened.XARF, loaded.XARF) {
		t.Error("provider or XARF mapping differ")
	}
	for _, lang := range r.Languages {
		for _, key := range loaded.Messages.Keys() {
			wt, wf, _ := loaded.Messages.Lookup(key, lang)
			gt, gf, ok := opened.Messages.Lookup(key, lang)
			if !ok || gt != wt || !reflect.DeepEqual(gf, wf) {
				t.Errorf("%s in %s: %q %v, want %q %v", key, lang, gt, gf, wt, wf)
			}
		}
	}
}
