// Package intake is the Worker's HTTP front. It routes each request (routes.go) and reads
// a report sent by the form's script (JSON) or by the form itself without JavaScript
// (form-encoded, or multipart with files: read.go); it judges the report with the
// schema's authority and the rules' limits on files, hands an accepted one to package
// delivery, which keeps it before the answer and mails it after, and answers in the
// reporter's language: the receipt, the form again with its problems, or a failure
// (answer.go). It also answers a report's deadlines, takes readers' typo notes for the
// editors, lists undelivered reports for an operator, limits how often one address may
// post, and answers the site's root with the page that leads each visitor to their
// language.
//
// Every answer is one of api.Outcomes, the one table of the Worker's outcomes in package
// schemas/api: its status, its code and the key of its words are the table's, and the
// writers of answer.go take an outcome, never a status (a test holds the Worker's code to
// that). Which outcome answers what is decided here, where the request is handled.
//
// It is a plain http.Handler in pure Go: the runtime's bindings come in as small
// interfaces, so every path is tested natively with httptest.
package intake

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
	"abusedesk/worker/links"
	"abusedesk/worker/negotiate"
)

// Validator judges a document as schemas.Normalize or encoding/json makes it, and returns
// its problems in the form's order. The judge is package validate's; in the Worker it runs
// in a WebAssembly module of its own (package bindings), so judging can fail.
type Validator interface {
	Validate(ctx context.Context, doc any) ([]report.Problem, error)
}

// Local adapts a judge that runs in this program, such as a *validate.Validator, to a
// Validator.
func Local(judge interface {
	Validate(doc any) []report.Problem
}) Validator {
	return local{judge}
}

type local struct {
	judge interface {
		Validate(doc any) []report.Problem
	}
}

func (l local) Validate(_ context.Context, doc any) ([]report.Problem, error) {
	return l.judge.Validate(doc), nil
}

// Assets are the pages the site generator wrote, as the Worker's static assets serve them.
// A form sent without JavaScript is answered with its own page, refilled, and the site's
// root with the root page, its visitor's language first.
type Assets interface {
	Read(ctx context.Context, path string) ([]byte, error)
}

// Config is what a Handler cannot work without.
type Config struct {
	// Rules give the categories, the deadlines, the languages and the limits on files;
	// Words are the catalog every answer is worded from.
	Rules *policy.Rules
	Words *i18n.Catalog
	// Provider gives the hotlines the form lists beside an urgent category's warning.
	Provider *policy.Provider
	// Spec is the form's view of the report schema, from which the form is written.
	Spec *browsercheck.Spec
	// Reports is the authority on what a valid report is.
	Reports Validator
	Assets  Assets
	// Delivery keeps each accepted report and mails it.
	Delivery *delivery.Service
}

// Handler is the Worker's HTTP interface. It is safe for concurrent use.
type Handler struct {
	rules *policy.Rules
	// deskLang is the language the desk reads its pages in (provider.yaml's desk_language).
	deskLang   string
	words      *i18n.Catalog
	validator  Validator
	assets     Assets
	forms      *formhtml.Renderer
	delivery   *delivery.Service
	langs      *negotiate.Languages
	now        func() time.Time
	references delivery.ReferenceFunc
	log        *slog.Logger
	typos      *Typos
	// reportLimit and typoLimit throttle each client address; the zero limit lets all pass.
	reportLimit, typoLimit limit
	turnstile              *Turnstile
	// maxFields caps the fields of a report's post: the form's own, the extras (the
	// honeypot, the idempotency key, the Turnstile token) and spareFields.
	maxFields int
	// adminToken opens the operator's listing; empty, the listing does not exist.
	adminToken string
	// links signs and checks the reports' private links; nil, there are none.
	links *links.Signer
	// statements writes the statements of reasons the desk's page shows; nil, none.
	statements *email.Writer
	// policy holds the policy's sections a statement links to, read from the site the
	// first time one is written.
	policy struct {
		sync.Mutex
		read *formhtml.Policy
	}
	paths map[string]route
	// website is the provider's web address, on which the private links are.
	website string
	// provider is who answers the reports: the receipt of an urgent one names its hotlines.
	provider *policy.Provider
	// statusLimit throttles look-ups of a report's status by client address.
	statusLimit limit
	// xarf judges machine reporters' XARF reports, xarfMap files them under a category,
	// xarfLimit counts each key's requests; without xarf the API does not exist.
	xarf      XARFValidator
	xarfMap   *policy.XARF
	xarfLimit limit
}

