package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"abusedesk/schemas/report"
)

// Erasure of one report on an operator's word, and what the store holds of it, for an
// operator answering who asks.

// ErrBusy is a report being mailed, to the desk or its reporter, at this moment: erasing it
// now could let the mail's record write it back. A minute later it is not.
var ErrBusy = errBusy

// Erase deletes everything kept of the report ref: the report, its files, the claim of its
// idempotency key, its markers (pending, dead letter, set aside, delivered, confirmation,
// decision notices) and its case.
// It returns how many objects it deleted, ErrNotFound when there was nothing under the
// reference, or an error wrapping ErrBusy while a delivery, a confirmation or a notice
// holds it. A report not yet delivered is erased too, as an operator asks: it is then
// never mailed, and no notice of it is sent. The log names the reference alone.
func (s *Service) Erase(ctx context.Context, ref string) (int, error) {
	if !IsReference(ref) {
		return 0, fmt.Errorf("erasing %q: %w", ref, ErrNotFound)
	}
	n, err := s.erase(ctx, ref, false)
	if err != nil {
		return n, err
	}
	if n == 0 {
		return 0, fmt.Errorf("erasing report %s: %w", ref, ErrNotFound)
	}
	s.log.Warn("report erased by an operator", "reference", ref, "objects", n)
	return n, nil
}

// erase deletes what Erase does, holding the three leases so no mail of the report is
// being sent meanwhile; onlyDelivered stops short of a report that is not marked
// delivered, and leaves its case, which is kept longer (the sweep of expired reports), but
// not the notices still to be sent, whose address goes with the report. It deletes what
// stops a mail first (the markers), what names the reporter next, the index last, so an
// erasure cut short is finished by the next.
func (s *Service) erase(ctx context.Context, ref string, onlyDelivered bool) (int, error) {
	for _, prefix := range []string{SendingPrefix, ConfirmingPrefix, NotifyingPrefix} {
		release, err := s.leaseOn(ctx, prefix, ref)
		if err != nil {
			return 0, fmt.Errorf("erasing report %s: %w", ref, err)
		}
		defer release()
	}
	h, err := s.held(ctx, ref, !onlyDelivered)
	if err != nil {
		return 0, fmt.Errorf("erasing report %s: %w", ref, err)
	}
	if onlyDelivered && h.report != nil && h.report.Meta[MetaDelivered] == "" {
		return 0, fmt.Errorf("report %s is indexed as delivered but not marked so; kept", ref)
	}
	n := 0
	for _, key := range h.keys {
		if err := s.store.Delete(ctx, key); err != nil {
			return n, fmt.Errorf("erasing report %s: %w", ref, err)
		}
		n++
	}
	return n, nil
}

// holding is what the store keeps of one report: its object (nil when there is none), the
// report as stored, and the keys of every object kept of it, in the order erase deletes
// them.
type holding struct {
	report *Object
	filed  report.Filed
	keys   []string
}

// held finds every object kept of the report ref: its markers (its decision notices'
// among them), its files, the claim of its key, the report itself and its index, and with
// withCase its case.
func (s *Service) held(ctx context.Context, ref string, withCase bool) (holding, error) {
	var h holding
	data, obj, err := s.store.Get(ctx, ReportKey(ref))
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return h, err
	default:
		h.report = &obj
		// A report unreadable is found all the same, its key left to expire.
		h.filed, _ = decodeReport(data)
	}
	candidates := []string{PendingPrefix + ref, ConfirmPrefix + ref}
	files, err := s.store.List(ctx, ReportsPrefix+ref+"/")
	if err != nil {
		return h, err
	}
	for _, f := range files {
		h.keys = append(h.keys, f.Key)
	}
	notices, err := s.store.List(ctx, NoticePrefix+ref+"/")
	if err != nil {
		return h, err
	}
	for _, o := range notices {
		h.keys = append(h.keys, o.Key)
	}
	if withCase {
		steps, err := s.store.List(ctx, CasesPrefix+ref+"/")
		if err != nil {
			return h, err
		}
		for _, o := range steps {
			h.keys = append(h.keys, o.Key)
		}
		candidates = append(candidates, CaseKey(ref))
		// A machine reporter's listing names the report as long as its case is kept.
		id, err := s.machineOf(ctx, ref, h.filed)
		if err != nil {
			return h, err
		}
		if id != "" {
			candidates = append(candidates, MachineKey(id, ref))
		}
	}
	if strings.HasPrefix(h.filed.Key, KeysPrefix) {
		candidates = append(candidates, h.filed.Key)
	}
	if h.report != nil {
		candidates = append(candidates, ReportKey(ref))
	}
	for _, key := range append(candidates, DeadPrefix+ref, RefusedPrefix+ref, DeliveredPrefix+ref) {
		if key != ReportKey(ref) {
			if _, err := s.store.Head(ctx, key); errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return h, err
			}
		}
		h.keys = append(h.keys, key)
	}
	// What stops a mail goes first: the markers, before the files.
	slices.SortStableFunc(h.keys, func(a, b string) int {
		return rank(a, ref) - rank(b, ref)
	})
	return h, nil
}

