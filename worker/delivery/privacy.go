package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"abusedesk/content/policy"
	"abusedesk/schemas/report"
	"abusedesk/worker/email"
)

// What a reporter's personal data is owed: a confirmation of receipt, sent once and
// apart from the desk's mail; no more of them than a few a day to one address or from one
// client; nothing kept past the rules' retention, a report not yet delivered excepted;
// and erasure of one report on an operator's word.

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
	waiting, err := s.store.List(ctx, ConfirmPrefix)
	if err != nil {
		s.log.Error("sweep: listing confirmations", "err", err)
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
		ref := o.Key[len(ConfirmPrefix):]
		if err := s.Confirm(ctx, ref); err != nil {
			s.log.Warn("sweep: confirmation failed", "reference", ref, "err", err)
		}
	}
}

// ErrBusy is a report being mailed, to the desk or its reporter, at this moment: erasing it
// now could let the mail's record write it back. A minute later it is not.
var ErrBusy = errBusy

// Erase deletes everything kept of the report ref: the report, its files, the claim of its
// idempotency key, its markers (pending, dead letter, set aside, delivered, confirmation).
// It returns how many objects it deleted, ErrNotFound when there was nothing under the
// reference, or an error wrapping ErrBusy while a delivery or a confirmation holds it. A
// report not yet delivered is erased too, as an operator asks: it is then never mailed.
// The log names the reference alone.
func (s *Service) Erase(ctx context.Context, ref string) (int, error) {
	if !IsReference(ref) {
		return 0, fmt.Errorf("erasing %q: %w", ref, ErrNotFound)
	}
	n, err := s.erase(ctx, ref, false)
	if err != nil {
		return n, err
	}
	if n == 0 {
		return 0, fmt.Errorf("erasing report %s: %w", ref, ErrNotFound)
	}
	s.log.Warn("report erased by an operator", "reference", ref, "objects", n)
	return n, nil
}

// erase deletes what Erase does, holding both leases so no mail of the report is being
// sent meanwhile; onlyDelivered stops short of a report that is not marked delivered (the
// sweep of expired reports). It deletes what stops a mail first (the markers), what names
// the reporter next, the index last, so an erasure cut short is finished by the next.
func (s *Service) erase(ctx context.Context, ref string, onlyDelivered bool) (int, error) {
	for _, prefix := range []string{SendingPrefix, ConfirmingPrefix} {
		release, err := s.leaseOn(ctx, prefix, ref)
		if err != nil {
			return 0, fmt.Errorf("erasing report %s: %w", ref, err)
		}
		defer release()
	}
	h, err := s.held(ctx, ref)
	if err != nil {
		return 0, fmt.Errorf("erasing report %s: %w", ref, err)
	}
	if onlyDelivered && h.report != nil && h.report.Meta[MetaDelivered] == "" {
		return 0, fmt.Errorf("report %s is indexed as delivered but not marked so; kept", ref)
	}
	n := 0
	for _, key := range h.keys {
		if err := s.store.Delete(ctx, key); err != nil {
			return n, fmt.Errorf("erasing report %s: %w", ref, err)
		}
		n++
	}
	return n, nil
}

// holding is what the store keeps of one report: its object (nil when there is none), the
// report as stored, and the keys of every object kept of it, in the order erase deletes
// them.
type holding struct {
	report *Object
	filed  report.Filed
	keys   []string
}

// held finds every object kept of the report ref: its markers, its files, the claim of its
// key, the report itself and its index.
func (s *Service) held(ctx context.Context, ref string) (holding, error) {
	var h holding
	data, obj, err := s.store.Get(ctx, ReportKey(ref))
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return h, err
	default:
		h.report = &obj
		// A report unreadable is found all the same, its key left to expire.
		_ = json.Unmarshal(data, &h.filed)
	}
	candidates := []string{PendingPrefix + ref, ConfirmPrefix + ref}
	files, err := s.store.List(ctx, ReportsPrefix+ref+"/")
	if err != nil {
		return h, err
	}
	for _, f := range files {
		h.keys = append(h.keys, f.Key)
	}
	if strings.HasPrefix(h.filed.Key, KeysPrefix) {
		candidates = append(candidates, h.filed.Key)
	}
	if h.report != nil {
		candidates = append(candidates, ReportKey(ref))
	}
	for _, key := range append(candidates, DeadPrefix+ref, RefusedPrefix+ref, DeliveredPrefix+ref) {
		if key != ReportKey(ref) {
			if _, err := s.store.Head(ctx, key); errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return h, err
			}
		}
		h.keys = append(h.keys, key)
	}
	// What stops a mail goes first: the markers, before the files.
	slices.SortStableFunc(h.keys, func(a, b string) int {
		return rank(a, ref) - rank(b, ref)
	})
	return h, nil
}

