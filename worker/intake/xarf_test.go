package intake

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/api"
	"abusedesk/schemas/authority"
	"abusedesk/schemas/report"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/fake"
)

// xarfSpec is the xarf-spec tree beside the repository: XARF v4's schemas and samples.
const xarfSpec = "../../../shared/xarf-v4"

var xarfJudge = sync.OnceValues(func() (*authority.XARFValidator, error) {
	pack, err := authority.XARFPack(os.DirFS(xarfSpec))
	if err != nil {
		return nil, err
	}
	return authority.XARFFromPack(pack)
})

// xarfFixture is the handler with the machine reporters' API open, its keys' requests
// counted by limiter, and a key that may report every category.
type xarfFixture struct {
	*fixture
	limiter *fake.Limiter
	key     string
}

func newXARFFixture(t *testing.T) *xarfFixture {
	t.Helper()
	if _, err := os.Stat(xarfSpec); err != nil {
		t.Skipf("the XARF v4 schemas are not at %s (%v)", xarfSpec, err)
	}
	v, err := xarfJudge()
	if err != nil {
		t.Fatal(err)
	}
	l := &fake.Limiter{N: 1 << 30}
	f := &xarfFixture{limiter: l}
	f.fixture = newFixture(t, WithXARF(XARF{Validator: LocalXARF(v), Map: contenttest.Bundle(t).XARF, Limit: l, Window: time.Minute}),
		WithReferences(counting(func(n int) string { return fmt.Sprintf("AD-20261123-X%05d", n) })))
	f.key = f.newKey(t, "Example Blocklist", f.rules.CategoryIDs()...)
	return f
}

// newKey stores the record of a new key, as the operator does, and returns the key.
func (f *xarfFixture) newKey(t *testing.T, name string, categories ...string) string {
	t.Helper()
	key, rec, err := delivery.NewReporterKey(name, categories, rand.Reader, f.now)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(rec)
	if err := f.store.Put(context.Background(), delivery.ReporterRecord(rec.ID), data, nil); err != nil {
		t.Fatal(err)
	}
	return key
}

// post sends body to the API with key and the header pairs given.
func (f *xarfFixture) post(key string, body []byte, header ...string) *httptest.ResponseRecorder {
	return f.do(http.MethodPost, api.XARFPath, "application/json", string(body), append([]string{"Authorization", "Bearer " + key}, header...)...)
}

