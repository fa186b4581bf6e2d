package intake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"abusedesk/content/attachment"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/worker/email"
	"abusedesk/worker/negotiate"
)

// submission is a report as read from a request, before it is judged.
type submission struct {
	// values are the fields of a form as the reporter typed them, to fill the form in
	// again when it has problems; nil for JSON.
	values map[string]string
	// doc is what the validator judges: trimmed strings, blank ones dropped, anything
	// that is not a string (JSON only) kept for the validator to refuse.
	doc map[string]any
	// files are the attached files that passed their checks; fileProblems say what is
	// wrong with the others. Only a multipart form carries files.
	files        []report.File
	fileProblems []fileProblem
	// sentFiles says whether the reporter chose any file, so a page sent back can ask
	// for them again.
	sentFiles bool
	// mailSize is set when the report with its files would make a mail larger than the
	// mailbox takes; notHuman when it failed the Turnstile check.
	mailSize *email.TooLargeError
	notHuman bool
}

// fileProblem is what is wrong with one attached file. The schema knows nothing of files
// (they are not part of the JSON document): the rules judge them (policy.Attachments.Check).
type fileProblem struct {
	Name string
	Code policy.FileProblem
}

// readFailure is why a body is not a readable report or note: the client's fault, never a
// 5xx. Each path words it its own way (reportReadErrors, typoReadErrors).
type readFailure int

const (
	malformed       readFailure = iota
	overCap                     // over the path's cap
	unsupportedType             // of a type the path does not read
	tooManyFields               // more fields, or longer names, than any form sends
)

var (
	reportReadErrors = [...]api.Outcome{malformed: api.Outcomes.Unreadable, overCap: api.Outcomes.TooLarge, unsupportedType: api.Outcomes.MediaType, tooManyFields: api.Outcomes.TooManyFields}
	typoReadErrors   = [...]api.Outcome{malformed: api.Outcomes.TypoUnreadable, overCap: api.Outcomes.TypoTooLarge, unsupportedType: api.Outcomes.TypoMediaType, tooManyFields: api.Outcomes.TypoTooManyFields}
)

// errFieldCap is a body with more fields than its cap, or a field name over
// maxNameBytes. A body of a megabyte can hold a hundred thousand fields, each of which
// would be judged, worded and sent back: it is refused whole instead, before any is.
var errFieldCap = errors.New("more fields, or longer field names, than the form has")

// maxNameBytes caps a field's name; the form's longest is 16 bytes.
const maxNameBytes = 64

// spareFields is how many fields a post may carry beyond the form's own (and the extras)
// and still be judged field by field, each unknown one a problem of its own.
const spareFields = 8

// readError is a body that could not be read, and why.
type readError struct {
	failure readFailure
	err     error
}

// status is the status the path's errors answer it with, for the log.
func (e *readError) status(errs [4]api.Outcome) int { return errs[e.failure].Status }

// notRead is the error for a body that could not be read: too large, with too many
// fields, or malformed.
func notRead(err error) *readError {
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &big):
		return &readError{overCap, err}
	case errors.Is(err, errFieldCap):
		return &readError{tooManyFields, err}
	}
	return &readError{malformed, err}
}

// MaxBody caps a request's body, or a multipart report's fields together. The longest
// valid report is under 100 KB of UTF-8 and under 300 KB however it is escaped (JSON \u
// escapes, a form's %XX); the cap leaves room for that and stops anyone making the Worker
// read megabytes. A multipart report may add its files: see MaxMultipartBody.
const MaxBody = 1 << 20