// rank orders a report's objects for deletion: markers that start a mail, then files, the
// key's claim, the report, and last the markers that only record.
func rank(key, ref string) int {
	switch {
	case strings.HasPrefix(key, PendingPrefix), strings.HasPrefix(key, ConfirmPrefix):
		return 0
	case strings.HasPrefix(key, ReportsPrefix+ref+"/"):
		return 1
	case strings.HasPrefix(key, KeysPrefix):
		return 2
	case key == ReportKey(ref):
		return 3
	}
	return 4
}

// Held is what the store keeps of one report, for an operator answering who asks what is
// held or checking what an erasure or the retention left: counts and dates, nothing the
// reporter wrote.
type Held struct {
	Reference string
	// Received is when it was received; Delivered, when the abuse mailbox took it (zero
	// until then).
	Received, Delivered time.Time
	// Pending: still to be mailed; SetAside: refused by the mailbox for good;
	// Confirmation: the reporter's confirmation still to be sent.
	Pending, SetAside, Confirmation bool
	Files, Objects                  int
}

// Describe says what the store keeps of the report ref, or ErrNotFound when nothing.
func (s *Service) Describe(ctx context.Context, ref string) (Held, error) {
	if !IsReference(ref) {
		return Held{}, fmt.Errorf("describing %q: %w", ref, ErrNotFound)
	}
	h, err := s.held(ctx, ref)
	if err != nil {
		return Held{}, fmt.Errorf("describing report %s: %w", ref, err)
	}
	if len(h.keys) == 0 {
		return Held{}, fmt.Errorf("describing report %s: %w", ref, ErrNotFound)
	}
	d := Held{Reference: ref, Received: h.filed.Received, Objects: len(h.keys)}
	if h.report != nil {
		d.Delivered, _ = time.Parse(time.RFC3339, h.report.Meta[MetaDelivered])
	}
	for _, k := range h.keys {
		switch {
		case k == PendingPrefix+ref:
			d.Pending = true
		case k == RefusedPrefix+ref:
			d.SetAside = true
		case k == ConfirmPrefix+ref:
			d.Confirmation = true
		case strings.HasPrefix(k, ReportsPrefix+ref+"/"):
			d.Files++
		}
	}
	return d, nil
}

// expireBatch bounds the reports one sweep deletes, and purgeBatch the small objects
// (keys, counts, leases), so a run stays short; the rest go in the next.
const (
	expireBatch = 100
	purgeBatch  = 1000
)

// staleLease is how old a lease must be before the sweep deletes it: far past leaseTTL,
// so only one a crashed delivery left behind.
const staleLease = policy.Day

// Expire deletes what the retention rules no longer allow to be kept: each report
// delivered longer ago than Retention.DeliveredReports, with its files, key and markers;
// idempotency keys older than Retention.IdempotencyKeys; the confirmations' counts of days
// gone by; leases a crash left; dead-letter markers of reports delivered, set aside or
// gone. A report not yet delivered is never deleted: only the index of delivered reports
// names what may go. The sweep runs it; a failure is logged and left for the next run.
func (s *Service) Expire(ctx context.Context) {
	now := s.now()
	expired, kept := 0, 0
	delivered, err := s.store.List(ctx, DeliveredPrefix)
	if err != nil {
		s.log.Error("expiry: listing delivered reports", "err", err)
	}
	for _, o := range delivered {
		if expired == expireBatch {
			break
		}
		at, err := time.Parse(time.RFC3339, o.Meta[MetaDelivered])
		if err != nil || now.Sub(at) < s.retention.Reports() {
			kept++
			continue
		}
		ref := o.Key[len(DeliveredPrefix):]
		if _, err := s.erase(ctx, ref, true); err != nil {
			s.log.Warn("expiry: deleting a report", "reference", ref, "err", err)
			continue
		}
		expired++
	}
	purged := 0
	purge := func(prefix string, old func(Object) bool) {
		objs, err := s.store.List(ctx, prefix)
		if err != nil {
			s.log.Error("expiry: listing", "prefix", prefix, "err", err)
			return
		}
		for _, o := range objs {
			if purged == purgeBatch {
				return
			}
			if !old(o) {
				continue
			}
			if err := s.store.Delete(ctx, o.Key); err != nil {
				s.log.Warn("expiry: deleting", "prefix", prefix, "err", err)
				continue
			}
			purged++
		}
	}
	purge(KeysPrefix, func(o Object) bool { return now.Sub(o.Uploaded) >= s.retention.Keys() })
	yesterday := now.UTC().Add(-policy.Day).Format("20060102")
	purge(LimitsPrefix, func(o Object) bool {
		day, _, _ := strings.Cut(o.Key[len(LimitsPrefix):], "/")
		return day < yesterday
	})
	for _, prefix := range []string{SendingPrefix, ConfirmingPrefix} {
		purge(prefix, func(o Object) bool { return s.storeNow().Sub(o.Uploaded) >= staleLease })
	}
	purge(DeadPrefix, func(o Object) bool {
		report, err := s.store.Head(ctx, ReportKey(o.Key[len(DeadPrefix):]))
		return errors.Is(err, ErrNotFound) || err == nil && done(report)
	})
	s.log.Info("expiry done", "reports deleted", expired, "reports kept", kept, "objects deleted", purged)
}

