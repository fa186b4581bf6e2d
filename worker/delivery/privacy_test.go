package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/fake"
)

// privacyFixture is a delivery that confirms to reporters (through confirmations) when
// asked, its queue handling each message as it is sent until queued.
type privacyFixture struct {
	*fixture
	confirmations *fake.Mailer
}

func newPrivacyFixture(t *testing.T, confirm bool, opts ...delivery.Option) *privacyFixture {
	t.Helper()
	f := &privacyFixture{fixture: &fixture{store: fake.NewStore(), queue: &fake.Queue{}, mailer: &fake.Mailer{}}, confirmations: &fake.Mailer{}}
	var confirmations email.Mailer
	if confirm {
		confirmations = f.confirmations
	}
	f.start(t, f.mailer, confirmations, opts...)
	f.queue.Inline = func(body string) error { return f.s.Handle(context.Background(), body) }
	return f
}

func (f *privacyFixture) queued() *privacyFixture {
	f.queue.Inline = nil
	return f
}

// fileFrom files a report of the reporter at email, from the client address client, with a
// file, under the idempotency key key ("" for none), asking for a confirmation.
func (f *privacyFixture) fileFrom(t *testing.T, ref, key, address, client string) report.Filed {
	t.Helper()
	rep := f.report(ref, ref)
	rep.Report.Email = address
	got, err := f.s.File(context.Background(), key, rep, []report.File{reporttest.File("scan.pdf", reporttest.PDF(ref), "pdf")}, delivery.WithConfirmation(client))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// objectsOf lists every object the store keeps that names the reference.
func (f *privacyFixture) objectsOf(ref string) []string {
	var out []string
	for _, k := range f.store.Keys("") {
		if strings.Contains(k, ref) {
			out = append(out, k)
		}
	}
	return out
}

// sentTo counts the messages a mailbox took about the reference.
func sentTo(t *testing.T, m *fake.Mailer, ref string) int {
	t.Helper()
	n := 0
	for _, s := range m.Sent {
		if strings.Contains(mailtest.Read(t, s.Raw).Header.Get(email.ReferenceHeader), ref) {
			n++
		}
	}
	return n
}

// TestConfirmationSentOnce: a report whose reporter gave an address gets one confirmation,
// to that address, besides the desk's mail; the same report posted three times under its
// key is one report, one desk mail, one confirmation.
func TestConfirmationSentOnce(t *testing.T) {
	f := newPrivacyFixture(t, true)
	var filed []report.Filed
	for range 3 {
		filed = append(filed, f.fileFrom(t, "AD-20261123-000001", "the key", "olena@example.org", "192.0.2.1"))
	}
	for _, got := range filed {
		if got.Reference != "AD-20261123-000001" || !got.Confirm {
			t.Errorf("filed %s, confirm %v", got.Reference, got.Confirm)
		}
	}
	if err := f.s.Confirm(context.Background(), "AD-20261123-000001"); err != nil {
		t.Fatal(err)
	}
	if n := sentTo(t, f.confirmations, "AD-20261123-000001"); n != 1 || f.confirmations.Sent[0].To != "olena@example.org" {
		t.Errorf("%d confirmations, want 1 to the reporter", n)
	}
	if n := sentTo(t, f.mailer, "AD-20261123-000001"); n != 1 {
		t.Errorf("%d mails to the desk", n)
	}
	if got := f.store.Keys(delivery.ConfirmPrefix); len(got) != 0 {
		t.Errorf("confirmations still waiting: %v", got)
	}
	// The limits counted one report, and name no address.
	limits := f.store.Keys(delivery.LimitsPrefix)
	if len(limits) != 2 || slices.ContainsFunc(limits, func(k string) bool { return strings.Contains(k, "olena") || strings.Contains(k, "192.0.2") }) {
		t.Errorf("limits %v", limits)
	}
}

// TestTwinsArePromisedAlike: two posts of one report under one key at the same moment (a
// double click) are one report with one confirmation, and both answers promise it,
// whichever post is held back where: counting the day's confirmations, claiming the key,
// or storing the report. The day's limits count it once.
func TestTwinsArePromisedAlike(t *testing.T) {
	for _, at := range []struct{ op, prefix string }{
		{"list", delivery.LimitsPrefix},
		{"create", delivery.KeysPrefix},
		{"create", delivery.PendingPrefix},
		{"create", delivery.ReportsPrefix},
	} {
		t.Run(at.op+" "+at.prefix, func(t *testing.T) {
			f := newPrivacyFixture(t, true).queued()
			var held atomic.Bool
			answered := make(chan struct{})
			f.store.Hold = func(op, key string) {
				if op == at.op && strings.HasPrefix(key, at.prefix) && held.CompareAndSwap(false, true) {
					select {
					case <-answered:
					case <-time.After(5 * time.Second):
						t.Error("the other post never answered while this one was held")
					}
				}
			}
			var got [2]report.Filed
			var wg sync.WaitGroup
			for i := range got {
				wg.Go(func() {
					rep := f.report(fmt.Sprintf("AD-20261123-%06d", i+1), "twice")
					rep.Report.Email = "olena@example.org"
					var err error
					got[i], err = f.s.File(context.Background(), "double click", rep, nil, delivery.WithConfirmation("192.0.2.1"))
					if err != nil {
						t.Error(err)
					}
					select {
					case <-answered:
					default:
						close(answered)
					}
				})
			}
			wg.Wait()
			ref := got[0].Reference
			for _, g := range got {
				if g.Reference != ref || !g.Confirm {
					t.Errorf("answered %s, confirmation %v; want %s, true", g.Reference, g.Confirm, ref)
				}
			}
			if waiting := f.store.Keys(delivery.ConfirmPrefix); !slices.Equal(waiting, []string{delivery.ConfirmPrefix + ref}) {
				t.Errorf("confirmations waiting %v", waiting)
			}
			if !slices.Equal(f.queue.Sent, []string{ref, delivery.ConfirmMessage + ref}) {
				t.Errorf("queued %v", f.queue.Sent)
			}
			if limits := f.store.Keys(delivery.LimitsPrefix); len(limits) != 2 {
				t.Errorf("the day's limits counted %v", limits)
			}
		})
	}
}

// TestNoConfirmationWithoutTheBinding: without the binding, nothing is promised, queued
// or kept for a confirmation; nor for a report with no address fit to write to.
func TestNoConfirmationWithoutTheBinding(t *testing.T) {
	f := newPrivacyFixture(t, false)
	if f.s.Confirms() {
		t.Error("confirms without a mailbox")
	}
	if got := f.fileFrom(t, "AD-20261123-000001", "", "olena@example.org", "192.0.2.1"); got.Confirm {
		t.Error("a confirmation was promised")
	}
	g := newPrivacyFixture(t, true)
	if got := g.fileFrom(t, "AD-20261123-000002", "", "Olena <olena@example.org>", "192.0.2.1"); got.Confirm {
		t.Error("a confirmation was promised to an address with a name")
	}
	for _, x := range []*privacyFixture{f, g} {
		if len(x.store.Keys(delivery.ConfirmPrefix)) != 0 || len(x.store.Keys(delivery.LimitsPrefix)) != 0 || slices.ContainsFunc(x.queue.Sent, func(b string) bool { return strings.HasPrefix(b, delivery.ConfirmMessage) }) {
			t.Errorf("kept %v, queued %v", x.store.Keys(""), x.queue.Sent)
		}
	}
	if len(f.confirmations.Sent)+len(g.confirmations.Sent) != 0 || len(f.mailer.Sent) != 1 || len(g.mailer.Sent) != 1 {
		t.Errorf("mailed %d confirmations, %d and %d to the desk", len(f.confirmations.Sent)+len(g.confirmations.Sent), len(f.mailer.Sent), len(g.mailer.Sent))
	}
}

// TestConfirmationLimits: a few confirmations a UTC day to one address, a few more from one
// client address; the reports beyond are taken, without one; the next day starts afresh.
func TestConfirmationLimits(t *testing.T) {
	f := newPrivacyFixture(t, true, delivery.WithConfirmationLimits(delivery.ConfirmationLimits{PerRecipient: 2, PerClient: 3}))
	n := 0
	file := func(address, client string) bool {
		n++
		return f.fileFrom(t, fmt.Sprintf("AD-20261123-%06d", n), "", address, client).Confirm
	}
	// One address, many clients: two. The address in another case is the same address.
	if got := []bool{file("olena@example.org", "192.0.2.1"), file("OLENA@example.org", "192.0.2.2"), file("olena@example.org", "192.0.2.3")}; !slices.Equal(got, []bool{true, true, false}) {
		t.Errorf("one address: %v", got)
	}
	// The third client's count went back with the confirmation it did not get.
	if got := f.store.Keys(delivery.LimitsPrefix); len(got) != 4 {
		t.Errorf("counted %d (%v), want 2 to the address and 2 from clients", len(got), got)
	}
	// One client, many addresses: three (one of them taken above).
	if got := []bool{file("a@example.org", "2001:db8::/64"), file("b@example.org", "2001:db8::/64"), file("c@example.org", "2001:db8::/64"), file("d@example.org", "2001:db8::/64")}; !slices.Equal(got, []bool{true, true, true, false}) {
		t.Errorf("one client: %v", got)
	}
	if len(f.mailer.Sent) != n {
		t.Errorf("%d reports, %d mailed to the desk: a limit stopped a report", n, len(f.mailer.Sent))
	}
	if len(f.confirmations.Sent) != 5 {
		t.Errorf("%d confirmations sent, want 5", len(f.confirmations.Sent))
	}
	f.now = f.now.Add(policy.Day)
	if !file("olena@example.org", "192.0.2.1") {
		t.Error("the next day gives no confirmation")
	}
	// The day before's counts go with the sweep, two days on.
	f.now = f.now.Add(policy.Day)
	f.s.Expire(context.Background())
	for _, k := range f.store.Keys(delivery.LimitsPrefix) {
		if strings.HasPrefix(k, delivery.LimitsPrefix+"20261123/") {
			t.Errorf("a count of a day gone by is kept: %s", k)
		}
	}
	if len(f.store.Keys(delivery.LimitsPrefix+"20261124/")) == 0 {
		t.Error("yesterday's counts went")
	}
}

// TestAFailingConfirmationLeavesTheDeskAlone: the desk's mail goes once however the
// confirmation fares; the queue gives the confirmation up, the sweep sends it later, once.
func TestAFailingConfirmationLeavesTheDeskAlone(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	f.confirmations.Err = errors.New("daily quota reached")
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	if !slices.Equal(f.queue.Sent, []string{testRef, delivery.ConfirmMessage + testRef}) {
		t.Errorf("queued %v: the desk's first, then the confirmation", f.queue.Sent)
	}
	dead, err := f.queue.Drain(f.s, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dead, []string{delivery.ConfirmMessage + testRef}) || len(f.store.Keys(delivery.DeadPrefix)) != 0 {
		t.Errorf("dead letters %v, markers %v", dead, f.store.Keys(delivery.DeadPrefix))
	}
	if n := sentTo(t, f.mailer, testRef); n != 1 {
		t.Errorf("the desk got %d mails", n)
	}
	f.confirmations.Err = nil
	f.now = f.now.Add(delivery.DefaultSweepAge + time.Second)
	f.s.Sweep(context.Background())
	f.s.Sweep(context.Background())
	if sentTo(t, f.confirmations, testRef) != 1 || sentTo(t, f.mailer, testRef) != 1 {
		t.Errorf("after the sweeps: %d confirmations, %d desk mails", len(f.confirmations.Sent), len(f.mailer.Sent))
	}
}

// TestConfirmationGivenUp: one the mailbox refuses for good, and one still unsent when
// policy.ConfirmationWithin has gone by, are dropped, logged, never sent.
func TestConfirmationGivenUp(t *testing.T) {
	f := newPrivacyFixture(t, true).queued()
	f.confirmations.Err = &email.SendError{Code: "E_VALIDATION_ERROR", Message: "recipient not allowed"}
	f.fileFrom(t, "AD-20261123-000001", "", "olena@example.org", "192.0.2.1")
	if _, err := f.queue.Drain(f.s, 3); err != nil {
		t.Fatal(err)
	}
	if f.confirmations.Attempts != 1 || len(f.store.Keys(delivery.ConfirmPrefix)) != 0 {
		t.Errorf("refused for good: %d attempts, waiting %v", f.confirmations.Attempts, f.store.Keys(delivery.ConfirmPrefix))
	}
	f.confirmations.Err = errors.New("down")
	f.fileFrom(t, "AD-20261123-000002", "", "taras@example.org", "192.0.2.2")
	f.queue.Drain(f.s, 1)
	f.confirmations.Err = nil
	f.now = f.now.Add(policy.ConfirmationWithin + time.Minute)
	f.s.Sweep(context.Background())
	if len(f.confirmations.Sent) != 0 || len(f.store.Keys(delivery.ConfirmPrefix)) != 0 {
		t.Errorf("a confirmation too late: sent %d, waiting %v", len(f.confirmations.Sent), f.store.Keys(delivery.ConfirmPrefix))
	}
}

// TestExpiry: the sweep deletes a report delivered longer ago than the rules keep one, with
// its files, key and markers, and the keys past their own time; a report delivered lately
// stays, and one not yet delivered stays however old, until it is delivered and its time
// is up.
func TestExpiry(t *testing.T) {
	f := newPrivacyFixture(t, true)
	r := contenttest.Bundle(t).Rules.Retention
	ctx := context.Background()
	old := f.fileFrom(t, "AD-20261123-000001", "old key", "olena@example.org", "192.0.2.1")
	f.mailer.Err = errors.New("mailbox down")
	f.fileFrom(t, "AD-20261123-000002", "stuck key", "taras@example.org", "192.0.2.2")
	f.mailer.Err = nil
	if old.Key == "" || len(f.objectsOf("AD-20261123-000001")) < 3 {
		t.Fatalf("filed %+v: %v", old, f.objectsOf("AD-20261123-000001"))
	}

	// A week on, the keys are past their time; the reports are not.
	f.now = f.now.Add(r.Keys())
	f.mailer.Err = errors.New("mailbox down")
	f.s.Sweep(ctx)
	if got := f.store.Keys(delivery.KeysPrefix); len(got) != 0 {
		t.Errorf("keys kept past %d days: %v", r.IdempotencyKeys, got)
	}
	if len(f.store.Keys(delivery.ReportKey("AD-20261123-000001"))) != 1 {
		t.Fatal("a report went with its key")
	}

	// Past the reports' time: the delivered one goes, whole; the stuck one stays.
	f.now = f.now.Add(r.Reports())
	f.mailer.Err = nil
	young := f.fileFrom(t, "AD-20261224-000003", "", "ivan@example.org", "192.0.2.3")
	f.mailer.Err = errors.New("mailbox down")
	f.s.Sweep(ctx)
	if got := f.objectsOf("AD-20261123-000001"); !slices.Equal(got, []string{delivery.CaseKey("AD-20261123-000001")}) {
		t.Errorf("an expired delivered report left %v; want its case alone, kept longer", got)
	}
	if got := f.store.Keys(delivery.ReportKey(young.Reference)); len(got) != 1 || sentTo(t, f.mailer, young.Reference) != 1 {
		t.Errorf("a young report is gone: %v", got)
	}
	stuck := f.objectsOf("AD-20261123-000002")
	for _, want := range []string{delivery.ReportKey("AD-20261123-000002"), delivery.FileKey("AD-20261123-000002", 0), delivery.PendingPrefix + "AD-20261123-000002"} {
		if !slices.Contains(stuck, want) {
			t.Errorf("an undelivered report lost %s: %v", want, stuck)
		}
	}
	// Kept past the lifecycle rule's reach: its objects written again.
	if o, err := f.store.Head(ctx, delivery.FileKey("AD-20261123-000002", 0)); err != nil || !o.Uploaded.Equal(f.now) {
		t.Errorf("the stuck report's file was not renewed: %v, %v", o.Uploaded, err)
	}

	// Delivered at last, it is kept its full time from then.
	f.mailer.Err = nil
	f.now = f.now.Add(delivery.DefaultSweepAge)
	f.s.Sweep(ctx)
	if sentTo(t, f.mailer, "AD-20261123-000002") != 1 {
		t.Fatal("the stuck report was not delivered")
	}
	f.now = f.now.Add(r.Reports() - time.Hour)
	f.s.Sweep(ctx)
	if len(f.objectsOf("AD-20261123-000002")) == 0 {
		t.Error("a report went before its time from delivery")
	}
	f.now = f.now.Add(2 * time.Hour)
	f.s.Sweep(ctx)
	if got := f.objectsOf("AD-20261123-000002"); !slices.Equal(got, []string{delivery.CaseKey("AD-20261123-000002")}) {
		t.Errorf("left %v; want its case alone", got)
	}

	// The cases go their own time after their last step, which was their delivery.
	second, err := f.store.Head(ctx, delivery.CaseKey("AD-20261123-000002"))
	if err != nil {
		t.Fatal(err)
	}
	f.now = second.Uploaded.Add(r.Cases() - time.Hour)
	f.s.Sweep(ctx)
	if got := f.store.Keys(delivery.CasesPrefix); !slices.Equal(got, []string{delivery.CaseKey("AD-20261123-000002"), delivery.CaseKey(young.Reference)}) {
		t.Errorf("cases an hour before the second's time: %v; want the first gone, the others kept", got)
	}
	f.now = f.now.Add(2 * time.Hour)
	f.s.Sweep(ctx)
	if got := f.store.Keys(delivery.CasesPrefix); len(got) != 0 {
		t.Errorf("cases past their time: %v", got)
	}
}

// TestSetAsideIsKept: a report the mailbox refused for good is not delivered, and so never
// deleted by age; only an operator erases it.
func TestSetAsideIsKept(t *testing.T) {
	f := newPrivacyFixture(t, false)
	f.mailer.Err = &email.SendError{Code: "E_CONTENT_TOO_LARGE", Message: "too large"}
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.now = f.now.Add(10 * contenttest.Bundle(t).Rules.Retention.Reports())
	f.s.Sweep(context.Background())
	if got := f.objectsOf(testRef); !slices.Contains(got, delivery.ReportKey(testRef)) || !slices.Contains(got, delivery.RefusedPrefix+testRef) {
		t.Errorf("a report set aside lost objects: %v", got)
	}
	if _, err := f.s.Erase(context.Background(), testRef); err != nil || len(f.objectsOf(testRef)) != 0 {
		t.Errorf("erased: %v, left %v", err, f.objectsOf(testRef))
	}
}

// TestErase: an operator's erasure deletes every object of the report, its key's claim
// included, so the key's next post is a report of its own; an unknown reference is
// ErrNotFound; a report being mailed is ErrBusy; a report erased before delivery is never
// mailed.
func TestErase(t *testing.T) {
	f := newPrivacyFixture(t, true)
	ctx := context.Background()
	filed := f.fileFrom(t, testRef, "the key", "olena@example.org", "192.0.2.1")
	before := len(f.store.Keys(delivery.KeysPrefix))
	held, err := f.s.Describe(ctx, testRef)
	if err != nil || held.Files != 1 || held.Pending || held.Confirmation || held.Delivered.IsZero() || !held.Received.Equal(f.now) || held.Objects != len(f.objectsOf(testRef))+1 {
		t.Errorf("held %+v (%v); objects %v", held, err, f.objectsOf(testRef))
	}
	n, err := f.s.Erase(ctx, testRef)
	if err != nil || n != held.Objects {
		t.Fatalf("erased %d objects of %d: %v", n, held.Objects, err)
	}
	if _, err := f.s.Describe(ctx, testRef); !errors.Is(err, delivery.ErrNotFound) {
		t.Errorf("described after erasure: %v", err)
	}
	if got := f.objectsOf(testRef); len(got) != 0 {
		t.Errorf("left %v", got)
	}
	if got := f.store.Keys(delivery.KeysPrefix); len(got) != before-1 || slices.Contains(got, filed.Key) {
		t.Errorf("the key's claim is kept: %v", got)
	}
	if _, err := f.s.Erase(ctx, testRef); !errors.Is(err, delivery.ErrNotFound) {
		t.Errorf("erased twice: %v", err)
	}
	for _, ref := range []string{"AD-20261123-ZZZZZZ", "../keys/x", ""} {
		if _, err := f.s.Erase(ctx, ref); !errors.Is(err, delivery.ErrNotFound) {
			t.Errorf("Erase(%q): %v", ref, err)
		}
	}
	again := f.fileFrom(t, "AD-20261123-000002", "the key", "olena@example.org", "192.0.2.1")
	if again.Reference != "AD-20261123-000002" {
		t.Errorf("the key still leads to %s", again.Reference)
	}

	// Being mailed: not now.
	f.store.Create(ctx, delivery.SendingPrefix+again.Reference, nil, nil)
	if _, err := f.s.Erase(ctx, again.Reference); !errors.Is(err, delivery.ErrBusy) {
		t.Errorf("erasing while it is mailed: %v", err)
	}
	f.store.Delete(ctx, delivery.SendingPrefix+again.Reference)

	// Not yet delivered: erased, never mailed.
	g := newPrivacyFixture(t, true).queued()
	g.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	if _, err := g.s.Erase(ctx, testRef); err != nil {
		t.Fatal(err)
	}
	g.queue.Drain(g.s, 3)
	g.now = g.now.Add(time.Hour)
	g.s.Sweep(ctx)
	if len(g.mailer.Sent)+len(g.confirmations.Sent) != 0 || len(g.objectsOf(testRef)) != 0 {
		t.Errorf("an erased report: %d mails, objects %v", len(g.mailer.Sent)+len(g.confirmations.Sent), g.objectsOf(testRef))
	}
}

// TestLeftoversExpire: a lease a crash left, and a dead letter's marker whose report was
// delivered, go with the sweep.
func TestLeftoversExpire(t *testing.T) {
	f := newPrivacyFixture(t, false)
	ctx := context.Background()
	f.fileFrom(t, testRef, "", "olena@example.org", "192.0.2.1")
	f.store.Put(ctx, delivery.SendingPrefix+testRef, nil, nil)
	f.store.Put(ctx, delivery.DeadPrefix+testRef, nil, nil)
	f.store.Put(ctx, delivery.DeadPrefix+"AD-20261123-000099", nil, nil) // a report gone
	f.now = f.now.Add(policy.Day + time.Minute)
	f.s.Expire(ctx)
	if got := append(f.store.Keys(delivery.SendingPrefix), f.store.Keys(delivery.DeadPrefix)...); len(got) != 0 {
		t.Errorf("left %v", got)
	}
}

// TestLifecycleRules: the backstop spares what is undelivered and waits past the sweep.
func TestLifecycleRules(t *testing.T) {
	r := contenttest.Bundle(t).Rules.Retention
	rules := delivery.LifecycleRules(r)
	byPrefix := map[string]int{}
	for _, rule := range rules {
		byPrefix[rule.Prefix] = rule.Days
		for _, spared := range []string{delivery.PendingPrefix, delivery.DeadPrefix, delivery.RefusedPrefix, delivery.SweepPrefix, ""} {
			if rule.Prefix == spared {
				t.Errorf("a lifecycle rule on %q", spared)
			}
		}
	}
	if byPrefix[delivery.ReportsPrefix] <= r.DeliveredReports || byPrefix[delivery.DeliveredPrefix] <= r.DeliveredReports || byPrefix[delivery.KeysPrefix] <= r.IdempotencyKeys {
		t.Errorf("rules %v for retention %+v", rules, r)
	}
	for _, prefix := range []string{delivery.ConfirmPrefix, delivery.LimitsPrefix, delivery.SendingPrefix, delivery.ConfirmingPrefix, delivery.NoticePrefix, delivery.NotifyingPrefix} {
		if byPrefix[prefix] < 2 {
			t.Errorf("no rule, or one too short, on %s: %v", prefix, rules)
		}
	}
	// A notice is tried as long as a confirmation; a case is kept its period after its
	// last step, and the sweep renews what is older (keepCase), so the rule may wait only
	// the margin past it.
	if byPrefix[delivery.NoticePrefix] != byPrefix[delivery.ConfirmPrefix] || byPrefix[delivery.CasesPrefix] <= r.CaseRecords {
		t.Errorf("rules %v for retention %+v", rules, r)
	}
}
