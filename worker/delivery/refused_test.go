package delivery_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/fake"
)

// refusingMailer refuses for good the messages whose reference header names one in
// refuse, and fails for now those in fail; it hands the others to Mailer.
type refusingMailer struct {
	fake.Mailer
	refuse, fail map[string]bool
}

func (m *refusingMailer) Send(ctx context.Context, msg *email.Message) error {
	raw, err := msg.Bytes()
	if err != nil {
		return err
	}
	for ref := range m.refuse {
		if bytes.Contains(raw, []byte(email.ReferenceHeader+": "+ref+"\r\n")) {
			return &email.SendError{Code: "E_CONTENT_TOO_LARGE", Message: "too large"}
		}
	}
	for ref := range m.fail {
		if bytes.Contains(raw, []byte(email.ReferenceHeader+": "+ref+"\r\n")) {
			return &email.SendError{Code: "E_INTERNAL_SERVER_ERROR", Message: "try later"}
		}
	}
	return m.Mailer.Send(ctx, msg)
}

func TestRefusedReportsAreSetAsideAndBlockNone(t *testing.T) {
	m := &refusingMailer{refuse: map[string]bool{}}
	f := newFixture(t, m).queued()
	var good []string
	for n := 1; n <= 30; n++ {
		ref := fmt.Sprintf("AD-20261123-%06d", n)
		if n%3 == 0 {
			good = append(good, ref)
		} else {
			m.refuse[ref] = true
		}
		f.file(t, ref)
	}
	dead, err := f.queue.Drain(f.s, 3)
	if err != nil || len(dead) != 0 {
		t.Fatalf("dead letters %v, %v: a refusal is not worth retrying", dead, err)
	}
	if len(m.Sent) != len(good) {
		t.Errorf("mailed %d, want the %d the mailbox takes", len(m.Sent), len(good))
	}
	pending, deadList, refused, err := f.s.Undelivered(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 0 || len(deadList) != 0 || len(refused) != len(m.refuse) {
		t.Fatalf("pending %v, dead %v, refused %d; want only the %d refused listed", pending, deadList, len(refused), len(m.refuse))
	}
	for _, w := range refused {
		if !m.refuse[w.Reference] || !strings.Contains(w.Reason, "E_CONTENT_TOO_LARGE") || !w.Since.Equal(f.now) {
			t.Errorf("listed %+v", w)
		}
	}
	// Set aside is final: no delivery tries it again, whoever asks.
	attempts := m.Attempts
	for ref := range m.refuse {
		if err := f.s.Deliver(context.Background(), ref); err != nil {
			t.Fatal(err)
		}
	}
	f.now = f.now.Add(time.Hour)
	f.s.Sweep(context.Background())
	if m.Attempts != attempts {
		t.Errorf("%d more attempts at reports set aside", m.Attempts-attempts)
	}
}

// TestSweepGoesPastAnyNumberOfFailures: reports the queue lost are swept in turns of at
// most 50 a run, each run starting where the last stopped, so the ones the mailbox takes
// go out however many before them keep failing, and those it refuses for good are set
// aside on the way. It once tried the same 50 oldest every run.
func TestSweepGoesPastAnyNumberOfFailures(t *testing.T) {
	m := &refusingMailer{refuse: map[string]bool{}, fail: map[string]bool{}}
	f := newFixture(t, m).queued()
	var good []string
	for n := 1; n <= 160; n++ {
		ref := fmt.Sprintf("AD-20261123-%06d", n)
		switch {
		case n > 150:
			good = append(good, ref)
		case n%2 == 0:
			m.fail[ref] = true
		default:
			m.refuse[ref] = true
		}
		f.file(t, ref)
	}
	f.queue.Sent = nil // lost: a restart, say
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	for range 4 {
		f.s.Sweep(context.Background())
	}
	if len(m.Sent) != len(good) {
		t.Fatalf("after four sweeps, %d of the %d reports the mailbox takes were mailed", len(m.Sent), len(good))
	}
	pending := f.store.Keys(delivery.PendingPrefix)
	if len(pending) != len(m.fail) || len(f.store.Keys(delivery.RefusedPrefix)) != len(m.refuse) {
		t.Errorf("%d pending (want the %d failing for now), %d set aside (want %d)", len(pending), len(m.fail), len(f.store.Keys(delivery.RefusedPrefix)), len(m.refuse))
	}
}

// TestDeliveringStreamsTheFiles: a report with the most files the rules allow is mailed
// without its files or its message ever all in memory: the files are read from the store
// and encoded as the message is written, so delivering one allocates a small fraction of
// the message, and four at once still far less than one message.
func TestDeliveringStreamsTheFiles(t *testing.T) {
	f := newFixture(t, &discardMailer{}).queued()
	const files, each = 2, 9 << 20 // 18 MiB, the rules' total
	refs := make([]string, 4)
	for i := range refs {
		refs[i] = fmt.Sprintf("AD-20261123-%06d", i+1)
		var fs []report.File
		for n := range files {
			fs = append(fs, reporttest.File(fmt.Sprintf("scan-%d.pdf", n), append(reporttest.PDF("scan"), make([]byte, each)...), "pdf"))
		}
		rep := report.Filed{Reference: refs[i], Received: f.now, Lang: "en", Report: reporttest.Report(reporttest.Full())}
		if _, err := f.s.File(context.Background(), "", rep, fs); err != nil {
			t.Fatal(err)
		}
	}
	allocated := func(deliver func()) uint64 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		deliver()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	one := allocated(func() {
		if err := f.s.Deliver(context.Background(), refs[0]); err != nil {
			t.Fatal(err)
		}
	})
	if one > 2<<20 {
		t.Errorf("delivering a 24 MiB message allocated %d KiB", one>>10)
	}
	four := allocated(func() {
		var wg sync.WaitGroup
		for _, ref := range refs[1:] {
			wg.Go(func() {
				if err := f.s.Deliver(context.Background(), ref); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	})
	if four > 6<<20 {
		t.Errorf("delivering three at once allocated %d KiB", four>>10)
	}
	if sent := f.mailer.Attempts; sent != 0 {
		t.Fatalf("the fixture's own mailbox was used %d times", sent)
	}
}

// discardMailer takes every message and keeps none of it.
type discardMailer struct{}

func (discardMailer) Send(_ context.Context, m *email.Message) error {
	n, err := m.WriteTo(io.Discard)
	if err == nil && n != m.Size() {
		err = fmt.Errorf("wrote %d bytes of %d", n, m.Size())
	}
	return err
}

// TestFilingRefusesWhatTheMailboxWouldNot: a report whose message would be over the
// mailbox's limit is refused when it is filed, with how large it is, and nothing is kept.
func TestFilingRefusesWhatTheMailboxWouldNot(t *testing.T) {
	f := newFixture(t, nil).queued()
	big := reporttest.File("big.pdf", append(reporttest.PDF("big"), make([]byte, 19<<20)...), "pdf")
	rep := report.Filed{Reference: testRef, Received: f.now, Lang: "en", Report: reporttest.Report(reporttest.Full())}
	_, err := f.s.File(context.Background(), "", rep, []report.File{big})
	var tooLarge *email.TooLargeError
	if !errors.As(err, &tooLarge) || tooLarge.Size <= email.MaxMessageBytes {
		t.Fatalf("filing a message of 25 MiB and more: %v", err)
	}
	if f.store.Puts != 0 || len(f.queue.Sent) != 0 {
		t.Errorf("stored %d objects, queued %v", f.store.Puts, f.queue.Sent)
	}
}

// TestSweepCleansAMarkerBesideADeliveredReport: a pending marker left by a failed removal
// is dropped the first time the sweep meets it, and nothing is mailed again.
func TestSweepCleansAMarkerBesideADeliveredReport(t *testing.T) {
	f := newFixture(t, nil)
	f.file(t, testRef)
	f.store.Put(context.Background(), delivery.PendingPrefix+testRef, nil, nil)
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	f.s.Sweep(context.Background())
	if got := f.store.Keys(delivery.PendingPrefix); len(got) != 0 || len(f.mailer.Sent) != 1 {
		t.Errorf("pending %v, mailed %d", got, len(f.mailer.Sent))
	}
	if !slices.Equal(f.store.Keys(delivery.RefusedPrefix), nil) {
		t.Error("set aside")
	}
}
