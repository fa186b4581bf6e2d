package intake

import (
	"context"
	"errors"
	"math/rand/v2"
)

// ErrInjected is the failure a FlakyMailer makes up.
var ErrInjected = errors.New("injected mailbox failure")

// FlakyMailer is a Mailer that fails a share of sends (rate, 0 to 1) before they reach m.
// It exists for the fault-injection test, which turns it on with a Worker variable that
// no deployed configuration sets.
func FlakyMailer(m Mailer, rate float64) Mailer { return flaky{m, rate} }

type flaky struct {
	Mailer
	rate float64
}

func (f flaky) Send(ctx context.Context, from, to string, raw []byte) error {
	if rand.Float64() < f.rate {
		return ErrInjected
	}
	return f.Mailer.Send(ctx, from, to, raw)
}
