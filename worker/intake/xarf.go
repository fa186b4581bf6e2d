package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/worker/delivery"
	"abusedesk/worker/negotiate"
)

// The machine reporters' API: XARF v4 reports posted with a reporter's key
// (Authorization: Bearer adk_…), one at a time or in batches, each judged against XARF
// v4's master schema, filed under the category the inbound table names, mailed to the desk
// as the form's reports are; and the status and the listing of the key's reports. The
// human form's limits and its checks of where a browser posts from do not apply here: a
// key is rate-limited on its own (WithXARF), and a key opens nothing on the form's path.
// This file holds the routes, the key and the post; xarfreport.go makes a report of one
// XARF document; xarfstatus.go answers the status, the listing and the API's description.

// XARFValidator judges a XARF report, as it was sent (JSON), against XARF v4's master
// schema. In the Worker it is the authority module (package bindings), so judging can
// fail.
type XARFValidator interface {
	ValidateXARF(ctx context.Context, doc []byte) ([]api.XARFProblem, error)
}

// XARF is what the machine reporters' API needs: the judge of XARF v4, the inbound table
// that files each XARF type under a category (policy.XARF's Routes), and the limiter that
// counts each key's requests, by the key's id, in windows of Window.
type XARF struct {
	Validator XARFValidator
	Map       *policy.XARF
	Limit     RateLimiter
	Window    time.Duration
}

// WithXARF opens the machine reporters' API. Without it the API's paths do not exist.
func WithXARF(x XARF) Option {
	return func(h *Handler) {
		h.xarf, h.xarfMap = x.Validator, x.Map
		h.xarfLimit = limit{x.Limit, x.Window}
	}
}

// xarfReportRoute is the key of the route of one report's status, api.XARFReportPrefix and
// a reference.
const xarfReportRoute = api.XARFReportPrefix + "{reference}"

// xarfRoutes adds the API's paths to rs, when it is open.
func (h *Handler) xarfRoutes(rs map[string]route) {
	if h.xarf == nil {
		return
	}
	refuse := func(w http.ResponseWriter, r *http.Request) {
		h.failJSON(w, r, h.langs.Best(r), api.Outcomes.XARFMethodNotAllowed)
	}
	rs[api.XARFPath] = route{
		methods: map[string]http.HandlerFunc{http.MethodPost: h.reporter(h.xarfPost), http.MethodGet: h.reporter(h.xarfList)},
		allow:   "GET, HEAD, POST",
		refuse:  refuse,
	}
	rs[xarfReportRoute] = route{
		methods: map[string]http.HandlerFunc{http.MethodGet: h.reporter(h.xarfStatus)},
		allow:   "GET, HEAD",
		refuse:  refuse,
	}
	rs[api.OpenAPIPath] = route{
		methods: map[string]http.HandlerFunc{http.MethodGet: h.openAPI},
		allow:   "GET, HEAD",
		refuse:  refuse,
	}
}

// xarfRouteOf finds the route of one report's status for a path under
// api.XARFReportPrefix: whatever follows it is the reference asked about, a slash in it
// too, so that a path of any shape is answered as an unknown reference is.
func (h *Handler) xarfRouteOf(path string) (route, bool) {
	rest, ok := strings.CutPrefix(path, api.XARFReportPrefix)
	if !ok || rest == "" {
		return route{}, false
	}
	rt, ok := h.paths[xarfReportRoute]
	return rt, ok
}

// reporterFunc is a handler of the API given the key's record.
type reporterFunc func(w http.ResponseWriter, r *http.Request, key delivery.Reporter)

