// Package links makes and checks the private links the Worker hands out: the reporter's
// status link, which shows how their report stands, and the desk's link to one report's
// page, on which the desk records what it decided. A link's token is a keyed digest
// (HMAC-SHA256) of what it opens, under a secret only the operator holds (the Worker's
// secret LINK_SECRET): nobody can make one without the secret, the Worker keeps nothing
// to look one up by, and the same report always gets the same status link, however often
// it is posted. Each kind of link is its own digest, so one never opens what another does.
package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"time"
)

// MinSecret is how long a secret must be, in bytes: a digest is no harder to forge than
// its key is to guess.
const MinSecret = 32

// StatusBytes and DeskBytes are how much of the digest a token keeps: 128 bits for the
// status link, which shows states and dates only, and 256 for the desk's, which records
// decisions.
const (
	StatusBytes = 16
	DeskBytes   = 32
)

// Signer makes and checks tokens under one secret. It is safe for concurrent use.
type Signer struct {
	key []byte
}

// ErrShortSecret is a secret shorter than MinSecret.
var ErrShortSecret = errors.New("links: the secret is shorter than 32 bytes: make one with `openssl rand -base64 48`")

// New makes a Signer of secret.
func New(secret string) (*Signer, error) {
	if len(secret) < MinSecret {
		return nil, ErrShortSecret
	}
	return &Signer{key: []byte(secret)}, nil
}

// StatusToken is the token of the status link of the report ref.
func (s *Signer) StatusToken(ref string) string {
	return s.token(StatusBytes, "status", ref)
}

// CheckStatus says whether token is the status token of ref. It takes as long whatever
// token it is given, so its time tells nothing of how near a guess came.
func (s *Signer) CheckStatus(ref, token string) bool {
	return s.check(token, StatusBytes, "status", ref)
}

// DeskToken is the token of the desk's link to the page of the report ref, good until
// expires (a second's precision).
func (s *Signer) DeskToken(ref string, expires time.Time) string {
	return s.token(DeskBytes, "desk", ref, strconv.FormatInt(expires.Unix(), 10))
}

// CheckDesk says whether token is the desk token of ref until expires, and expires is
// still ahead of now.
func (s *Signer) CheckDesk(ref string, expires time.Time, token string, now time.Time) bool {
	ok := s.check(token, DeskBytes, "desk", ref, strconv.FormatInt(expires.Unix(), 10))
	return ok && now.Before(expires)
}

// token is the first n bytes of the digest of the parts, in base64url without padding.
// The parts are written with their lengths, so no two lists of parts make one message.
func (s *Signer) token(n int, parts ...string) string {
	return base64.RawURLEncoding.EncodeToString(s.digest(parts)[:n])
}

func (s *Signer) check(token string, n int, parts ...string) bool {
	// Strict: a token has one spelling, not four (the last character's spare bits).
	got, err := base64.RawURLEncoding.Strict().DecodeString(token)
	want := s.digest(parts)[:n]
	// Compared in full even when the token is not base64 or not n bytes long.
	if err != nil || len(got) != n {
		got = make([]byte, n)
		hmac.Equal(got, want)
		return false
	}
	return hmac.Equal(got, want)
}

func (s *Signer) digest(parts []string) []byte {
	m := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		m.Write([]byte(strconv.Itoa(len(p))))
		m.Write([]byte{':'})
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}
