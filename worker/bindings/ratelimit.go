//go:build js && wasm

package bindings

import (
	"context"
	"fmt"
	"syscall/js"

	"abusedesk/worker/entry"
)

// RateLimiter counts requests through the rate-limiting binding of the given name
// (wrangler.jsonc's ratelimits), which holds the limit and the period.
type RateLimiter struct {
	binding string
}

// NewRateLimiter returns the limiter behind the named binding.
func NewRateLimiter(binding string) *RateLimiter { return &RateLimiter{binding: binding} }

// Allow counts one request against key and says whether it is within the limit.
func (l *RateLimiter) Allow(ctx context.Context, key string) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rate limit %s: %v", l.binding, r)
		}
	}()
	b := binding(ctx, l.binding)
	if b.IsUndefined() {
		return false, fmt.Errorf("rate limit: no binding named %s in the Worker's configuration", l.binding)
	}
	outcome, err := entry.Await(ctx, b.Call("limit", js.ValueOf(map[string]any{"key": key})))
	if err != nil {
		return false, fmt.Errorf("rate limit %s: %w", l.binding, err)
	}
	success := outcome.Get("success")
	if success.Type() != js.TypeBoolean {
		return false, fmt.Errorf("rate limit %s: the binding answered without success", l.binding)
	}
	return success.Bool(), nil
}
