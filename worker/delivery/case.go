package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"abusedesk/schemas/report"
)

// A report's case: what becomes of it once it is received, for the reporter's status page,
// the desk's page and the decision notices, kept apart from the report so that it outlives
// it (Retention.CaseRecords against DeliveredReports) and so that the desk's steps never
// race the delivery's writes of the report:
//
//	cases/<ref>.json   the case's head (CaseHead): what the report was about, nothing the
//	                   reporter wrote; written once the report is forwarded, or by the
//	                   desk's first step
//	cases/<ref>/<n>    the n-th step the desk recorded (report.Event), n zero-padded so the
//	                   store lists them in order; each written once (Create), so two steps
//	                   recorded at once each get a number of their own and none is lost
//	cases/<ref>/notice-<n>
//	                   there once the reporter was sent the notice of the decision at step
//	                   n, written then (notice.go); empty

// CasesPrefix holds the cases.
const CasesPrefix = "cases/"

// CaseKey is where the head of the case of the report ref is kept, and StepKey its n-th
// step.
func CaseKey(ref string) string { return CasesPrefix + ref + ".json" }

// StepKey is where the n-th step the desk recorded in the case of ref is kept.
func StepKey(ref string, n int) string {
	return CasesPrefix + ref + "/" + fmt.Sprintf("%06d", n)
}

// isStepKey says whether key, under the case of ref, is one of its steps (StepKey).
func isStepKey(ref, key string) bool {
	n, ok := strings.CutPrefix(key, CasesPrefix+ref+"/")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

// CaseHead is what a case keeps of its report: enough to say its deadlines and its
// states in the reporter's language, and nothing they wrote.
type CaseHead struct {
	Reference string    `json:"reference"`
	Received  time.Time `json:"received"`
	Lang      string    `json:"lang"`
	Category  string    `json:"category"`
	Requester string    `json:"requester,omitempty"`
	// Forwarded is when the abuse mailbox took the report; zero until then.
	Forwarded time.Time `json:"forwarded,omitzero"`
	// Machine names the key of the machine reporter that sent it, if one did.
	Machine string `json:"machine,omitempty"`
}

// Case is one report's case: its head and its history, oldest first (received, forwarded,
// then the steps the desk recorded).
type Case struct {
	CaseHead
	History []report.Event
	// Report is the report itself while it is kept; nil once the retention took it.
	Report *report.Filed
}

// State is where the case stands.
func (c *Case) State() report.State { return report.StateOf(c.History) }

// ErrCaseStep is a step the case cannot take: a report not yet forwarded cannot have its
// customer notified or be decided.
var ErrCaseStep = errors.New("the report is not forwarded yet")

// ErrStepTaken is a step recorded AtStep a number the case has gone past: the desk's form
// sent twice, or another step recorded first.
var ErrStepTaken = errors.New("the case has changed since the step was made")

// maxStepTries bounds how often Record numbers a step again when another took its number.
const maxStepTries = 8

// RecordOption changes how Record records a step.
type RecordOption func(*recording)

type recording struct {
	// at is the length the case's history must have for the step to be recorded; -1,
	// any.
	at int
}

// AtStep records the step only as the n-th of the case's history (counting received and
// forwarded), that is only while the history has n steps, and else refuses it with
// ErrStepTaken: a one-use number for the form or the request that made it, so a step sent
// twice, even twice at once, is recorded once (its object is written only if absent).
func AtStep(n int) RecordOption {
	return func(r *recording) { r.at = n }
}

// Record adds the desk's step ev to the case of the report ref, stamping it with the
// store's time when it has none, and returns the case as it now stands. ErrNotFound: no
// such report, nor case; ErrCaseStep: the report is not forwarded yet (only forwarded
// reports reach the desk); ErrStepTaken: AtStep's number is taken. The caller checks the
// step against the rules.
//
// A decision whose reporter gave an address fit to write to, while the Worker writes to
// reporters, is told them (Notify): its notice is promised before the step is written, so
// it is never lost, and queued once it is; the caller need do nothing more.
func (s *Service) Record(ctx context.Context, ref string, ev report.Event, opts ...RecordOption) (Case, error) {
	o := recording{at: -1}
	for _, opt := range opts {
		opt(&o)
	}
	c, err := s.Case(ctx, ref)
	if err != nil {
		return Case{}, err
	}
	if c.Forwarded.IsZero() {
		return Case{}, ErrCaseStep
	}
	if o.at >= 0 && len(c.History) != o.at {
		return Case{}, ErrStepTaken
	}
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	ev.At = ev.At.UTC()
	if _, err := s.store.Head(ctx, CaseKey(ref)); errors.Is(err, ErrNotFound) {
		if err := s.writeHead(ctx, c.CaseHead); err != nil {
			return Case{}, err
		}
	} else if err != nil {
		return Case{}, fmt.Errorf("recording in case %s: %w", ref, err)
	}
	data, err := json.Marshal(ev)
	if err != nil {
		return Case{}, fmt.Errorf("recording in case %s: %w", ref, err)
	}
	// A decision its reporter is told of has its notice promised before it is recorded
	// (notice.go), so no decision stands without its notice waiting.
	notify := ev.State == report.Decided && s.notifies(&c)
	n := len(c.History) - len(c.reportHistory())
	for range maxStepTries {
		created, err := s.createStep(ctx, ref, n, data, notify)
		if err != nil {
			return Case{}, fmt.Errorf("recording in case %s: %w", ref, err)
		}
		if created {
			s.log.Info("case step recorded", "reference", ref, "state", ev.State, "outcome", ev.Outcome)
			if notify {
				s.queueNotice(ctx, ref, n)
			}
			return s.Case(ctx, ref)
		}
		if o.at >= 0 {
			return Case{}, ErrStepTaken
		}
		n++ // another step took the number first
	}
	return Case{}, fmt.Errorf("recording in case %s: %d numbers in a row were taken", ref, maxStepTries)
}

// Case reads the case of the report ref: its head (from the report itself while the case
// has none), and its history. ErrNotFound when neither the report nor its case is kept.
func (s *Service) Case(ctx context.Context, ref string) (Case, error) {
	if !IsReference(ref) {
		return Case{}, ErrNotFound
	}
	var c Case
	rep, obj, err := s.loadReport(ctx, ref)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return Case{}, err
	default:
		c.Report = &rep
		c.CaseHead = headOf(rep, obj)
	}
	data, _, err := s.store.Get(ctx, CaseKey(ref))
	switch {
	case errors.Is(err, ErrNotFound):
		if c.Report == nil {
			return Case{}, fmt.Errorf("case %s: %w", ref, ErrNotFound)
		}
	case err != nil:
		return Case{}, fmt.Errorf("reading case %s: %w", ref, err)
	default:
		if err := json.Unmarshal(data, &c.CaseHead); err != nil {
			return Case{}, fmt.Errorf("reading case %s: %w", ref, err)
		}
	}
	c.History = c.reportHistory()
	steps, err := s.store.List(ctx, CasesPrefix+ref+"/")
	if err != nil {
		return Case{}, fmt.Errorf("reading case %s: %w", ref, err)
	}
	for _, o := range steps {
		if !isStepKey(ref, o.Key) {
			continue // a notice's record (NoticeSentKey)
		}
		data, _, err := s.store.Get(ctx, o.Key)
		if err != nil {
			return Case{}, fmt.Errorf("reading case %s: %w", ref, err)
		}
		var ev report.Event
		if err := json.Unmarshal(data, &ev); err != nil {
			return Case{}, fmt.Errorf("reading case %s: step %s: %w", ref, strings.TrimPrefix(o.Key, CasesPrefix), err)
		}
		c.History = append(c.History, ev)
	}
	return c, nil
}

