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
	w := c.Rules.Wire(c.Zone)
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

func TestReadAnswer(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   Answer
	}{
		{"accepted", 201, `{"reference":"AD-1","received":"2026-11-23T10:00:00+02:00","deadlines":["a","b"]}`,
			Answer{Reference: "AD-1", Deadlines: []string{"a", "b"}}},
		{"problems", 422, `{"problems":[{"field":"email","code":"email","message":"Bad"},{"field":"","code":"unknown","message":"Odd"}]}`,
			Answer{Problems: []Problem{{"email", "Bad"}, {"", "Odd"}}}},
		{"unavailable with a message", 503, `{"message":"Later"}`, Answer{Failure: "Later"}},
		{"error page that is not JSON", 502, `null`, Answer{}},
		{"no answer at all", 0, `null`, Answer{}},
		{"success without a reference", 200, `{}`, Answer{}},
		{"422 without problems", 422, `{"message":"Unreadable"}`, Answer{Failure: "Unreadable"}},
		{"a key used for another report", 409, `{"error":"idempotency_key_reused","message":"Sent already"}`, Answer{Failure: "Sent already", KeyReused: true}},
		{"not human", 403, `{"error":"not_human","message":"Not a person"}`, Answer{Failure: "Not a person"}},
	} {
		if got := ReadAnswer(tc.status, parse(t, []byte(tc.body))); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: ReadAnswer = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		status, attempt int
		pause           time.Duration
		again           bool
	}{
		{0, 1, time.Second, true}, {503, 2, 3 * time.Second, true}, {502, 1, time.Second, true}, {504, 1, time.Second, true},
		{503, 3, 0, false}, // twice is enough: then the reporter is told
		{201, 1, 0, false}, {422, 1, 0, false}, {413, 1, 0, false}, {429, 1, 0, false}, {500, 1, 0, false},
	} {
		if pause, again := RetryAfter(tc.status, tc.attempt); pause != tc.pause || again != tc.again {
			t.Errorf("RetryAfter(%d, %d) = %v, %v; want %v, %v", tc.status, tc.attempt, pause, again, tc.pause, tc.again)
		}
	}
}

// TestReadAnswerReadsTheWorkersTypes holds ReadAnswer to the Worker's answers as package
// api defines them and encoding/json writes them: every key it reads is spelled as the
// Worker writes it.
func TestReadAnswerReadsTheWorkersTypes(t *testing.T) {
	encode := func(v any) Node {
		t.Helper()
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return parse(t, data)
	}
	receipt := api.Receipt{Reference: "AD-20261123-7K3M9Q", Received: "2026-11-23T10:00:00+02:00", Deadlines: []string{"Reviewed by Monday.", "Settled by Friday."}}
	if got, want := ReadAnswer(201, encode(receipt)), (Answer{Reference: receipt.Reference, Deadlines: receipt.Deadlines}); !reflect.DeepEqual(got, want) {
		t.Errorf("receipt: %+v, want %+v", got, want)
	}
	receipt.IdentityShared, receipt.Confirmation = true, true
	if got, want := ReadAnswer(201, encode(receipt)), (Answer{Reference: receipt.Reference, Deadlines: receipt.Deadlines, Notes: i18n.ReceiptNotes{IdentityShared: true, Confirmation: true}}); !reflect.DeepEqual(got, want) {
		t.Errorf("receipt with notes: %+v, want %+v", got, want)
	}
	problems := api.Problems{Problems: []api.Problem{
		{Field: "email", Code: "email", Message: "Enter an e-mail address"},
		{Field: api.AttachmentsField, Code: "file_type", Message: "The file “a.exe” was not accepted", File: "a.exe"},
	}}
	want := Answer{Problems: []Problem{{"email", "Enter an e-mail address"}, {api.AttachmentsField, "The file “a.exe” was not accepted"}}}
	if got := ReadAnswer(422, encode(problems)); !reflect.DeepEqual(got, want) {
		t.Errorf("problems: %+v, want %+v", got, want)
	}
	failure := api.Error{Error: "unavailable", Message: "Please try again in a few minutes."}
	if got := ReadAnswer(503, encode(failure)); got.Failure != failure.Message {
		t.Errorf("failure: %+v", got)
	}
}
