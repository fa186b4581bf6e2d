package delivery_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/delivery"
)

// storeReporter keeps the record of a new key of name, who may report categories, as the
// operator does (worker/cmd/reporterkey), and returns the key.
func storeReporter(t *testing.T, store delivery.Store, name string, categories ...string) (string, delivery.Reporter) {
	t.Helper()
	key, rec, err := delivery.NewReporterKey(name, categories, rand.Reader, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(rec)
	if err := store.Put(context.Background(), delivery.ReporterRecord(rec.ID), data, nil); err != nil {
		t.Fatal(err)
	}
	return key, rec
}

func TestReporterKeys(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	key, rec := storeReporter(t, f.store, "Example Blocklist", "spam", "sbl-listing")
	if !strings.HasPrefix(key, "adk_"+rec.ID+"_") || strings.Contains(string(mustGet(t, f.store, delivery.ReporterRecord(rec.ID))), key[len("adk_"+rec.ID+"_"):]) {
		t.Fatalf("key %q, and its record holds its secret: %s", key, mustGet(t, f.store, delivery.ReporterRecord(rec.ID)))
	}
	got, err := f.s.Reporter(ctx, key)
	if err != nil || got.Name != "Example Blocklist" || !got.May("spam") || got.May("csam") {
		t.Fatalf("the key found %+v, %v", got, err)
	}
	other, otherRec := storeReporter(t, f.store, "Another")
	for name, k := range map[string]string{
		"none":              "",
		"not a key":         "Bearer x",
		"another secret":    key[:len(key)-4] + "aaaa",
		"another's secret":  "adk_" + rec.ID + other[len("adk_"+otherRec.ID):],
		"an unknown id":     "adk_aaaaaaaaaaaa" + key[len("adk_"+rec.ID):],
		"cut":               key[:len(key)-1],
		"longer":            key + "a",
		"upper case":        strings.ToUpper(key),
		"a path in the id":  "adk_../x_" + key[len("adk_"+rec.ID+"_"):],
		"a kilobyte of key": "adk_" + rec.ID + "_" + strings.Repeat("a", 1024),
	} {
		if _, err := f.s.Reporter(ctx, k); !errors.Is(err, delivery.ErrNoReporter) {
			t.Errorf("%s: %v, want ErrNoReporter", name, err)
		}
	}
	// Revoked, the key opens nothing; a store that fails is not a wrong key.
	rec.Revoked = time.Now()
	data, _ := json.Marshal(rec)
	f.store.Put(ctx, delivery.ReporterRecord(rec.ID), data, nil)
	if _, err := f.s.Reporter(ctx, key); !errors.Is(err, delivery.ErrNoReporter) {
		t.Errorf("revoked: %v", err)
	}
	f.store.Err = errors.New("R2 down")
	if _, err := f.s.Reporter(ctx, other); err == nil || errors.Is(err, delivery.ErrNoReporter) {
		t.Errorf("a failing store: %v", err)
	}
	// A key not of a key's shape is refused without a read.
	if _, err := f.s.Reporter(ctx, "adk_"); !errors.Is(err, delivery.ErrNoReporter) {
		t.Errorf("a bare prefix with the store failing: %v", err)
	}
}

func mustGet(t *testing.T, s delivery.Store, key string) []byte {
	t.Helper()
	data, _, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// machineReport is a report the key id posted as the XARF document xarf.
func (f *fixture) machineReport(ref, id, xarf string) report.Filed {
	r := reporttest.Report(reporttest.Full())
	return report.Filed{Reference: ref, Received: f.now, Lang: "en", Report: r,
		Machine: &report.Machine{Key: id, Name: "Reporter " + id, XARF: xarf, ReportID: "b7ca7591-811e-4d40-83d9-dc043c08555d"}}
}

// TestAClientTokenIsScopedToItsKey: a machine reporter's client token is one report for
// its key, whatever language it asks in; with another XARF document it is refused; another
// key's token, and a person's key, of the same text are other reports.
func TestAClientTokenIsScopedToItsKey(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	const token = "batch-7/item-1"
	first, err := f.s.File(ctx, token, f.machineReport("AD-20261123-AAAAA1", "keya", `{"report_id":"1"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	again := f.machineReport("AD-20261123-AAAAA2", "keya", `{"report_id":"1"}`)
	again.Lang = "uk"
	if got, err := f.s.File(ctx, token, again, nil); err != nil || got.Reference != first.Reference {
		t.Errorf("the token sent again: %s, %v; want %s", got.Reference, err, first.Reference)
	}
	if _, err := f.s.File(ctx, token, f.machineReport("AD-20261123-AAAAA3", "keya", `{"report_id":"2"}`), nil); !errors.Is(err, delivery.ErrKeyReused) {
		t.Errorf("the token with another report: %v", err)
	}
	other, err := f.s.File(ctx, token, f.machineReport("AD-20261123-AAAAA4", "keyb", `{"report_id":"1"}`), nil)
	if err != nil || other.Reference == first.Reference {
		t.Errorf("another key's token: %s, %v", other.Reference, err)
	}
	person := f.report("AD-20261123-AAAAA5", "a person")
	if got, err := f.s.File(ctx, token, person, nil); err != nil || got.Reference != "AD-20261123-AAAAA5" {
		t.Errorf("a person's key of the same text: %s, %v", got.Reference, err)
	}
	if n := len(f.mailer.Sent); n != 3 {
		t.Errorf("%d mails, want 3", n)
	}
	if delivery.MachineKeyOf("keya", token) == delivery.KeyOf(person.Report.Email, token) {
		t.Error("a machine's token and a person's key share a claim")
	}
}

// TestAMachineReportersListing: each key lists its own reports since a time, indexed when
// filed and again when delivered; the index goes with an erasure, and with the case once
// its time is up, not with the report.
func TestAMachineReportersListing(t *testing.T) {
	f := newFixture(t, nil).queued()
	ctx := context.Background()
	start := f.now
	refs := []string{"AD-20261123-BBBBB1", "AD-20261123-BBBBB2", "AD-20261123-BBBBB3"}
	for i, ref := range refs {
		f.now = start.Add(time.Duration(i) * time.Hour)
		if _, err := f.s.File(ctx, "", f.machineReport(ref, "keya", `{"n":`+string(rune('1'+i))+`}`), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.s.File(ctx, "", f.machineReport("AD-20261123-CCCCC1", "keyb", `{}`), nil); err != nil {
		t.Fatal(err)
	}
	list := func(id string, since time.Time) []string {
		t.Helper()
		got, err := f.s.MachineReports(ctx, id, since)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range got {
			if l.ReportID != "b7ca7591-811e-4d40-83d9-dc043c08555d" {
				t.Errorf("%s: report_id %q", l.Reference, l.ReportID)
			}
			out = append(out, l.Reference)
		}
		return out
	}
	if got := list("keya", start.Add(30*time.Minute)); !slices.Equal(got, refs[1:]) {
		t.Errorf("keya since half past: %v, want %v", got, refs[1:])
	}
	if got := list("keyb", time.Time{}); !slices.Equal(got, []string{"AD-20261123-CCCCC1"}) {
		t.Errorf("keyb: %v", got)
	}
	// Lost, the index is written again by the delivery.
	f.store.Delete(ctx, delivery.MachineKey("keya", refs[0]))
	if _, err := f.queue.Drain(f.s, 10); err != nil {
		t.Fatal(err)
	}
	if got := list("keya", time.Time{}); !slices.Equal(got, refs) {
		t.Errorf("after delivery: %v, want %v", got, refs)
	}
	// Erased, it goes; past the report's time it stays with the case, past the case's it
	// goes.
	if _, err := f.s.Erase(ctx, refs[0]); err != nil {
		t.Fatal(err)
	}
	r := contenttest.Bundle(t).Rules.Retention
	f.now = start.Add(r.Reports() + 3*time.Hour)
	f.s.Expire(ctx)
	if got := list("keya", time.Time{}); !slices.Equal(got, refs[1:]) {
		t.Errorf("past the reports' time: %v, want %v", got, refs[1:])
	}
	f.now = start.Add(r.Cases() + 3*time.Hour)
	f.s.Expire(ctx)
	if got := f.store.Keys(delivery.MachinePrefix); len(got) != 0 {
		t.Errorf("past the cases' time: %v", got)
	}
}

// TestNoNoticeToAMachineReporter: a machine reporter learns the decision from the API; no
// notice goes to the address its XARF report names.
func TestNoNoticeToAMachineReporter(t *testing.T) {
	f := newPrivacyFixture(t, true)
	ctx := context.Background()
	rep := f.machineReport(testRef, "keya", `{}`)
	rep.Report.Email = "abuse-reports@blocklist.example"
	if _, err := f.s.File(ctx, "", rep, nil); err != nil {
		t.Fatal(err)
	}
	f.decide(t, testRef, actedOn)
	if len(f.confirmations.Sent) != 0 || len(f.store.Keys(delivery.NoticePrefix)) != 0 {
		t.Errorf("%d mails to the reporter, notices waiting %v", len(f.confirmations.Sent), f.store.Keys(delivery.NoticePrefix))
	}
	c, err := f.s.Case(ctx, testRef)
	if err != nil || c.Machine != "keya" || c.State() != report.Decided {
		t.Errorf("the case %+v, %v", c.CaseHead, err)
	}
}
