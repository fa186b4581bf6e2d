package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"abusedesk/schemas/report"
)

// ErrKeyReused is an idempotency key sent again with a different report: a key is the
// client's promise that two posts are the same report, so the second is refused rather
// than answered with the first's reference while it is thrown away.
var ErrKeyReused = errors.New("the idempotency key was used for a different report")

// KeyOf is where the claim of a client's idempotency key is kept. The key is scoped to the
// reporter's e-mail address, the one thing every report names its sender by: one
// reporter's key cannot meet another's, whatever either sends, while the same reporter's
// retry, from whatever network, finds its claim. Both are hashed, so no client's text
// names an object.
func KeyOf(reporter, clientKey string) string {
	h := sha256.New()
	for _, s := range []string{strings.ToLower(strings.TrimSpace(reporter)), clientKey} {
		binary.Write(h, binary.BigEndian, uint32(len(s)))
		h.Write([]byte(s))
	}
	return KeysPrefix + hex.EncodeToString(h.Sum(nil))
}

// claim is what an idempotency key was given: the report's reference and fingerprint.
type claim struct {
	Reference   string `json:"reference"`
	Fingerprint string `json:"fingerprint"`
}

// claimKey gives the client's idempotency key the reference ref for the report of
// fingerprint fp, unless an earlier post claimed it: then it returns that post's
// reference, or ErrKeyReused when that post was another report. created says whether
// this call made the claim. The claim is a conditional write, so of two posts at the same
// moment one wins and the other gets its reference.
func (s *Service) claimKey(ctx context.Context, key, ref, fp string) (prior string, created bool, err error) {
	data, err := json.Marshal(claim{ref, fp})
	if err != nil {
		return "", false, fmt.Errorf("claiming idempotency key: %w", err)
	}
	if created, err = s.store.Create(ctx, key, data, nil); err != nil {
		return "", false, fmt.Errorf("claiming idempotency key: %w", err)
	}
	if created {
		return ref, true, nil
	}
	data, _, err = s.store.Get(ctx, key)
	if err != nil {
		return "", false, fmt.Errorf("reading idempotency key: %w", err)
	}
	var c claim
	if err := json.Unmarshal(data, &c); err != nil || !IsReference(c.Reference) {
		return "", false, fmt.Errorf("idempotency key %s holds %q, not a claim", key, data)
	}
	if c.Fingerprint != fp {
		return "", false, ErrKeyReused
	}
	return c.Reference, false, nil
}

// fingerprint identifies a report by what was sent: its language, its fields and its
// files (names, kinds, lengths and hashes), not by when it came or the reference it got.
// Two posts with one fingerprint are the same report.
func fingerprint(rep report.Filed, files []report.FileInfo) string {
	h := sha256.New()
	write := func(s string) {
		binary.Write(h, binary.BigEndian, uint32(len(s)))
		h.Write([]byte(s))
	}
	write(rep.Lang)
	for _, k := range slices.Sorted(maps.Keys(rep.Fields)) {
		write(k)
		write(rep.Fields[k])
	}
	for _, f := range files {
		write(f.Name)
		write(f.Kind)
		write(f.SHA256)
		write(fmt.Sprint(f.Size))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// forget withdraws a claim this post made for a reference it cannot keep, so the key's
// next post makes its own.
func (s *Service) forget(ctx context.Context, key string) {
	if err := s.store.Delete(ctx, key); err != nil {
		s.log.Warn("withdrawing an idempotency key's claim", "err", err)
	}
}
