package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"abusedesk/schemas/report"
	"abusedesk/worker/email"
)

// ErrNotFound is what a Store returns for a key it does not hold.
var ErrNotFound = errors.New("not found")

// Object is what a Store says about one stored object.
type Object struct {
	Key      string
	Uploaded time.Time
	Meta     map[string]string
}

// Store keeps objects under keys, each with a little metadata; in the Worker it is an R2
// bucket (package bindings). A report is written to it before the reporter is told it was
// received, so a Put that returns nil must mean the object is durable.
type Store interface {
	Put(ctx context.Context, key string, data []byte, meta map[string]string) error
	// Create writes the object only if there is none under key, and says whether it did;
	// of two concurrent Creates of one key, one wins.
	Create(ctx context.Context, key string, data []byte, meta map[string]string) (bool, error)
	// Get returns the object's data and metadata, or ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, Object, error)
	// Open reads the object's data as it comes, or fails with ErrNotFound: a report's
	// files are mailed without ever being all in memory.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Head returns the object's metadata, or ErrNotFound.
	Head(ctx context.Context, key string) (Object, error)
	// List returns every object whose key starts with prefix, in key order, metadata
	// included.
	List(ctx context.Context, prefix string) ([]Object, error)
	Delete(ctx context.Context, key string) error
}

// The store's layout. A report's reference names its objects:
//
//	reports/<ref>.json   the report (report.Filed); metadata delivered=<RFC 3339> once
//	                     mailed, or refused=<why> once set aside
//	reports/<ref>/<n>    its attached files, in order
//	pending/<ref>        there while the report is not yet delivered (what the sweep reads);
//	                     it holds the report's fingerprint
//	dead/<ref>           there when the queue gave up on it (what the operator reads)
//	refused/<ref>        there when the mailbox refused it for good (what the operator reads)
//	keys/<sha256>        the reference and fingerprint an idempotency key was given
//	sending/<ref>        there while one delivery is mailing the report (a lease)
//	sweep/next           where the next sweep starts in the pending list
//	delivered/<ref>      there once the report is delivered, with when (what the sweep
//	                     that deletes expired reports reads)
//	confirm/<ref>        there while the reporter's confirmation is still to be sent
//	confirming/<ref>     there while one sender is mailing the confirmation (a lease)
//	limits/<day>/to/<sha256>/<n>, limits/<day>/from/<sha256>/<n>
//	                     the n-th confirmation of a UTC day to one address, and from one
//	                     client address, hashed (ConfirmationLimits)
//	cases/<ref>.json, cases/<ref>/<n>
//	                     the report's case: its head and the desk's steps (case.go), kept
//	                     Retention.CaseRecords after the last, when the report itself is gone
//	notify/<ref>/<n>     there while the reporter's notice of the decision at step n of the
//	                     case is still to be sent (notice.go)
//	notifying/<ref>      there while one sender is mailing a notice of the report (a lease)
//	reporters/<id>.json  a machine reporter's key (reporters.go), the operator's to write
//	machine/<id>/<ref>   a machine reporter's report, in its listing (machine.go)
//
// Nothing under pending/, dead/ or refused/, nor a report not yet delivered, is ever
// deleted by age: the R2 lifecycle rules (LifecycleRules) spare those prefixes, and the
// sweep rewrites a report that waits long enough to near the rule on reports/.
const (
	ReportsPrefix    = "reports/"
	PendingPrefix    = "pending/"
	DeadPrefix       = "dead/"
	RefusedPrefix    = "refused/"
	KeysPrefix       = "keys/"
	SendingPrefix    = "sending/"
	DeliveredPrefix  = "delivered/"
	ConfirmPrefix    = "confirm/"
	ConfirmingPrefix = "confirming/"
	LimitsPrefix     = "limits/"
	NoticePrefix     = "notify/"
	NotifyingPrefix  = "notifying/"
	SweepPrefix      = "sweep/"
	sweepCursor      = SweepPrefix + "next"
	// MetaDelivered is the metadata that marks a report delivered, with when; MetaRefused
	// marks one the mailbox refused for good, with why.
	MetaDelivered = "delivered"
	MetaRefused   = "refused"
	metaReceived  = "received"
	metaAt        = "at"
)

// ReportKey is where the report ref is kept.
func ReportKey(ref string) string { return ReportsPrefix + ref + ".json" }

// FileKey is where the n-th file of the report ref is kept.
func FileKey(ref string, n int) string { return ReportsPrefix + ref + "/" + strconv.Itoa(n) }

