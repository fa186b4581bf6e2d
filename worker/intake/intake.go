// Package intake is what the Worker answers. It accepts abuse reports over HTTP: it reads
// a report sent by the form's script (JSON) or by the form itself without JavaScript
// (form-encoded or multipart, with files), validates it with the schema's authority and
// checks its files, numbers it, works out its deadlines, and forwards it to the abuse
// mailbox as a multipart/report: text, XARF v4 and the files. It answers what a report's
// deadlines would be at /api/deadlines. It forwards
// readers' typo notes to the editors' mailbox the same way, limits how often one address
// may post either, and answers the site's root with the page that leads each visitor to
// their language.
//
// It is the Worker's whole behaviour as a plain http.Handler in pure Go: the runtime's
// bindings (the mailboxes, the rate limiters, the site's assets) and the clock come in as
// small interfaces and options, so every path is tested natively with httptest. Package
// cloudflare adapts the runtime to these interfaces; the Worker's main only wires them
// together.
//
// Nothing the reporter was told was received is lost: a report is stored (R2 in the
// Worker) before the answer, then queued for the mailbox, retried until the mailbox takes
// it, and swept up on a schedule should the queue lose it (deliver.go, store.go).
package intake

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/formcheck"
	"abusedesk/schemas/report"
	"abusedesk/site/formhtml"
	"abusedesk/site/headers"
)

// MaxBody caps a request's body, or a multipart report's fields together. The longest
// valid report is under 100 KB of UTF-8 and under 300 KB however it is escaped (JSON \u
// escapes, a form's %XX); the cap leaves room for that and stops anyone making the Worker
// read megabytes. A multipart report may add its files: see MaxMultipartBody.
const MaxBody = 1 << 20

// ReportsPath is where reports are posted.
const ReportsPath = "/api/reports"

// Mailer delivers one raw RFC 5322 message from the envelope sender to the recipient.
type Mailer interface {
	Send(ctx context.Context, from, to string, raw []byte) error
}

// Validator judges a report document as schemas.Normalize or encoding/json makes it, and
// returns its problems in the form's order; *schemas.Validator is the one in use.
type Validator interface {
	Validate(doc any) []report.Problem
}

// Assets are the pages the site generator wrote, as the Worker's static assets serve them.
// A form sent without JavaScript is answered with its own page, refilled (package form),
// and the site's root with the root page, its visitor's language first.
type Assets interface {
	Page(ctx context.Context, path string) ([]byte, error)
}

// ReferenceFunc makes the reference number of a report received at the given time.
type ReferenceFunc func(received time.Time) (string, error)

// Handler is the Worker's HTTP interface. It is safe for concurrent use.
type Handler struct {
	rules     *policy.Rules
	validator Validator
	assets    Assets
	forms     *formhtml.Renderer
	mailer    Mailer
	fields    []formcheck.Field

	from, to *mail.Address
	// rawFrom and rawTo are the addresses as WithAddresses got them; New parses them, so
	// a bad configuration is an error there rather than at the first report.
	rawFrom, rawTo string
	now            func() time.Time
	references     ReferenceFunc
	log            *slog.Logger

	// xarfMap writes the categories in XARF (content/xarf.yaml).
	xarfMap *policy.XARF

	// matcher picks the visitor's language among the rules' languages, in their order.
	matcher language.Matcher
	typos   *typoDesk
	// reportLimit and typoLimit throttle each client address; the zero limit lets all pass.
	reportLimit, typoLimit limit

	// store keeps reports until the queue has delivered them; the sweep delivers what
	// the queue did not after sweepAge.
	store     Store
	queue     Queue
	sweepAge  time.Duration
	turnstile Verifier
	// adminToken opens the operator's listing; empty, the listing does not exist.
	adminToken string
}

// Option configures a Handler.
type Option func(*Handler)

// WithAddresses sets the mail's sender and the abuse mailbox, as RFC 5322 addresses
// ("abusedesk@example.com" or "Abuse desk <abusedesk@example.com>"). Both are required.
func WithAddresses(from, to string) Option {
	return func(h *Handler) { h.rawFrom, h.rawTo = from, to }
}

// WithXARF sets how categories are written in the XARF part of the mail (package
// content's LoadXARF); it is required.
func WithXARF(x *policy.XARF) Option {
	return func(h *Handler) { h.xarfMap = x }
}

// WithClock replaces the time of receipt, time.Now by default.
func WithClock(now func() time.Time) Option {
	return func(h *Handler) { h.now = now }
}

