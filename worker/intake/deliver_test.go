package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// memStore is a Store in memory, as R2 behaves: it fails every call while err is set.
type memStore struct {
	mu      sync.Mutex
	objects map[string]memObject
	now     func() time.Time
	err     error
	// puts counts the writes, to prove a path stored nothing.
	puts int
}

type memObject struct {
	data     []byte
	meta     map[string]string
	uploaded time.Time
}

func newMemStore() *memStore {
	return &memStore{objects: map[string]memObject{}, now: time.Now}
}

func (s *memStore) Put(_ context.Context, key string, data []byte, meta map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.puts++
	s.objects[key] = memObject{bytes.Clone(data), maps.Clone(meta), s.now()}
	return nil
}

func (s *memStore) Create(ctx context.Context, key string, data []byte) (bool, error) {
	s.mu.Lock()
	_, exists := s.objects[key]
	s.mu.Unlock()
	if exists {
		return false, nil
	}
	return true, s.Put(ctx, key, data, nil)
}

func (s *memStore) Get(_ context.Context, key string) ([]byte, Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, Object{}, s.err
	}
	o, ok := s.objects[key]
	if !ok {
		return nil, Object{}, ErrNotFound
	}
	return bytes.Clone(o.data), Object{Key: key, Uploaded: o.uploaded, Meta: maps.Clone(o.meta)}, nil
}

func (s *memStore) Head(ctx context.Context, key string) (Object, error) {
	_, o, err := s.Get(ctx, key)
	return o, err
}

func (s *memStore) List(_ context.Context, prefix string) ([]Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	var out []Object
	for _, k := range slices.Sorted(maps.Keys(s.objects)) {
		if strings.HasPrefix(k, prefix) {
			o := s.objects[k]
			out = append(out, Object{Key: k, Uploaded: o.uploaded, Meta: maps.Clone(o.meta)})
		}
	}
	return out, nil
}

func (s *memStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	delete(s.objects, key)
	return nil
}

// keys are the store's keys that start with prefix.
func (s *memStore) keys(prefix string) []string {
	objs, _ := s.List(context.Background(), prefix)
	var keys []string
	for _, o := range objs {
		keys = append(keys, o.Key)
	}
	return keys
}

// fakeQueue records the references sent. inline delivers each at once, as if the queue's
// consumer ran straight away (the fixture's default, so a post's mail can be looked at
// right after it); otherwise drain runs the consumer as Cloudflare's broker would.
type fakeQueue struct {
	mu      sync.Mutex
	sent    []string
	err     error
	inline  bool
	deliver func(ref string) error
}

func (q *fakeQueue) Send(_ context.Context, ref string) error {
	q.mu.Lock()
	if q.err != nil {
		q.mu.Unlock()
		return q.err
	}
	q.sent = append(q.sent, ref)
	q.mu.Unlock()
	if q.inline {
		q.deliver(ref)
	}
	return nil
}

// fakeMessage is one queue message with the broker's bookkeeping.
type fakeMessage struct {
	body     string
	attempts int
	acked    bool
	retried  bool
}

func (m *fakeMessage) Body() string  { return m.body }
func (m *fakeMessage) Attempts() int { return m.attempts }
func (m *fakeMessage) Ack()          { m.acked = true }
func (m *fakeMessage) Retry()        { m.retried = true }

