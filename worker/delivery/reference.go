package delivery

import (
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// ReferenceFunc makes the reference number of a report received at the given time.
type ReferenceFunc func(received time.Time) (string, error)

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a reference read out on
// the phone or copied by hand survives.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewReferences numbers reports AD-YYYYMMDD-XXXXXX: the day of receipt on the provider's
// calendar (loc), then six Crockford base32 characters, 30 bits read from random. A day
// would need tens of thousands of reports before two were likely to share a number.
func NewReferences(loc *time.Location, random io.Reader) ReferenceFunc {
	return func(received time.Time) (string, error) {
		var b [4]byte
		if _, err := io.ReadFull(random, b[:]); err != nil {
			return "", fmt.Errorf("making a reference: %w", err)
		}
		n := binary.BigEndian.Uint32(b[:])
		var code [6]byte
		for i := range code {
			code[i] = crockford[n&31]
			n >>= 5
		}
		return "AD-" + received.In(loc).Format("20060102") + "-" + string(code[:]), nil
	}
}

// IsReference says whether s is a reference as NewReferences makes them: AD-, eight
// digits, -, six of 0-9 and A-Z. A reference read back from a queue message or an object
// is checked with it before it names an object. (Checked by hand, not by a regular
// expression: the Worker links no regexp package, whose tables a fresh isolate would
// otherwise build at start; FuzzIsReference holds the two to agree.)
func IsReference(s string) bool {
	if len(s) != len("AD-20060102-XXXXXX") || s[:3] != "AD-" || s[11] != '-' {
		return false
	}
	for i := 3; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 11:
		case '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z' && i > 11:
		default:
			return false
		}
	}
	return true
}
