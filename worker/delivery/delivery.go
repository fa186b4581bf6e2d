// Package delivery keeps the promise made to a reporter told "received": the report can
// be mailed, is kept, and reaches the abuse mailbox. A report is taken only if its mail
// fits the mailbox, stored before the answer by conditional writes, then queued; the
// queue's consumer mails it and records that it did, retrying each failure on its own and
// setting aside for the operator what the mailbox refuses for good; a lease lets one
// delivery at a time mail a report, so a repeat can only follow a crash between a send and
// its record; a scheduled sweep mails whatever the queue lost or gave up on, going round
// them all; and an idempotency key makes a report posted twice one report.
//
// The storage and the queue are small interfaces (Store, Queue) that package bindings
// implements on Cloudflare's R2 and Queues, and package fake in memory for tests.
//
// Filing, delivering, the queue's consumers and the sweep are here; the store's layout and
// a report's objects in store.go; idempotency keys in keys.go; the delivery lease in
// lease.go; references in reference.go; a report's case, the desk's steps after delivery
// (case.go), and the reporter's notice of each decision (notice.go); and what a reporter's
// personal data is owed: the confirmation of receipt (confirm.go), erasure and what is held
// (erase.go), retention (expire.go) and the R2 lifecycle rules behind it (lifecycle.go).
package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"abusedesk/content/policy"
	"abusedesk/schemas/report"
	"abusedesk/worker/email"
)

// Config is what a Service cannot work without.
type Config struct {
	// Store keeps every report until it is delivered; Queue carries the references of
	// the reports to deliver.
	Store Store
	Queue Queue
	// Mailer is the abuse mailbox, and Mail writes the message it gets.
	Mailer email.Mailer
	Mail   *email.Writer
	// Retention is how long what reporters send is kept (the rules'): the sweep deletes
	// what is past it, never a report not yet delivered.
	Retention policy.Retention
	// Confirmations, when set, sends each reporter who gave an address a confirmation of
	// receipt (Mail.Confirmation); nil, none is sent or promised.
	Confirmations email.Mailer
}

// Service files reports and delivers them. It is safe for concurrent use.
type Service struct {
	store  Store
	queue  Queue
	mailer email.Mailer
	mail   *email.Writer
	now    func() time.Time
	// storeNow is the store's clock, which dates its objects (Object.Uploaded): a lease's
	// age and a marker's are measured on it. It is now but under WithClockOffset.
	storeNow  func() time.Time
	log       *slog.Logger
	sweepAge  time.Duration
	retention policy.Retention
	confirmer email.Mailer
	limits    ConfirmationLimits
}

// Option configures a Service.
type Option func(*Service)

// WithClock replaces time.Now, as the store's clock too (a fake store dated by it).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now, s.storeNow = now, now } }

// WithClockOffset moves the Service's clock by d and leaves the store's alone: a test of
// the Worker under wrangler dev, whose R2 dates objects by the real time, runs it days
// ahead to see reports expire. Leases and the sweep's waits are still measured on the
// store's clock, so none is taken over or hurried for it.
func WithClockOffset(d time.Duration) Option {
	return func(s *Service) { s.now = func() time.Time { return time.Now().Add(d) } }
}

// WithLogger sets where failures are logged; by default they are discarded.
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// DefaultSweepAge is how old an undelivered report must be before the sweep mails it:
// long enough for the queue, retries included, to have had its turn.
const DefaultSweepAge = 5 * time.Minute

// WithSweepAge replaces DefaultSweepAge.
func WithSweepAge(d time.Duration) Option { return func(s *Service) { s.sweepAge = d } }

// sweepBatch caps the reports one sweep mails, so one run stays within a scheduled
// event's time; the rest wait for the next.
const sweepBatch = 50