// WithReferences replaces how reports are numbered; by default NewReferences with the
// rules' zone and crypto/rand.
func WithReferences(f ReferenceFunc) Option {
	return func(h *Handler) { h.references = f }
}

// WithLogger sets where failures the reporter cannot fix (the mailbox refusing a message)
// are logged; by default they are discarded.
func WithLogger(l *slog.Logger) Option {
	return func(h *Handler) { h.log = l }
}

// WithTypos accepts readers' typo notes at TyposPath: v judges them (a
// schemas.NewTypoValidator), and they are mailed to the editors' mailbox, the address to,
// from the sender of WithAddresses. Without it, TyposPath is not found.
func WithTypos(v Validator, editors Mailer, to string) Option {
	return func(h *Handler) { h.typos = &typoDesk{validator: v, mailer: editors, rawTo: to} }
}

// New makes the handler. The rules give the categories, deadlines and languages; the
// validator is the authority on what a valid report is.
func New(rules *policy.Rules, v Validator, a Assets, m Mailer, opts ...Option) (*Handler, error) {
	if v == nil || a == nil || m == nil {
		return nil, errors.New("intake: New needs a validator, the site's assets and a mailer")
	}
	if len(rules.Languages) == 0 {
		return nil, errors.New("intake: the rules name no language")
	}
	spec, err := schemas.FormSpec()
	if err != nil {
		return nil, fmt.Errorf("intake: %w", err)
	}
	matcher, err := newMatcher(rules.Languages)
	if err != nil {
		return nil, err
	}
	h := &Handler{
		rules: rules, validator: v, assets: a, forms: formhtml.New(rules, spec), mailer: m, fields: spec.Fields,
		now:        time.Now,
		references: NewReferences(rules.Location, rand.Reader),
		log:        slog.New(slog.DiscardHandler),
		matcher:    matcher,
		sweepAge:   defaultSweepAge,
	}
	for _, o := range opts {
		o(h)
	}
	if h.xarfMap == nil {
		return nil, errors.New("intake: New needs the XARF mapping (WithXARF)")
	}
	for _, c := range rules.Categories {
		if _, ok := h.xarfMap.Categories[c.ID]; !ok {
			return nil, fmt.Errorf("intake: category %q has no XARF mapping", c.ID)
		}
	}
	if h.store == nil || h.queue == nil {
		return nil, errors.New("intake: New needs a store and a queue (WithDelivery)")
	}
	if h.from, err = parseAddress("sender", h.rawFrom); err != nil {
		return nil, err
	}
	if h.to, err = parseAddress("abuse mailbox", h.rawTo); err != nil {
		return nil, err
	}
	if h.typos != nil {
		if h.typos.validator == nil || h.typos.mailer == nil {
			return nil, errors.New("intake: WithTypos needs a validator and a mailer")
		}
		if h.typos.to, err = parseAddress("editors' mailbox", h.typos.rawTo); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func parseAddress(what, s string) (*mail.Address, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("intake: no %s address (set it with WithAddresses)", what)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("intake: %s address %q: %w", what, s, err)
	}
	return a, nil
}

// ServeHTTP answers GET / (the root page), POST /api/reports, POST /api/typos and, with a
// 404, every other path; the rest of the static site is served by the runtime before a
// request ever reaches the Worker.
//
// Every answer carries the site's security headers: the runtime adds them (from the
// _headers file) only to what it serves itself.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, sh := range headers.Security() {
		w.Header().Set(sh.Name, sh.Value)
	}
	switch {
	case r.URL.Path == "/":
		h.root(w, r)
	case r.URL.Path == ReportsPath:
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			h.fail(w, r, h.negotiate(r), http.StatusMethodNotAllowed, "method_not_allowed", "err.method")
			return
		}
		if h.throttled(w, r, h.reportLimit) {
			return
		}
		h.submit(w, r)
	case r.URL.Path == TyposPath && h.typos != nil:
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			h.failJSON(w, h.negotiate(r), http.StatusMethodNotAllowed, "method_not_allowed", "err.method")
			return
		}
		if h.throttled(w, r, h.typoLimit) {
			return
		}
		h.typo(w, r)
	case r.URL.Path == DeadlinesPath:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			h.failJSON(w, h.negotiate(r), http.StatusMethodNotAllowed, "method_not_allowed", "err.method")
			return
		}
		h.deadlines(w, r)
	case r.URL.Path == PendingPath:
		h.pending(w, r)
	case r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/"):
		h.fail(w, r, h.negotiate(r), http.StatusNotFound, "not_found", "err.not_found")
	default:
		http.NotFound(w, r)
	}
}

