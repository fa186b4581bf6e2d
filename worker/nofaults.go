//go:build js && wasm && !faults

package main

import (
	"log/slog"

	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/intake"
)

// injectedFaults are none: the Worker that is deployed, served by make dev and run by
// most tests reads no test-only variable and links no fault injection (faults.go, with
// the build tag faults, is the other build).
func injectedFaults(*slog.Logger) (injector, error) { return noFaults{}, nil }

// noFaults changes nothing.
type noFaults struct{}

func (noFaults) Mailbox(m email.Mailer) email.Mailer { return m }
func (noFaults) Delivery() []delivery.Option         { return nil }
func (noFaults) Intake() []intake.Option             { return nil }
func (noFaults) SiteverifyURL(url string) string     { return url }