// reporter lets through to next a request that carries a reporter's key, once the key's
// rate allows it. A missing, unknown or revoked key gets one answer, which says no more;
// a limiter that fails lets the request through, logged, as the form's does.
func (h *Handler) reporter(next reporterFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := h.langs.Best(r)
		key, err := h.delivery.Reporter(r.Context(), bearerOf(r))
		switch {
		case errors.Is(err, delivery.ErrNoReporter):
			// The key is never logged: an operator's log must not become a key's copy.
			h.log.Info("machine reporter's key refused", "path", r.URL.Path)
			w.Header().Set("WWW-Authenticate", `Bearer realm="abusedesk"`)
			h.failJSON(w, r, lang, api.Outcomes.XARFUnauthorized)
			return
		case err != nil:
			h.serverErrorJSON(w, r, lang, "reading a reporter's key", api.Outcomes.XARFUnavailable, err)
			return
		}
		if l := h.xarfLimit; l.limiter != nil {
			ok, err := l.limiter.Allow(r.Context(), "reporter/"+key.ID)
			switch {
			case err != nil:
				h.log.Error("rate limiter failed; the request is let through", "path", r.URL.Path, "err", err)
			case !ok:
				h.log.Info("machine reporter rate limited", "key", key.ID)
				w.Header().Set("Retry-After", strconv.Itoa(int((l.window+time.Second-1)/time.Second)))
				h.failJSON(w, r, lang, api.Outcomes.XARFRateLimited)
				return
			}
		}
		next(w, r, key)
	}
}

// bearerOf is the credential of the request's Authorization header when its scheme is
// Bearer (in any case, as RFC 9110 has schemes), else "": a key sent bare, or under another
// scheme, is no key.
func bearerOf(r *http.Request) string {
	scheme, cred, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(cred)
}

// serverErrorJSON logs a failure on our side and answers it as JSON.
func (h *Handler) serverErrorJSON(w http.ResponseWriter, r *http.Request, lang, doing string, o api.Outcome, err error) {
	h.log.Error(doing, "status", o.Status, "err", err)
	h.failJSON(w, r, lang, o)
}

// xarfPost takes one XARF report (a JSON object) or a batch of them (an array): a
// report's answer is its own outcome, a batch's one result an item, in order, each the
// answer its item alone would have had. A client token names a report once for its key:
// a report's client_token member, else the Idempotency-Key header, which in a batch names
// each item by its place.
func (h *Handler) xarfPost(w http.ResponseWriter, r *http.Request, key delivery.Reporter) {
	lang := h.langs.Best(r)
	if negotiate.BodyType(r) != negotiate.JSON {
		h.failJSON(w, r, lang, api.Outcomes.XARFMediaType)
		return
	}
	body, o := readXARFBody(w, r)
	if o != nil {
		h.log.Info("XARF post not read", "status", o.Status, "key", key.ID)
		h.xarfFail(w, lang, *o)
		return
	}
	header := strings.TrimSpace(r.Header.Get(api.IdempotencyHeader))
	if r.Header.Get(api.IdempotencyHeader) != "" && !validToken(header) {
		h.failJSON(w, r, lang, api.Outcomes.XARFBadToken)
		return
	}
	if body[0] == '{' {
		res := h.xarfItem(r.Context(), lang, key, body, header)
		if res.accepted != nil {
			writeJSON(w, api.Outcomes.XARFAccepted, *res.accepted)
			return
		}
		h.xarfRefused(w, res)
		return
	}
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		h.xarfFail(w, lang, api.Outcomes.XARFUnreadable)
		return
	}
	if len(items) == 0 || len(items) > api.MaxXARFBatch {
		writeJSON(w, api.Outcomes.XARFBatchSize, api.Error{Error: api.Outcomes.XARFBatchSize.Code,
			Message: h.words.Text(lang, api.Outcomes.XARFBatchSize.Key, "max", strconv.Itoa(api.MaxXARFBatch))})
		return
	}
	results := make([]api.XARFResult, len(items))
	for i, item := range items {
		token := ""
		if header != "" {
			token = header + "/" + strconv.Itoa(i)
		}
		res := h.xarfItem(r.Context(), lang, key, bytes.TrimSpace(item), token)
		if a := res.accepted; a != nil {
			results[i] = api.XARFResult{Status: api.Outcomes.XARFAccepted.Status, Reference: a.Reference, Received: a.Received,
				Category: a.Category, StatusPath: a.StatusPath, DroppedEvidence: a.DroppedEvidence}
			continue
		}
		results[i] = api.XARFResult{Status: res.o.Status, Error: res.o.Code, Message: res.message, Problems: res.problems}
	}
	writeJSON(w, api.Outcomes.XARFBatch, api.XARFBatch{Results: results})
}

