package intake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"abusedesk/schemas"
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
}

// requestError is a request that is not a readable report: the client's fault, never a 5xx.
type requestError struct {
	status int
	code   string // the "error" of the JSON answer
	err    error
}

// unreadable is the client error for a body that could not be read: too large or malformed.
func unreadable(err error) *requestError {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &requestError{http.StatusRequestEntityTooLarge, "too_large", err}
	}
	return &requestError{http.StatusBadRequest, "bad_request", err}
}

// readReport decodes the body of a report.
func readReport(w http.ResponseWriter, r *http.Request) (submission, *requestError) {
	mediaType := requestType(r)
	switch mediaType {
	case jsonType, formType, multipartType:
	default:
		return submission{}, unsupported(r)
	}
	if rerr := limitBody(w, r, MaxBody); rerr != nil {
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
		sub.values, err = readMultipart(r)
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

func readMultipart(r *http.Request) (map[string]string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fmt.Errorf("decoding multipart form: %w", err)
	}
	// The whole body is capped at MaxBody, so with that much memory no part is ever
	// spilled to a temporary file (the Worker has no file system to spill to).
	form, err := mr.ReadForm(MaxBody)
	if err != nil {
		return nil, fmt.Errorf("decoding multipart form: %w", err)
	}
	defer form.RemoveAll()
	return firstValues(form.Value), nil
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
