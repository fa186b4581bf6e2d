package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"testing"

	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/delivery"
)

// filed is a full report numbered ref, received now, with its message changed to say
// which: the same say is the same report.
func (f *fixture) report(ref, say string) report.Filed {
	fields := reporttest.Full()
	fields["message"] += " " + say
	return report.Filed{Reference: ref, Received: f.now, Lang: "en", Report: reporttest.Report(fields)}
}

func TestAKeyIsOneReport(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	first, err := f.s.File(ctx, "key-1", f.report("AD-20261123-000001", "first"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same report again: the first's reference, nothing more stored or sent.
	again, err := f.s.File(ctx, "key-1", f.report("AD-20261123-000002", "first"), nil)
	if err != nil || again.Reference != first.Reference {
		t.Fatalf("the same report again: %s, %v; want %s", again.Reference, err, first.Reference)
	}
	// Another report under the same key is refused, never answered with the first's
	// reference while it is thrown away.
	if _, err := f.s.File(ctx, "key-1", f.report("AD-20261123-000003", "second"), nil); !errors.Is(err, delivery.ErrKeyReused) {
		t.Errorf("another report under the key: %v, want ErrKeyReused", err)
	}
	// Another reporter's report under the same key is theirs: keys are scoped.
	other := f.report("AD-20261123-000004", "first")
	other.Report.Email = "someone.else@example.net"
	if got, err := f.s.File(ctx, "key-1", other, nil); err != nil || got.Reference != "AD-20261123-000004" {
		t.Errorf("another reporter's key: %s, %v", got.Reference, err)
	}
	if len(f.mailer.Sent) != 2 || len(f.store.Keys(delivery.ReportsPrefix)) != 2 {
		t.Errorf("mailed %d, stored %v", len(f.mailer.Sent), f.store.Keys(delivery.ReportsPrefix))
	}
}

// TestAFailedReadNeverRewritesAReport: when the bucket fails to read the report a key was
// given, the post fails; it does not store itself over the report.
func TestAFailedReadNeverRewritesAReport(t *testing.T) {
	f := newFixture(t, nil).queued()
	ctx := context.Background()
	first, err := f.s.File(ctx, "k", f.report(testRef, "first"), nil)
	if err != nil {
		t.Fatal(err)
	}
	stored, _, _ := f.store.Get(ctx, delivery.ReportKey(testRef))
	f.store.FailOn = func(op, key string) error {
		if op == "get" && key == delivery.ReportKey(testRef) {
			return errors.New("R2 hiccup")
		}
		return nil
	}
	puts := f.store.Puts
	if _, err := f.s.File(ctx, "k", f.report("AD-20261123-000009", "first"), nil); err == nil {
		t.Error("a post whose report could not be read was answered as stored")
	}
	f.store.FailOn = nil
	now, _, _ := f.store.Get(ctx, delivery.ReportKey(testRef))
	if string(now) != string(stored) || f.store.Puts != puts {
		t.Errorf("the report %s was written again (%d writes)", first.Reference, f.store.Puts-puts)
	}
}

// TestOneKeyAtTheSameMoment: posts of one report under one key at the same moment store
// one report, queue it once and all get its reference, whichever claims the key first.
func TestOneKeyAtTheSameMoment(t *testing.T) {
	f := newFixture(t, nil).queued()
	const posts = 12
	refs := make([]string, posts)
	var wg sync.WaitGroup
	for i := range posts {
		wg.Go(func() {
			got, err := f.s.File(context.Background(), "double-click", f.report(fmt.Sprintf("AD-20261123-%06d", i+1), "same"), nil)
			if err != nil {
				t.Error(err)
			}
			refs[i] = got.Reference
		})
	}
	wg.Wait()
	for _, ref := range refs {
		if ref != refs[0] {
			t.Fatalf("references %v", refs)
		}
	}
	if got := f.store.Keys(delivery.ReportsPrefix); len(got) != 1 || len(f.queue.Sent) != 1 {
		t.Errorf("stored %v, queued %v", got, f.queue.Sent)
	}
}

// TestAReferenceIsNeverReused: a new report given a reference another report has, pending
// or delivered, is refused with ErrReferenceTaken, and the other report and its files are
// left as they were.
func TestAReferenceIsNeverReused(t *testing.T) {
	f := newFixture(t, nil).queued()
	ctx := context.Background()
	if _, err := f.s.File(ctx, "", f.report(testRef, "pending one"), []report.File{reporttest.File("a.pdf", reporttest.PDF("a"), "pdf")}); err != nil {
		t.Fatal(err)
	}
	before := f.store.Snapshot()
	for _, key := range []string{"", "a key"} {
		if _, err := f.s.File(ctx, key, f.report(testRef, "another"), []report.File{reporttest.File("b.pdf", reporttest.PDF("b"), "pdf")}); !errors.Is(err, delivery.ErrReferenceTaken) {
			t.Errorf("key %q: %v, want ErrReferenceTaken", key, err)
		}
	}
	f.queue.Drain(f.s, 1)
	after := f.store.Snapshot()
	delete(after, delivery.ReportKey(testRef)) // marked delivered since, and indexed so
	delete(after, delivery.DeliveredPrefix+testRef)
	delete(after, delivery.CaseKey(testRef)) // its case, opened on delivery
	delete(before, delivery.ReportKey(testRef))
	delete(before, delivery.PendingPrefix+testRef)
	if !maps.Equal(before, after) {
		t.Errorf("objects changed:\nbefore %v\nafter  %v", before, after)
	}
	// Delivered, the reference is still taken.
	if _, err := f.s.File(ctx, "", f.report(testRef, "a third"), nil); !errors.Is(err, delivery.ErrReferenceTaken) {
		t.Errorf("a delivered report's reference: %v", err)
	}
	if got := f.store.Keys(delivery.PendingPrefix); len(got) != 0 {
		t.Errorf("a marker left behind: %v", got)
	}
	// The key whose first reference was taken files the report under the next.
	got, err := f.s.File(ctx, "a key", f.report("AD-20261123-000077", "another"), []report.File{reporttest.File("b.pdf", reporttest.PDF("b"), "pdf")})
	if err != nil || got.Reference != "AD-20261123-000077" {
		t.Errorf("filed again under a new reference: %s, %v", got.Reference, err)
	}
}
