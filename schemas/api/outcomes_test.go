package api_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/api"
)

// outcomes are the table's rows by name, in its order.
func outcomes() (names []string, rows []api.Outcome) {
	v := reflect.ValueOf(api.Outcomes)
	for i := range v.NumField() {
		names = append(names, v.Type().Field(i).Name)
		rows = append(rows, v.Field(i).Interface().(api.Outcome))
	}
	return names, rows
}

// TestOutcomesAreOneTable holds the table to what its readers rely on: every row a status
// HTTP has (NoAnswer's 0 is no answer at all), a code in snake case, one status a code, no
// two rows alike, and every key a message in every language.
func TestOutcomesAreOneTable(t *testing.T) {
	c := contenttest.Bundle(t)
	names, rows := outcomes()
	if len(rows) < 40 {
		t.Fatalf("%d outcomes: is every field of api.Outcomes an Outcome?", len(rows))
	}
	byCode := map[string]int{} // a code's first row
	seen := map[api.Outcome]string{}
	for i, o := range rows {
		name := names[i]
		if http.StatusText(o.Status) == "" && o != api.Outcomes.NoAnswer {
			t.Errorf("%s: %d is no HTTP status", name, o.Status)
		}
		if o.Code == "" || strings.Trim(o.Code, "abcdefghijklmnopqrstuvwxyz_") != "" {
			t.Errorf("%s: code %q is not in snake case", name, o.Code)
		}
		if j, ok := byCode[o.Code]; !ok {
			byCode[o.Code] = i
		} else if rows[j].Status != o.Status {
			t.Errorf("%s and %s share the code %q with different statuses: a code must say its status", names[j], name, o.Code)
		}
		if other, ok := seen[o]; ok {
			t.Errorf("%s and %s are the same outcome", name, other)
		}
		seen[o] = name
		if o.Key == "" {
			continue
		}
		for _, lang := range c.Rules.Languages {
			if _, _, ok := c.Messages.Lookup(o.Key, lang); !ok {
				t.Errorf("%s: key %s has no %s message", name, o.Key, lang)
			}
		}
	}
}
