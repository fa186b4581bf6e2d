// Package faults is what the integration tests switch on in the Worker and a deployed
// Worker must never have: a mailbox that fails a share of its sends or refuses some for
// good, a clock moved on, a sooner sweep, a stand-in for Turnstile's siteverify. Each is
// switched on by a Worker variable the tests set (Vars) and no configuration does. It is
// linked only into the Worker built with the build tag faults (`make worker-faults`,
// build/worker-faults), which the tests that set those variables run; the Worker that
// `make dev`, `make deploy` and the other tests run reads none of the variables, so no
// setting can make it fail its mail on purpose, move its clock or send Turnstile's secret
// elsewhere. A test in this package holds the two builds to that.
package faults

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/intake"
)

// The Worker variables that switch a fault on, as worker/test sets them.
const (
	// FailureRateVar makes the abuse mailbox, and the reporters' (CONFIRMATIONS), fail
	// that share of sends (0 to 1) before they reach it: the delivery promise under a
	// failing mailbox (durable.test.mjs; "1", a mailbox that is down, in privacy.test.mjs;
	// the decision notices in notice.test.mjs).
	FailureRateVar = "MAILBOX_FAILURE_RATE"
	// RefuseVar makes the abuse mailbox refuse for good every message holding its text, as
	// Cloudflare's refuses one over its limits: reports set aside (durable.test.mjs).
	RefuseVar = "MAILBOX_REFUSE"
	// ClockOffsetVar runs the Worker's clock ahead by a Go duration ("744h") while R2 dates
	// objects by the real time: what retention deletes (privacy.test.mjs).
	ClockOffsetVar = "CLOCK_OFFSET"
	// SweepAfterVar replaces how old an undelivered report must be before the sweep mails
	// it (delivery.DefaultSweepAge, five minutes), a Go duration: a test need not wait.
	SweepAfterVar = "SWEEP_AFTER"
	// SiteverifyVar replaces Cloudflare's siteverify address, which the Worker sends
	// Turnstile's secret to, with the Turnstile test's stand-in (turnstile.test.mjs).
	SiteverifyVar = "TURNSTILE_VERIFY_URL"
)

// Vars are the variables FromEnv reads, every one.
var Vars = []string{FailureRateVar, RefuseVar, ClockOffsetVar, SweepAfterVar, SiteverifyVar}

// Faults are the faults switched on; the zero value switches none on and changes nothing.
type Faults struct {
	// FailureRate is the share of the mailboxes' sends that fail, the abuse mailbox's and
	// the reporters' (FailureRateVar).
	FailureRate float64
	// Refuse, when set, is the text whose messages the abuse mailbox refuses (RefuseVar).
	Refuse string
	// ClockOffset moves the Worker's clock on, its store's left alone (ClockOffsetVar).
	ClockOffset time.Duration
	// SweepAfter, when more than zero, replaces delivery.DefaultSweepAge (SweepAfterVar).
	SweepAfter time.Duration
	// Siteverify, when set, is where Turnstile's tokens are checked (SiteverifyVar).
	Siteverify string
}

