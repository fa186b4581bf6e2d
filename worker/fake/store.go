// Package fake has in-memory stand-ins for what the Worker gets from Cloudflare, for
// tests: a store that behaves as an R2 bucket, a queue and its broker, mailboxes, a rate
// limiter and a Turnstile verifier. Flaky, which fails a share of a real mailbox's sends,
// is the one the Worker itself may use: only when the fault-injection test asks for it.
package fake

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"abusedesk/worker/delivery"
)

// Store is a delivery.Store in memory, as R2 behaves: it fails every call while Err is set.
type Store struct {
	mu      sync.Mutex
	objects map[string]object
	// Now dates the objects written.
	Now func() time.Time
	Err error
	// Puts counts the writes, to prove a path stored nothing.
	Puts int
}

type object struct {
	data     []byte
	meta     map[string]string
	uploaded time.Time
}

var _ delivery.Store = (*Store)(nil)

// NewStore returns an empty store whose clock is time.Now.
func NewStore() *Store {
	return &Store{objects: map[string]object{}, Now: time.Now}
}

func (s *Store) Put(_ context.Context, key string, data []byte, meta map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return s.Err
	}
	s.Puts++
	s.objects[key] = object{bytes.Clone(data), maps.Clone(meta), s.Now()}
	return nil
}

func (s *Store) Create(ctx context.Context, key string, data []byte) (bool, error) {
	s.mu.Lock()
	_, exists := s.objects[key]
	s.mu.Unlock()
	if exists {
		return false, nil
	}
	return true, s.Put(ctx, key, data, nil)
}

func (s *Store) Get(_ context.Context, key string) ([]byte, delivery.Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return nil, delivery.Object{}, s.Err
	}
	o, ok := s.objects[key]
	if !ok {
		return nil, delivery.Object{}, delivery.ErrNotFound
	}
	return bytes.Clone(o.data), delivery.Object{Key: key, Uploaded: o.uploaded, Meta: maps.Clone(o.meta)}, nil
}

func (s *Store) Head(ctx context.Context, key string) (delivery.Object, error) {
	_, o, err := s.Get(ctx, key)
	return o, err
}

func (s *Store) List(_ context.Context, prefix string) ([]delivery.Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return nil, s.Err
	}
	var out []delivery.Object
	for _, k := range slices.Sorted(maps.Keys(s.objects)) {
		if strings.HasPrefix(k, prefix) {
			o := s.objects[k]
			out = append(out, delivery.Object{Key: k, Uploaded: o.uploaded, Meta: maps.Clone(o.meta)})
		}
	}
	return out, nil
}

func (s *Store) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return s.Err
	}
	delete(s.objects, key)
	return nil
}

// Keys are the store's keys that start with prefix.
func (s *Store) Keys(prefix string) []string {
	objs, _ := s.List(context.Background(), prefix)
	var keys []string
	for _, o := range objs {
		keys = append(keys, o.Key)
	}
	return keys
}
