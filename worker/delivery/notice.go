package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/policy"
	"abusedesk/schemas/report"
	"abusedesk/worker/email"
)

// A reporter's decision notice, as the EU DSA's Art. 16(5) asks: when the desk records a
// decision, the reporter who gave an address fit to write to is told it, in the report's
// language, by the path of the confirmation. Record stores the promise (the marker
// notify/<ref>/<n>, n the decision's step) before the decision itself, so a decision never
// stands without its notice waiting; a queue message (NoticeMessage) asks for it after the
// desk's mail and the confirmations; one sender at a time holds the report's notices (the
// lease notifying/<ref>); the queue retries a failed send and the sweep sends what the
// queue lost or gave up on; the marker goes once the notice is sent, so none is sent twice
// but for a crash between the send and the record. A correction, a decision recorded
// again, is a notice of its own that says so; a report's notices go in the order of their
// decisions.

// NoticeMessage starts the body of a delivery queue message that asks for a decision
// notice; the reference, a slash and the decision's step follow.
const NoticeMessage = "notify:"

// noticeWithin is how long the Worker goes on trying to send a notice, from when its
// decision was recorded: the confirmation's period (policy.ConfirmationWithin). A notice
// later than that tells the reporter nothing their status page has not; an address that
// refuses it that long is not worth more tries.
const noticeWithin = policy.ConfirmationWithin

// errEarlierNotice is a notice whose report has an earlier one still to send: it waits for
// it, so a correction never arrives before what it corrects.
var errEarlierNotice = errors.New("an earlier decision's notice goes first")

// NoticeKey is the marker of the notice of the decision at step n of the case of ref.
func NoticeKey(ref string, n int) string {
	return NoticePrefix + ref + "/" + fmt.Sprintf("%06d", n)
}

// NoticeSentKey is the case's record that the notice of the decision at step n was sent,
// and when (metaAt): part of the case, kept and erased with it.
func NoticeSentKey(ref string, n int) string {
	return CasesPrefix + ref + "/notice-" + fmt.Sprintf("%06d", n)
}

// notifies says whether a decision recorded in case c is told its reporter: the Worker
// writes to reporters (the CONFIRMATIONS binding), the report is still kept, a person sent
// it, and gave an address fit to write to. The others see it on their status page, or ask
// the API for it.
func (s *Service) notifies(c *Case) bool {
	if s.confirmer == nil || c.Report == nil || c.Report.Machine != nil {
		// A machine reporter asks the API (GET api.XARFStatusPath): its address is a
		// desk's, which a notice a report would flood.
		return false
	}
	_, ok := email.ConfirmationAddress(&c.Report.Report)
	return ok
}

// createStep writes data as step n of the case of ref unless the number is taken, and
// says whether it did. With notify, the step is a decision its reporter is told of: the
// notice's marker is written first, so no decision stands without its notice waiting, and
// taken back when the step is not written after all; a marker already there is another
// decision's on the number (or one a crash left), and the number counts as taken.
func (s *Service) createStep(ctx context.Context, ref string, n int, data []byte, notify bool) (bool, error) {
	if notify {
		promised, err := s.store.Create(ctx, NoticeKey(ref, n), nil, s.writtenNow())
		if err != nil || !promised {
			return false, err
		}
	}
	created, err := s.store.Create(ctx, StepKey(ref, n), data, s.writtenNow())
	if notify && (err != nil || !created) {
		s.withdrawNotice(ctx, ref, n)
	}
	return created, err
}

// withdrawNotice drops the marker of a notice whose decision was not recorded at step n
// after all. One that cannot be dropped is given up when it is tried: no decision stands
// at its step.
func (s *Service) withdrawNotice(ctx context.Context, ref string, n int) {
	if err := s.store.Delete(ctx, NoticeKey(ref, n)); err != nil {
		s.log.Warn("withdrawing a notice; it is given up when tried", "reference", ref, "step", n, "err", err)
	}
}

// queueNotice asks the queue for the notice of the decision at step n of ref; should that
// fail, the sweep sends it.
func (s *Service) queueNotice(ctx context.Context, ref string, n int) {
	if err := s.queue.Send(ctx, NoticeMessage+ref+"/"+strconv.Itoa(n)); err != nil {
		s.log.Error("queueing a decision notice; the sweep will send it", "reference", ref, "step", n, "err", err)
	}
}

// parseNotice reads what follows NoticeMessage: a reference, a slash and a step.
func parseNotice(s string) (ref string, n int, err error) {
	ref, step, ok := strings.Cut(s, "/")
	n, nerr := strconv.Atoi(step)
	if !ok || !IsReference(ref) || nerr != nil || n < 0 || strconv.Itoa(n) != step {
		return "", 0, fmt.Errorf("notifying: %q is not a reference and a step", s)
	}
	return ref, n, nil
}

