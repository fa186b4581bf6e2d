//go:build js && wasm

// Command worker is the Cloudflare Worker. It only wires: the content and the schemas
// built into the program, Cloudflare's bindings (package bindings) and the Worker's
// variables, to package intake (the HTTP front), package delivery (the delivery promise)
// and package email (the messages); then it serves requests, the delivery queues' batches
// and the scheduled sweep. Build it with GOOS=js GOARCH=wasm (the Makefile's worker
// target) and run it through entry.mjs, which wrangler.jsonc names as the Worker's main
// module and which keeps one Go instance for all fetch events (package entry). Built with
// the tag faults (the Makefile's worker-faults target, for the tests only), it also wires
// package faults, the failures and test-only knobs those tests switch on (faults.go).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/cron"
	"github.com/syumai/workers/cloudflare/queues"

	"abusedesk/content/bundle"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/site/formhtml"
	"abusedesk/site/headers"
	"abusedesk/worker/bindings"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/entry"
	"abusedesk/worker/intake"
	"abusedesk/worker/links"
)

// The bindings in wrangler.jsonc: the abuse and editors' mailboxes, the rate limiters,
// the generated site, the reports' bucket and the delivery queue.
const (
	mailboxBinding     = "MAILBOX"
	editorsBinding     = "EDITORS"
	reportLimitBinding = "REPORT_LIMIT"
	typoLimitBinding   = "TYPO_LIMIT"
	// statusLimitBinding throttles look-ups of a report's status, by its private link or
	// the status API.
	statusLimitBinding = "STATUS_LIMIT"
	// xarfLimitBinding counts each machine reporter key's requests to the XARF API, by
	// the key's id (README: Machine reporters).
	xarfLimitBinding  = "XARF_LIMIT"
	assetsBinding     = "ASSETS"
	reportsBinding    = "REPORTS"
	deliveriesBinding = "DELIVERIES"
	// confirmationsBinding sends each reporter the confirmation of their report: a
	// send_email binding able to write to any address (Cloudflare Email Sending). Without
	// it in wrangler.jsonc, none is sent or promised.
	confirmationsBinding = "CONFIRMATIONS"
	// deadLetterQueue is the delivery queue's dead_letter_queue in wrangler.jsonc; the
	// Worker consumes both queues and tells them apart by name.
	deadLetterQueue = "abusedesk-dead-letters"
)

// rateWindow is the period of the rate limiters in wrangler.jsonc: a client refused is
// told to wait that long.
const rateWindow = time.Minute

// injector is what the build the fault-injection tests run (faults.go, build tag faults:
// package faults) changes in the Worker, from variables those tests set: the abuse
// mailbox, the delivery's clock and sweep, the HTTP front's clock, where Turnstile's
// tokens are checked. The production build's (nofaults.go) changes nothing and reads no
// variable, so no setting of a deployed Worker can switch a fault on.
type injector interface {
	Mailbox(email.Mailer) email.Mailer
	Delivery() []delivery.Option
	Intake() []intake.Option
	SiteverifyURL(url string) string
}

// worker is what the Worker serves with: the HTTP front and the delivery behind it.
type worker struct {
	http     *intake.Handler
	delivery *delivery.Service
}

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	// The Worker's variables can be read only while the runtime serves an event, so the
	// worker is built on the first one.
	build := sync.OnceValues(func() (*worker, error) { return newWorker(log) })
	// Queue batches and the cron sweep arrive through syumai/workers' per-event glue; they
	// are registered before entry.Serve, which marks the module ready.
	// The consumer never fails a batch: delivery acknowledges or retries each message, and
	// a failed batch would make the queue send the good ones again.
	queues.ConsumeNonBlock(func(batch *queues.MessageBatch) error {
		w, err := build()
		if err != nil {
			log.Error("the Worker cannot start; the batch is retried", "err", err)
			batch.RetryAll()
			return nil
		}
		if batch.Queue == deadLetterQueue {
			w.delivery.ConsumeDead(context.Background(), bindings.Messages(batch))
		} else {
			w.delivery.Consume(context.Background(), bindings.Messages(batch))
		}
		return nil
	})
	// An error from a scheduled task kills the Go runtime (syumai/workers panics), so
	// the sweep only logs its failures.
	cron.ScheduleTaskNonBlock(func(ctx context.Context) error {
		w, err := build()
		if err != nil {
			log.Error("the Worker cannot start; no sweep", "err", err)
			return nil
		}
		w.delivery.Sweep(ctx)
		return nil
	})
	entry.Serve(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w, err := build()
		if err != nil {
			log.Error("the Worker cannot start", "err", err)
			// No configuration, so no language or catalog: a bare answer, as safe as any.
			for _, h := range headers.Security(false) {
				rw.Header().Set(h.Name, h.Value)
			}
			http.Error(rw, "The service is not configured correctly.", api.Outcomes.PlainServerError.Status)
			return
		}
		w.http.ServeHTTP(rw, r)
	}), log)
}

