package email

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/attachment"
	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// xarfNamespace is RFC 9562's namespace for names that are URLs; a report's XARF id is
// the version 5 UUID of its URL-like name in it (see reportID).
var xarfNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// reportID is the XARF report_id of the report numbered ref. XARF wants a UUID, and ours
// is derived from the reference number (a version 5 UUID of
// https://<sender's domain>/reports/<ref>): the same report always has the same id, so a
// desk that ingests it twice can tell, and the id leads back to the reference.
func reportID(senderDomain, ref string) string {
	h := sha1.New()
	h.Write(xarfNamespace[:])
	h.Write([]byte("https://" + senderDomain + "/reports/" + ref))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	s := hex.EncodeToString(u[:])
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// XARF's caps on free text.
const (
	xarfOrgMax         = 200
	xarfDescriptionMax = 1000
	xarfEvidenceMax    = 500
)

// xarfReports write the report as XARF v4 reports (JSON), one a resource it names (one,
// when it names none): the category's class from the rules' XARF mapping, the reporter
// (their company, or their name, when they agreed to be named to the customer, to whom
// the desk forwards it; else the abuse desk, and hide takes their details out of the
// description and the files' names), the sender (this service), the resource as the source,
// and one evidence item for each attached file, with its SHA-256. A file's bytes travel
// once, as the message's own MIME part, so its evidence item carries an empty payload and
// names that part. The reporter's other details, which XARF has no field for, are in the
// text part. With several resources, the n-th report's id is made from the reference and
// n, so each is its own incident and all lead back to the reference.
func (w *Writer) xarfReports(rep report.Filed, class policy.XARFClass, d policy.Deadlines, files []Attachment, hide func(string) string) [][]byte {
	resources := report.Resources(rep.Report.Resource)
	if len(resources) <= 1 {
		return [][]byte{w.xarfReport(rep, class, d, files, strings.Join(resources, ""), rep.Reference, hide)}
	}
	docs := make([][]byte, len(resources))
	for i, r := range resources {
		docs[i] = w.xarfReport(rep, class, d, files, r, rep.Reference+"/"+strconv.Itoa(i+1), hide)
	}
	return docs
}

// xarfReport is the XARF report about one resource; name makes its report_id.
func (w *Writer) xarfReport(rep report.Filed, class policy.XARFClass, d policy.Deadlines, files []Attachment, resource, name string, hide func(string) string) []byte {
	r := &rep.Report
	source := xarfSource(r.SourceIP, resource)
	firstSeen := w.occurredAt(r, d.Received).UTC().Format(time.RFC3339)
	senderOrg := w.from.Name
	if senderOrg == "" {
		senderOrg = domain(w.from.Address)
	}
	// The reporter, when they agreed to be named; else the abuse desk, whose mailbox
	// takes the customer's answer.
	reporter := contact(w.provider.Name, w.provider.AbuseMailbox)
	if r.IdentityShared() && r.Email != "" {
		org := r.Company
		if org == "" {
			org = r.FullName
		}
		reporter = contact(org, r.Email)
	}
	doc := map[string]any{
		"xarf_version":      w.xarf.Version,
		"report_id":         reportID(domain(w.from.Address), name),
		"timestamp":         firstSeen,
		"reporter":          reporter,
		"sender":            contact(senderOrg, w.from.Address),
		"source_identifier": source,
		"category":          class.Category,
		"type":              class.Type,
	}
	if m := hide(r.Message); m != "" {
		doc["description"] = clip(m, xarfDescriptionMax)
	}
	values := strings.NewReplacer(
		"{url}", resourceURL(resource),
		"{source}", source,
		"{message}", hide(r.Message),
		"{first_seen}", firstSeen,
	)
	for prop, v := range class.Fields {
		doc[prop] = values.Replace(v)
	}
	for prop, list := range class.Lists {
		doc[prop] = list
	}
	if len(files) > 0 {
		evidence := make([]map[string]any, len(files))
		for i, f := range files {
			evidence[i] = map[string]any{
				"content_type": attachment.ContentType(f.Kind),
				"description":  fileDescription(f, hide),
				"payload":      "",
				"hash":         "sha256:" + f.SHA256,
				"size":         f.Size,
			}
		}
		doc["evidence"] = evidence
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		// The document is made of strings, numbers and maps of them.
		panic(err)
	}
	return append(data, '\n')
}

// contact is a XARF contact_info: an organization, its address and its domain.
func contact(org, address string) map[string]string {
	return map[string]string{"org": clip(oneLine(org), xarfOrgMax), "contact": address, "domain": domain(address)}
}

// xarfSource is what the report is about: the source IP the reporter gave, else the host
// (or IP address) of the reported resource.
func xarfSource(sourceIP, resource string) string {
	if ip := strings.TrimSpace(sourceIP); ip != "" {
		return ip
	}
	if u, err := url.Parse(resourceURL(resource)); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return strings.TrimSpace(resource)
}

// resourceURL writes the reported resource (a URL, a domain or an IP address) as a URL.
func resourceURL(resource string) string {
	r := strings.TrimSpace(resource)
	switch {
	case r == "":
		return ""
	case strings.Contains(r, "://"):
		return r
	}
	if ip, err := netip.ParseAddr(r); err == nil && ip.Is6() {
		return "http://[" + ip.String() + "]/"
	}
	if !strings.Contains(r, "/") {
		r += "/"
	}
	return "http://" + r
}

// occurredAt reads when the abuse happened: RFC 3339, or a wall-clock time as a browser's
// datetime-local field sends it, on the clock whose offset the browser module sent
// (occurred_offset), else on the provider's clock; else the receipt.
func (w *Writer) occurredAt(r *report.Report, received time.Time) time.Time {
	s := strings.TrimSpace(r.OccurredAt)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	loc := w.rules.Location
	if offset, err := time.Parse("-07:00", r.OccurredOffset); err == nil {
		_, seconds := offset.Zone()
		loc = time.FixedZone("", seconds)
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t
		}
	}
	return received
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
