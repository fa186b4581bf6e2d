package fake

import (
	"bytes"
	"context"
	"errors"
	"net/mail"
	"sync"

	"abusedesk/worker/email"
)

// Mailer is a mailbox that records what it is given.
type Mailer struct {
	mu   sync.Mutex
	Sent []Sent
	// Err fails every send while set.
	Err error
	// Fail, when set, fails the sends it picks, given how often the same message (by
	// its Message-ID) has been tried, this time included.
	Fail func(attempt int) bool
	// Attempts counts the sends tried, failed ones included.
	Attempts int
	tries    map[string]int
}

// Sent is one message a Mailer took.
type Sent struct {
	From, To string
	Raw      []byte
}

var _ email.Mailer = (*Mailer)(nil)

func (m *Mailer) Send(_ context.Context, msg *email.Message) error {
	raw, err := msg.Bytes()
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Attempts++
	if m.Err != nil {
		return m.Err
	}
	if m.Fail != nil {
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			return err
		}
		if m.tries == nil {
			m.tries = map[string]int{}
		}
		id := msg.Header.Get("Message-ID")
		m.tries[id]++
		if m.Fail(m.tries[id]) {
			return errors.New("mailbox busy")
		}
	}
	m.Sent = append(m.Sent, Sent{msg.From, msg.To, raw})
	return nil
}
