package intake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/delivery"
)

// countingReferences numbers reports AD-20261123-000001, -000002, …
func countingReferences() Option {
	return WithReferences(counting(func(n int) string { return fmt.Sprintf("AD-20261123-%06d", n) }))
}

// firstTestRef numbers the first report testRef, as the fixture's tests expect, and the
// others AD-20261123-000002, -000003, …: a reference is never given twice.
func firstTestRef() Option {
	return WithReferences(counting(func(n int) string {
		if n == 1 {
			return testRef
		}
		return fmt.Sprintf("AD-20261123-%06d", n)
	}))
}

func counting(ref func(n int) string) delivery.ReferenceFunc {
	var mu sync.Mutex
	n := 0
	return func(time.Time) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		return ref(n), nil
	}
}

func TestReportIsStoredBeforeTheAnswer(t *testing.T) {
	f := newFixture(t).queued()
	w := f.postJSON(t, reporttest.Full())
	if !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	data, obj, err := f.store.Get(context.Background(), "reports/"+testRef+".json")
	if err != nil {
		t.Fatalf("the report answered Accepted is not stored: %v", err)
	}
	if obj.Meta[delivery.MetaDelivered] != "" {
		t.Error("stored as delivered before any mail was sent")
	}
	var rep report.Filed
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Reference != testRef || !rep.Received.Equal(f.now) || rep.Lang != "en" || rep.Report.Message != reporttest.Full()["message"] {
		t.Errorf("stored %+v", rep)
	}
	if got := f.store.Keys(delivery.PendingPrefix); !slices.Equal(got, []string{delivery.PendingPrefix + testRef}) {
		t.Errorf("pending %v", got)
	}
	if !slices.Equal(f.queue.Sent, []string{testRef}) || len(f.mailer.Sent) != 0 {
		t.Fatalf("queued %v, mailed %d; want the reference queued and nothing mailed yet", f.queue.Sent, len(f.mailer.Sent))
	}

	f.drain(t, 3)
	if len(f.mailer.Sent) != 1 {
		t.Fatalf("mailed %d times", len(f.mailer.Sent))
	}
	if _, obj, _ := f.store.Get(context.Background(), delivery.ReportKey(testRef)); obj.Meta[delivery.MetaDelivered] == "" {
		t.Error("not marked delivered")
	}
	if got := f.store.Keys(delivery.PendingPrefix); len(got) != 0 {
		t.Errorf("still pending: %v", got)
	}
}

func TestQueueFailureStillAccepts(t *testing.T) {
	f := newFixture(t).queued()
	f.queue.Err = errors.New("queue down")
	if w := f.postJSON(t, reporttest.Full()); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if !strings.Contains(f.log.String(), "queue down") {
		t.Errorf("not logged: %s", f.log)
	}
	// The sweep, some minutes later, finds it.
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	f.delivery.Sweep(context.Background())
	if len(f.mailer.Sent) != 1 {
		t.Fatalf("mailed %d times, want 1", len(f.mailer.Sent))
	}
}