// readReport decodes the body of a report of at most maxFields fields; lim are the rules'
// limits on attached files.
func readReport(w http.ResponseWriter, r *http.Request, lim policy.Attachments, maxFields int) (submission, *readError) {
	mediaType := negotiate.BodyType(r)
	bodyCap := int64(MaxBody)
	switch mediaType {
	case negotiate.JSON, negotiate.Form:
	case negotiate.Multipart:
		bodyCap = MaxMultipartBody(lim)
	default:
		return submission{}, unsupported(r)
	}
	if rerr := limitBody(w, r, bodyCap); rerr != nil {
		return submission{}, rerr
	}
	var (
		sub submission
		err error
	)
	switch mediaType {
	case negotiate.JSON:
		sub.doc, err = readJSON(r.Body, maxFields)
	case negotiate.Form:
		sub.values, err = readURLEncoded(r.Body, maxFields)
	case negotiate.Multipart:
		err = readMultipart(r, lim, maxFields, &sub)
	}
	if err != nil {
		return submission{}, notRead(err)
	}
	if sub.values != nil {
		sub.doc = schemas.Normalize(sub.values)
	}
	return sub, nil
}

// readTypo decodes the body of a typo note of at most maxFields fields, which only the
// typo script sends: JSON.
func readTypo(w http.ResponseWriter, r *http.Request, maxFields int) (map[string]any, *readError) {
	if negotiate.BodyType(r) != negotiate.JSON {
		return nil, unsupported(r)
	}
	if rerr := limitBody(w, r, maxTypoBody); rerr != nil {
		return nil, rerr
	}
	doc, err := readJSON(r.Body, maxFields)
	if err != nil {
		return nil, notRead(err)
	}
	return doc, nil
}

// unsupported is the error for a body of a type the path does not take.
func unsupported(r *http.Request) *readError {
	return &readError{unsupportedType, fmt.Errorf("content type %q", r.Header.Get("Content-Type"))}
}

// limitBody refuses a body longer than max at once when its length is known, and stops
// reading it at max otherwise.
func limitBody(w http.ResponseWriter, r *http.Request, max int64) *readError {
	if r.ContentLength > max {
		return notRead(&http.MaxBytesError{Limit: max})
	}
	r.Body = http.MaxBytesReader(w, r.Body, max)
	return nil
}

// readJSON decodes one JSON object of at most maxFields members and normalizes its
// strings the way a form's are. It reads member by member, so a body with more members
// is refused at the first one too many.
func readJSON(body io.Reader, maxFields int) (map[string]any, error) {
	dec := json.NewDecoder(body)
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("decoding JSON: %w", err)
	} else if tok != json.Delim('{') {
		return nil, fmt.Errorf("decoding JSON: %v is not a report", tok)
	}
	raw := map[string]any{}
	for n := 0; dec.More(); n++ {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("decoding JSON: %w", err)
		}
		name, _ := tok.(string)
		if n == maxFields || len(name) > maxNameBytes {
			return nil, errFieldCap
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("decoding JSON: %w", err)
		}
		raw[name] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("decoding JSON: %w", err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = fmt.Errorf("unexpected %v", tok)
		}
		return nil, fmt.Errorf("decoding JSON: after the object: %w", err)
	}
	strs := make(map[string]string, len(raw))
	for k, v := range raw {
		if s, ok := v.(string); ok {
			strs[k] = s
		}
	}
	doc := schemas.Normalize(strs)
	for k, v := range raw {
		if _, ok := v.(string); !ok {
			doc[k] = v
		}
	}
	return doc, nil
}

// readURLEncoded decodes a form of at most maxFields fields, counted before any is.
func readURLEncoded(body io.Reader, maxFields int) (map[string]string, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, fmt.Errorf("reading form: %w", err)
	}
	if bytes.Count(data, []byte("&")) >= maxFields {
		return nil, errFieldCap
	}
	q, err := url.ParseQuery(string(data))
	if err != nil {
		return nil, fmt.Errorf("decoding form: %w", err)
	}
	for name := range q {
		if len(name) > maxNameBytes {
			return nil, errFieldCap
		}
	}
	return firstValues(q), nil
}

// MaxMultipartBody caps the body of a report sent as a multipart form: the fields' cap,
// MaxBody, plus every file the rules allow together, plus room for each part's headers.
// A bigger body is refused with 413 before it is read to the end.
func MaxMultipartBody(lim policy.Attachments) int64 {
	const partHeaders = 4 << 10
	return MaxBody + lim.MaxTotalBytes + int64(lim.MaxFiles+1)*partHeaders
}

