// Package attachment tells the kinds of file a report may carry apart by their first bytes,
// never by their names or the types a browser claims: a file named invoice.pdf that is an
// executable is refused in the browser and in the Worker alike. The kinds are the names
// content/rules.yaml lists under attachments.types.
//
// It depends only on the standard library, so the browser module links it too.
package attachment

import (
	"bytes"
	"unicode/utf8"
)

// HeadSize is how many leading bytes Sniff needs to decide.
const HeadSize = 1024

// The kinds of file, as rules.yaml names them.
const (
	PDF  = "pdf"
	PNG  = "png"
	JPEG = "jpeg"
	Text = "text" // plain UTF-8 text: logs, headers pasted into a file
	EML  = "eml"  // a saved e-mail message (RFC 5322): headers, a blank line, a body
)

// ContentType is the media type a kind of file is stored and mailed as.
func ContentType(kind string) string {
	switch kind {
	case PDF:
		return "application/pdf"
	case PNG:
		return "image/png"
	case JPEG:
		return "image/jpeg"
	case Text:
		return "text/plain; charset=utf-8"
	case EML:
		return "message/rfc822"
	}
	return "application/octet-stream"
}

// Sniff returns the kind of the file whose first bytes are head (up to HeadSize of them),
// or "" when it is none of the known kinds.
func Sniff(head []byte) string {
	if len(head) > HeadSize {
		head = head[:HeadSize]
	}
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return JPEG
	}
	if !isText(head) {
		return ""
	}
	if isMessage(head) {
		return EML
	}
	return Text
}

// isText reports whether head is UTF-8 without control characters other than white space.
// The last few bytes may be a character cut by HeadSize.
func isText(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size <= 1 {
			return len(head) == HeadSize && len(head)-i < utf8.UTFMax && !utf8.FullRune(head[i:])
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7f {
			return false
		}
		i += size
	}
	return true
}

// isMessage reports whether text starts as an e-mail message does: a header section whose
// first lines are header fields, among them one that every message or every delivered one
// carries.
func isMessage(text []byte) bool {
	fields, known := 0, false
	for line := range bytes.Lines(text) {
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break // the end of the header section
		}
		if line[0] == ' ' || line[0] == '\t' {
			if fields == 0 {
				return false
			}
			continue // a folded continuation
		}
		name, _, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 || !isFieldName(name) {
			return false
		}
		fields++
		switch string(bytes.ToLower(name)) {
		case "received", "return-path", "delivered-to", "from", "message-id", "date", "subject", "mime-version", "dkim-signature", "x-original-to":
			known = true
		}
		if fields >= 2 && known {
			return true
		}
	}
	return false
}

// isFieldName reports whether name is an RFC 5322 field name: printable ASCII but colon.
func isFieldName(name []byte) bool {
	for _, c := range name {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}
