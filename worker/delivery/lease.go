package delivery

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// leaseTTL is how long a delivery may hold a report before another may take it over: far
// longer than a send takes, so only a delivery that died mid-way leaves one that old.
const leaseTTL = 2 * time.Minute

// errBusy is a report another delivery is mailing right now.
var errBusy = errors.New("another delivery is mailing it")

// lease lets one delivery at a time mail a report, so the queue and the sweep (or two
// retries) never send it side by side. It returns the function that gives it back.
func (s *Service) lease(ctx context.Context, ref string) (release func(), err error) {
	return s.leaseOn(ctx, SendingPrefix, ref)
}

// leaseOn is lease with the lease's object under prefix: SendingPrefix for the desk's
// mail, ConfirmingPrefix for the reporter's confirmation, which are sent apart.
func (s *Service) leaseOn(ctx context.Context, prefix, ref string) (release func(), err error) {
	key := prefix + ref
	for range 2 {
		created, err := s.store.Create(ctx, key, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("leasing report %s: %w", ref, err)
		}
		if created {
			return func() {
				if err := s.store.Delete(ctx, key); err != nil {
					s.log.Warn("giving back a lease; it expires", "reference", ref, "err", err)
				}
			}, nil
		}
		held, err := s.store.Head(ctx, key)
		if errors.Is(err, ErrNotFound) {
			continue // given back in between: try again
		}
		if err != nil {
			return nil, fmt.Errorf("leasing report %s: %w", ref, err)
		}
		if s.storeNow().Sub(held.Uploaded) < leaseTTL {
			return nil, fmt.Errorf("report %s: %w", ref, errBusy)
		}
		// Left by a delivery that died: take it over.
		if err := s.store.Delete(ctx, key); err != nil {
			return nil, fmt.Errorf("leasing report %s: %w", ref, err)
		}
	}
	return nil, fmt.Errorf("report %s: %w", ref, errBusy)
}
