package fake

import (
	"context"
	"fmt"
	"sync"

	"abusedesk/worker/delivery"
)

// Queue records the references sent. With Inline it delivers each at once, as if the
// queue's consumer ran straight away, so a post's mail can be looked at right after it;
// otherwise Drain runs the consumer as Cloudflare's broker would.
type Queue struct {
	mu   sync.Mutex
	Sent []string
	Err  error
	// Inline, when set, is called with each reference sent.
	Inline func(ref string) error
}

var _ delivery.Queue = (*Queue)(nil)

func (q *Queue) Send(_ context.Context, ref string) error {
	q.mu.Lock()
	if q.Err != nil {
		q.mu.Unlock()
		return q.Err
	}
	q.Sent = append(q.Sent, ref)
	inline := q.Inline
	q.mu.Unlock()
	if inline != nil {
		inline(ref)
	}
	return nil
}

// Consumer is what the broker hands batches to: delivery.Service.
type Consumer interface {
	Consume(ctx context.Context, batch []delivery.Message)
	ConsumeDead(ctx context.Context, batch []delivery.Message)
}

// Drain plays the broker: it gives c the queued references in batches of up to ten,
// redelivers each retried message until it has had maxRetries retries, and then hands it
// to the dead-letter consumer. It returns the dead letters, and an error when a message
// was neither acknowledged nor retried, or both.
func (q *Queue) Drain(c Consumer, maxRetries int) ([]string, error) {
	q.mu.Lock()
	var waiting []*Message
	for _, ref := range q.Sent {
		waiting = append(waiting, &Message{body: ref})
	}
	q.Sent = nil
	q.mu.Unlock()
	var dead []*Message
	for len(waiting) > 0 {
		batch := waiting[:min(10, len(waiting))]
		waiting = waiting[len(batch):]
		msgs := make([]delivery.Message, len(batch))
		for i, m := range batch {
			m.attempts++
			m.acked, m.retried = false, false
			msgs[i] = m
		}
		c.Consume(context.Background(), msgs)
		for _, m := range batch {
			switch {
			case m.acked == m.retried:
				return nil, fmt.Errorf("message %s: acked %v, retried %v; want exactly one", m.body, m.acked, m.retried)
			case m.retried && m.attempts > maxRetries:
				dead = append(dead, m)
			case m.retried:
				waiting = append(waiting, m)
			}
		}
	}
	var refs []string
	if len(dead) > 0 {
		msgs := make([]delivery.Message, len(dead))
		for i, m := range dead {
			m.acked, m.retried = false, false
			msgs[i] = m
			refs = append(refs, m.body)
		}
		c.ConsumeDead(context.Background(), msgs)
		for _, m := range dead {
			if !m.acked {
				return nil, fmt.Errorf("dead letter %s not acknowledged", m.body)
			}
		}
	}
	return refs, nil
}

// Message is one queue message with the broker's bookkeeping.
type Message struct {
	body     string
	attempts int
	acked    bool
	retried  bool
}

func (m *Message) Body() string  { return m.body }
func (m *Message) Attempts() int { return m.attempts }
func (m *Message) Ack()          { m.acked = true }
func (m *Message) Retry()        { m.retried = true }
