package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/attachment"
)

// The request bodies a report may come in.
const (
	jsonType      = "application/json"
	formType      = "application/x-www-form-urlencoded"
	multipartType = "multipart/form-data"
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
	files        []Attachment
	fileProblems []fileProblem
	// sentFiles says whether the reporter chose any file, so a page sent back can ask
	// for them again.
	sentFiles bool
}

// requestError is a request that is not a readable report: the client's fault, never a 5xx.
type requestError struct {
	status int
	code   string // the "error" of the JSON answer
	err    error
}

// message is the catalog key that tells the client what is wrong: the body is too large
// (tooLarge), of a type the path does not read (unsupported), or else could not be read
// (unreadable).
func (e *requestError) message(unreadable, tooLarge, unsupported string) string {
	switch e.status {
	case http.StatusRequestEntityTooLarge:
		return tooLarge
	case http.StatusUnsupportedMediaType:
		return unsupported
	}
	return unreadable
}

// unreadable is the client error for a body that could not be read: too large or malformed.
func unreadable(err error) *requestError {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &requestError{http.StatusRequestEntityTooLarge, "too_large", err}
	}
	return &requestError{http.StatusBadRequest, "bad_request", err}
}

// readReport decodes the body of a report; lim are the rules' limits on attached files.
func readReport(w http.ResponseWriter, r *http.Request, lim policy.Attachments) (submission, *requestError) {
	mediaType := requestType(r)
	bodyCap := int64(MaxBody)
	switch mediaType {
	case jsonType, formType:
	case multipartType:
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
	case jsonType:
		sub.doc, err = readJSON(r.Body)
	case formType:
		sub.values, err = readURLEncoded(r.Body)
	case multipartType:
		err = readMultipart(r, lim, &sub)
	}
	if err != nil {
		return submission{}, unreadable(err)
	}
	if sub.values != nil {
		sub.doc = schemas.Normalize(sub.values)
	}
	return sub, nil
}

// readTypo decodes the body of a typo note, which only the typo script sends: JSON.
func readTypo(w http.ResponseWriter, r *http.Request) (map[string]any, *requestError) {
	if requestType(r) != jsonType {
		return nil, unsupported(r)
	}
	if rerr := limitBody(w, r, maxTypoBody); rerr != nil {
		return nil, rerr
	}
	doc, err := readJSON(r.Body)
	if err != nil {
		return nil, unreadable(err)
	}
	return doc, nil
}

// unsupported is the client error for a body of a type the path does not take.
func unsupported(r *http.Request) *requestError {
	return &requestError{http.StatusUnsupportedMediaType, "unsupported_media_type",
		fmt.Errorf("content type %q", r.Header.Get("Content-Type"))}
}

// limitBody refuses a body longer than max at once when its length is known, and stops
// reading it at max otherwise.
func limitBody(w http.ResponseWriter, r *http.Request, max int64) *requestError {
	if r.ContentLength > max {
		return unreadable(&http.MaxBytesError{Limit: max})
	}
	r.Body = http.MaxBytesReader(w, r.Body, max)
	return nil
}

// requestType is the media type of the body, "" when there is none or it is unreadable.
func requestType(r *http.Request) string {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mediaType
}

// readJSON decodes one JSON object and normalizes its strings the way a form's are.
func readJSON(body io.Reader) (map[string]any, error) {
	dec := json.NewDecoder(body)
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("decoding JSON: %w", err)
	}
	if raw == nil {
		return nil, errors.New("decoding JSON: null is not a report")
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

func readURLEncoded(body io.Reader) (map[string]string, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, fmt.Errorf("reading form: %w", err)
	}
	q, err := url.ParseQuery(string(data))
	if err != nil {
		return nil, fmt.Errorf("decoding form: %w", err)
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

// AttachmentsField is the form's name for its files.
const AttachmentsField = "attachments"

// readMultipart reads a multipart form part by part, so that nothing is ever buffered
// beyond what is kept: the fields (at most MaxBody of them together) and the files that
// pass their checks (at most lim.MaxTotalBytes). A file that fails one is read no further
// than it takes to tell, and dropped; what is wrong with it is in sub.fileProblems.
func readMultipart(r *http.Request, lim policy.Attachments, sub *submission) error {
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
		switch {
		case name == AttachmentsField:
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
	name := strings.ToValidUTF8(p.FileName(), "\uFFFD")
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
	kind := attachment.Sniff(data)
	if problem := lim.Check(int64(len(data)), kind, len(sub.files), *total); problem != "" {
		sub.fileProblems = append(sub.fileProblems, fileProblem{Name: name, Code: problem})
		return nil
	}
	*total += int64(len(data))
	sum := sha256.Sum256(data)
	sub.files = append(sub.files, Attachment{Name: name, Kind: kind, Data: data, SHA256: hex.EncodeToString(sum[:])})
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

// wantsHTML says whether to answer with a page rather than JSON. A form sent without
// JavaScript gets a page unless its Accept prefers JSON; JSON gets JSON; anything else
// (an error before a report was read) gets JSON unless its Accept prefers HTML, as a
// browser's does.
func wantsHTML(r *http.Request) bool {
	accept := r.Header.Values("Accept")
	html, js := quality(accept, "text/html"), quality(accept, jsonType)
	switch requestType(r) {
	case jsonType:
		return false
	case formType, multipartType:
		return html >= js
	default:
		return html > js
	}
}

// quality is the q an Accept header gives mediaType: that of the most specific range
// that matches it, 1 when there is no header, 0 when no range matches.
func quality(accept []string, mediaType string) float64 {
	if len(accept) == 0 {
		return 1
	}
	major, _, _ := strings.Cut(mediaType, "/")
	best, q := 0, 0.0
	for _, header := range accept {
		for part := range strings.SplitSeq(header, ",") {
			rng, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			specificity := 0
			switch rng {
			case mediaType:
				specificity = 3
			case major + "/*":
				specificity = 2
			case "*/*":
				specificity = 1
			}
			if specificity <= best {
				continue
			}
			best, q = specificity, 1
			if s, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(s, 64); err == nil {
					q = f
				}
			}
		}
	}
	return q
}