// drain plays the broker: it gives the handler the queued references in batches of up to
// ten, redelivers each retried message until it has had maxRetries retries, and then
// hands it to the dead-letter consumer. It returns the dead letters.
func (f *fixture) drain(t *testing.T, maxRetries int) []string {
	t.Helper()
	f.queue.mu.Lock()
	var waiting []*fakeMessage
	for _, ref := range f.queue.sent {
		waiting = append(waiting, &fakeMessage{body: ref})
	}
	f.queue.sent = nil
	f.queue.mu.Unlock()
	var dead []*fakeMessage
	for len(waiting) > 0 {
		batch := waiting[:min(10, len(waiting))]
		waiting = waiting[len(batch):]
		msgs := make([]Message, len(batch))
		for i, m := range batch {
			m.attempts++
			m.acked, m.retried = false, false
			msgs[i] = m
		}
		f.h.Consume(context.Background(), msgs)
		for _, m := range batch {
			switch {
			case m.acked == m.retried:
				t.Fatalf("message %s: acked %v, retried %v; want exactly one", m.body, m.acked, m.retried)
			case m.retried && m.attempts > maxRetries:
				dead = append(dead, m)
			case m.retried:
				waiting = append(waiting, m)
			}
		}
	}
	var refs []string
	if len(dead) > 0 {
		msgs := make([]Message, len(dead))
		for i, m := range dead {
			m.acked, m.retried = false, false
			msgs[i] = m
			refs = append(refs, m.body)
		}
		f.h.ConsumeDead(context.Background(), msgs)
		for _, m := range dead {
			if !m.acked {
				t.Fatalf("dead letter %s not acknowledged", m.body)
			}
		}
	}
	return refs
}

// queued makes the fixture's queue hold its messages for drain.
func (f *fixture) queued() *fixture {
	f.queue.inline = false
	return f
}

// countingReferences numbers reports AD-20261123-000001, -000002, …
func countingReferences() Option {
	var mu sync.Mutex
	n := 0
	return WithReferences(func(time.Time) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("AD-20261123-%06d", n), nil
	})
}

// flakyMailer fails the sends its fail function picks, given the message's Message-ID
// and how often it was tried, and records the rest.
type flakyMailer struct {
	fakeMailer
	attempts int
	tries    map[string]int
	fail     func(attempt int) bool
}

func (m *flakyMailer) Send(ctx context.Context, from, to string, raw []byte) error {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.attempts++
	if m.tries == nil {
		m.tries = map[string]int{}
	}
	id := msg.Header.Get("Message-ID")
	m.tries[id]++
	failing := m.fail(m.tries[id])
	m.mu.Unlock()
	if failing {
		return errors.New("mailbox busy")
	}
	return m.fakeMailer.Send(ctx, from, to, raw)
}

// messageIDs counts the mails the mailbox got by Message-ID.
func messageIDs(t *testing.T, sent []sent) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, s := range sent {
		m, err := mail.ReadMessage(bytes.NewReader(s.raw))
		if err != nil {
			t.Fatal(err)
		}
		ids[m.Header.Get("Message-ID")]++
	}
	return ids
}

