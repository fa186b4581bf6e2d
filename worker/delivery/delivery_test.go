package delivery_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/fake"
)

const testRef = "AD-20261123-7K3M9Q"

// fixture is a delivery on a store and a queue in memory, with a fixed clock, mailing
// to mailer.
type fixture struct {
	s      *delivery.Service
	store  *fake.Store
	queue  *fake.Queue
	mailer *fake.Mailer
	now    time.Time
}

// newFixture delivers to m, or to a fake.Mailer when m is nil. Its queue delivers each
// report as it is filed, as if the consumer ran straight away, until queued.
func newFixture(t *testing.T, m email.Mailer) *fixture {
	t.Helper()
	f := &fixture{store: fake.NewStore(), queue: &fake.Queue{}, mailer: &fake.Mailer{}}
	if m == nil {
		m = f.mailer
	}
	f.start(t, m, nil)
	f.queue.Inline = func(ref string) error { return f.s.Deliver(context.Background(), ref) }
	return f
}

// start builds f's delivery on its store and queue, on a clock fixed at f.now (a Monday
// morning in Kyiv, inside working hours), mailing the desk through m and reporters
// through confirmations (nil: none).
func (f *fixture) start(t *testing.T, m, confirmations email.Mailer, opts ...delivery.Option) {
	t.Helper()
	f.now = time.Date(2026, 11, 23, 10, 0, 0, 0, contenttest.Bundle(t).Rules.Location)
	clock := func() time.Time { return f.now }
	f.store.Now = clock
	var err error
	f.s, err = delivery.New(delivery.Config{
		Store: f.store, Queue: f.queue, Mailer: m, Mail: mailtest.Writer(t),
		Retention: contenttest.Bundle(t).Rules.Retention, Confirmations: confirmations,
	}, append([]delivery.Option{delivery.WithClock(clock)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
}

// queued makes the fixture's queue hold its messages for Drain.
func (f *fixture) queued() *fixture {
	f.queue.Inline = nil
	return f
}

// file files a full report under ref, received now.
func (f *fixture) file(t *testing.T, ref string) {
	t.Helper()
	rep := report.Filed{Reference: ref, Received: f.now, Lang: "en", Report: reporttest.Report(reporttest.Full())}
	if _, err := f.s.File(context.Background(), "", rep, nil); err != nil {
		t.Fatal(err)
	}
}

// messageIDs counts the mails the mailbox got by Message-ID.
func messageIDs(t *testing.T, sent []fake.Sent) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, s := range sent {
		m, err := mail.ReadMessage(bytes.NewReader(s.Raw))
		if err != nil {
			t.Fatal(err)
		}
		ids[m.Header.Get("Message-ID")]++
	}
	return ids
}

func TestFailingMailboxIsRetriedAndDeliversOnce(t *testing.T) {
	f := newFixture(t, nil).queued()
	mailer := f.mailer
	mailer.Fail = func(n int) bool { return n < 3 } // each fails twice, then goes
	const reports = 25
	for n := 1; n <= reports; n++ {
		f.file(t, fmt.Sprintf("AD-20261123-%06d", n))
	}
	dead, err := f.queue.Drain(f.s, 5)
	if err != nil || len(dead) != 0 {
		t.Fatalf("dead letters %v, %v", dead, err)
	}
	ids := messageIDs(t, mailer.Sent)
	if len(ids) != reports || len(mailer.Sent) != reports {
		t.Fatalf("%d mails with %d Message-IDs, want %d of each", len(mailer.Sent), len(ids), reports)
	}
	for n := 1; n <= reports; n++ {
		if id := fmt.Sprintf("<AD-20261123-%06d@example.com>", n); ids[id] != 1 {
			t.Errorf("%s mailed %d times", id, ids[id])
		}
	}
	if mailer.Attempts <= reports {
		t.Errorf("%d attempts: the mailbox never failed", mailer.Attempts)
	}
	if got := f.store.Keys(delivery.PendingPrefix); len(got) != 0 {
		t.Errorf("still pending: %v", got)
	}
}

func TestDeliverIsIdempotent(t *testing.T) {
	f := newFixture(t, nil)
	f.file(t, testRef)
	for range 3 {
		if err := f.s.Deliver(context.Background(), testRef); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.mailer.Sent) != 1 {
		t.Errorf("mailed %d times", len(f.mailer.Sent))
	}
	for _, ref := range []string{"../keys/x", "reports/AD-20261123-7K3M9Q", ""} {
		if err := f.s.Deliver(context.Background(), ref); err == nil {
			t.Errorf("Deliver(%q) accepted it", ref)
		}
	}
}

// blockingMailer holds each send until release is closed.
type blockingMailer struct {
	fake.Mailer
	started chan struct{}
	release chan struct{}
}

func (m *blockingMailer) Send(ctx context.Context, msg *email.Message) error {
	m.started <- struct{}{}
	<-m.release
	return m.Mailer.Send(ctx, msg)
}

func TestOneDeliveryAtATime(t *testing.T) {
	m := &blockingMailer{started: make(chan struct{}, 2), release: make(chan struct{})}
	f := newFixture(t, m).queued()
	f.file(t, testRef)
	done := make(chan error)
	go func() { done <- f.s.Deliver(context.Background(), testRef) }()
	<-m.started
	// The sweep comes while the queue's delivery is mailing it.
	if err := f.s.Deliver(context.Background(), testRef); !errors.Is(err, delivery.ErrBusy) {
		t.Errorf("a second delivery alongside the first: %v, want errBusy", err)
	}
	close(m.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := f.s.Deliver(context.Background(), testRef); err != nil || len(m.Sent) != 1 {
		t.Errorf("after delivery: %v, mailed %d times", err, len(m.Sent))
	}
	if got := f.store.Keys(delivery.SendingPrefix); len(got) != 0 {
		t.Errorf("leases left: %v", got)
	}
}

func TestAbandonedLeaseIsTakenOver(t *testing.T) {
	f := newFixture(t, nil).queued()
	f.file(t, testRef)
	// A delivery died holding the lease.
	f.store.Create(context.Background(), delivery.SendingPrefix+testRef, nil, nil)
	if err := f.s.Deliver(context.Background(), testRef); !errors.Is(err, delivery.ErrBusy) {
		t.Fatalf("fresh lease: %v, want errBusy", err)
	}
	f.now = f.now.Add(delivery.LeaseTTL + time.Second)
	if err := f.s.Deliver(context.Background(), testRef); err != nil || len(f.mailer.Sent) != 1 {
		t.Errorf("stale lease: %v, mailed %d", err, len(f.mailer.Sent))
	}
}

func TestNewNeedsEverything(t *testing.T) {
	if _, err := delivery.New(delivery.Config{Store: fake.NewStore(), Mailer: &fake.Mailer{}}); err == nil {
		t.Error("New accepted a delivery with no queue and nothing to write mail with")
	}
}

// TestAReportStoredInTheOldShapeIsDeliveredAsBefore: a report stored before the record held
// a typed report (its fields by name, under "fields"), and still waiting when the Worker
// is updated, is mailed as the same report filed today is, and then stored in today's
// shape with its history.
func TestAReportStoredInTheOldShapeIsDeliveredAsBefore(t *testing.T) {
	today := newFixture(t, nil)
	today.file(t, testRef)
	if len(today.mailer.Sent) != 1 {
		t.Fatalf("%d mails of today's report", len(today.mailer.Sent))
	}

	f := newFixture(t, nil)
	old, err := json.Marshal(map[string]any{
		"reference": testRef, "received": f.now, "lang": "en", "fields": reporttest.Full(),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := f.store.Put(ctx, delivery.ReportKey(testRef), old, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Put(ctx, delivery.PendingPrefix+testRef, []byte("fingerprint"), nil); err != nil {
		t.Fatal(err)
	}
	if err := f.s.Deliver(ctx, testRef); err != nil {
		t.Fatal(err)
	}
	if len(f.mailer.Sent) != 1 {
		t.Fatalf("%d mails of the old report", len(f.mailer.Sent))
	}
	got, want := mailtest.Read(t, f.mailer.Sent[0].Raw), mailtest.Read(t, today.mailer.Sent[0].Raw)
	if got.Body != want.Body || got.Summary != want.Summary || !bytes.Equal(got.XARF, want.XARF) {
		t.Errorf("the old report's mail:\n%s\n%s\n%s\nwant today's:\n%s\n%s\n%s", got.Body, got.Summary, got.XARF, want.Body, want.Summary, want.XARF)
	}
	data, _, err := f.store.Get(ctx, delivery.ReportKey(testRef))
	if err != nil {
		t.Fatal(err)
	}
	var stored map[string]json.RawMessage
	if err := json.Unmarshal(data, &stored); err != nil {
		t.Fatal(err)
	}
	var rep report.Filed
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if _, ok := stored["fields"]; ok || rep.Report != reporttest.Report(reporttest.Full()) || rep.State() != report.Forwarded {
		t.Errorf("stored after delivery as %s", data)
	}
}
