package formlogic

import (
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/api"
	"abusedesk/schemas/browsercheck"
)

// Data is what the form page tells the module, in its #form-data script element.
type Data struct {
	Lang string
	// Words are the messages the module speaks, in Lang only.
	Words *i18n.Catalog
	Spec  browsercheck.Spec
	// Rules are absent from a page rendered without the zone's data; the module then
	// checks the form but shows no deadlines.
	Rules *policy.Wire
}

// ReadData reads the page's data, as the site generator writes it with encoding/json.
func ReadData(n Node) (Data, error) {
	d := Data{Lang: n.Get("lang").String()}
	d.Words = i18n.NewCatalog([]string{d.Lang})
	for key, m := range n.Get("messages").Members() {
		if forms := m.Members(); forms != nil {
			f := make(map[i18n.Plural]string, len(forms))
			for form, text := range forms {
				f[i18n.Plural(form)] = text.String()
			}
			d.Words.SetForms(i18n.Key(key), d.Lang, f)
		} else {
			d.Words.Set(i18n.Key(key), d.Lang, m.String())
		}
	}
	for _, f := range n.Get("spec").Get("fields").Items() {
		d.Spec.Fields = append(d.Spec.Fields, browsercheck.Field{
			Name: f.Get("name").String(), Required: f.Get("required").Bool(),
			MaxLength: f.Get("maxLength").Int(), Pattern: f.Get("pattern").String(),
			Format: f.Get("format").String(), Enum: stringList(f.Get("enum")),
			Widget: f.Get("widget").String(), Autocomplete: f.Get("autocomplete").String(),
			Group: f.Get("group").String(), First: f.Get("first").Bool(),
		})
	}
	for _, c := range n.Get("spec").Get("when").Items() {
		d.Spec.When = append(d.Spec.When, browsercheck.Condition{
			Field: c.Get("field").String(), Is: c.Get("is").String(),
			AndField: c.Get("andField").String(), AndIs: c.Get("andIs").String(), Require: stringList(c.Get("require")),
		})
	}
	if len(d.Spec.Fields) == 0 {
		return Data{}, errors.New("form data has no fields")
	}
	r := n.Get("rules")
	if r.Get("zone").String() == "" {
		return d, nil
	}
	w := &policy.Wire{
		Zone: r.Get("zone").String(), Start: r.Get("start").Int(), End: r.Get("end").Int(),
		ProcessMins: r.Get("processMinutes").Int(), ProcessCalendar: r.Get("processCalendar").Bool(),
		SettleDays: r.Get("settleDays").Int(),
		Easter:     intList(r.Get("easter")), Required: stringList(r.Get("required")),
		Languages: stringList(r.Get("languages")),
		MaxFiles:  r.Get("maxFiles").Int(), MaxFileBytes: int64(r.Get("maxFileBytes").Int()),
		MaxTotalBytes: int64(r.Get("maxTotalBytes").Int()), FileTypes: stringList(r.Get("fileTypes")),
	}
	// encoding/json writes []byte as standard base64.
	zone, err := base64.StdEncoding.DecodeString(r.Get("zoneData").String())
	if err != nil {
		return Data{}, errors.New("form data: zone data: " + err.Error())
	}
	w.ZoneData = zone
	for i, day := range r.Get("days").Items() {
		if i < len(w.Days) {
			w.Days[i] = day.Bool()
		}
	}
	for _, f := range r.Get("fixed").Items() {
		if md := intList(f); len(md) == 2 {
			w.Fixed = append(w.Fixed, [2]int{md[0], md[1]})
		}
	}
	for _, s := range r.Get("suspended").Items() {
		if p := stringList(s); len(p) == 2 {
			w.Suspended = append(w.Suspended, [2]string{p[0], p[1]})
		}
	}
	for _, c := range r.Get("categories").Items() {
		wc := policy.WireCategory{
			ID: c.Get("id").String(), Kind: policy.ResponseKind(c.Get("kind").Int()),
			Hours: c.Get("hours").Int(), OnClaim: c.Get("onClaim").Bool(), NoFiles: c.Get("noFiles").Bool(), Calendar: c.Get("calendar").Bool(), Draft: c.Get("draft").Bool(),
		}
		if rule := c.Get("rule").Get(d.Lang).String(); rule != "" {
			wc.Rule = map[string]string{d.Lang: rule}
		}
		w.Categories = append(w.Categories, wc)
	}
	for _, q := range r.Get("requesters").Items() {
		w.Requesters = append(w.Requesters, policy.WireRequester{ID: q.Get("id").String(), Authority: q.Get("authority").Bool()})
	}
	d.Rules = w
	return d, nil
}

