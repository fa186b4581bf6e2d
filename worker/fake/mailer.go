package fake

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
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

func (m *Mailer) Send(_ context.Context, from, to string, raw []byte) error {
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
	m.Sent = append(m.Sent, Sent{from, to, bytes.Clone(raw)})
	return nil
}

// ErrInjected is the failure Flaky makes up.
var ErrInjected = errors.New("injected mailbox failure")

// Flaky is a mailbox that fails a share of sends (rate, 0 to 1) before they reach m. The
// fault-injection test turns it on in the Worker with a variable that no deployed
// configuration sets.
func Flaky(m email.Mailer, rate float64) email.Mailer { return flaky{m, rate} }

type flaky struct {
	email.Mailer
	rate float64
}

func (f flaky) Send(ctx context.Context, from, to string, raw []byte) error {
	if rand.Float64() < f.rate {
		return ErrInjected
	}
	return f.Mailer.Send(ctx, from, to, raw)
}