// readXARFBody reads a post of at most api.MaxXARFBody bytes of UTF-8 that holds one JSON
// object or array, and returns it, trimmed; or the outcome that refuses it.
func readXARFBody(w http.ResponseWriter, r *http.Request) ([]byte, *api.Outcome) {
	tooLarge, unreadable := api.Outcomes.XARFTooLarge, api.Outcomes.XARFUnreadable
	if rerr := limitBody(w, r, api.MaxXARFBody); rerr != nil {
		return nil, &tooLarge
	}
	body, err := io.ReadAll(r.Body)
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &big):
		return nil, &tooLarge
	case err != nil:
		return nil, &unreadable
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' && body[0] != '[' || !utf8.Valid(body) || !json.Valid(body) || repeatsAName(body) {
		return nil, &unreadable
	}
	return body, nil
}

// repeatsAName says whether an object anywhere in the JSON document names a member twice.
// Such a document is not I-JSON (RFC 7493), and parsers differ on which value counts: the
// schema's judge and this Worker read the last, a desk's tool might read the first, so a
// report could be judged as one thing and read as another.
func repeatsAName(doc []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(doc))
	// One set of names an open object, nil for an open array.
	var open []map[string]bool
	expectName := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return false // the end (the document is valid JSON: json.Valid said so)
		}
		switch tok {
		case json.Delim('{'):
			open = append(open, map[string]bool{})
			expectName = true
			continue
		case json.Delim('['):
			open = append(open, nil)
		case json.Delim('}'), json.Delim(']'):
			open = open[:len(open)-1]
		default:
			if name, ok := tok.(string); ok && expectName {
				names := open[len(open)-1]
				if names[name] {
					return true
				}
				names[name] = true
				expectName = false
				continue
			}
		}
		// After a value, an object's next token is a name.
		expectName = len(open) > 0 && open[len(open)-1] != nil
	}
}

// xarfFail answers o, one of the failures of a post that has no problems to list, in lang;
// XARFTooLarge names the cap.
func (h *Handler) xarfFail(w http.ResponseWriter, lang string, o api.Outcome) {
	writeJSON(w, o, api.Error{Error: o.Code, Message: h.words.Text(lang, o.Key, "max", strconv.Itoa(api.MaxXARFBody>>20))})
}

// xarfRefused answers a report refused: its problems where it has some, else its words.
func (h *Handler) xarfRefused(w http.ResponseWriter, res xarfResult) {
	if len(res.problems) > 0 {
		writeJSON(w, res.o, api.XARFInvalid{Error: res.o.Code, Message: res.message, Problems: res.problems})
		return
	}
	writeJSON(w, res.o, api.Error{Error: res.o.Code, Message: res.message})
}

// validToken says whether a client token is one a client makes: 1 to 128 characters of
// printable ASCII. Any other is refused, never cut: two tokens cut alike would be one.
func validToken(t string) bool {
	return t != "" && len(t) <= maxIdempotencyKey && strings.IndexFunc(t, func(c rune) bool { return c <= ' ' || c > '~' }) < 0
}

// LocalXARF adapts a judge of XARF that runs in this program, such as an
// *authority.XARFValidator, to an XARFValidator.
func LocalXARF(judge interface {
	Validate(doc any) []api.XARFProblem
}) XARFValidator {
	return localXARF{judge}
}

type localXARF struct {
	judge interface {
		Validate(doc any) []api.XARFProblem
	}
}

func (l localXARF) ValidateXARF(_ context.Context, doc []byte) ([]api.XARFProblem, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return l.judge.Validate(v), nil
}
