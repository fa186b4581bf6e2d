package intake

import (
	"encoding/json"
	"reflect"
	"testing"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
)

// FuzzAppendJSON holds appendJSON to encoding/json for every answer the API gives, with
// strings of any bytes, lists nil, empty and full, and fields left empty or not.
func FuzzAppendJSON(f *testing.F) {
	f.Add("AD-20261124-A10000", "<script>&\"\\\n\r\t\b\f\x00\x1f", "Київ \u2028\u2029 \xff\xfe", 3, true, uint8(0))
	f.Add("", "", "", 0, false, uint8(1))
	f.Add("a", "b", "c", -7, true, uint8(2))
	f.Fuzz(func(t *testing.T, s1, s2, s3 string, n int, yes bool, shape uint8) {
		list := map[uint8][]string{0: nil, 1: {}, 2: {s1, s2, s3}}[shape%3]
		reports := map[uint8][]api.PendingReport{0: nil, 1: {}, 2: {{Reference: s1, Since: s2}, {Reference: s3, Since: s1, Reason: s2}}}[shape%3]
		problems := map[uint8][]api.Problem{0: nil, 1: {}, 2: {{Field: s1, Code: report.Code(s2), Message: s3, File: s1}, {Field: s2}}}[shape%3]
		response := api.Response{Kind: s1, Hours: n, Claim: s2, RespondBy: s3}
		if !yes {
			response = api.Response{Kind: s1}
		}
		events := map[uint8][]api.CaseEvent{0: nil, 1: {}, 2: {{State: s1, At: s2, By: s3, Outcome: s1, Measure: s2, Duplicate: s3, Note: s1, Answer: s2}, {State: s3}}}[shape%3]
		statement := &api.StatementOfReasons{DecisionVisibility: list, DecisionProvision: s1, DecisionGround: s2, DecisionGroundReferenceURL: s3,
			IllegalContentLegalGround: s1, IncompatibleContentExplanation: s2, Category: s3, DecisionFacts: s1, SourceType: s2,
			AutomatedDetection: s3, AutomatedDecision: s1, ApplicationDate: s2, PUID: s3}
		if !yes {
			statement = nil
		}
		for _, answer := range []any{
			api.Case{Error: s1, Reference: s2, Category: s3, Received: s1, Forwarded: s2, State: s3, Steps: n, History: events, Statement: statement},
			api.Case{Reference: s1, History: events},
			api.StatementOfReasons{DecisionGround: s1, Category: s2, PUID: s3, DecisionVisibility: list},
			api.Receipt{Reference: s1, Received: s2, Deadlines: list, Schedule: api.Deadlines{Category: s3, Response: response, Sentences: list}, IdentityShared: yes, Confirmation: !yes},
			api.Held{Reference: s1, Received: s2, Delivered: s3, Pending: yes, SetAside: !yes, Confirmation: yes, Files: n, CaseSteps: -n, NoticesSent: n, NoticesWaiting: -n, Objects: -n},
			api.Held{Reference: s1},
			api.Erased{Reference: s1, Objects: n},
			api.Problems{Problems: problems},
			api.Error{Error: s1, Message: s2},
			api.Thanks{Message: s3},
			api.Deadlines{Category: s1, Lang: s2, Received: s3, ReviewStarts: s1, ProcessedBy: s2, SettledBy: s3, Response: response, Sentences: list},
			api.Pending{Pending: reports, Dead: reports, Refused: nil, Confirmations: []api.PendingReport{}},
			status(s1, s2, s3, list, response, yes, shape),
		} {
			want, err := json.Marshal(answer)
			if err != nil {
				t.Fatal(err)
			}
			if got := appendJSON(nil, reflect.ValueOf(answer)); string(got) != string(want) {
				t.Errorf("%T:\n got %s\nwant %s", answer, got, want)
			}
		}
	})
}

// status is a status answer of the fuzzed values: its states with a date and without, and
// its decision and deadlines present, absent, or (shape) with their optional fields empty.
func status(s1, s2, s3 string, list []string, response api.Response, yes bool, shape uint8) api.Status {
	st := api.Status{Reference: s1, Lang: s2, State: s3, States: []api.StatusStep{{State: s1, Title: s2, At: s3, Until: s1}, {State: s2, Title: s3}}}
	if shape%3 == 0 {
		st.States = nil
	}
	if yes {
		st.Decision = &api.Decision{Outcome: s1, Title: s2, Meaning: s3, DecidedAt: s1}
		if shape%2 == 0 {
			st.Decision.Measure, st.Decision.MeasureTitle, st.Decision.Duplicate, st.Decision.Note = s2, s3, s1, s2
		}
		st.Deadlines = &api.Deadlines{Category: s3, Response: response, Sentences: list}
	}
	return st
}
