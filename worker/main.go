//go:build js && wasm

// Command worker is the Cloudflare Worker: it wires package intake to the Workers runtime
// (the send_email binding, the Worker's variables) and serves it. Everything it does is in
// intake; build it with GOOS=js GOARCH=wasm (the Makefile's worker target) and run it
// through entry.mjs, which wrangler.jsonc names as the Worker's main module.
package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	// workerd has no zone database, and the deadlines are on Kyiv's clock.
	_ "time/tzdata"

	"github.com/syumai/workers"
	workersenv "github.com/syumai/workers/cloudflare"

	"abusedesk/content"
	"abusedesk/schemas"
	"abusedesk/site"
	"abusedesk/worker/cloudflare"
	"abusedesk/worker/intake"
)

// mailboxBinding is the send_email binding in wrangler.jsonc.
const mailboxBinding = "MAILBOX"

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	// The Worker's variables can be read only while the runtime serves a request, so the
	// handler is built on the first one.
	handler := sync.OnceValues(func() (http.Handler, error) { return newHandler(log) })
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, err := handler()
		if err != nil {
			log.Error("the Worker cannot start", "err", err)
			http.Error(w, "The service is not configured correctly.", http.StatusInternalServerError)
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// newHandler loads the rules, the schema and the pages built into the program, and
// connects the handler to the mailbox binding and the addresses in the Worker's variables.
func newHandler(log *slog.Logger) (http.Handler, error) {
	rules, err := content.LoadRules(content.FS())
	if err != nil {
		return nil, err
	}
	validator, err := schemas.NewValidator()
	if err != nil {
		return nil, err
	}
	spec, err := schemas.FormSpec()
	if err != nil {
		return nil, err
	}
	provider, err := content.LoadProvider(content.FS(), rules.Languages)
	if err != nil {
		return nil, err
	}
	// No site.WithZoneData: the runtime has no zone file to give, so a form page the Worker
	// renders again carries no deadline preview; it is the no-JavaScript path anyway.
	pages := lazyPages{load: sync.OnceValues(func() (*site.Site, error) {
		return site.New(content.FS(), rules, spec, site.WithProvider(provider))
	})}
	return intake.New(rules, validator, pages, cloudflare.NewMailbox(mailboxBinding),
		intake.WithAddresses(workersenv.Getenv("MAIL_FROM"), workersenv.Getenv("MAIL_TO")),
		intake.WithLogger(log),
	)
}

// lazyPages loads the site on first use. Only a form sent without JavaScript needs it, and
// rendering every Markdown page is the costliest part of starting, which the runtime does
// for each request.
type lazyPages struct {
	load func() (*site.Site, error)
}

func (p lazyPages) RenderForm(w io.Writer, f site.FormPage) error {
	s, err := p.load()
	if err != nil {
		return fmt.Errorf("loading pages: %w", err)
	}
	return s.RenderForm(w, f)
}

func (p lazyPages) RenderReceipt(w io.Writer, r site.Receipt) error {
	s, err := p.load()
	if err != nil {
		return fmt.Errorf("loading pages: %w", err)
	}
	return s.RenderReceipt(w, r)
}