// New checks c once and makes the Service.
func New(c Config, opts ...Option) (*Service, error) {
	if c.Store == nil || c.Queue == nil || c.Mailer == nil || c.Mail == nil {
		return nil, errors.New("delivery: New needs a store, a queue, the abuse mailbox and its mail writer")
	}
	if c.Retention.DeliveredReports <= 0 || c.Retention.IdempotencyKeys <= 0 || c.Retention.IdempotencyKeys > c.Retention.DeliveredReports {
		return nil, fmt.Errorf("delivery: retention %+v: every period must be positive, no key kept longer than its report", c.Retention)
	}
	s := &Service{
		store: c.Store, queue: c.Queue, mailer: c.Mailer, mail: c.Mail,
		now: time.Now, storeNow: time.Now, log: slog.New(slog.DiscardHandler), sweepAge: DefaultSweepAge,
		retention: c.Retention, confirmer: c.Confirmations, limits: DefaultConfirmationLimits,
	}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// File keeps a new report and its files and queues it for the mailbox; once it returns
// without an error the reporter may be told the report was received. It first measures the
// report's mail, without keeping it (email.Writer.ReportFits), to be sure the mailbox will
// take it: a report whose mail is over the mailbox's limits is refused with an
// *email.TooLargeError, and nothing is kept. key is the client's idempotency key, if it sent one: when an earlier post with
// that key was stored, File returns that report instead and stores and sends nothing (a
// double click, a retry after a lost answer); when the earlier post was a different
// report, it refuses this one with ErrKeyReused. A reference already given to another
// report is refused with ErrReferenceTaken: file the report again under a new one.
//
// With confirmations on and WithConfirmation among opts, a new report whose reporter gave
// an address they may be written to is promised a confirmation (report.Filed's Confirm),
// unless that address or the client has had its share today (ConfirmationLimits); it is
// recorded with the report and queued apart from the desk's mail (Confirm).
func (s *Service) File(ctx context.Context, key string, rep report.Filed, files []report.File, opts ...FileOption) (_ report.Filed, err error) {
	var o filing
	for _, opt := range opts {
		opt(&o)
	}
	if err := s.mail.ReportFits(rep, email.InMemory(files)); err != nil {
		var tooLarge *email.TooLargeError
		if errors.As(err, &tooLarge) {
			return report.Filed{}, err
		}
		return report.Filed{}, fmt.Errorf("sizing report %s's mail: %w", rep.Reference, err)
	}
	infos := make([]report.FileInfo, len(files))
	for i, f := range files {
		infos[i] = f.FileInfo
	}
	fp := fingerprint(rep, infos)
	shared := false
	if key != "" {
		claimed := claimKeyOf(rep, key)
		c, created, taken, cerr := s.claimKey(ctx, claimed, rep, fp, o)
		if cerr != nil {
			return report.Filed{}, cerr
		}
		if created {
			defer func() {
				if errors.Is(err, ErrReferenceTaken) {
					s.forget(ctx, claimed, taken)
				}
			}()
		}
		shared = true
		rep.Key, rep.Reference, rep.Confirm = claimed, c.Reference, c.Confirm
	} else {
		var taken []string
		rep.Confirm, taken = s.promise(ctx, rep, o)
		defer func() {
			if err != nil {
				s.giveBack(ctx, taken)
			}
		}()
	}
	rep.Enter(report.Received, rep.Received)
	stored, fresh, err := s.save(ctx, rep, files, fp, shared)
	if err != nil {
		return report.Filed{}, err
	}
	if !fresh {
		s.log.Info("report resubmitted", "reference", stored.Reference)
		return stored, nil
	}
	if stored.Machine != nil {
		s.indexMachine(ctx, stored)
	}
	if err := s.queue.Send(ctx, stored.Reference); err != nil {
		// Stored, so not lost: the sweep mails it later.
		s.log.Error("queueing report; the sweep will deliver it", "reference", stored.Reference, "err", err)
	}
	if stored.Confirm {
		// After the desk's, so the desk's never waits for it.
		if err := s.queue.Send(ctx, ConfirmMessage+stored.Reference); err != nil {
			s.log.Error("queueing a confirmation; the sweep will send it", "reference", stored.Reference, "err", err)
		}
	}
	s.log.Info("report accepted", "reference", stored.Reference, "category", stored.Report.Category)
	return stored, nil
}

// Deliver mails the stored report ref to the abuse mailbox, unless it was delivered or set
// aside already, and records that it was. One that the mailbox refuses for good (too large,
// malformed: email.Permanent) is set aside for the operator instead, so it blocks no
// other; Deliver then returns nil, since trying again cannot help.
func (s *Service) Deliver(ctx context.Context, ref string) error {
	if !IsReference(ref) {
		return fmt.Errorf("delivering: %q is not a reference", ref)
	}
	rep, obj, err := s.loadReport(ctx, ref)
	if errors.Is(err, ErrNotFound) {
		// A pending marker whose report was never written: its submission failed and
		// the reporter was told so. Nothing to deliver.
		s.log.Warn("no report to deliver; marker dropped", "reference", ref)
		return s.store.Delete(ctx, PendingPrefix+ref)
	}
	if err != nil {
		return err
	}
	if done(obj) {
		// A marker left by a failed removal, or a post that stored nothing after all; and
		// the index of delivered reports, should the record have stopped short of it.
		if at := obj.Meta[MetaDelivered]; at != "" {
			if err := s.store.Put(ctx, DeliveredPrefix+ref, nil, map[string]string{MetaDelivered: at}); err != nil {
				return fmt.Errorf("indexing delivered report %s: %w", ref, err)
			}
		}
		return s.dropMarkers(ctx, ref, PendingPrefix)
	}
	release, err := s.lease(ctx, ref)
	if err != nil {
		return err
	}
	defer release()
	// Another delivery may have finished between the load and the lease.
	if now, err := s.store.Head(ctx, ReportKey(ref)); err != nil {
		return fmt.Errorf("delivering report %s: %w", ref, err)
	} else if done(now) {
		return nil
	}
	msg, err := s.mail.Report(rep, s.attachments(ctx, rep))
	if err == nil {
		err = msg.Fits()
		if err == nil {
			err = s.mailer.Send(ctx, msg)
		}
	}
	if email.Permanent(err) {
		if err := s.setAside(ctx, rep, err); err != nil {
			return err
		}
		s.log.Error("the mailbox refused the report for good; set aside for the operator", "reference", ref, "err", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("mailing report %s: %w", ref, err)
	}
	if err := s.markDelivered(ctx, rep); err != nil {
		return err
	}
	s.log.Info("report delivered", "reference", ref)
	return nil
}

// done says whether a stored report needs no more delivery: mailed, or set aside.
func done(o Object) bool { return o.Meta[MetaDelivered] != "" || o.Meta[MetaRefused] != "" }

// Consume delivers a batch from the delivery queue: the desk's mail, then the reporters'
// confirmations (ConfirmMessage), then their decision notices (NoticeMessage), so the
// desk's never waits for one. Each message is acknowledged or retried on its own: failing
// the whole batch would make the queue send the good ones again too.
func (s *Service) Consume(ctx context.Context, batch []Message) {
	for _, kind := range []string{"", ConfirmMessage, NoticeMessage} {
		for _, m := range batch {
			if kindOf(m.Body()) != kind {
				continue
			}
			if err := s.Handle(ctx, m.Body()); err != nil {
				s.log.Warn("delivery failed; the queue retries it", "message", m.Body(), "attempt", m.Attempts(), "err", err)
				m.Retry()
				continue
			}
			m.Ack()
		}
	}
}

// kindOf is what a delivery queue message asks for: ConfirmMessage, NoticeMessage, or ""
// for the desk's mail (a bare reference).
func kindOf(body string) string {
	for _, kind := range []string{ConfirmMessage, NoticeMessage} {
		if strings.HasPrefix(body, kind) {
			return kind
		}
	}
	return ""
}

// Handle does what one message of the delivery queue asks: mail a report to the desk
// (its reference), send its reporter the confirmation (ConfirmMessage and the reference)
// or a decision's notice (NoticeMessage, the reference, a slash and the decision's step).
func (s *Service) Handle(ctx context.Context, body string) error {
	if ref, ok := strings.CutPrefix(body, ConfirmMessage); ok {
		return s.Confirm(ctx, ref)
	}
	if rest, ok := strings.CutPrefix(body, NoticeMessage); ok {
		ref, n, err := parseNotice(rest)
		if err != nil {
			return err
		}
		return s.Notify(ctx, ref, n)
	}
	return s.Deliver(ctx, body)
}

// ConsumeDead records the messages the delivery queue gave up on, so an operator sees
// them (Undelivered); the sweep goes on trying to deliver them.
func (s *Service) ConsumeDead(ctx context.Context, batch []Message) {
	for _, m := range batch {
		ref := m.Body()
		if kind := kindOf(ref); kind != "" {
			// The desk's mail is not concerned: the sweep goes on trying the confirmation
			// or the notice until it is sent or too late to be worth it.
			s.log.Warn("the queue gave up on a message to a reporter; left to the sweep", "message", ref)
			m.Ack()
			continue
		}
		if !IsReference(ref) {
			s.log.Error("dead letter is not a reference; dropped", "body", ref)
			m.Ack()
			continue
		}
		meta := map[string]string{"at": s.now().UTC().Format(time.RFC3339)}
		if err := s.store.Put(ctx, DeadPrefix+ref, nil, meta); err != nil {
			s.log.Error("recording a dead letter", "reference", ref, "err", err)
			m.Retry()
			continue
		}
		s.log.Error("delivery given up by the queue; left to the sweep", "reference", ref)
		m.Ack()
	}
}

// Sweep mails stored reports that are still not delivered some time after they were
// received: those whose queue message was lost (a local queue does not survive a
// restart, a send to the queue can fail) or dead-lettered. It runs on a schedule; a
// failure is logged and left for the next run. Each run tries at most sweepBatch reports,
// starting where the last one stopped and going round the list, so a run's time is
// bounded and every pending report gets its turn, however many before it fail.
func (s *Service) Sweep(ctx context.Context) {
	pending, err := s.store.List(ctx, PendingPrefix)
	if err != nil {
		s.log.Error("sweep: listing undelivered reports", "err", err)
		return
	}
	start := 0
	if next, _, err := s.store.Get(ctx, sweepCursor); err == nil {
		start, _ = slices.BinarySearchFunc(pending, PendingPrefix+string(next), func(o Object, key string) int { return strings.Compare(o.Key, key) })
	} else if !errors.Is(err, ErrNotFound) {
		s.log.Warn("sweep: reading where to start; from the first", "err", err)
	}
	cutoff := s.storeNow().Add(-s.sweepAge)
	delivered, failed, next := 0, 0, ""
	for i := range pending {
		o := pending[(start+i)%len(pending)]
		if delivered+failed == sweepBatch {
			next = o.Key[len(PendingPrefix):]
			break
		}
		if o.Uploaded.After(cutoff) {
			continue
		}
		ref := o.Key[len(PendingPrefix):]
		if err := s.Deliver(ctx, ref); err != nil {
			s.log.Warn("sweep: delivery failed", "reference", ref, "err", err)
			failed++
			continue
		}
		delivered++
	}
	if err := s.store.Put(ctx, sweepCursor, []byte(next), nil); err != nil {
		s.log.Warn("sweep: recording where to start next", "err", err)
	}
	s.log.Info("sweep done", "pending", len(pending), "delivered", delivered, "failed", failed)
	s.sweepConfirmations(ctx)
	s.sweepNotices(ctx)
	s.keepUndelivered(ctx, pending)
	s.Expire(ctx)
}

// Waiting is a report not yet delivered, and since when: when it was stored, when the
// queue gave up on it, or when the mailbox refused it, and then why.
type Waiting struct {
	Reference string
	Since     time.Time
	Reason    string
}

// Undelivered lists, for an operator, the reports stored and not yet delivered, those the
// delivery queue gave up on (which the sweep goes on trying), and those the mailbox
// refused for good (which nothing tries again).
func (s *Service) Undelivered(ctx context.Context) (pending, dead, refused []Waiting, err error) {
	list := func(prefix string) ([]Waiting, error) {
		objs, err := s.store.List(ctx, prefix)
		if err != nil {
			return nil, fmt.Errorf("listing undelivered reports: %w", err)
		}
		out := make([]Waiting, len(objs))
		for i, o := range objs {
			out[i] = Waiting{Reference: o.Key[len(prefix):], Since: o.Uploaded, Reason: o.Meta[MetaRefused]}
		}
		return out, nil
	}
	if pending, err = list(PendingPrefix); err != nil {
		return nil, nil, nil, err
	}
	if dead, err = list(DeadPrefix); err != nil {
		return nil, nil, nil, err
	}
	if refused, err = list(RefusedPrefix); err != nil {
		return nil, nil, nil, err
	}
	return pending, dead, refused, nil
}
