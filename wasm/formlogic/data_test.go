package formlogic

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/schemas/browsercheck"
)

// parse reads JSON text as the module does.
func parse(t *testing.T, text []byte) Node {
	t.Helper()
	n, err := ParseJSON(string(text))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// pageData is the form page's data as the site generator writes it.
type pageData struct {
	Lang     string             `json:"lang"`
	Messages map[i18n.Key]any   `json:"messages"`
	Spec     *browsercheck.Spec `json:"spec"`
	Rules    *policy.Wire       `json:"rules,omitempty"`
}

func realPageData(t *testing.T) pageData {
	t.Helper()
	c := contenttest.Bundle(t)
	w := c.Rules.Wire(c.Zone).WithRules(c.Rules, "ru")
	all := func(i18n.Key) bool { return true }
	return pageData{Lang: "ru", Messages: c.Messages.Export("ru", all), Spec: schemas.FormSpec(), Rules: &w}
}

// TestReadData checks that walking the parsed page data gives what encoding/json would:
// every key the module reads is spelled as the site writes it.
func TestReadData(t *testing.T) {
	for _, withRules := range []bool{true, false} {
		d := realPageData(t)
		if !withRules {
			d.Rules = nil
		}
		text, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var want pageData
		if err := json.Unmarshal(text, &want); err != nil {
			t.Fatal(err)
		}
		got, err := ReadData(parse(t, text))
		if err != nil {
			t.Fatal(err)
		}
		if got.Lang != want.Lang || !reflect.DeepEqual(got.Spec, *want.Spec) || !reflect.DeepEqual(got.Rules, want.Rules) {
			t.Errorf("with rules %v: ReadData =\n%+v\nwant\n%+v %+v %+v", withRules, got, want.Lang, want.Spec, want.Rules)
		}
		words := contenttest.Bundle(t).Messages
		for _, key := range words.Keys() {
			text, forms, _ := words.Lookup(key, "ru")
			gotText, gotForms, ok := got.Words.Lookup(key, "ru")
			if !ok || gotText != text || !reflect.DeepEqual(gotForms, forms) {
				t.Errorf("message %s: read %q %v, want %q %v", key, gotText, gotForms, text, forms)
			}
		}
		if withRules {
			if _, err := got.Rules.Rules(); err != nil {
				t.Errorf("rules from the page: %v", err)
			}
		}
	}
}

func TestReadDataRefusesNoFields(t *testing.T) {
	if _, err := ReadData(parse(t, []byte(`{"lang":"uk","spec":{}}`))); err == nil {
		t.Error("ReadData accepted a spec without fields")
	}
}

// jsonOf encodes v as the Worker writes its answers and reads it as the module does.
func jsonOf(t *testing.T, v any) Node {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, data)
}

