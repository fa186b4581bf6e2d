package delivery

import (
	"context"
	"fmt"
)

// claimKey gives the client's idempotency key the reference ref, unless an earlier post
// claimed it: then it returns that post's reference. The claim is a conditional write, so
// of two posts at the same moment one wins and the other gets its reference.
func (s *Service) claimKey(ctx context.Context, clientKey, ref string) (string, error) {
	key := KeyOf(clientKey)
	created, err := s.store.Create(ctx, key, []byte(ref))
	if err != nil {
		return "", fmt.Errorf("claiming idempotency key: %w", err)
	}
	if created {
		return "", nil
	}
	data, _, err := s.store.Get(ctx, key)
	if err != nil {
		return "", fmt.Errorf("reading idempotency key: %w", err)
	}
	if prior := string(data); IsReference(prior) {
		return prior, nil
	}
	return "", fmt.Errorf("idempotency key %s holds %q, not a reference", key, data)
}
