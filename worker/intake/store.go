package intake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
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
// bucket (package cloudflare). A report is written to it before the reporter is told it
// was received, so a Put that returns nil must mean the object is durable.
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
//	reports/<ref>.json   the report (storedReport); metadata delivered=<RFC 3339> once mailed
//	reports/<ref>/<n>    its attachments, in order
//	pending/<ref>        there while the report is not yet delivered (what the sweep reads)
//	dead/<ref>           there when the queue gave up on it (what the operator reads)
//	keys/<sha256>        the reference an idempotency key was given
//	sending/<ref>        there while one delivery is mailing the report (a lease)
const (
	pendingPrefix = "pending/"
	sendingPrefix = "sending/"
	deadPrefix    = "dead/"
	keysPrefix    = "keys/"
	metaDelivered = "delivered"
	metaReceived  = "received"
)

func reportKey(ref string) string            { return "reports/" + ref + ".json" }
func attachmentKey(ref string, n int) string { return "reports/" + ref + "/" + strconv.Itoa(n) }
func idempotencyKey(clientKey string) string { return keysPrefix + hashHex(clientKey) }
func hashHex(s string) string                { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
func markerMeta(received time.Time) map[string]string {
	return map[string]string{metaReceived: received.UTC().Format(time.RFC3339)}
}

// referencePattern is what NewReferences makes. A reference read back from a queue
// message or an object's name is checked against it before it names an object.
var referencePattern = regexp.MustCompile(`^AD-[0-9]{8}-[0-9A-Z]{6}$`)

// storedReport is a report as it is kept: everything needed to mail it again, by anyone,
// at any later time.
type storedReport struct {
	Reference string            `json:"reference"`
	Received  time.Time         `json:"received"`
	Lang      string            `json:"lang"`
	Fields    map[string]string `json:"fields"`
	// Declared are the words of the declaration the reporter made, as the form showed
	// them in Lang: the rules' words may change before the report is mailed.
	Declared    string       `json:"declared,omitempty"`
	Attachments []storedFile `json:"attachments,omitempty"`
}

// storedFile describes one attachment; its bytes are the object reports/<ref>/<n>.
type storedFile struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
	Size   int    `json:"size"`
}

// save writes a report to the store: first the pending marker (so a report can never be
// stored without the sweep seeing it), then its attachments, then the report itself, which
// is the object that says it exists.
func (h *Handler) save(ctx context.Context, rep storedReport, files []Attachment) error {
	if err := h.store.Put(ctx, pendingPrefix+rep.Reference, nil, markerMeta(rep.Received)); err != nil {
		return fmt.Errorf("storing report %s: pending marker: %w", rep.Reference, err)
	}
	rep.Attachments = make([]storedFile, len(files))
	for i, f := range files {
		if err := h.store.Put(ctx, attachmentKey(rep.Reference, i), f.Data, nil); err != nil {
			return fmt.Errorf("storing report %s: attachment %d: %w", rep.Reference, i, err)
		}
		rep.Attachments[i] = storedFile{Name: f.Name, Kind: f.Kind, SHA256: f.SHA256, Size: len(f.Data)}
	}
	data, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("storing report %s: %w", rep.Reference, err)
	}
	if err := h.store.Put(ctx, reportKey(rep.Reference), data, nil); err != nil {
		return fmt.Errorf("storing report %s: %w", rep.Reference, err)
	}
	return nil
}

// load reads a stored report back, attachments included, and whether it was delivered.
func (h *Handler) load(ctx context.Context, ref string) (storedReport, []Attachment, Object, error) {
	var rep storedReport
	data, obj, err := h.store.Get(ctx, reportKey(ref))
	if err != nil {
		return rep, nil, obj, fmt.Errorf("loading report %s: %w", ref, err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return rep, nil, obj, fmt.Errorf("loading report %s: %w", ref, err)
	}
	files := make([]Attachment, len(rep.Attachments))
	for i, f := range rep.Attachments {
		data, _, err := h.store.Get(ctx, attachmentKey(ref, i))
		if err != nil {
			return rep, nil, obj, fmt.Errorf("loading report %s: attachment %d: %w", ref, i, err)
		}
		files[i] = Attachment{Name: f.Name, Kind: f.Kind, Data: data, SHA256: f.SHA256}
	}
	return rep, files, obj, nil
}

// markDelivered records that the mailbox took the report: the report is written again
// with the time in its metadata (R2 cannot change metadata in place), then its markers go.
func (h *Handler) markDelivered(ctx context.Context, rep storedReport) error {
	ref := rep.Reference
	data, err := json.Marshal(rep)
	if err != nil {
		return fmt.Errorf("marking report %s delivered: %w", ref, err)
	}
	meta := map[string]string{metaDelivered: h.now().UTC().Format(time.RFC3339)}
	if err := h.store.Put(ctx, reportKey(ref), data, meta); err != nil {
		return fmt.Errorf("marking report %s delivered: %w", ref, err)
	}
	for _, k := range []string{pendingPrefix + ref, deadPrefix + ref} {
		if err := h.store.Delete(ctx, k); err != nil {
			return fmt.Errorf("marking report %s delivered: %w", ref, err)
		}
	}
	return nil
}

// claimKey gives the client's idempotency key the reference ref, unless an earlier post
// claimed it: then it returns that post's reference.
func (h *Handler) claimKey(ctx context.Context, clientKey, ref string) (string, error) {
	key := idempotencyKey(clientKey)
	created, err := h.store.Create(ctx, key, []byte(ref))
	if err != nil {
		return "", fmt.Errorf("claiming idempotency key: %w", err)
	}
	if created {
		return "", nil
	}
	data, _, err := h.store.Get(ctx, key)
	if err != nil {
		return "", fmt.Errorf("reading idempotency key: %w", err)
	}
	if prior := string(data); referencePattern.MatchString(prior) {
		return prior, nil
	}
	return "", fmt.Errorf("idempotency key %s holds %q, not a reference", key, data)
}

// leaseTTL is how long a delivery may hold a report before another may take it over: far
// longer than a send takes, so only a delivery that died mid-way leaves one that old.
const leaseTTL = 2 * time.Minute

// errBusy is a report another delivery is mailing right now.
var errBusy = errors.New("another delivery is mailing it")

// lease lets one delivery at a time mail a report, so the queue and the sweep (or two
// retries) never send it side by side. It returns the function that gives it back.
func (h *Handler) lease(ctx context.Context, ref string) (release func(), err error) {
	key := sendingPrefix + ref
	for range 2 {
		created, err := h.store.Create(ctx, key, nil)
		if err != nil {
			return nil, fmt.Errorf("leasing report %s: %w", ref, err)
		}
		if created {
			return func() {
				if err := h.store.Delete(ctx, key); err != nil {
					h.log.Warn("giving back a lease; it expires", "reference", ref, "err", err)
				}
			}, nil
		}
		held, err := h.store.Head(ctx, key)
		if errors.Is(err, ErrNotFound) {
			continue // given back in between: try again
		}
		if err != nil {
			return nil, fmt.Errorf("leasing report %s: %w", ref, err)
		}
		if h.now().Sub(held.Uploaded) < leaseTTL {
			return nil, fmt.Errorf("report %s: %w", ref, errBusy)
		}
		// Left by a delivery that died: take it over.
		if err := h.store.Delete(ctx, key); err != nil {
			return nil, fmt.Errorf("leasing report %s: %w", ref, err)
		}
	}
	return nil, fmt.Errorf("report %s: %w", ref, errBusy)
}