func (f *xarfFixture) get(key, path string) *httptest.ResponseRecorder {
	return f.do(http.MethodGet, path, "", "", "Authorization", "Bearer "+key)
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(xarfSpec, "samples/v4", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// edited is the sample name with edit made to it.
func edited(t *testing.T, name string, edit func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(sample(t, name), &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	data, _ := json.Marshal(doc)
	return data
}

func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("%v: %s", err, w.Body)
	}
	return v
}

// TestXARFSamplesAreFiledAsTheTableSays posts every sample shipped with the XARF v4
// schemas: each type the inbound table files is taken (202) under its category and reaches
// the desk as a multipart/report whose XARF part is the sample as posted, and each it does
// not is refused, saying which type.
func TestXARFSamplesAreFiledAsTheTableSays(t *testing.T) {
	f := newXARFFixture(t)
	x := contenttest.Bundle(t).XARF
	samples, _ := filepath.Glob(filepath.Join(xarfSpec, "samples/v4/*.json"))
	taken := 0
	for _, s := range samples {
		t.Run(filepath.Base(s), func(t *testing.T) {
			data := sample(t, filepath.Base(s))
			var doc map[string]any
			json.Unmarshal(data, &doc)
			class := doc["category"].(string) + "/" + doc["type"].(string)
			want := x.FileAs(class, func(p string) (string, bool) { v, ok := doc[p].(string); return v, ok })
			sent := len(f.mailer.Sent)
			w := f.post(f.key, data)
			if want == "" {
				if !is(w, api.Outcomes.XARFTypeNotTaken) || !strings.Contains(w.Body.String(), class) {
					t.Fatalf("%d %s, want %s naming %s", w.Code, w.Body, named(api.Outcomes.XARFTypeNotTaken), class)
				}
				if len(f.mailer.Sent) != sent {
					t.Error("a refused report was mailed")
				}
				return
			}
			taken++
			if !is(w, api.Outcomes.XARFAccepted) {
				t.Fatalf("%d %s, want %s", w.Code, w.Body, named(api.Outcomes.XARFAccepted))
			}
			a := decode[api.XARFAccepted](t, w)
			if a.Category != want || a.StatusPath != api.XARFStatusPath(a.Reference) {
				t.Errorf("answer %+v, want the category %s", a, want)
			}
			if len(f.mailer.Sent) != sent+1 {
				t.Fatalf("%d mails, want one more", len(f.mailer.Sent)-sent)
			}
			msg := mailtest.Read(t, f.mailer.Sent[sent].Raw)
			if !strings.HasPrefix(msg.Header.Get("Content-Type"), "multipart/report") || msg.Header.Get(email.ReferenceHeader) != a.Reference {
				t.Errorf("Content-Type %s, reference %s", msg.Header.Get("Content-Type"), msg.Header.Get(email.ReferenceHeader))
			}
			cat, _ := f.rules.Category(want)
			if cat.NoFiles {
				// Taken with its links only: its evidence dropped, from the XARF part too.
				var got map[string]any
				json.Unmarshal(msg.XARF, &got)
				if _, ok := got["evidence"]; ok || a.DroppedEvidence != 1 || len(msg.Files) != 0 || got["report_id"] != doc["report_id"] || got["url"] != doc["url"] {
					t.Errorf("evidence %v, dropped %d, files %d, report_id %v", got["evidence"], a.DroppedEvidence, len(msg.Files), got["report_id"])
				}
				if keys := f.store.Keys(delivery.FileKey(a.Reference, 0)); len(keys) != 0 {
					t.Errorf("its evidence was stored: %v", keys)
				}
			} else if !bytes.Equal(msg.XARF, bytes.TrimSpace(data)) {
				t.Errorf("the XARF part is not the sample as sent:\n%s", msg.XARF)
			}
			if ps := mustValidXARF(t, msg.XARF); ps != nil {
				t.Errorf("the XARF part is not valid XARF v4: %v", ps)
			}
			if !strings.Contains(msg.Body, "«Example Blocklist»") {
				t.Errorf("the text does not name the key:\n%s", msg.Body)
			}
		})
	}
	if taken < 25 {
		t.Errorf("%d samples taken", taken)
	}
}

func mustValidXARF(t *testing.T, doc []byte) []api.XARFProblem {
	t.Helper()
	v, err := xarfJudge()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := LocalXARF(v).ValidateXARF(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestXARFKeys: a missing, unknown, wrong or revoked key gets one answer, byte for byte,
// and reads no report; a key opens nothing on the form's path, whose limits and checks of
// where a browser posts from are the form's, not the API's.
func TestXARFKeys(t *testing.T) {
	f := newXARFFixture(t)
	spam := sample(t, "messaging-spam.json")
	revoked := f.newKey(t, "Revoked")
	id := strings.Split(revoked, "_")[1]
	data, _, _ := f.store.Get(context.Background(), delivery.ReporterRecord(id))
	var rec delivery.Reporter
	json.Unmarshal(data, &rec)
	rec.Revoked = f.now
	data, _ = json.Marshal(rec)
	f.store.Put(context.Background(), delivery.ReporterRecord(id), data, nil)
	var first *httptest.ResponseRecorder
	for name, key := range map[string]string{
		"none": "", "unknown": "adk_aaaaaaaaaaaa_" + strings.Repeat("b", 52), "wrong": f.key[:len(f.key)-1] + "z",
		"revoked": revoked, "the operator's token": "operator-token",
	} {
		w := f.post(key, spam)
		if !is(w, api.Outcomes.XARFUnauthorized) || w.Header().Get("WWW-Authenticate") != `Bearer realm="abusedesk"` {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
		if first == nil {
			first = w
		} else if w.Body.String() != first.Body.String() {
			t.Errorf("%s: %s, unlike %s", name, w.Body, first.Body)
		}
		if w := f.get(key, api.XARFPath); !is(w, api.Outcomes.XARFUnauthorized) {
			t.Errorf("%s listing: %d", name, w.Code)
		}
	}
	if len(f.mailer.Sent) != 0 || strings.Contains(f.log.String(), f.key) {
		t.Error("a refused key filed a report, or a key was logged")
	}
	// A key on the form's path is no key: a XARF report there is an invalid form report.
	w := f.do(http.MethodPost, api.ReportsPath, "application/json", string(spam), "Authorization", "Bearer "+f.key)
	if !is(w, api.Outcomes.Invalid) {
		t.Errorf("a key on the form's path: %d %s", w.Code, w.Body)
	}
	// A browser's post from another site is refused on the form's path, not on the API's,
	// which no browser's form reaches with a key.
	w = f.post(f.key, spam, "Sec-Fetch-Site", "cross-site", "Origin", "https://elsewhere.example")
	if !is(w, api.Outcomes.XARFAccepted) {
		t.Errorf("a post with a key and another site's origin: %d %s", w.Code, w.Body)
	}
}

// TestXARFRateLimitPerKey: past its rate a key gets 429 with Retry-After; another key
// counts on its own, and the form's limit by address does not apply.
func TestXARFRateLimitPerKey(t *testing.T) {
	f := newXARFFixture(t)
	other := f.newKey(t, "Other", "spam")
	f.limiter.N = 2
	spam := sample(t, "messaging-spam.json")
	for i := range 2 {
		if w := f.post(f.key, edited(t, "messaging-spam.json", func(d map[string]any) { d["description"] = "n" + strconv.Itoa(i) })); !is(w, api.Outcomes.XARFAccepted) {
			t.Fatalf("post %d: %d %s", i+1, w.Code, w.Body)
		}
	}
	w := f.post(f.key, spam, "Accept-Language", "en")
	if !is(w, api.Outcomes.XARFRateLimited) || w.Header().Get("Retry-After") != "60" {
		t.Fatalf("past the rate: %d %s, Retry-After %q", w.Code, w.Body, w.Header().Get("Retry-After"))
	}
	if a := decode[api.Error](t, w); a.Message != "Too many requests with this key. Wait a minute and try again." {
		t.Errorf("message %q", a.Message)
	}
	if w := f.post(other, spam); !is(w, api.Outcomes.XARFAccepted) {
		t.Errorf("another key: %d %s", w.Code, w.Body)
	}
}

// TestXARFRefusals: each way a post is refused has its own documented answer, and nothing
// refused is kept or mailed.
func TestXARFRefusals(t *testing.T) {
	f := newXARFFixture(t)
	spamOnly := f.newKey(t, "Spam only", "spam")
	spam := sample(t, "messaging-spam.json")
	big := `{"description":"` + strings.Repeat("x", api.MaxXARFBody) + `"}`
	for _, c := range []struct {
		name string
		key  string
		body string
		ct   string
		want api.Outcome
		path string // of a problem
	}{
		{"not JSON", f.key, "{not json", "", api.Outcomes.XARFUnreadable, ""},
		{"not UTF-8", f.key, "{\"description\":\"\xff\"}", "", api.Outcomes.XARFUnreadable, ""},
		{"a string", f.key, `"report"`, "", api.Outcomes.XARFUnreadable, ""},
		{"two objects", f.key, string(spam) + string(spam), "", api.Outcomes.XARFUnreadable, ""},
		{"a form", f.key, "category=spam", "application/x-www-form-urlencoded", api.Outcomes.XARFMediaType, ""},
		{"over the cap", f.key, big, "", api.Outcomes.XARFTooLarge, ""},
		{"an empty batch", f.key, "[]", "", api.Outcomes.XARFBatchSize, ""},
		{"a batch of 51", f.key, "[" + strings.TrimSuffix(strings.Repeat(`{},`, api.MaxXARFBatch+1), ",") + "]", "", api.Outcomes.XARFBatchSize, ""},
		{"not XARF", f.key, `{"category":"messaging"}`, "", api.Outcomes.XARFInvalid, "/reporter"},
		{"a bad timestamp", f.key, string(edited(t, "messaging-spam.json", func(d map[string]any) { d["timestamp"] = "soon" })), "", api.Outcomes.XARFInvalid, "/timestamp"},
		{"evidence not base64", f.key, string(edited(t, "messaging-spam.json", func(d map[string]any) {
			d["evidence"].([]any)[0].(map[string]any)["payload"] = "%%%"
		})), "", api.Outcomes.XARFInvalid, "/evidence/0/payload"},
		{"a type not taken", f.key, string(sample(t, "connection-scraping.json")), "", api.Outcomes.XARFTypeNotTaken, ""},
		{"a threat not taken", f.key, string(edited(t, "reputation-threat-intelligence.json", func(d map[string]any) { d["threat_type"] = "astrology" })), "", api.Outcomes.XARFTypeNotTaken, ""},
		{"a category the key may not report", spamOnly, string(sample(t, "content-phishing.json")), "", api.Outcomes.XARFCategoryNotAllowed, ""},
		{"a client token of 129", f.key, string(edited(t, "messaging-spam.json", func(d map[string]any) { d["client_token"] = strings.Repeat("t", 129) })), "", api.Outcomes.XARFBadToken, ""},
		{"a client token not a string", f.key, string(edited(t, "messaging-spam.json", func(d map[string]any) { d["client_token"] = 7 })), "", api.Outcomes.XARFBadToken, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ct := c.ct
			if ct == "" {
				ct = "application/json"
			}
			puts := f.store.Puts
			w := f.do(http.MethodPost, api.XARFPath, ct, c.body, "Authorization", "Bearer "+c.key, "Accept-Language", "en")
			if !is(w, c.want) {
				t.Fatalf("%d %.300s, want %s", w.Code, w.Body, named(c.want))
			}
			if c.path != "" {
				got := decode[api.XARFInvalid](t, w)
				if !slices.ContainsFunc(got.Problems, func(p api.XARFProblem) bool { return p.Path == c.path && p.Message != "" }) {
					t.Errorf("problems %+v, none worded at %s", got.Problems, c.path)
				}
			} else if a := decode[api.Error](t, w); a.Message == "" || strings.Contains(a.Message, "{") {
				t.Errorf("message %q", a.Message)
			}
			if f.store.Puts != puts {
				t.Errorf("%d objects written", f.store.Puts-puts)
			}
		})
	}
	if w := f.post(f.key, spam, "Idempotency-Key", "a key\nwith a line"); !is(w, api.Outcomes.XARFBadToken) {
		t.Errorf("a header token with a line break: %d", w.Code)
	}
	if w := f.do(http.MethodPut, api.XARFPath, "application/json", string(spam)); !is(w, api.Outcomes.XARFMethodNotAllowed) || w.Header().Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("PUT: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	if len(f.mailer.Sent) != 0 {
		t.Errorf("%d mails", len(f.mailer.Sent))
	}
}

// TestXARFClientTokens: one token is one report for its key, from the body's client_token
// or the header; sent again with the same report it answers the first reference, with
// another 409; the token is not in the report the desk gets.
func TestXARFClientTokens(t *testing.T) {
	f := newXARFFixture(t)
	withToken := func(token, say string) []byte {
		return edited(t, "messaging-spam.json", func(d map[string]any) {
			d["client_token"] = token
			d["description"] = say
		})
	}
	first := f.post(f.key, withToken("t-1", "one"))
	again := f.post(f.key, withToken("t-1", "one"))
	other := f.post(f.key, withToken("t-1", "two"))
	if !is(first, api.Outcomes.XARFAccepted) || again.Body.String() != first.Body.String() || !is(other, api.Outcomes.XARFTokenReused) {
		t.Fatalf("first %d %s, again %s, other %d %s", first.Code, first.Body, again.Body, other.Code, other.Body)
	}
	if len(f.mailer.Sent) != 1 || bytes.Contains(mailtest.Read(t, f.mailer.Sent[0].Raw).XARF, []byte("client_token")) {
		t.Fatalf("%d mails, or the token in the XARF part", len(f.mailer.Sent))
	}
	// The header's token, for a report; for a batch, each item by its place.
	spam := sample(t, "messaging-spam.json")
	h1 := f.post(f.key, spam, "Idempotency-Key", "h-1")
	h2 := f.post(f.key, spam, "Idempotency-Key", "h-1")
	if h1.Body.String() != h2.Body.String() {
		t.Errorf("the header's token: %s, then %s", h1.Body, h2.Body)
	}
	batch := "[" + string(spam) + "," + string(sample(t, "connection-ddos.json")) + "]"
	b1 := decode[api.XARFBatch](t, f.post(f.key, []byte(batch), "Idempotency-Key", "b-1"))
	b2 := decode[api.XARFBatch](t, f.post(f.key, []byte(batch), "Idempotency-Key", "b-1"))
	if len(b1.Results) != 2 || !reflect.DeepEqual(b1.Results, b2.Results) || b1.Results[0].Reference == b1.Results[1].Reference {
		t.Errorf("a batch sent twice: %+v, then %+v", b1.Results, b2.Results)
	}
	if len(f.mailer.Sent) != 4 {
		t.Errorf("%d mails, want 4", len(f.mailer.Sent))
	}
}

// TestXARFBatch: a batch answers one result an item, in order, each as its post alone.
func TestXARFBatch(t *testing.T) {
	f := newXARFFixture(t)
	batch := "[" + strings.Join([]string{
		string(sample(t, "messaging-spam.json")),
		string(sample(t, "connection-scraping.json")),
		`{"category": "content"}`,
		`"not a report"`,
		string(sample(t, "content-phishing.json")),
	}, ",") + "]"
	w := f.post(f.key, []byte(batch), "Accept-Language", "en")
	if !is(w, api.Outcomes.XARFBatch) {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	got := decode[api.XARFBatch](t, w).Results
	want := []api.Outcome{api.Outcomes.XARFAccepted, api.Outcomes.XARFTypeNotTaken, api.Outcomes.XARFInvalid, api.Outcomes.XARFUnreadable, api.Outcomes.XARFAccepted}
	if len(got) != len(want) {
		t.Fatalf("%d results", len(got))
	}
	for i, o := range want {
		r := got[i]
		if r.Status != o.Status || o != api.Outcomes.XARFAccepted && r.Error != o.Code || o == api.Outcomes.XARFAccepted && !delivery.IsReference(r.Reference) {
			t.Errorf("result %d: %+v, want %s", i, r, named(o))
		}
	}
	if got[1].Message != "We take no reports of the XARF type connection/scraping." || len(got[2].Problems) == 0 {
		t.Errorf("results %+v", got)
	}
	if len(f.mailer.Sent) != 2 {
		t.Errorf("%d mails", len(f.mailer.Sent))
	}
}

// TestXARFStatusAndListing: the key that sent a report reads its state, up to the desk's
// decision; another key, and a reference of nothing, are not found alike; the listing
// gives the key's own reports since a time.
func TestXARFStatusAndListing(t *testing.T) {
	f := newXARFFixture(t)
	other := f.newKey(t, "Other", f.rules.CategoryIDs()...)
	a := decode[api.XARFAccepted](t, f.post(f.key, sample(t, "messaging-spam.json")))
	f.now = f.now.Add(time.Hour)
	b := decode[api.XARFAccepted](t, f.post(f.key, sample(t, "connection-ddos.json")))
	decode[api.XARFAccepted](t, f.post(other, sample(t, "content-phishing.json")))

	st := decode[api.Status](t, f.get(f.key, a.StatusPath+"?lang=en"))
	if st.Reference != a.Reference || st.State != string(report.Forwarded) || st.Decision != nil {
		t.Errorf("status %+v", st)
	}
	if _, err := f.delivery.Record(context.Background(), a.Reference, report.Event{State: report.Decided, Outcome: "acted_on", Measure: "ports_blocked"}); err != nil {
		t.Fatal(err)
	}
	st = decode[api.Status](t, f.get(f.key, a.StatusPath+"?lang=en"))
	if st.State != string(report.Decided) || st.Decision == nil || st.Decision.Outcome != "acted_on" || st.Decision.Title == "" {
		t.Errorf("decided: %+v", st)
	}
	var first string
	for _, path := range []string{a.StatusPath, api.XARFStatusPath("AD-20261123-ZZZZZZ"), api.XARFStatusPath("..%2F..%2Fkeys"), api.XARFStatusPath(strings.Repeat("A", 4096))} {
		w := f.get(other, path)
		if !is(w, api.Outcomes.XARFNotFound) {
			t.Errorf("%.60s: %d", path, w.Code)
		}
		if first == "" {
			first = w.Body.String()
		} else if w.Body.String() != first {
			t.Errorf("%.60s answered unlike another key's report: %s", path, w.Body)
		}
	}

	list := decode[api.XARFReports](t, f.get(f.key, api.XARFPath))
	if len(list.Reports) != 2 || list.Reports[0].Reference != a.Reference || list.Reports[1].Reference != b.Reference || list.More {
		t.Errorf("listing %+v", list)
	}
	if list.Reports[0].ReportID != "02eb480f-8172-431a-9276-c28ba90f694a" {
		t.Errorf("report_id %q", list.Reports[0].ReportID)
	}
	// The time escaped, and as a hand-typed query sends it, its + read as a space.
	for _, q := range []string{url.QueryEscape(b.Received), b.Received} {
		w := f.get(f.key, api.XARFPath+"?since="+q)
		if since := decode[api.XARFReports](t, w); !is(w, api.Outcomes.XARFList) || len(since.Reports) != 1 || since.Reports[0].Reference != b.Reference {
			t.Errorf("since %s: %d %+v", q, w.Code, since)
		}
	}
	if w := f.get(f.key, api.XARFPath+"?since=yesterday"); !is(w, api.Outcomes.XARFBadSince) {
		t.Errorf("since yesterday: %d", w.Code)
	}
}

// TestWithoutMembers: what the Worker takes out of a reporter's document leaves the rest
// byte for byte.
func TestWithoutMembers(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"a": 1, "client_token": "x", "b": [1, {"client_token": 2}]}`, `{"a": 1, "b": [1, {"client_token": 2}]}`},
		{"{\n  \"client_token\": \"x\",\n  \"a\": 1\n}", "{\n  \n  \"a\": 1\n}"},
		{`{"a":1,"client_token":"x"}`, `{"a":1}`},
		{`{"client_token":"x"}`, `{}`},
		{`{"client_token":"x","evidence":[],"z":"\"client_token\""}`, `{"z":"\"client_token\""}`},
		{`{"a":1}`, `{"a":1}`},
	} {
		got, err := withoutMembers([]byte(c.in), "client_token", "evidence")
		if err != nil || string(got) != c.want {
			t.Errorf("%s: %s, %v; want %s", c.in, got, err, c.want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: %s is not JSON", c.in, got)
		}
	}
}

// TestXARFEvidence: evidence of a kind the rules take becomes a file of the report, as a
// form's attachment; of another kind it stays in the XARF part alone, and the text says so.
func TestXARFEvidence(t *testing.T) {
	f := newXARFFixture(t)
	pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"))
	exe := base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"))
	body := edited(t, "content-malware.json", func(d map[string]any) {
		d["evidence"] = []any{
			map[string]any{"content_type": "application/pdf", "payload": pdf},
			map[string]any{"content_type": "application/octet-stream", "payload": exe},
		}
	})
	w := f.post(f.key, body)
	if !is(w, api.Outcomes.XARFAccepted) {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	msg := mailtest.Read(t, f.mailer.Sent[0].Raw)
	if len(msg.Files) != 1 || msg.Files[0].ContentType != "application/pdf" || msg.Files[0].Filename != "evidence-1.pdf" {
		t.Errorf("files %+v", msg.Files)
	}
	if !strings.Contains(msg.Body, "1 доказ є лише в частині XARF") || !bytes.Contains(msg.XARF, []byte(exe)) {
		t.Errorf("the executable is not said to be in the XARF part alone:\n%s", msg.Body)
	}
}
