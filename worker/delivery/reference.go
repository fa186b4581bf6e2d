package delivery

import (
	"encoding/binary"
	"fmt"
	"io"
	"regexp"
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

// referencePattern is what NewReferences makes.
var referencePattern = regexp.MustCompile(`^AD-[0-9]{8}-[0-9A-Z]{6}$`)

// IsReference says whether s is a reference as NewReferences makes them. A reference read
// back from a queue message or an object is checked with it before it names an object.
func IsReference(s string) bool { return referencePattern.MatchString(s) }