// stringList reads an array of strings; like encoding/json, it gives nil for null and an
// empty slice for [].
func stringList(n Node) []string {
	items := n.Items()
	if items == nil {
		return nil
	}
	s := make([]string, len(items))
	for i, item := range items {
		s[i] = item.String()
	}
	return s
}

func intList(n Node) []int {
	items := n.Items()
	if items == nil {
		return nil
	}
	s := make([]int, len(items))
	for i, item := range items {
		s[i] = item.Int()
	}
	return s
}

// Answer is what the Worker said to a report sent as JSON.
type Answer struct {
	// Code is the outcome the answer is, its api.Outcome's Code: the Worker's, as its answer
	// carries it (a failure's or the problems' "error", a receipt's reference), or one told
	// by the status when the answer carries no code, since it is not the Worker's (none
	// came, or a gateway's page); empty for any other answer without a code.
	Code string
	// Reference is set when the report was accepted, with the deadlines as sentences.
	Reference string
	Deadlines []string
	// Notes say whether the customer learns who complained and whether a confirmation
	// is on its way, as the Worker decided.
	Notes i18n.ReceiptNotes
	// Problems are the Worker's objections, already in the reporter's language.
	Problems []Problem
	// Failure is the Worker's own word on any other outcome, if it gave one.
	Failure string
}

// KeyReused says the form's idempotency key was used for another report, which was
// received: sent again, this one needs a key of its own.
func (a Answer) KeyReused() bool { return a.Code == api.Outcomes.KeyReused.Code }

// Problem is one thing to tell the reporter, about a field or (with no Field) the form.
type Problem struct {
	Field, Message string
}

// notTheWorkers are the outcomes a send may meet instead of the Worker's answer: they
// carry no code, and are told by their status alone.
var notTheWorkers = [...]api.Outcome{api.Outcomes.NoAnswer, api.Outcomes.BadGateway, api.Outcomes.GatewayUnavailable, api.Outcomes.GatewayTimeout}

// ReadAnswer reads the Worker's answer by its code: its HTTP status (0 when none came),
// read only when the answer carries no code, and its body as JSON (a null Node when there
// was no answer or it was not JSON).
func ReadAnswer(status int, body Node) Answer {
	a := Answer{Code: body.Get("error").String()}
	if a.Code == "" && body.Get("reference").String() != "" {
		a.Code = api.Outcomes.Accepted.Code
	}
	for _, o := range notTheWorkers {
		if a.Code == "" && status == o.Status {
			a.Code = o.Code
		}
	}
	switch a.Code {
	case api.Outcomes.Accepted.Code:
		a.Reference, a.Deadlines = body.Get("reference").String(), stringList(body.Get("deadlines"))
		a.Notes = i18n.ReceiptNotes{IdentityShared: body.Get("identity_shared").Bool(), Confirmation: body.Get("confirmation").Bool(), Notice: body.Get("notice").Bool(),
			StatusURL: webLink(body.Get("status_url").String())}
		return a
	case api.Outcomes.Invalid.Code:
		for _, p := range body.Get("problems").Items() {
			a.Problems = append(a.Problems, Problem{p.Get("field").String(), p.Get("message").String()})
		}
	}
	if len(a.Problems) == 0 {
		a.Failure = body.Get("message").String()
	}
	return a
}

// webLink is u when it is a web address, else empty: the receipt makes the status link a
// link, and an address of another scheme (javascript:, data:) is one no answer of the
// Worker's holds, and none the page may follow.
func webLink(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// retryAfter are the pauses before each send again of a report that got no answer, or a
// gateway's or an unavailable server's: such a failure is most often over in a moment (a
// dropped connection, a Worker restarting), and the report's idempotency key makes sending
// it again safe, since the Worker gives a key it has seen the first reference and mails
// nothing twice.
var retryAfter = []time.Duration{time.Second, 3 * time.Second}

// RetryAfter says whether the send a was the answer to should be tried again, and after
// how long; attempt counts the sends so far, from 1. A report is sent again after no
// answer, a gateway's, and the Worker's api.Outcomes.Unavailable; never after a rate
// limit, whose wait (a minute) is longer than a reporter watches a button.
func (a Answer) RetryAfter(attempt int) (time.Duration, bool) {
	again := a.Code == api.Outcomes.Unavailable.Code
	for _, o := range notTheWorkers {
		again = again || a.Code == o.Code
	}
	if again && attempt <= len(retryAfter) {
		return retryAfter[attempt-1], true
	}
	return 0, false
}
