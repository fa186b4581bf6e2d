package intake

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"abusedesk/schemas/api"
)

// RateLimiter counts requests by key and says whether one more is allowed now. In the
// Worker it is Cloudflare's rate-limiting binding (package bindings), whose counts are
// kept per location and are approximate: enough to stop a flood, never a quota.
type RateLimiter interface {
	Allow(ctx context.Context, key string) (bool, error)
}

// limit is a RateLimiter and the length of the window it counts in, which is how long a
// refused client is told to wait.
type limit struct {
	limiter RateLimiter
	window  time.Duration
}

// WithReportLimit throttles reports by client address: l counts them in windows of the
// given length. Without it, reports are not throttled.
func WithReportLimit(l RateLimiter, window time.Duration) Option {
	return func(h *Handler) { h.reportLimit = limit{l, window} }
}

// WithTypoLimit throttles typo notes by client address, as WithReportLimit does reports.
func WithTypoLimit(l RateLimiter, window time.Duration) Option {
	return func(h *Handler) { h.typoLimit = limit{l, window} }
}

// clientKey names the client a request counts against: its address, as Cloudflare puts it
// in CF-Connecting-IP (replacing whatever the client sent). An IPv6 client counts by its
// /64, the block one subscriber usually has, so it cannot escape the limit by changing
// address within it.
func clientKey(r *http.Request) string {
	ip, err := netip.ParseAddr(r.Header.Get("CF-Connecting-IP"))
	if err != nil {
		// Not behind Cloudflare: everyone without an address shares one count.
		return "unknown"
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// throttle answers 429 when the client has used up l, failing as fail words it, and
// otherwise lets the request through to next. A limiter that fails lets the request
// through, logged: losing a report to a broken counter is worse than a flood getting
// through for a while. The answer is in the visitor's language, since the body, which
// names one, is not read.
func (h *Handler) throttle(l limit, fail failFunc, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if l.limiter != nil {
			ok, err := l.limiter.Allow(r.Context(), clientKey(r))
			switch {
			case err != nil:
				h.log.Error("rate limiter failed; the request is let through", "path", r.URL.Path, "err", err)
			case !ok:
				h.log.Info("rate limited", "path", r.URL.Path)
				w.Header().Set("Retry-After", strconv.Itoa(int((l.window+time.Second-1)/time.Second)))
				fail(w, r, h.langs.Best(r), api.Outcomes.RateLimited)
				return
			}
		}
		next(w, r)
	}
}
