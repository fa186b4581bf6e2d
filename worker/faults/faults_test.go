package faults_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"abusedesk/worker/email"
	"abusedesk/worker/fake"
	"abusedesk/worker/faults"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestFlakyMailerFailsAboutTheRate(t *testing.T) {
	m := &fake.Mailer{}
	flaky := faults.Flaky(m, 0.5)
	failed := 0
	for range 1000 {
		if err := flaky.Send(context.Background(), email.Raw("a@x", "b@x", nil)); errors.Is(err, faults.ErrInjected) {
			failed++
		}
	}
	if failed < 400 || failed > 600 || failed+len(m.Sent) != 1000 {
		t.Errorf("%d of 1000 failed, %d sent", failed, len(m.Sent))
	}
}

func TestRefusingRefusesForGoodWhatHoldsTheMarker(t *testing.T) {
	m := &fake.Mailer{}
	refusing := faults.Refusing(m, "REFUSE-ME")
	err := refusing.Send(context.Background(), email.Raw("a@x", "b@x", []byte("Subject: x\r\n\r\nplease REFUSE-ME\r\n")))
	if !email.Permanent(err) {
		t.Errorf("a marked message: %v, want a permanent refusal", err)
	}
	if err := refusing.Send(context.Background(), email.Raw("a@x", "b@x", []byte("Subject: y\r\n\r\nfine\r\n"))); err != nil || len(m.Sent) != 1 {
		t.Errorf("another message: %v, %d sent", err, len(m.Sent))
	}
}

// env is a Worker's variables.
func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestNoVariableSwitchesNothingOn(t *testing.T) {
	f, err := faults.FromEnv(env(nil), quiet)
	if err != nil || f != (faults.Faults{}) {
		t.Fatalf("%+v, %v; want none", f, err)
	}
	m := &fake.Mailer{}
	if f.Mailbox(m) != email.Mailer(m) || f.Delivery() != nil || f.Intake() != nil || f.SiteverifyURL("https://siteverify") != "https://siteverify" {
		t.Error("the zero Faults changes the Worker")
	}
}

func TestTheVariablesSwitchTheirFaultsOn(t *testing.T) {
	f, err := faults.FromEnv(env(map[string]string{
		faults.FailureRateVar: "1", faults.RefuseVar: "REFUSE-ME", faults.ClockOffsetVar: "744h",
		faults.SweepAfterVar: "1s", faults.SiteverifyVar: "http://127.0.0.1:1/siteverify",
	}), quiet)
	if err != nil {
		t.Fatal(err)
	}
	want := faults.Faults{FailureRate: 1, Refuse: "REFUSE-ME", ClockOffset: 744 * time.Hour, SweepAfter: time.Second, Siteverify: "http://127.0.0.1:1/siteverify"}
	if f != want {
		t.Errorf("%+v, want %+v", f, want)
	}
	if len(f.Delivery()) != 2 || len(f.Intake()) != 1 || f.SiteverifyURL("https://siteverify") != want.Siteverify {
		t.Errorf("options: %d for delivery, %d for intake, siteverify %s", len(f.Delivery()), len(f.Intake()), f.SiteverifyURL("https://siteverify"))
	}
	// A message to refuse is refused for good, never failed for a retry; any other fails.
	m := &fake.Mailer{}
	box := f.Mailbox(m)
	if err := box.Send(context.Background(), email.Raw("a@x", "b@x", []byte("Subject: x\r\n\r\nREFUSE-ME\r\n"))); !email.Permanent(err) {
		t.Errorf("a marked message: %v, want a permanent refusal", err)
	}
	if err := box.Send(context.Background(), email.Raw("a@x", "b@x", []byte("Subject: y\r\n\r\nfine\r\n"))); !errors.Is(err, faults.ErrInjected) || len(m.Sent) != 0 {
		t.Errorf("another message: %v, %d sent; want an injected failure", err, len(m.Sent))
	}
}

func TestAVariableThatDoesNotParseIsAnErrorNamingIt(t *testing.T) {
	for name, v := range map[string]string{
		faults.FailureRateVar: "not a number",
		faults.ClockOffsetVar: "a month",
		faults.SweepAfterVar:  "0s",
	} {
		_, err := faults.FromEnv(env(map[string]string{name: v}), quiet)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%q: %v, want an error naming it", name, v, err)
		}
	}
	for _, rate := range []string{"-0.1", "1.5", "NaN"} {
		if _, err := faults.FromEnv(env(map[string]string{faults.FailureRateVar: rate}), quiet); err == nil {
			t.Errorf("%s=%s: no error", faults.FailureRateVar, rate)
		}
	}
}

// The integration tests' harness refuses a test that sets one of the variables on the
// Worker that does not read them (worker/test/wrangler.mjs, faultVars): its list is Vars.
// And no configuration sets one.
func TestTheHarnessKnowsEveryVariableAndNoConfigurationSetsOne(t *testing.T) {
	harness, err := os.ReadFile(filepath.Join("..", "test", "wrangler.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^const faultVars = \[(.*)\];$`).FindSubmatch(harness)
	if m == nil {
		t.Fatal("worker/test/wrangler.mjs has no line const faultVars = [ … ];")
	}
	var listed []string
	for _, name := range strings.Split(string(m[1]), ",") {
		listed = append(listed, strings.Trim(strings.TrimSpace(name), `"'`))
	}
	if !slices.Equal(slices.Sorted(slices.Values(listed)), slices.Sorted(slices.Values(faults.Vars))) {
		t.Errorf("worker/test/wrangler.mjs's faultVars %q, package faults' Vars %q", listed, faults.Vars)
	}
	config, err := os.ReadFile(filepath.Join("..", "wrangler.jsonc"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range faults.Vars {
		if strings.Contains(string(config), `"`+name+`"`) {
			t.Errorf("worker/wrangler.jsonc sets %s", name)
		}
	}
}