// rank orders a report's objects for deletion: markers that start a mail, then files, the
// key's claim, the report, and last the markers that only record.
func rank(key, ref string) int {
	switch {
	case strings.HasPrefix(key, PendingPrefix), strings.HasPrefix(key, ConfirmPrefix), strings.HasPrefix(key, NoticePrefix):
		return 0
	case strings.HasPrefix(key, ReportsPrefix+ref+"/"):
		return 1
	case strings.HasPrefix(key, KeysPrefix), strings.HasPrefix(key, MachinePrefix):
		// The listing's entry before the report and the case's head, which name its key.
		return 2
	case key == ReportKey(ref):
		return 3
	}
	return 4
}

// Held is what the store keeps of one report, for an operator answering who asks what is
// held or checking what an erasure or the retention left: counts and dates, nothing the
// reporter wrote.
type Held struct {
	Reference string
	// Received is when it was received; Delivered, when the abuse mailbox took it (zero
	// until then).
	Received, Delivered time.Time
	// Pending: still to be mailed; SetAside: refused by the mailbox for good;
	// Confirmation: the reporter's confirmation still to be sent.
	Pending, SetAside, Confirmation bool
	Files, Objects                  int
	// CaseSteps counts the steps the desk recorded in the report's case (its head
	// aside); NoticesSent, the reporter's decision notices its case records as sent, and
	// NoticesWaiting those still to be sent.
	CaseSteps, NoticesSent, NoticesWaiting int
}

// Describe says what the store keeps of the report ref, or ErrNotFound when nothing.
func (s *Service) Describe(ctx context.Context, ref string) (Held, error) {
	if !IsReference(ref) {
		return Held{}, fmt.Errorf("describing %q: %w", ref, ErrNotFound)
	}
	h, err := s.held(ctx, ref, true)
	if err != nil {
		return Held{}, fmt.Errorf("describing report %s: %w", ref, err)
	}
	if len(h.keys) == 0 {
		return Held{}, fmt.Errorf("describing report %s: %w", ref, ErrNotFound)
	}
	d := Held{Reference: ref, Received: h.filed.Received, Objects: len(h.keys)}
	if h.report != nil {
		d.Delivered, _ = time.Parse(time.RFC3339, h.report.Meta[MetaDelivered])
	}
	for _, k := range h.keys {
		switch {
		case k == PendingPrefix+ref:
			d.Pending = true
		case k == RefusedPrefix+ref:
			d.SetAside = true
		case k == ConfirmPrefix+ref:
			d.Confirmation = true
		case strings.HasPrefix(k, ReportsPrefix+ref+"/"):
			d.Files++
		case isStepKey(ref, k):
			d.CaseSteps++
		case strings.HasPrefix(k, CasesPrefix+ref+"/notice-"):
			d.NoticesSent++
		case strings.HasPrefix(k, NoticePrefix+ref+"/"):
			d.NoticesWaiting++
		}
	}
	return d, nil
}