// newWorker opens the content `make worker` prepared, which the entry module imported (the
// rules' time zone comes with it: workerd has no zone database), and connects it and the
// schemas built into the program to the bindings and the addresses in the Worker's
// variables.
func newWorker(log *slog.Logger) (*worker, error) {
	assets := bindings.NewAssets(assetsBinding)
	prepared, err := entry.PreparedContent()
	if err != nil {
		return nil, err
	}
	c, err := bundle.Open(prepared)
	if err != nil {
		return nil, err
	}
	spec := schemas.FormSpec()
	// The reports' private links (the reporter's status link, the desk's link) need the
	// secret LINK_SECRET; without it there are none, loudly.
	var signer *links.Signer
	if secret := cloudflare.Getenv("LINK_SECRET"); secret != "" {
		if signer, err = links.New(secret); err != nil {
			return nil, fmt.Errorf("LINK_SECRET: %w", err)
		}
	} else {
		log.Error("LINK_SECRET is not set: receipts carry no status link and the desk's mail no link to its page (README: Deploying)")
	}
	mail, err := email.New(email.Config{Rules: c.Rules, Words: c.Messages, XARF: c.XARF, Fields: spec.Fields,
		From: cloudflare.Getenv("MAIL_FROM"), Desk: cloudflare.Getenv("MAIL_TO"), Urgent: c.Provider.UrgentMailbox, Provider: c.Provider,
		Links: signer})
	if err != nil {
		return nil, err
	}
	// None but in the build the fault-injection tests run (injector).
	injected, err := injectedFaults(log)
	if err != nil {
		return nil, err
	}
	var confirmations email.Mailer
	if bindings.Has(confirmationsBinding) {
		// The reporters' mailbox fails as the desk's does in the tests' build: their
		// confirmations and decision notices keep the same promise of once.
		confirmations = injected.Mailbox(bindings.NewMailbox(confirmationsBinding))
	}
	deliveryOpts := append([]delivery.Option{delivery.WithLogger(log)}, injected.Delivery()...)
	d, err := delivery.New(delivery.Config{
		Store: bindings.NewBucket(reportsBinding), Queue: bindings.NewQueue(deliveriesBinding),
		Mailer: injected.Mailbox(bindings.NewMailbox(mailboxBinding)), Mail: mail, Retention: c.Rules.Retention, Confirmations: confirmations,
	}, deliveryOpts...)
	if err != nil {
		return nil, err
	}
	opts := []intake.Option{
		intake.WithTypos(intake.Typos{Validator: bindings.NewAuthority("typo"), Mailbox: bindings.NewMailbox(editorsBinding), Mail: mail, To: cloudflare.Getenv("EDITORS_TO")}),
		intake.WithReportLimit(bindings.NewRateLimiter(reportLimitBinding), rateWindow),
		intake.WithTypoLimit(bindings.NewRateLimiter(typoLimitBinding), rateWindow),
		intake.WithStatusLimit(bindings.NewRateLimiter(statusLimitBinding), rateWindow),
		intake.WithXARF(intake.XARF{Validator: bindings.XARFAuthority{}, Map: c.XARF, Limit: bindings.NewRateLimiter(xarfLimitBinding), Window: rateWindow}),
		intake.WithAdminToken(cloudflare.Getenv("ADMIN_TOKEN")),
		intake.WithLinks(signer),
		intake.WithStatements(mail),
		intake.WithLogger(log),
	}
	opts = append(opts, injected.Intake()...)
	// Turnstile is on with both halves: the site key the generator built the form with,
	// and the secret. One without the other is a mistake make check and make deploy
	// refuse; here a secret without a key leaves Turnstile off, loudly, since no form could
	// pass it. Only a Worker with the secret reads the form's options the generator wrote
	// (formhtml.OptionsFile): the others' forms show no widget, and a fresh isolate need not
	// wait for the assets.
	secret := cloudflare.Getenv("TURNSTILE_SECRET")
	var form formhtml.Options
	if secret != "" {
		data, err := assets.Read(context.Background(), "/"+formhtml.OptionsFile)
		if err == nil {
			err = json.Unmarshal(data, &form)
		}
		if err != nil {
			return nil, fmt.Errorf("reading the form's options the site generator wrote: %w", err)
		}
	}
	switch {
	case secret != "" && form.TurnstileSiteKey != "":
		verifier := bindings.NewTurnstile(secret, injected.SiteverifyURL(bindings.Siteverify))
		opts = append(opts, intake.WithTurnstile(intake.Turnstile{SiteKey: form.TurnstileSiteKey, Verifier: verifier}))
	case secret != "":
		log.Error("TURNSTILE_SECRET is set but the site was built without a Turnstile site key (make … TURNSTILE_SITE_KEY=…): Turnstile stays off")
	}
	h, err := intake.New(intake.Config{
		Rules: c.Rules, Words: c.Messages, Provider: c.Provider, Spec: spec, Reports: bindings.NewAuthority("report"),
		Assets: assets, Delivery: d,
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &worker{http: h, delivery: d}, nil
}
