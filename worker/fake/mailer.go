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

func (f flaky) Send(ctx context.Context, m *email.Message) error {
	if rand.Float64() < f.rate {
		return ErrInjected
	}
	return f.Mailer.Send(ctx, m)
}

// Refusing is a mailbox that refuses for good, as Cloudflare's refuses a message over its
// limits (error code E_CONTENT_TOO_LARGE), every message whose bytes hold marker, and
// gives the others to m. The test of reports set aside turns it on in the Worker with a
// variable that no deployed configuration sets.
func Refusing(m email.Mailer, marker string) email.Mailer { return refusing{m, []byte(marker)} }

type refusing struct {
	email.Mailer
	marker []byte
}

func (r refusing) Send(ctx context.Context, m *email.Message) error {
	raw, err := m.Bytes()
	if err != nil {
		return err
	}
	if bytes.Contains(raw, r.marker) {
		return &email.SendError{Code: "E_CONTENT_TOO_LARGE", Message: "refused on purpose"}
	}
	return r.Mailer.Send(ctx, email.Raw(m.From, m.To, raw))
}
