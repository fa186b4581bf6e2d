package delivery

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Machine reporters: the operator's keys, each a reporter's (a blocklist, a CERT, a
// brand-protection firm), with a name and the categories it may report. The store keeps a
// key's record under its id, the key itself only as a digest:
//
//	reporters/<id>.json   the key's record (Reporter): name, categories, digest, created,
//	                      revoked; written by the operator (worker/cmd/reporterkey, make
//	                      reporter-key), never by the Worker
//
// A key reads adk_<id>_<secret>: the id finds the record, the whole key's SHA-256 must be
// its digest, compared in constant time. The secret is 256 random bits, so a digest
// without a salt or a slow hash is enough: nothing shorter than the key finds it.

// ReportersPrefix holds the machine reporters' keys.
const ReportersPrefix = "reporters/"

// ReporterRecord is where the record of the key id is kept.
func ReporterRecord(id string) string { return ReportersPrefix + id + ".json" }

// Reporter is the record of one machine reporter's key.
type Reporter struct {
	// ID names the key: in the key itself, in the records of the reports it sent, in the
	// rate limit's count; Name says whose it is, for the desk (its mail names both).
	ID   string `json:"id"`
	Name string `json:"name"`
	// Categories are the rules' categories its reports may be filed under.
	Categories []string `json:"categories"`
	// Digest is the SHA-256 of the key, hex.
	Digest  string    `json:"digest"`
	Created time.Time `json:"created"`
	// Revoked is when the operator revoked the key; zero while it works.
	Revoked time.Time `json:"revoked,omitzero"`
}

// May says whether the key may report a report of the category id.
func (r *Reporter) May(category string) bool { return slices.Contains(r.Categories, category) }

// reporterKeyPrefix starts every key; its id follows, an underscore, then its secret.
const reporterKeyPrefix = "adk_"

// The lengths of a key's id and secret, in base32 letters (lower-case, no padding): 60 and
// 256 bits.
const (
	reporterIDLen     = 12
	reporterSecretLen = 52
)

var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewReporterKey makes a key for the reporter name, who may report categories, from
// random (crypto/rand's Reader), created at now: the key, to hand over once, and its
// record, to store (ReporterRecord). Nothing keeps the key itself.
func NewReporterKey(name string, categories []string, random io.Reader, now time.Time) (string, Reporter, error) {
	b := make([]byte, 40)
	if _, err := io.ReadFull(random, b); err != nil {
		return "", Reporter{}, fmt.Errorf("making a reporter key: %w", err)
	}
	id := keyEncoding.EncodeToString(b[:8])[:reporterIDLen]
	return MakeReporterKey(id, keyEncoding.EncodeToString(b[8:])[:reporterSecretLen], name, categories, now)
}

// MakeReporterKey is the key of the id and secret given, and its record: for the one
// development key make dev accepts, whose id and secret the README gives, and for tests.
func MakeReporterKey(id, secret, name string, categories []string, now time.Time) (string, Reporter, error) {
	if !validKeyPart(id) || !validKeyPart(secret) || len(secret) < 32 {
		return "", Reporter{}, fmt.Errorf("a reporter key's id and secret are lower-case letters and digits 2-7, the secret 32 or more")
	}
	key := reporterKeyPrefix + id + "_" + secret
	return key, Reporter{ID: id, Name: name, Categories: categories, Digest: keyDigest(key), Created: now.UTC()}, nil
}

func validKeyPart(s string) bool {
	return s != "" && len(s) <= 64 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz234567") == ""
}

func keyDigest(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// ErrNoReporter is a key that opens nothing: none given, not a key's shape, unknown,
// another's secret, or revoked. All are answered alike.
var ErrNoReporter = errors.New("no such reporter key")

// maxReporterKey bounds what is read as a key before it is refused.
const maxReporterKey = 128

// Reporter finds the record of the machine reporter's key: ErrNoReporter when the key
// opens none (no record read for a key not of a key's shape), else the store's failure.
func (s *Service) Reporter(ctx context.Context, key string) (Reporter, error) {
	rest, ok := strings.CutPrefix(key, reporterKeyPrefix)
	id, secret, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || len(key) > maxReporterKey || !validKeyPart(id) || !validKeyPart(secret) {
		return Reporter{}, ErrNoReporter
	}
	data, _, err := s.store.Get(ctx, ReporterRecord(id))
	switch {
	case errors.Is(err, ErrNotFound):
		return Reporter{}, ErrNoReporter
	case err != nil:
		return Reporter{}, fmt.Errorf("reading reporter key %s: %w", id, err)
	}
	var r Reporter
	if err := json.Unmarshal(data, &r); err != nil {
		return Reporter{}, fmt.Errorf("reading reporter key %s: %w", id, err)
	}
	if subtle.ConstantTimeCompare([]byte(keyDigest(key)), []byte(r.Digest)) != 1 || r.ID != id || !r.Revoked.IsZero() {
		return Reporter{}, ErrNoReporter
	}
	return r, nil
}
