//go:build js && wasm

// Command worker is the Cloudflare Worker: it wires package intake to the Workers runtime
// (the send_email, rate-limiting and assets bindings, the Worker's variables) and serves
// it. Everything it does is in intake; build it with GOOS=js GOARCH=wasm (the Makefile's
// worker target) and run it through entry.mjs, which wrangler.jsonc names as the Worker's
// main module and which keeps one Go instance for all fetch events (package runtime).
package main

import (
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	workersenv "github.com/syumai/workers/cloudflare"

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
)

// rateWindow is the period of both rate limiters in wrangler.jsonc: a client refused is
// told to wait that long.
const rateWindow = time.Minute

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	// The Worker's variables can be read only while the runtime serves a request, so the
	// handler is built on the first one.
	handler := sync.OnceValues(func() (http.Handler, error) { return newHandler(log) })
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
func newHandler(log *slog.Logger) (http.Handler, error) {
	rules, err := content.LoadRules(content.FS())
	if err != nil {
		return nil, err
	}
	xarf, err := content.LoadXARF(content.FS(), rules)
	if err != nil {
		return nil, err
	}
	validator, err := schemas.NewValidator()
	if err != nil {
		return nil, err
	}
	typos, err := schemas.NewTypoValidator()
	if err != nil {
		return nil, err
	}
	return intake.New(rules, validator, cloudflare.NewAssets(assetsBinding), cloudflare.NewMailbox(mailboxBinding),
		intake.WithAddresses(workersenv.Getenv("MAIL_FROM"), workersenv.Getenv("MAIL_TO")),
		intake.WithXARF(xarf),
		intake.WithTypos(typos, cloudflare.NewMailbox(editorsBinding), workersenv.Getenv("EDITORS_TO")),
		intake.WithReportLimit(cloudflare.NewRateLimiter(reportLimitBinding), rateWindow),
		intake.WithTypoLimit(cloudflare.NewRateLimiter(typoLimitBinding), rateWindow),
		intake.WithLogger(log),
	)
}
