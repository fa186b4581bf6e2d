package delivery

import "context"

// Queue takes the reference of a stored report to be mailed; in the Worker it is a
// Cloudflare Queue whose consumer calls Service.Consume.
type Queue interface {
	Send(ctx context.Context, ref string) error
}

// Message is one message of a queue's batch: a reference to deliver.
type Message interface {
	Body() string
	// Attempts counts deliveries of this message, this one included.
	Attempts() int
	Ack()
	Retry()
}
