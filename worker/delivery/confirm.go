package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/policy"
	"abusedesk/schemas/report"
	"abusedesk/worker/email"
)

// A reporter's confirmation of receipt, as the EU DSA's Art. 16(4) asks: promised when
// the report is filed, sent once and apart from the desk's mail, and no more of them than
// a few a day to one address or from one client.

// ConfirmMessage starts the body of a delivery queue message that asks for a reporter's
// confirmation; the reference follows. The desk's mail and the confirmations share the
// queue, each message acknowledged or retried on its own.
const ConfirmMessage = "confirm:"

// FileOption says more about a report being filed.
type FileOption func(*filing)

type filing struct {
	confirm bool
	client  string
}

// WithConfirmation asks that the reporter be sent a confirmation of receipt, if
// confirmations are on, their address is fit to write to, and neither it nor client (the
// address the post came from, as the rate limits count it) has had its share today.
// Never for a post that is not kept: one a robot filled in, or one Turnstile refused.
func WithConfirmation(client string) FileOption {
	return func(f *filing) { f.confirm, f.client = true, client }
}

// Confirms says whether confirmations are sent at all: the Worker has the binding that
// sends them.
func (s *Service) Confirms() bool { return s.confirmer != nil }

// ConfirmationLimits are how many confirmations one UTC day may send to one address, and
// because of posts from one client address: the form must not become a way to mail
// anyone, over and over, words of ours they never asked for. A report beyond them is
// taken all the same, and its receipt does not promise an e-mail.
type ConfirmationLimits struct {
	PerRecipient, PerClient int
}

// DefaultConfirmationLimits: a reporter rarely files more than one or two reports a day,
// and a colleague beside them, on the same network, a few more.
var DefaultConfirmationLimits = ConfirmationLimits{PerRecipient: 3, PerClient: 5}

// WithConfirmationLimits replaces DefaultConfirmationLimits.
func WithConfirmationLimits(l ConfirmationLimits) Option { return func(s *Service) { s.limits = l } }

// promise decides whether the report rep, filed with options o, is promised a
// confirmation, and returns the day's counts it took for it (giveBack returns them).
func (s *Service) promise(ctx context.Context, rep report.Filed, o filing) (bool, []string) {
	if !o.confirm || s.confirmer == nil {
		return false, nil
	}
	to, ok := email.ConfirmationAddress(&rep.Report)
	if !ok {
		return false, nil
	}
	return s.allowConfirmation(ctx, to, o.client, rep.Received)
}

// allowConfirmation takes one of the day's confirmations for the client and one for the
// address to, says whether both were there, and returns the counts it took. The counts
// are objects written by conditional writes, so two posts at once never share one; a
// count that cannot be read or written gives no confirmation, as promising one it cannot
// count is the cannon. When not both were there, it takes neither: a confirmation not
// sent is not counted.
func (s *Service) allowConfirmation(ctx context.Context, to, client string, at time.Time) (bool, []string) {
	day := at.UTC().Format("20060102")
	if client == "" {
		client = "unknown"
	}
	var taken []string
	for _, c := range []struct {
		who, value string
		max        int
	}{
		{"from", client, s.limits.PerClient},
		{"to", strings.ToLower(to), s.limits.PerRecipient},
	} {
		slot, err := s.takeSlot(ctx, LimitsPrefix+day+"/"+c.who+"/"+hashed(c.value)+"/", c.max)
		if err != nil {
			s.log.Error("counting confirmations; none is promised", "err", err)
		} else if slot == "" {
			s.log.Info("a confirmation limit is reached; none is promised", "limit", c.who)
		}
		if slot == "" {
			s.giveBack(ctx, taken)
			return false, nil
		}
		taken = append(taken, slot)
	}
	return true, taken
}

// takeSlot writes the first of max numbered objects under prefix that is not there yet,
// and returns its key, or "" when all were there.
func (s *Service) takeSlot(ctx context.Context, prefix string, max int) (string, error) {
	used, err := s.store.List(ctx, prefix)
	if err != nil {
		return "", err
	}
	for n := len(used); n < max; n++ {
		slot := prefix + strconv.Itoa(n)
		created, err := s.store.Create(ctx, slot, nil, nil)
		if err != nil {
			return "", err
		}
		if created {
			return slot, nil
		}
	}
	return "", nil
}

// giveBack returns counts taken for a confirmation that will not be sent by this post:
// its report was not filed, or a twin's promise stands for it. One that cannot be
// deleted stays counted, which errs on the side of the address's owner.
func (s *Service) giveBack(ctx context.Context, taken []string) {
	for _, slot := range taken {
		if err := s.store.Delete(ctx, slot); err != nil {
			s.log.Warn("returning a confirmation count", "err", err)
		}
	}
}

