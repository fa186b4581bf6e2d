package api

import "abusedesk/content/i18n"

// Outcome is one way the Worker answers a request: the HTTP status, the code a program
// tells it by, and the catalog key of the words a person reads.
type Outcome struct {
	// Status is the answer's HTTP status. A code decides its status: two outcomes with one
	// code have one status.
	Status int
	// Code names the outcome to a program. The JSON answer of a failure carries it as
	// Error's "error", and so does that of a report or a note with problems (Problems); a
	// success carries none, its answer's own type says what it is (a Receipt has a
	// reference). A page or a bare answer carries none either.
	Code string
	// Key is the catalog key of the words a person reads, in their language: the message of
	// a JSON failure and of its page, the heading of a receipt or of a form sent back with
	// its problems. Empty when no one message says it: a listing, the deadlines, the root
	// page, a typo note's problems (each its own message), an answer in no language
	// (Plain…), or one that is not the Worker's.
	Key i18n.Key
}

// Outcomes are every way the Worker answers, the one table of them: the Worker chooses
// each answer's status from it (package worker/intake; nowhere else is a status written),
// the browser module tells the Worker's answers apart by their codes (wasm/formlogic), and
// the tests hold the answers to it. schemas/gen writes it as outcomes.json beside this
// file for the tests in Node, which cannot import Go.
//
// The statuses and codes are the Worker's public interface: clients tell its answers
// apart by them, so changing one is changing the API.
var Outcomes = struct {
	// A report accepted: the receipt, as JSON (Receipt) or the receipt page. The honeypot
	// is answered so too.
	Accepted Outcome
	// A typo note taken: Thanks.
	Thanks Outcome
	// The answer to DeadlinesPath: Deadlines.
	Deadlines Outcome
	// The site's root: the root page, its visitor's language first; and, when the page
	// cannot be read, a redirect to that language's home page.
	Root, RootRedirect Outcome
	// An operator's listing (Pending), look-up (Held) and erasure (Erased).
	Pending, Held, Erased Outcome
	// How a report stands, to the holder of its status token: the status page, or Status
	// as JSON. StatusForm is the status page's bare form, which the site serves as a
	// static page; the Worker answers it so only when the request reaches it anyway.
	Status, StatusForm Outcome

	// A report that cannot be taken as it is: Problems, or the form again with them.
	Invalid Outcome
	// The same of a typo note, always Problems.
	TypoInvalid Outcome
	// A report whose Turnstile check failed: an Error, or the form again, everything typed
	// kept, with a new widget.
	NotHuman Outcome

	// The rest are failures, answered with an Error or, to a browser posting the form, a
	// short page that leads back to it.
	NotFound         Outcome
	MethodNotAllowed Outcome
	Unauthorized     Outcome
	RateLimited      Outcome
	// A post a browser sent from another site's page: it could plant values in a
	// reporter's form, or send in their name.
	CrossSite Outcome
	// An idempotency key sent again with a different report, and one no client makes.
	KeyReused, BadKey Outcome
	// A report the Worker could not take because of a fault on its side: one it cannot
	// put right (ServerError), and one that is likely over in a moment (Unavailable), which
	// the browser module sends again.
	ServerError, Unavailable Outcome
	// The operator's listing, look-up or erasure, when the store fails.
	AdminUnavailable Outcome
	// An erasure of a report that is being mailed right now: asked again a minute later,
	// it is done.
	EraseBusy Outcome
	// A status asked for with a reference and a token that do not open one: an unknown
	// reference and a wrong token alike, so the answer tells which reports exist to no
	// one without their token. StatusUnavailable: the store failed. StatusMethodNotAllowed:
	// a method other than GET, on the page or the API.
	StatusNotFound, StatusUnavailable, StatusMethodNotAllowed Outcome
	// The body of a report that could not be read; more fields, or longer field names,
	// than any form sends, refused before any is judged.
	TooLarge, MediaType, Unreadable, TooManyFields Outcome
	// The same of a typo note, and a note the Worker could not take.
	TypoTooLarge, TypoMediaType, TypoUnreadable, TypoTooManyFields, TypoServerError, TypoUnavailable Outcome
	// The parameters of a question about deadlines.
	BadLang, BadCategory, BadAt, BadRequester Outcome

	// Bare answers, a line of plain text in English (the status's own words), where the
	// Worker has no language to answer in or nothing to answer with: a method the root does
	// not take; a path outside the API that reached the Worker; a page that could not be
	// rendered, a handler that panicked past its own recovery, a Worker that cannot start.
	PlainMethodNotAllowed, PlainNotFound, PlainServerError Outcome

	// The desk's page of a report (DeskPath), opened with its signed link: the page
	// (Desk); a step recorded, answered with a redirect to the page, which shows it
	// (DeskRecorded: Post/Redirect/Get); the statement of reasons as JSON (Statement), and
	// none for a case whose decision restricted nothing (NoStatement). A step recorded
	// through DecisionPath is answered with the case (CaseRecorded).
	Desk, DeskRecorded, Statement, NoStatement, CaseRecorded Outcome
	// A link that opens nothing: unknown reference, wrong or cut token, expired, or no
	// LINK_SECRET; answered alike, so a guess learns nothing.
	DeskNotFound Outcome
	// A step that does not fit the rules (an unknown outcome, a measure not the
	// category's…): the page again with its problems, or Problems.
	DeskInvalid Outcome
	// A step made for a case that has changed since (a form sent twice, a step another
	// recorded first): the page again as it now is, or the Case with this code. A step for
	// a report not yet forwarded to the desk.
	DeskChanged, DeskNotForwarded Outcome
	// A post to the desk's page from another site's page; a body too large, of another
	// type or unreadable; a method the page does not take; the store failing.
	DeskCrossSite, DeskTooLarge, DeskMediaType, DeskUnreadable, DeskMethodNotAllowed, DeskUnavailable Outcome

	// The machine reporters' API (XARFPath): one XARF report taken (XARFAccepted, 202, the
	// mail still to come), a batch's results (XARFBatch), a key's listing (XARFList), a
	// report's status (Status, as the reporter's status API answers it), and the API's
	// OpenAPI description (OpenAPI).
	XARFAccepted, XARFBatch, XARFList, OpenAPI Outcome
	// A missing, unknown or revoked reporter key, all alike; a key past its rate.
	XARFUnauthorized, XARFRateLimited Outcome
	// A body not JSON (XARFMediaType by its type, XARFUnreadable by its bytes), over
	// MaxXARFBody, or a batch of none or over MaxXARFBatch reports.
	XARFMediaType, XARFUnreadable, XARFTooLarge, XARFBatchSize Outcome
	// A report that is not valid XARF v4, or whose evidence or mail cannot be taken
	// (XARFInvalid, with each problem where it is); of a XARF type the inbound table files
	// under no category (XARFTypeNotTaken); of a category the key may not report.
	XARFInvalid, XARFTypeNotTaken, XARFCategoryNotAllowed Outcome
	// A client token sent again with another report; one no client makes.
	XARFTokenReused, XARFBadToken Outcome
	// A reference the key did not send (or none); a listing's since that is no time; a
	// method the path does not take.
	XARFNotFound, XARFBadSince, XARFMethodNotAllowed Outcome
	// A fault on our side: likely over in a moment (send it again with its client
	// token), or not.
	XARFUnavailable, XARFServerError Outcome

	// Not the Worker's: what a client may meet instead of its answer, and tells by the
	// status alone, since no code of ours comes with it. None at all (the connection
	// dropped or stalled; XMLHttpRequest's status 0), or a gateway's page in front of the
	// Worker (Cloudflare's edge, a proxy) saying the Worker failed, was away or was slow.
	// The browser module sends a report again after each.
	NoAnswer, BadGateway, GatewayUnavailable, GatewayTimeout Outcome
}{
	Accepted:     Outcome{201, "accepted", "receipt.title"},
	Thanks:       Outcome{202, "thanks", "typo.thanks"},
	Deadlines:    Outcome{200, "deadlines", ""},
	Root:         Outcome{200, "root", ""},
	RootRedirect: Outcome{302, "root_redirect", ""},
	Pending:      Outcome{200, "pending", ""},
	Held:         Outcome{200, "held", ""},
	Erased:       Outcome{200, "erased", ""},

	Invalid:     Outcome{422, "invalid", "err.summary"},
	TypoInvalid: Outcome{422, "invalid", ""},
	NotHuman:    Outcome{403, "not_human", "err.not_human"},

	NotFound:         Outcome{404, "not_found", "err.not_found"},
	MethodNotAllowed: Outcome{405, "method_not_allowed", "err.method"},
	Unauthorized:     Outcome{401, "unauthorized", "err.unauthorized"},
	RateLimited:      Outcome{429, "too_many_requests", "err.rate_limited"},
	CrossSite:        Outcome{403, "cross_site", "err.cross_site"},
	KeyReused:        Outcome{409, "idempotency_key_reused", "err.key_reused"},
	BadKey:           Outcome{400, "bad_idempotency_key", "err.bad_key"},
	ServerError:      Outcome{500, "server_error", "err.server"},
	Unavailable:      Outcome{503, "unavailable", "err.server"},
	AdminUnavailable: Outcome{503, "unavailable", "err.unavailable"},
	EraseBusy:        Outcome{409, "busy", "err.erase_busy"},

	Status:                 Outcome{200, "status", ""},
	StatusForm:             Outcome{200, "status_form", ""},
	StatusNotFound:         Outcome{404, "status_not_found", "status.not_found"},
	StatusUnavailable:      Outcome{503, "unavailable", "status.unavailable"},
	StatusMethodNotAllowed: Outcome{405, "method_not_allowed", "status.method"},

	TooLarge:      Outcome{413, "too_large", "err.too_large"},
	MediaType:     Outcome{415, "unsupported_media_type", "err.media_type"},
	Unreadable:    Outcome{400, "bad_request", "err.request"},
	TooManyFields: Outcome{400, "too_many_fields", "err.fields"},

	TypoTooLarge:      Outcome{413, "too_large", "typo.err.too_large"},
	TypoMediaType:     Outcome{415, "unsupported_media_type", "typo.err.request"},
	TypoUnreadable:    Outcome{400, "bad_request", "typo.err.request"},
	TypoTooManyFields: Outcome{400, "too_many_fields", "typo.err.request"},
	TypoServerError:   Outcome{500, "server_error", "typo.err.server"},
	TypoUnavailable:   Outcome{503, "unavailable", "typo.err.server"},

	BadLang:      Outcome{400, "bad_lang", "err.deadlines.lang"},
	BadCategory:  Outcome{400, "bad_category", "err.deadlines.category"},
	BadAt:        Outcome{400, "bad_at", "err.deadlines.at"},
	BadRequester: Outcome{400, "bad_requester", "err.deadlines.requester"},

	Desk:                 Outcome{200, "desk", ""},
	DeskRecorded:         Outcome{303, "desk_recorded", ""},
	Statement:            Outcome{200, "statement_of_reasons", ""},
	NoStatement:          Outcome{404, "not_found", "desk.err.no_statement"},
	CaseRecorded:         Outcome{201, "recorded", ""},
	DeskNotFound:         Outcome{404, "not_found", "desk.err.link"},
	DeskInvalid:          Outcome{422, "invalid", "desk.err.summary"},
	DeskChanged:          Outcome{409, "step_taken", "desk.err.changed"},
	DeskNotForwarded:     Outcome{409, "not_forwarded", "desk.err.not_forwarded"},
	DeskCrossSite:        Outcome{403, "cross_site", "desk.err.cross_site"},
	DeskTooLarge:         Outcome{413, "too_large", "desk.err.too_large"},
	DeskMediaType:        Outcome{415, "unsupported_media_type", "desk.err.request"},
	DeskUnreadable:       Outcome{400, "bad_request", "desk.err.request"},
	DeskMethodNotAllowed: Outcome{405, "method_not_allowed", "desk.err.method"},
	DeskUnavailable:      Outcome{503, "unavailable", "desk.err.unavailable"},

	XARFAccepted:           Outcome{202, "xarf_accepted", ""},
	XARFBatch:              Outcome{200, "xarf_batch", ""},
	XARFList:               Outcome{200, "xarf_reports", ""},
	OpenAPI:                Outcome{200, "openapi", ""},
	XARFUnauthorized:       Outcome{401, "unauthorized", "xarf.err.key"},
	XARFRateLimited:        Outcome{429, "too_many_requests", "xarf.err.rate_limited"},
	XARFMediaType:          Outcome{415, "unsupported_media_type", "xarf.err.media_type"},
	XARFUnreadable:         Outcome{400, "bad_request", "xarf.err.json"},
	XARFTooLarge:           Outcome{413, "too_large", "xarf.err.too_large"},
	XARFBatchSize:          Outcome{400, "batch_size", "xarf.err.batch"},
	XARFInvalid:            Outcome{422, "invalid", "xarf.err.invalid"},
	XARFTypeNotTaken:       Outcome{422, "type_not_taken", "xarf.err.type"},
	XARFCategoryNotAllowed: Outcome{403, "category_not_allowed", "xarf.err.category"},
	XARFTokenReused:        Outcome{409, "idempotency_key_reused", "xarf.err.token_reused"},
	XARFBadToken:           Outcome{400, "bad_idempotency_key", "xarf.err.token"},
	XARFNotFound:           Outcome{404, "not_found", "xarf.err.not_found"},
	XARFBadSince:           Outcome{400, "bad_since", "xarf.err.since"},
	XARFMethodNotAllowed:   Outcome{405, "method_not_allowed", "xarf.err.method"},
	XARFUnavailable:        Outcome{503, "unavailable", "xarf.err.unavailable"},
	XARFServerError:        Outcome{500, "server_error", "xarf.err.server"},

	PlainMethodNotAllowed: Outcome{405, "method_not_allowed", ""},
	PlainNotFound:         Outcome{404, "not_found", ""},
	PlainServerError:      Outcome{500, "server_error", ""},

	NoAnswer:           Outcome{0, "no_answer", ""},
	BadGateway:         Outcome{502, "bad_gateway", ""},
	GatewayUnavailable: Outcome{503, "gateway_unavailable", ""},
	GatewayTimeout:     Outcome{504, "gateway_timeout", ""},
}
