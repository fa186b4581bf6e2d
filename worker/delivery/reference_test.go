package delivery

import (
	"bytes"
	"crypto/rand"
	"regexp"
	"testing"
	"time"
)

func TestReferences(t *testing.T) {
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC is already the next day in Kyiv.
	late := time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		random []byte
		want   string
	}{
		{[]byte{0, 0, 0, 0}, "AD-20261124-000000"},
		{[]byte{0xff, 0xff, 0xff, 0xff}, "AD-20261124-ZZZZZZ"},
		{[]byte{0, 0, 0, 32 + 10}, "AD-20261124-A10000"},
	} {
		got, err := NewReferences(kyiv, bytes.NewReader(tc.random))(late)
		if err != nil || got != tc.want {
			t.Errorf("reference from %x: %q, %v; want %q", tc.random, got, err, tc.want)
		}
	}
	if _, err := NewReferences(kyiv, bytes.NewReader(nil))(late); err == nil {
		t.Error("no error when the random source fails")
	}
	format := regexp.MustCompile(`^AD-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$`)
	refs := NewReferences(kyiv, rand.Reader)
	seen := map[string]bool{}
	for range 100 {
		ref, err := refs(late)
		if err != nil || !format.MatchString(ref) || seen[ref] {
			t.Fatalf("reference %q, %v: bad format or repeated", ref, err)
		}
		seen[ref] = true
	}
}

// FuzzIsReference holds IsReference to the pattern it stands for.
func FuzzIsReference(f *testing.F) {
	for _, s := range []string{"AD-20261124-A10000", "AD-20261124-a10000", "AD-2026112-A100000", "AD-20261124-A1000", "AD-20261124_A10000", "XD-20261124-A10000", "AD-2026X124-A10000", "AD-20261124-A1000\n", ""} {
		f.Add(s)
	}
	pattern := regexp.MustCompile(`^AD-[0-9]{8}-[0-9A-Z]{6}$`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsReference(s), pattern.MatchString(s); got != want {
			t.Errorf("IsReference(%q) = %v, the pattern says %v", s, got, want)
		}
	})
}
