package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/fake"
)

// actedOn is the decision the tests record: the spam's sender's ports blocked.
var actedOn = report.Event{State: report.Decided, Outcome: "acted_on", Measure: "ports_blocked", Note: "thanks", By: "desk"}

// notices are the decision notices a mailbox took about ref, read back, in the order sent.
func notices(t *testing.T, m *fake.Mailer, ref string) []mailtest.Message {
	t.Helper()
	var out []mailtest.Message
	for _, s := range m.Sent {
		msg := mailtest.Read(t, s.Raw)
		if msg.Header.Get(email.NoticeHeader) != "" && msg.Header.Get(email.ReferenceHeader) == ref {
			out = append(out, msg)
		}
	}
	return out
}

// decide records the decision ev in the case of ref, at the fixture's time.
func (f *privacyFixture) decide(t *testing.T, ref string, ev report.Event) delivery.Case {
	t.Helper()
	c, err := f.s.Record(context.Background(), ref, ev)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDecisionNoticeSentOnce: a decision recorded on a report whose reporter gave an
// address queues one notice, after the desk's mail and the confirmation, which goes to
// that address once, however often it is asked for again; its marker is gone once sent.
func TestDecisionNoticeSentOnce(t *testing.T) {
	f := newPrivacyFixture(t, true)
	ctx := context.Background()
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.now = f.now.Add(time.Hour)
	f.decide(t, testRef, report.Event{State: report.CustomerNotified, By: "desk"})
	if len(f.store.Keys(delivery.NoticePrefix)) != 0 || len(notices(t, f.confirmations, testRef)) != 0 {
		t.Fatal("a notice for a step that decides nothing")
	}
	f.now = f.now.Add(time.Hour)
	f.decide(t, testRef, actedOn)
	want := []string{testRef, delivery.ConfirmMessage + testRef, delivery.NoticeMessage + testRef + "/1"}
	if !slices.Equal(f.queue.Sent, want) {
		t.Errorf("queued %v, want %v", f.queue.Sent, want)
	}
	for range 3 {
		if err := f.s.Notify(ctx, testRef, 1); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Handle(ctx, delivery.NoticeMessage+testRef+"/1"); err != nil {
			t.Fatal(err)
		}
	}
	got := notices(t, f.confirmations, testRef)
	if len(got) != 1 || f.confirmations.Sent[len(f.confirmations.Sent)-1].To != "olena@example.org" {
		t.Fatalf("%d notices, want 1 to the reporter", len(got))
	}
	if got[0].Header.Get(email.NoticeHeader) != "1" || !strings.Contains(got[0].Body, measureTitle(t, "ports_blocked")) {
		t.Errorf("the notice tells another step, or not the measure:\n%s", got[0].Body)
	}
	if n := sentTo(t, f.mailer, testRef); n != 1 {
		t.Errorf("the desk got %d mails", n)
	}
	if left := f.store.Keys(delivery.NoticePrefix); len(left) != 0 {
		t.Errorf("notices still waiting: %v", left)
	}
	if left := f.store.Keys(delivery.NotifyingPrefix); len(left) != 0 {
		t.Errorf("a lease kept: %v", left)
	}
	// The case records it, and reads as before.
	c, err := f.s.Case(ctx, testRef)
	if err != nil || len(c.History) != 4 || c.State() != report.Decided {
		t.Errorf("the case after its notice: %+v, %v", c.History, err)
	}
	held, err := f.s.Describe(ctx, testRef)
	if err != nil || held.CaseSteps != 2 || held.NoticesSent != 1 || held.NoticesWaiting != 0 {
		t.Errorf("held %+v, %v", held, err)
	}
	if o, err := f.store.Head(ctx, delivery.NoticeSentKey(testRef, 1)); err != nil || !o.Uploaded.Equal(f.now) {
		t.Errorf("no record of the notice sent: %v", err)
	}
	for _, body := range []string{delivery.NoticeMessage + testRef, delivery.NoticeMessage + testRef + "/x", delivery.NoticeMessage + testRef + "/-1", delivery.NoticeMessage + testRef + "/01", delivery.NoticeMessage + "../keys/x/1"} {
		if err := f.s.Handle(ctx, body); err == nil {
			t.Errorf("%q handled", body)
		}
	}
}

func measureTitle(t *testing.T, id string) string {
	m, ok := contenttest.Bundle(t).Rules.Measure(id)
	if !ok {
		t.Fatalf("the rules have no measure %q", id)
	}
	return m.Title["en"]
}

// TestDecisionNoticesWhenTheMailboxFailsHalfTheTime: every decision is told its reporter
// once, with the reporters' mailbox failing every other send, retried by the queue.
func TestDecisionNoticesWhenTheMailboxFailsHalfTheTime(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	const reports = 12
	for n := range reports {
		f.fileFrom(t, fmt.Sprintf("AD-20261123-%06d", n), "", fmt.Sprintf("reporter%d@example.org", n), fmt.Sprintf("192.0.2.%d", n))
	}
	if _, err := f.queue.Drain(f.s, 3); err != nil {
		t.Fatal(err)
	}
	f.confirmations.Fail = func(attempt int) bool { return attempt%2 == 1 }
	for n := range reports {
		f.decide(t, fmt.Sprintf("AD-20261123-%06d", n), actedOn)
	}
	dead, err := f.queue.Drain(f.s, 10)
	if err != nil || len(dead) != 0 {
		t.Fatalf("dead letters %v, %v", dead, err)
	}
	for n := range reports {
		ref := fmt.Sprintf("AD-20261123-%06d", n)
		if got := notices(t, f.confirmations, ref); len(got) != 1 || got[0].HeaderText(t, "To") != fmt.Sprintf("<reporter%d@example.org>", n) {
			t.Errorf("%s: %d notices", ref, len(got))
		}
	}
	if f.confirmations.Attempts < 2*reports {
		t.Errorf("%d attempts: the mailbox never failed", f.confirmations.Attempts)
	}
	if left := f.store.Keys(delivery.NoticePrefix); len(left) != 0 {
		t.Errorf("notices still waiting: %v", left)
	}
}

// TestDecisionNoticeSwept: a notice whose queue message was lost, or given up by the queue,
// is sent by the sweep once it is old enough, and only once.
func TestDecisionNoticeSwept(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	ctx := context.Background()
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.fileFrom(t, "AD-20261123-000002", "", "taras@example.org", "192.0.2.2")
	f.queue.Drain(f.s, 3)
	f.decide(t, testRef, actedOn)
	f.queue.Sent = nil // lost
	f.confirmations.Err = errors.New("daily quota reached")
	f.decide(t, "AD-20261123-000002", actedOn)
	dead, err := f.queue.Drain(f.s, 3)
	if err != nil || !slices.Equal(dead, []string{delivery.NoticeMessage + "AD-20261123-000002/0"}) {
		t.Fatalf("dead letters %v, %v", dead, err)
	}
	if len(f.store.Keys(delivery.DeadPrefix)) != 0 {
		t.Errorf("a notice's dead letter marked the report undelivered: %v", f.store.Keys(delivery.DeadPrefix))
	}
	f.confirmations.Err = nil
	f.s.Sweep(ctx)
	if len(f.confirmations.Sent) != 2 {
		t.Errorf("the sweep sent notices younger than its age: %d mails", len(f.confirmations.Sent))
	}
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	f.s.Sweep(ctx)
	f.s.Sweep(ctx)
	for _, ref := range []string{testRef, "AD-20261123-000002"} {
		if n := len(notices(t, f.confirmations, ref)); n != 1 {
			t.Errorf("%s: %d notices after the sweeps", ref, n)
		}
	}
}

// TestNoDecisionNotice: none for a reporter who gave no address or one not fit to write
// to, nor without the binding that writes to reporters; the decision is recorded all the
// same, for the status page.
func TestNoDecisionNotice(t *testing.T) {
	for name, tc := range map[string]struct {
		binding bool
		address string
	}{
		"no address":      {true, ""},
		"a named address": {true, "Eve <eve@example.org>"},
		"no binding":      {false, "olena@example.org"},
	} {
		f := newPrivacyFixture(t, tc.binding)
		f.fileFrom(t, testRef, "", tc.address, "192.0.2.1")
		c := f.decide(t, testRef, actedOn)
		if c.State() != report.Decided {
			t.Errorf("%s: the case is %s", name, c.State())
		}
		if got := f.store.Keys(delivery.NoticePrefix); len(got) != 0 {
			t.Errorf("%s: a notice promised: %v", name, got)
		}
		if slices.ContainsFunc(f.queue.Sent, func(m string) bool { return strings.HasPrefix(m, delivery.NoticeMessage) }) || len(notices(t, f.confirmations, testRef)) != 0 {
			t.Errorf("%s: a notice queued or sent: %v", name, f.queue.Sent)
		}
	}
}

// TestACorrectionIsNoticedToo: a decision recorded again sends a second notice that says it
// corrects the first, and never before it: while the first's send keeps failing, the
// correction waits, and the sweep sends both in order.
func TestACorrectionIsNoticedToo(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	c := contenttest.Bundle(t)
	ctx := context.Background()
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.queue.Drain(f.s, 3)
	first := f.now
	f.confirmations.Err = errors.New("down")
	f.decide(t, testRef, actedOn)
	f.queue.Drain(f.s, 2)
	f.confirmations.Err = nil
	f.now = f.now.Add(2 * time.Hour)
	f.decide(t, testRef, report.Event{State: report.Decided, Outcome: "no_violation", By: "desk"})
	if _, err := f.queue.Drain(f.s, 2); err != nil {
		t.Fatal(err)
	}
	if got := notices(t, f.confirmations, testRef); len(got) != 0 {
		t.Fatalf("the correction went before the decision it corrects: %d notices", len(got))
	}
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	f.s.Sweep(ctx)
	got := notices(t, f.confirmations, testRef)
	if len(got) != 2 {
		t.Fatalf("%d notices, want the decision's and the correction's", len(got))
	}
	if got[0].Header.Get(email.NoticeHeader) != "0" || got[1].Header.Get(email.NoticeHeader) != "1" {
		t.Errorf("sent out of order: steps %s, %s", got[0].Header.Get(email.NoticeHeader), got[1].Header.Get(email.NoticeHeader))
	}
	outcome, _ := c.Rules.Outcome("no_violation")
	if subject := got[1].HeaderText(t, "Subject"); subject != c.Messages.Text("en", "notice.subject_corrected", "ref", testRef, "outcome", outcome.Title["en"]) {
		t.Errorf("the correction's subject %q", subject)
	}
	if want := c.Messages.DateTime("en", first.In(c.Rules.Location)); !strings.Contains(got[1].Body, want) {
		t.Errorf("the correction does not name the decision it corrects (%s):\n%s", want, got[1].Body)
	}
	if strings.Contains(got[0].HeaderText(t, "Subject"), "orrected") {
		t.Errorf("the first notice says it corrects: %q", got[0].HeaderText(t, "Subject"))
	}
}

// TestDecisionNoticeGivenUp: a notice the mailbox refuses for good is tried once; one still
// unsent when its time is up, one whose report went, and one whose step holds no decision
// are dropped, never sent.
func TestDecisionNoticeGivenUp(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	ctx := context.Background()
	f.fileFrom(t, "AD-20261123-000001", "", "olena@example.org", "192.0.2.1")
	f.fileFrom(t, "AD-20261123-000002", "", "taras@example.org", "192.0.2.2")
	f.fileFrom(t, "AD-20261123-000003", "", "ivan@example.org", "192.0.2.3")
	f.queue.Drain(f.s, 3)
	sent := len(f.confirmations.Sent)

	f.confirmations.Err = &email.SendError{Code: "E_VALIDATION_ERROR", Message: "recipient not allowed"}
	f.decide(t, "AD-20261123-000001", actedOn)
	attempts := f.confirmations.Attempts
	f.queue.Drain(f.s, 3)
	if f.confirmations.Attempts != attempts+1 || len(f.store.Keys(delivery.NoticePrefix)) != 0 {
		t.Errorf("refused for good: %d attempts, waiting %v", f.confirmations.Attempts-attempts, f.store.Keys(delivery.NoticePrefix))
	}

	f.confirmations.Err = errors.New("down")
	f.decide(t, "AD-20261123-000002", actedOn)
	f.queue.Drain(f.s, 1)
	f.confirmations.Err = nil
	f.now = f.now.Add(policy.ConfirmationWithin + time.Minute)
	f.s.Sweep(ctx)
	if len(f.confirmations.Sent) != sent || len(f.store.Keys(delivery.NoticePrefix)) != 0 {
		t.Errorf("a notice too late: sent %d, waiting %v", len(f.confirmations.Sent)-sent, f.store.Keys(delivery.NoticePrefix))
	}

	// A recording cut short between the promise and the step: no decision at step 5.
	f.store.Put(ctx, delivery.NoticeKey("AD-20261123-000003", 5), nil, nil)
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	f.s.Sweep(ctx)
	if len(f.confirmations.Sent) != sent || len(f.store.Keys(delivery.NoticePrefix)) != 0 {
		t.Errorf("a notice of no decision: sent %d, waiting %v", len(f.confirmations.Sent)-sent, f.store.Keys(delivery.NoticePrefix))
	}

	// The report gone before its notice went.
	f.confirmations.Err = errors.New("down")
	f.decide(t, "AD-20261123-000003", actedOn)
	f.queue.Drain(f.s, 1)
	f.confirmations.Err = nil
	f.store.Delete(ctx, delivery.ReportKey("AD-20261123-000003"))
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	f.s.Sweep(ctx)
	if len(f.confirmations.Sent) != sent || len(f.store.Keys(delivery.NoticePrefix)) != 0 {
		t.Errorf("a notice without its report: sent %d, waiting %v", len(f.confirmations.Sent)-sent, f.store.Keys(delivery.NoticePrefix))
	}
}

// TestADecisionIsNeverRecordedWithoutItsNotice: a step that cannot be written leaves no
// promise behind; two decisions recorded at one moment each get their step and their
// notice.
func TestADecisionIsNeverRecordedWithoutItsNotice(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	ctx := context.Background()
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.queue.Drain(f.s, 3)

	f.store.FailOn = func(op, key string) error {
		if op == "create" && strings.HasPrefix(key, delivery.CasesPrefix+testRef+"/") {
			return errors.New("bucket down")
		}
		return nil
	}
	if _, err := f.s.Record(ctx, testRef, actedOn); err == nil {
		t.Fatal("recorded with the bucket down")
	}
	f.store.FailOn = func(op, key string) error {
		if op == "create" && strings.HasPrefix(key, delivery.NoticePrefix) {
			return errors.New("bucket down")
		}
		return nil
	}
	if _, err := f.s.Record(ctx, testRef, actedOn); err == nil {
		t.Fatal("a decision recorded though its notice could not be promised")
	}
	f.store.FailOn = nil
	if got := append(f.store.Keys(delivery.NoticePrefix), f.store.Keys(delivery.CasesPrefix+testRef+"/")...); len(got) != 0 {
		t.Fatalf("left %v", got)
	}

	// Both read the case before either writes: each tries the same number first.
	var read sync.WaitGroup
	read.Add(2)
	f.store.Hold = func(op, key string) {
		if op == "create" && key == delivery.NoticeKey(testRef, 0) {
			read.Done()
			read.Wait()
		}
	}
	var wg sync.WaitGroup
	for _, outcome := range []string{"no_violation", "not_ours"} {
		wg.Go(func() {
			if _, err := f.s.Record(ctx, testRef, report.Event{State: report.Decided, Outcome: outcome}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	f.store.Hold = nil
	if got := f.store.Keys(delivery.NoticePrefix); len(got) != 2 {
		t.Errorf("promised %v", got)
	}
	if _, err := f.queue.Drain(f.s, 3); err != nil {
		t.Fatal(err)
	}
	got := notices(t, f.confirmations, testRef)
	if len(got) != 2 || got[0].Header.Get(email.NoticeHeader) != "0" || got[1].Header.Get(email.NoticeHeader) != "1" {
		t.Errorf("%d notices", len(got))
	}
}

// TestErasureTakesTheNotices: what is held counts the case's steps and the notices still to
// send; an operator's erasure takes them with the rest, so none is sent after; a notice
// being sent that moment holds the erasure off.
func TestErasureTakesTheNotices(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	ctx := context.Background()
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.queue.Drain(f.s, 3)
	f.decide(t, testRef, report.Event{State: report.CustomerNotified})
	f.decide(t, testRef, actedOn)
	held, err := f.s.Describe(ctx, testRef)
	if err != nil || held.CaseSteps != 2 || held.NoticesWaiting != 1 || held.NoticesSent != 0 || held.Objects != len(f.objectsOf(testRef)) {
		t.Fatalf("held %+v (%v); objects %v", held, err, f.objectsOf(testRef))
	}
	f.store.Create(ctx, delivery.NotifyingPrefix+testRef, nil, nil)
	if _, err := f.s.Erase(ctx, testRef); !errors.Is(err, delivery.ErrBusy) {
		t.Errorf("erasing while a notice is sent: %v", err)
	}
	f.store.Delete(ctx, delivery.NotifyingPrefix+testRef)
	n, err := f.s.Erase(ctx, testRef)
	if err != nil || n != held.Objects {
		t.Fatalf("erased %d of %d: %v", n, held.Objects, err)
	}
	if got := f.objectsOf(testRef); len(got) != 0 {
		t.Errorf("left %v", got)
	}
	f.queue.Drain(f.s, 3)
	f.now = f.now.Add(time.Hour)
	f.s.Sweep(ctx)
	if got := notices(t, f.confirmations, testRef); len(got) != 0 {
		t.Errorf("%d notices of an erased report", len(got))
	}
}

// TestNoticesAndCasesExpire: a notice still waiting goes with its report's retention (its
// address with it), a lease a crash left goes a day on; a case is kept its own time after
// its last step, its old objects written again so the lifecycle rule cannot take them
// early, and then goes whole.
func TestNoticesAndCasesExpire(t *testing.T) {
	f := newPrivacyFixture(t, true)
	r := contenttest.Bundle(t).Rules.Retention
	ctx := context.Background()
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.confirmations.Err = errors.New("down")
	f.decide(t, testRef, actedOn)
	f.confirmations.Err = nil
	f.store.Put(ctx, delivery.NotifyingPrefix+testRef, nil, nil)
	if got := f.store.Keys(delivery.NoticePrefix); len(got) != 1 {
		t.Fatalf("waiting %v", got)
	}
	// Past the report's time, the notice not yet sent nor given up (the expiry alone runs):
	// the report and what waits for it go, the case stays.
	f.now = f.now.Add(r.Reports() + time.Hour)
	f.s.Expire(ctx)
	want := []string{delivery.CaseKey(testRef), delivery.StepKey(testRef, 0)}
	if got := f.objectsOf(testRef); !slices.Equal(got, want) {
		t.Errorf("past the report's time: %v, want %v", got, want)
	}

	// A correction late in the case's life: the case is kept from it on, and its head,
	// older than the case's time, written again.
	f.now = f.now.Add(r.Cases() - r.Reports() - 2*time.Hour)
	last := f.now
	f.decide(t, testRef, report.Event{State: report.Decided, Outcome: "no_violation"})
	f.now = f.now.Add(r.Reports() + 3*time.Hour)
	f.s.Sweep(ctx)
	head, err := f.store.Head(ctx, delivery.CaseKey(testRef))
	if err != nil || !head.Uploaded.Equal(f.now) {
		t.Errorf("the head, older than the case's time, not written again: %v, %v", head.Uploaded, err)
	}
	if got := f.store.Keys(delivery.CasesPrefix); len(got) != 3 {
		t.Errorf("the case lost objects before its time: %v", got)
	}
	f.now = last.Add(r.Cases() - time.Hour)
	f.s.Sweep(ctx)
	if got := f.store.Keys(delivery.CasesPrefix); len(got) != 3 {
		t.Errorf("the case went before its last step's time: %v", got)
	}
	f.store.Put(ctx, delivery.NoticeKey(testRef, 7), nil, nil) // one a crash left
	f.now = last.Add(r.Cases() + time.Hour)
	f.s.Expire(ctx)
	if got := f.objectsOf(testRef); len(got) != 0 {
		t.Errorf("past the case's time: %v", got)
	}
}

// TestADecisionSentTwiceIsNoticedOnce: the desk's form or request sent twice at once, each
// recording its decision only as the case's next step (AtStep), is one decision and one
// notice: the second finds the number's promise or its step taken.
func TestADecisionSentTwiceIsNoticedOnce(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	ctx := context.Background()
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.queue.Drain(f.s, 3)
	var read sync.WaitGroup
	read.Add(2)
	f.store.Hold = func(op, key string) {
		if op == "create" && key == delivery.NoticeKey(testRef, 0) {
			read.Done()
			read.Wait()
		}
	}
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			_, err := f.s.Record(ctx, testRef, actedOn, delivery.AtStep(2))
			errs <- err
		})
	}
	wg.Wait()
	f.store.Hold = nil
	close(errs)
	taken := 0
	for err := range errs {
		if errors.Is(err, delivery.ErrStepTaken) {
			taken++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if taken != 1 {
		t.Errorf("%d of the two refused, want one", taken)
	}
	if got := f.store.Keys(delivery.NoticePrefix); len(got) != 1 {
		t.Errorf("promised %v", got)
	}
	if _, err := f.queue.Drain(f.s, 3); err != nil {
		t.Fatal(err)
	}
	if got := notices(t, f.confirmations, testRef); len(got) != 1 {
		t.Errorf("%d notices of one decision", len(got))
	}
}
