package fake

import (
	"context"
	"sync"
)

// Limiter allows each key N requests, or fails while Err is set.
type Limiter struct {
	mu     sync.Mutex
	N      int
	counts map[string]int
	Err    error
}

func (l *Limiter) Allow(_ context.Context, key string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.Err != nil {
		return false, l.Err
	}
	if l.counts == nil {
		l.counts = map[string]int{}
	}
	l.counts[key]++
	return l.counts[key] <= l.N, nil
}