// submit takes one report from reading the body to the receipt. The report is stored
// before the reporter is told it was received; mailing it is the queue's job after that.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	sub, rerr := readReport(w, r, h.rules.Attachments)
	if rerr != nil {
		h.log.Info("unreadable report", "status", rerr.status, "err", rerr.err)
		// The body, which names a language, was not read: the visitor's is asked for.
		h.fail(w, r, h.negotiate(r), rerr.status, rerr.code, rerr.message("err.request", "err.too_large", "err.media_type"))
		return
	}
	extra := takeExtras(r, &sub)
	lang := h.language(r, sub.doc["lang"])
	if problems := h.validator.Validate(sub.doc); len(problems) > 0 || len(sub.fileProblems) > 0 {
		h.refused(w, r, sub, lang, problems)
		return
	}
	fields := make(map[string]string, len(sub.doc))
	for k, v := range sub.doc {
		// The schema admits only strings, so a valid document holds nothing else.
		fields[k], _ = v.(string)
	}
	cat, ok := h.rules.Category(fields["category"])
	if !ok {
		// The schema's categories are generated from the rules: they disagree only when
		// the schema is stale, which is our fault, not the reporter's.
		h.serverError(w, r, lang, http.StatusInternalServerError, fmt.Errorf("category %q is in the schema but not in the rules", fields["category"]))
		return
	}
	if !h.human(r, extra.turnstile) {
		h.log.Info("report refused: turnstile")
		h.fail(w, r, lang, http.StatusForbidden, "not_human", "err.not_human")
		return
	}
	received := h.now()
	ref, err := h.references(received)
	if err != nil {
		h.serverError(w, r, lang, http.StatusInternalServerError, err)
		return
	}
	d := h.rules.Deadlines(cat, received)
	if extra.honeypot != "" {
		// A script filled in the field people never see: it is answered as a person
		// would be, so it learns nothing, and nothing is kept or sent.
		h.log.Warn("honeypot filled; report dropped", "reference", ref)
		h.accepted(w, r, lang, ref, cat.ID, d)
		return
	}
	if extra.key != "" {
		prior, err := h.claimKey(r.Context(), extra.key, ref)
		if err != nil {
			h.serverError(w, r, lang, http.StatusServiceUnavailable, err)
			return
		}
		if prior != "" {
			if rep, _, _, err := h.load(r.Context(), prior); err == nil {
				// Sent again (a double click, a retry after a lost answer): the
				// first receipt again, and nothing more.
				h.log.Info("report resubmitted", "reference", prior)
				h.accepted(w, r, lang, prior, cat.ID, h.rules.Deadlines(cat, rep.Received.In(h.rules.Location)))
				return
			}
			// The key was claimed but the report was never stored: store it now,
			// under the reference the key was given.
			ref = prior
		}
	}
	rep := storedReport{Reference: ref, Received: received, Lang: lang, Fields: fields, Declared: h.rules.Declaration[lang]}
	if err := h.save(r.Context(), rep, sub.files); err != nil {
		h.serverError(w, r, lang, http.StatusServiceUnavailable, err)
		return
	}
	if err := h.queue.Send(r.Context(), ref); err != nil {
		// Stored, so not lost: the sweep mails it later.
		h.log.Error("queueing report; the sweep will deliver it", "reference", ref, "err", err)
	}
	h.log.Info("report accepted", "reference", ref, "category", cat.ID)
	h.accepted(w, r, lang, ref, cat.ID, d)
}

// language is the report's language when the rules speak it, else the one the visitor's
// Accept-Language asks for (negotiate).
func (h *Handler) language(r *http.Request, v any) string {
	if lang, ok := v.(string); ok && slices.Contains(h.rules.Languages, lang) {
		return lang
	}
	return h.negotiate(r)
}

func (h *Handler) defaultLang() string { return h.rules.Languages[0] }

// serverError answers a failure on our side; the reporter can only try again.
func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, lang string, status int, err error) {
	h.log.Error("report not accepted", "status", status, "err", err)
	code := "server_error"
	if status == http.StatusServiceUnavailable {
		code = "unavailable"
	}
	h.fail(w, r, lang, status, code, "err.server")
}