func markerMeta(received time.Time) map[string]string {
	return map[string]string{metaReceived: received.UTC().Format(time.RFC3339)}
}

// ErrReferenceTaken is a reference already given to another report: the report must be
// filed again under a new one.
var ErrReferenceTaken = errors.New("the reference is another report's")

// save writes a report to the store unless it is there already, and returns the report
// as stored and whether this call stored it. Every object that decides is written only if
// it is not there (conditional writes), so a reference is never given to two reports and
// two posts of one report at the same moment store it once: first the pending marker
// (which holds the report's fingerprint, so the sweep sees a report from its first byte
// on, and a post of the same report can tell its twin from another report), then its
// files, then the report itself, the object that says it exists. A stored report is never
// written over here. shared says that another post may be storing the same report (it
// has the same idempotency key); without it, any object already under the reference is
// another report's.
func (s *Service) save(ctx context.Context, rep report.Filed, files []report.File, fp string, shared bool) (report.Filed, bool, error) {
	ref := rep.Reference
	created, err := s.store.Create(ctx, PendingPrefix+ref, []byte(fp), markerMeta(rep.Received))
	if err != nil {
		return report.Filed{}, false, fmt.Errorf("storing report %s: pending marker: %w", ref, err)
	}
	if !created {
		if !shared {
			return report.Filed{}, false, ErrReferenceTaken
		}
		data, _, err := s.store.Get(ctx, PendingPrefix+ref)
		switch {
		case errors.Is(err, ErrNotFound):
			// Delivered since: the report itself answers below.
		case err != nil:
			return report.Filed{}, false, fmt.Errorf("storing report %s: pending marker: %w", ref, err)
		case string(data) != fp:
			return report.Filed{}, false, ErrReferenceTaken
		}
	}
	if stored, err := s.existing(ctx, ref, fp); !errors.Is(err, ErrNotFound) {
		if created && (err == nil || errors.Is(err, ErrReferenceTaken)) {
			// Our marker beside a report already delivered: the sweep must not find it.
			s.dropMarker(ctx, ref)
		}
		return stored, false, err
	}
	if rep.Confirm {
		// Before the report: a report that says a confirmation was promised always has
		// it waiting.
		if err := s.store.Put(ctx, ConfirmPrefix+ref, nil, markerMeta(rep.Received)); err != nil {
			return report.Filed{}, false, fmt.Errorf("storing report %s: confirmation: %w", ref, err)
		}
	}
	rep.Files = make([]report.FileInfo, len(files))
	for i, f := range files {
		if err := s.store.Put(ctx, FileKey(ref, i), f.Data, nil); err != nil {
			return report.Filed{}, false, fmt.Errorf("storing report %s: file %d: %w", ref, i, err)
		}
		rep.Files[i] = f.FileInfo
	}
	data, err := json.Marshal(rep)
	if err != nil {
		return report.Filed{}, false, fmt.Errorf("storing report %s: %w", ref, err)
	}
	if created, err := s.store.Create(ctx, ReportKey(ref), data, nil); err != nil {
		return report.Filed{}, false, fmt.Errorf("storing report %s: %w", ref, err)
	} else if !created {
		stored, err := s.existing(ctx, ref, fp)
		return stored, false, err
	}
	return rep, true, nil
}

// existing returns the report stored under ref when it is the report of fingerprint fp;
// ErrReferenceTaken when it is another, ErrNotFound when there is none.
func (s *Service) existing(ctx context.Context, ref, fp string) (report.Filed, error) {
	stored, _, err := s.loadReport(ctx, ref)
	if err != nil {
		return report.Filed{}, err
	}
	if fingerprint(stored, stored.Files) != fp {
		return report.Filed{}, ErrReferenceTaken
	}
	return stored, nil
}

// dropMarker removes a pending marker written beside a report already delivered. Should
// that fail, the sweep finds the report delivered and removes it.
func (s *Service) dropMarker(ctx context.Context, ref string) {
	if err := s.store.Delete(ctx, PendingPrefix+ref); err != nil {
		s.log.Warn("removing a pending marker; the sweep will", "reference", ref, "err", err)
	}
}

// loadReport reads a stored report back, without its files, and its object.
func (s *Service) loadReport(ctx context.Context, ref string) (report.Filed, Object, error) {
	data, obj, err := s.store.Get(ctx, ReportKey(ref))
	if err != nil {
		return report.Filed{}, obj, fmt.Errorf("loading report %s: %w", ref, err)
	}
	rep, err := decodeReport(data)
	if err != nil {
		return rep, obj, fmt.Errorf("loading report %s: %w", ref, err)
	}
	return rep, obj, nil
}