func TestReportIsStoredBeforeTheAnswer(t *testing.T) {
	f := newFixture(t).queued()
	w := f.postJSON(t, fullReport())
	if w.Code != http.StatusCreated {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	data, obj, err := f.store.Get(context.Background(), "reports/"+testRef+".json")
	if err != nil {
		t.Fatalf("the report answered 201 is not stored: %v", err)
	}
	if obj.Meta[metaDelivered] != "" {
		t.Error("stored as delivered before any mail was sent")
	}
	var rep storedReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Reference != testRef || !rep.Received.Equal(f.now) || rep.Lang != "en" || rep.Fields["message"] != fullReport()["message"] {
		t.Errorf("stored %+v", rep)
	}
	if got := f.store.keys(pendingPrefix); !slices.Equal(got, []string{pendingPrefix + testRef}) {
		t.Errorf("pending %v", got)
	}
	if !slices.Equal(f.queue.sent, []string{testRef}) || len(f.mailer.sent) != 0 {
		t.Fatalf("queued %v, mailed %d; want the reference queued and nothing mailed yet", f.queue.sent, len(f.mailer.sent))
	}

	f.drain(t, 3)
	if len(f.mailer.sent) != 1 {
		t.Fatalf("mailed %d times", len(f.mailer.sent))
	}
	if _, obj, _ := f.store.Get(context.Background(), reportKey(testRef)); obj.Meta[metaDelivered] == "" {
		t.Error("not marked delivered")
	}
	if got := f.store.keys(pendingPrefix); len(got) != 0 {
		t.Errorf("still pending: %v", got)
	}
}

func TestQueueFailureStillAccepts(t *testing.T) {
	f := newFixture(t).queued()
	f.queue.err = errors.New("queue down")
	if w := f.postJSON(t, fullReport()); w.Code != http.StatusCreated {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if !strings.Contains(f.log.String(), "queue down") {
		t.Errorf("not logged: %s", f.log)
	}
	// The sweep, some minutes later, finds it.
	f.now = f.now.Add(defaultSweepAge + time.Second)
	f.h.Sweep(context.Background())
	if len(f.mailer.sent) != 1 {
		t.Fatalf("mailed %d times, want 1", len(f.mailer.sent))
	}
}

func TestFailingMailboxIsRetriedAndDeliversOnce(t *testing.T) {
	mailer := &flakyMailer{fail: func(n int) bool { return n < 3 }} // each fails twice, then goes
	f := newFixture(t, countingReferences())
	f.queued()
	f.h.mailer = mailer
	const reports = 25
	for range reports {
		if w := f.postJSON(t, fullReport()); w.Code != http.StatusCreated {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	if dead := f.drain(t, 5); len(dead) != 0 {
		t.Fatalf("dead letters %v", dead)
	}
	ids := messageIDs(t, mailer.sent)
	if len(ids) != reports || len(mailer.sent) != reports {
		t.Fatalf("%d mails with %d Message-IDs, want %d of each", len(mailer.sent), len(ids), reports)
	}
	for n := 1; n <= reports; n++ {
		if id := fmt.Sprintf("<AD-20261123-%06d@example.com>", n); ids[id] != 1 {
			t.Errorf("%s mailed %d times", id, ids[id])
		}
	}
	if mailer.attempts <= reports {
		t.Errorf("%d attempts: the mailbox never failed", mailer.attempts)
	}
	if got := f.store.keys(pendingPrefix); len(got) != 0 {
		t.Errorf("still pending: %v", got)
	}
}

func TestDeadLettersAreListedAndSwept(t *testing.T) {
	const token = "s3cret"
	mailer := &flakyMailer{fail: func(int) bool { return true }}
	f := newFixture(t, WithAdminToken(token))
	f.queued()
	f.h.mailer = mailer
	f.postJSON(t, fullReport())
	if dead := f.drain(t, 3); !slices.Equal(dead, []string{testRef}) {
		t.Fatalf("dead letters %v", dead)
	}
	if mailer.attempts != 4 {
		t.Errorf("%d attempts, want 1 + 3 retries", mailer.attempts)
	}

	list := func() pendingJSON {
		t.Helper()
		w := f.do(http.MethodGet, PendingPath, "", "", "Authorization", "Bearer "+token)
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var p pendingJSON
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
	f.h.Sweep(context.Background())
	if mailer.attempts != 4 {
		t.Fatalf("the sweep tried a report %d attempts in, before its time", mailer.attempts)
	}
	mailer.fail = func(int) bool { return false }
	f.now = f.now.Add(defaultSweepAge + time.Second)
	f.h.Sweep(context.Background())
	f.h.Sweep(context.Background())
	if len(mailer.sent) != 1 {
		t.Fatalf("mailed %d times after two sweeps, want 1", len(mailer.sent))
	}
	if p := list(); len(p.Pending) != 0 || len(p.Dead) != 0 {
		t.Errorf("after delivery: %+v", p)
	}
}

func TestDeliverIsIdempotent(t *testing.T) {
	f := newFixture(t)
	f.postJSON(t, fullReport())
	for range 3 {
		if err := f.h.Deliver(context.Background(), testRef); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.mailer.sent) != 1 {
		t.Errorf("mailed %d times", len(f.mailer.sent))
	}
	for _, ref := range []string{"../keys/x", "reports/AD-20261123-7K3M9Q", ""} {
		if err := f.h.Deliver(context.Background(), ref); err == nil {
			t.Errorf("Deliver(%q) accepted it", ref)
		}
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
			body, _ := json.Marshal(fullReport())
			w = f.do(http.MethodPost, ReportsPath, "application/json", string(body), IdempotencyHeader, "key-1")
		case "field":
			form := url.Values{}
			for k, v := range fullReport() {
				form.Set(k, v)
			}
			form.Set(idempotencyField, "key-1")
			w = f.do(http.MethodPost, ReportsPath, "application/x-www-form-urlencoded", form.Encode(), "Accept", "application/json")
		}
		res := w.Result()
		var got receiptJSON
		if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != http.StatusCreated {
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
			if len(f.mailer.sent) != 1 || len(f.store.keys("reports/")) != 1 {
				t.Errorf("mailed %d, stored %v", len(f.mailer.sent), f.store.keys("reports/"))
			}
			// Another key is another report.
			body, _ := json.Marshal(fullReport())
			f.do(http.MethodPost, ReportsPath, "application/json", string(body), IdempotencyHeader, "key-2")
			if len(f.mailer.sent) != 2 {
				t.Errorf("a second key mailed %d in all", len(f.mailer.sent))
			}
		})
	}
}

func TestKeyClaimedButNotStoredIsStoredOnRetry(t *testing.T) {
	f := newFixture(t, countingReferences())
	body, _ := json.Marshal(fullReport())
	// The first post claims the key, then the bucket fails.
	f.store.Create(context.Background(), idempotencyKey("k"), []byte("AD-20261123-000042"))
	w := f.do(http.MethodPost, ReportsPath, "application/json", string(body), IdempotencyHeader, "k")
	var got receiptJSON
	json.Unmarshal(w.Body.Bytes(), &got)
	if w.Code != http.StatusCreated || got.Reference != "AD-20261123-000042" {
		t.Fatalf("status %d, reference %q", w.Code, got.Reference)
	}
	if len(f.mailer.sent) != 1 {
		t.Errorf("mailed %d", len(f.mailer.sent))
	}
}

func TestHoneypotAnswersButKeepsNothing(t *testing.T) {
	f := newFixture(t)
	doc := fullReport()
	doc[honeypotField] = "http://spam.example"
	w := f.postJSON(t, doc)
	if w.Code != http.StatusCreated || !strings.Contains(w.Body.String(), testRef) {
		t.Fatalf("status %d: %s; want it to look accepted", w.Code, w.Body)
	}
	if f.store.puts != 0 || len(f.queue.sent) != 0 || len(f.mailer.sent) != 0 {
		t.Errorf("stored %d objects, queued %v, mailed %d", f.store.puts, f.queue.sent, len(f.mailer.sent))
	}
	if !strings.Contains(f.log.String(), "honeypot") {
		t.Errorf("not logged: %s", f.log)
	}
	// An empty honeypot is what people send.
	doc[honeypotField] = ""
	if w := f.postJSON(t, doc); w.Code != http.StatusCreated || len(f.mailer.sent) != 1 {
		t.Errorf("status %d, mailed %d", w.Code, len(f.mailer.sent))
	}
}

// fakeVerifier accepts the token "good" and fails with err when set.
type fakeVerifier struct {
	err         error
	tokens, ips []string
}

func (v *fakeVerifier) Verify(_ context.Context, token, ip string) (bool, error) {
	v.tokens, v.ips = append(v.tokens, token), append(v.ips, ip)
	return token == "good", v.err
}

func TestTurnstile(t *testing.T) {
	for _, tc := range []struct {
		name, token string
		err         error
		want        int
	}{
		{"good token", "good", nil, http.StatusCreated},
		{"bad token", "forged", nil, http.StatusForbidden},
		{"no token", "", nil, http.StatusForbidden},
		{"Cloudflare down", "forged", errors.New("siteverify unreachable"), http.StatusCreated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &fakeVerifier{err: tc.err}
			f := newFixture(t, WithTurnstile(v))
			doc := fullReport()
			doc["lang"] = "uk"
			if tc.token != "" {
				doc[turnstileField] = tc.token
			}
			body, _ := json.Marshal(doc)
			w := f.do(http.MethodPost, ReportsPath, "application/json", string(body), "CF-Connecting-IP", "192.0.2.9")
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.want, w.Body)
			}
			if tc.want == http.StatusForbidden {
				if !strings.Contains(w.Body.String(), "людина") || f.store.puts != 0 {
					t.Errorf("answer %s, %d objects stored", w.Body, f.store.puts)
				}
			}
			if tc.token != "" && (v.tokens[0] != tc.token || v.ips[0] != "192.0.2.9") {
				t.Errorf("verified %v from %v", v.tokens, v.ips)
			}
		})
	}
}

