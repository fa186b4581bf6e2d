package formlogic

import (
	"errors"
	"strings"
)

// re2Space is what \s means to RE2; to ECMAScript it also means the no-break space, the
// line separators and the other Unicode spaces.
const re2Space = `\t\n\f\r `

// ECMAPattern rewrites a schema pattern for the browser's RegExp with the u flag, so that
// it matches exactly the strings it matches for the Worker, whose validator compiles it with
// Go's regexp (RE2 syntax). The two syntaxes agree on most of what a schema needs, but not
// on \s or ., and ECMAScript refuses escapes that RE2 takes. Anything not known to agree is
// an error: better that the browser leave a field to the Worker than judge it differently.
func ECMAPattern(re2 string) (string, error) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(re2); i++ {
		c := re2[i]
		switch {
		case c == '\\':
			i++
			if i == len(re2) {
				return "", errors.New("pattern ends in a backslash")
			}
			e := re2[i]
			switch {
			case e == 's' && inClass:
				b.WriteString(re2Space)
			case e == 's':
				b.WriteString("[" + re2Space + "]")
			case e == 'S' && !inClass:
				b.WriteString("[^" + re2Space + "]")
			case strings.IndexByte("dDwWtnfrv", e) >= 0, (e == 'b' || e == 'B') && !inClass,
				strings.IndexByte(`^$\.*+?()[]{}|/`, e) >= 0, e == '-' && inClass:
				b.WriteByte('\\')
				b.WriteByte(e)
			case e < 0x80 && !isAlnum(e):
				// RE2 lets any other ASCII character but a letter or digit be escaped to
				// mean itself; with the u flag ECMAScript refuses such escapes, and the
				// character alone means the same.
				b.WriteByte(e)
			default:
				return "", errors.New(`the escape \` + string(e) + " may not mean the same to ECMAScript")
			}
		case inClass:
			if c == '[' && strings.HasPrefix(re2[i:], "[:") {
				return "", errors.New("ECMAScript has no POSIX classes")
			}
			inClass = c != ']'
			b.WriteByte(c)
		case c == '[':
			// A ] first in a class is itself to RE2 but ends an empty class in ECMAScript.
			inClass = true
			b.WriteByte(c)
			if strings.HasPrefix(re2[i+1:], "^") {
				i++
				b.WriteByte('^')
			}
			if strings.HasPrefix(re2[i+1:], "]") {
				i++
				b.WriteString(`\]`)
			}
		case c == '.':
			// RE2's . excludes only \n; ECMAScript's also \r and the line separators.
			b.WriteString(`[^\n]`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
