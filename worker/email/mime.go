package email

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	"abusedesk/content/policy"
)

// lineWidth is how long the header lines written here may grow before they are folded:
// RFC 5322 recommends 78 characters and forbids more than 998.
const lineWidth = 76

// field is one header field of a message.
type field struct{ name, value string }

// plainMessage writes a message of the given header fields and a plain-text body (lines
// ending in \n) in UTF-8, quoted-printable.
func plainMessage(from, to string, fields []field, body string) *Message {
	c := &composer{}
	for _, f := range fields {
		header(c, f.name, f.value)
	}
	header(c, "MIME-Version", "1.0")
	header(c, "Content-Type", "text/plain; charset=utf-8")
	header(c, "Content-Transfer-Encoding", "quoted-printable")
	c.WriteString("\r\n")
	head := int64(c.text.Len())
	writeQP(c, body)
	return c.message(from, to, head)
}

// header writes one header field. The value is cleared of CR and LF, whatever its source,
// so nothing can end the field early and start another, and it is folded at spaces so no
// line grows past lineWidth where a space allows (a long non-ASCII name is long once
// encoded, but encoded in words with spaces between).
func header(w io.StringWriter, name, value string) {
	value = strings.NewReplacer("\r", " ", "\n", " ").Replace(value)
	w.WriteString(name)
	w.WriteString(":")
	n := len(name) + 1
	for _, word := range strings.Split(value, " ") {
		// A field's body may start on the line after its name, when its first word is too
		// long for the name's line (an encoded word is up to 75 characters).
		if n+1+len(word) > lineWidth {
			w.WriteString("\r\n")
			n = 0
		}
		w.WriteString(" ")
		w.WriteString(word)
		n += 1 + len(word)
	}
	w.WriteString("\r\n")
}

// param is a parameter of a structured header field (Content-Type, Content-Disposition).
type param struct{ name, value string }

// headerWithParams writes a header field of a value and parameters, each parameter on a
// line of its own. A value that is not a short token or quoted string of ASCII is written
// as RFC 2231 has it (name*0*=utf-8”%D0%94…; name*1*=…), cut into lines short enough
// for any mail system however long it is: a file name of 120 CJK characters or emoji is
// over a thousand characters once encoded.
func headerWithParams(w io.StringWriter, name, value string, params ...param) {
	w.WriteString(name + ": " + value)
	for _, p := range params {
		w.WriteString(";")
		if plain := mime.FormatMediaType("x/x", map[string]string{p.name: p.value}); plain != "" && len(plain) <= lineWidth && !strings.Contains(plain, "*=") {
			w.WriteString("\r\n " + plain[len("x/x; "):])
			continue
		}
		encoded := "utf-8''" + percentEncode(p.value)
		for i := 0; encoded != ""; i++ {
			prefix := fmt.Sprintf(" %s*%d*=", p.name, i)
			cut := cutEncoded(encoded, lineWidth-len(prefix)-1)
			if i > 0 {
				w.WriteString(";")
			}
			w.WriteString("\r\n" + prefix + encoded[:cut])
			encoded = encoded[cut:]
		}
	}
	w.WriteString("\r\n")
}

// percentEncode writes s as an RFC 2231 value: attribute characters as they are, every
// other byte as %XX.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && c > ' ' && !strings.ContainsRune("*'%()<>@,;:\\\"/[]?=", rune(c)) && c != 0x7f {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// cutEncoded is where to cut a percent-encoded string to at most max bytes without
// splitting a %XX escape.
func cutEncoded(s string, max int) int {
	if len(s) <= max {
		return len(s)
	}
	cut := max
	if i := strings.LastIndexByte(s[max-2:max], '%'); i >= 0 {
		cut = max - 2 + i
	}
	return cut
}

// oneLine makes a value fit for a header: every run of white space, line breaks included,
// becomes one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func normalizeNewlines(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}

// writeQP writes text (lines ending in \n) quoted-printable: lines end in CRLF and none
// is longer than 76 characters.
func writeQP(w io.Writer, text string) {
	qp := quotedprintable.NewWriter(w)
	qp.Write([]byte(text))
	qp.Close()
}

// base64 is written in lines of 76 characters, each of policy.MailBase64Line bytes, each
// ended by CRLF: policy.MailBase64Length bytes in all.
const (
	base64Line    = policy.MailBase64Line
	base64LineLen = 76 + 2
)

// writeBase64 writes what r reads in base64 lines, a few hundred lines at a time, so a
// file of megabytes passes through a buffer of tens of kilobytes.
func writeBase64(w io.Writer, r io.Reader) (int64, error) {
	const lines = 512
	in := make([]byte, base64Line*lines)
	out := make([]byte, base64LineLen*lines)
	var written int64
	for {
		n, err := io.ReadFull(r, in)
		o := 0
		for i := 0; i < n; i += base64Line {
			chunk := in[i:min(i+base64Line, n)]
			base64.StdEncoding.Encode(out[o:], chunk)
			o += base64.StdEncoding.EncodedLen(len(chunk))
			o += copy(out[o:], "\r\n")
		}
		k, werr := w.Write(out[:o])
		written += int64(k)
		switch {
		case werr != nil:
			return written, werr
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return written, nil
		case err != nil:
			return written, err
		}
	}
}

// sevenBit reports whether what r reads may travel in a mail unencoded, as RFC 2046 lets
// a message/rfc822 part alone: 7-bit text without NUL, every line ended by CRLF (no bare
// CR or LF) and none longer than 998 octets. The whole message is 7-bit, for any mail
// system on the way.
func sevenBit(r io.Reader) (bool, error) {
	br := bufio.NewReader(r)
	line, cr := 0, false
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return !cr, nil
		}
		if err != nil {
			return false, err
		}
		switch {
		case c == '\n':
			if !cr {
				return false, nil
			}
			cr, line = false, 0
			continue
		case cr, c == 0, c >= 0x80:
			return false, nil
		case c == '\r':
			cr = true
			continue
		}
		if line++; line > 998 {
			return false, nil
		}
	}
}

// newBoundary makes a multipart boundary: "=_" and random letters. "=_" never occurs in
// quoted-printable or base64, and the random rest not in a file sent as it is.
func newBoundary() string { return "=_" + rand.Text() }
