package intake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/attachment"
	"abusedesk/content/i18n"
	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/worker/delivery"
	"abusedesk/worker/email"
)

// xarfResult is what became of one XARF report: taken (accepted), or refused as o, in
// words (message) and, for an invalid one, its problems.
type xarfResult struct {
	accepted *api.XARFAccepted
	o        api.Outcome
	message  string
	problems []api.XARFProblem
}

// refuse is the result of a report refused as o, worded by o's key with args.
func (h *Handler) xarfRefusal(lang string, o api.Outcome, args ...string) xarfResult {
	return xarfResult{o: o, message: h.words.Text(lang, o.Key, args...)}
}

// invalid is the result of a report with problems, each worded in lang.
func (h *Handler) invalid(lang string, problems []api.XARFProblem, args ...string) xarfResult {
	for i := range problems {
		problems[i].Message = h.words.Text(lang, i18n.Key("xarf.problem."+problemKey(problems[i].Code)), args...)
	}
	res := h.xarfRefusal(lang, api.Outcomes.XARFInvalid)
	res.problems = problems
	return res
}

// problemKey is the last part of the catalog key of a problem's code: a code the authority
// module names that this Worker does not know (a newer module) is worded as any refusal.
func problemKey(code string) string {
	switch code {
	case api.XARFRequired, api.XARFType, api.XARFEnum, api.XARFPattern, api.XARFFormat, api.XARFTooLong,
		api.XARFTooMany, api.XARFRange, api.XARFUnknown, api.XARFClass, api.XARFBase64, string(api.MailTooLarge):
		return code
	}
	return api.XARFInvalidValue
}

// xarfItem takes one XARF report, raw as the reporter sent it, from the key, under the
// client token header (its own client_token member wins): judged against XARF v4, filed
// under the category the inbound table names if the key may report it, its evidence made
// the report's files as the form's attachments are judged, and kept (delivery.File) with
// the XARF document itself, which the desk's mail carries as it came.
func (h *Handler) xarfItem(ctx context.Context, lang string, key delivery.Reporter, raw []byte, header string) xarfResult {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return h.xarfRefusal(lang, api.Outcomes.XARFUnreadable)
	}
	token := header
	if v, ok := doc[api.ClientTokenField]; ok {
		t, _ := v.(string)
		if !validToken(t) {
			return h.xarfRefusal(lang, api.Outcomes.XARFBadToken)
		}
		token = t
		// The token is ours, not XARF's: the desk's mail carries the report without it.
		var err error
		if raw, err = withoutMembers(raw, api.ClientTokenField); err != nil {
			return h.xarfRefusal(lang, api.Outcomes.XARFUnreadable)
		}
		delete(doc, api.ClientTokenField)
	}
	problems, err := h.xarf.ValidateXARF(ctx, raw)
	switch {
	case err != nil:
		h.log.Error("XARF report not judged", "key", key.ID, "err", err)
		return h.xarfRefusal(lang, api.Outcomes.XARFUnavailable)
	case len(problems) > 0:
		return h.invalid(lang, problems)
	}
	// Valid: category and type are strings, the evidence a list of objects with a payload.
	class := doc["category"].(string) + "/" + doc["type"].(string)
	property := func(name string) (string, bool) { v, ok := doc[name].(string); return v, ok }
	id := h.xarfMap.FileAs(class, property)
	if id == "" {
		if route, ok := h.xarfMap.Inbound(class); ok && route.By != "" {
			v, _ := property(route.By)
			res := h.xarfRefusal(lang, api.Outcomes.XARFTypeNotTaken)
			res.message = h.words.Text(lang, "xarf.err.type_value", "type", class, "property", route.By, "value", v)
			return res
		}
		return h.xarfRefusal(lang, api.Outcomes.XARFTypeNotTaken, "type", class)
	}
	if !key.May(id) {
		return h.xarfRefusal(lang, api.Outcomes.XARFCategoryNotAllowed, "category", id)
	}
	cat, ok := h.rules.Category(id)
	if !ok {
		h.log.Error("the inbound table names a category the rules do not have", "category", id)
		return h.xarfRefusal(lang, api.Outcomes.XARFServerError)
	}
	m := &report.Machine{Key: key.ID, Name: key.Name}
	var files []report.File
	if evidence, _ := doc["evidence"].([]any); len(evidence) > 0 && cat.NoFiles {
		// Its evidence may be the material itself, which must never be held: dropped
		// unread, from the document too, and the report taken with its links.
		m.Dropped = len(evidence)
		if raw, err = withoutMembers(raw, "evidence"); err != nil {
			return h.xarfRefusal(lang, api.Outcomes.XARFUnreadable)
		}
	} else if len(evidence) > 0 {
		var bad []api.XARFProblem
		files, m.Unattached, bad = h.evidenceFiles(evidence)
		if len(bad) > 0 {
			return h.invalid(lang, bad)
		}
	}
	m.XARF = string(raw)
	m.ReportID, _ = property("report_id")
	filing := report.Filed{Received: h.now(), Lang: lang, Report: xarfReport(doc, lang, id), Machine: m}
	filed, err := h.file(ctx, token, filing, files)
	var tooLarge *email.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		h.log.Info("XARF report refused: its mail would be too large", "key", key.ID, "err", err)
		over := (tooLarge.Size - tooLarge.Max + 1023) >> 10
		return h.invalid(lang, []api.XARFProblem{{Code: string(api.MailTooLarge)}}, "over", strconv.FormatInt(over, 10), "max", strconv.FormatInt(tooLarge.Max>>20, 10))
	case errors.Is(err, delivery.ErrKeyReused):
		h.log.Info("XARF report refused", "key", key.ID, "err", err)
		return h.xarfRefusal(lang, api.Outcomes.XARFTokenReused)
	case err != nil:
		h.log.Error("XARF report not accepted", "key", key.ID, "err", err)
		return h.xarfRefusal(lang, api.Outcomes.XARFUnavailable)
	}
	h.log.Info("XARF report accepted", "reference", filed.Reference, "key", key.ID, "category", id)
	return xarfResult{accepted: &api.XARFAccepted{
		Reference: filed.Reference, Received: filed.Received.In(h.rules.Location).Format(time.RFC3339), Category: id,
		StatusPath: api.XARFStatusPath(filed.Reference), DroppedEvidence: filed.Machine.Dropped,
	}}
}