// hashed names a value in the store without writing it there.
func hashed(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

// Confirm sends the reporter of the stored report ref the confirmation promised to them,
// unless it was sent already, and records that it was (the marker confirm/<ref> goes). Like
// the desk's mail, one sender at a time holds it (a lease of its own), so it is sent once
// but for a crash between the send and the record. A confirmation the mailbox refuses for
// good, one the Worker can no longer send (no binding), and one not sent within
// policy.ConfirmationWithin of receipt are given up, logged. None of it touches the desk's
// mail.
func (s *Service) Confirm(ctx context.Context, ref string) error {
	if !IsReference(ref) {
		return fmt.Errorf("confirming: %q is not a reference", ref)
	}
	if _, err := s.store.Head(ctx, ConfirmPrefix+ref); errors.Is(err, ErrNotFound) {
		return nil // sent already
	} else if err != nil {
		return fmt.Errorf("confirming report %s: %w", ref, err)
	}
	rep, _, err := s.loadReport(ctx, ref)
	switch {
	case errors.Is(err, ErrNotFound):
		// Its filing failed, and the reporter was told so; or it was erased.
		return s.giveUpConfirmation(ctx, ref, "no report")
	case err != nil:
		return err
	case s.confirmer == nil:
		return s.giveUpConfirmation(ctx, ref, "confirmations are off")
	case s.now().Sub(rep.Received) > policy.ConfirmationWithin:
		return s.giveUpConfirmation(ctx, ref, "too late to confirm")
	}
	release, err := s.leaseOn(ctx, ConfirmingPrefix, ref)
	if err != nil {
		return err
	}
	defer release()
	if _, err := s.store.Head(ctx, ConfirmPrefix+ref); errors.Is(err, ErrNotFound) {
		return nil // sent by another in between
	} else if err != nil {
		return fmt.Errorf("confirming report %s: %w", ref, err)
	}
	msg, err := s.mail.Confirmation(rep)
	if err == nil {
		err = msg.Fits()
		if err == nil {
			err = s.confirmer.Send(ctx, msg)
		}
	}
	if email.Permanent(err) || (err != nil && msg == nil) {
		return s.giveUpConfirmation(ctx, ref, err.Error())
	}
	if err != nil {
		return fmt.Errorf("confirming report %s: %w", ref, err)
	}
	if err := s.store.Delete(ctx, ConfirmPrefix+ref); err != nil {
		return fmt.Errorf("recording report %s's confirmation sent: %w", ref, err)
	}
	s.log.Info("confirmation sent", "reference", ref)
	return nil
}

// giveUpConfirmation drops a confirmation that will never be sent, saying why.
func (s *Service) giveUpConfirmation(ctx context.Context, ref, why string) error {
	if err := s.store.Delete(ctx, ConfirmPrefix+ref); err != nil {
		return fmt.Errorf("dropping report %s's confirmation: %w", ref, err)
	}
	s.log.Error("confirmation given up", "reference", ref, "why", why)
	return nil
}

// sweepConfirmations sends the confirmations still waiting sweepAge after they were
// promised: a queue message lost or given up. At most sweepBatch a run.
func (s *Service) sweepConfirmations(ctx context.Context) {
	s.sweepWaiting(ctx, ConfirmPrefix, "confirmation", func(o Object) {
		ref := o.Key[len(ConfirmPrefix):]
		if err := s.Confirm(ctx, ref); err != nil {
			s.log.Warn("sweep: confirmation failed", "reference", ref, "err", err)
		}
	})
}

// sweepWaiting hands send each object under prefix that has waited sweepAge or more, in
// key order, at most sweepBatch a run: the messages to reporters whose queue message was
// lost or given up. what names them in the log.
func (s *Service) sweepWaiting(ctx context.Context, prefix, what string, send func(Object)) {
	waiting, err := s.store.List(ctx, prefix)
	if err != nil {
		s.log.Error("sweep: listing what waits", "what", what, "err", err)
		return
	}
	cutoff, tried := s.storeNow().Add(-s.sweepAge), 0
	for _, o := range waiting {
		if tried == sweepBatch {
			break
		}
		if o.Uploaded.After(cutoff) {
			continue
		}
		tried++
		send(o)
	}
}

// PendingConfirmations lists, for an operator, the confirmations not yet sent.
func (s *Service) PendingConfirmations(ctx context.Context) ([]Waiting, error) {
	objs, err := s.store.List(ctx, ConfirmPrefix)
	if err != nil {
		return nil, fmt.Errorf("listing confirmations: %w", err)
	}
	out := make([]Waiting, len(objs))
	for i, o := range objs {
		out[i] = Waiting{Reference: o.Key[len(ConfirmPrefix):], Since: o.Uploaded}
	}
	return out, nil
}
