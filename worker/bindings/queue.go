//go:build js && wasm

package bindings

import (
	"context"
	"fmt"
	"syscall/js"

	"github.com/syumai/workers/cloudflare/queues"

	"abusedesk/worker/delivery"
	"abusedesk/worker/entry"
)

// Queue sends references to the Cloudflare Queue bound under the given name.
type Queue struct {
	binding string
}

// NewQueue returns the queue behind the named producer binding.
func NewQueue(binding string) *Queue { return &Queue{binding: binding} }

// Send puts ref on the queue as a text message and waits for the runtime to take it.
// syumai/workers' producer is not used: it finds the binding in the isolate's env, where
// every other binding is looked up in the request's.
func (q *Queue) Send(ctx context.Context, ref string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("queue %s: %v", q.binding, r)
		}
	}()
	b := binding(ctx, q.binding)
	if b.IsUndefined() {
		return fmt.Errorf("queue: no binding named %s in the Worker's configuration", q.binding)
	}
	if _, err := entry.Await(ctx, b.Call("send", ref, js.ValueOf(map[string]any{"contentType": "text"}))); err != nil {
		return fmt.Errorf("queue %s: %w", q.binding, err)
	}
	return nil
}

// Messages adapts a batch that syumai/workers' consumer hands over to delivery's messages.
func Messages(batch *queues.MessageBatch) []delivery.Message {
	out := make([]delivery.Message, len(batch.Messages))
	for i, m := range batch.Messages {
		out[i] = message{m}
	}
	return out
}

type message struct{ m *queues.Message }

// Body is the reference; a body that is not text is "", which delivery refuses as no
// reference.
func (m message) Body() string {
	s, _ := m.m.StringBody()
	return s
}

func (m message) Attempts() int { return m.m.Attempts }
func (m message) Ack()          { m.m.Ack() }
func (m message) Retry()        { m.m.Retry() }