func TestPendingNeedsTheToken(t *testing.T) {
	if w := newFixture(t).do(http.MethodGet, PendingPath, "", "", "Authorization", "Bearer "); w.Code != http.StatusNotFound {
		t.Errorf("without a configured token: status %d, want 404", w.Code)
	}
	f := newFixture(t, WithAdminToken("s3cret"))
	for _, auth := range []string{"", "Bearer wrong", "s3cret", "Basic czNjcmV0"} {
		if w := f.do(http.MethodGet, PendingPath, "", "", "Authorization", auth); w.Code != http.StatusUnauthorized {
			t.Errorf("Authorization %q: status %d, want 401", auth, w.Code)
		}
	}
	if w := f.do(http.MethodPost, PendingPath, "", "", "Authorization", "Bearer s3cret"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", w.Code)
	}
}

func TestNewNeedsDelivery(t *testing.T) {
	rules, v, pages := dependencies(t)
	if _, err := New(rules, v, pages, &fakeMailer{}, WithAddresses(mailFrom, mailTo)); err == nil {
		t.Error("New accepted a handler with nowhere to store reports")
	}
}

func TestFlakyMailerFailsAboutTheRate(t *testing.T) {
	m := &fakeMailer{}
	flaky := FlakyMailer(m, 0.5)
	failed := 0
	for range 1000 {
		if err := flaky.Send(context.Background(), "a@x", "b@x", nil); errors.Is(err, ErrInjected) {
			failed++
		}
	}
	if failed < 400 || failed > 600 || failed+len(m.sent) != 1000 {
		t.Errorf("%d of 1000 failed, %d sent", failed, len(m.sent))
	}
}

