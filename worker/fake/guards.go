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

// Verifier accepts the Turnstile token "good", and fails with Err when set; it records
// what it was asked.
type Verifier struct {
	Err         error
	Tokens, IPs []string
}

func (v *Verifier) Verify(_ context.Context, token, ip string) (bool, error) {
	v.Tokens, v.IPs = append(v.Tokens, token), append(v.IPs, ip)
	return token == "good", v.Err
}
