// Package headers is the one list of security headers abusedesk sends: the site generator
// writes it into the static assets' _headers file, and the Worker puts it on its own
// answers, so a page is protected the same however it is served.
package headers

// Header is one HTTP response header.
type Header struct{ Name, Value string }

// CSP allows only the site's own files; the browser module needs 'wasm-unsafe-eval' to be
// compiled, and nothing needs inline script or style.
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// TurnstileOrigin is where Cloudflare Turnstile's script and its challenge frame come
// from.
const TurnstileOrigin = "https://challenges.cloudflare.com"

// TurnstileCSP is CSP with Turnstile's widget on the form: its script and its frame from
// TurnstileOrigin, as Cloudflare documents, and nothing else added.
const TurnstileCSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' " + TurnstileOrigin + "; style-src 'self'; " +
	"img-src 'self'; connect-src 'self'; frame-src " + TurnstileOrigin + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Security returns the headers every response carries; turnstile, when the form shows
// Turnstile's widget.
func Security(turnstile bool) []Header {
	csp := CSP
	if turnstile {
		csp = TurnstileCSP
	}
	return []Header{
		{"Content-Security-Policy", csp},
		{"Strict-Transport-Security", "max-age=63072000; includeSubDomains"},
		{"X-Content-Type-Options", "nosniff"},
		// Reporters' pages and reference numbers are nobody else's business.
		{"Referrer-Policy", "no-referrer"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
	}
}