func TestDeadLettersAreListedAndSwept(t *testing.T) {
	const token = "s3cret"
	f := newFixture(t, WithAdminToken(token))
	f.queued()
	mailer := f.mailer
	mailer.Fail = func(int) bool { return true }
	f.postJSON(t, reporttest.Full())
	if dead := f.drain(t, 3); !slices.Equal(dead, []string{testRef}) {
		t.Fatalf("dead letters %v", dead)
	}
	if mailer.Attempts != 4 {
		t.Errorf("%d attempts, want 1 + 3 retries", mailer.Attempts)
	}

	list := func() api.Pending {
		t.Helper()
		w := f.do(http.MethodGet, api.PendingPath, "", "", "Authorization", "Bearer "+token)
		if !is(w, api.Outcomes.Pending) {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var p api.Pending
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := list()
	if len(p.Pending) != 1 || p.Pending[0].Reference != testRef || len(p.Dead) != 1 || p.Dead[0].Reference != testRef {
		t.Fatalf("listing %+v", p)
	}

	// Too young for the sweep: left to the queue.
	f.delivery.Sweep(context.Background())
	if mailer.Attempts != 4 {
		t.Fatalf("the sweep tried a report %d attempts in, before its time", mailer.Attempts)
	}
	mailer.Fail = func(int) bool { return false }
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	f.delivery.Sweep(context.Background())
	f.delivery.Sweep(context.Background())
	if len(mailer.Sent) != 1 {
		t.Fatalf("mailed %d times after two sweeps, want 1", len(mailer.Sent))
	}
	if p := list(); len(p.Pending) != 0 || len(p.Dead) != 0 {
		t.Errorf("after delivery: %+v", p)
	}
}

func TestResubmittingReturnsTheSameReference(t *testing.T) {
	post := func(f *fixture, how string) string {
		t.Helper()
		var w interface {
			Result() *http.Response
		}
		switch how {
		case "header":
			body, _ := json.Marshal(reporttest.Full())
			w = f.do(http.MethodPost, api.ReportsPath, "application/json", string(body), api.IdempotencyHeader, "key-1")
		case "field":
			form := url.Values{}
			for k, v := range reporttest.Full() {
				form.Set(k, v)
			}
			form.Set(api.IdempotencyField, "key-1")
			w = f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", form.Encode(), "Accept", "application/json")
		}
		res := w.Result()
		var got api.Receipt
		if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != api.Outcomes.Accepted.Status {
			t.Fatalf("status %d, %v", res.StatusCode, err)
		}
		return got.Reference
	}
	for _, how := range []string{"header", "field"} {
		t.Run(how, func(t *testing.T) {
			f := newFixture(t, countingReferences())
			first := post(f, how)
			f.now = f.now.Add(time.Minute)
			if again := post(f, how); again != first {
				t.Errorf("second post got %s, first %s", again, first)
			}
			if len(f.mailer.Sent) != 1 || len(f.store.Keys("reports/")) != 1 {
				t.Errorf("mailed %d, stored %v", len(f.mailer.Sent), f.store.Keys("reports/"))
			}
			// Another key is another report.
			body, _ := json.Marshal(reporttest.Full())
			f.do(http.MethodPost, api.ReportsPath, "application/json", string(body), api.IdempotencyHeader, "key-2")
			if len(f.mailer.Sent) != 2 {
				t.Errorf("a second key mailed %d in all", len(f.mailer.Sent))
			}
		})
	}
}

func TestKeyClaimedButNotStoredIsStoredOnRetry(t *testing.T) {
	f := newFixture(t, countingReferences())
	body, _ := json.Marshal(reporttest.Full())
	// The first post claims the key, then the bucket fails to keep the report: 503.
	f.store.FailOn = func(op, key string) error {
		if op == "create" && strings.HasPrefix(key, delivery.ReportsPrefix) {
			return errors.New("bucket down")
		}
		return nil
	}
	if w := f.do(http.MethodPost, api.ReportsPath, "application/json", string(body), api.IdempotencyHeader, "k"); !is(w, api.Outcomes.Unavailable) {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	// The retry, as the form's script sends it, stores it under the reference the key got.
	f.store.FailOn = nil
	w := f.do(http.MethodPost, api.ReportsPath, "application/json", string(body), api.IdempotencyHeader, "k")
	var got api.Receipt
	json.Unmarshal(w.Body.Bytes(), &got)
	if !is(w, api.Outcomes.Accepted) || got.Reference != "AD-20261123-000001" {
		t.Fatalf("status %d, reference %q", w.Code, got.Reference)
	}
	if len(f.mailer.Sent) != 1 {
		t.Errorf("mailed %d", len(f.mailer.Sent))
	}
}

func TestHoneypotAnswersButKeepsNothing(t *testing.T) {
	f := newFixture(t)
	doc := reporttest.Full()
	doc[api.HoneypotField] = "http://spam.example"
	w := f.postJSON(t, doc)
	if !is(w, api.Outcomes.Accepted) || !strings.Contains(w.Body.String(), testRef) {
		t.Fatalf("status %d: %s; want it to look accepted", w.Code, w.Body)
	}
	if f.store.Puts != 0 || len(f.queue.Sent) != 0 || len(f.mailer.Sent) != 0 {
		t.Errorf("stored %d objects, queued %v, mailed %d", f.store.Puts, f.queue.Sent, len(f.mailer.Sent))
	}
	if !strings.Contains(f.log.String(), "honeypot") {
		t.Errorf("not logged: %s", f.log)
	}
	// An empty honeypot is what people send.
	doc[api.HoneypotField] = ""
	if w := f.postJSON(t, doc); !is(w, api.Outcomes.Accepted) || len(f.mailer.Sent) != 1 {
		t.Errorf("status %d, mailed %d", w.Code, len(f.mailer.Sent))
	}
}

// siteverify stands in for Turnstile's. It accepts the token "good" as issued on the
// report form (api.TurnstileAction) of example.com, the host httptest's requests have;
// "elsewhere" as issued on another site, "other-widget" on another widget of this one.
// It fails with err when set, and records what it was asked.
type siteverify struct {
	err         error
	tokens, ips []string
}

func (v *siteverify) Verify(_ context.Context, token, ip string) (Verdict, error) {
	v.tokens, v.ips = append(v.tokens, token), append(v.ips, ip)
	verdict := Verdict{Success: true, Hostname: "example.com", Action: api.TurnstileAction}
	switch token {
	case "good":
	case "elsewhere":
		verdict.Hostname = "evil.example"
	case "other-widget":
		verdict.Action = "login"
	default:
		verdict = Verdict{}
	}
	return verdict, v.err
}

func TestTurnstile(t *testing.T) {
	for _, tc := range []struct {
		name, token string
		err         error
		want        api.Outcome
	}{
		{"good token", "good", nil, api.Outcomes.Accepted},
		{"bad token", "forged", nil, api.Outcomes.NotHuman},
		{"no token", "", nil, api.Outcomes.NotHuman},
		{"a token of another site", "elsewhere", nil, api.Outcomes.NotHuman},
		{"a token of another widget", "other-widget", nil, api.Outcomes.NotHuman},
		{"Cloudflare down", "forged", errors.New("siteverify unreachable"), api.Outcomes.Accepted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &siteverify{err: tc.err}
			f := newFixture(t, WithTurnstile(Turnstile{SiteKey: "1x00000000000000000000AA", Verifier: v}))
			doc := reporttest.Full()
			doc["lang"] = "uk"
			if tc.token != "" {
				doc[api.TurnstileField] = tc.token
			}
			body, _ := json.Marshal(doc)
			w := f.do(http.MethodPost, api.ReportsPath, "application/json", string(body), "CF-Connecting-IP", "192.0.2.9")
			if !is(w, tc.want) {
				t.Fatalf("status %d, want %s: %s", w.Code, named(tc.want), w.Body)
			}
			if tc.want == api.Outcomes.NotHuman {
				if !strings.Contains(w.Body.String(), "людина") || f.store.Puts != 0 {
					t.Errorf("answer %s, %d objects stored", w.Body, f.store.Puts)
				}
			}
			if tc.token != "" && (v.tokens[0] != tc.token || v.ips[0] != "192.0.2.9") {
				t.Errorf("verified %v from %v", v.tokens, v.ips)
			}
		})
	}
}

func TestPendingNeedsTheToken(t *testing.T) {
	if w := newFixture(t).do(http.MethodGet, api.PendingPath, "", "", "Authorization", "Bearer "); !is(w, api.Outcomes.NotFound) {
		t.Errorf("without a configured token: status %d, want %s", w.Code, named(api.Outcomes.NotFound))
	}
	f := newFixture(t, WithAdminToken("s3cret"))
	for _, auth := range []string{"", "Bearer wrong", "s3cret", "Basic czNjcmV0"} {
		if w := f.do(http.MethodGet, api.PendingPath, "", "", "Authorization", auth); !is(w, api.Outcomes.Unauthorized) {
			t.Errorf("Authorization %q: status %d, want %s", auth, w.Code, named(api.Outcomes.Unauthorized))
		}
	}
	if w := f.do(http.MethodPost, api.PendingPath, "", "", "Authorization", "Bearer s3cret"); !is(w, api.Outcomes.MethodNotAllowed) {
		t.Errorf("POST: status %d", w.Code)
	}
}
