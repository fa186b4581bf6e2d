package links_test

import (
	"strings"
	"testing"
	"time"

	"abusedesk/worker/links"
)

const (
	secret = "a secret of at least thirty-two bytes, for tests"
	ref    = "AD-20261205-7K3M9Q"
)

func signer(t *testing.T, secret string) *links.Signer {
	t.Helper()
	s, err := links.New(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStatusToken(t *testing.T) {
	s := signer(t, secret)
	tok := s.StatusToken(ref)
	if len(tok) != 22 || tok != s.StatusToken(ref) {
		t.Fatalf("token %q: want 22 characters (128 bits), the same every time", tok)
	}
	if !s.CheckStatus(ref, tok) {
		t.Fatal("its own token refused")
	}
	other := signer(t, secret+"!")
	for name, bad := range map[string]struct{ ref, token string }{
		"another report's":         {"AD-20261205-7K3M9R", tok},
		"truncated":                {ref, tok[:21]},
		"one character off":        {ref, tok[:10] + flip(tok[10]) + tok[11:]},
		"its spare bits set":       {ref, tok[:21] + spare(tok[21])},
		"longer":                   {ref, tok + "A"},
		"empty":                    {ref, ""},
		"not base64":               {ref, strings.Repeat("!", 22)},
		"made with another secret": {ref, other.StatusToken(ref)},
		"the desk's":               {ref, s.DeskToken(ref, time.Now().Add(time.Hour))[:22]},
	} {
		if s.CheckStatus(bad.ref, bad.token) {
			t.Errorf("%s token accepted", name)
		}
	}
}

func TestDeskToken(t *testing.T) {
	s := signer(t, secret)
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	exp := now.Add(30 * 24 * time.Hour)
	tok := s.DeskToken(ref, exp)
	if len(tok) != 43 || !s.CheckDesk(ref, exp, tok, now) {
		t.Fatalf("token %q (want 43 characters, 256 bits) refused", tok)
	}
	switch {
	case s.CheckDesk(ref, exp, tok, exp):
		t.Error("accepted at its expiry")
	case s.CheckDesk(ref, exp.Add(time.Hour), tok, now):
		t.Error("accepted with its expiry moved on")
	case s.CheckDesk("AD-20261205-7K3M9R", exp, tok, now):
		t.Error("accepted for another report")
	case s.CheckDesk(ref, exp, s.StatusToken(ref), now):
		t.Error("the status token opened the desk's page")
	case s.CheckDesk(ref, exp, tok[:42], now):
		t.Error("accepted truncated")
	}
}

func TestShortSecret(t *testing.T) {
	if _, err := links.New(strings.Repeat("x", links.MinSecret-1)); err == nil {
		t.Error("a secret of 31 bytes was taken")
	}
}

// flip is another base64url character than c.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// spare is c, the last character of a 128-bit token, with a bit set that carries no data.
func spare(c byte) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	return string(alphabet[strings.IndexByte(alphabet, c)|1])
}
