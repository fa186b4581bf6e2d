// Package fake has in-memory stand-ins for what the Worker gets from Cloudflare, for the
// Go tests: a store that behaves as an R2 bucket, a queue and its broker, mailboxes and a
// rate limiter. Only test files import it; no build of the Worker links it (the failures
// the Worker's integration tests switch on are package faults').
package fake

import (
	"bytes"
	"context"
	"io"
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
	// FailOn, when set, is asked before each call ("put", "create", "get", "open",
	// "head", "list", "delete") on a key (a prefix for list) and fails the calls it
	// returns an error for: a fault on one object, as R2 has them now and then.
	FailOn func(op, key string) error
	// Hold, when set, is called before each call as FailOn is, but without the store's
	// lock: it may block, to hold one post's call back while another goes on, and so
	// test the orders concurrent posts can meet in.
	Hold func(op, key string)
	// Puts counts the writes, to prove a path stored nothing.
	Puts int
}

type object struct {
	data     []byte
	meta     map[string]string
	uploaded time.Time
}

var _ delivery.Store = (*Store)(nil)

// fault is the error a call op on key fails with, if any; s.mu is held.
func (s *Store) fault(op, key string) error {
	if s.Err != nil {
		return s.Err
	}
	if s.FailOn != nil {
		return s.FailOn(op, key)
	}
	return nil
}

// hold calls Hold, when set; s.mu is not held.
func (s *Store) hold(op, key string) {
	if s.Hold != nil {
		s.Hold(op, key)
	}
}

// NewStore returns an empty store whose clock is time.Now.
func NewStore() *Store {
	return &Store{objects: map[string]object{}, Now: time.Now}
}

func (s *Store) Put(_ context.Context, key string, data []byte, meta map[string]string) error {
	s.hold("put", key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fault("put", key); err != nil {
		return err
	}
	s.Puts++
	s.objects[key] = object{bytes.Clone(data), maps.Clone(meta), s.Now()}
	return nil
}

// Create checks and writes under one lock, as R2 does a conditional write: of two
// Creates at the same moment, one wins.
func (s *Store) Create(_ context.Context, key string, data []byte, meta map[string]string) (bool, error) {
	s.hold("create", key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fault("create", key); err != nil {
		return false, err
	}
	if _, exists := s.objects[key]; exists {
		return false, nil
	}
	s.Puts++
	s.objects[key] = object{bytes.Clone(data), maps.Clone(meta), s.Now()}
	return true, nil
}

func (s *Store) Get(_ context.Context, key string) ([]byte, delivery.Object, error) {
	return s.get("get", key)
}

func (s *Store) get(op, key string) ([]byte, delivery.Object, error) {
	s.hold(op, key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fault(op, key); err != nil {
		return nil, delivery.Object{}, err
	}
	o, ok := s.objects[key]
	if !ok {
		return nil, delivery.Object{}, delivery.ErrNotFound
	}
	return bytes.Clone(o.data), delivery.Object{Key: key, Uploaded: o.uploaded, Meta: maps.Clone(o.meta)}, nil
}

// Open reads the object's bytes without copying them: a Put replaces an object, never
// changes one in place.
func (s *Store) Open(_ context.Context, key string) (io.ReadCloser, error) {
	s.hold("open", key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fault("open", key); err != nil {
		return nil, err
	}
	o, ok := s.objects[key]
	if !ok {
		return nil, delivery.ErrNotFound
	}
	return io.NopCloser(bytes.NewReader(o.data)), nil
}

func (s *Store) Head(_ context.Context, key string) (delivery.Object, error) {
	_, o, err := s.get("head", key)
	return o, err
}

func (s *Store) List(_ context.Context, prefix string) ([]delivery.Object, error) {
	s.hold("list", prefix)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fault("list", prefix); err != nil {
		return nil, err
	}
	return s.list(prefix), nil
}

// list is every object under prefix; s.mu is held.
func (s *Store) list(prefix string) []delivery.Object {
	var out []delivery.Object
	for _, k := range slices.Sorted(maps.Keys(s.objects)) {
		if strings.HasPrefix(k, prefix) {
			o := s.objects[k]
			out = append(out, delivery.Object{Key: k, Uploaded: o.uploaded, Meta: maps.Clone(o.meta)})
		}
	}
	return out
}

func (s *Store) Delete(_ context.Context, key string) error {
	s.hold("delete", key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fault("delete", key); err != nil {
		return err
	}
	delete(s.objects, key)
	return nil
}

// Keys are the store's keys that start with prefix.
func (s *Store) Keys(prefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for _, o := range s.list(prefix) {
		keys = append(keys, o.Key)
	}
	return keys
}

// Snapshot is every object's bytes by key, to compare the store before and after.
func (s *Store) Snapshot() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.objects))
	for k, o := range s.objects {
		out[k] = string(o.data)
	}
	return out
}
