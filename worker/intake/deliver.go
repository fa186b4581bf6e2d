package intake

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Queue takes the reference of a stored report to be mailed; in the Worker it is a
// Cloudflare Queue whose consumer calls Handler.Consume.
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

// defaultSweepAge is how old an undelivered report must be before the sweep mails it: long
// enough for the queue, retries included, to have had its turn.
const defaultSweepAge = 5 * time.Minute

// sweepBatch caps the reports one sweep mails, so one run stays within a scheduled
// event's time; the rest wait for the next.
const sweepBatch = 50

// WithDelivery stores every report in s before answering and delivers it through q, whose
// consumer calls Consume. It is required.
func WithDelivery(s Store, q Queue) Option {
	return func(h *Handler) { h.store, h.queue = s, q }
}

// WithSweepAge sets how old an undelivered report must be before Sweep mails it.
func WithSweepAge(d time.Duration) Option {
	return func(h *Handler) { h.sweepAge = d }
}

// Deliver mails the stored report ref to the abuse mailbox, unless it was delivered
// already, and records that it was. The message's Message-ID is made from ref, so should
// the mailbox get it twice (the record failed after the send), it sees one message.
func (h *Handler) Deliver(ctx context.Context, ref string) error {
	if !referencePattern.MatchString(ref) {
		return fmt.Errorf("delivering: %q is not a reference", ref)
	}
	rep, files, obj, err := h.load(ctx, ref)
	if errors.Is(err, ErrNotFound) {
		// A pending marker whose report was never written: its submission failed and
		// the reporter was told so. Nothing to deliver.
		h.log.Warn("no report to deliver; marker dropped", "reference", ref)
		return h.store.Delete(ctx, pendingPrefix+ref)
	}
	if err != nil {
		return err
	}
	if obj.Meta[metaDelivered] != "" {
		return nil
	}
	release, err := h.lease(ctx, ref)
	if err != nil {
		return err
	}
	defer release()
	// Another delivery may have finished between the load and the lease.
	if now, err := h.store.Head(ctx, reportKey(ref)); err != nil {
		return fmt.Errorf("delivering report %s: %w", ref, err)
	} else if now.Meta[metaDelivered] != "" {
		return nil
	}
	cat, ok := h.rules.Category(rep.Fields["category"])
	if !ok {
		return fmt.Errorf("delivering report %s: category %q is not in the rules", ref, rep.Fields["category"])
	}
	msg := h.compose(ref, rep.Fields, rep.Declared, cat, h.rules.Deadlines(cat, rep.Received.In(h.rules.Location)), files)
	if err := h.mailer.Send(ctx, h.from.Address, h.to.Address, msg); err != nil {
		return fmt.Errorf("mailing report %s: %w", ref, err)
	}
	if err := h.markDelivered(ctx, rep); err != nil {
		return err
	}
	h.log.Info("report delivered", "reference", ref)
	return nil
}

// Consume delivers a batch from the delivery queue. Each message is acknowledged or
// retried on its own: failing the whole batch would make the queue send the good ones
// again too.
func (h *Handler) Consume(ctx context.Context, batch []Message) {
	for _, m := range batch {
		if err := h.Deliver(ctx, m.Body()); err != nil {
			h.log.Warn("delivery failed; the queue retries it", "reference", m.Body(), "attempt", m.Attempts(), "err", err)
			m.Retry()
			continue
		}
		m.Ack()
	}
}

// ConsumeDead records the messages the delivery queue gave up on, so an operator sees
// them (Pending); the sweep goes on trying to deliver them.
func (h *Handler) ConsumeDead(ctx context.Context, batch []Message) {
	for _, m := range batch {
		ref := m.Body()
		if !referencePattern.MatchString(ref) {
			h.log.Error("dead letter is not a reference; dropped", "body", ref)
			m.Ack()
			continue
		}
		meta := map[string]string{"at": h.now().UTC().Format(time.RFC3339)}
		if err := h.store.Put(ctx, deadPrefix+ref, nil, meta); err != nil {
			h.log.Error("recording a dead letter", "reference", ref, "err", err)
			m.Retry()
			continue
		}
		h.log.Error("delivery given up by the queue; left to the sweep", "reference", ref)
		m.Ack()
	}
}

// Sweep mails stored reports that are still not delivered some time after they were
// received: those whose queue message was lost (a local queue does not survive a
// restart, a send to the queue can fail) or dead-lettered. It runs on a schedule; a
// failure is logged and left for the next run.
func (h *Handler) Sweep(ctx context.Context) {
	pending, err := h.store.List(ctx, pendingPrefix)
	if err != nil {
		h.log.Error("sweep: listing undelivered reports", "err", err)
		return
	}
	cutoff := h.now().Add(-h.sweepAge)
	delivered, failed := 0, 0
	for _, o := range pending {
		if delivered+failed == sweepBatch {
			break
		}
		if o.Uploaded.After(cutoff) {
			continue
		}
		ref := o.Key[len(pendingPrefix):]
		if err := h.Deliver(ctx, ref); err != nil {
			h.log.Warn("sweep: delivery failed", "reference", ref, "err", err)
			failed++
			continue
		}
		delivered++
	}
	h.log.Info("sweep done", "pending", len(pending), "delivered", delivered, "failed", failed)
}
