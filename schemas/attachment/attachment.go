// Package attachment tells the kinds of file a report may carry apart by their first bytes,
// never by their names or the types a browser claims: a file named invoice.pdf that is an
// executable is refused in the browser and in the Worker alike. It is the one list of the
// kinds of file: content/rules.yaml's attachments.types name them, the form's file chooser
// offers them and the mail labels them from it.
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

// kind is what abusedesk knows of one kind of file.
type kind struct {
	name string
	// contentType is the media type it is stored and mailed as.
	contentType string
	// accept is what a file chooser offers for it: a help for picking, never a check.
	accept string
}

// kinds is every kind of file, in the order rules.yaml's comment lists them.
var kinds = []kind{
	{PDF, "application/pdf", ".pdf,application/pdf"},
	{PNG, "image/png", ".png,image/png"},
	{JPEG, "image/jpeg", ".jpg,.jpeg,image/jpeg"},
	{Text, "text/plain; charset=utf-8", ".txt,.log,text/plain"},
	{EML, "message/rfc822", ".eml,message/rfc822"},
}

// Kinds lists the names of every kind of file Sniff tells apart.
func Kinds() []string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.name
	}
	return names
}

func lookup(name string) (kind, bool) {
	for _, k := range kinds {
		if k.name == name {
			return k, true
		}
	}
	return kind{}, false
}

// ContentType is the media type a kind of file is stored and mailed as;
// application/octet-stream for a name that is no kind.
func ContentType(name string) string {
	if k, ok := lookup(name); ok {
		return k.contentType
	}
	return "application/octet-stream"
}

// Accept is what a file chooser's accept attribute offers for a kind of file, "" for a
// name that is no kind. It only helps the reporter pick: Sniff decides.
func Accept(name string) string {
	k, _ := lookup(name)
	return k.accept
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