// FromEnv reads the variables through getenv (the Worker's cloudflare.Getenv) and logs
// each fault it switches on, so that a log shows a Worker failing on purpose. A variable
// that does not parse is an error naming it: the Worker then does not start.
func FromEnv(getenv func(string) string, log *slog.Logger) (Faults, error) {
	var f Faults
	if v := getenv(FailureRateVar); v != "" {
		rate, err := strconv.ParseFloat(v, 64)
		if err == nil && !(rate >= 0 && rate <= 1) {
			err = errors.New("not a share from 0 to 1")
		}
		if err != nil {
			return Faults{}, fmt.Errorf("%s %q: %w", FailureRateVar, v, err)
		}
		log.Warn("the mailbox fails on purpose", "rate", rate)
		f.FailureRate = rate
	}
	if v := getenv(RefuseVar); v != "" {
		log.Warn("the mailbox refuses on purpose what holds the marker", "marker", v)
		f.Refuse = v
	}
	if v := getenv(ClockOffsetVar); v != "" {
		offset, err := time.ParseDuration(v)
		if err != nil {
			return Faults{}, fmt.Errorf("%s: %w", ClockOffsetVar, err)
		}
		log.Warn("the clock is moved on purpose", "offset", offset)
		f.ClockOffset = offset
	}
	if v := getenv(SweepAfterVar); v != "" {
		age, err := time.ParseDuration(v)
		if err == nil && age <= 0 {
			err = errors.New("not a wait: the sweep's age must be more than nothing")
		}
		if err != nil {
			return Faults{}, fmt.Errorf("%s: %w", SweepAfterVar, err)
		}
		log.Warn("the sweep mails reports sooner than a deployed Worker would", "after", age)
		f.SweepAfter = age
	}
	if v := getenv(SiteverifyVar); v != "" {
		log.Warn("Turnstile's tokens are checked by a stand-in for siteverify", "url", v)
		f.Siteverify = v
	}
	return f, nil
}

// Mailbox is the mailbox m (the abuse mailbox, or the reporters' CONFIRMATIONS) with the
// failures switched on. A message to refuse is
// refused before any failure is injected: a refusal for good is never hidden behind a
// failure worth trying again.
func (f Faults) Mailbox(m email.Mailer) email.Mailer {
	if f.FailureRate > 0 {
		m = Flaky(m, f.FailureRate)
	}
	if f.Refuse != "" {
		m = Refusing(m, f.Refuse)
	}
	return m
}

// Delivery is the delivery options of the clock and the sweep switched on.
func (f Faults) Delivery() []delivery.Option {
	var opts []delivery.Option
	if f.ClockOffset != 0 {
		opts = append(opts, delivery.WithClockOffset(f.ClockOffset))
	}
	if f.SweepAfter > 0 {
		opts = append(opts, delivery.WithSweepAge(f.SweepAfter))
	}
	return opts
}

// Intake is the HTTP front's options of the clock switched on: a report received days
// ahead, as the delivery's clock says.
func (f Faults) Intake() []intake.Option {
	if f.ClockOffset == 0 {
		return nil
	}
	offset := f.ClockOffset
	return []intake.Option{intake.WithClock(func() time.Time { return time.Now().Add(offset) })}
}

// SiteverifyURL is where Turnstile's tokens are checked: the stand-in switched on, else
// url (bindings.Siteverify).
func (f Faults) SiteverifyURL(url string) string {
	if f.Siteverify != "" {
		return f.Siteverify
	}
	return url
}

// ErrInjected is the failure Flaky makes up.
var ErrInjected = errors.New("injected mailbox failure")

// Flaky is a mailbox that fails a share of sends (rate, 0 to 1) before they reach m.
func Flaky(m email.Mailer, rate float64) email.Mailer { return flaky{m, rate} }

type flaky struct {
	email.Mailer
	rate float64
}

func (f flaky) Send(ctx context.Context, m *email.Message) error {
	if rand.Float64() < f.rate {
		return ErrInjected
	}
	return f.Mailer.Send(ctx, m)
}

// Refusing is a mailbox that refuses for good, as Cloudflare's refuses a message over its
// limits (error code E_CONTENT_TOO_LARGE), every message whose bytes hold marker, and
// gives the others to m.
func Refusing(m email.Mailer, marker string) email.Mailer { return refusing{m, []byte(marker)} }

type refusing struct {
	email.Mailer
	marker []byte
}

func (r refusing) Send(ctx context.Context, m *email.Message) error {
	raw, err := m.Bytes()
	if err != nil {
		return err
	}
	if bytes.Contains(raw, r.marker) {
		return &email.SendError{Code: "E_CONTENT_TOO_LARGE", Message: "refused on purpose"}
	}
	return r.Mailer.Send(ctx, email.Raw(m.From, m.To, raw))
}