// storedReport is a report as the store holds it: today's shape (report.Filed), or the one
// reports had before Filed held a typed Report, their fields as strings by name under
// "fields", which a report stored or queued across the change still has.
type storedReport struct {
	report.Filed
	Fields map[string]string `json:"fields,omitempty"`
}

// decodeReport reads a stored report of either shape; it is written back in today's.
func decodeReport(data []byte) (report.Filed, error) {
	var s storedReport
	if err := json.Unmarshal(data, &s); err != nil {
		return report.Filed{}, err
	}
	if s.Fields != nil {
		s.Filed.Report = report.FromFields(s.Fields)
	}
	return s.Filed, nil
}

// attachments are the files of a stored report, read from the store as its mail is
// written.
func (s *Service) attachments(ctx context.Context, rep report.Filed) []email.Attachment {
	atts := make([]email.Attachment, len(rep.Files))
	for i, info := range rep.Files {
		key := FileKey(rep.Reference, i)
		atts[i] = email.Attachment{FileInfo: info, Open: func() (io.ReadCloser, error) {
			r, err := s.store.Open(ctx, key)
			if err != nil {
				return nil, fmt.Errorf("loading report %s: file %d: %w", rep.Reference, i, err)
			}
			return r, nil
		}}
	}
	return atts
}

// markDelivered records that the mailbox took the report: the report is written again
// with the time in its metadata (R2 cannot change metadata in place), then its markers go.
func (s *Service) markDelivered(ctx context.Context, rep report.Filed) error {
	now := s.now()
	meta := map[string]string{MetaDelivered: now.UTC().Format(time.RFC3339)}
	rep.Enter(report.Forwarded, now)
	if err := s.rewrite(ctx, rep, meta); err != nil {
		return fmt.Errorf("marking report %s delivered: %w", rep.Reference, err)
	}
	// The index the sweep that deletes expired reports reads, after the record: a report
	// indexed is always delivered.
	if err := s.store.Put(ctx, DeliveredPrefix+rep.Reference, nil, meta); err != nil {
		return fmt.Errorf("marking report %s delivered: %w", rep.Reference, err)
	}
	if err := s.dropMarkers(ctx, rep.Reference, PendingPrefix, DeadPrefix); err != nil {
		return fmt.Errorf("marking report %s delivered: %w", rep.Reference, err)
	}
	if rep.Machine != nil {
		s.indexMachine(ctx, rep)
	}
	// The case's head, which outlives the report for the status page and the desk. Should
	// it fail, the report stands in for it while it is kept, and the desk's first step
	// writes it (Record).
	if err := s.writeHead(ctx, headOf(rep, Object{})); err != nil {
		s.log.Warn("keeping the case's head; the desk's first step will", "reference", rep.Reference, "err", err)
	}
	return nil
}

// setAside records that the mailbox refused the report for good, and why: the report is
// marked so no delivery tries it again, listed for the operator (refused/<ref>), and no
// longer pending, so the sweep goes past it.
func (s *Service) setAside(ctx context.Context, rep report.Filed, why error) error {
	ref := rep.Reference
	reason := why.Error()
	if err := s.rewrite(ctx, rep, map[string]string{MetaRefused: reason}); err != nil {
		return fmt.Errorf("setting report %s aside: %w", ref, err)
	}
	at := map[string]string{metaAt: s.now().UTC().Format(time.RFC3339), MetaRefused: reason}
	if err := s.store.Put(ctx, RefusedPrefix+ref, nil, at); err != nil {
		return fmt.Errorf("setting report %s aside: %w", ref, err)
	}
	if err := s.dropMarkers(ctx, ref, PendingPrefix, DeadPrefix); err != nil {
		return fmt.Errorf("setting report %s aside: %w", ref, err)
	}
	return nil
}

// rewrite writes a report loaded from the store again, as it was, with new metadata.
func (s *Service) rewrite(ctx context.Context, rep report.Filed, meta map[string]string) error {
	data, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	return s.store.Put(ctx, ReportKey(rep.Reference), data, meta)
}

func (s *Service) dropMarkers(ctx context.Context, ref string, prefixes ...string) error {
	for _, p := range prefixes {
		if err := s.store.Delete(ctx, p+ref); err != nil {
			return err
		}
	}
	return nil
}