// Option configures what a Handler can do without.
type Option func(*Handler)

// WithClock replaces the time of receipt, time.Now by default.
func WithClock(now func() time.Time) Option {
	return func(h *Handler) { h.now = now }
}

// WithReferences replaces how reports are numbered; by default delivery.NewReferences
// with the rules' zone and crypto/rand.
func WithReferences(f delivery.ReferenceFunc) Option {
	return func(h *Handler) { h.references = f }
}

// WithLogger sets where failures the reporter cannot fix are logged; by default they are
// discarded.
func WithLogger(l *slog.Logger) Option {
	return func(h *Handler) { h.log = l }
}

// WithLinks hands out and opens the private links of reports: the reporter's status link
// and the desk's link to a report's page. Without it (no LINK_SECRET configured) the
// receipt carries no status link and the pages they open do not exist.
func WithLinks(s *links.Signer) Option {
	return func(h *Handler) { h.links = s }
}

// WithStatements writes, with w, the statement of reasons the desk's page shows once a
// decision restricted a customer's service (and the operator's API answers with). Without
// it the page shows none.
func WithStatements(w *email.Writer) Option {
	return func(h *Handler) { h.statements = w }
}

// WithAdminToken opens the operator's paths (api.PendingPath, api.ReportPath and
// api.DecisionPath) to requests that carry token as a bearer token. Without a token the
// paths do not exist.
func WithAdminToken(token string) Option {
	return func(h *Handler) { h.adminToken = token }
}

// New checks c once and makes the handler.
func New(c Config, opts ...Option) (*Handler, error) {
	if c.Rules == nil || c.Words == nil || c.Provider == nil || c.Spec == nil || c.Reports == nil || c.Assets == nil || c.Delivery == nil {
		return nil, errors.New("intake: New needs the rules, the catalog, the provider, the form's spec, a validator, the site's assets and a delivery")
	}
	langs, err := negotiate.NewLanguages(c.Rules.Languages)
	if err != nil {
		return nil, fmt.Errorf("intake: %w", err)
	}
	h := &Handler{
		rules: c.Rules, words: c.Words, validator: c.Reports, assets: c.Assets,
		delivery: c.Delivery, langs: langs, website: c.Provider.Website, provider: c.Provider, deskLang: c.Provider.DeskLanguage,
		now:        time.Now,
		references: delivery.NewReferences(c.Rules.Location, rand.Reader),
		log:        slog.New(slog.DiscardHandler),
		maxFields:  len(c.Spec.Fields) + len(api.ExtraFields) + spareFields,
	}
	for _, o := range opts {
		o(h)
	}
	var form formhtml.Options
	if h.turnstile != nil {
		if h.turnstile.SiteKey == "" || h.turnstile.Verifier == nil {
			return nil, errors.New("intake: WithTurnstile needs the site key and a verifier")
		}
		form.TurnstileSiteKey = h.turnstile.SiteKey
	}
	if h.deskLang == "" {
		h.deskLang = c.Rules.Languages[0]
	}
	h.forms = formhtml.New(c.Rules, c.Provider, c.Spec, c.Words, form)
	if h.typos != nil {
		if err := h.typos.check(); err != nil {
			return nil, err
		}
	}
	if h.xarf != nil && h.xarfMap == nil {
		return nil, errors.New("intake: WithXARF needs the XARF mapping's inbound table")
	}
	h.paths = h.routes()
	return h, nil
}