// reportHistory is the report's own steps: received, and forwarded once it was.
func (c *Case) reportHistory() []report.Event {
	h := []report.Event{{State: report.Received, At: c.Received.UTC()}}
	if !c.Forwarded.IsZero() {
		h = append(h, report.Event{State: report.Forwarded, At: c.Forwarded.UTC()})
	}
	return h
}

// headOf is the head of the case of a stored report and its object, forwarded when the
// report says so or, stored before it kept a history, its object does.
func headOf(rep report.Filed, obj Object) CaseHead {
	h := CaseHead{Reference: rep.Reference, Received: rep.Received.UTC(), Lang: rep.Lang, Category: rep.Report.Category, Requester: rep.Report.Requester}
	if i := slices.IndexFunc(rep.History, func(e report.Event) bool { return e.State == report.Forwarded }); i >= 0 {
		h.Forwarded = rep.History[i].At
	} else if at, err := time.Parse(time.RFC3339, obj.Meta[MetaDelivered]); err == nil {
		h.Forwarded = at.UTC()
	}
	if rep.Machine != nil {
		h.Machine = rep.Machine.Key
	}
	return h
}

// writeHead keeps the head of a case.
func (s *Service) writeHead(ctx context.Context, h CaseHead) error {
	data, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("keeping case %s: %w", h.Reference, err)
	}
	if err := s.store.Put(ctx, CaseKey(h.Reference), data, s.writtenNow()); err != nil {
		return fmt.Errorf("keeping case %s: %w", h.Reference, err)
	}
	return nil
}

// writtenNow is the metadata of a case's object written now: when, on the Service's clock,
// which the case's retention counts from (writtenAt). The store's own date will not do: the
// sweep writes an old object of a case still kept again, as it is, to keep it from the R2
// lifecycle rule (keepCase).
func (s *Service) writtenNow() map[string]string {
	return map[string]string{metaAt: s.now().UTC().Format(time.RFC3339)}
}