// evidenceFiles decodes each evidence item's payload and makes it one of the report's
// files when the rules take a file of its kind and size, as a form's attachment; the others
// stay in the XARF document alone (unattached counts them). An item that is not base64 is
// a problem where it is.
func (h *Handler) evidenceFiles(evidence []any) (files []report.File, unattached int, problems []api.XARFProblem) {
	var total int64
	for i, item := range evidence {
		payload, _ := item.(map[string]any)["payload"].(string)
		data, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, payload))
		if err != nil {
			problems = append(problems, api.XARFProblem{Path: "/evidence/" + strconv.Itoa(i) + "/payload", Code: api.XARFBase64})
			continue
		}
		if len(data) == 0 {
			continue
		}
		kind := attachment.SniffAll(data)
		// Counted against XARF's own cap (its schema), not the form's.
		if h.rules.Attachments.Check(int64(len(data)), kind, 0, total) != "" {
			unattached++
			continue
		}
		total += int64(len(data))
		sum := sha256.Sum256(data)
		files = append(files, report.File{FileInfo: report.FileInfo{Name: "evidence-" + strconv.Itoa(i+1), Kind: kind,
			SHA256: hex.EncodeToString(sum[:]), Size: len(data)}, Data: data})
	}
	return files, unattached, problems
}

// xarfReport is the report a machine reporter's XARF document stands for, in the form's
// fields, for the desk's text and the case: the reporter (its organization and address,
// named to the customer, as XARF's reporter is meant to be), the category, the resource
// (the URL it names, else its source), the source's address, when it happened, and its
// description. The document itself travels beside it.
func xarfReport(doc map[string]any, lang, category string) report.Report {
	str := func(name string) string { v, _ := doc[name].(string); return strings.TrimSpace(v) }
	reporter, _ := doc["reporter"].(map[string]any)
	org, _ := reporter["org"].(string)
	contact, _ := reporter["contact"].(string)
	r := report.Report{
		Lang: lang, Requester: xarfRequester, Company: org, Email: contact, ShareIdentity: report.Declared,
		Category: category, OccurredAt: str("timestamp"), Message: str("description"),
	}
	source := str("source_identifier")
	r.Resource = source
	for _, name := range []string{"url", "infringing_url"} {
		if u := str(name); strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			r.Resource, r.EvidenceURLs = u, u
			break
		}
	}
	if ip, err := netip.ParsePrefix(source); err == nil {
		r.SourceIP = ip.String()
	} else if ip, err := netip.ParseAddr(source); err == nil {
		r.SourceIP = ip.String()
	}
	return r
}

// xarfRequester is who a machine reporter reports as: an organization (rules.yaml's
// requesters), whose report starts no claim's clock.
const xarfRequester = "organization"

// withoutMembers is the JSON object raw without its top-level members of the names given,
// everything else as it was, byte for byte: the reporter's document, less what the Worker
// takes out of it (its client token; a report of child sexual abuse material's evidence).
func withoutMembers(raw []byte, names ...string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	type member struct {
		from, to int64 // from the end of what precedes it (a comma before it included) to its value's end
		drop     bool
	}
	var members []member
	for dec.More() {
		from := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		members = append(members, member{from, dec.InputOffset(), drop})
	}
	if len(members) == 0 {
		return raw, nil
	}
	var out []byte
	out = append(out, raw[:members[0].from]...)
	first := true
	for _, m := range members {
		if m.drop {
			continue
		}
		seg := raw[m.from:m.to]
		if first && m.from != members[0].from {
			// Now the first: the comma that parted it from the one before goes.
			if i := bytes.IndexByte(seg, ','); i >= 0 {
				seg = append(append([]byte{}, seg[:i]...), seg[i+1:]...)
			}
		}
		first = false
		out = append(out, seg...)
	}
	return append(out, raw[members[len(members)-1].to:]...), nil
}
