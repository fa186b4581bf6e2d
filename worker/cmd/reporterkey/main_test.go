package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/fake"
)

// TestKeysOpenAndRevoke: a key the command makes opens its record in the Worker's store,
// limited to the categories given; the record revoked opens nothing; categories the rules do
// not have are refused.
func TestKeysOpenAndRevoke(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	key, err := makeKey("Example Blocklist", "spam,phishing", dir, false, now)
	if err != nil {
		t.Fatal(err)
	}
	store := fake.NewStore()
	d, err := delivery.New(delivery.Config{Store: store, Queue: &fake.Queue{}, Mailer: &fake.Mailer{}, Mail: mailtest.Writer(t), Retention: contenttest.Bundle(t).Rules.Retention})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("records %v", files)
	}
	record, _ := os.ReadFile(files[0])
	if bytes.Contains(record, []byte(key[len("adk_")+12+1:])) {
		t.Error("the record holds the key's secret")
	}
	id := filepath.Base(files[0][:len(files[0])-len(".json")])
	store.Put(context.Background(), delivery.ReporterRecord(id), record, nil)
	r, err := d.Reporter(context.Background(), key)
	if err != nil || r.Name != "Example Blocklist" || !r.May("spam") || r.May("malware") {
		t.Fatalf("%+v, %v", r, err)
	}
	var revoked bytes.Buffer
	if err := revokeRecord(bytes.NewReader(record), &revoked, now); err != nil {
		t.Fatal(err)
	}
	store.Put(context.Background(), delivery.ReporterRecord(id), revoked.Bytes(), nil)
	if _, err := d.Reporter(context.Background(), key); !errors.Is(err, delivery.ErrNoReporter) {
		t.Errorf("a revoked key: %v", err)
	}
	if _, err := makeKey("X", "spam,astrology", dir, false, now); err == nil {
		t.Error("a category the rules lack was taken")
	}
	if err := revokeRecord(bytes.NewReader([]byte(`{"name":"x"}`)), &revoked, now); err == nil {
		t.Error("a record of no key was revoked")
	}
}

// TestTheREADMEGivesTheDevelopmentKey: the README's line "dev key: `…`" is the key
// `make dev` stores the record of.
func TestTheREADMEGivesTheDevelopmentKey(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("dev key: `([^`]+)`").FindSubmatch(readme)
	key, err := makeKey("", "", t.TempDir(), true, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m == nil || string(m[1]) != key {
		t.Errorf("the README gives %q as the dev key, make dev stores %s", m, key)
	}
}
