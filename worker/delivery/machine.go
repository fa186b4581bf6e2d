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

// The index of each machine reporter's reports, which its listing reads (MachineReports):
//
//	machine/<key id>/<ref>   one report the key sent; empty, its metadata says when it was
//	                         received and the reporter's own report_id
//
// It names nothing a person wrote, and lives as long as the report's case: the sweep
// deletes it with the case (expireCases), an erasure with the report. File writes it once
// the report is stored, and the delivery again (a Put of the same), so a report whose first
// write failed is listed once it is forwarded.

// MachinePrefix holds the machine reporters' indexes.
const MachinePrefix = "machine/"

// MachineKey is where the report ref of the key id is indexed.
func MachineKey(id, ref string) string { return MachinePrefix + id + "/" + ref }

const metaReportID = "report_id"

// indexMachine writes the index entry of a machine reporter's report. A failure is logged:
// the report is kept, and its delivery writes the entry again.
func (s *Service) indexMachine(ctx context.Context, rep report.Filed) {
	meta := markerMeta(rep.Received)
	if rep.Machine.ReportID != "" {
		meta[metaReportID] = rep.Machine.ReportID
	}
	if err := s.store.Put(ctx, MachineKey(rep.Machine.Key, rep.Reference), nil, meta); err != nil {
		s.log.Warn("indexing a machine reporter's report; its delivery will", "reference", rep.Reference, "err", err)
	}
}

// Listed is one report in a machine reporter's listing: its reference, when it was
// received, and the reporter's own report_id.
type Listed struct {
	Reference string
	Received  time.Time
	ReportID  string
}

// MachineReports lists the reports the key id sent that were received at since or after,
// oldest first.
func (s *Service) MachineReports(ctx context.Context, id string, since time.Time) ([]Listed, error) {
	objs, err := s.store.List(ctx, MachinePrefix+id+"/")
	if err != nil {
		return nil, fmt.Errorf("listing the reports of reporter key %s: %w", id, err)
	}
	var out []Listed
	for _, o := range objs {
		at, err := time.Parse(time.RFC3339, o.Meta[metaReceived])
		if err != nil || at.Before(since) {
			continue
		}
		out = append(out, Listed{Reference: o.Key[len(MachinePrefix)+len(id)+1:], Received: at, ReportID: o.Meta[metaReportID]})
	}
	slices.SortStableFunc(out, func(a, b Listed) int {
		if c := a.Received.Compare(b.Received); c != 0 {
			return c
		}
		return strings.Compare(a.Reference, b.Reference)
	})
	return out, nil
}

// machineOf is the key id of the machine reporter that sent the report ref, filed as it is
// stored (if it still is), else as its case's head says; "" for a person's report.
func (s *Service) machineOf(ctx context.Context, ref string, filed report.Filed) (string, error) {
	if filed.Machine != nil {
		return filed.Machine.Key, nil
	}
	data, _, err := s.store.Get(ctx, CaseKey(ref))
	switch {
	case errors.Is(err, ErrNotFound):
		return "", nil
	case err != nil:
		return "", err
	}
	var h CaseHead
	if err := json.Unmarshal(data, &h); err != nil {
		return "", fmt.Errorf("reading case %s: %w", ref, err)
	}
	return h.Machine, nil
}