// Notify sends the reporter of the report ref the notice of the decision at step n of its
// case, unless it was sent already, and records that it was (its marker goes). It waits
// (an error, so the queue tries again) while an earlier notice of the report is still to
// send. A notice whose report is gone (erased, or past its retention: its address with
// it), whose step holds no decision (a recording that failed half-way), that the Worker can
// no longer send (no binding), that the mailbox refuses for good, or that is still unsent
// noticeWithin after its decision is given up, logged.
func (s *Service) Notify(ctx context.Context, ref string, n int) error {
	if !IsReference(ref) || n < 0 {
		return fmt.Errorf("notifying: %q, step %d, is not a reference and a step", ref, n)
	}
	key := NoticeKey(ref, n)
	marker, err := s.store.Head(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return nil // sent already
	} else if err != nil {
		return fmt.Errorf("notifying report %s: %w", ref, err)
	}
	if err := s.noEarlierNotice(ctx, ref, key); err != nil {
		return err
	}
	rep, _, err := s.loadReport(ctx, ref)
	switch {
	case errors.Is(err, ErrNotFound):
		return s.giveUpNotice(ctx, ref, n, "no report")
	case err != nil:
		return err
	case s.confirmer == nil:
		return s.giveUpNotice(ctx, ref, n, "notices are off")
	case s.now().Sub(writtenAt(marker)) > noticeWithin:
		return s.giveUpNotice(ctx, ref, n, "too late to notify")
	}
	d, err := s.decisionAt(ctx, ref, n)
	if errors.Is(err, ErrNotFound) {
		return s.giveUpNotice(ctx, ref, n, "no decision at the step")
	} else if err != nil {
		return err
	}
	release, err := s.leaseOn(ctx, NotifyingPrefix, ref)
	if err != nil {
		return err
	}
	defer release()
	if _, err := s.store.Head(ctx, key); errors.Is(err, ErrNotFound) {
		return nil // sent by another in between
	} else if err != nil {
		return fmt.Errorf("notifying report %s: %w", ref, err)
	}
	msg, err := s.mail.DecisionNotice(rep, d)
	if err == nil {
		err = msg.Fits()
		if err == nil {
			err = s.confirmer.Send(ctx, msg)
		}
	}
	if email.Permanent(err) || (err != nil && msg == nil) {
		return s.giveUpNotice(ctx, ref, n, err.Error())
	}
	if err != nil {
		return fmt.Errorf("notifying report %s of step %d: %w", ref, n, err)
	}
	if err := s.store.Delete(ctx, key); err != nil {
		return fmt.Errorf("recording report %s's notice of step %d sent: %w", ref, n, err)
	}
	// The case's record of it, after the marker is gone: one that fails loses a record,
	// never sends the notice again.
	if err := s.store.Put(ctx, NoticeSentKey(ref, n), nil, s.writtenNow()); err != nil {
		s.log.Warn("recording a notice sent in its case", "reference", ref, "step", n, "err", err)
	}
	s.log.Info("decision notice sent", "reference", ref, "step", n)
	return nil
}

// noEarlierNotice fails with errEarlierNotice while the report ref has a notice to send
// before the one whose marker is key.
func (s *Service) noEarlierNotice(ctx context.Context, ref, key string) error {
	waiting, err := s.store.List(ctx, NoticePrefix+ref+"/")
	if err != nil {
		return fmt.Errorf("notifying report %s: %w", ref, err)
	}
	if len(waiting) > 0 && waiting[0].Key < key {
		return fmt.Errorf("notifying report %s: %w", ref, errEarlierNotice)
	}
	return nil
}

// decisionAt reads the decision at step n of the case of ref, and when the decision before
// it was recorded, if there was one: that is the decision it corrects. ErrNotFound when
// the step holds no decision.
func (s *Service) decisionAt(ctx context.Context, ref string, n int) (email.Notice, error) {
	d := email.Notice{Step: n}
	steps, err := s.store.List(ctx, CasesPrefix+ref+"/")
	if err != nil {
		return d, fmt.Errorf("notifying report %s: %w", ref, err)
	}
	found := false
	for _, o := range steps {
		if !isStepKey(ref, o.Key) || o.Key > StepKey(ref, n) {
			continue
		}
		data, _, err := s.store.Get(ctx, o.Key)
		if err != nil {
			return d, fmt.Errorf("notifying report %s: %w", ref, err)
		}
		var ev report.Event
		if err := json.Unmarshal(data, &ev); err != nil {
			return d, fmt.Errorf("notifying report %s: step %s: %w", ref, strings.TrimPrefix(o.Key, CasesPrefix), err)
		}
		if ev.State != report.Decided {
			continue
		}
		if o.Key == StepKey(ref, n) {
			d.Event, found = ev, true
		} else {
			d.Corrects = ev.At
		}
	}
	if !found {
		return d, ErrNotFound
	}
	return d, nil
}

// giveUpNotice drops a notice that will never be sent, saying why.
func (s *Service) giveUpNotice(ctx context.Context, ref string, n int, why string) error {
	if err := s.store.Delete(ctx, NoticeKey(ref, n)); err != nil {
		return fmt.Errorf("dropping report %s's notice of step %d: %w", ref, n, err)
	}
	s.log.Error("decision notice given up", "reference", ref, "step", n, "why", why)
	return nil
}

// sweepNotices sends the notices still waiting sweepAge after their decision was recorded:
// a queue message lost or given up. At most sweepBatch a run, a report's in the order of
// its decisions.
func (s *Service) sweepNotices(ctx context.Context) {
	s.sweepWaiting(ctx, NoticePrefix, "decision notice", func(o Object) {
		ref, step, _ := strings.Cut(o.Key[len(NoticePrefix):], "/")
		n, err := strconv.Atoi(step)
		if err != nil || n < 0 || !IsReference(ref) || NoticeKey(ref, n) != o.Key {
			s.log.Error("sweep: a notice's marker names no step; dropped", "key", o.Key)
			if err := s.store.Delete(ctx, o.Key); err != nil {
				s.log.Warn("sweep: dropping a notice's marker", "err", err)
			}
			return
		}
		if err := s.Notify(ctx, ref, n); err != nil {
			s.log.Warn("sweep: decision notice failed", "reference", ref, "step", n, "err", err)
		}
	})
}

// writtenAt is when the Service wrote an object that records it (metaAt), on its own clock;
// for one without, when the store last wrote it.
func writtenAt(o Object) time.Time {
	if at, err := time.Parse(time.RFC3339, o.Meta[metaAt]); err == nil {
		return at
	}
	return o.Uploaded
}
