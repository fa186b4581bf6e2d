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
	"strings"
	"unicode"
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

// Extensions are the file name endings of a kind, as its file chooser offers them, the
// first being the one a name is given when it has none of them (NeutralName).
func Extensions(name string) []string {
	var exts []string
	for _, a := range strings.Split(Accept(name), ",") {
		if strings.HasPrefix(a, ".") {
			exts = append(exts, a)
		}
	}
	return exts
}

// SniffAll returns the kind of the whole file data: what Sniff tells from its head, and a
// kind of text only when all of it is text, not just its first KiB. The Worker, which has
// the whole file, judges by it; the browser, which reads only the head, by Sniff.
func SniffAll(data []byte) string {
	kind := Sniff(data)
	if (kind == Text || kind == EML) && !isText(data, false) {
		return ""
	}
	return kind
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
	if !isText(head, len(head) == HeadSize) {
		return ""
	}
	if isMessage(head) {
		return EML
	}
	return Text
}

// isText reports whether b is UTF-8 without control characters other than white space.
// When cut, b is the head of a longer file, and its last few bytes may be a character
// the cut went through.
func isText(b []byte, cut bool) bool {
	if len(b) == 0 {
		return false
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return cut && len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:])
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

// MaxNameRunes caps a file's name as it is shown and mailed: encoded per RFC 2231 it stays
// well within what a mail header carries.
const MaxNameRunes = 120

// CleanName is a reporter's name for a file made fit to show: valid UTF-8, without format
// controls (bidi overrides and isolates, zero-width characters, which make a name read
// other than it is: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf"), control
// characters and line separators made "_", at most MaxNameRunes characters; "" when nothing
// visible is left.
func CleanName(name string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Cf, r):
			return -1
		case unicode.IsControl(r), unicode.In(r, unicode.Zl, unicode.Zp):
			return '_'
		}
		return r
	}, strings.ToValidUTF8(name, "\uFFFD"))
	if r := []rune(s); len(r) > MaxNameRunes {
		s = string(r[:MaxNameRunes])
	}
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// NeutralName is CleanName's name for a file of the kind, ending in one of the kind's
// extensions: a name that would make a mail client or a desktop run or render the file as
// something else (evidence.html, invoice.pdf.exe, logo.svg for text) gets the kind's own
// extension added (evidence.html.txt), within MaxNameRunes. A name with none left is
// "attachment" and the extension.
func NeutralName(name, kind string) string {
	name = CleanName(name)
	exts := Extensions(kind)
	if len(exts) == 0 {
		return name
	}
	if name == "" {
		return "attachment" + exts[0]
	}
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		for _, ext := range exts {
			if strings.EqualFold(name[dot:], ext) {
				return name
			}
		}
	}
	if r := []rune(name); len(r)+len(exts[0]) > MaxNameRunes {
		name = string(r[:MaxNameRunes-len(exts[0])])
	}
	return name + exts[0]
}
