package intake

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/fake"
)

func TestRateLimitAnswers429(t *testing.T) {
	reports, typos := &fake.Limiter{N: 2}, &fake.Limiter{N: 1}
	f := newFixture(t, WithReportLimit(reports, time.Minute), WithTypoLimit(typos, 10*time.Second))
	report, err := json.Marshal(reporttest.Full())
	if err != nil {
		t.Fatal(err)
	}
	typo, err := json.Marshal(fullTypo())
	if err != nil {
		t.Fatal(err)
	}
	const client = "198.51.100.7"
	post := func(path, body, ip string, header ...string) *httptest.ResponseRecorder {
		return f.do(http.MethodPost, path, "application/json", body, append([]string{"CF-Connecting-IP", ip}, header...)...)
	}
	// A refused request and a GET count as nothing but a request: the limit comes first.
	if w := f.do(http.MethodPost, api.ReportsPath, "text/plain", "hello", "CF-Connecting-IP", client); !is(w, api.Outcomes.MediaType) {
		t.Fatalf("status %d, want %s", w.Code, named(api.Outcomes.MediaType))
	}
	if w := f.do(http.MethodGet, api.ReportsPath, "", "", "CF-Connecting-IP", client); !is(w, api.Outcomes.MethodNotAllowed) {
		t.Fatalf("status %d, want %s", w.Code, named(api.Outcomes.MethodNotAllowed))
	}
	if w := post(api.ReportsPath, string(report), client); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Accepted), w.Body)
	}
	w := post(api.ReportsPath, string(report), client, "Accept-Language", "ru-RU,ru;q=0.9")
	if !is(w, api.Outcomes.RateLimited) {
		t.Fatalf("third report: status %d, want %s; body %s", w.Code, named(api.Outcomes.RateLimited), w.Body)
	}
	if got := w.Header().Get("Retry-After"); got != "60" {
		t.Errorf("Retry-After %q, want 60", got)
	}
	var answer api.Error
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
		t.Fatal(err)
	}
	if want := (api.Error{Error: api.Outcomes.RateLimited.Code, Message: "Слишком много запросов с вашего адреса. Подождите минуту и попробуйте ещё раз."}); answer != want {
		t.Errorf("answer %+v, want %+v", answer, want)
	}
	if len(f.mailer.Sent) != 1 {
		t.Errorf("%d reports mailed, want 1", len(f.mailer.Sent))
	}

	// A form sent without JavaScript gets a page saying so.
	w = f.do(http.MethodPost, api.ReportsPath, "application/x-www-form-urlencoded", formBody(reporttest.Full()),
		"CF-Connecting-IP", client, "Accept", browserAccept, "Accept-Language", "en")
	if !is(w, api.Outcomes.RateLimited) || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, Content-Type %q; want a %s page", w.Code, w.Header().Get("Content-Type"), named(api.Outcomes.RateLimited))
	}
	for _, want := range []string{`<html lang="en">`, "Too many requests from your address", `<a href="/en/report/">`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}

	// Another address is counted on its own, and typo notes against their own limit.
	if w := post(api.ReportsPath, string(report), "198.51.100.8"); !is(w, api.Outcomes.Accepted) {
		t.Errorf("another address: status %d, want %s", w.Code, named(api.Outcomes.Accepted))
	}
	if w := post(api.TyposPath, string(typo), client); !is(w, api.Outcomes.Thanks) {
		t.Errorf("first note: status %d, want %s; body %s", w.Code, named(api.Outcomes.Thanks), w.Body)
	}
	w = post(api.TyposPath, string(typo), client, "Accept", browserAccept)
	if !is(w, api.Outcomes.RateLimited) || w.Header().Get("Retry-After") != "10" || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("second note: status %d, Retry-After %q, Content-Type %q; want %s JSON after 10 s",
			w.Code, w.Header().Get("Retry-After"), w.Header().Get("Content-Type"), named(api.Outcomes.RateLimited))
	}
	if len(f.editors.Sent) != 1 {
		t.Errorf("%d notes mailed, want 1", len(f.editors.Sent))
	}
}

func TestBrokenRateLimiterLetsRequestsThrough(t *testing.T) {
	limiter := &fake.Limiter{N: 0}
	limiter.Err = errors.New("binding unreachable")
	f := newFixture(t, WithReportLimit(limiter, time.Minute))
	if w := f.postJSON(t, reporttest.Full()); !is(w, api.Outcomes.Accepted) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Accepted), w.Body)
	}
	if !strings.Contains(f.log.String(), "binding unreachable") {
		t.Errorf("the failure is not logged: %s", f.log)
	}
}

func TestClientKey(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"203.0.113.9", "203.0.113.9"},
		{"::ffff:203.0.113.9", "203.0.113.9"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"", "unknown"},
		{"203.0.113.9, 10.0.0.1", "unknown"},
	} {
		r := httptest.NewRequest(http.MethodPost, api.ReportsPath, nil)
		if tc.header != "" {
			r.Header.Set("CF-Connecting-IP", tc.header)
		}
		if got := clientKey(r); got != tc.want {
			t.Errorf("clientKey(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}
