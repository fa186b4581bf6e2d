package delivery

import (
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// Retention: nothing kept past the rules' periods, a report not yet delivered excepted,
// which the sweep keeps from the R2 lifecycle rules' reach.

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
// gone; and each case whose last step is older than Retention.CaseRecords, once its report
// is gone. A report not yet delivered is never deleted: only the index of delivered
// reports names what may go. The sweep runs it; a failure is logged and left for the next
// run.
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
	for _, prefix := range []string{SendingPrefix, ConfirmingPrefix, NotifyingPrefix} {
		purge(prefix, func(o Object) bool { return s.storeNow().Sub(o.Uploaded) >= staleLease })
	}
	purge(DeadPrefix, func(o Object) bool {
		report, err := s.store.Head(ctx, ReportKey(o.Key[len(DeadPrefix):]))
		return errors.Is(err, ErrNotFound) || err == nil && done(report)
	})
	cases := s.expireCases(ctx, now, purgeBatch-purged)
	s.log.Info("expiry done", "reports deleted", expired, "reports kept", kept, "objects deleted", purged, "cases deleted", cases)
}

// expireCases deletes, at most max objects of them, the cases whose last step (the last
// write of their head or a step: writtenAt) is older than Retention.CaseRecords and whose
// report is gone, with any notice marker a crash left of them; it writes again the objects
// of a case still kept that near the R2 lifecycle rule on cases/ (keepCase). It returns
// how many cases it deleted.
func (s *Service) expireCases(ctx context.Context, now time.Time, max int) int {
	objs, err := s.store.List(ctx, CasesPrefix)
	if err != nil {
		s.log.Error("expiry: listing cases", "err", err)
		return 0
	}
	// The store lists a case's head (cases/<ref>.json) and its steps (cases/<ref>/<n>)
	// together, by reference.
	byRef := map[string][]Object{}
	var refs []string
	for _, o := range objs {
		ref, _, _ := strings.Cut(strings.TrimSuffix(o.Key[len(CasesPrefix):], ".json"), "/")
		if byRef[ref] == nil {
			refs = append(refs, ref)
		}
		byRef[ref] = append(byRef[ref], o)
	}
	deleted := 0
	for _, ref := range refs {
		last := time.Time{}
		for _, o := range byRef[ref] {
			last = maxTime(last, writtenAt(o))
		}
		if len(byRef[ref]) > max {
			continue
		}
		if now.Sub(last) < s.retention.Cases() {
			max -= s.keepCase(ctx, ref, byRef[ref])
			continue
		}
		if _, err := s.store.Head(ctx, ReportKey(ref)); !errors.Is(err, ErrNotFound) {
			continue // the report's own retention goes first
		}
		notices, err := s.store.List(ctx, NoticePrefix+ref+"/")
		if err != nil {
			s.log.Warn("expiry: listing a case's notices", "reference", ref, "err", err)
			continue
		}
		// The machine reporter's listing, before the head that names the key.
		machine, err := s.machineOf(ctx, ref, report.Filed{})
		if err != nil {
			s.log.Warn("expiry: reading a case's head", "reference", ref, "err", err)
			continue
		}
		if machine != "" {
			notices = append(notices, Object{Key: MachineKey(machine, ref)})
		}
		for _, o := range append(notices, byRef[ref]...) {
			if err := s.store.Delete(ctx, o.Key); err != nil {
				s.log.Warn("expiry: deleting a case", "reference", ref, "err", err)
				break
			}
			max--
		}
		deleted++
	}
	return deleted
}

// keepCase writes again, as they are, the objects of the case of ref, still kept, that the
// store wrote Retention.CaseRecords ago or longer, and returns how many. The R2 lifecycle
// rule on cases/ counts from each object's own last write, so a case's head, written when
// its report was forwarded, would otherwise go CaseRecords and a week after that, though
// a later step keeps the case: nothing of a case goes before its last step's time is up.
// The rewritten object keeps its metadata, so its retention still counts from when the
// Service wrote it (writtenAt).
func (s *Service) keepCase(ctx context.Context, ref string, objs []Object) int {
	// The lifecycle rule counts on the store's clock.
	cutoff := s.storeNow().Add(-s.retention.Cases())
	kept := 0
	for _, o := range objs {
		if o.Uploaded.After(cutoff) {
			continue
		}
		data, obj, err := s.store.Get(ctx, o.Key)
		if err != nil {
			s.log.Warn("keeping a case", "reference", ref, "err", err)
			return kept
		}
		meta := maps.Clone(obj.Meta)
		if _, err := time.Parse(time.RFC3339, meta[metaAt]); err != nil {
			// Written before its objects said when: say it now, or the rewrite would
			// start its retention again.
			if meta == nil {
				meta = map[string]string{}
			}
			meta[metaAt] = obj.Uploaded.UTC().Format(time.RFC3339)
		}
		if err := s.store.Put(ctx, o.Key, data, meta); err != nil {
			s.log.Warn("keeping a case", "reference", ref, "err", err)
			return kept
		}
		kept++
	}
	if kept > 0 {
		s.log.Info("a case's old objects rewritten to outlast the lifecycle rule", "reference", ref, "objects", kept)
	}
	return kept
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
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
