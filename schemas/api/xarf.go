package api

// The machine reporters' API: XARF v4 reports posted with a reporter's key (README: Machine
// reporters). Its paths, limits, answers and the codes of what is wrong with a report.

// The paths of the machine reporters' API.
const (
	// XARFPath takes one XARF v4 report, or a batch of them as a JSON array (POST), and
	// lists the key's reports (GET, ?since=).
	XARFPath = "/api/v1/xarf"
	// XARFPath, a slash and a reference is that report's status (GET), for the key that
	// sent it.
	XARFReportPrefix = XARFPath + "/"
	// OpenAPIPath is the API's OpenAPI 3.1 description.
	OpenAPIPath = "/api/v1/openapi.json"
)

// XARFStatusPath is where the key that sent the report ref asks how it stands.
func XARFStatusPath(ref string) string { return XARFReportPrefix + ref }

// The limits of a post to XARFPath, as AWS's abuse API sets them: a request of at most
// MaxXARFBody bytes, at most MaxXARFBatch reports in a batch, at most MaxXARFEvidence
// evidence items a report (XARF v4's own cap, which its schema checks); and each report's
// mail must fit the abuse mailbox, as every report's must.
const (
	MaxXARFBody     = 5 << 20
	MaxXARFBatch    = 50
	MaxXARFEvidence = 50
)

// ClientTokenField is the member of a XARF report that carries its client token, as
// IdempotencyHeader does for a post of one report: the same token with the same report,
// from the same key, is the same report. It is taken out of the report before it is
// judged and kept.
const ClientTokenField = "client_token"

// SinceParam is the query parameter of a listing at XARFPath: the reports received at or
// after it (RFC 3339).
const SinceParam = "since"

// XARFAccepted is the answer (Outcomes.XARFAccepted) to one report taken: its reference,
// when it was received, the category it was filed under, where its status is, and how many
// of its evidence items were dropped unread (a report of child sexual abuse material is
// taken with its URLs only).
type XARFAccepted struct {
	Reference string `json:"reference"`
	// Received is RFC 3339 on the provider's clock.
	Received string `json:"received"`
	Category string `json:"category"`
	// StatusPath is where the report's status is (XARFStatusPath), to ask with the same
	// key.
	StatusPath      string `json:"status_path"`
	DroppedEvidence int    `json:"dropped_evidence,omitempty"`
}

// XARFBatch is the answer (Outcomes.XARFBatch) to a batch: one result an item, in order.
type XARFBatch struct {
	Results []XARFResult `json:"results"`
}

// XARFResult is what became of one report of a batch: taken (Reference and the rest, as
// XARFAccepted), or refused (Error, the code its post alone would have been answered with,
// its Message and its Problems).
type XARFResult struct {
	Status          int           `json:"status"`
	Reference       string        `json:"reference,omitempty"`
	Received        string        `json:"received,omitempty"`
	Category        string        `json:"category,omitempty"`
	StatusPath      string        `json:"status_path,omitempty"`
	DroppedEvidence int           `json:"dropped_evidence,omitempty"`
	Error           string        `json:"error,omitempty"`
	Message         string        `json:"message,omitempty"`
	Problems        []XARFProblem `json:"problems,omitempty"`
}

// XARFInvalid is the answer (Outcomes.XARFInvalid) to a report that is not valid XARF v4,
// or whose evidence or mail the Worker cannot take: each problem where it is.
type XARFInvalid struct {
	Error    string        `json:"error"`
	Message  string        `json:"message"`
	Problems []XARFProblem `json:"problems"`
}

// XARFProblem is one thing wrong with a XARF report: where (a JSON Pointer into the report,
// "" for the whole), what (one of the XARF… codes), and its words in the request's
// language.
type XARFProblem struct {
	Path    string `json:"path"`
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
}

// The codes of XARFProblem: a report against XARF v4's schemas, then its evidence and its
// mail against the rules.
const (
	XARFRequired     = "required"  // a property the schema requires is missing
	XARFType         = "type"      // a value of the wrong JSON type
	XARFEnum         = "enum"      // not one of the values the schema allows
	XARFPattern      = "pattern"   // does not match the schema's pattern
	XARFFormat       = "format"    // not a date-time, a UUID, an e-mail address, a host name
	XARFTooLong      = "too_long"  // longer than the schema allows
	XARFTooMany      = "too_many"  // more items than the schema allows
	XARFRange        = "range"     // a number out of its range
	XARFUnknown      = "unknown"   // a property the schema does not allow there
	XARFClass        = "xarf_type" // not a type of XARF v4 of that category
	XARFInvalidValue = "invalid"   // anything else the schema refuses

	// An evidence item's payload that is not base64. (A report whose mail would be larger
	// than the mailbox takes has the problem MailTooLarge, at "".)
	XARFBase64 = "base64"
)

// XARFReports is the answer (Outcomes.XARFList) to a key's listing at XARFPath: the
// reports it sent since the time asked (SinceParam), oldest first, at most MaxXARFListed;
// More says there are others after the last, to ask for with since set to its Received.
type XARFReports struct {
	Reports []XARFListed `json:"reports"`
	More    bool         `json:"more"`
}

// XARFListed is one report of a key's listing: its reference, when it was received (RFC
// 3339 on the provider's clock), the reporter's own report_id, and where its status is.
type XARFListed struct {
	Reference  string `json:"reference"`
	Received   string `json:"received"`
	ReportID   string `json:"report_id,omitempty"`
	StatusPath string `json:"status_path"`
}

// MaxXARFListed caps the reports one listing answers with.
const MaxXARFListed = 1000
