package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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

// MachineKeyOf is where the claim of a machine reporter's client token is kept: scoped to
// the reporter's key (its id), as KeyOf scopes a person's to their address. Its parts
// cannot be read as KeyOf's: a client's key is printable, a length's bytes are not.
func MachineKeyOf(reporter, token string) string {
	h := sha256.New()
	for _, s := range []string{"machine", reporter, token} {
		binary.Write(h, binary.BigEndian, uint32(len(s)))
		h.Write([]byte(s))
	}
	return KeysPrefix + hex.EncodeToString(h.Sum(nil))
}

// claimKeyOf is where the claim of the client's key is kept for rep: a machine reporter's
// scoped to its key, a person's to their address.
func claimKeyOf(rep report.Filed, clientKey string) string {
	if rep.Machine != nil {
		return MachineKeyOf(rep.Machine.Key, clientKey)
	}
	return KeyOf(rep.Report.Email, clientKey)
}

// claim is what an idempotency key was given: the report's reference and fingerprint, and
// whether it was promised a confirmation. The promise is made before the claim, so every
// post of the report says the same, whichever of them stores it.
type claim struct {
	Reference   string `json:"reference"`
	Fingerprint string `json:"fingerprint"`
	Confirm     bool   `json:"confirm,omitempty"`
}

// claimKey returns the claim of the client's idempotency key key for the report rep of
// fingerprint fp, filed with options o: an earlier post's (ErrKeyReused when that post was
// another report), or one this call makes (created), whose confirmation promise is decided
// first and which returns the day's counts it took. The claim is a conditional write, so
// of two posts at the same moment one wins and the other gets its claim and gives its
// counts back.
func (s *Service) claimKey(ctx context.Context, key string, rep report.Filed, fp string, o filing) (c claim, created bool, taken []string, err error) {
	// A retry finds the claim and takes none of the day's confirmations.
	if c, err = s.readClaim(ctx, key, fp); !errors.Is(err, ErrNotFound) {
		return c, false, nil, err
	}
	c = claim{Reference: rep.Reference, Fingerprint: fp}
	c.Confirm, taken = s.promise(ctx, rep, o)
	data, err := json.Marshal(c)
	if err == nil {
		created, err = s.store.Create(ctx, key, data, nil)
	}
	switch {
	case err != nil:
		s.giveBack(ctx, taken)
		return claim{}, false, nil, fmt.Errorf("claiming idempotency key: %w", err)
	case created:
		return c, true, taken, nil
	}
	// A twin claimed the key first: its promise stands for this post too.
	s.giveBack(ctx, taken)
	c, err = s.readClaim(ctx, key, fp)
	return c, false, nil, err
}

// readClaim returns the claim of the idempotency key key, ErrNotFound when there is none,
// or ErrKeyReused when it was claimed for a report other than the one of fingerprint fp.
func (s *Service) readClaim(ctx context.Context, key, fp string) (claim, error) {
	data, _, err := s.store.Get(ctx, key)
	if err != nil {
		return claim{}, fmt.Errorf("reading idempotency key: %w", err)
	}
	var c claim
	if err := json.Unmarshal(data, &c); err != nil || !IsReference(c.Reference) {
		return claim{}, fmt.Errorf("idempotency key %s holds %q, not a claim", key, data)
	}
	if c.Fingerprint != fp {
		return claim{}, ErrKeyReused
	}
	return c, nil
}

// fingerprint identifies a report by what was sent: its language, its fields and its
// files (names, kinds, lengths and hashes), not by when it came or the reference it got;
// a machine reporter's by its key and its XARF report, which says more than the fields
// made of it, whatever language it asked to be answered in. Two posts with one
// fingerprint are the same report.
func fingerprint(rep report.Filed, files []report.FileInfo) string {
	h := sha256.New()
	write := func(s string) {
		binary.Write(h, binary.BigEndian, uint32(len(s)))
		h.Write([]byte(s))
	}
	if m := rep.Machine; m != nil {
		write("machine")
		write(m.Key)
		write(m.XARF)
		for _, f := range files {
			write(f.SHA256)
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	write(rep.Lang)
	// Name by name in the names' order, the blank ones left out, as the report's fields
	// were hashed when they were a map: a post sent again across the change is still
	// the same report.
	for _, name := range slices.Sorted(slices.Values(report.Names())) {
		if v := rep.Report.Get(name); v != "" {
			write(name)
			write(v)
		}
	}
	for _, f := range files {
		write(f.Name)
		write(f.Kind)
		write(f.SHA256)
		write(fmt.Sprint(f.Size))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// forget withdraws a claim this post made for a reference it cannot keep, and the
// confirmation counts it took, so the key's next post makes its own.
func (s *Service) forget(ctx context.Context, key string, taken []string) {
	if err := s.store.Delete(ctx, key); err != nil {
		s.log.Warn("withdrawing an idempotency key's claim", "err", err)
		return
	}
	s.giveBack(ctx, taken)
}