// readMultipart reads a multipart form part by part, so that nothing is ever buffered
// beyond what is kept: the fields (at most MaxBody of them together) and the files that
// pass their checks (at most lim.MaxTotalBytes). A file that fails one is read no further
// than it takes to tell, and dropped; what is wrong with it is in sub.fileProblems. A form
// has at most maxFields fields and, beside them, the files the rules allow and one more
// (so it can be told it is one too many); a part beyond those is refused, errFieldCap.
func readMultipart(r *http.Request, lim policy.Attachments, maxFields int, sub *submission) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return fmt.Errorf("decoding multipart form: %w", err)
	}
	values := map[string][]string{}
	var fieldBytes, total int64
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("decoding multipart form: %w", err)
		}
		name := p.FormName()
		if n == maxFields+lim.MaxFiles+1 || len(name) > maxNameBytes {
			return errFieldCap
		}
		switch {
		case name == api.AttachmentsField:
			if err := readAttachment(p, n, lim, &total, sub); err != nil {
				return err
			}
		case name == "" || p.FileName() != "":
			// Not a form field, or a file under another name: nothing the form sends.
			if _, err := io.Copy(io.Discard, p); err != nil {
				return fmt.Errorf("decoding multipart form: %w", err)
			}
		default:
			data, err := io.ReadAll(io.LimitReader(p, MaxBody-fieldBytes+1))
			if err != nil {
				return fmt.Errorf("decoding multipart form: %w", err)
			}
			if fieldBytes += int64(len(data)); fieldBytes > MaxBody {
				return &http.MaxBytesError{Limit: MaxBody}
			}
			values[name] = append(values[name], string(data))
		}
	}
	sub.values = firstValues(values)
	return nil
}

// readAttachment reads the n-th part of a form, a file, and keeps it in sub.files when it
// passes the checks, or says what is wrong with it in sub.fileProblems. total is what the
// files kept so far weigh.
func readAttachment(p *multipart.Part, n int, lim policy.Attachments, total *int64, sub *submission) error {
	// FileName keeps only the last element of a path; the name is shown, never used.
	name := attachment.CleanName(p.FileName())
	data, err := io.ReadAll(io.LimitReader(p, lim.MaxFileBytes+1))
	if err != nil {
		return fmt.Errorf("decoding multipart form: %w", err)
	}
	if name == "" && len(data) == 0 {
		return nil // a file input left empty
	}
	sub.sentFiles = true
	if name == "" {
		name = "attachment-" + strconv.Itoa(n+1)
	}
	if int64(len(data)) > lim.MaxFileBytes {
		// Read the rest only to reach the next part; the body's cap bounds it.
		if _, err := io.Copy(io.Discard, p); err != nil {
			return fmt.Errorf("decoding multipart form: %w", err)
		}
	}
	kind := attachment.SniffAll(data)
	if problem := lim.Check(int64(len(data)), kind, len(sub.files), *total); problem != "" {
		sub.fileProblems = append(sub.fileProblems, fileProblem{Name: name, Code: problem})
		return nil
	}
	*total += int64(len(data))
	sum := sha256.Sum256(data)
	sub.files = append(sub.files, report.File{FileInfo: report.FileInfo{Name: name, Kind: kind, SHA256: hex.EncodeToString(sum[:]), Size: len(data)}, Data: data})
	return nil
}

// firstValues keeps the first value of each name, as valid UTF-8: a form sends each field
// once, and the mail and the page must not carry broken bytes.
func firstValues(q map[string][]string) map[string]string {
	values := make(map[string]string, len(q))
	for k, vs := range q {
		if len(vs) > 0 {
			values[strings.ToValidUTF8(k, "\uFFFD")] = strings.ToValidUTF8(vs[0], "\uFFFD")
		}
	}
	return values
}
