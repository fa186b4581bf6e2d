//go:build js && wasm

// Command worker is the Cloudflare Worker: it wires package intake to the Workers runtime
// (the send_email, rate-limiting, assets, R2 and Queue bindings, the Worker's variables)
// and serves it: requests, the delivery queues' batches and the scheduled sweep.
// Everything it does is in intake; build it with GOOS=js GOARCH=wasm (the Makefile's
// worker target) and run it through entry.mjs, which wrangler.jsonc names as the Worker's
// main module and which keeps one Go instance for all fetch events (package runtime).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	workersenv "github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/cron"
	"github.com/syumai/workers/cloudflare/queues"

	"abusedesk/content"
	"abusedesk/schemas"
	"abusedesk/worker/cloudflare"
	"abusedesk/worker/intake"
	"abusedesk/worker/runtime"
)

// The bindings in wrangler.jsonc: the abuse and editors' mailboxes, the rate limiters and
// the generated site.
const (
	mailboxBinding     = "MAILBOX"
	editorsBinding     = "EDITORS"
	reportLimitBinding = "REPORT_LIMIT"
	typoLimitBinding   = "TYPO_LIMIT"
	assetsBinding      = "ASSETS"
	reportsBinding     = "REPORTS"
	deliveriesBinding  = "DELIVERIES"
	// deadLetterQueue is the delivery queue's dead_letter_queue in wrangler.jsonc; the
	// Worker consumes both queues and tells them apart by name.
	deadLetterQueue = "abusedesk-dead-letters"
)

// rateWindow is the period of both rate limiters in wrangler.jsonc: a client refused is
// told to wait that long.
const rateWindow = time.Minute

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	// The Worker's variables can be read only while the runtime serves a request, so the
	// handler is built on the first one.
	handler := sync.OnceValues(func() (*intake.Handler, error) { return newHandler(log) })
	// Queue batches and the cron sweep arrive through syumai/workers' per-event glue; they
	// are registered before runtime.Serve, which marks the module ready.
	// The consumer never fails a batch: intake acknowledges or retries each message, and
	// a failed batch would make the queue send the good ones again.
	queues.ConsumeNonBlock(func(batch *queues.MessageBatch) error {
		h, err := handler()
		if err != nil {
			log.Error("the Worker cannot start; the batch is retried", "err", err)
			batch.RetryAll()
			return nil
		}
		if batch.Queue == deadLetterQueue {
			h.ConsumeDead(context.Background(), cloudflare.Messages(batch))
		} else {
			h.Consume(context.Background(), cloudflare.Messages(batch))
		}
		return nil
	})
	// An error from a scheduled task kills the Go runtime (syumai/workers panics), so
	// the sweep only logs its failures.
	cron.ScheduleTaskNonBlock(func(ctx context.Context) error {
		h, err := handler()
		if err != nil {
			log.Error("the Worker cannot start; no sweep", "err", err)
			return nil
		}
		h.Sweep(ctx)
		return nil
	})
	runtime.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, err := handler()
		if err != nil {
			log.Error("the Worker cannot start", "err", err)
			http.Error(w, "The service is not configured correctly.", http.StatusInternalServerError)
			return
		}
		h.ServeHTTP(w, r)
	}), log)
}

// newHandler loads the rules and the schemas built into the program (the rules' time zone
// comes with them: workerd has no zone database), and connects the handler to the
// bindings and the addresses in the Worker's variables.
func newHandler(log *slog.Logger) (*intake.Handler, error) {
	c, err := content.Load(content.FS())
	if err != nil {
		return nil, err
	}
	rules := c.Rules
	validator, err := schemas.NewValidator()
	if err != nil {
		return nil, err
	}
	typos, err := schemas.NewTypoValidator()
	if err != nil {
		return nil, err
	}
	var mailbox intake.Mailer = cloudflare.NewMailbox(mailboxBinding)
	// Test-only: the fault-injection test sets it; no deployed configuration does.
	if v := workersenv.Getenv("MAILBOX_FAILURE_RATE"); v != "" {
		rate, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("MAILBOX_FAILURE_RATE: %w", err)
		}
		log.Warn("the mailbox fails on purpose", "rate", rate)
		mailbox = intake.FlakyMailer(mailbox, rate)
	}
	opts := []intake.Option{
		intake.WithDelivery(cloudflare.NewBucket(reportsBinding), cloudflare.NewQueue(deliveriesBinding)),
		intake.WithAdminToken(workersenv.Getenv("ADMIN_TOKEN")),
	}
	if secret := workersenv.Getenv("TURNSTILE_SECRET"); secret != "" {
		opts = append(opts, intake.WithTurnstile(cloudflare.NewTurnstile(secret)))
	}
	if v := workersenv.Getenv("SWEEP_AFTER"); v != "" {
		age, err := time.ParseDuration(v)
		if err != nil {
			return nil, fmt.Errorf("SWEEP_AFTER: %w", err)
		}
		opts = append(opts, intake.WithSweepAge(age))
	}
	return intake.New(rules, validator, cloudflare.NewAssets(assetsBinding), mailbox, append(opts,
		intake.WithAddresses(workersenv.Getenv("MAIL_FROM"), workersenv.Getenv("MAIL_TO")),
		intake.WithXARF(c.XARF),
		intake.WithTypos(typos, cloudflare.NewMailbox(editorsBinding), workersenv.Getenv("EDITORS_TO")),
		intake.WithReportLimit(cloudflare.NewRateLimiter(reportLimitBinding), rateWindow),
		intake.WithTypoLimit(cloudflare.NewRateLimiter(typoLimitBinding), rateWindow),
		intake.WithLogger(log),
	)...)
}