// blockingMailer holds each send until release is closed.
type blockingMailer struct {
	fakeMailer
	started chan struct{}
	release chan struct{}
}

func (m *blockingMailer) Send(ctx context.Context, from, to string, raw []byte) error {
	m.started <- struct{}{}
	<-m.release
	return m.fakeMailer.Send(ctx, from, to, raw)
}

func TestOneDeliveryAtATime(t *testing.T) {
	f := newFixture(t).queued()
	f.postJSON(t, fullReport())
	m := &blockingMailer{started: make(chan struct{}, 2), release: make(chan struct{})}
	f.h.mailer = m
	done := make(chan error)
	go func() { done <- f.h.Deliver(context.Background(), testRef) }()
	<-m.started
	// The sweep comes while the queue's delivery is mailing it.
	if err := f.h.Deliver(context.Background(), testRef); !errors.Is(err, errBusy) {
		t.Errorf("a second delivery alongside the first: %v, want errBusy", err)
	}
	close(m.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := f.h.Deliver(context.Background(), testRef); err != nil || len(m.sent) != 1 {
		t.Errorf("after delivery: %v, mailed %d times", err, len(m.sent))
	}
	if got := f.store.keys(sendingPrefix); len(got) != 0 {
		t.Errorf("leases left: %v", got)
	}
}

func TestAbandonedLeaseIsTakenOver(t *testing.T) {
	f := newFixture(t).queued()
	f.postJSON(t, fullReport())
	// A delivery died holding the lease.
	f.store.Create(context.Background(), sendingPrefix+testRef, nil)
	if err := f.h.Deliver(context.Background(), testRef); !errors.Is(err, errBusy) {
		t.Fatalf("fresh lease: %v, want errBusy", err)
	}
	f.now = f.now.Add(leaseTTL + time.Second)
	if err := f.h.Deliver(context.Background(), testRef); err != nil || len(f.mailer.sent) != 1 {
		t.Errorf("stale lease: %v, mailed %d", err, len(f.mailer.sent))
	}
}
