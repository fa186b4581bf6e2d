package delivery_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"abusedesk/schemas/report"
	"abusedesk/worker/delivery"
)

// TestCaseRecordsTheDesksSteps: a forwarded report's case shows received and forwarded,
// then each step the desk records, in order; a decision recorded again corrects the one
// before and both stay; the case outlives the report.
func TestCaseRecordsTheDesksSteps(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	f.file(t, testRef)
	c, err := f.s.Case(ctx, testRef)
	if err != nil {
		t.Fatal(err)
	}
	if c.State() != report.Forwarded || c.Category != "spam" || c.Lang != "en" || c.Report == nil || !c.Forwarded.Equal(f.now) {
		t.Fatalf("case after delivery: %+v", c)
	}
	steps := []report.Event{
		{State: report.CustomerNotified, By: "desk"},
		{State: report.Answered, Answer: "Removed the mailer.", By: "desk"},
		{State: report.Decided, Outcome: "acted_on", Measure: "outgoing_suspended", By: "desk"},
		{State: report.Decided, Outcome: "fixed_by_customer", Note: "thanks", By: "olena@desk.example"},
	}
	for i, ev := range steps {
		f.now = f.now.Add(time.Hour)
		if c, err = f.s.Record(ctx, testRef, ev); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if len(c.History) != 2+len(steps) || c.State() != report.Decided {
		t.Fatalf("history %+v, state %s", c.History, c.State())
	}
	for i, ev := range steps {
		got := c.History[2+i]
		if got.State != ev.State || got.Outcome != ev.Outcome || got.Answer != ev.Answer || got.By != ev.By || !got.At.Equal(f.now.Add(time.Duration(i+1-len(steps))*time.Hour)) {
			t.Errorf("step %d: %+v, want %+v", i, got, ev)
		}
	}
	if d, ok := report.Decision(c.History); !ok || d.Outcome != "fixed_by_customer" {
		t.Errorf("the decision is %+v, want the correction", d)
	}

	// The report goes by its retention; its case stays, as it was.
	if err := f.store.Delete(ctx, delivery.ReportKey(testRef)); err != nil {
		t.Fatal(err)
	}
	later, err := f.s.Case(ctx, testRef)
	if err != nil || later.Report != nil || later.State() != report.Decided || len(later.History) != len(c.History) || later.Category != "spam" {
		t.Errorf("the case without its report: %+v, %v", later, err)
	}
}

func TestCaseRefusesWhatCannotBe(t *testing.T) {
	f := newFixture(t, nil).queued()
	ctx := context.Background()
	f.file(t, testRef)
	if _, err := f.s.Record(ctx, testRef, report.Event{State: report.Decided, Outcome: "no_violation"}); !errors.Is(err, delivery.ErrCaseStep) {
		t.Errorf("a decision on a report not yet forwarded: %v", err)
	}
	if c, err := f.s.Case(ctx, testRef); err != nil || c.State() != report.Received {
		t.Errorf("a report not yet forwarded: %+v, %v", c, err)
	}
	for _, ref := range []string{"AD-20261123-000000", "../reports/x", ""} {
		if _, err := f.s.Case(ctx, ref); !errors.Is(err, delivery.ErrNotFound) {
			t.Errorf("case %q: %v", ref, err)
		}
		if _, err := f.s.Record(ctx, ref, report.Event{State: report.CustomerNotified}); !errors.Is(err, delivery.ErrNotFound) {
			t.Errorf("step in case %q: %v", ref, err)
		}
	}
}

// TestConcurrentStepsAreAllKept: two desks recording at one moment each keep their step.
func TestConcurrentStepsAreAllKept(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	f.file(t, testRef)
	// Both read the case before either writes: each tries the same number first.
	var read sync.WaitGroup
	read.Add(2)
	f.store.Hold = func(op, key string) {
		if op == "create" && key == delivery.StepKey(testRef, 0) {
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
	c, err := f.s.Case(ctx, testRef)
	if err != nil || len(c.History) != 4 {
		t.Fatalf("history %+v, %v", c.History, err)
	}
	if c.History[2].Outcome == c.History[3].Outcome {
		t.Errorf("one step lost: %+v", c.History)
	}
}

// TestCaseOfAReportStoredBeforeHistories: a report delivered before reports kept their
// history is forwarded by its object's mark.
func TestCaseOfAReportStoredBeforeHistories(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	f.file(t, testRef)
	data, obj, err := f.store.Get(ctx, delivery.ReportKey(testRef))
	if err != nil {
		t.Fatal(err)
	}
	var rep report.Filed
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	rep.History = nil
	if data, err = json.Marshal(rep); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Put(ctx, delivery.ReportKey(testRef), data, obj.Meta); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Delete(ctx, delivery.CaseKey(testRef)); err != nil {
		t.Fatal(err)
	}
	c, err := f.s.Case(ctx, testRef)
	if err != nil || c.State() != report.Forwarded || !c.Forwarded.Equal(f.now) {
		t.Errorf("case %+v, %v", c, err)
	}
	if _, err := f.s.Record(ctx, testRef, report.Event{State: report.CustomerNotified}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Head(ctx, delivery.CaseKey(testRef)); err != nil {
		t.Errorf("the desk's first step kept no head: %v", err)
	}
}

// TestAStepAtItsNumberIsRecordedOnce: a step made for the case's n-th place is recorded
// only while the case has n steps: sent again, or sent twice at the same moment, it is
// recorded once and the other is ErrStepTaken.
func TestAStepAtItsNumberIsRecordedOnce(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	f.file(t, testRef)
	step := report.Event{State: report.Decided, Outcome: "no_violation"}
	c, err := f.s.Record(ctx, testRef, step, delivery.AtStep(2))
	if err != nil || len(c.History) != 3 {
		t.Fatalf("the first: %+v, %v", c.History, err)
	}
	if _, err := f.s.Record(ctx, testRef, step, delivery.AtStep(2)); !errors.Is(err, delivery.ErrStepTaken) {
		t.Errorf("sent again: %v", err)
	}
	if _, err := f.s.Record(ctx, testRef, step, delivery.AtStep(7)); !errors.Is(err, delivery.ErrStepTaken) {
		t.Errorf("a number ahead of the case: %v", err)
	}

	// Both read the case before either writes.
	var read sync.WaitGroup
	read.Add(2)
	f.store.Hold = func(op, key string) {
		if op == "create" && key == delivery.StepKey(testRef, 1) {
			read.Done()
			read.Wait()
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var taken, recorded int
	for range 2 {
		wg.Go(func() {
			_, err := f.s.Record(ctx, testRef, report.Event{State: report.Decided, Outcome: "not_ours"}, delivery.AtStep(3))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, delivery.ErrStepTaken):
				taken++
			case err == nil:
				recorded++
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	f.store.Hold = nil
	if c, err = f.s.Case(ctx, testRef); err != nil || len(c.History) != 4 || recorded != 1 || taken != 1 {
		t.Errorf("sent twice at once: recorded %d, refused %d, history %+v, %v", recorded, taken, c.History, err)
	}
}
