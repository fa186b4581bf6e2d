package email

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// Mailer delivers one message to its recipient; in the Worker it is a send_email binding
// (package bindings). It may read the message more than once, or not to the end.
type Mailer interface {
	Send(ctx context.Context, m *Message) error
}

// Cloudflare's limits on a message its send_email binding takes: 25 MiB in all to a
// verified address (the abuse and editors' mailboxes are), 16 KB of header fields. KB is
// read as the smaller 16,000 bytes.
const (
	MaxMessageBytes = 25 << 20
	MaxHeaderBytes  = 16_000
)

// Message is a message ready to send: its envelope, and its bytes, which WriteTo writes as
// it goes. A report's files are not in it but read where they are kept, as the message is
// written, so a message of 25 MiB never needs 25 MiB of memory; its length is known
// exactly before a byte is written (Size), which is how the Worker decides when it takes a
// report that its mail will be accepted.
type Message struct {
	From, To string
	pieces   []piece
	// size is what WriteTo writes; head is the length of the header section of it, the
	// blank line that ends it included.
	size, head int64
}

// piece is part of a message: bytes written as they are, or an attached file, read and
// encoded as it is written.
type piece struct {
	text []byte
	file *Attachment
	// verbatim: the file travels as it is (a message/rfc822 part), else in base64.
	verbatim bool
}

// Attachment is an attached file as a message carries it: what the report says of it, and
// how to read its bytes, which a message may ask for more than once (to size it, to write
// it, to write it again).
type Attachment struct {
	report.FileInfo
	Open func() (io.ReadCloser, error)
}

// InMemory makes attachments of files held in memory, as the Worker has them while it
// takes a report.
func InMemory(files []report.File) []Attachment {
	atts := make([]Attachment, len(files))
	for i, f := range files {
		atts[i] = Attachment{FileInfo: f.FileInfo, Open: func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(f.Data)), nil
		}}
	}
	return atts
}

// Raw is a message of the given bytes, for a mailbox that must look at them (a test's).
func Raw(from, to string, raw []byte) *Message {
	return &Message{From: from, To: to, pieces: []piece{{text: raw}}, size: int64(len(raw)), head: headerLength(raw)}
}

// Size is how many bytes WriteTo writes.
func (m *Message) Size() int64 { return m.size }

// TooLargeError is a message over one of the mailbox's limits: sending it cannot succeed.
type TooLargeError struct {
	// What is over: "message" or "header".
	What      string
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the %s is %d bytes, over the mailbox's %d", e.What, e.Size, e.Max)
}

// Fits says whether the mailbox takes a message this large: nil, or a *TooLargeError.
func (m *Message) Fits() error {
	switch {
	case m.size > MaxMessageBytes:
		return &TooLargeError{"message", m.size, MaxMessageBytes}
	case m.head > MaxHeaderBytes:
		return &TooLargeError{"header", m.head, MaxHeaderBytes}
	}
	return nil
}

// WriteTo writes the message to w, reading its files on the way. A file whose length is
// not the one the report says is an error: the message would not be the size it was
// judged by.
func (m *Message) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, p := range m.pieces {
		var (
			k   int64
			err error
		)
		if p.file == nil {
			var k32 int
			k32, err = w.Write(p.text)
			k = int64(k32)
		} else {
			k, err = p.writeFile(w)
		}
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Bytes writes the whole message into memory, for tests and the editors' short notes.
func (m *Message) Bytes() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(m.size))
	_, err := m.WriteTo(&b)
	return b.Bytes(), err
}

func (p piece) writeFile(w io.Writer) (int64, error) {
	f := p.file
	r, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("email: reading %s: %w", f.Name, err)
	}
	defer r.Close()
	counted := &countingReader{r: r}
	var n int64
	if p.verbatim {
		n, err = io.Copy(w, counted)
	} else {
		n, err = writeBase64(w, counted)
	}
	if err == nil && counted.n != int64(f.Size) {
		err = fmt.Errorf("email: %s is %d bytes, its report says %d", f.Name, counted.n, f.Size)
	}
	return n, err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// composer gathers a message's pieces and counts its length as they are added; or, counting,
// only counts: what sizes a report's mail at intake is the code that writes it.
type composer struct {
	pieces []piece
	text   bytes.Buffer
	size   int64
	// counting: only the length is kept, nothing written.
	counting bool
}

func (c *composer) Write(p []byte) (int, error) {
	if c.counting {
		c.size += int64(len(p))
		return len(p), nil
	}
	return c.text.Write(p)
}

func (c *composer) WriteString(s string) (int, error) {
	if c.counting {
		c.size += int64(len(s))
		return len(s), nil
	}
	return c.text.WriteString(s)
}

// length is how long the message is so far.
func (c *composer) length() int64 { return c.size + int64(c.text.Len()) }

// attach adds a file's bytes, encoded as verbatim says.
func (c *composer) attach(a *Attachment, verbatim bool) {
	c.flush()
	if !c.counting {
		c.pieces = append(c.pieces, piece{file: a, verbatim: verbatim})
	}
	if verbatim {
		c.size += int64(a.Size)
	} else {
		c.size += policy.MailBase64Length(int64(a.Size))
	}
}

func (c *composer) flush() {
	if c.text.Len() > 0 {
		c.pieces = append(c.pieces, piece{text: slices.Clone(c.text.Bytes())})
		c.size += int64(c.text.Len())
		c.text.Reset()
	}
}

// message is what was composed, whose header section is head bytes long.
func (c *composer) message(from, to string, head int64) *Message {
	c.flush()
	return &Message{From: from, To: to, pieces: c.pieces, size: c.size, head: head}
}

// headerLength is the length of raw's header section, up to and with the blank line that
// ends it; all of raw when there is none.
func headerLength(raw []byte) int64 {
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		return int64(i + 4)
	}
	return int64(len(raw))
}

// SendError is a mailbox's refusal of a message, with the error code its binding gave
// ("" when it gave none).
type SendError struct {
	Code, Message string
}

func (e *SendError) Error() string {
	if e.Code == "" {
		return e.Message
	}
	return e.Code + ": " + e.Message
}

// refusedCodes are the send_email binding's error codes that fault the message itself
// (Cloudflare's Email Service documents them): it is too large or malformed, and will be
// refused again however often it is sent. Every other failure is worth trying again: a
// rate or daily limit, the service down, an SMTP failure beyond it, and the faults of the
// configuration that hold for every message (a sender not verified, a recipient not
// allowed), which the operator puts right and after which the report goes.
var refusedCodes = map[string]bool{
	"E_VALIDATION_ERROR":      true,
	"E_FIELD_MISSING":         true,
	"E_TOO_MANY_RECIPIENTS":   true,
	"E_CONTENT_TOO_LARGE":     true,
	"E_HEADER_NOT_ALLOWED":    true,
	"E_HEADER_USE_API_FIELD":  true,
	"E_HEADER_VALUE_INVALID":  true,
	"E_HEADER_VALUE_TOO_LONG": true,
	"E_HEADER_NAME_INVALID":   true,
	"E_HEADERS_TOO_LARGE":     true,
	"E_HEADERS_TOO_MANY":      true,
}

// Permanent says whether err means the mailbox will never take this message as it is, so
// that sending it again cannot help: a message over the mailbox's limits, or one its
// binding refused for what it is.
func Permanent(err error) bool {
	var big *TooLargeError
	var refused *SendError
	switch {
	case errors.As(err, &big):
		return true
	case errors.As(err, &refused):
		return refusedCodes[refused.Code]
	}
	return false
}
