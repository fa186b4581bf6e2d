package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"abusedesk/schemas/report"
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
	Create(ctx context.Context, key string, data []byte) (bool, error)
	// Get returns the object's data and metadata, or ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, Object, error)
	// Head returns the object's metadata, or ErrNotFound.
	Head(ctx context.Context, key string) (Object, error)
	// List returns every object whose key starts with prefix, metadata included.
	List(ctx context.Context, prefix string) ([]Object, error)
	Delete(ctx context.Context, key string) error
}

// The store's layout. A report's reference names its objects:
//
//	reports/<ref>.json   the report (report.Filed); metadata delivered=<RFC 3339> once mailed
//	reports/<ref>/<n>    its attached files, in order
//	pending/<ref>        there while the report is not yet delivered (what the sweep reads)
//	dead/<ref>           there when the queue gave up on it (what the operator reads)
//	keys/<sha256>        the reference an idempotency key was given
//	sending/<ref>        there while one delivery is mailing the report (a lease)
const (
	ReportsPrefix = "reports/"
	PendingPrefix = "pending/"
	DeadPrefix    = "dead/"
	KeysPrefix    = "keys/"
	SendingPrefix = "sending/"
	// MetaDelivered is the metadata that marks a report delivered, with when.
	MetaDelivered = "delivered"
	metaReceived  = "received"
)

// ReportKey is where the report ref is kept.
func ReportKey(ref string) string { return ReportsPrefix + ref + ".json" }

// FileKey is where the n-th file of the report ref is kept.
func FileKey(ref string, n int) string { return ReportsPrefix + ref + "/" + strconv.Itoa(n) }

// KeyOf is where the reference given to a client's idempotency key is kept: the key
// hashed, so no client's text names an object.
func KeyOf(clientKey string) string {
	h := sha256.Sum256([]byte(clientKey))
	return KeysPrefix + hex.EncodeToString(h[:])
}

func markerMeta(received time.Time) map[string]string {
	return map[string]string{metaReceived: received.UTC().Format(time.RFC3339)}
}

// save writes a report to the store: first the pending marker (so a report can never be
// stored without the sweep seeing it), then its files, then the report itself, which is
// the object that says it exists.
func (s *Service) save(ctx context.Context, rep report.Filed, files []report.File) error {
	if err := s.store.Put(ctx, PendingPrefix+rep.Reference, nil, markerMeta(rep.Received)); err != nil {
		return fmt.Errorf("storing report %s: pending marker: %w", rep.Reference, err)
	}
	rep.Files = make([]report.FileInfo, len(files))
	for i, f := range files {
		if err := s.store.Put(ctx, FileKey(rep.Reference, i), f.Data, nil); err != nil {
			return fmt.Errorf("storing report %s: file %d: %w", rep.Reference, i, err)
		}
		rep.Files[i] = f.FileInfo
	}
	data, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("storing report %s: %w", rep.Reference, err)
	}
	if err := s.store.Put(ctx, ReportKey(rep.Reference), data, nil); err != nil {
		return fmt.Errorf("storing report %s: %w", rep.Reference, err)
	}
	return nil
}

// loadReport reads a stored report back, without its files, and its object.
func (s *Service) loadReport(ctx context.Context, ref string) (report.Filed, Object, error) {
	var rep report.Filed
	data, obj, err := s.store.Get(ctx, ReportKey(ref))
	if err != nil {
		return rep, obj, fmt.Errorf("loading report %s: %w", ref, err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return rep, obj, fmt.Errorf("loading report %s: %w", ref, err)
	}
	return rep, obj, nil
}

// loadFiles reads the files of a stored report.
func (s *Service) loadFiles(ctx context.Context, rep report.Filed) ([]report.File, error) {
	files := make([]report.File, len(rep.Files))
	for i, info := range rep.Files {
		data, _, err := s.store.Get(ctx, FileKey(rep.Reference, i))
		if err != nil {
			return nil, fmt.Errorf("loading report %s: file %d: %w", rep.Reference, i, err)
		}
		files[i] = report.File{FileInfo: info, Data: data}
	}
	return files, nil
}

// markDelivered records that the mailbox took the report: the report is written again
// with the time in its metadata (R2 cannot change metadata in place), then its markers go.
func (s *Service) markDelivered(ctx context.Context, rep report.Filed) error {
	ref := rep.Reference
	data, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("marking report %s delivered: %w", ref, err)
	}
	meta := map[string]string{MetaDelivered: s.now().UTC().Format(time.RFC3339)}
	if err := s.store.Put(ctx, ReportKey(ref), data, meta); err != nil {
		return fmt.Errorf("marking report %s delivered: %w", ref, err)
	}
	for _, k := range []string{PendingPrefix + ref, DeadPrefix + ref} {
		if err := s.store.Delete(ctx, k); err != nil {
			return fmt.Errorf("marking report %s delivered: %w", ref, err)
		}
	}
	return nil
}