// keepUndelivered rewrites, as they are, the objects of each report still waiting for the
// mailbox (pending, or set aside) once they are Retention.DeliveredReports days old, so the
// R2 lifecycle rule on reports/, which counts from an object's last write and cannot tell
// a delivered report from another, never takes one: nothing undelivered is deleted. At
// most sweepBatch reports a run; waiting that long is rare.
func (s *Service) keepUndelivered(ctx context.Context, pending []Object) {
	refused, err := s.store.List(ctx, RefusedPrefix)
	if err != nil {
		s.log.Error("keeping undelivered reports: listing those set aside", "err", err)
	}
	// The lifecycle rule counts on the store's clock.
	cutoff := s.storeNow().Add(-s.retention.Reports())
	kept := 0
	for _, o := range append(slices.Clone(pending), refused...) {
		if kept == sweepBatch {
			return
		}
		if o.Uploaded.After(cutoff) {
			// Its marker is younger than the age, and the report no older than its marker.
			continue
		}
		ref := o.Key[strings.IndexByte(o.Key, '/')+1:]
		obj, err := s.store.Head(ctx, ReportKey(ref))
		if err != nil || obj.Uploaded.After(cutoff) || obj.Meta[MetaDelivered] != "" {
			continue
		}
		if err := s.rewriteAll(ctx, ref); err != nil {
			s.log.Warn("keeping an undelivered report", "reference", ref, "err", err)
			continue
		}
		kept++
		s.log.Warn("an undelivered report rewritten to outlast the lifecycle rule", "reference", ref)
	}
}

// rewriteAll writes the report ref and its files again as they are, holding its lease so
// no delivery records it delivered meanwhile.
func (s *Service) rewriteAll(ctx context.Context, ref string) error {
	release, err := s.lease(ctx, ref)
	if err != nil {
		return err
	}
	defer release()
	files, err := s.store.List(ctx, ReportsPrefix+ref+"/")
	if err != nil {
		return err
	}
	for _, f := range files {
		r, err := s.store.Open(ctx, f.Key)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return err
		}
		if err := s.store.Put(ctx, f.Key, data, f.Meta); err != nil {
			return err
		}
	}
	data, obj, err := s.store.Get(ctx, ReportKey(ref))
	if err != nil {
		return err
	}
	if obj.Meta[MetaDelivered] != "" {
		return nil // delivered since: the retention counts from now on
	}
	return s.store.Put(ctx, ReportKey(ref), data, obj.Meta)
}

// LifecycleRule is one R2 object lifecycle rule: objects under Prefix are deleted Days
// after they were last written.
type LifecycleRule struct {
	ID     string
	Prefix string
	Days   int
}

// lifecycleMargin is how many days the lifecycle rules wait past the sweep's own
// deadlines: they are a backstop for a sweep that stopped, not the way things go.
const lifecycleMargin = 7

// LifecycleRules are the R2 lifecycle rules that match the retention r, for `make deploy`:
// each prefix whose objects the sweep deletes by age, a week later than the sweep would.
// None covers pending/, dead/ or refused/, and the rule on reports/ counts from a write the
// sweep renews for every report still undelivered at r.DeliveredReports days
// (keepUndelivered): nothing undelivered goes.
func LifecycleRules(r policy.Retention) []LifecycleRule {
	confirmDays := int(policy.ConfirmationWithin / policy.Day)
	return []LifecycleRule{
		{"abusedesk-reports", ReportsPrefix, r.DeliveredReports + lifecycleMargin},
		{"abusedesk-delivered-index", DeliveredPrefix, r.DeliveredReports + lifecycleMargin},
		{"abusedesk-idempotency-keys", KeysPrefix, r.IdempotencyKeys + lifecycleMargin},
		{"abusedesk-confirmations", ConfirmPrefix, confirmDays + lifecycleMargin},
		{"abusedesk-confirmation-counts", LimitsPrefix, 2 + lifecycleMargin},
		{"abusedesk-leases", SendingPrefix, 1 + lifecycleMargin},
		{"abusedesk-confirmation-leases", ConfirmingPrefix, 1 + lifecycleMargin},
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