func TestReadAnswer(t *testing.T) {
	o := api.Outcomes
	for _, tc := range []struct {
		name   string
		status int
		body   Node
		want   Answer
	}{
		{"accepted", o.Accepted.Status, parse(t, []byte(`{"reference":"AD-1","received":"2026-11-23T10:00:00+02:00","deadlines":["a","b"]}`)),
			Answer{Code: o.Accepted.Code, Reference: "AD-1", Deadlines: []string{"a", "b"}}},
		{"problems", o.Invalid.Status, jsonOf(t, api.Problems{Error: o.Invalid.Code, Problems: []api.Problem{{Field: "email", Code: "email", Message: "Bad"}, {Code: "unknown", Message: "Odd"}}}),
			Answer{Code: o.Invalid.Code, Problems: []Problem{{"email", "Bad"}, {"", "Odd"}}}},
		{"unavailable", o.Unavailable.Status, jsonOf(t, api.Error{Error: o.Unavailable.Code, Message: "Later"}), Answer{Code: o.Unavailable.Code, Failure: "Later"}},
		{"a gateway's page that is not JSON", o.BadGateway.Status, Node{}, Answer{Code: o.BadGateway.Code}},
		{"a gateway's 503, not the Worker's", o.GatewayUnavailable.Status, Node{}, Answer{Code: o.GatewayUnavailable.Code}},
		{"a gateway's 504", o.GatewayTimeout.Status, Node{}, Answer{Code: o.GatewayTimeout.Code}},
		{"no answer at all", o.NoAnswer.Status, Node{}, Answer{Code: o.NoAnswer.Code}},
		{"a success of no report", o.Deadlines.Status, parse(t, []byte(`{}`)), Answer{}},
		{"a page that is not the Worker's, with a message", o.Invalid.Status, parse(t, []byte(`{"message":"Unreadable"}`)), Answer{Failure: "Unreadable"}},
		{"problems under another code are no problems", o.KeyReused.Status, parse(t, []byte(`{"error":"`+o.KeyReused.Code+`","message":"Sent already","problems":[{"field":"email","message":"Bad"}]}`)),
			Answer{Code: o.KeyReused.Code, Failure: "Sent already"}},
		{"a key used for another report", o.KeyReused.Status, jsonOf(t, api.Error{Error: o.KeyReused.Code, Message: "Sent already"}),
			Answer{Code: o.KeyReused.Code, Failure: "Sent already"}},
		{"an erasure busy, a 409 of another code", o.EraseBusy.Status, jsonOf(t, api.Error{Error: o.EraseBusy.Code, Message: "Busy"}), Answer{Code: o.EraseBusy.Code, Failure: "Busy"}},
		{"not human", o.NotHuman.Status, jsonOf(t, api.Error{Error: o.NotHuman.Code, Message: "Not a person"}), Answer{Code: o.NotHuman.Code, Failure: "Not a person"}},
	} {
		if got := ReadAnswer(tc.status, tc.body); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: ReadAnswer = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	o := api.Outcomes
	for _, tc := range []struct {
		outcome api.Outcome
		attempt int
		pause   time.Duration
		again   bool
	}{
		{o.NoAnswer, 1, time.Second, true}, {o.Unavailable, 2, 3 * time.Second, true}, {o.BadGateway, 1, time.Second, true},
		{o.GatewayUnavailable, 1, time.Second, true}, {o.GatewayTimeout, 1, time.Second, true},
		{o.Unavailable, 3, 0, false}, // twice is enough: then the reporter is told
		{o.Accepted, 1, 0, false}, {o.Invalid, 1, 0, false}, {o.TooLarge, 1, 0, false}, {o.RateLimited, 1, 0, false},
		{o.ServerError, 1, 0, false}, {o.KeyReused, 1, 0, false},
	} {
		a := Answer{Code: tc.outcome.Code}
		if pause, again := a.RetryAfter(tc.attempt); pause != tc.pause || again != tc.again {
			t.Errorf("%s, send %d: RetryAfter = %v, %v; want %v, %v", tc.outcome.Code, tc.attempt, pause, again, tc.pause, tc.again)
		}
	}
}

// TestReadAnswerReadsTheWorkersTypes holds ReadAnswer to the Worker's answers as package
// api defines them and encoding/json writes them: every key it reads is spelled as the
// Worker writes it.
func TestReadAnswerReadsTheWorkersTypes(t *testing.T) {
	o := api.Outcomes
	receipt := api.Receipt{Reference: "AD-20261123-7K3M9Q", Received: "2026-11-23T10:00:00+02:00", Deadlines: []string{"Reviewed by Monday.", "Settled by Friday."}}
	if got, want := ReadAnswer(o.Accepted.Status, jsonOf(t, receipt)), (Answer{Code: o.Accepted.Code, Reference: receipt.Reference, Deadlines: receipt.Deadlines}); !reflect.DeepEqual(got, want) {
		t.Errorf("receipt: %+v, want %+v", got, want)
	}
	receipt.IdentityShared, receipt.Confirmation = true, true
	if got, want := ReadAnswer(o.Accepted.Status, jsonOf(t, receipt)), (Answer{Code: o.Accepted.Code, Reference: receipt.Reference, Deadlines: receipt.Deadlines, Notes: i18n.ReceiptNotes{IdentityShared: true, Confirmation: true}}); !reflect.DeepEqual(got, want) {
		t.Errorf("receipt with notes: %+v, want %+v", got, want)
	}
	// The status link, a web address; any other scheme is no link the page may follow.
	for link, want := range map[string]string{
		"https://abuse.example.com/en/status/?ref=AD-20261123-7K3M9Q&token=x": "https://abuse.example.com/en/status/?ref=AD-20261123-7K3M9Q&token=x",
		"http://127.0.0.1:8787/en/status/?ref=AD-1&token=y":                   "http://127.0.0.1:8787/en/status/?ref=AD-1&token=y",
		"javascript:alert(1)":         "",
		"data:text/html,<script>":     "",
		" https://abuse.example.com/": "",
		"//evil.example/en/status/":   "",
	} {
		receipt.StatusURL = link
		if got := ReadAnswer(o.Accepted.Status, jsonOf(t, receipt)).Notes.StatusURL; got != want {
			t.Errorf("status_url %q read as %q, want %q", link, got, want)
		}
	}
	receipt.StatusURL = ""
	problems := api.Problems{Error: o.Invalid.Code, Problems: []api.Problem{
		{Field: "email", Code: "email", Message: "Enter an e-mail address"},
		{Field: api.AttachmentsField, Code: "file_type", Message: "The file “a.exe” was not accepted", File: "a.exe"},
	}}
	want := Answer{Code: o.Invalid.Code, Problems: []Problem{{"email", "Enter an e-mail address"}, {api.AttachmentsField, "The file “a.exe” was not accepted"}}}
	if got := ReadAnswer(o.Invalid.Status, jsonOf(t, problems)); !reflect.DeepEqual(got, want) {
		t.Errorf("problems: %+v, want %+v", got, want)
	}
	failure := api.Error{Error: o.Unavailable.Code, Message: "Please try again in a few minutes."}
	if got := ReadAnswer(o.Unavailable.Status, jsonOf(t, failure)); got.Failure != failure.Message || got.Code != o.Unavailable.Code {
		t.Errorf("failure: %+v", got)
	}
}
