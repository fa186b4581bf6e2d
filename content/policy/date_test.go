package policy

import (
	"testing"
	"time"
)

// ParseDate reads the digits itself; time.Parse with time.DateOnly is the reference it
// must agree with, on days that exist and on everything else.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2026-11-23", "2024-02-29", "2023-02-29", "2026-04-31", "2026-12-31", "0001-01-01",
		"2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01", "2026-01-1", "2026/01/01",
		"2026-01-01 ", "+026-01-01", "2026-0x-01", "", "２０２６-01-01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseDate(s)
		want, err := time.Parse(time.DateOnly, s)
		if ok != (err == nil) {
			t.Fatalf("ParseDate(%q) ok=%v, time.Parse says %v", s, ok, err)
		}
		if ok && got != DateOf(want) {
			t.Fatalf("ParseDate(%q) = %v, want %v", s, got, DateOf(want))
		}
	})
}
